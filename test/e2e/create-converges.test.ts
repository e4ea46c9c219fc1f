import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingServer } from '../support/recording-server.ts';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { allEvents, createStack, hot, startOrderViolations, waitForStack } from '../support/stacks.ts';

let app: TestApp;
let endpoint: RecordingServer;

beforeAll(async () => {
  app = await startTestApp({ RETRY_LIMIT: '2' });
  endpoint = await new RecordingServer({ failFirst: 2 }).start();
});
afterAll(async () => {
  await app?.stop();
  await endpoint?.stop();
});

const test = (props: Record<string, unknown> = {}, depends_on?: string[]) => ({
  type: 'OS::Heat::TestResource',
  properties: { wait_secs: 0.05, ...props },
  ...(depends_on ? { depends_on } : {}),
});

describe('createStack converges the persisted graph', () => {
  it('converges a diamond in dependency order, with no resource started before its dependencies were ready', async () => {
    const name = uniqueName('diamond');
    await createStack(app.url, {
      name,
      template: hot({
        top: test(),
        left: test({}, ['top']),
        right: test({ wait_secs: 0.2 }, ['top']),
        bottom: test({}, ['left', 'right']),
      }),
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.readiness).toEqual({ ready: 4, total: 4 });
    for (const r of stack.resources) {
      expect(r).toMatchObject({ status: 'CREATE_COMPLETE', observedReady: true, retryCount: 0 });
      expect(r.physicalResourceId).toMatch(/^test-/);
    }
    const events = await allEvents(app.url, name);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(
      startOrderViolations(events, { left: ['top'], right: ['top'], bottom: ['left', 'right'] }),
    ).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'STACK', status: 'CREATE_COMPLETE' });
  });

  it('converges a chain one link at a time', async () => {
    const name = uniqueName('chain');
    const resources: Record<string, unknown> = { r0: test() };
    const requires: Record<string, string[]> = {};
    for (let i = 1; i < 8; i++) {
      resources[`r${i}`] = test({}, [`r${i - 1}`]);
      requires[`r${i}`] = [`r${i - 1}`];
    }
    await createStack(app.url, { name, template: hot(resources) });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(startOrderViolations(await allEvents(app.url, name), requires)).toEqual([]);
  });

  it('passes get_attr and get_resource values to dependents and resolves outputs from stored attributes', async () => {
    const name = uniqueName('attrs');
    const template = `
heat_template_version: rocky
parameters:
  greeting: { type: string, default: hello }
resources:
  source: { type: OS::Heat::Value, properties: { value: { get_param: greeting } } }
  middle:
    type: OS::Heat::TestResource
    properties:
      value: { str_replace: { template: "$g world", params: { $g: { get_attr: [source, value] } } } }
  tail:
    type: OS::Heat::TestResource
    properties:
      value: { list_join: [":", [{ get_resource: middle }, { get_attr: [middle, output] }]] }
outputs:
  message: { value: { get_attr: [tail, output] } }
  middle_id: { value: { get_resource: middle } }
`;
    await createStack(app.url, { name, template, parameters: { greeting: 'hi' } });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    const middle = stack.resources.find((r: { name: string }) => r.name === 'middle');
    expect(middle.properties.value).toBe('hi world');
    expect(middle.attributes).toEqual({ output: 'hi world' });
    expect(stack.outputs).toEqual({
      message: `${middle.physicalResourceId}:hi world`,
      middle_id: middle.physicalResourceId,
    });
  });

  it('keeps a json parameter that looks like a function call as data, through convergence and outputs', async () => {
    const name = uniqueName('literal');
    const config = { ref: { get_resource: 'tail' }, broken: { str_replace: 5 }, marker: { $literal: 1 } };
    const template = hot(
      {
        head: { type: 'OS::Heat::TestResource', properties: { wait_secs: 0.05 } },
        tail: {
          type: 'OS::Heat::Value',
          properties: {
            type: 'json',
            value: { map_merge: [{ get_param: 'config' }, { head: { get_resource: 'head' } }] },
          },
        },
      },
      {
        parameters: { config: { type: 'json' } },
        outputs: {
          config: { value: { get_param: 'config' } },
          tail: { value: { get_attr: ['tail', 'value'] } },
        },
      },
    );
    await createStack(app.url, { name, template, parameters: { config } });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    const head = stack.resources.find((r: { name: string }) => r.name === 'head');
    const tail = stack.resources.find((r: { name: string }) => r.name === 'tail');
    expect(tail.requires).toEqual([{ name: 'head' }]);
    expect(tail.properties.value).toEqual({ ...config, head: head.physicalResourceId });
    expect(stack.outputs).toEqual({ config, tail: { ...config, head: head.physicalResourceId } });
  });

  it('retries a failing action with backoff and succeeds, keeping retryCount', async () => {
    const name = uniqueName('retry');
    await createStack(app.url, {
      name,
      template: hot({
        hook: {
          type: 'Convergence::Webhook',
          properties: { url: endpoint.url, retries: 0, properties: { size: 1 } },
        },
      }),
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.resources[0]).toMatchObject({
      status: 'CREATE_COMPLETE',
      retryCount: 2,
      observedReady: true,
    });
    const events = await allEvents(app.url, name);
    expect(events.filter((e) => /Attempt \d failed/.test(e.reason ?? ''))).toHaveLength(2);
  });

  it('fails the resource and the stack when retries are exhausted, naming the resource', async () => {
    const name = uniqueName('exhausted');
    await createStack(app.url, {
      name,
      disableRollback: true,
      template: hot({ ok: test({ wait_secs: 0.3 }), bad: test({ fail: true }), after: test({}, ['bad']) }),
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_FAILED');
    expect(stack.statusReason).toContain('bad');
    expect(stack.statusReason).toContain('Test Resource failed');
    const byName = Object.fromEntries(stack.resources.map((r: { name: string }) => [r.name, r]));
    expect(byName.bad).toMatchObject({ status: 'CREATE_FAILED', retryCount: 2, observedReady: false });
    // In-flight work finished; nothing new started after the failure.
    expect(byName.ok).toMatchObject({ status: 'CREATE_COMPLETE' });
    expect(byName.after).toMatchObject({ status: 'INIT_COMPLETE' });
  });

  it('fails the stack on its timeout even when no worker makes progress', async () => {
    const name = uniqueName('timeout');
    await createStack(app.url, {
      name,
      disableRollback: true,
      timeoutSeconds: 1,
      template: hot({ forever: test({ wait_secs: -1 }) }),
    });
    const stack = await waitForStack(app.url, name, undefined, 20_000);
    expect(stack.status).toBe('CREATE_FAILED');
    expect(stack.statusReason).toMatch(/timed out after 1 seconds/);
  });
});

describe('createStack refuses bad input with coded errors', () => {
  it('reports every template problem with its location and writes nothing', async () => {
    const name = uniqueName('invalid');
    const res = await gql(
      app.url,
      'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id } } }',
      {
        input: {
          name,
          template:
            'heat_template_version: 2018-08-31\nresources:\n  a:\n    type: No::Such::Type\n  b:\n    type: OS::Heat::None\n    depends_on: [ghost]\n',
        },
      },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('TEMPLATE_INVALID');
    const problems = res.errors?.[0]?.extensions?.details?.problems as Array<{
      code: string;
      path: string;
      line?: number;
    }>;
    expect(problems.map((p) => p.code).sort()).toEqual(['MISSING_RESOURCE', 'UNKNOWN_RESOURCE_TYPE']);
    expect(problems.find((p) => p.code === 'UNKNOWN_RESOURCE_TYPE')).toMatchObject({
      path: 'resources.a.type',
      line: 4,
    });
    const lookup = await gql(app.url, 'query($name: String!) { stack(name: $name) { id } }', { name });
    expect(lookup.data?.stack).toBeNull();
  });

  it('refuses a duplicate name with STACK_EXISTS', async () => {
    const name = uniqueName('dup');
    await createStack(app.url, { name, template: hot({ a: { type: 'OS::Heat::None' } }) });
    const res = await gql(
      app.url,
      'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id } } }',
      {
        input: { name, template: hot({ a: { type: 'OS::Heat::None' } }) },
      },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('STACK_EXISTS');
    expect(JSON.stringify(res.errors)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a bad stack name and bad parameters shape with BAD_USER_INPUT', async () => {
    const bad = await gql(
      app.url,
      'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id } } }',
      {
        input: { name: '1 bad name', template: hot({ a: { type: 'OS::Heat::None' } }) },
      },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const params = await gql(
      app.url,
      'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id } } }',
      {
        input: { name: uniqueName(), template: hot({ a: { type: 'OS::Heat::None' } }), parameters: [1, 2] },
      },
    );
    expect(params.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
