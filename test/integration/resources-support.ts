import { execSync } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { ActionContext, ResourceType } from '../../src/resources/types.ts';

/**
 * Shared by the resources-* integration tests: make sure a real server answers (starting it with
 * the command of the services note when it is down), unique names per run, and action contexts.
 */

export const START_COMMANDS = {
  postgresql: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  mariadb: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
  rabbitmq: 'rabbitmq-server -detached',
  nats: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
} as const;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    // Loopback answers at once, connected or refused: no clock of our own.
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, seconds: number): Promise<boolean> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(500);
  }
  return false;
}

/** Ensures 127.0.0.1:<port> answers; starts the server when it does not, else fails naming it. */
export async function ensureServer(service: keyof typeof START_COMMANDS, port: number): Promise<void> {
  if (await portOpen(port)) return;
  try {
    execSync(START_COMMANDS[service], { stdio: 'pipe', shell: '/bin/bash', timeout: 120_000 });
  } catch (error) {
    throw new Error(
      `${service} is not running on 127.0.0.1:${port} and starting it failed (${START_COMMANDS[service]}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!(await waitFor(() => portOpen(port), 90)))
    throw new Error(
      `${service} is not running on 127.0.0.1:${port}; started with "${START_COMMANDS[service]}" but it does not answer`,
    );
}

async function managementAnswers(): Promise<boolean> {
  try {
    const res = await fetch('http://127.0.0.1:15672/api/overview', {
      headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
      signal: AbortSignal.timeout(3000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** RabbitMQ with its management API: starts the broker and enables the plugin when needed. */
export async function ensureRabbitManagement(): Promise<void> {
  await ensureServer('rabbitmq', 5672);
  if (await managementAnswers()) return;
  try {
    execSync('rabbitmq-plugins enable rabbitmq_management', { stdio: 'pipe', timeout: 120_000 });
  } catch (error) {
    throw new Error(
      `RabbitMQ's management API does not answer on 127.0.0.1:15672 and "rabbitmq-plugins enable rabbitmq_management" failed (run it as root): ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!(await waitFor(managementAnswers, 90)))
    throw new Error(
      'RabbitMQ management API still not answering on 127.0.0.1:15672 after enabling the plugin',
    );
}

/** A prefix unique to this run; every name a test creates starts with it. */
export function runPrefix(system: string): string {
  return `ce_it_${system}_${randomBytes(4).toString('hex')}_`;
}

/** Prefix shared by every run of these tests, for sweeping leftovers of runs that crashed. */
export const SWEEP_PREFIX = 'ce_it_';

let counter = 0;

/** An action context as the worker builds one. */
export function actionContext(
  action: ActionContext['action'],
  properties: Record<string, unknown>,
  extra: Partial<ActionContext> = {},
): ActionContext {
  counter += 1;
  return {
    resourceId: extra.idempotencyKey ?? `res-${counter}`,
    idempotencyKey: `key-${counter}`,
    stackId: 'stack-1',
    stackName: 'it',
    tenant: 'tenant-a',
    name: 'r',
    action,
    properties,
    startedAt: Date.now(),
    attempt: 0,
    signal: new AbortController().signal,
    ...extra,
  };
}

/** create, then observe until done (as the observer would), returning both results. */
export async function createAndObserve(type: ResourceType, ctx: ActionContext) {
  const created = await type.create(ctx);
  const observed = await observeUntil(type, ctx, 'done');
  return { created, observed };
}

export async function observeUntil(
  type: ResourceType,
  ctx: ActionContext,
  state: 'done' | 'missing',
  seconds = 90,
) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const o = await type.observe(ctx);
    if (o.state === state) return o;
    if (o.state === 'failed' || Date.now() > until)
      throw new Error(`observe: expected ${state}, got ${JSON.stringify(o)}`);
    await sleep(200);
  }
}

export async function deleteAndConfirm(type: ResourceType, ctx: ActionContext) {
  const del = { ...ctx, action: 'DELETE' as const };
  const result = await type.delete(del);
  if (!result.done) await observeUntil(type, del, 'missing');
  return observeUntil(type, del, 'missing');
}

/**
 * Whether the server's stored SCRAM verifier of a role matches a password (RFC 5802). The local
 * server trusts loopback logins, so a login alone would not prove the password.
 */
export async function pgStoredPasswordIs(
  admin: { query<R>(text: string, values: unknown[]): Promise<{ rows: R[] }> },
  role: string,
  password: string,
): Promise<boolean> {
  const r = await admin.query<{ rolpassword: string | null }>(
    'SELECT rolpassword FROM pg_authid WHERE rolname = $1',
    [role],
  );
  const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(r.rows[0]?.rolpassword ?? '');
  if (!m) return false;
  const salted = pbkdf2Sync(password, Buffer.from(m[2]!, 'base64'), Number(m[1]), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return createHash('sha256').update(clientKey).digest('base64') === m[3];
}

type PgAdmin = { query<R>(text: string, values?: unknown[]): Promise<{ rows: R[] }> };

/**
 * Whether `user` logs in with `password`: the stored verifier matches (the local server trusts
 * loopback logins, so a login alone proves nothing) and a real connection with it works.
 */
export async function pgLogsIn(admin: PgAdmin, user: string, password: string): Promise<boolean> {
  if (!(await pgStoredPasswordIs(admin, user, password))) return false;
  const client = new pg.Client({ host: '127.0.0.1', user, password, database: 'postgres' });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops every role whose name starts with `prefix` (a run's leftovers, also after a failure). */
export async function dropRolesWithPrefix(admin: PgAdmin, prefix: string): Promise<void> {
  const roles = await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [
    `${prefix}%`,
  ]);
  for (const { rolname } of roles.rows) await admin.query(`DROP ROLE IF EXISTS "${rolname}"`);
}
