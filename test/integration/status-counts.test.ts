import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrations.ts';
import type { Database } from '../../src/store/database.ts';
import { createLogger } from '../../src/log.ts';
import { startTestApp, testDatabase, uniqueName, type TestApp } from '../support/app.ts';
import { createStack, hot, mutate, waitForStack } from '../support/stacks.ts';

let app: TestApp;
let db: Database;

beforeAll(async () => {
  app = await startTestApp({ RETRY_LIMIT: '0' });
  db = testDatabase();
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

/** The tenant's live stacks per status, two ways: the counters the engine keeps, and a scan. */
async function countsOf(tenant: string) {
  const counted = await db.runText(
    `MATCH (k:StackStatusCount {tenant: $tenant})
     WITH k.status AS status, sum(k.count) AS count WHERE count <> 0 RETURN status, count`,
    { tenant },
  );
  const scanned = await db.runText(
    `MATCH (s:Stack {tenant: $tenant}) WHERE s.liveName IS NOT NULL
     RETURN s.status AS status, count(*) AS count`,
    { tenant },
  );
  const asMap = (rows: Array<Record<string, unknown>>) =>
    Object.fromEntries(rows.map((r) => [r.status as string, Number(r.count)] as const).sort()) as Record<
      string,
      number
    >;
  return { counted: asMap(counted), scanned: asMap(scanned) };
}

const settled = (s: Record<string, any>) => !String(s.status).endsWith('_IN_PROGRESS');

describe('live stacks per status are counted, not scanned, and the counts stay true', () => {
  it(
    'follows creates, failures, updates and deletes of stacks converging at once',
    { timeout: 400_000 },
    async () => {
      const names = Array.from({ length: 6 }, () => uniqueName());
      const failing = hot({ broken: { type: 'OS::Heat::TestResource', properties: { fail: true } } });
      const fine = hot({ a: { type: 'OS::Heat::None' }, b: { type: 'OS::Heat::None', depends_on: ['a'] } });
      await Promise.all(
        names.map((name, i) =>
          createStack(app.url, { name, template: i === 0 ? failing : fine, disableRollback: true }),
        ),
      );
      await Promise.all(names.map((name) => waitForStack(app.url, name, settled, 180_000)));
      // Some are updated, one is deleted, all at once.
      await Promise.all([
        mutate(app.url, 'updateStack', { name: names[1], template: hot({ c: { type: 'OS::Heat::None' } }) }),
        mutate(app.url, 'updateStack', { name: names[2], template: failing, disableRollback: true }),
        mutate(app.url, 'deleteStack', { name: names[3] }),
      ]);
      // A deleted stack's history stays readable by name, DELETE_COMPLETE.
      await Promise.all(names.map((name) => waitForStack(app.url, name, settled, 180_000)));
      const { counted, scanned } = await countsOf(app.tenant);
      expect(counted).toEqual(scanned);
      expect(counted).toMatchObject({
        CREATE_COMPLETE: 2,
        CREATE_FAILED: 1,
        UPDATE_COMPLETE: 1,
        UPDATE_FAILED: 1,
      });
      expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBe(5);
    },
  );

  it('initialises the counters from the stacks once, when the migration first runs', async () => {
    const { scanned } = await countsOf(app.tenant);
    // A database from before the counters: none, and the migration not recorded.
    await db.runText("MATCH (m:Migration {id: '004-stack-status-counts.cypher'}) DELETE m");
    await db.runText('MATCH (k:StackStatusCount {tenant: $tenant}) DELETE k', { tenant: app.tenant });
    await migrate(db, createLogger('silent'));
    expect((await countsOf(app.tenant)).counted).toEqual(scanned);
    // Applied again (as every process start does), it leaves the counts alone.
    await db.runText('MATCH (k:StackStatusCount {tenant: $tenant}) SET k.count = k.count + 100', {
      tenant: app.tenant,
    });
    await migrate(db, createLogger('silent'));
    const after = (await countsOf(app.tenant)).counted;
    expect(Object.values(after).every((n) => n >= 100)).toBe(true);
  });
});
