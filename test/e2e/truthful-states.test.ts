// #14 §3: states that tell the truth.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { RecordingServer } from '../support/recording-server.ts';
import { allEvents, byName, createStack, eventually, hot, mutate, waitForStack } from '../support/stacks.ts';

let app: TestApp;
/** While true, webhook updates are accepted but never become ready: an action held in flight. */
let holdUpdates = false;
let endpoint: RecordingServer;
beforeAll(async () => {
  app = await startTestApp({ RETRY_LIMIT: '2', RETRY_BASE_MS: '100', RETRY_MAX_MS: '200' });
  endpoint = await new RecordingServer({
    intercept: (method, _key, body) => {
      if (!holdUpdates) return undefined;
      if (method === 'PUT' && body?.action === 'UPDATE') return { status: 202, body: { ready: false } };
      if (method === 'GET') return { status: 200, body: { ready: false } };
      return undefined;
    },
  }).start();
});
afterAll(async () => {
  await app?.stop();
  await endpoint?.stop();
});

const test = (props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'OS::Heat::TestResource',
  properties: { wait_secs: 0.05, ...props },
  ...extra,
});

interface TimedEvent {
  sequence: number;
  at: string;
  resourceName: string | null;
  status: string;
  reason: string | null;
  version: number;
}

async function timedEvents(name: string): Promise<TimedEvent[]> {
  const res = await gql(
    app.url,
    'query($n: String!) { stack(name: $n) { events(first: 1000) { sequence at resourceName status reason version } } }',
    { n: name },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.stack.events as TimedEvent[];
}

describe('failure is reported once nothing else can change the outcome', () => {
  it('the stack fails in the commit that fails its last hope, not later (examples/failing-app.yaml)', async () => {
    const name = uniqueName();
    await createStack(app.url, {
      name,
      disableRollback: true,
      template: hot({
        database: test({ value: 'db', wait_secs: 0.5 }),
        migrations: test({ value: 'migrate', wait_secs: 0.2, fail: true }, { depends_on: 'database' }),
        app_server: test({ value: 'app' }, { depends_on: ['database', 'migrations'] }),
      }),
    });
    const failed = await waitForStack(app.url, name);
    expect(failed.status).toBe('CREATE_FAILED');
    const events = await timedEvents(name);
    const resourceFailed = events.find(
      (e) => e.resourceName === 'migrations' && e.status === 'CREATE_FAILED',
    );
    const stackFailed = events.find((e) => !e.resourceName && e.status === 'CREATE_FAILED');
    expect(resourceFailed).toBeDefined();
    // Nothing else was running: the stack's failure is the very next event, in the same commit.
    expect(stackFailed!.sequence).toBe(resourceFailed!.sequence + 1);
    expect(stackFailed!.at).toBe(resourceFailed!.at);
  });
});

describe('a failure while other actions run', () => {
  it('is said at once, with the in-flight actions it waits for, and final once they finished', async () => {
    const name = uniqueName();
    await createStack(app.url, {
      name,
      disableRollback: true,
      template: hot({
        // Fails at once, for good, while slow's create (25 s of its own) still runs.
        broken: test({ wait_secs: 0, fail: true }),
        slow: test({ wait_secs: 25 }),
      }),
    });
    const failed = await waitForStack(app.url, name);
    expect(failed.status).toBe('CREATE_FAILED');
    const events = await timedEvents(name);
    const brokenFailed = events.find((e) => e.resourceName === 'broken' && e.status === 'CREATE_FAILED')!;
    const said = events.find((e) => !e.resourceName && e.status === 'CREATE_IN_PROGRESS' && e.sequence > 1);
    const slowDone = events.find((e) => e.resourceName === 'slow' && e.status === 'CREATE_COMPLETE')!;
    const final = events.find((e) => !e.resourceName && e.status === 'CREATE_FAILED')!;
    // In the commit of the failure (same instant), before slow finished.
    expect(said).toMatchObject({
      sequence: brokenFailed.sequence + 1,
      at: brokenFailed.at,
      reason: `${brokenFailed.reason ? 'Resource CREATE failed: broken: ' + brokenFailed.reason : ''}; waiting for 1 in-flight action to finish`,
    });
    expect(said!.sequence).toBeLessThan(slowDone.sequence);
    expect(final.sequence).toBeGreaterThan(slowDone.sequence);
    expect(final.reason).toBe(`Resource CREATE failed: broken: ${brokenFailed.reason}`);
  });
});

/** `convergence ...args` as a real process against the test app (exit code and output). */
async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CONVERGENCE_ENDPOINT: app.url };
  delete env.CONVERGENCE_TOKEN;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/convergence.mjs', ...args], {
      cwd: root,
      env,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '' };
  }
}

const TRUTH = `query($n: String!) {
  stack(name: $n) {
    status statusReason failureReason version lastGoodVersion
    versions { number status action rollbackOf }
    resources { name status statusReason failureReason retryCount version }
    atVersion(number: 2) { resources { name status statusReason failureReason retryCount } }
  }
}`;

describe('a failure that was rolled back keeps the truth', () => {
  it('a failed first create: version 1 failed, no good version, the reason and retry counts stay (API and CLI)', async () => {
    const name = uniqueName();
    await createStack(app.url, {
      name,
      template: hot({
        database: test({ value: 'db' }),
        migrations: test({ value: 'migrate', fail: true }, { depends_on: 'database' }),
      }),
    });
    await waitForStack(app.url, name, (s) => s.status === 'ROLLBACK_COMPLETE');
    const res = await gql(app.url, TRUTH, { n: name });
    expect(res.errors).toBeUndefined();
    const stack = res.data!.stack;
    const failure = 'Resource CREATE failed: migrations: Test Resource failed (after 3 attempts)';
    expect(stack).toMatchObject({
      status: 'ROLLBACK_COMPLETE',
      failureReason: failure,
      version: 1,
      lastGoodVersion: null,
      versions: [{ number: 1, status: 'FAILED', action: 'CREATE', rollbackOf: null }],
    });
    expect(stack.statusReason).toContain(`rolled back because: ${failure}`);
    const resources = byName(stack.resources as Array<Record<string, unknown> & { name: string }>);
    // The rollback deleted both; the one that failed still says why, and after how many retries.
    expect(resources.migrations).toMatchObject({
      status: 'DELETE_COMPLETE',
      failureReason: 'Test Resource failed (after 3 attempts)',
      retryCount: 2,
    });
    expect(resources.database).toMatchObject({
      status: 'DELETE_COMPLETE',
      failureReason: null,
      retryCount: 0,
    });

    const status = await cli(['status', '--name', name]);
    expect(status.stdout).toMatch(/^Version +1 \(failed; last good: none\)$/m);
    expect(status.stdout).toMatch(new RegExp(`^Failure +${failure.replace(/[()]/g, '\\$&')}$`, 'm'));
    const shown = await cli(['resource', 'show', '--name', name, 'migrations']);
    expect(shown.stdout).toMatch(/^Failure +Test Resource failed \(after 3 attempts\)$/m);
    expect(shown.stdout).toMatch(/^Retries +2$/m);
  }, 120_000);

  it('a failed update: version 2 failed, the stack and the failed copy keep the reason after the rollback', async () => {
    const name = uniqueName();
    await createStack(app.url, { name, template: hot({ app: test({ value: 'a' }) }) });
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
    await mutate(app.url, 'updateStack', { name, template: hot({ app: test({ value: 'b', fail: true }) }) });
    await waitForStack(app.url, name, (s) => s.status === 'ROLLBACK_COMPLETE');
    const stack = (await gql(app.url, TRUTH, { n: name })).data!.stack;
    const failure = 'Resource UPDATE failed: app: Test Resource failed (after 3 attempts)';
    expect(stack).toMatchObject({ failureReason: failure, version: 3, lastGoodVersion: 3 });
    expect(stack.versions.map((v: { status: string }) => v.status)).toEqual([
      'COMPLETE',
      'FAILED',
      'COMPLETE',
    ]);
    // The failed copy of version 2, since deleted by the rollback, still tells its failure.
    expect(stack.atVersion.resources).toEqual([
      expect.objectContaining({
        name: 'app',
        status: 'DELETE_COMPLETE',
        failureReason: 'Test Resource failed (after 3 attempts)',
        retryCount: 2,
      }),
    ]);
    // The version the rollback made is good: nothing failed in it.
    expect(stack.resources[0]).toMatchObject({ status: 'CREATE_COMPLETE', failureReason: null });

    // A later successful update clears the stack's failure: it describes the last create or update.
    await mutate(app.url, 'updateStack', { name, template: hot({ app: test({ value: 'c' }) }) });
    await waitForStack(app.url, name, (s) => s.status === 'UPDATE_COMPLETE');
    const after = (await gql(app.url, TRUTH, { n: name })).data!.stack;
    expect(after.failureReason).toBeNull();
    const status = await cli(['status', '--name', name]);
    expect(status.stdout).toMatch(/^Version +4 \(last good: 4\)$/m);
    expect(status.stdout).not.toMatch(/^Failure/m);
  }, 120_000);
});

const VIEW = 'name status statusReason observedReady physicalResourceId version';

/** Every page of a stack's resourcesConnection, `first` at a time, following endCursor. */
async function resourcePages(name: string, first: number) {
  const resources: Array<Record<string, unknown> & { name: string }> = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res = await gql(
      app.url,
      `query($n: String!, $first: Int, $after: String) { stack(name: $n) {
        resourcesConnection(first: $first, after: $after) { edges { node { ${VIEW} } cursor } pageInfo { hasNextPage endCursor } } } }`,
      { n: name, first, after },
    );
    expect(res.errors).toBeUndefined();
    const conn = res.data!.stack.resourcesConnection as {
      edges: Array<{ node: Record<string, unknown> & { name: string }; cursor: string }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    pages++;
    resources.push(...conn.edges.map((e) => e.node));
    expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
    if (!conn.pageInfo.hasNextPage) return { resources, pages };
    after = conn.pageInfo.endCursor;
  }
}

describe('cancelStackUpdate without rollback', () => {
  it('shows live copies and their readiness, and reports the final state only once the in-flight action finished', async () => {
    const name = uniqueName();
    const template = (slow: string) =>
      hot({
        slow: { type: 'Convergence::Webhook', properties: { url: endpoint.url, properties: { v: slow } } },
        // Reads slow: part of the update's traversal (not carried over), so never reached once cancelled.
        after: test({ value: { get_resource: 'slow' } }),
        last: test({ value: 'last' }, { depends_on: 'after' }),
        independent: test({ value: 'same' }),
      });
    await createStack(app.url, { name, template: template('a') });
    const created = await waitForStack(app.url, name);
    expect(created.status).toBe('CREATE_COMPLETE');
    const v1 = byName(created.resources as Array<{ name: string; physicalResourceId: string }>);

    // slow's update is held in flight by its endpoint until the test lets it go.
    holdUpdates = true;
    await mutate(app.url, 'updateStack', { name, template: template('b') });
    await eventually(
      () => Promise.resolve(endpoint.calls.some((c) => c.method === 'PUT' && c.body?.action === 'UPDATE')),
      'slow is being updated',
    );
    await mutate(app.url, 'cancelStackUpdate', { name });

    const cancelling = await waitForStack(app.url, name, () => true);
    // The in-flight update is still running: the stack says so rather than a final state.
    expect(cancelling.status).toBe('UPDATE_IN_PROGRESS');
    expect(cancelling.statusReason).toBe('Stack UPDATE cancelled; waiting for 1 in-flight action to finish');
    const shown = byName(
      cancelling.resources as Array<{ name: string; status: string; physicalResourceId: string | null }>,
    );
    // Resources the update never reached show their live version-1 copy.
    for (const untouched of ['after', 'last']) {
      expect(shown[untouched]).toMatchObject({
        status: 'CREATE_COMPLETE',
        physicalResourceId: v1[untouched]!.physicalResourceId,
      });
    }
    expect(shown.independent!.physicalResourceId).toBe(v1.independent!.physicalResourceId);
    expect(shown.slow!.status).toBe('UPDATE_IN_PROGRESS');
    expect(cancelling.readiness).toEqual({ ready: 3, total: 4 });
    // resourcesConnection shows the same live copies, page by page (pages of 3: across a page boundary).
    const paged = await resourcePages(name, 3);
    expect(paged.pages).toBe(2);
    const listed = await gql(app.url, `query($n: String!) { stack(name: $n) { resources { ${VIEW} } } }`, {
      n: name,
    });
    expect(paged.resources).toEqual(listed.data!.stack.resources);
    expect(byName(paged.resources).after).toMatchObject({
      status: 'CREATE_COMPLETE',
      version: 1,
      physicalResourceId: v1.after!.physicalResourceId,
    });
    const one = await gql(
      app.url,
      `query($n: String!) { stack(name: $n) { resource(name: "last") { ${VIEW} } } }`,
      { n: name },
    );
    expect(byName(paged.resources).last).toEqual(one.data!.stack.resource);

    holdUpdates = false;
    const final = await waitForStack(app.url, name);
    expect(final.status).toBe('UPDATE_FAILED');
    expect(final.statusReason).toBe('Stack UPDATE cancelled');
    expect(final.readiness).toEqual({ ready: 4, total: 4 });
    const events = await allEvents(app.url, name);
    const slowDone = events.find((e) => e.resourceName === 'slow' && e.status === 'UPDATE_COMPLETE');
    const stackFailed = events.find((e) => !e.resourceName && e.status === 'UPDATE_FAILED');
    expect(slowDone).toBeDefined();
    expect(stackFailed!.sequence).toBeGreaterThan(slowDone!.sequence);
    // No rollback: version 2 stays current and failed.
    const again = await waitForStack(app.url, name);
    expect(again.version).toBe(2);
    expect(events.some((e) => e.status.startsWith('ROLLBACK'))).toBe(false);
    // A generous bound: the first test of a file on a loaded machine waits for a cold Neo4j.
  }, 300_000);
});
