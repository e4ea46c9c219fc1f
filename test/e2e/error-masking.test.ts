import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/resources/registry.ts';
import { noneType } from '../../src/resources/builtin/none.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';

let app: TestApp;
beforeAll(async () => {
  // A resource type whose description blows up: an unexpected error inside a resolver.
  const broken = {
    ...noneType,
    name: 'Test::Broken',
    get description(): string {
      throw new Error('secret detail from /srv/internal/path.ts:42');
    },
  };
  app = await startTestApp({ RUN_WORKERS: 'false' }, { registry: builtinRegistry().register(broken) });
});
afterAll(async () => app?.stop());

describe('unexpected errors', () => {
  it('are masked for clients, with a correlation id, and no internals', async () => {
    const res = await gql(app.url, '{ resourceTypes { name description } }');
    const error = res.errors?.[0];
    expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error?.extensions?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error?.message).toContain(String(error?.extensions?.correlationId));
    expect(JSON.stringify(res)).not.toMatch(/secret detail|\/srv\/internal|stacktrace/);
  });

  it('leave requests with malformed JSON bodies a coded BAD_REQUEST', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    expect(
      ((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
    ).toBe('BAD_REQUEST');
  });
});
