import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { collect, gql, wsClient } from '../support/graphql.ts';
import { createStack, hot, waitForStack } from '../support/stacks.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    MAX_BODY_BYTES: '20000',
    MAX_TEMPLATE_BYTES: '4000',
    MAX_RESOURCES_PER_STACK: '5',
    MAX_QUERY_DEPTH: '6',
    MAX_QUERY_COMPLEXITY: '5000',
    MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
  });
});
afterAll(async () => app?.stop());

const CREATE = 'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { name } } }';
const none = (n: number) =>
  hot(Object.fromEntries(Array.from({ length: n }, (_, i) => [`r${i}`, { type: 'OS::Heat::None' }])));

describe('limits refuse abusive requests with a coded error before any work', () => {
  it('refuses a body above MAX_BODY_BYTES with LIMIT_EXCEEDED (413)', async () => {
    const res = await gql(app.url, CREATE, { input: { name: uniqueName(), template: 'x'.repeat(30_000) } });
    expect(res.status).toBe(413);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'MAX_BODY_BYTES' },
    });
  });

  it('refuses a template above MAX_TEMPLATE_BYTES and a stack above MAX_RESOURCES_PER_STACK', async () => {
    const big = await gql(app.url, CREATE, {
      input: { name: uniqueName(), template: `# ${'x'.repeat(5000)}\n${none(1)}` },
    });
    expect(big.errors?.[0]?.extensions).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'MAX_TEMPLATE_BYTES' },
    });
    const many = await gql(app.url, CREATE, { input: { name: uniqueName(), template: none(6) } });
    expect(many.errors?.[0]?.extensions).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 'MAX_RESOURCES_PER_STACK' },
    });
    const stacks = await gql(app.url, '{ stacks(first: 100) { name } }');
    expect(stacks.data!.stacks).toEqual([]);
  });

  it('refuses operations deeper or costlier than allowed with QUERY_TOO_COMPLEX', async () => {
    const deep = await gql(
      app.url,
      '{ stacks { resources { requires { requires { requires { requires { name } } } } } } }',
    );
    expect(deep.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      details: { limit: 'MAX_QUERY_DEPTH', max: 6 },
    });
    // Unpaginated lists are charged at their real sizes (read before the query runs): this
    // tenant has no stack yet, so 100 stacks' resources cost nothing and are answered...
    const empty = await gql(app.url, '{ stacks(first: 100) { resources { name neededBy { name } } } }');
    expect(empty.errors).toBeUndefined();
    // ...while pages are charged at their `first`: 100 stacks × 100 resources is refused.
    const costly = await gql(
      app.url,
      '{ stacks(first: 100) { resourcesConnection(first: 100) { edges { node { name neededBy { name } } } } } }',
    );
    expect(costly.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      details: { limit: 'MAX_QUERY_COMPLEXITY' },
    });
    const fine = await gql(app.url, '{ stacks(first: 10) { name resources { name } } }');
    expect(fine.errors).toBeUndefined();
    // A connection is counted at its `first`: 1000 × 7 fields.
    const pages = await gql(
      app.url,
      '{ stacksConnection(first: 1000) { edges { cursor node { name status version lastEventSequence outputs } } } }',
    );
    expect(pages.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      details: { limit: 'MAX_QUERY_COMPLEXITY' },
    });
  });

  it('refuses more subscriptions per connection than allowed with LIMIT_EXCEEDED', async () => {
    const name = uniqueName();
    await createStack(app.url, { name, template: none(1) });
    const client = wsClient(app.wsUrl);
    const query = 'subscription($n: String!) { resourceReadiness(name: $n) { ready } }';
    // Two subscriptions, each proven open by its first value (the current readiness).
    const opened: Array<Promise<void>> = [];
    const open = [0, 1].map(() => {
      let first!: () => void;
      opened.push(new Promise<void>((resolve) => (first = resolve)));
      return collect(
        client,
        query,
        { n: name },
        () => {
          first();
          return false;
        },
        60_000,
      ).catch(() => undefined);
    });
    await Promise.all(opened);
    await expect(collect(client, query, { n: name }, () => true, 5000)).rejects.toThrow(/LIMIT_EXCEEDED/);
    await client.dispose();
    await Promise.all(open);
  });
});

describe('configuration', () => {
  it('refuses to start in production without authentication, and off loopback without it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /NODE_ENV=production requires authentication/,
    );
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/only listens on loopback/);
    expect(() => loadConfig({ HOST: '0.0.0.0', AUTH_JWT_SECRET: 'x'.repeat(32) })).not.toThrow();
  });

  it('names every bad value at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', WORKER_CONCURRENCY: '0', LOG_LEVEL: 'loud' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT="eighty"/);
    expect(message).toMatch(/WORKER_CONCURRENCY="0"/);
    expect(message).toMatch(/LOG_LEVEL="loud"/);
  });
});

describe('/metrics', () => {
  it('exposes stacks, convergence and GraphQL counters after a stack converges', async () => {
    const name = uniqueName();
    await createStack(app.url, { name, template: none(3) });
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
    const text = await (await fetch(app.url.replace('/graphql', '/metrics'))).text();
    expect(text).toMatch(/convergence_stacks\{status="CREATE_COMPLETE"\} [1-9]/);
    expect(Number(/convergence_resources_converged_total (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/convergence_claim_duration_seconds_count [1-9]/);
    expect(text).toMatch(
      /convergence_action_duration_seconds_count\{type="OS::Heat::None",action="create",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(/convergence_frontier_size \d+/);
    expect(text).toMatch(
      /graphql_operation_duration_seconds_count\{operation="createStack",type="mutation"\} [1-9]/,
    );
    expect(text).toMatch(/graphql_errors_total\{code="LIMIT_EXCEEDED"\} [1-9]/);
  });
});
