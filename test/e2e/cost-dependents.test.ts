import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { createSettledAs, hot } from '../support/stacks.ts';

/**
 * Issue 16 §4: `Resource.requires` and `Resource.neededBy` are estimated at 5 items before a query
 * runs; a resource that many others need holds far more, and charges the excess as it resolves.
 */
let app: TestApp;
const DEPENDENTS = 100;
const name = uniqueName('star');

beforeAll(async () => {
  app = await startTestApp({ MAX_QUERY_COMPLEXITY: '300' });
  const resources: Record<string, unknown> = { hub: { type: 'OS::Heat::None' } };
  for (let i = 0; i < DEPENDENTS; i++) resources[`d${i}`] = { type: 'OS::Heat::None', depends_on: ['hub'] };
  // Status-only reads: this service's cost limit is low on purpose.
  await createSettledAs(app.url, undefined, { name, template: hot(resources) }, 120_000);
});
afterAll(async () => app?.stop());

const hubDependents = (aliases: number) =>
  `query($n: String!) { stack(name: $n) { ${Array.from(
    { length: aliases },
    (_, i) => `a${i}: resource(name: "hub") { neededBy { name } }`,
  ).join(' ')} } }`;

describe('a resource many others need', () => {
  it('answers its dependents once, within the limit', async () => {
    const r = await gql(app.url, hubDependents(1), { n: name });
    expect(r.errors).toBeUndefined();
    expect(r.data!.stack.a0.neededBy).toHaveLength(DEPENDENTS);
  });

  it('refuses reading them many times over, though the estimate (5 each) fits', async () => {
    // Estimated at 4 × (1 + 5) before it runs; 4 × 100 dependents at real size exceed 300.
    const r = await gql(app.url, hubDependents(4), { n: name });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      details: { limit: 'MAX_QUERY_COMPLEXITY', max: 300 },
    });
    expect(r.errors?.[0]?.message).toContain("hub's 100 dependents");
  });

  it('charges dependencies the same way: every dependent lists the hub, within its estimate', async () => {
    const r = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { resource(name: "d7") { requires { name } } } }',
      {
        n: name,
      },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.stack.resource.requires).toEqual([{ name: 'hub' }]);
  });
});
