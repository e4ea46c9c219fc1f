import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connections } from '../../src/resources/clients.ts';
import { ConnectionSet, localDefaults, parseConnectionsDocument } from '../../src/resources/connections.ts';
import { postgresqlTypes } from '../../src/resources/postgresql/index.ts';
import type { ResourceType } from '../../src/resources/types.ts';
import {
  SWEEP_PREFIX,
  actionContext,
  pgStoredPasswordIs,
  createAndObserve,
  deleteAndConfirm,
  ensureServer,
  observeUntil,
  runPrefix,
} from './resources-support.ts';

const prefix = runPrefix('pg');
const admin = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres', max: 2 });
admin.on('error', () => undefined);
const connections = new Connections(
  new ConnectionSet([
    ...localDefaults(),
    ...parseConnectionsDocument({
      postgresql: { limited: { url: 'postgres://postgres@127.0.0.1:5432/postgres', tenants: ['tenant-b'] } },
    }),
  ]),
);
const types = new Map(postgresqlTypes(connections).map((t) => [t.name, t]));
const type = (name: string): ResourceType => types.get(name)!;

async function sweep(like: string) {
  const dbs = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${like}%`],
  );
  for (const { datname } of dbs.rows)
    await admin.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}" WITH (FORCE)`);
  const roles = await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [
    `${like}%`,
  ]);
  for (const { rolname } of roles.rows) {
    const q = `"${rolname.replaceAll('"', '""')}"`;
    await admin.query(`DROP OWNED BY ${q}`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS ${q}`);
  }
}

/** The local server trusts loopback logins, so a login alone would not prove the password. */
const storedPasswordIs = (role: string, password: string) => pgStoredPasswordIs(admin, role, password);

/** Logs in as a role: proves LOGIN on the server itself. */
async function loginAs(user: string, password: string, database = 'postgres') {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user, password, database });
  await client.connect();
  return client;
}

beforeAll(async () => {
  await ensureServer('postgresql', 5432);
  await sweep(`${SWEEP_PREFIX}pg_`);
});

afterAll(async () => {
  await connections.close();
  await sweep(prefix);
  await admin.end();
});

describe('PostgreSQL types against the real server', () => {
  it('role: create is idempotent, updates in place, rename replaces, delete is idempotent', async () => {
    const role = type('PostgreSQL::Role');
    const name = `${prefix}app`;
    const props = {
      connection: 'default',
      name,
      login: true,
      password: 'first-Pa55',
      connection_limit: 5,
      member_of: [],
    };
    const ctx = actionContext('CREATE', props, { idempotencyKey: 'role-key-1' });
    const { observed } = await createAndObserve(role, ctx);
    expect(observed).toMatchObject({
      state: 'done',
      physicalResourceId: name,
      attributes: { login: true, connection_limit: 5 },
    });

    // A re-run after a crash (same key) neither fails nor creates a second role.
    await role.create(ctx);
    const count = await admin.query('SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1', [name]);
    expect(count.rows[0].n).toBe(1);

    const c1 = await loginAs(name, 'first-Pa55');
    await c1.end();
    expect(await storedPasswordIs(name, 'first-Pa55')).toBe(true);
    // The password reached the server as a SCRAM verifier, not in clear.
    const stored = await admin.query<{ rolpassword: string }>(
      'SELECT rolpassword FROM pg_authid WHERE rolname = $1',
      [name],
    );
    expect(stored.rows[0]!.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);

    // Update in place: connection limit, password, membership.
    const group = `${prefix}readers`;
    await role.create(actionContext('CREATE', { name: group }, { idempotencyKey: 'group-key' }));
    const next = { ...props, connection_limit: 9, password: 'second-Pa55', member_of: [group] };
    await role.update(
      actionContext('UPDATE', next, { idempotencyKey: 'role-key-1', previousProperties: props }),
    );
    const row = await admin.query<{ rolconnlimit: number }>(
      'SELECT rolconnlimit FROM pg_roles WHERE rolname = $1',
      [name],
    );
    expect(row.rows[0]!.rolconnlimit).toBe(9);
    expect(await storedPasswordIs(name, 'first-Pa55')).toBe(false);
    expect(await storedPasswordIs(name, 'second-Pa55')).toBe(true);
    const c2 = await loginAs(name, 'second-Pa55');
    const member = await c2.query<{ ok: boolean }>('SELECT pg_has_role($1, $2, $3) AS ok', [
      name,
      group,
      'MEMBER',
    ]);
    expect(member.rows[0]!.ok).toBe(true);
    await c2.end();

    // A rename is a replacement: new role made, old one deleted.
    expect(role.properties.name!.onChange).toBe('replace');
    expect(role.properties.connection_limit!.onChange).toBe('update');
    const renamed = { ...next, name: `${prefix}app2` };
    const ctx2 = actionContext('CREATE', renamed, { idempotencyKey: 'role-key-2' });
    await createAndObserve(role, ctx2);
    await deleteAndConfirm(role, ctx);
    const names = await admin.query<{ rolname: string }>(
      'SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1',
      [`${prefix}app%`],
    );
    expect(names.rows.map((r) => r.rolname)).toEqual([`${prefix}app2`]);

    // Deleting again is fine (already gone).
    await expect(role.delete({ ...ctx, action: 'DELETE' })).resolves.toMatchObject({ done: true });
    // Another resource (other key) cannot take over the role, nor delete it.
    await expect(
      role.create(actionContext('CREATE', renamed, { idempotencyKey: 'intruder' })),
    ).rejects.toThrow(/ALREADY_EXISTS/);
    await role.delete(actionContext('DELETE', renamed, { idempotencyKey: 'intruder' }));
    expect((await role.observe(ctx2)).state).toBe('done');
    await deleteAndConfirm(role, ctx2);
    await deleteAndConfirm(role, actionContext('DELETE', { name: group }, { idempotencyKey: 'group-key' }));
  });

  it('identifiers from templates are quoted, never executed', async () => {
    const role = type('PostgreSQL::Role');
    const evil = `${prefix}x"; DROP ROLE postgres; --`;
    const ctx = actionContext('CREATE', { name: evil, password: "it's \\ a 'pw'", login: true });
    await createAndObserve(role, ctx);
    const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [evil]);
    expect(found.rowCount).toBe(1);
    const postgres = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = 'postgres'");
    expect(postgres.rowCount).toBe(1);
    const c = await loginAs(evil, "it's \\ a 'pw'");
    await c.end();
    expect(await storedPasswordIs(evil, "it's \\ a 'pw'")).toBe(true);
    await deleteAndConfirm(role, ctx);
  });

  it('database, schema, grants and extension: the created role can use what it was granted', async () => {
    const owner = `${prefix}owner`;
    const dbName = `${prefix}db`;
    const roleCtx = actionContext('CREATE', { name: owner, login: true, password: 'owner-Pa55' });
    const userName = `${prefix}reader`;
    const userCtx = actionContext('CREATE', { name: userName, login: true, password: 'reader-Pa55' });
    await createAndObserve(type('PostgreSQL::Role'), roleCtx);
    await createAndObserve(type('PostgreSQL::Role'), userCtx);

    const database = type('PostgreSQL::Database');
    const dbCtx = actionContext('CREATE', {
      name: dbName,
      owner: 'postgres',
      encoding: 'UTF8',
      template: 'template0',
      connection_limit: -1,
    });
    const { observed } = await createAndObserve(database, dbCtx);
    expect(observed).toMatchObject({ state: 'done', attributes: { owner: 'postgres', encoding: 'UTF8' } });
    expect(
      (observed as unknown as { attributes: { size_bytes: number } }).attributes.size_bytes,
    ).toBeGreaterThan(0);
    await database.create(dbCtx); // idempotent re-run
    // Owner changes in place.
    await database.update({ ...dbCtx, action: 'UPDATE', properties: { ...dbCtx.properties, owner } });
    const dbRow = await admin.query<{ owner: string }>(
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
      [dbName],
    );
    expect(dbRow.rows[0]!.owner).toBe(owner);

    const schema = type('PostgreSQL::Schema');
    const schemaCtx = actionContext('CREATE', {
      database: dbName,
      name: 'app',
      owner: 'postgres',
      drop_cascade: true,
    });
    expect((await createAndObserve(schema, schemaCtx)).observed).toMatchObject({
      attributes: { owner: 'postgres', tables: 0 },
    });
    // A table made by the admin, to be read through a table grant.
    const inDb = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: dbName });
    await inDb.connect();
    await inDb.query('CREATE TABLE app.items (id int); INSERT INTO app.items VALUES (42)');
    await inDb.end();

    const grant = type('PostgreSQL::Grant');
    const connectGrant = actionContext('CREATE', {
      database: dbName,
      role: userName,
      object_type: 'database',
      privileges: ['CONNECT'],
    });
    const usageGrant = actionContext('CREATE', {
      database: dbName,
      role: userName,
      object_type: 'schema',
      schema: 'app',
      privileges: ['usage'],
    });
    const selectGrant = actionContext('CREATE', {
      database: dbName,
      role: userName,
      object_type: 'table',
      schema: 'app',
      objects: [],
      privileges: ['SELECT'],
    });
    await admin.query(`REVOKE CONNECT ON DATABASE "${dbName}" FROM PUBLIC`);
    for (const g of [connectGrant, usageGrant, selectGrant]) await createAndObserve(grant, g);
    expect(await grant.observe(selectGrant)).toMatchObject({
      state: 'done',
      attributes: { privileges: ['SELECT'] },
    });

    const asReader = await loginAs(userName, 'reader-Pa55', dbName);
    expect((await asReader.query('SELECT id FROM app.items')).rows).toEqual([{ id: 42 }]);
    await expect(asReader.query('INSERT INTO app.items VALUES (1)')).rejects.toThrow(/permission denied/);
    await asReader.end();

    // Privileges change in place; the delete revokes them.
    await grant.update({
      ...selectGrant,
      action: 'UPDATE',
      previousProperties: selectGrant.properties,
      properties: { ...selectGrant.properties, privileges: ['SELECT', 'INSERT'] },
    });
    const insertGrant = {
      ...selectGrant,
      properties: { ...selectGrant.properties, privileges: ['SELECT', 'INSERT'] },
    };
    expect(await grant.observe(insertGrant)).toMatchObject({
      attributes: { privileges: ['INSERT', 'SELECT'] },
    });
    await deleteAndConfirm(grant, insertGrant);
    const asReader2 = await loginAs(userName, 'reader-Pa55', dbName);
    await expect(asReader2.query('SELECT id FROM app.items')).rejects.toThrow(/permission denied/);
    await asReader2.end();

    const extension = type('PostgreSQL::Extension');
    const extCtx = actionContext('CREATE', { database: dbName, name: 'pgcrypto' });
    expect((await createAndObserve(extension, extCtx)).observed).toMatchObject({
      attributes: { name: 'pgcrypto', schema: 'public' },
    });
    await deleteAndConfirm(extension, extCtx);

    await deleteAndConfirm(schema, schemaCtx);
    for (const g of [connectGrant, usageGrant]) await deleteAndConfirm(grant, g);
    await deleteAndConfirm(database, dbCtx);
    const gone = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    expect(gone.rowCount).toBe(0);
    // Objects in a dropped database read as missing; their deletes are complete.
    await expect(schema.delete({ ...schemaCtx, action: 'DELETE' })).resolves.toMatchObject({ done: true });
    await observeUntil(schema, { ...schemaCtx, action: 'DELETE' }, 'missing');
    await deleteAndConfirm(type('PostgreSQL::Role'), roleCtx);
    await deleteAndConfirm(type('PostgreSQL::Role'), userCtx);
  });

  it('a connection limited to other tenants refuses with a permanent coded failure', async () => {
    const ctx = actionContext(
      'CREATE',
      { connection: 'limited', name: `${prefix}nope` },
      { tenant: 'tenant-a' },
    );
    await expect(type('PostgreSQL::Role').create(ctx)).rejects.toMatchObject({
      name: 'PermanentActionError',
      code: 'CONNECTION_NOT_ALLOWED',
    });
    await expect(
      type('PostgreSQL::Role').create({ ...ctx, properties: { ...ctx.properties, connection: 'nowhere' } }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_CONNECTION',
    });
    const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [`${prefix}nope`]);
    expect(found.rowCount).toBe(0);
  });
});
