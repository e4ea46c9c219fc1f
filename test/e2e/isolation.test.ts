import type { Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, uniqueTenant, type TestApp } from '../support/app.ts';
import { collect, gql, wsClient } from '../support/graphql.ts';
import { createSettledAs, eventually, hot } from '../support/stacks.ts';

/**
 * Issue 16 §4, §7, §8, §9, §11, §12 and issue 14 §5 against a real authenticated service: the
 * coded refusals, at small scale, with limits set low so each attack trips them.
 */
const SECRET = 'isolation-test-secret-0123456789abc';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const tenant = uniqueTenant('iso');
const other = uniqueTenant('iso-other');
let app: TestApp;
const STACK = uniqueName('wide');
const RESOURCES = 110;

async function token(claims: Record<string, unknown>, exp: number | string | null = '30m', iat?: number) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' });
  if (iat === undefined) jwt.setIssuedAt();
  else jwt.setIssuedAt(iat);
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

let editor: string;
beforeAll(async () => {
  app = await startTestApp({
    AUTH_JWT_SECRET: SECRET,
    WORKER_TENANTS: `${tenant},${other}`,
    METRICS_TOKEN,
    MAX_SUBSCRIPTIONS_PER_PRINCIPAL: '3',
    MAX_SUBSCRIPTIONS_PER_TENANT: '5',
    MAX_QUERY_COMPLEXITY: '2000',
    MAX_PAGE_SIZE: '10',
    DEFAULT_PAGE_SIZE: '7',
    MAX_COMPILES_PER_REQUEST: '2',
    MAX_RESPONSE_BYTES: '20000',
  });
  editor = await token({ tenant, role: 'editor', sub: 'alice' });
  const resources = Object.fromEntries(
    Array.from({ length: RESOURCES }, (_, i) => [
      `r${String(i).padStart(3, '0')}`,
      {
        type: 'OS::Heat::None',
        properties: { index: i },
        ...(i > 0 ? { depends_on: [`r${String(i - 1).padStart(3, '0')}`] } : {}),
      },
    ]),
  );
  // A status-only query: this service's cost limit is low on purpose (the stack has many resources).
  await createSettledAs(app.url, editor, { name: STACK, template: hot(resources) }, 120_000);
});
afterAll(async () => {
  await app?.stop();
});

const code = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => r.errors?.[0]?.extensions?.code;
const details = (r: { errors?: Array<{ extensions?: { details?: Record<string, unknown> } }> }) =>
  r.errors?.[0]?.extensions?.details;

describe('tokens', () => {
  it('refuses a token without exp, with iat in the future, or with an oversized tenant claim, as UNAUTHENTICATED with a reason', async () => {
    const noExp = await gql(app.url, '{ __typename }', {}, await token({ tenant, role: 'reader' }, null));
    expect(noExp.status).toBe(401);
    expect(noExp.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED', details: { reason: 'EXP_REQUIRED' } },
    });
    const future = await gql(
      app.url,
      '{ __typename }',
      {},
      await token({ tenant, role: 'reader' }, '2h', Math.floor(Date.now() / 1000) + 3600),
    );
    expect(future.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED', details: { reason: 'IAT_IN_FUTURE' } },
    });
    // A little skew is fine.
    const skewed = await gql(
      app.url,
      '{ __typename }',
      {},
      await token({ tenant, role: 'reader' }, '2h', Math.floor(Date.now() / 1000) + 20),
    );
    expect(skewed.errors).toBeUndefined();
    for (const size of [257, 9000]) {
      const huge = await gql(
        app.url,
        '{ stacks { name } }',
        {},
        await token({ tenant: 'x'.repeat(size), role: 'editor' }),
      );
      expect(huge.status).toBe(401);
      expect(huge.errors?.[0]).toMatchObject({
        extensions: { code: 'UNAUTHENTICATED', details: { reason: 'CLAIM_TOO_LONG' } },
      });
    }
  });

  it('keeps a WebSocket open for a token expiring in 30 days (beyond setTimeout’s 24.8-day range)', async () => {
    const longLived = await token({ tenant, role: 'reader', sub: 'long' }, '30d');
    const client = wsClient(app.wsUrl, { authorization: `Bearer ${longLived}` });
    const READINESS = 'subscription($n: String!) { resourceReadiness(name: $n) { ready total } }';
    const first = await collect(client, READINESS, { n: STACK }, (v) => v.length >= 1, 10_000);
    expect(first).toHaveLength(1);
    // The same connection still serves a second operation: it was not closed with 4401.
    const second = await collect(client, READINESS, { n: STACK }, (v) => v.length >= 1, 10_000);
    expect(second[0]).toMatchObject({ resourceReadiness: { total: RESOURCES } });
    await client.dispose();
  });
});

/** Opens a subscription that stays open; resolves once its first value arrived, or with the refusal code. */
function hold(
  client: Client,
  name: string,
): Promise<{ ok: true; dispose: () => void } | { ok: false; code: string; limit: unknown }> {
  return new Promise((resolve) => {
    let done = false;
    const dispose = client.subscribe(
      {
        query: 'subscription($n: String!) { resourceReadiness(name: $n) { ready } }',
        variables: { n: name },
      },
      {
        next: (value) => {
          // A refusal inside the subscribe resolver (NOT_FOUND) arrives as a result with errors.
          const refused = value.errors?.[0] as { extensions?: { code?: string } } | undefined;
          if (!done)
            resolve(
              refused
                ? { ok: false, code: refused.extensions?.code ?? 'UNKNOWN', limit: undefined }
                : { ok: true, dispose },
            );
          done = true;
        },
        error: (e) => {
          const err = (Array.isArray(e) ? e[0] : e) as {
            extensions?: { code: string; details?: { limit: unknown } };
          };
          resolve({
            ok: false,
            code: err.extensions?.code ?? String(e),
            limit: err.extensions?.details?.limit,
          });
        },
        complete: () => {},
      },
    );
  });
}

describe('subscriptions across connections', () => {
  it('limits subscriptions per principal and per tenant, not only per connection, and frees them on completion', async () => {
    const alice = await token({ tenant, role: 'reader', sub: 'sub-alice' });
    const bob = await token({ tenant, role: 'reader', sub: 'sub-bob' });
    const clients = [alice, alice, alice, bob, bob, bob].map((t) =>
      wsClient(app.wsUrl, { authorization: `Bearer ${t}` }),
    );
    try {
      // Alice: three subscriptions over three connections, the fourth (a new connection) is refused.
      const held = [];
      for (const c of clients.slice(0, 3)) {
        const h = await hold(c, STACK);
        expect(h.ok).toBe(true);
        held.push(h);
      }
      const fourth = await hold(clients[1]!, STACK);
      expect(fourth).toMatchObject({
        ok: false,
        code: 'LIMIT_EXCEEDED',
        limit: 'MAX_SUBSCRIPTIONS_PER_PRINCIPAL',
      });
      // Bob, same tenant: two fit (tenant total 5), the third is refused for the tenant.
      expect((await hold(clients[3]!, STACK)).ok).toBe(true);
      expect((await hold(clients[4]!, STACK)).ok).toBe(true);
      expect(await hold(clients[5]!, STACK)).toMatchObject({
        ok: false,
        limit: 'MAX_SUBSCRIPTIONS_PER_TENANT',
      });
      // Another tenant is not affected.
      const outsider = wsClient(app.wsUrl, {
        authorization: `Bearer ${await token({ tenant: other, role: 'reader' })}`,
      });
      expect(await hold(outsider, STACK)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      await outsider.dispose();
      // Completing one of Alice's frees a place for her.
      const first = held[0]!;
      if (first.ok) first.dispose();
      // The server releases the place when it has processed the completion: ask until it has.
      const again = await eventually(async () => {
        const h = await hold(clients[2]!, STACK);
        return h.ok ? h : null;
      }, 'a place freed by completing a subscription');
      expect(again.ok).toBe(true);
    } finally {
      for (const c of clients) await c.dispose();
    }
  });

  it('replays history across several pages, in order, without gap or duplicate', async () => {
    const client = wsClient(app.wsUrl, { authorization: `Bearer ${editor}` });
    const last = (
      await gql(app.url, 'query($n: String!) { stack(name: $n) { lastEventSequence } }', { n: STACK }, editor)
    ).data!.stack.lastEventSequence as number;
    expect(last).toBeGreaterThan(200); // more than one replay page
    const values = await collect<{ stackEvents: { sequence: number } }>(
      client,
      'subscription($n: String!) { stackEvents(name: $n, after: 0) { sequence } }',
      { n: STACK },
      (v) => v.length >= last,
    );
    expect(values.map((v) => v.stackEvents.sequence)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    await client.dispose();
  });
});

describe('cost limits and pagination', () => {
  it('pages resources, events and stacks as Relay connections', async () => {
    const names: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: Awaited<ReturnType<typeof gql>> = await gql(
        app.url,
        'query($n: String!, $after: String) { stack(name: $n) { resourcesConnection(after: $after) { edges { node { name } cursor } pageInfo { hasNextPage endCursor } } } }',
        { n: STACK, after },
        editor,
      );
      expect(r.errors).toBeUndefined();
      const conn = (r.data as { stack: { resourcesConnection: unknown } }).stack.resourcesConnection as {
        edges: Array<{ node: { name: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      expect(conn.edges.length).toBeLessThanOrEqual(7); // DEFAULT_PAGE_SIZE
      names.push(...conn.edges.map((e: { node: { name: string } }) => e.node.name));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(names).toEqual(Array.from({ length: RESOURCES }, (_, i) => `r${String(i).padStart(3, '0')}`));

    const events = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { eventsConnection(first: 5) { edges { node { sequence } } pageInfo { hasNextPage endCursor } } } }',
      { n: STACK },
      editor,
    );
    const page1 = events.data!.stack.eventsConnection;
    expect(page1.edges.map((e: { node: { sequence: number } }) => e.node.sequence)).toEqual([1, 2, 3, 4, 5]);
    const next = await gql(
      app.url,
      'query($n: String!, $a: String) { stack(name: $n) { eventsConnection(first: 5, after: $a) { edges { node { sequence } } } } }',
      { n: STACK, a: page1.pageInfo.endCursor },
      editor,
    );
    expect(next.data!.stack.eventsConnection.edges[0].node.sequence).toBe(6);

    const stacks = await gql(
      app.url,
      '{ stacksConnection(first: 10) { edges { node { name } } pageInfo { hasNextPage } } }',
      {},
      editor,
    );
    expect(stacks.data!.stacksConnection.edges.map((e: { node: { name: string } }) => e.node.name)).toContain(
      STACK,
    );

    const tooBig = await gql(app.url, '{ stacksConnection(first: 11) { edges { cursor } } }', {}, editor);
    expect(code(tooBig)).toBe('BAD_USER_INPUT');
  });

  it('refuses many aliases of a big unpaginated list before any resolver reads it', async () => {
    // What resolvers read (the stack, its current version, its resources), and the sizes read first.
    const runs = (statement: string) => app.db.statementTimes.get(statement)?.count ?? 0;
    const resolved = () =>
      ['read/stack-by-name', 'read/current-versions', 'read/resources-by-versions'].map(runs);
    const aliases = Array.from(
      { length: 40 },
      (_, i) => `a${i}: stack(name: $n) { resources { name } }`,
    ).join(' ');
    // At a default page (7 items) the 40 aliases would be estimated at 40 × 9 = 360 (limit 2,000)
    // and refused only once the resources were read; at the real 110 items they cost 40 × 112.
    const before = resolved();
    const sizesBefore = runs('read/list-sizes');
    const r = await gql(app.url, `query($n: String!) { ${aliases} }`, { n: STACK }, editor);
    expect(code(r)).toBe('QUERY_TOO_COMPLEX');
    expect(details(r)).toEqual({ limit: 'MAX_QUERY_COMPLEXITY', max: 2000, actual: 40 * (2 + RESOURCES) });
    expect(r.data).toBeUndefined();
    expect(resolved()).toEqual(before);
    expect(runs('read/list-sizes')).toBe(sizesBefore + 1);

    // The same over WebSocket (graphql-ws also runs queries): refused before it runs, too.
    const client = wsClient(app.wsUrl, { authorization: `Bearer ${editor}` });
    try {
      const ws = await collect(client, `query($n: String!) { ${aliases} }`, { n: STACK }, () => true).then(
        () => 'answered',
        (error: Error) => error.message,
      );
      expect(ws).toContain('QUERY_TOO_COMPLEX');
      expect(resolved()).toEqual(before);
    } finally {
      await client.dispose();
    }

    // A query that fits at the real sizes still runs, and reads no more sizes than it needs.
    const two = await gql(
      app.url,
      'query($n: String!) { a: stack(name: $n) { resources { name } } b: stack(name: $n) { status } }',
      { n: STACK },
      editor,
    );
    expect(two.errors).toBeUndefined();
    expect(two.data!.a.resources).toHaveLength(RESOURCES);
    const plain = runs('read/list-sizes');
    await gql(app.url, '{ stacks { name } }', {}, editor);
    expect(runs('read/list-sizes')).toBe(plain);
  });

  it('counts the deprecated resources list at its real size', async () => {
    // At DEFAULT_PAGE_SIZE (7) items, 7 × 29 would fit; 110 real items × 29 do not.
    const r = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { resources { id name type status properties attributes definition requires { name type } neededBy { name type } } } }',
      { n: STACK },
      editor,
    );
    expect(code(r)).toBe('QUERY_TOO_COMPLEX');
    expect(details(r)).toMatchObject({ limit: 'MAX_QUERY_COMPLEXITY', max: 2000 });
    const small = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { resources { name } } }',
      { n: STACK },
      editor,
    );
    expect(small.errors).toBeUndefined();
    expect(small.data!.stack.resources).toHaveLength(RESOURCES);
  });

  it('refuses aliased lists by their page sizes and counts introspection', async () => {
    const aliases = Array.from(
      { length: 100 },
      (_, i) =>
        `a${i}: stack(name: $n) { resourcesConnection(first: 10) { edges { node { name properties } } } }`,
    ).join(' ');
    const r = await gql(app.url, `query($n: String!) { ${aliases} }`, { n: STACK }, editor);
    expect(r.errors?.[0]?.extensions, JSON.stringify(r.errors?.[0])).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
    });
    const introspection = Array.from(
      { length: 20 },
      (_, i) => `i${i}: __schema { types { name fields { name } } }`,
    ).join(' ');
    const intro = await gql(app.url, `{ ${introspection} }`, {}, editor);
    expect(intro.errors?.[0]?.extensions, JSON.stringify(intro.errors?.[0])).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
    });
    const one = await gql(app.url, '{ __schema { queryType { name } } }', {}, editor);
    expect(one.errors).toBeUndefined();
  });

  it('limits template compilations per request (validateTemplate, previewStack, diff)', async () => {
    const t = hot({ a: { type: 'OS::Heat::None' } });
    const three = await gql(
      app.url,
      'query($t: String!) { a: validateTemplate(template: $t) { valid } b: validateTemplate(template: $t) { valid } c: validateTemplate(template: $t) { valid } }',
      { t },
      editor,
    );
    expect(code(three)).toBe('LIMIT_EXCEEDED');
    expect(details(three)).toMatchObject({ limit: 'MAX_COMPILES_PER_REQUEST', max: 2, actual: 3 });
    const inList = await gql(
      app.url,
      '{ stacksConnection { edges { node { diff(from: 1, to: 1) { from } } } } }',
      {},
      editor,
    );
    expect(details(inList)).toMatchObject({ limit: 'MAX_COMPILES_PER_REQUEST' });
    const two = await gql(
      app.url,
      'query($t: String!) { a: validateTemplate(template: $t) { valid } b: validateTemplate(template: $t) { valid } }',
      { t },
      editor,
    );
    expect(two.data).toMatchObject({ a: { valid: true }, b: { valid: true } });
  });

  it('refuses an answer larger than MAX_RESPONSE_BYTES with a coded error', async () => {
    const aliases = Array.from({ length: 10 }, (_, i) => `t${i}: resourceTypes { name properties }`).join(
      ' ',
    );
    const res = await gql(app.url, `{ ${aliases} }`, {}, editor);
    expect(code(res)).toBe('LIMIT_EXCEEDED');
    expect(details(res)).toMatchObject({ limit: 'MAX_RESPONSE_BYTES', max: 20000 });
  });
});

describe('/metrics and /readyz', () => {
  it('needs METRICS_TOKEN, and labels operations by schema field, not by client-chosen names', async () => {
    for (let i = 0; i < 5; i++)
      await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${editor}` },
        body: JSON.stringify({
          query: `query Random${i}x { stacks { name } }`,
          operationName: `Random${i}x`,
        }),
      });
    const metricsUrl = app.url.replace('/graphql', '/metrics');
    expect((await fetch(metricsUrl)).status).toBe(401);
    expect((await fetch(metricsUrl, { headers: { authorization: `Bearer ${editor}` } })).status).toBe(401);
    const res = await fetch(metricsUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation="stacks",type="query"\} [5-9]/);
    expect(text).not.toMatch(/Random\dx/);
    const ready = await fetch(app.url.replace('/graphql', '/readyz'));
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
