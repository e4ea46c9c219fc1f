import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connections } from '../../src/resources/clients.ts';
import { ConnectionSet, localDefaults } from '../../src/resources/connections.ts';
import { builtinRegistry } from '../../src/resources/registry.ts';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { byName, createStack, hot, mutate, waitForStack } from '../support/stacks.ts';
import { ensureRabbitManagement, ensureServer, runPrefix } from '../integration/resources-support.ts';
import { postgresAdmin, rabbitAdmin } from '../support/servers.ts';

/**
 * Adopt (createStack with adopt data, external_id) against the real servers: existing PostgreSQL
 * roles and RabbitMQ queues are taken over, never created or deleted behind the user's back;
 * everything is checked on the servers themselves, not through our API.
 */

const prefix = runPrefix('adopt');
const registry = builtinRegistry({ connections: new Connections(new ConnectionSet(localDefaults())) });
let app: TestApp;
const pgAdmin = postgresAdmin();
const seg = encodeURIComponent;

const rabbit = rabbitAdmin;

const oid = async (role: string) =>
  (await pgAdmin.query<{ oid: string }>('SELECT oid::text FROM pg_roles WHERE rolname = $1', [role])).rows[0]
    ?.oid;

async function sweep() {
  const roles = await pgAdmin.query<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE rolname LIKE $1',
    [`${prefix}%`],
  );
  for (const { rolname } of roles.rows)
    await pgAdmin.query(`DROP ROLE IF EXISTS "${rolname}"`).catch(() => undefined);
  for (const v of ['v', 'mv']) await rabbit('DELETE', `vhosts/${seg(`${prefix}${v}`)}`);
}

function cliRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/convergence.mjs', ...args],
      { env: { ...process.env, NO_COLOR: '1', CONVERGENCE_ENDPOINT: app.url, CONVERGENCE_TOKEN: '' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const ABANDON = `mutation($input: AbandonStackInput!) { abandonStack(input: $input) { adoptData stack { status } } }`;
const CREATE = `mutation($input: CreateStackInput!) { createStack(input: $input) { stack { status } } }`;
const RESOURCES = `query($name: String!) { stack(name: $name) { status statusReason
  resources { name status statusReason physicalResourceId } } }`;

async function abandon(name: string): Promise<Record<string, any>> {
  const res = await gql(app.url, ABANDON, { input: { name } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.abandonStack.adoptData as Record<string, any>;
}

async function resources(name: string) {
  const res = await gql(app.url, RESOURCES, { name });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.stack as {
    status: string;
    statusReason: string;
    resources: Array<{
      name: string;
      status: string;
      statusReason: string | null;
      physicalResourceId: string;
    }>;
  };
}

const done = (s: Record<string, any> | null) =>
  !!s && (s.status.endsWith('_COMPLETE') || s.status.endsWith('_FAILED'));

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

describe('adopt against the real servers', () => {
  it('abandon then adopt (CLI) creates and deletes nothing; the adopted stack then updates and deletes normally', async () => {
    const name = uniqueName('adopt');
    const role = `${prefix}app`;
    const vhost = `${prefix}v`;
    const templateWith = (limit: number) =>
      hot({
        role: {
          type: 'PostgreSQL::Role',
          properties: { name: role, login: true, password: 'adopt-Pa55word', connection_limit: limit },
        },
        vhost: { type: 'RabbitMQ::VirtualHost', properties: { name: vhost } },
        queue: { type: 'RabbitMQ::Queue', properties: { vhost: { get_resource: 'vhost' }, name: 'jobs' } },
      });
    const template = templateWith(3);
    await createStack(app.url, { name, template });
    const created = await waitForStack(app.url, name, undefined, 120_000);
    expect(created.status, created.statusReason).toBe('CREATE_COMPLETE');
    const roleOid = await oid(role);
    expect(roleOid).toBeDefined();
    const markBefore = (
      await pgAdmin.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1",
        [role],
      )
    ).rows[0]?.comment;
    expect(markBefore).toMatch(/^managed by convergence-engine: /);

    const data = await abandon(name);
    const dir = await mkdtemp(join(tmpdir(), 'adopt-'));
    const file = join(dir, 'adopt.json');
    await writeFile(file, JSON.stringify(data));
    // A queue message on the server: a queue created again would have lost it.
    expect(
      (
        await rabbit('POST', `exchanges/${seg(vhost)}/amq.default/publish`, {
          properties: {},
          routing_key: 'jobs',
          payload: 'kept',
          payload_encoding: 'string',
        })
      ).status,
    ).toBe(200);

    const run = await cliRun(['adopt', '--name', name, '--adopt-file', file]);
    await rm(dir, { recursive: true, force: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`Stack ${name}: CREATE_IN_PROGRESS`);
    const adopted = await waitForStack(app.url, name, done, 120_000);
    expect(adopted.status, adopted.statusReason).toBe('CREATE_COMPLETE');
    const r = byName((await resources(name)).resources);
    expect(r.role).toMatchObject({ status: 'CREATE_COMPLETE', physicalResourceId: role });
    expect(r.vhost?.physicalResourceId).toBe(data.resources.vhost.physicalResourceId);
    expect(r.queue?.physicalResourceId).toBe(data.resources.queue.physicalResourceId);
    // Nothing created or deleted on the servers: the same role (same OID), the queue with its message.
    expect(await oid(role)).toBe(roleOid);
    // Read the message itself (and requeue it): the queue's message counts are statistics the
    // management API refreshes every few seconds, so right after the adopt they may not be there yet.
    const got = await rabbit('POST', `queues/${seg(vhost)}/jobs/get`, {
      count: 5,
      ackmode: 'ack_requeue_true',
      encoding: 'auto',
    });
    expect(got.status).toBe(200);
    expect((got.body as unknown as Array<{ payload: string }>).map((m) => m.payload)).toEqual(['kept']);

    // The adopted role is marked as the new stack's own (so its delete acts on it, even with no
    // update in between).
    const comment = await pgAdmin.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1",
      [role],
    );
    expect(comment.rows[0]?.comment).toMatch(/^managed by convergence-engine: /);
    expect(comment.rows[0]?.comment).not.toBe(markBefore);

    // Updates in place, as any stack: the role's connection limit on the server.
    await mutate(app.url, 'updateStack', { name, template: templateWith(7) });
    const after = await waitForStack(
      app.url,
      name,
      (s) => s?.status === 'UPDATE_COMPLETE' || !!s?.status.endsWith('FAILED'),
      120_000,
    );
    expect(after.status, after.statusReason).toBe('UPDATE_COMPLETE');
    const limit = await pgAdmin.query<{ rolconnlimit: number }>(
      'SELECT rolconnlimit FROM pg_roles WHERE rolname = $1',
      [role],
    );
    expect(limit.rows[0]?.rolconnlimit).toBe(7);
    expect(await oid(role)).toBe(roleOid);

    // And deletes normally: gone on the servers.
    await mutate(app.url, 'deleteStack', { name });
    const deleted = await waitForStack(
      app.url,
      name,
      (s) => !s || s.status === 'DELETE_COMPLETE' || s.status.endsWith('FAILED'),
      120_000,
    );
    expect(deleted?.status ?? 'DELETE_COMPLETE').toBe('DELETE_COMPLETE');
    expect(await oid(role)).toBeUndefined();
    expect((await rabbit('GET', `vhosts/${seg(vhost)}`)).status).toBe(404);
  });

  it('a resource whose real object is gone fails the adopt with ADOPT_RESOURCE_MISSING, creating nothing', async () => {
    const name = uniqueName('missing');
    const role = `${prefix}gone`;
    const template = hot({
      role: { type: 'PostgreSQL::Role', properties: { name: role, login: false } },
    });
    const res = await gql(app.url, CREATE, {
      input: {
        name,
        adopt: { template, resources: { role: { type: 'PostgreSQL::Role', physicalResourceId: role } } },
      },
    });
    expect(res.errors).toBeUndefined();
    const failed = await waitForStack(app.url, name, done, 120_000);
    expect(failed.status).toBe('CREATE_FAILED');
    const r = byName((await resources(name)).resources);
    expect(r.role?.status).toBe('CREATE_FAILED');
    expect(r.role?.statusReason).toMatch(/^ADOPT_RESOURCE_MISSING: /);
    expect(await oid(role)).toBeUndefined();
  });

  it('rejects malformed adopt data with BAD_USER_INPUT naming the problem', async () => {
    const template = hot({ role: { type: 'PostgreSQL::Role', properties: { name: `${prefix}x` } } });
    const bad = await gql(app.url, CREATE, {
      input: {
        name: uniqueName('bad'),
        adopt: { template, resources: { role: { type: 'PostgreSQL::Role', physicalResourceId: 5 } } },
      },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toContain('adopt.resources.role.physicalResourceId');
    const unknown = await gql(app.url, CREATE, {
      input: {
        name: uniqueName('bad'),
        adopt: { template, resources: { nope: { type: 'OS::Heat::None', physicalResourceId: 'x' } } },
      },
    });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0]?.message).toContain('the template has no resource nope');
  });

  it('external_id adopts an existing role; deleting the stack leaves it on the server', async () => {
    const name = uniqueName('external');
    const role = `${prefix}ext`;
    await pgAdmin.query(`CREATE ROLE "${role}" CONNECTION LIMIT 4`);
    const roleOid = await oid(role);
    const template = hot({
      role: { type: 'PostgreSQL::Role', external_id: role, properties: { name: role, connection_limit: 4 } },
      vhost: { type: 'RabbitMQ::VirtualHost', properties: { name: `${prefix}mv` } },
    });
    await createStack(app.url, { name, template });
    const created = await waitForStack(app.url, name, done, 120_000);
    expect(created.status, created.statusReason).toBe('CREATE_COMPLETE');
    const r = byName((await resources(name)).resources);
    expect(r.role?.physicalResourceId).toBe(role);
    expect(await oid(role)).toBe(roleOid);
    // The other resource was created normally.
    expect((await rabbit('GET', `vhosts/${seg(`${prefix}mv`)}`)).status).toBe(200);

    await mutate(app.url, 'deleteStack', { name });
    const deleted = await waitForStack(
      app.url,
      name,
      (s) => !s || s.status === 'DELETE_COMPLETE' || s.status.endsWith('FAILED'),
      120_000,
    );
    expect(deleted?.status ?? 'DELETE_COMPLETE').toBe('DELETE_COMPLETE');
    expect(await oid(role)).toBe(roleOid);
    expect((await rabbit('GET', `vhosts/${seg(`${prefix}mv`)}`)).status).toBe(404);
  });
});
