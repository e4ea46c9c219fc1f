import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, uniqueTenant, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { RecordingServer } from '../support/recording-server.ts';
import { hot, waitForStack } from '../support/stacks.ts';

/**
 * Issue 16 §1 and §5 against a real service in authenticated mode: webhooks may not reach
 * loopback, link-local, private or unspecified addresses in any spelling; only `localhost` is
 * allowed here (WEBHOOK_ALLOW), so the recording server is reachable by that name only.
 */
const SECRET = 'webhook-guard-test-secret-0123456789';
const tenant = uniqueTenant('guard');
let app: TestApp;
let token: string;
let endpoint: RecordingServer;
let port: number;
const servers: Server[] = [];
const hits: string[] = [];

/** A raw HTTP server answering every request with `answer`, recording what reached it. */
async function rawServer(answer: (path: string, res: ServerResponse) => void) {
  const server = createServer((req, res) => {
    hits.push(`${(server.address() as AddressInfo).port} ${req.method} ${req.url}`);
    answer(req.url ?? '', res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  app = await startTestApp({
    AUTH_JWT_SECRET: SECRET,
    WORKER_TENANTS: tenant,
    WEBHOOK_ALLOW: 'localhost',
    WEBHOOK_MAX_RESPONSE_BYTES: '65536',
    RETRY_LIMIT: '0',
  });
  token = await new SignJWT({ tenant, role: 'editor' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('30m')
    .sign(new TextEncoder().encode(SECRET));
  endpoint = await new RecordingServer().start();
  port = Number(new URL(endpoint.url).port);
});
afterAll(async () => {
  await app?.stop();
  await endpoint?.stop();
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

async function hookStack(
  url: string,
  extra: Record<string, unknown> = {},
  service = app.url,
  bearer = token,
) {
  const name = uniqueName('guard');
  const res = await gql(
    service,
    'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { name } } }',
    {
      input: {
        name,
        disableRollback: true,
        template: hot({ hook: { type: 'Convergence::Webhook', properties: { url, retries: 0, ...extra } } }),
      },
    },
    bearer,
  );
  if (res.errors) return { name, errors: res.errors, resource: null };
  const stack = await waitForStack(service, name, undefined, 120_000, bearer);
  return {
    name,
    errors: null,
    status: stack.status as string,
    resource: stack.resources[0] as { id: string; status: string; statusReason: string },
  };
}

describe('webhook targets (authenticated mode)', () => {
  it.each([
    ['127.0.0.1', (p: number) => `http://127.0.0.1:${p}/things`],
    ['decimal 2130706433', (p: number) => `http://2130706433:${p}/things`],
    ['short 127.1', (p: number) => `http://127.1:${p}/things`],
    ['IPv4-mapped IPv6', (p: number) => `http://[::ffff:127.0.0.1]:${p}/things`],
    ['unspecified 0.0.0.0', (p: number) => `http://0.0.0.0:${p}/things`],
    ['IPv6 loopback', (p: number) => `http://[::1]:${p}/things`],
    ['link-local metadata', () => 'http://169.254.169.254/latest/meta-data'],
    ['private 10/8', () => 'http://10.0.0.1/things'],
    ['private 192.168/16', () => 'http://192.168.0.1/things'],
    ['unique local fd00::/8', () => 'http://[fd00::1]/things'],
  ])('refuses %s with WEBHOOK_TARGET_DENIED and sends nothing', async (_label, url) => {
    const before = endpoint.calls.length;
    const { status, resource } = await hookStack(url(port));
    expect(status).toBe('CREATE_FAILED');
    expect(resource!.statusReason).toMatch(/WEBHOOK_TARGET_DENIED/);
    expect(endpoint.calls.length).toBe(before);
  });

  it('checks the resolved address: a name resolving to loopback is refused unless allowed', async () => {
    // The same service without WEBHOOK_ALLOW: `localhost` is a name, refused for what it resolves to.
    const strictTenant = uniqueTenant('strict');
    const strict = await startTestApp({
      AUTH_JWT_SECRET: SECRET,
      WORKER_TENANTS: strictTenant,
      RETRY_LIMIT: '0',
    });
    try {
      const strictToken = await new SignJWT({ tenant: strictTenant, role: 'editor' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('30m')
        .sign(new TextEncoder().encode(SECRET));
      const before = endpoint.calls.length;
      const { resource } = await hookStack(`http://localhost:${port}/things`, {}, strict.url, strictToken);
      expect(resource!.statusReason).toMatch(/WEBHOOK_TARGET_DENIED: localhost \((127\.0\.0\.1|::1)\)/);
      expect(endpoint.calls.length).toBe(before);
    } finally {
      await strict.stop();
    }
  });

  it('reaches an allowed target, with the key always appended (a URL ending in # or ? cannot drop it)', async () => {
    for (const suffix of ['#', '?']) {
      const { status, resource } = await hookStack(`http://localhost:${port}/things${suffix}`);
      expect(status).toBe('CREATE_COMPLETE');
      const calls = endpoint.calls.filter((c) => c.key === resource!.id);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((c) => c.method === 'PUT' || c.method === 'GET')).toBe(true);
    }
  });

  it('does not follow a redirect to another origin, and the other origin sees no request (nor headers)', async () => {
    const other = await rawServer((_p, res) => res.writeHead(200).end('{}'));
    const redirecting = await rawServer((_p, res) =>
      res.writeHead(307, { location: `http://localhost:${other}/stolen` }).end(),
    );
    const { resource } = await hookStack(`http://localhost:${redirecting}/things`, {
      headers: { Authorization: 'Bearer template-secret' },
    });
    expect(resource!.statusReason).toMatch(/WEBHOOK_REDIRECT_REFUSED/);
    expect(hits.some((h) => h.startsWith(`${other} `))).toBe(false);
    expect(hits.some((h) => h.startsWith(`${redirecting} PUT`))).toBe(true);
  });

  it('cuts off an answer larger than WEBHOOK_MAX_RESPONSE_BYTES with WEBHOOK_RESPONSE_TOO_LARGE', async () => {
    const big = await rawServer((_p, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // 4 MiB in chunks; the service stops reading after 64 KiB.
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent >= 64) res.end();
        else res.once('drain', pump);
      };
      res.on('error', () => {});
      pump();
    });
    const { resource } = await hookStack(`http://localhost:${big}/things`);
    expect(resource!.statusReason).toMatch(/WEBHOOK_RESPONSE_TOO_LARGE/);
  });

  it('echoes only a short, printable excerpt of a refused answer', async () => {
    const page = `<html><body>\u001b[31m${'internal '.repeat(20)}SECRET-INTERNAL-PAGE ${'y'.repeat(2000)}</body></html>`;
    const leaky = await rawServer((_p, res) => res.writeHead(403, { 'content-type': 'text/html' }).end(page));
    const { resource } = await hookStack(`http://localhost:${leaky}/things`);
    expect(resource!.statusReason).toMatch(/refused with 403/);
    expect(resource!.statusReason).not.toContain('SECRET-INTERNAL-PAGE');
    expect(resource!.statusReason).not.toContain('\u001b');
    expect(resource!.statusReason.length).toBeLessThan(260);
  });

  it('refuses timeout_secs × retries beyond WEBHOOK_MAX_CALL_SECONDS when the template is validated', async () => {
    const { errors } = await hookStack(`http://localhost:${port}/things`, { timeout_secs: 600, retries: 10 });
    expect(errors?.[0]?.extensions?.code).toBe('TEMPLATE_INVALID');
    expect(JSON.stringify(errors?.[0]?.extensions?.details)).toMatch(/WEBHOOK_MAX_CALL_SECONDS/);
  });
});
