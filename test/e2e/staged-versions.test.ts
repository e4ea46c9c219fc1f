/**
 * Issue 15 §2: a new stack's version with more resources than VERSION_CHUNK_RESOURCES is written
 * in chunks (each its own transaction) and made current by the create's own transaction, so its
 * size is bounded by the chunk, not by Neo4j's transaction memory. Here the chunk is 4 resources,
 * so a 13-resource stack takes 4 chunks of resources and 4 of its 30 edges; what users see must be the
 * same as for a version written at once, and nothing staged may outlive a failed command or a
 * crashed one (the sweeper deletes it).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { StackStore, VersionStager } from '../../src/store/stacks.ts';
import { startTestApp, testDatabase, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { byName, createStack, eventually, hot, mutate, waitForStack } from '../support/stacks.ts';

let app: TestApp;
let db: Database;
beforeAll(async () => {
  app = await startTestApp({ VERSION_CHUNK_RESOURCES: '4' });
  db = testDatabase();
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

/** `prefix`0..`prefix`(n-1) in layers of 3, each resource needing the whole layer before it. */
function layered(prefix: string, n: number): { template: string; requires: Record<string, string[]> } {
  const resources: Record<string, unknown> = {};
  const requires: Record<string, string[]> = {};
  for (let i = 0; i < n; i++) {
    const layer = Math.floor(i / 3);
    const before = layer === 0 ? [] : [0, 1, 2].map((k) => `${prefix}${(layer - 1) * 3 + k}`);
    requires[`${prefix}${i}`] = before;
    resources[`${prefix}${i}`] = {
      type: 'OS::Heat::None',
      properties: { index: i },
      ...(before.length > 0 ? { depends_on: before } : {}),
    };
  }
  return { template: hot(resources), requires };
}

/** Resource nodes (of any version, staged or not) whose names start with `prefix`. */
async function resourceNodes(prefix: string): Promise<number> {
  const rows = await db.runText('MATCH (r:Resource) WHERE r.name STARTS WITH $prefix RETURN count(r) AS n', {
    prefix,
  });
  return Number(rows[0]!.n);
}

describe('versions written in chunks', () => {
  it('converge like any other: same resources, same dependencies, one version, nothing left staged', async () => {
    const name = uniqueName('staged');
    const prefix = `st${randomUUID().slice(0, 8)}_`;
    const { template, requires } = layered(prefix, 13);
    await createStack(app.url, { name, template });
    const done = await waitForStack(app.url, name);
    expect(done.status).toBe('CREATE_COMPLETE');
    expect(done.version).toBe(1);
    const resources = byName(
      done.resources as Array<{ name: string; status: string; requires: { name: string }[] }>,
    );
    expect(Object.keys(resources).sort()).toEqual(Object.keys(requires).sort());
    for (const [resource, needs] of Object.entries(requires)) {
      expect(resources[resource]!.status).toBe('CREATE_COMPLETE');
      expect(resources[resource]!.requires.map((r) => r.name).sort()).toEqual([...needs].sort());
    }
    const staged = await db.runText(
      `MATCH (s:Stack {name: $name})-[:CURRENT_VERSION]->(v:StackVersion)
       RETURN v.stagedAt AS stagedAt, v.chunks AS chunks, v.name AS versionName,
              COUNT { (v)-[:HAS_RESOURCE]->() } AS resources`,
      { name },
    );
    expect(staged).toHaveLength(1);
    expect(staged[0]).toMatchObject({ stagedAt: null, versionName: `${name} v1` });
    expect(Number(staged[0]!.resources)).toBe(13);
    expect(Number(staged[0]!.chunks)).toBe(4);

    // The stack lives on as usual: an update (one resource more, the rest carried over) and a delete.
    const grown = layered(prefix, 14);
    await mutate(app.url, 'updateStack', { name, template: grown.template });
    const updated = await waitForStack(app.url, name);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(updated.resources).toHaveLength(14);
    await mutate(app.url, 'deleteStack', { name });
    const deleted = await gql(app.url, 'query($n: String!) { stack(name: $n) { status } }', { n: name });
    expect(deleted.errors).toBeUndefined();
    await eventually(async () => {
      const r = await gql(app.url, 'query($n: String!) { stack(name: $n) { status } }', { n: name });
      return r.data?.stack === null || r.data?.stack?.status === 'DELETE_COMPLETE';
    }, `stack ${name} deleted`);
  });

  it('a command that fails after staging its version leaves nothing staged behind', async () => {
    const prefix = `failed${randomUUID().slice(0, 8)}_`;
    const stackId = randomUUID();
    const rows = Array.from({ length: 9 }, (_, i) => ({
      fields: { id: randomUUID(), name: `${prefix}${i}`, type: 'OS::Heat::None', workState: 'READY' },
      baseId: null,
    }));
    const store = new StackStore(db, undefined, 4);
    let visibleWhileOpen = -1;
    await expect(
      store.transaction(async (tx) => {
        await tx.insertStack({
          id: stackId,
          tenant: app.tenant,
          name: uniqueName('failed'),
          disableRollback: false,
          timeoutSeconds: null,
          concurrency: null,
        });
        await tx.insertVersion({
          stackId,
          version: { id: randomUUID(), number: 1 },
          resources: rows,
          edges: [[0, 1, 0]],
        });
        // Staged in transactions of their own: visible outside this one before it ends.
        visibleWhileOpen = await resourceNodes(prefix);
        throw new Error('refused after staging');
      }),
    ).rejects.toThrow('refused after staging');
    expect(visibleWhileOpen).toBe(9);
    expect(await resourceNodes(prefix)).toBe(0);
    const stacks = await db.runText('MATCH (s:Stack {id: $stackId}) RETURN s', { stackId });
    expect(stacks).toHaveLength(0);
  });

  it('the sweeper deletes a version a crashed command left staged, and never an attached one', async () => {
    // What a process that died between staging and attaching leaves: a staged version (made here
    // with the service's own stager) whose stack never came to exist, staged long ago.
    const prefix = `orphan${randomUUID().slice(0, 8)}_`;
    const stackId = randomUUID();
    const versionId = randomUUID();
    const rows = Array.from({ length: 6 }, (_, i) => ({
      fields: { id: randomUUID(), name: `${prefix}${i}`, type: 'OS::Heat::None', workState: 'READY' },
      baseId: null,
    }));
    await new VersionStager(db, 4).stage({
      stackId,
      version: { id: versionId },
      resources: rows,
      edges: [
        [0, 1, 0],
        [1, 2, 0],
      ],
    });
    expect(await resourceNodes(prefix)).toBe(6);
    await db.runText('MATCH (v:StackVersion {id: $versionId}) SET v.stagedAt = 1', { versionId });
    await eventually(
      async () => (await resourceNodes(prefix)) === 0,
      'the abandoned staged resources deleted by the sweeper',
    );
    const versions = await db.runText('MATCH (v:StackVersion {id: $versionId}) RETURN v', { versionId });
    expect(versions).toHaveLength(0);

    // The first test's stacks were attached: their versions carry no stagedAt and are still there.
    const attached = await db.runText(
      `MATCH (s:Stack)-[:HAS_VERSION]->(v:StackVersion) WHERE s.tenant = $tenant
       RETURN count(v) AS n, count(v.stagedAt) AS staged`,
      { tenant: app.tenant },
    );
    expect(Number(attached[0]!.n)).toBeGreaterThan(0);
    expect(Number(attached[0]!.staged)).toBe(0);
  });
});
