/**
 * Neo4j reads at read committed: a node rewritten while a statement projects it can come back
 * without a property. `Database.readWhole` repeats such a read; these tests drive it with a
 * predicate that decides what "whole" means, against the real server.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { testDatabase } from '../support/app.ts';

let db: Database;
// A stack node of its own (no tenant, no name: nothing else lists it), read back by id.
const id = `whole-reads-${randomUUID()}`;
beforeAll(async () => {
  db = testDatabase();
  await db.runText('CREATE (:Stack {id: $id, status: $status})', { id, status: 'CREATE_COMPLETE' });
});
afterAll(async () => {
  await db?.runText('MATCH (s:Stack {id: $id}) DELETE s', { id });
  await db?.close();
});

describe('Database.readWhole', () => {
  type Row = { stack: { id: string; status: string } };
  const read = (whole: (row: Row) => boolean) =>
    db.readWhole<Row>('read/stacks-by-ids', { ids: [id] }, whole);

  it('answers the first read when every row is whole, without repeating it', async () => {
    const before = db.tornReads;
    let reads = 0;
    const rows = await read((row) => ++reads > 0 && row.stack.status === 'CREATE_COMPLETE');
    expect(rows.map((r) => r.stack.id)).toEqual([id]);
    expect(reads).toBe(1);
    expect(db.tornReads).toBe(before);
  });

  it('repeats a read whose row came back incomplete, and answers the whole one', async () => {
    const before = db.tornReads;
    let reads = 0;
    // The row is judged incomplete the first time only.
    const rows = await read(() => ++reads > 1);
    expect(rows.map((r) => r.stack.id)).toEqual([id]);
    expect(reads).toBe(2);
    expect(db.tornReads).toBe(before + 1);
  });

  it('gives up with a clear error when the row stays incomplete', async () => {
    let reads = 0;
    await expect(read(() => ++reads < 0)).rejects.toThrow(
      /read\/stacks-by-ids: a row was still incomplete after 4 reads/,
    );
    expect(reads).toBe(4);
  });
});
