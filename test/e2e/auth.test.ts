import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, uniqueTenant, type TestApp } from '../support/app.ts';
import { collect, gql, wsClient } from '../support/graphql.ts';
import { hot } from '../support/stacks.ts';

const SECRET = 'a-test-secret-that-is-long-enough-123';
const alice = uniqueTenant('alice');
const bob = uniqueTenant('bob');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
let app: TestApp;
let ecApp: TestApp;

async function token(
  claims: Record<string, unknown>,
  expiresIn: string | number = '10m',
  secret = SECRET,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

beforeAll(async () => {
  app = await startTestApp({ AUTH_JWT_SECRET: SECRET, WORKER_TENANTS: `${alice},${bob}` });
  ecApp = await startTestApp({
    AUTH_JWT_PUBLIC_KEY: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    AUTH_TENANT_CLAIM: 'org',
    AUTH_ROLE_CLAIM: 'access',
    RUN_WORKERS: 'false',
  });
});
afterAll(async () => {
  await app?.stop();
  await ecApp?.stop();
});

const CREATE = 'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { name status } } }';
const template = hot({ a: { type: 'OS::Heat::TestResource', properties: { wait_secs: 0.05 } } });

describe('bearer tokens on HTTP', () => {
  it('refuses a request without a token, with a bad signature, or expired, as UNAUTHENTICATED (401)', async () => {
    const none = await gql(app.url, '{ stacks { name } }');
    expect(none.status).toBe(401);
    expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await gql(
      app.url,
      '{ stacks { name } }',
      {},
      await token({ tenant: alice, role: 'editor' }, '10m', 'another-secret-entirely-1234567'),
    );
    expect(forged.errors?.[0]).toMatchObject({
      message: 'The token signature is invalid',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const expired = await gql(
      app.url,
      '{ stacks { name } }',
      {},
      await token({ tenant: alice, role: 'editor' }, Math.floor(Date.now() / 1000) - 60),
    );
    expect(expired.errors?.[0]).toMatchObject({
      message: 'The token has expired',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const garbage = await gql(app.url, '{ stacks { name } }', {}, 'not-a-jwt');
    expect(garbage.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const noTenant = await gql(app.url, '{ stacks { name } }', {}, await token({ role: 'editor' }));
    expect(noTenant.errors?.[0]?.message).toMatch(/no "tenant" claim/);
  });

  it('lets readers query but not mutate (FORBIDDEN), and editors do both', async () => {
    const reader = await token({ tenant: alice, role: 'reader' });
    expect((await gql(app.url, '{ stacks { name } }', {}, reader)).errors).toBeUndefined();
    const refused = await gql(app.url, CREATE, { input: { name: uniqueName(), template } }, reader);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const editor = await token({ tenant: alice, role: 'editor' });
    const created = await gql(app.url, CREATE, { input: { name: uniqueName(), template } }, editor);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createStack.stack.status).toBe('CREATE_IN_PROGRESS');
  });

  it('verifies ES256 tokens against a public key, with configurable claim names', async () => {
    const key = await importPKCS8(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'ES256');
    const good = await new SignJWT({ org: alice, access: 'editor' })
      .setProtectedHeader({ alg: 'ES256' })
      .setExpirationTime('5m')
      .sign(key);
    const res = await gql(ecApp.url, CREATE, { input: { name: uniqueName(), template } }, good);
    expect(res.errors).toBeUndefined();
    // An HS256 token is not accepted by a service configured with a public key only.
    const hs = await gql(ecApp.url, '{ stacks { name } }', {}, await token({ org: alice, access: 'editor' }));
    expect(hs.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('bearer tokens on WebSocket', () => {
  const SUB = 'subscription($name: String!) { stackEvents(name: $name, after: 0) { sequence status } }';

  it('closes connections without a valid token', async () => {
    for (const params of [{}, { authorization: 'Bearer nope' }]) {
      const client = wsClient(app.wsUrl, params);
      await expect(collect(client, SUB, { name: 'x' }, () => true, 5000)).rejects.toMatchObject({
        code: 4403,
      });
      await client.dispose();
    }
  });

  it('closes a connection when its token expires', async () => {
    const name = uniqueName();
    const editor = await token({ tenant: alice, role: 'editor' });
    await gql(app.url, CREATE, { input: { name, template } }, editor);
    const shortLived = await token({ tenant: alice, role: 'reader' }, Math.floor(Date.now() / 1000) + 2);
    const client = wsClient(app.wsUrl, { authorization: `Bearer ${shortLived}` });
    const started = Date.now();
    await expect(collect(client, SUB, { name }, () => false, 15_000)).rejects.toMatchObject({ code: 4401 });
    expect(Date.now() - started).toBeLessThan(10_000);
    await client.dispose();
  });
});

describe('tenant isolation', () => {
  it("reports another tenant's stack as NOT_FOUND in queries, mutations and subscriptions", async () => {
    const name = uniqueName('private');
    const aliceEditor = await token({ tenant: alice, role: 'editor' });
    const bobEditor = await token({ tenant: bob, role: 'editor' });
    expect((await gql(app.url, CREATE, { input: { name, template } }, aliceEditor)).errors).toBeUndefined();

    const seen = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { id } stacks(first: 1000) { name } }',
      { n: name },
      bobEditor,
    );
    expect(seen.data!.stack).toBeNull();
    expect(seen.data!.stacks.map((s: { name: string }) => s.name)).not.toContain(name);

    const mutations: Array<[string, string, Record<string, unknown>]> = [
      ['updateStack', 'UpdateStackInput', { name, template }],
      ['deleteStack', 'DeleteStackInput', { name }],
      ['rollbackStack', 'RollbackStackInput', { name }],
      ['cancelStackUpdate', 'CancelStackUpdateInput', { name }],
    ];
    for (const [field, type, input] of mutations) {
      const res = await gql(
        app.url,
        `mutation($input: ${type}!) { ${field}(input: $input) { stack { id } } }`,
        { input },
        bobEditor,
      );
      expect(res.errors?.[0]?.extensions?.code, field).toBe('NOT_FOUND');
    }
    const preview = await gql(
      app.url,
      'query($n: String!, $t: String) { previewStack(name: $n, template: $t) { exists } }',
      { n: name, t: template },
      bobEditor,
    );
    expect(preview.data!.previewStack.exists).toBe(false);

    const client = wsClient(app.wsUrl, { authorization: `Bearer ${bobEditor}` });
    await expect(
      collect(
        client,
        'subscription($n: String!) { stackEvents(name: $n, after: 0) { sequence } }',
        { n: name },
        () => true,
        5000,
      ),
    ).rejects.toThrow(/NOT_FOUND/);
    await expect(
      collect(
        client,
        'subscription($n: String!) { resourceReadiness(name: $n) { ready } }',
        { n: name },
        () => true,
        5000,
      ),
    ).rejects.toThrow(/NOT_FOUND/);
    await client.dispose();

    // Names are unique per tenant: bob may use the same name for his own stack.
    expect((await gql(app.url, CREATE, { input: { name, template } }, bobEditor)).errors).toBeUndefined();
    const own = await gql(app.url, 'query($n: String!) { stack(name: $n) { id } }', { n: name }, aliceEditor);
    expect(own.data!.stack).not.toBeNull();
  });
});
