import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimItems, type ClaimedItem } from '../../src/store/claims.ts';
import { commit } from '../../src/store/commits.ts';
import type { StackOperations } from '../../src/engine/stack-operations.ts';
import { createLogger } from '../../src/log.ts';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrations.ts';
import { Reads } from '../../src/store/reads.ts';
import { testDatabase, testOperations, uniqueName, uniqueTenant } from '../support/app.ts';
import { hot } from '../support/stacks.ts';

let db: Database;
let ops: StackOperations;
let reads: Reads;
const log = createLogger('silent');

beforeAll(async () => {
  db = testDatabase();
  await migrate(db, log);
  ops = testOperations(db);
  reads = new Reads(db);
});
afterAll(async () => db?.close());

const none = (depends_on: string[] = []) => ({
  type: 'OS::Heat::None',
  ...(depends_on.length ? { depends_on } : {}),
});

/** Persists a stack (no workers run here) and returns handles to inspect and advance its graph. */
async function persist(resources: Record<string, unknown>) {
  const tenant = uniqueTenant();
  const name = uniqueName();
  const { id } = await ops.createStack({ tenant, name, template: hot(resources) });
  const version = (await reads.currentVersions([id])).get(id)!;
  const frontier = async () => (await reads.frontier(id, version.id)).map((r) => r.name).sort();
  /** The definition, by walking the graph: not ready, every NEEDED_BY predecessor observed ready. */
  const naive = async () =>
    (
      await db.runText(
        `MATCH (r:Resource {versionId: $v}) WHERE NOT r.observedReady
         AND all(d IN [(d)-[:NEEDED_BY]->(r) | d] WHERE d.observedReady) RETURN r.name AS name ORDER BY name`,
        { v: version.id },
      )
    ).map((r) => r.name as string);
  /** Claims everything claimable and completes the named resources, as a worker would. */
  const complete = async (names: string[]) => {
    const claimed: ClaimedItem[] = [];
    for (;;) {
      const batch = await claimItems(db, {
        owner: 'test-worker',
        token: randomUUID(),
        limit: 1000,
        leaseMs: 60_000,
        tenants: [tenant],
        now: Date.now(),
      });
      if (batch.items.length === 0) break;
      claimed.push(...batch.items);
    }
    const finishing = claimed.filter((c) => names.includes(c.name));
    const releasing = claimed.filter((c) => !names.includes(c.name));
    await commit(
      db,
      [
        ...finishing.map((c) => ({
          kind: 'finish' as const,
          item: { id: c.id, stackId: id, token: c.token, actionTraversal: c.actionTraversal },
          set: { status: 'CREATE_COMPLETE', observedReady: true },
          workState: 'DONE' as const,
          observed: true,
        })),
        ...releasing.map((c) => ({
          kind: 'expire' as const,
          force: true,
          item: { id: c.id, stackId: id, token: c.token, actionTraversal: c.actionTraversal },
        })),
      ],
      Date.now(),
    );
  };
  return { id, version, frontier, naive, complete };
}

describe('the ready frontier', () => {
  it('starts at the roots of a chain and moves one link per completion', async () => {
    const g = await persist({ a: none(), b: none(['a']), c: none(['b']) });
    expect(await g.frontier()).toEqual(['a']);
    await g.complete(['a']);
    expect(await g.frontier()).toEqual(['b']);
    expect(await g.frontier()).toEqual(await g.naive());
    await g.complete(['b']);
    expect(await g.frontier()).toEqual(['c']);
    await g.complete(['c']);
    expect(await g.frontier()).toEqual([]);
  });

  it('opens the bottom of a diamond only when both sides are ready', async () => {
    const g = await persist({
      top: none(),
      left: none(['top']),
      right: none(['top']),
      bottom: none(['left', 'right']),
    });
    expect(await g.frontier()).toEqual(['top']);
    await g.complete(['top']);
    expect(await g.frontier()).toEqual(['left', 'right']);
    await g.complete(['left']);
    expect(await g.frontier()).toEqual(['right']);
    expect(await g.frontier()).toEqual(await g.naive());
    await g.complete(['right']);
    expect(await g.frontier()).toEqual(['bottom']);
  });

  it('puts isolated nodes on the frontier at once, next to a chain', async () => {
    const g = await persist({ lone1: none(), lone2: none(), head: none(), tail: none(['head']) });
    expect(await g.frontier()).toEqual(['head', 'lone1', 'lone2']);
    expect(await g.frontier()).toEqual(await g.naive());
    await g.complete(['head', 'lone1']);
    expect(await g.frontier()).toEqual(['lone2', 'tail']);
    expect(await g.frontier()).toEqual(await g.naive());
  });

  it('persists resources and NEEDED_BY edges as one version, readable in the graph', async () => {
    const g = await persist({
      db: none(),
      app: { type: 'OS::Heat::Value', properties: { value: { get_resource: 'db' } } },
      web: none(['app', 'db']),
    });
    const rows = await db.runText(
      `MATCH (s:Stack {id: $id})-[:CURRENT_VERSION]->(v:StackVersion)-[:HAS_RESOURCE]->(r:Resource)
       OPTIONAL MATCH (r)-[:NEEDED_BY]->(n:Resource)
       RETURN v.number AS version, r.name AS name, r.status AS status, r.observedReady AS ready, r.retryCount AS retries,
              r.physicalResourceId AS physical, collect(n.name) AS neededBy ORDER BY name`,
      { id: g.id },
    );
    expect(rows).toEqual([
      {
        version: 1,
        name: 'app',
        status: 'INIT_COMPLETE',
        ready: false,
        retries: 0,
        physical: null,
        neededBy: ['web'],
      },
      {
        version: 1,
        name: 'db',
        status: 'INIT_COMPLETE',
        ready: false,
        retries: 0,
        physical: null,
        neededBy: expect.arrayContaining(['app', 'web']),
      },
      {
        version: 1,
        name: 'web',
        status: 'INIT_COMPLETE',
        ready: false,
        retries: 0,
        physical: null,
        neededBy: [],
      },
    ]);
  });
});
