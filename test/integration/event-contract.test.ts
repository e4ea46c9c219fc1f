/**
 * Events have one definition (src/events/record.ts) but two writers: the claim writes the
 * CREATE_IN_PROGRESS events of creates that start in it, the commit path writes every other event.
 * This test proves both decode from Neo4j to the same record, equal to what the engine published.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackOperations } from '../../src/engine/stack-operations.ts';
import { eventRecordSchema, type EventRecord } from '../../src/events/record.ts';
import { createLogger } from '../../src/log.ts';
import { claimItems } from '../../src/store/claims.ts';
import { commit } from '../../src/store/commits.ts';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrations.ts';
import { Reads } from '../../src/store/reads.ts';
import { testDatabase, testOperations, uniqueName, uniqueTenant } from '../support/app.ts';
import { hot } from '../support/stacks.ts';

const log = createLogger('silent');
let db: Database;
let ops: StackOperations;
const published: EventRecord[] = [];

beforeAll(async () => {
  db = testDatabase();
  await migrate(db, log);
  const spy = {
    publish: (events: readonly EventRecord[]) => published.push(...events),
    publishReadiness: () => {},
  };
  ops = testOperations(db, spy);
});
afterAll(async () => db?.close());

describe('the event contract', () => {
  it('decodes events written by the claim and by the commit path to the record the engine published', async () => {
    const tenant = uniqueTenant();
    const { id: stackId } = await ops.createStack({
      tenant,
      name: uniqueName(),
      template: hot({ a: { type: 'OS::Heat::None' }, b: { type: 'OS::Heat::None', depends_on: ['a'] } }),
    });
    const claim = await claimItems(db, {
      owner: 'contract',
      token: randomUUID(),
      limit: 10,
      leaseMs: 60_000,
      tenants: [tenant],
      now: Date.now(),
    });
    published.push(...claim.events);
    expect(claim.events.map((e) => [e.resourceName, e.status])).toEqual([['a', 'CREATE_IN_PROGRESS']]);
    const [item] = claim.items;
    const finished = await commit(
      db,
      [
        {
          kind: 'finish',
          item: { id: item!.id, stackId, token: item!.token, actionTraversal: item!.actionTraversal },
          set: { status: 'CREATE_COMPLETE', observedReady: true },
          workState: 'DONE',
          observed: true,
          event: {
            status: 'CREATE_COMPLETE',
            reason: 'State changed',
            resourceId: item!.id,
            resourceName: 'a',
            observedReady: true,
            physicalResourceId: 'phys-a',
            version: 1,
          },
        },
      ],
      Date.now(),
    );
    published.push(...finished.events);

    const stored = (await new Reads(db).events(stackId, 0, 100)).map(({ operation, ...e }) =>
      eventRecordSchema.parse({ ...e, traversal: operation }),
    );
    const mine = published.filter((e) => e.stackId === stackId).sort((x, y) => x.seq - y.seq);
    // Stack CREATE_IN_PROGRESS (command), a CREATE_IN_PROGRESS (claim), a CREATE_COMPLETE (commit).
    expect(stored.map((e) => [e.seq, e.type, e.resourceName, e.status])).toEqual([
      [1, 'STACK', null, 'CREATE_IN_PROGRESS'],
      [2, 'RESOURCE', 'a', 'CREATE_IN_PROGRESS'],
      [3, 'RESOURCE', 'a', 'CREATE_COMPLETE'],
    ]);
    expect(stored).toEqual(mine.map((e) => eventRecordSchema.parse(e)));
  });
});
