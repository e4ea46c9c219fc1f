import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitEntry } from '../../src/convergence/settlement.ts';
import { claimItems } from '../../src/store/claims.ts';
import { commit } from '../../src/store/commits.ts';
import type { StackOperations } from '../../src/engine/stack-operations.ts';
import { createLogger } from '../../src/log.ts';
import { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrations.ts';
import { neo4jTarget, testDatabase, testOperations, uniqueName, uniqueTenant } from '../support/app.ts';
import { hot } from '../support/stacks.ts';

const log = createLogger('silent');
let db: Database;
let ops: StackOperations;

beforeAll(async () => {
  db = testDatabase();
  await migrate(db, log);
  ops = testOperations(db);
});
afterAll(async () => db?.close());

describe('claims', () => {
  it('never give one item to two claimers, however many claim at once', async () => {
    const tenant = uniqueTenant();
    const resources = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`r${i}`, { type: 'OS::Heat::None' }]),
    );
    await ops.createStack({ tenant, name: uniqueName(), template: hot(resources) });
    // Eight claimers on separate driver connections, each taking small batches until nothing is left.
    const claimers = Array.from({ length: 8 }, () => new Database({ ...neo4jTarget(), log }));
    const won = new Map<string, string[]>();
    await Promise.all(
      claimers.map(async (claimer, n) => {
        for (;;) {
          const { items } = await claimItems(claimer, {
            owner: `claimer-${n}`,
            token: randomUUID(),
            limit: 7,
            leaseMs: 60_000,
            tenants: [tenant],
            now: Date.now(),
          });
          if (items.length === 0) break;
          for (const item of items) won.set(item.id, [...(won.get(item.id) ?? []), `claimer-${n}`]);
        }
      }),
    );
    await Promise.all(claimers.map((c) => c.close()));
    expect(won.size).toBe(400);
    const doubles = [...won.entries()].filter(([, owners]) => owners.length > 1);
    expect(doubles).toEqual([]);
    const winners = new Set([...won.values()].flat());
    expect(winners.size).toBeGreaterThan(1);
    const batches = await db.runText(
      `MATCH (s:Stack {tenant: $tenant}) MATCH (b:EventBatch {stackId: s.id})
       UNWIND range(b.first, b.last) AS seq RETURN count(seq) AS n, count(DISTINCT seq) AS distinct, max(seq) AS max`,
      { tenant },
    );
    // One stack event plus one CREATE_IN_PROGRESS per claim, numbered without gaps or repeats.
    expect(batches[0]).toEqual({ n: 401, distinct: 401, max: 401 });
  });

  it('respect a per-stack concurrency cap', async () => {
    const tenant = uniqueTenant();
    const resources = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`r${i}`, { type: 'OS::Heat::None' }]),
    );
    await ops.createStack({ tenant, name: uniqueName(), template: hot(resources), concurrency: 3 });
    const first = await claimItems(db, {
      owner: 'w',
      token: randomUUID(),
      limit: 100,
      leaseMs: 60_000,
      tenants: [tenant],
      now: Date.now(),
    });
    expect(first.items).toHaveLength(3);
    const second = await claimItems(db, {
      owner: 'w',
      token: randomUUID(),
      limit: 100,
      leaseMs: 60_000,
      tenants: [tenant],
      now: Date.now(),
    });
    expect(second.items).toHaveLength(0);
  });

  it('let tenants take turns whatever their number of stacks, and skip a tenant at its share', async () => {
    const many = uniqueTenant('many');
    const one = uniqueTenant('one');
    const resources = Object.fromEntries(
      Array.from({ length: 4 }, (_, i) => [`r${i}`, { type: 'OS::Heat::None' }]),
    );
    for (let i = 0; i < 3; i++)
      await ops.createStack({ tenant: many, name: uniqueName(), template: hot(resources) });
    await ops.createStack({ tenant: one, name: uniqueName(), template: hot(resources) });
    const claim = async (extra: { maxPerTenant?: number; tenantLoads?: Map<string, number> } = {}) =>
      (
        await claimItems(db, {
          owner: 'w',
          token: randomUUID(),
          limit: 1,
          leaseMs: 60_000,
          tenants: [many, one],
          now: Date.now(),
          ...extra,
        })
      ).items.map((i) => i.stack.tenant);
    // First-come by stack would serve `many` three times before `one`; by tenant they alternate.
    const order = [];
    for (let i = 0; i < 4; i++) order.push(...(await claim()));
    expect(order.filter((t) => t === one)).toHaveLength(2);
    expect(order[0]).not.toBe(order[1]);
    // A tenant this claimer already gives its whole share is left out; one below it gets its room.
    const skipping = await claim({ maxPerTenant: 2, tenantLoads: new Map([[one, 2]]) });
    expect(skipping).toEqual([many]);
    const roomy = await claimItems(db, {
      owner: 'w',
      token: randomUUID(),
      limit: 10,
      leaseMs: 60_000,
      tenants: [one],
      maxPerTenant: 3,
      tenantLoads: new Map([[one, 2]]),
      now: Date.now(),
    });
    expect(roomy.items).toHaveLength(1);
  });

  it('take items of several stacks of a tenant in one claim, and give a stack its turn back when the room ran out', async () => {
    const tenant = uniqueTenant();
    const two = Object.fromEntries(
      Array.from({ length: 2 }, (_, i) => [`r${i}`, { type: 'OS::Heat::None' }]),
    );
    const names = Array.from({ length: 5 }, () => uniqueName());
    for (const name of names) await ops.createStack({ tenant, name, template: hot(two) });
    const claim = async (
      limit: number,
      extra: { maxPerTenant?: number; tenantLoads?: Map<string, number> } = {},
    ) =>
      (
        await claimItems(db, {
          owner: 'w',
          token: randomUUID(),
          limit,
          leaseMs: 60_000,
          tenants: [tenant],
          now: Date.now(),
          ...extra,
        })
      ).items;
    const stackOf = (items: Awaited<ReturnType<typeof claim>>) => [
      ...new Set(items.map((i) => i.stack.name)),
    ];
    // The tenant's room (3) stops the claim inside its second stack: the stacks after it keep their turn.
    const first = await claim(100, { maxPerTenant: 3, tenantLoads: new Map() });
    expect(first).toHaveLength(3);
    const served = stackOf(first);
    expect(served).toHaveLength(2);
    // The next claim serves the three untouched stacks first (their turn was kept), in one round trip.
    const second = await claim(6);
    expect(second).toHaveLength(6);
    const secondStacks = stackOf(second);
    expect(secondStacks.filter((n) => !served.includes(n))).toHaveLength(3);
    // Everything is claimed exactly once, and each stack's events stay numbered without gaps.
    const rest = await claim(100);
    const all = [...first, ...second, ...rest].map((i) => i.id);
    expect(all).toHaveLength(10);
    expect(new Set(all).size).toBe(10);
    const seqs = await db.runText(
      `MATCH (s:Stack {tenant: $tenant}) MATCH (b:EventBatch {stackId: s.id})
       UNWIND range(b.first, b.last) AS seq
       WITH s, count(seq) AS n, count(DISTINCT seq) AS distinct, max(seq) AS max
       RETURN collect([n, distinct, max]) AS perStack`,
      { tenant },
    );
    expect(seqs[0]!.perStack).toEqual(Array.from({ length: 5 }, () => [3, 3, 3]));
  });

  it('apply a finish once, even when a batch carries it twice', async () => {
    const tenant = uniqueTenant();
    const name = uniqueName();
    await ops.createStack({
      tenant,
      name,
      template: hot({ a: { type: 'OS::Heat::None' }, b: { type: 'OS::Heat::None' } }),
    });
    const { items } = await claimItems(db, {
      owner: 'w',
      token: randomUUID(),
      limit: 1,
      leaseMs: 60_000,
      tenants: [tenant],
      now: Date.now(),
    });
    expect(items).toHaveLength(1);
    const item = items[0]!;
    const finish = completion(item);
    const result = await commit(db, [finish, { ...finish }], Date.now());
    expect(result.results.map((e) => e.applied)).toEqual([true, false]);
    // Counted once: the stack still waits for its other resource.
    expect(await completions(tenant)).toEqual({
      stack: 'CREATE_IN_PROGRESS',
      observed: 1,
      completed: [item.name],
    });
  });

  // A worker whose lease expired (say, renewals failed while Neo4j was away) may still finish its
  // action while the item's next holder, which may be the same process, finishes too. Both can
  // meet in one batch: only the current lease's finish may count, whatever their order.
  for (const order of ['stale first', 'current first'] as const) {
    it(`apply only the current lease's finish when a stale one shares its batch (${order})`, async () => {
      const tenant = uniqueTenant();
      await ops.createStack({
        tenant,
        name: uniqueName(),
        template: hot({ a: { type: 'OS::Heat::None' }, b: { type: 'OS::Heat::None' } }),
      });
      const first = (
        await claimItems(db, {
          owner: 'w',
          token: randomUUID(),
          limit: 1,
          leaseMs: 60_000,
          tenants: [tenant],
          now: Date.now(),
        })
      ).items[0]!;
      const expired = await commit(db, [{ kind: 'expire', item: refOf(first), force: true }], Date.now());
      expect(expired.results[0]!.applied).toBe(true);
      const again = (
        await claimItems(db, {
          owner: 'w',
          token: randomUUID(),
          limit: 2,
          leaseMs: 60_000,
          tenants: [tenant],
          now: Date.now(),
        })
      ).items;
      const second = again.find((i) => i.id === first.id)!;
      expect(second.token).not.toBe(first.token);
      const stale = completion(first);
      const current = completion(second);
      const batch = order === 'stale first' ? [stale, current] : [current, stale];
      const result = await commit(db, batch, Date.now());
      expect(result.results.map((e) => e.applied)).toEqual(
        order === 'stale first' ? [false, true] : [true, false],
      );
      expect(await completions(tenant)).toEqual({
        stack: 'CREATE_IN_PROGRESS',
        observed: 1,
        completed: [first.name],
      });
      const [state] = await db.runText(
        'MATCH (r:Resource {id: $id}) RETURN r.workState AS workState, r.leaseToken AS token',
        { id: first.id },
      );
      expect(state).toEqual({ workState: 'DONE', token: null });
    });
  }
});

type Claimed = Awaited<ReturnType<typeof claimItems>>['items'][number];

function refOf(item: Claimed) {
  return { id: item.id, stackId: item.stack.id, token: item.token, actionTraversal: item.actionTraversal };
}

function completion(item: Claimed): CommitEntry {
  return {
    kind: 'finish',
    item: refOf(item),
    set: { status: 'CREATE_COMPLETE', observedReady: true },
    workState: 'DONE',
    observed: true,
    event: {
      status: 'CREATE_COMPLETE',
      reason: 'State changed',
      resourceId: item.id,
      resourceName: item.name,
      observedReady: true,
      physicalResourceId: null,
      version: item.version,
    },
  };
}

/** The stack's status, its observed count and the resources with a CREATE_COMPLETE event. */
async function completions(tenant: string) {
  const rows = await db.runText(
    `MATCH (s:Stack {tenant: $tenant}) MATCH (b:EventBatch {stackId: s.id})
     UNWIND range(0, size(b.status) - 1) AS i
     WITH s, b.resourceName[i] AS resource, b.status[i] AS status WHERE status = 'CREATE_COMPLETE'
     RETURN s.status AS stack, s.observedCount AS observed, collect(resource) AS completed`,
    { tenant },
  );
  return rows[0];
}
