import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connections } from '../../src/resources/clients.ts';
import { ConnectionSet, localDefaults } from '../../src/resources/connections.ts';
import { mysqlTypes } from '../../src/resources/mysql/index.ts';
import type { ResourceType } from '../../src/resources/types.ts';
import {
  SWEEP_PREFIX,
  actionContext,
  createAndObserve,
  deleteAndConfirm,
  ensureServer,
  runPrefix,
} from './resources-support.ts';

const prefix = runPrefix('my');
let admin: mysql.Pool;
const connections = new Connections(new ConnectionSet(localDefaults()));
const types = new Map(mysqlTypes(connections).map((t) => [t.name, t]));
const type = (name: string): ResourceType => types.get(name)!;

async function sweep(like: string) {
  const [dbs] = await admin.query<mysql.RowDataPacket[]>(
    'SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?',
    [`${like}%`],
  );
  for (const { n } of dbs)
    await admin.query(`DROP DATABASE IF EXISTS \`${String(n).replaceAll('`', '``')}\``);
  const [users] = await admin.query<mysql.RowDataPacket[]>(
    'SELECT User AS u, Host AS h FROM mysql.user WHERE User LIKE ?',
    [`${like}%`],
  );
  for (const { u, h } of users) await admin.query('DROP USER IF EXISTS ?@?', [u, h]);
}

async function loginAs(user: string, password: string, database?: string) {
  return mysql.createConnection({
    host: '127.0.0.1',
    port: 3306,
    user,
    password,
    ...(database ? { database } : {}),
  });
}

beforeAll(async () => {
  await ensureServer('mariadb', 3306);
  admin = mysql.createPool({ host: '127.0.0.1', port: 3306, user: 'root', connectionLimit: 2 });
  await sweep(`${SWEEP_PREFIX}my_`);
});

afterAll(async () => {
  await connections.close();
  await sweep(prefix);
  await admin.end();
});

describe('MySQL types against the real MariaDB', () => {
  it('database, user and grant: create, observe, update in place, replace, delete, with real logins', async () => {
    const database = type('MySQL::Database');
    const dbName = `${prefix}app_db`;
    const dbCtx = actionContext('CREATE', { name: dbName, character_set: 'utf8mb4' });
    const { observed } = await createAndObserve(database, dbCtx);
    expect(observed).toMatchObject({
      state: 'done',
      attributes: { name: dbName, character_set: 'utf8mb4', tables: 0 },
    });
    await database.create(dbCtx); // idempotent re-run
    await database.update({
      ...dbCtx,
      action: 'UPDATE',
      properties: { name: dbName, character_set: 'latin1' },
    });
    const [cs] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [dbName],
    );
    expect(cs[0]!.cs).toBe('latin1');
    await admin.query(`CREATE TABLE \`${dbName}\`.items (id int)`);
    await admin.query(`INSERT INTO \`${dbName}\`.items VALUES (7)`);
    // A sibling whose name the unescaped `_` wildcard would match: the grant must not reach it.
    const sibling = `${prefix}appXdb`;
    await admin.query(`CREATE DATABASE \`${sibling}\``);
    await admin.query(`CREATE TABLE \`${sibling}\`.items (id int)`);

    const user = type('MySQL::User');
    const userName = `${prefix}u'ser`;
    const userCtx = actionContext('CREATE', {
      name: userName,
      host: '%',
      password: "pw-1 ' \\ x",
      max_user_connections: 3,
    });
    expect((await createAndObserve(user, userCtx)).observed).toMatchObject({
      attributes: { max_user_connections: 3 },
    });
    await user.create(userCtx); // idempotent
    const c1 = await loginAs(userName, "pw-1 ' \\ x");
    await c1.end();
    await user.update({
      ...userCtx,
      action: 'UPDATE',
      properties: { ...userCtx.properties, password: 'pw-2', max_user_connections: 5 },
    });
    await expect(loginAs(userName, "pw-1 ' \\ x")).rejects.toThrow(/Access denied/);
    const [limit] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT max_user_connections AS m FROM mysql.user WHERE User = ? AND Host = ?',
      [userName, '%'],
    );
    expect(Number(limit[0]!.m)).toBe(5);

    const grant = type('MySQL::Grant');
    const grantCtx = actionContext('CREATE', {
      user: userName,
      host: '%',
      database: dbName,
      table: '*',
      privileges: ['select'],
    });
    expect((await createAndObserve(grant, grantCtx)).observed).toMatchObject({
      attributes: { privileges: ['SELECT'] },
    });
    const asUser = await loginAs(userName, 'pw-2', dbName);
    const [items] = await asUser.query<mysql.RowDataPacket[]>('SELECT id FROM items');
    expect(items.map((r) => r.id)).toEqual([7]);
    await expect(asUser.query('INSERT INTO items VALUES (1)')).rejects.toThrow(/denied/);
    await expect(asUser.query(`SELECT id FROM \`${sibling}\`.items`)).rejects.toThrow(/denied/);
    await asUser.end();

    // Privileges update in place.
    const next = { ...grantCtx.properties, privileges: ['SELECT', 'INSERT'] };
    await grant.update({
      ...grantCtx,
      action: 'UPDATE',
      previousProperties: grantCtx.properties,
      properties: next,
    });
    const asUser2 = await loginAs(userName, 'pw-2', dbName);
    await asUser2.query('INSERT INTO items VALUES (1)');
    await asUser2.end();
    await deleteAndConfirm(grant, { ...grantCtx, properties: next });
    const asUser3 = await loginAs(userName, 'pw-2', dbName).catch((e: Error) => e);
    expect(asUser3).toBeInstanceOf(Error);

    // A database rename is a replacement: the new one is created, the old one deleted.
    expect(database.properties.name!.onChange).toBe('replace');
    const renamed = actionContext('CREATE', { name: `${prefix}app_db2`, character_set: 'utf8mb4' });
    await createAndObserve(database, renamed);
    await deleteAndConfirm(database, dbCtx);
    const [left] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?, ?)',
      [dbName, `${prefix}app_db2`],
    );
    expect(left.map((r) => r.n)).toEqual([`${prefix}app_db2`]);
    await deleteAndConfirm(database, renamed);
    await deleteAndConfirm(user, userCtx);
    await expect(user.delete({ ...userCtx, action: 'DELETE' })).resolves.toMatchObject({ done: true });
    const [users] = await admin.query<mysql.RowDataPacket[]>('SELECT 1 FROM mysql.user WHERE User = ?', [
      userName,
    ]);
    expect(users).toHaveLength(0);
  });
});
