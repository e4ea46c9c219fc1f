import mysql from 'mysql2/promise';
import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connections } from '../../src/resources/clients.ts';
import { ConnectionSet, localDefaults } from '../../src/resources/connections.ts';
import { builtinRegistry } from '../../src/resources/registry.ts';
import type { Database } from '../../src/store/database.ts';
import { startTestApp, testDatabase, uniqueName, type TestApp } from '../support/app.ts';
import { storedSecretAttribute } from '../support/secrets.ts';
import { readFileSync } from 'node:fs';
import { byName, createStack, hot, mutate, waitForStack } from '../support/stacks.ts';
import { ensureRabbitManagement, ensureServer, runPrefix } from '../integration/resources-support.ts';
import { postgresAdmin, rabbitAdmin } from '../support/servers.ts';

/**
 * One stack over the four real servers, through the real service (GraphQL, workers, Neo4j):
 * create with dependencies, update (some in place, some replaced), delete; every check is made
 * on the servers themselves, not through our API.
 */

const prefix = runPrefix('e2e');
const registry = builtinRegistry({ connections: new Connections(new ConnectionSet(localDefaults())) });
let app: TestApp;
let secretsDb: Database;
const pgAdmin = postgresAdmin();
let myAdmin: mysql.Pool;
let nc: NatsConnection;
const seg = encodeURIComponent;

const rabbit = rabbitAdmin;

async function sweep() {
  const dbs = await pgAdmin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${prefix}%`],
  );
  for (const { datname } of dbs.rows)
    await pgAdmin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  const roles = await pgAdmin.query<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE rolname LIKE $1',
    [`${prefix}%`],
  );
  for (const { rolname } of roles.rows)
    await pgAdmin.query(`DROP ROLE IF EXISTS "${rolname}"`).catch(() => undefined);
  await myAdmin.query(`DROP DATABASE IF EXISTS \`${prefix}shop\``);
  await myAdmin.query('DROP USER IF EXISTS ?@?', [`${prefix}shop`, '%']);
  await rabbit('DELETE', `vhosts/${seg(`${prefix}shop`)}`);
  await rabbit('DELETE', `vhosts/${seg(`${prefix}rw`)}`);
  await myAdmin.query(`DROP DATABASE IF EXISTS \`${prefix}rw_catalogue\``);
  await myAdmin.query('DROP USER IF EXISTS ?@?', [`${prefix}rw_catalogue`, '%']);
  const jsm = await nc.jetstreamManager();
  for await (const s of jsm.streams.list())
    if (s.config.name.startsWith(prefix) || s.config.name.startsWith(`KV_${prefix}`))
      await jsm.streams.delete(s.config.name);
}

beforeAll(async () => {
  await Promise.all([
    ensureServer('postgresql', 5432),
    ensureServer('mariadb', 3306),
    ensureServer('nats', 4222),
    ensureRabbitManagement(),
  ]);
  myAdmin = mysql.createPool({ host: '127.0.0.1', user: 'root', connectionLimit: 2 });
  nc = await connect({ servers: '127.0.0.1:4222' });
  app = await startTestApp({ RETRY_LIMIT: '2' }, { registry });
  secretsDb = testDatabase();
});

afterAll(async () => {
  await app?.stop();
  await secretsDb?.close();
  await registry.close();
  await sweep().catch(() => undefined);
  await pgAdmin.end();
  await myAdmin?.end();
  await nc?.drain();
});

function template(v: { connectionLimit: number; dbName: string; maxMsgs: number }) {
  const p = prefix;
  return hot({
    db_password: { type: 'OS::Heat::RandomString', properties: { length: 20 } },
    app_role: {
      type: 'PostgreSQL::Role',
      properties: {
        name: `${p}app`,
        login: true,
        password: { get_attr: ['db_password', 'value'] },
        connection_limit: v.connectionLimit,
      },
    },
    app_db: {
      type: 'PostgreSQL::Database',
      properties: { name: v.dbName, owner: { get_attr: ['app_role', 'name'] } },
    },
    app_schema: {
      type: 'PostgreSQL::Schema',
      properties: {
        database: { get_attr: ['app_db', 'name'] },
        name: 'orders',
        owner: { get_attr: ['app_role', 'name'] },
      },
    },
    reader: { type: 'PostgreSQL::Role', properties: { name: `${p}reader` } },
    reader_usage: {
      type: 'PostgreSQL::Grant',
      properties: {
        database: { get_attr: ['app_db', 'name'] },
        role: { get_attr: ['reader', 'name'] },
        object_type: 'schema',
        schema: { get_attr: ['app_schema', 'name'] },
        privileges: ['USAGE'],
      },
    },
    vhost: { type: 'RabbitMQ::VirtualHost', properties: { name: `${p}shop` } },
    exchange: {
      type: 'RabbitMQ::Exchange',
      properties: { vhost: { get_resource: 'vhost' }, name: 'orders', type: 'topic' },
    },
    queue: {
      type: 'RabbitMQ::Queue',
      properties: { vhost: { get_resource: 'vhost' }, name: 'orders.created', type: 'quorum' },
    },
    binding: {
      type: 'RabbitMQ::Binding',
      properties: {
        vhost: { get_resource: 'vhost' },
        source: { get_attr: ['exchange', 'name'] },
        destination: { get_attr: ['queue', 'name'] },
        routing_key: 'order.created',
      },
    },
    stream: {
      type: 'NATS::Stream',
      properties: { name: `${p}ORDERS`, subjects: [`${p}orders.>`], max_msgs: v.maxMsgs },
    },
    consumer: {
      type: 'NATS::Consumer',
      properties: {
        stream: { get_resource: 'stream' },
        name: 'billing',
        filter_subject: `${p}orders.created`,
      },
    },
    my_db: { type: 'MySQL::Database', properties: { name: `${p}shop` } },
    my_user: {
      type: 'MySQL::User',
      properties: { name: `${p}shop`, password: { get_attr: ['db_password', 'value'] } },
    },
    my_grant: {
      type: 'MySQL::Grant',
      properties: {
        user: { get_attr: ['my_user', 'name'] },
        database: { get_attr: ['my_db', 'name'] },
        privileges: ['SELECT', 'INSERT'],
      },
    },
  });
}

describe('a stack over PostgreSQL, RabbitMQ, NATS and MariaDB', () => {
  it('creates with dependencies, updates in place and by replacement, and deletes everything on the servers', async () => {
    const name = uniqueName('real');
    await createStack(app.url, {
      name,
      template: template({ connectionLimit: 5, dbName: `${prefix}app`, maxMsgs: 100 }),
    });
    const created = await waitForStack(app.url, name, undefined, 120_000);
    expect(
      created.statusReason ?? '',
      JSON.stringify(created.resources.filter((r: { status: string }) => !r.status.endsWith('COMPLETE'))),
    ).not.toMatch(/FAILED/);
    expect(created.status).toBe('CREATE_COMPLETE');
    const r = byName(
      created.resources as Array<{
        name: string;
        physicalResourceId: string;
        attributes: Record<string, unknown>;
      }>,
    );
    // The API shows the generated password masked; the test reads it from Neo4j with the key.
    expect(r.db_password!.attributes.value).toBe('******');
    const password = await storedSecretAttribute(secretsDb, name, 'db_password', 'value');
    expect(r.db_password!.physicalResourceId).not.toBe(password);

    // PostgreSQL: the database is owned by the role, the schema is in it, the reader has USAGE.
    const db = await pgAdmin.query<{ owner: string }>(
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
      [`${prefix}app`],
    );
    expect(db.rows[0]?.owner).toBe(`${prefix}app`);
    const inDb = new pg.Client({
      host: '127.0.0.1',
      user: `${prefix}app`,
      password,
      database: `${prefix}app`,
    });
    await inDb.connect();
    const usage = await inDb.query<{ ok: boolean }>(
      "SELECT has_schema_privilege($1, 'orders', 'USAGE') AS ok",
      [`${prefix}reader`],
    );
    expect(usage.rows[0]!.ok).toBe(true);
    await inDb.end();
    // MariaDB: the generated password logs in and the grant works.
    const asUser = await mysql.createConnection({
      host: '127.0.0.1',
      user: `${prefix}shop`,
      password,
      database: `${prefix}shop`,
    });
    const [current] = await asUser.query<mysql.RowDataPacket[]>(
      'SELECT DATABASE() AS db, CURRENT_USER() AS me',
    );
    expect(current[0]).toEqual({ db: `${prefix}shop`, me: `${prefix}shop@%` });
    await asUser.end();
    // RabbitMQ: a message published to the exchange lands in the quorum queue.
    const queue = await rabbit('GET', `queues/${seg(`${prefix}shop`)}/orders.created`);
    expect(queue.body).toMatchObject({ type: 'quorum' });
    const pub = await rabbit('POST', `exchanges/${seg(`${prefix}shop`)}/orders/publish`, {
      properties: {},
      routing_key: 'order.created',
      payload: 'x',
      payload_encoding: 'string',
    });
    expect(pub.body).toMatchObject({ routed: true });
    // NATS: stream and consumer exist with the declared settings.
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(`${prefix}ORDERS`)).config.max_msgs).toBe(100);
    expect((await jsm.consumers.info(`${prefix}ORDERS`, 'billing')).config.filter_subject).toBe(
      `${prefix}orders.created`,
    );

    // Update: connection limit and max_msgs in place; the database rename replaces it.
    const roleOid = (
      await pgAdmin.query<{ oid: number }>('SELECT oid::int AS oid FROM pg_roles WHERE rolname = $1', [
        `${prefix}app`,
      ])
    ).rows[0]!.oid;
    await mutate(app.url, 'updateStack', {
      name,
      template: template({ connectionLimit: 9, dbName: `${prefix}app2`, maxMsgs: 50 }),
    });
    const updated = await waitForStack(
      app.url,
      name,
      (s) => !String(s.status).endsWith('_IN_PROGRESS'),
      120_000,
    );
    expect(updated.status).toBe('UPDATE_COMPLETE');
    const role = await pgAdmin.query<{ oid: number; rolconnlimit: number }>(
      'SELECT oid::int AS oid, rolconnlimit FROM pg_roles WHERE rolname = $1',
      [`${prefix}app`],
    );
    expect(role.rows[0]).toEqual({ oid: roleOid, rolconnlimit: 9 });
    const dbs = await pgAdmin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1',
      [`${prefix}app%`],
    );
    expect(dbs.rows.map((d) => d.datname)).toEqual([`${prefix}app2`]);
    const schema = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: `${prefix}app2` });
    await schema.connect();
    expect((await schema.query("SELECT 1 FROM pg_namespace WHERE nspname = 'orders'")).rowCount).toBe(1);
    await schema.end();
    expect((await jsm.streams.info(`${prefix}ORDERS`)).config.max_msgs).toBe(50);

    await mutate(app.url, 'deleteStack', { name });
    const deleted = await waitForStack(
      app.url,
      name,
      (s) => !String(s.status).endsWith('_IN_PROGRESS'),
      120_000,
    );
    expect(deleted.status).toBe('DELETE_COMPLETE');
    expect(
      (await pgAdmin.query('SELECT 1 FROM pg_roles WHERE rolname LIKE $1', [`${prefix}%`])).rowCount,
    ).toBe(0);
    expect(
      (await pgAdmin.query('SELECT 1 FROM pg_database WHERE datname LIKE $1', [`${prefix}%`])).rowCount,
    ).toBe(0);
    const [myDbs] = await myAdmin.query<mysql.RowDataPacket[]>(
      'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [`${prefix}shop`],
    );
    expect(myDbs).toHaveLength(0);
    const [myUsers] = await myAdmin.query<mysql.RowDataPacket[]>('SELECT 1 FROM mysql.user WHERE User = ?', [
      `${prefix}shop`,
    ]);
    expect(myUsers).toHaveLength(0);
    expect((await rabbit('GET', `vhosts/${seg(`${prefix}shop`)}`)).status).toBe(404);
    await expect(jsm.streams.info(`${prefix}ORDERS`)).rejects.toThrow(/stream not found/);
  }, 400_000);

  it('examples/real-world.yaml converges on the local servers and is deleted again', async () => {
    const name = uniqueName('real-world');
    const app_ = `${prefix}rw`;
    const source = readFileSync(new URL('../../examples/real-world.yaml', import.meta.url), 'utf8');
    await createStack(app.url, { name, template: source, parameters: { app: app_ } });
    const created = await waitForStack(app.url, name, undefined, 120_000);
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(created.outputs).toMatchObject({ database: `${app_} owned by ${app_}`, queue_type: 'quorum' });
    const reporting = new pg.Client({ host: '127.0.0.1', user: `${app_}_reporting`, database: app_ });
    await reporting.connect();
    expect((await reporting.query("SELECT has_schema_privilege('orders', 'USAGE') AS ok")).rows[0]).toEqual({
      ok: true,
    });
    await reporting.end();
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(`KV_${app_}_flags`)).config.max_msgs_per_subject).toBe(5);

    await mutate(app.url, 'deleteStack', { name });
    const deleted = await waitForStack(
      app.url,
      name,
      (s) => !String(s.status).endsWith('_IN_PROGRESS'),
      120_000,
    );
    expect(deleted.status).toBe('DELETE_COMPLETE');
    expect((await pgAdmin.query('SELECT 1 FROM pg_database WHERE datname = $1', [app_])).rowCount).toBe(0);
    expect((await pgAdmin.query('SELECT 1 FROM pg_roles WHERE rolname LIKE $1', [`${app_}%`])).rowCount).toBe(
      0,
    );
    expect((await rabbit('GET', `vhosts/${seg(app_)}`)).status).toBe(404);
    await expect(jsm.streams.info(`${app_}_EVENTS`)).rejects.toThrow(/stream not found/);
    const [myDbs] = await myAdmin.query<mysql.RowDataPacket[]>(
      'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [`${app_}_catalogue`],
    );
    expect(myDbs).toHaveLength(0);
  }, 400_000);
});
