import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDatabase, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { RecordingServer } from '../support/recording-server.ts';
import { byName, createStack, hot, mutate, waitForStack } from '../support/stacks.ts';

let app: TestApp;
let endpoint: RecordingServer;
beforeAll(async () => {
  app = await startTestApp({ RETRY_LIMIT: '1', WORKER_CONCURRENCY: '4' });
  endpoint = await new RecordingServer({ readyAfterMs: 250 }).start();
});
afterAll(async () => {
  await app?.stop();
  await endpoint?.stop();
});

const hook = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'Convergence::Webhook',
  properties: { url: endpoint.url, ...props },
  ...extra,
});
const test = (props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'OS::Heat::TestResource',
  properties: { wait_secs: 0.05, ...props },
  ...extra,
});

/** Things the endpoint holds for a stack's resource keys, by logical name (from the PUT bodies). */
function liveThingsByName(stackName: string) {
  const names = new Map<string, string>();
  for (const c of endpoint.calls)
    if (c.method === 'PUT' && c.body?.stack === stackName) names.set(c.key, String(c.body.name));
  const result = new Map<string, Array<Record<string, unknown>>>();
  for (const thing of endpoint.live()) {
    const name = names.get(thing.key);
    if (!name) continue;
    result.set(name, [...(result.get(name) ?? []), thing.properties]);
  }
  return result;
}

function chain(version: number, count: number, replaceEvery = 0) {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    resources[`n${i}`] = hook(
      {
        properties: {
          v: version,
          i,
          ...(replaceEvery && i % replaceEvery === 0 ? { generation: version } : {}),
        },
        replace_on: ['generation'],
      },
      i >= 3 ? { depends_on: [`n${i - 3}`] } : {},
    );
  }
  return hot(resources);
}

describe('a new operation supersedes the running one', () => {
  it('updates during a create, and again during that update: exactly one live physical resource per name, with the latest properties', async () => {
    const name = uniqueName('race');
    await createStack(app.url, { name, template: chain(1, 12) });
    await waitForStack(app.url, name, (s) =>
      s.resources.some((r: { status: string }) => r.status === 'CREATE_COMPLETE'),
    );
    await mutate(app.url, 'updateStack', { name, template: chain(2, 14, 2) });
    await waitForStack(app.url, name, (s) =>
      s.resources.some((r: { status: string; observedReady: boolean }) => r.observedReady),
    );
    const final = await mutate(app.url, 'updateStack', { name, template: chain(3, 10, 3) });
    expect(final.version).toBe(3);
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    expect(stack.resources).toHaveLength(10);

    const live = liveThingsByName(name);
    expect([...live.keys()].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`).sort());
    for (const [resource, copies] of live) {
      const i = Number(resource.slice(1));
      expect(copies).toEqual([{ v: 3, i, ...(i % 3 === 0 ? { generation: 3 } : {}) }]);
    }
    // Each physical copy the engine ever made was created once.
    expect(endpoint.live().every((t) => t.creations === 1)).toBe(true);
  });

  it('deletes a stack in the middle of its create, leaving nothing behind, and frees the name', async () => {
    const name = uniqueName('delete-during-create');
    await createStack(app.url, { name, template: chain(1, 9) });
    await waitForStack(app.url, name, (s) =>
      s.resources.some((r: { status: string }) => r.status === 'CREATE_IN_PROGRESS'),
    );
    const deleting = await mutate(app.url, 'deleteStack', { name });
    expect(deleting.status).toBe('DELETE_IN_PROGRESS');
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('DELETE_COMPLETE');
    expect(liveThingsByName(name).size).toBe(0);
    // The name can be reused; the deleted stack's history stays readable.
    await createStack(app.url, { name, template: hot({ a: test() }) });
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
    const all = await gql(app.url, 'query { stacks(first: 1000, includeDeleted: true) { id name status } }');
    expect(
      all
        .data!.stacks.filter((s: { name: string }) => s.name === name)
        .map((s: { status: string }) => s.status)
        .sort(),
    ).toEqual(['CREATE_COMPLETE', 'DELETE_COMPLETE']);
  });

  it("purges a deleted stack's history on request, and refuses to purge a live stack", async () => {
    const name = uniqueName('purge');
    await createStack(app.url, { name, template: hot({ a: test(), b: test({}, { depends_on: ['a'] }) }) });
    await waitForStack(app.url, name);
    const PURGE = 'mutation($input: PurgeStackInput!) { purgeStack(input: $input) { purged stack { id } } }';
    const refused = await gql(app.url, PURGE, { input: { name } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const deleted = await mutate(app.url, 'deleteStack', { name });
    expect((await waitForStack(app.url, name)).status).toBe('DELETE_COMPLETE');
    const purged = await gql(app.url, PURGE, { input: { name } });
    expect(purged.data!.purgeStack).toEqual({ purged: 1, stack: null });
    const after = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { id } stacks(first: 1000, includeDeleted: true) { name } }',
      { n: name },
    );
    expect(after.data!.stack).toBeNull();
    expect(after.data!.stacks.map((s: { name: string }) => s.name)).not.toContain(name);
    const db = testDatabase();
    const left = await db.runText(
      `OPTIONAL MATCH (s:Stack {id: $id}) WITH count(s) AS stacks
       OPTIONAL MATCH (v:StackVersion {stackId: $id}) WITH stacks, count(v) AS versions
       OPTIONAL MATCH (b:EventBatch) WHERE b.stackId = $id AND b.first IS NOT NULL
       RETURN stacks, versions, count(b) AS batches`,
      { id: deleted.id },
    );
    await db.close();
    expect(left[0]).toEqual({ stacks: 0, versions: 0, batches: 0 });
    expect((await gql(app.url, PURGE, { input: { name } })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps Retain resources on delete and drops them from the stack', async () => {
    const name = uniqueName('retain');
    await createStack(app.url, {
      name,
      template: hot({
        kept: hook({ properties: { k: 1 } }, { deletion_policy: 'Retain' }),
        gone: hook({ properties: { g: 1 } }),
      }),
    });
    await waitForStack(app.url, name);
    await mutate(app.url, 'deleteStack', { name });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('DELETE_COMPLETE');
    const live = liveThingsByName(name);
    expect([...live.keys()]).toEqual(['kept']);
    expect(
      byName(stack.resources as Array<{ name: string; statusReason: string }>).kept!.statusReason,
    ).toMatch(/Retained/);
  });
});

describe('rollback and cancel', () => {
  it('rolls a failed create back to nothing', async () => {
    const name = uniqueName('rollback-create');
    await createStack(app.url, {
      name,
      template: hot({ good: hook({ properties: { g: 1 } }), bad: test({ fail: true }) }),
    });
    const stack = await waitForStack(app.url, name, (s) => /^ROLLBACK_(COMPLETE|FAILED)$/.test(s.status));
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    expect(liveThingsByName(name).size).toBe(0);
    // The failure is kept: no version became good, and the stack still says why it was rolled back.
    const res = await gql(
      app.url,
      `query($n: String!) { stack(name: $n) { lastGoodVersion statusReason versions { number status } } }`,
      { n: name },
    );
    expect(res.data!.stack.lastGoodVersion).toBeNull();
    expect(res.data!.stack.versions).toEqual([{ number: 1, status: 'FAILED' }]);
    expect(res.data!.stack.statusReason).toMatch(/rolled back because: .*bad/);
  });

  it('rolls a failed update back to the last good version, reusing the original physical resources', async () => {
    const name = uniqueName('rollback-update');
    await createStack(app.url, {
      name,
      template: hot({ a: hook({ properties: { v: 1 }, replace_on: ['v'] }), b: test({ value: 'one' }) }),
    });
    const v1 = byName(
      (await waitForStack(app.url, name)).resources as Array<{ name: string; physicalResourceId: string }>,
    );
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({
        a: hook({ properties: { v: 2 }, replace_on: ['v'] }),
        b: test({ value: 'two' }),
        c: test({ fail: true }, { depends_on: ['a'] }),
      }),
    });
    const stack = await waitForStack(app.url, name, (s) => /^ROLLBACK_(COMPLETE|FAILED)$/.test(s.status));
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    expect(stack.version).toBe(3);
    const v3 = byName(
      stack.resources as Array<{
        name: string;
        physicalResourceId: string;
        attributes: Record<string, unknown>;
      }>,
    );
    expect(Object.keys(v3).sort()).toEqual(['a', 'b']);
    expect(v3.a!.physicalResourceId).toBe(v1.a!.physicalResourceId);
    expect(v3.b!.physicalResourceId).toBe(v1.b!.physicalResourceId);
    expect(v3.b!.attributes).toEqual({ output: 'one' });
    expect([...liveThingsByName(name).entries()]).toEqual([['a', [{ v: 1 }]]]);
    const versions = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { versions { number status action rollbackOf } } }',
      { n: name },
    );
    expect(versions.data!.stack.versions).toEqual([
      { number: 1, status: 'COMPLETE', action: 'CREATE', rollbackOf: null },
      { number: 2, status: 'FAILED', action: 'UPDATE', rollbackOf: null },
      { number: 3, status: 'COMPLETE', action: 'ROLLBACK', rollbackOf: 1 },
    ]);
  });

  it('cancels an update without rollback: in-flight actions finish, nothing new starts, the stack says it was cancelled', async () => {
    const name = uniqueName('cancel');
    await createStack(app.url, { name, template: hot({ first: test() }) });
    await waitForStack(app.url, name);
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({
        first: test({ wait_secs: 1, value: 'x' }),
        second: test({}, { depends_on: ['first'] }),
      }),
    });
    await waitForStack(app.url, name, (s) =>
      s.resources.some((r: { status: string }) => r.status === 'UPDATE_IN_PROGRESS'),
    );
    const cancelled = await mutate(app.url, 'cancelStackUpdate', { name, rollback: false });
    // In progress while first's update still runs (#14 §3), failed once nothing runs.
    expect(cancelled.statusReason).toMatch(/cancelled/);
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('UPDATE_FAILED');
    expect(stack.statusReason).toBe('Stack UPDATE cancelled');
    const resources = byName(stack.resources as Array<{ name: string; status: string }>);
    expect(resources.first!.status).toBe('UPDATE_COMPLETE');
    expect(resources.second!.status).toBe('INIT_COMPLETE');
  });

  it('cancels an update with rollback, and refuses to cancel when nothing runs', async () => {
    const name = uniqueName('cancel-rollback');
    await createStack(app.url, { name, template: hot({ a: test({ value: 'one' }) }) });
    await waitForStack(app.url, name);
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({ a: test({ value: 'two', wait_secs: 1 }) }),
    });
    await mutate(app.url, 'cancelStackUpdate', { name, rollback: true });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    expect(stack.resources[0].attributes).toEqual({ output: 'one' });
    const res = await gql(
      app.url,
      'mutation($input: CancelStackUpdateInput!) { cancelStackUpdate(input: $input) { stack { id } } }',
      { input: { name } },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('rolls back on demand during an update in progress', async () => {
    const name = uniqueName('manual-rollback');
    await createStack(app.url, { name, template: hot({ a: test({ value: 'one' }) }) });
    await waitForStack(app.url, name);
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({ a: test({ value: 'two', wait_secs: 1 }), extra: test() }),
    });
    const rolling = await mutate(app.url, 'rollbackStack', { name });
    expect(rolling.status).toBe('ROLLBACK_IN_PROGRESS');
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    expect(stack.resources.map((r: { name: string }) => r.name)).toEqual(['a']);
    expect(stack.resources[0].attributes).toEqual({ output: 'one' });
  });
});
