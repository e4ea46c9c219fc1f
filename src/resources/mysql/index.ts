import { createHash } from 'node:crypto';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Connections } from '../clients.ts';
import { asPermanent, connectionOf, connectionProperty, list, optionalText, text } from '../common.ts';
import { keywords, mysqlGrantDatabase, mysqlIdent } from '../sql.ts';
import {
  PermanentActionError,
  type ActionContext,
  type ActionResult,
  type Observation,
  type ResourceType,
} from '../types.ts';

/** MySQL::Database, ::User and ::Grant over `mysql2` (MariaDB and MySQL). */

/** Server errors no retry can fix: syntax, unknown names, access denied, bad values. */
const PERMANENT_ERRNOS = new Set([1044, 1045, 1064, 1102, 1103, 1115, 1133, 1227, 1253, 1273, 1396, 1470]);

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const e = asPermanent(error);
    if (e !== error) throw e;
    const errno = (error as { errno?: unknown }).errno;
    if (typeof errno === 'number' && PERMANENT_ERRNOS.has(errno))
      throw new PermanentActionError(
        `MySQL refused: ${(error as Error).message} (errno ${errno})`,
        'REJECTED',
      );
    throw error;
  }
}

async function rows(pool: Pool, sql: string, values: unknown[] = []): Promise<RowDataPacket[]> {
  const [result] = await pool.query<RowDataPacket[]>(sql, values);
  return result;
}

const NAME_CHARS = { pattern: '[A-Za-z0-9_]+' };

/** The mysql_native_password hash, so the clear password is not part of the statement text. */
export function mysqlNativeHash(password: string): string {
  const once = createHash('sha1').update(password, 'utf8').digest();
  return `*${createHash('sha1').update(once).digest('hex').toUpperCase()}`;
}

// ---------------------------------------------------------------- Database

function databaseType(conns: Connections): ResourceType {
  const pool = (ctx: ActionContext) => conns.mysql(connectionOf(ctx), ctx.tenant);
  const read = async (p: Pool, name: string) => {
    const [row] = await rows(
      p,
      'SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [name],
    );
    if (!row) return undefined;
    const [size] = await rows(
      p,
      'SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) AS bytes, COUNT(*) AS tables FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
      [name],
    );
    return {
      name,
      character_set: String(row.cs),
      collation: String(row.co),
      size_bytes: Number(size?.bytes ?? 0),
      tables: Number(size?.tables ?? 0),
    };
  };
  const options = (p: Record<string, unknown>) => {
    const collation = optionalText(p, 'collation');
    return ` CHARACTER SET ${text(p, 'character_set')}${collation ? ` COLLATE ${collation}` : ''}`;
  };
  const apply = (ctx: ActionContext, creating: boolean) =>
    guarded(async (): Promise<ActionResult> => {
      const name = text(ctx.properties, 'name');
      const p = pool(ctx);
      if (creating)
        await p.query(`CREATE DATABASE IF NOT EXISTS ${mysqlIdent(name)}${options(ctx.properties)}`);
      // Also on a re-run: a database found already there gets the declared settings.
      await p.query(`ALTER DATABASE ${mysqlIdent(name)}${options(ctx.properties)}`);
      return { physicalResourceId: name, attributes: (await read(p, name)) ?? {}, done: true };
    });
  return {
    name: 'MySQL::Database',
    description:
      'A MariaDB/MySQL database (schema). Renaming replaces it; character set and collation update in place.',
    properties: {
      connection: connectionProperty,
      name: {
        type: 'string',
        required: true,
        onChange: 'replace',
        constraints: { length: { min: 1, max: 64 } },
      },
      character_set: { type: 'string', default: 'utf8mb4', onChange: 'update', constraints: NAME_CHARS },
      collation: { type: 'string', onChange: 'update', constraints: NAME_CHARS },
    },
    attributes: {
      name: { description: 'Database name.', type: 'string' },
      character_set: { description: 'Default character set.', type: 'string' },
      collation: { description: 'Default collation.', type: 'string' },
      size_bytes: { description: 'Data and index size, in bytes.', type: 'integer' },
      tables: { description: 'Number of tables.', type: 'integer' },
    },
    create: (ctx) => apply(ctx, true),
    update: (ctx) => apply(ctx, false),
    delete: (ctx) =>
      guarded(async () => {
        await pool(ctx).query(`DROP DATABASE IF EXISTS ${mysqlIdent(text(ctx.properties, 'name'))}`);
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        const attributes = await read(pool(ctx), text(ctx.properties, 'name'));
        if (!attributes) return { state: 'missing' };
        if (ctx.action === 'DELETE') return { state: 'pending' };
        return { state: 'done', physicalResourceId: attributes.name, attributes };
      }),
  };
}

// ---------------------------------------------------------------- User

function userType(conns: Connections): ResourceType {
  const pool = (ctx: ActionContext) => conns.mysql(connectionOf(ctx), ctx.tenant);
  const who = (p: Record<string, unknown>) => [text(p, 'name'), optionalText(p, 'host') ?? '%'] as const;
  const read = async (p: Pool, name: string, host: string) => {
    const [row] = await rows(
      p,
      'SELECT max_user_connections AS mc FROM mysql.user WHERE User = ? AND Host = ?',
      [name, host],
    );
    return row ? { name, host, max_user_connections: Number(row.mc) } : undefined;
  };
  const setPassword = async (p: Pool, name: string, host: string, props: Record<string, unknown>) => {
    const password = optionalText(props, 'password');
    const limit = typeof props.max_user_connections === 'number' ? Math.trunc(props.max_user_connections) : 0;
    const tail = ` WITH MAX_USER_CONNECTIONS ${limit}`;
    if (password === undefined) {
      await p.query(`ALTER USER ?@?${tail}`, [name, host]);
      return;
    }
    try {
      await p.query(`ALTER USER ?@? IDENTIFIED WITH mysql_native_password AS ?${tail}`, [
        name,
        host,
        mysqlNativeHash(password),
      ]);
    } catch (error) {
      // MySQL 8.4+ ships without mysql_native_password: the server hashes it itself.
      if ((error as { errno?: unknown }).errno !== 1524) throw error;
      await p.query(`ALTER USER ?@? IDENTIFIED BY ?${tail}`, [name, host, password]);
    }
  };
  const id = (name: string, host: string) => `${name}@${host}`;
  const apply = (ctx: ActionContext, creating: boolean) =>
    guarded(async (): Promise<ActionResult> => {
      const [name, host] = who(ctx.properties);
      const p = pool(ctx);
      if (creating) await p.query('CREATE USER IF NOT EXISTS ?@?', [name, host]);
      await setPassword(p, name, host, ctx.properties);
      return {
        physicalResourceId: id(name, host),
        attributes: (await read(p, name, host)) ?? {},
        done: true,
      };
    });
  return {
    name: 'MySQL::User',
    description: 'A MariaDB/MySQL account. The password is sent as its mysql_native_password hash.',
    properties: {
      connection: connectionProperty,
      name: {
        type: 'string',
        required: true,
        onChange: 'replace',
        constraints: { length: { min: 1, max: 80 } },
      },
      host: {
        type: 'string',
        default: '%',
        onChange: 'replace',
        constraints: { length: { min: 1, max: 255 } },
      },
      password: { type: 'string', secret: true, onChange: 'update' },
      max_user_connections: {
        type: 'integer',
        default: 0,
        onChange: 'update',
        constraints: { range: { min: 0 } },
      },
    },
    attributes: {
      name: { description: 'User name.', type: 'string' },
      host: { description: 'Host part of the account.', type: 'string' },
      max_user_connections: { description: 'Connection limit (0: none).', type: 'integer' },
    },
    create: (ctx) => apply(ctx, true),
    update: (ctx) => apply(ctx, false),
    delete: (ctx) =>
      guarded(async () => {
        const [name, host] = who(ctx.properties);
        await pool(ctx).query('DROP USER IF EXISTS ?@?', [name, host]);
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        const [name, host] = who(ctx.properties);
        const attributes = await read(pool(ctx), name, host);
        if (!attributes) return { state: 'missing' };
        if (ctx.action === 'DELETE') return { state: 'pending' };
        return { state: 'done', physicalResourceId: id(name, host), attributes };
      }),
  };
}

// ---------------------------------------------------------------- Grant

export const MYSQL_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'INDEX',
  'ALTER',
  'REFERENCES',
  'CREATE TEMPORARY TABLES',
  'LOCK TABLES',
  'EXECUTE',
  'CREATE VIEW',
  'SHOW VIEW',
  'CREATE ROUTINE',
  'ALTER ROUTINE',
  'EVENT',
  'TRIGGER',
  'ALL',
  'ALL PRIVILEGES',
] as const;

/** mysql.db columns (`Select_priv`...) as privilege names. */
const DB_COLUMNS: Record<string, string> = {
  Select_priv: 'SELECT',
  Insert_priv: 'INSERT',
  Update_priv: 'UPDATE',
  Delete_priv: 'DELETE',
  Create_priv: 'CREATE',
  Drop_priv: 'DROP',
  Index_priv: 'INDEX',
  Alter_priv: 'ALTER',
  References_priv: 'REFERENCES',
  Create_tmp_table_priv: 'CREATE TEMPORARY TABLES',
  Lock_tables_priv: 'LOCK TABLES',
  Execute_priv: 'EXECUTE',
  Create_view_priv: 'CREATE VIEW',
  Show_view_priv: 'SHOW VIEW',
  Create_routine_priv: 'CREATE ROUTINE',
  Alter_routine_priv: 'ALTER ROUTINE',
  Event_priv: 'EVENT',
  Trigger_priv: 'TRIGGER',
};

/** `db.*` (database level, wildcards escaped) or `db.table`. */
export function mysqlGrantTarget(p: Record<string, unknown>): string {
  const table = optionalText(p, 'table') ?? '*';
  const db = text(p, 'database');
  return table === '*' ? `${mysqlGrantDatabase(db)}.*` : `${mysqlIdent(db)}.${mysqlIdent(table)}`;
}

function grantType(conns: Connections): ResourceType {
  const pool = (ctx: ActionContext) => conns.mysql(connectionOf(ctx), ctx.tenant);
  const who = (p: Record<string, unknown>) => [text(p, 'user'), optionalText(p, 'host') ?? '%'] as const;
  const id = (p: Record<string, unknown>) =>
    `${who(p).join('@')} on ${text(p, 'database')}.${optionalText(p, 'table') ?? '*'}`;
  const privileges = (p: Record<string, unknown>) =>
    keywords(list(p, 'privileges'), MYSQL_PRIVILEGES, 'privileges');
  const grant = async (pl: Pool, p: Record<string, unknown>) =>
    pl.query(
      `GRANT ${privileges(p)} ON ${mysqlGrantTarget(p)} TO ?@?${p.with_grant_option === true ? ' WITH GRANT OPTION' : ''}`,
      [...who(p)],
    );
  const revoke = async (pl: Pool, p: Record<string, unknown>) => {
    for (const what of ['ALL PRIVILEGES', 'GRANT OPTION']) {
      try {
        await pl.query(`REVOKE ${what} ON ${mysqlGrantTarget(p)} FROM ?@?`, [...who(p)]);
      } catch (error) {
        // 1141/1147: no such grant (or no such user): nothing to revoke.
        const errno = (error as { errno?: unknown }).errno;
        if (errno !== 1141 && errno !== 1147) throw error;
      }
    }
  };
  /** Privileges held on the target; undefined when the user has none there. */
  const held = async (ctx: ActionContext): Promise<string[] | undefined> => {
    const p = ctx.properties;
    const [user, host] = who(p);
    const table = optionalText(p, 'table') ?? '*';
    const db = text(p, 'database');
    if (table === '*') {
      const [row] = await rows(pool(ctx), 'SELECT * FROM mysql.db WHERE User = ? AND Host = ? AND Db = ?', [
        user,
        host,
        db.replace(/[\\_%]/g, (c) => `\\${c}`),
      ]);
      if (!row) return undefined;
      return Object.entries(DB_COLUMNS)
        .filter(([column]) => row[column] === 'Y')
        .map(([, name]) => name)
        .sort();
    }
    const [row] = await rows(
      pool(ctx),
      'SELECT Table_priv AS privs FROM mysql.tables_priv WHERE User = ? AND Host = ? AND Db = ? AND Table_name = ?',
      [user, host, db, table],
    );
    if (!row) return undefined;
    return String(row.privs)
      .split(',')
      .filter(Boolean)
      .map((s) => s.toUpperCase())
      .sort();
  };
  const result = async (ctx: ActionContext): Promise<ActionResult> => ({
    physicalResourceId: id(ctx.properties),
    attributes: { privileges: (await held(ctx)) ?? [] },
    done: true,
  });
  return {
    name: 'MySQL::Grant',
    description: 'Privileges of an account on a database (table `*`) or on one table.',
    properties: {
      connection: connectionProperty,
      user: { type: 'string', required: true, onChange: 'replace' },
      host: { type: 'string', default: '%', onChange: 'replace' },
      database: { type: 'string', required: true, onChange: 'replace' },
      table: { type: 'string', default: '*', onChange: 'replace' },
      privileges: { type: 'list', items: { type: 'string' }, required: true, onChange: 'update' },
      with_grant_option: { type: 'boolean', default: false, onChange: 'update' },
    },
    attributes: { privileges: { description: 'Privileges the account holds on the target.', type: 'list' } },
    validate(p) {
      try {
        privileges(p);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    },
    create: (ctx) =>
      guarded(async () => {
        await grant(pool(ctx), ctx.properties);
        return result(ctx);
      }),
    update: (ctx) =>
      guarded(async () => {
        await revoke(pool(ctx), ctx.previousProperties ?? ctx.properties);
        await grant(pool(ctx), ctx.properties);
        return result(ctx);
      }),
    delete: (ctx) =>
      guarded(async () => {
        await revoke(pool(ctx), ctx.properties);
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        const privileges = await held(ctx);
        if (!privileges || privileges.length === 0) return { state: 'missing' };
        if (ctx.action === 'DELETE') return { state: 'pending' };
        return { state: 'done', physicalResourceId: id(ctx.properties), attributes: { privileges } };
      }),
  };
}

export function mysqlTypes(conns: Connections): ResourceType[] {
  return [databaseType(conns), userType(conns), grantType(conns)];
}
