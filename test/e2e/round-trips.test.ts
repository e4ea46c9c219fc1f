import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { hot } from '../support/stacks.ts';

let app: TestApp;
beforeAll(async () => {
  // No workers: the only statements counted are the ones the query itself sends.
  // Each size gets its own tenant (the bearer token names it), so `stacks` lists exactly one stack.
  app = await startTestApp(
    { RUN_WORKERS: 'false' },
    { authenticate: (token) => Promise.resolve({ tenant: token ?? 'none', role: 'editor' }) },
  );
});
afterAll(async () => app?.stop());

const DEEP = `query($name: String!) {
  stack(name: $name) {
    name status version outputs readiness { ready total }
    events(first: 5) { sequence status }
    versions { number status template resources { name requires { name neededBy { name } } } }
    resources { name status properties requires { name requires { name } neededBy { name } } neededBy { name } }
  }
  stacks(first: 10) { name resources { name neededBy { name } } }
}`;

async function statementsFor(size: number): Promise<number> {
  const name = uniqueName(`deep${size}`);
  const tenant = uniqueName('tenant');
  const resources: Record<string, unknown> = { base: { type: 'OS::Heat::None' } };
  for (let i = 0; i < size; i++) {
    resources[`r${i}`] = {
      type: 'OS::Heat::Value',
      properties: { value: { get_resource: i === 0 ? 'base' : `r${i - 1}` } },
    };
  }
  const created = await gql(
    app.url,
    'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id } } }',
    {
      input: {
        name,
        template: hot(resources, { outputs: { last: { value: { get_attr: [`r${size - 1}`, 'value'] } } } }),
      },
    },
    tenant,
  );
  expect(created.errors).toBeUndefined();
  const before = app.db.statementsRun;
  const res = await gql(app.url, DEEP, { name }, tenant);
  expect(res.errors).toBeUndefined();
  expect(res.data!.stack.resources).toHaveLength(size + 1);
  return app.db.statementsRun - before;
}

describe('DataLoader batching', () => {
  it('keeps the Cypher round trips of a deep stack query independent of the number of resources', async () => {
    const small = await statementsFor(3);
    const large = await statementsFor(120);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(12);
  });
});
