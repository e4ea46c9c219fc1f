import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connections } from '../../src/resources/clients.ts';
import { ConnectionSet, localDefaults } from '../../src/resources/connections.ts';
import { builtinRegistry } from '../../src/resources/registry.ts';
import { SecretCodec } from '../../src/secrets/sealing.ts';
import { startTestApp, TEST_SECRETS_KEY, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { allEvents, byName, createStack, hot, mutate, waitForStack } from '../support/stacks.ts';
import { ensureRabbitManagement, ensureServer, runPrefix } from '../integration/resources-support.ts';
import { postgresAdmin, rabbitAdmin } from '../support/servers.ts';

/**
 * checkStack against the real servers: a PostgreSQL role and a RabbitMQ queue are changed behind
 * the engine's back (on the servers themselves), and the check reports exactly that.
 */

const prefix = runPrefix('drift');
const registry = builtinRegistry({ connections: new Connections(new ConnectionSet(localDefaults())) });
let app: TestApp;
const pgAdmin = postgresAdmin();
const seg = encodeURIComponent;

const rabbit = rabbitAdmin;

async function sweep() {
  const roles = await pgAdmin.query<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE rolname LIKE $1',
    [`${prefix}%`],
  );
  for (const { rolname } of roles.rows)
    await pgAdmin.query(`DROP ROLE IF EXISTS "${rolname}"`).catch(() => undefined);
  await rabbit('DELETE', `vhosts/${seg(`${prefix}v`)}`);
}

const CHECK = `mutation($input: CheckStackInput!) { checkStack(input: $input) { stack { status statusReason
  resources { name drift { status checkedAt differences { property expected actual } } } } } }`;

async function checkStack(name: string) {
  const res = await gql(app.url, CHECK, { input: { name } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.checkStack.stack as {
    status: string;
    statusReason: string;
    resources: Array<{
      name: string;
      drift: { status: string; checkedAt: string; differences: Array<Record<string, unknown>> } | null;
    }>;
  };
}

/** `convergence check --name S` as a real process against the test app. */
function cliCheck(name: string): Promise<{ code: number; stdout: string }> {
  return cliRun(['check', '--name', name]);
}

/** The CLI as a real process against the test app. */
function cliRun(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/convergence.mjs', ...args],
      { env: { ...process.env, NO_COLOR: '1', CONVERGENCE_ENDPOINT: app.url, CONVERGENCE_TOKEN: '' } },
      (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

beforeAll(async () => {
  await Promise.all([ensureServer('postgresql', 5432), ensureRabbitManagement()]);
  app = await startTestApp({ RETRY_LIMIT: '2' }, { registry });
});

afterAll(async () => {
  await app?.stop();
  await registry.close();
  await sweep().catch(() => undefined);
  await pgAdmin.end();
});

const template = hot({
  role: {
    type: 'PostgreSQL::Role',
    properties: { name: `${prefix}app`, login: true, password: 'drift-Pa55word', connection_limit: 5 },
  },
  vhost: { type: 'RabbitMQ::VirtualHost', properties: { name: `${prefix}v` } },
  queue: {
    type: 'RabbitMQ::Queue',
    properties: { vhost: { get_resource: 'vhost' }, name: 'orders', durable: true },
  },
  marker: { type: 'OS::Heat::None' },
});

describe('checkStack and repair against the real servers', () => {
  it('reports in sync, then exactly the out-of-band changes; repair converges them back', async () => {
    const name = uniqueName('drift');
    await createStack(app.url, { name, template });
    const created = await waitForStack(app.url, name, undefined, 120_000);
    expect(created.status, created.statusReason).toBe('CREATE_COMPLETE');

    const clean = await checkStack(name);
    expect(clean.status, clean.statusReason).toBe('CHECK_COMPLETE');
    const cleanDrift = byName(clean.resources);
    expect(cleanDrift.role!.drift?.status).toBe('IN_SYNC');
    expect(cleanDrift.queue!.drift?.status).toBe('IN_SYNC');
    expect(cleanDrift.vhost!.drift?.status).toBe('IN_SYNC');
    expect(cleanDrift.marker!.drift?.status).toBe('NOT_CHECKED');

    // Behind the engine's back, on the servers themselves.
    await pgAdmin.query(`ALTER ROLE "${prefix}app" CONNECTION LIMIT 9`);
    expect((await rabbit('DELETE', `queues/${seg(`${prefix}v`)}/orders`)).status).toBe(204);

    const drifted = await checkStack(name);
    expect(drifted.status).toBe('CHECK_FAILED');
    expect(drifted.statusReason).toBe('2 resources drifted: queue DELETED, role MODIFIED');
    const d = byName(drifted.resources);
    expect(d.role!.drift).toMatchObject({
      status: 'MODIFIED',
      differences: [{ property: 'connection_limit', expected: 5, actual: 9 }],
    });
    expect(d.queue!.drift).toMatchObject({ status: 'DELETED', differences: [] });
    expect(d.vhost!.drift?.status).toBe('IN_SYNC');
    expect(Date.parse(d.role!.drift!.checkedAt)).toBeGreaterThanOrEqual(
      Date.parse(cleanDrift.role!.drift!.checkedAt),
    );

    // The check's events went through the normal event path, in order.
    const events = await allEvents(app.url, name);
    const checkEvents = events.filter((e) => e.status.startsWith('CHECK_'));
    expect(checkEvents.at(-1)).toMatchObject({ type: 'STACK', status: 'CHECK_FAILED' });
    expect(
      checkEvents
        .slice(-6)
        .filter((e) => e.resourceName)
        .map((e) => [e.resourceName, e.status]),
    ).toEqual([
      ['marker', 'CHECK_COMPLETE'],
      ['queue', 'CHECK_FAILED'],
      ['role', 'CHECK_FAILED'],
      ['vhost', 'CHECK_COMPLETE'],
    ]);
    // No secret in a finding or an event.
    expect(JSON.stringify(drifted) + JSON.stringify(events)).not.toContain('drift-Pa55word');

    // The CLI prints the drift as `terraform plan` prints changes, and fails on drift.
    const printed = await cliCheck(name);
    expect(printed.code).toBe(1);
    expect(printed.stdout).toContain(`Stack ${name}: CHECK_FAILED`);
    expect(printed.stdout).toMatch(
      /^ {2}\+ queue \(RabbitMQ::Queue\) has drifted: deleted outside the engine$/m,
    );
    expect(printed.stdout).toMatch(
      /^ {2}~ role \(PostgreSQL::Role\) has drifted: changed outside the engine$/m,
    );
    expect(printed.stdout).toContain('      ~ connection_limit: 5 -> 9');
    expect(printed.stdout).toContain('Drift: 1 modified, 1 deleted, 1 in sync, 1 not checked.');

    // Repair: the current template again, with repair: true, converges both back.
    await mutate(app.url, 'updateStack', { name, template, repair: true });
    const repaired = await waitForStack(
      app.url,
      name,
      (s) => s.status === 'UPDATE_COMPLETE' || s.status.endsWith('FAILED'),
      120_000,
    );
    expect(repaired.status, repaired.statusReason).toBe('UPDATE_COMPLETE');
    const role = await pgAdmin.query<{ rolconnlimit: number }>(
      'SELECT rolconnlimit FROM pg_roles WHERE rolname = $1',
      [`${prefix}app`],
    );
    expect(role.rows[0]?.rolconnlimit).toBe(5);
    expect((await rabbit('GET', `queues/${seg(`${prefix}v`)}/orders`)).status).toBe(200);
    const after = await checkStack(name);
    expect(after.status, after.statusReason).toBe('CHECK_COMPLETE');

    // After a failed check, the plain update with the current template (no repair flag) repairs
    // from the check's findings; the same update once more is a no-op that creates no version.
    await pgAdmin.query(`ALTER ROLE "${prefix}app" CONNECTION LIMIT 7`);
    expect((await checkStack(name)).status).toBe('CHECK_FAILED');
    const versionBefore = (await waitForStack(app.url, name)).version as number;
    await mutate(app.url, 'updateStack', { name, template });
    const reconverged = await waitForStack(
      app.url,
      name,
      (s) => s.status === 'UPDATE_COMPLETE' || s.status.endsWith('FAILED'),
      120_000,
    );
    expect(reconverged.status, reconverged.statusReason).toBe('UPDATE_COMPLETE');
    expect(reconverged.version).toBe(versionBefore + 1);
    const limitAfter = await pgAdmin.query<{ rolconnlimit: number }>(
      'SELECT rolconnlimit FROM pg_roles WHERE rolname = $1',
      [`${prefix}app`],
    );
    expect(limitAfter.rows[0]?.rolconnlimit).toBe(5);
    const again = await gql(
      app.url,
      'mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed message stack { version } } }',
      { input: { name, template } },
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.updateStack).toMatchObject({ changed: false, stack: { version: versionBefore + 1 } });

    await mutate(app.url, 'deleteStack', { name });
    const deleted = await waitForStack(app.url, name, (s) => !s || s.status === 'DELETE_COMPLETE', 120_000);
    expect(deleted.status).toBe('DELETE_COMPLETE');
  });

  it('abandonStack stops managing the stack and deletes nothing on the servers; the adopt data carries no secret in clear', async () => {
    const name = uniqueName('abandon');
    const role = `${prefix}kept`;
    const vhost = `${prefix}kv`;
    const kept = hot({
      role: {
        type: 'PostgreSQL::Role',
        properties: { name: role, login: true, password: 'abandon-Pa55word', connection_limit: 3 },
      },
      vhost: { type: 'RabbitMQ::VirtualHost', properties: { name: vhost } },
      queue: { type: 'RabbitMQ::Queue', properties: { vhost: { get_resource: 'vhost' }, name: 'jobs' } },
    });
    await createStack(app.url, { name, template: kept });
    const created = await waitForStack(app.url, name, undefined, 120_000);
    expect(created.status, created.statusReason).toBe('CREATE_COMPLETE');
    const oid = async () =>
      (await pgAdmin.query<{ oid: string }>('SELECT oid::text FROM pg_roles WHERE rolname = $1', [role]))
        .rows[0]?.oid;
    const roleOid = await oid();
    expect(roleOid).toBeDefined();

    // The CLI: abandon --name S --output FILE (abandonStack), the adopt data saved in the file.
    const dir = await mkdtemp(join(tmpdir(), 'abandon-'));
    const file = join(dir, 'adopt.json');
    const run = await cliRun(['abandon', '--name', name, '--output', file]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`Stack ${name}: ABANDON_COMPLETE; adopt data written to ${file}`);
    const answer = {
      stack: (await waitForStack(app.url, name)) as { status: string },
      adoptData: JSON.parse(await readFile(file, 'utf8')) as {
        template: string;
        resources: Record<string, { type: string; physicalResourceId: string }>;
      },
    };
    await rm(dir, { recursive: true, force: true });
    expect(answer.stack.status).toBe('ABANDON_COMPLETE');
    // The template's literal password stays sealed in it; opened with the key, it is the text sent.
    expect(answer.adoptData.template).not.toContain('abandon-Pa55word');
    expect(answer.adoptData.template).toContain('enc:v1:');
    const codec = new SecretCodec(Buffer.from(TEST_SECRETS_KEY, 'base64'));
    expect(codec.openTemplate(answer.adoptData.template)).toBe(kept);
    expect(answer.adoptData.resources.role).toMatchObject({
      type: 'PostgreSQL::Role',
      physicalResourceId: role,
    });
    expect(answer.adoptData.resources.queue?.type).toBe('RabbitMQ::Queue');
    expect(Object.keys(answer.adoptData.resources).sort()).toEqual(['queue', 'role', 'vhost']);
    expect(JSON.stringify(answer.adoptData)).not.toContain('abandon-Pa55word');

    // Nothing was deleted on the servers: the same role (same OID), the vhost and its queue.
    expect(await oid()).toBe(roleOid);
    expect((await rabbit('GET', `queues/${seg(vhost)}/jobs`)).status).toBe(200);

    // The name is free again: deleting is refused (no live stack), and a check of it too.
    await expect(mutate(app.url, 'deleteStack', { name })).rejects.toThrow(/NOT_FOUND|No stack named/);
    expect(await oid()).toBe(roleOid);
    await rabbit('DELETE', `vhosts/${seg(vhost)}`);
  });
});
