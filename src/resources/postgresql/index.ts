// Long on purpose: PostgreSQL's five types share one pool per connection, quoting, ownership marks and observe helpers.
import type pg from 'pg';
import type { Connections } from '../clients.ts';
import {
  asPermanent,
  connectionOf,
  connectionProperty,
  list,
  markedByOther,
  optionalText,
  ownerMark,
  text,
} from '../common.ts';
import { keywords, pgIdent, pgLiteral } from '../sql.ts';
import {
  PermanentActionError,
  type ActionContext,
  type ActionResult,
  type Observation,
  type ResourceType,
} from '../types.ts';
import { scramVerifier } from './scram.ts';

/** PostgreSQL::Role, ::Database, ::Schema, ::Grant and ::Extension over the `pg` package. */

const IDENT = { length: { min: 1, max: 63 } };

/** SQLSTATE classes no retry can fix: bad data, bad names or syntax, refused access, bad credentials. */
function classify(error: unknown): unknown {
  const e = asPermanent(error);
  if (e !== error) return e;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(22|28|42|2B|0L|0P)/.test(code))
    return new PermanentActionError(
      `PostgreSQL refused: ${(error as Error).message} (SQLSTATE ${code})`,
      'REJECTED',
    );
  return error;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classify(error);
  }
}

const isMissingDatabase = (error: unknown) => (error as { code?: unknown }).code === '3D000';

async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
const int = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

// ---------------------------------------------------------------- Role

function roleOptions(p: Record<string, unknown>, includePassword: boolean): string {
  const parts = [
    bool(p.login, false) ? 'LOGIN' : 'NOLOGIN',
    bool(p.createdb, false) ? 'CREATEDB' : 'NOCREATEDB',
    bool(p.createrole, false) ? 'CREATEROLE' : 'NOCREATEROLE',
    `CONNECTION LIMIT ${Math.trunc(int(p.connection_limit, -1))}`,
  ];
  if (includePassword) {
    const password = optionalText(p, 'password');
    parts.push(password === undefined ? 'PASSWORD NULL' : `PASSWORD ${pgLiteral(scramVerifier(password))}`);
  }
  return parts.join(' ');
}

async function setMemberships(c: pg.PoolClient, name: string, want: string[], had: string[]): Promise<void> {
  for (const group of want)
    if (!had.includes(group)) await c.query(`GRANT ${pgIdent(group)} TO ${pgIdent(name)}`);
  for (const group of had)
    if (!want.includes(group)) await c.query(`REVOKE ${pgIdent(group)} FROM ${pgIdent(name)}`);
}

async function readRole(pool: pg.Pool, name: string) {
  const r = await pool.query<{
    oid: number;
    rolcanlogin: boolean;
    rolconnlimit: number;
    rolcreatedb: boolean;
    rolcreaterole: boolean;
    comment: string | null;
    member_of: string[];
  }>(
    `SELECT r.oid::int AS oid, r.rolcanlogin, r.rolconnlimit, r.rolcreatedb, r.rolcreaterole,
            shobj_description(r.oid, 'pg_authid') AS comment,
            COALESCE(ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                           WHERE m.member = r.oid ORDER BY 1), '{}') AS member_of
       FROM pg_roles r WHERE r.rolname = $1`,
    [name],
  );
  return r.rows[0];
}

function roleType(conns: Connections): ResourceType {
  const pool = (ctx: ActionContext) => conns.postgres(connectionOf(ctx), ctx.tenant);
  const apply = async (ctx: ActionContext, creating: boolean): Promise<ActionResult> =>
    guarded(async () => {
      const p = ctx.properties;
      const name = text(p, 'name');
      await inTransaction(pool(ctx), async (c) => {
        const existing = await c.query<{ comment: string | null; member_of: string[] }>(
          `SELECT shobj_description(r.oid, 'pg_authid') AS comment,
                  COALESCE(ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                                 WHERE m.member = r.oid), '{}') AS member_of
             FROM pg_roles r WHERE r.rolname = $1`,
          [name],
        );
        const row = existing.rows[0];
        if (row && creating && markedByOther(row.comment, ctx))
          throw new PermanentActionError(
            `role ${name} already exists and is managed by another resource`,
            'ALREADY_EXISTS',
          );
        const passwordChanged =
          creating || !row || (ctx.previousProperties?.password ?? null) !== (p.password ?? null);
        if (row) await c.query(`ALTER ROLE ${pgIdent(name)} WITH ${roleOptions(p, passwordChanged)}`);
        else await c.query(`CREATE ROLE ${pgIdent(name)} WITH ${roleOptions(p, true)}`);
        await c.query(`COMMENT ON ROLE ${pgIdent(name)} IS ${pgLiteral(ownerMark(ctx))}`);
        await setMemberships(c, name, list(p, 'member_of'), row?.member_of ?? []);
      });
      return { physicalResourceId: name, attributes: await roleAttributes(pool(ctx), name), done: true };
    });
  return {
    name: 'PostgreSQL::Role',
    description: 'A PostgreSQL role (user or group). The password is sent as a SCRAM-SHA-256 verifier.',
    properties: {
      connection: connectionProperty,
      name: { type: 'string', required: true, onChange: 'replace', constraints: IDENT },
      login: { type: 'boolean', default: false, onChange: 'update' },
      password: { type: 'string', secret: true, onChange: 'update', description: 'Login password (secret).' },
      connection_limit: {
        type: 'integer',
        default: -1,
        onChange: 'update',
        constraints: { range: { min: -1 } },
      },
      member_of: { type: 'list', items: { type: 'string' }, default: [], onChange: 'update' },
      createdb: { type: 'boolean', default: false, onChange: 'update' },
      createrole: { type: 'boolean', default: false, onChange: 'update' },
    },
    attributes: {
      name: { description: 'Role name.', type: 'string' },
      oid: { description: 'Role OID.', type: 'integer' },
      login: { description: 'Whether the role can log in.', type: 'boolean' },
      connection_limit: { description: 'Connection limit (-1: none).', type: 'integer' },
      member_of: { description: 'Roles this role is a member of.', type: 'list' },
    },
    create: (ctx) => apply(ctx, true),
    update: (ctx) => apply(ctx, false),
    adopt: (ctx) =>
      guarded(async () => {
        await pool(ctx).query(
          `COMMENT ON ROLE ${pgIdent(text(ctx.properties, 'name'))} IS ${pgLiteral(ownerMark(ctx))}`,
        );
      }),
    delete: (ctx) =>
      guarded(async () => {
        const name = text(ctx.properties, 'name');
        const p = pool(ctx);
        const row = await readRole(p, name);
        if (!row || markedByOther(row.comment, ctx)) return { done: true };
        try {
          await p.query(`DROP ROLE IF EXISTS ${pgIdent(name)}`);
        } catch (error) {
          if ((error as { code?: unknown }).code !== '2BP01') throw error;
          // Still owns objects or holds privileges in the admin database: hand them to the admin, as
          // Terraform's provider does, then drop. Other databases must have been cleaned by their resources.
          await inTransaction(p, async (c) => {
            await c.query(`REASSIGN OWNED BY ${pgIdent(name)} TO CURRENT_USER`);
            await c.query(`DROP OWNED BY ${pgIdent(name)}`);
            await c.query(`DROP ROLE IF EXISTS ${pgIdent(name)}`);
          });
        }
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        const name = text(ctx.properties, 'name');
        const attributes = await roleAttributes(pool(ctx), name);
        if (!attributes) return { state: 'missing' };
        if (ctx.action === 'DELETE') return { state: 'pending' };
        return { state: 'done', physicalResourceId: name, attributes };
      }),
  };
}

async function roleAttributes(pool: pg.Pool, name: string) {
  const row = await readRole(pool, name);
  if (!row) return undefined;
  return {
    name,
    oid: row.oid,
    login: row.rolcanlogin,
    connection_limit: row.rolconnlimit,
    member_of: row.member_of,
    createdb: row.rolcreatedb,
    createrole: row.rolcreaterole,
  };
}

// ---------------------------------------------------------------- Database

async function databaseAttributes(pool: pg.Pool, name: string) {
  const r = await pool.query<{
    oid: number;
    owner: string;
    encoding: string;
    connection_limit: number;
    size_bytes: string;
    comment: string | null;
  }>(
    `SELECT d.oid::int AS oid, pg_get_userbyid(d.datdba) AS owner, pg_encoding_to_char(d.encoding) AS encoding,
            d.datconnlimit AS connection_limit, pg_database_size(d.oid)::text AS size_bytes,
            shobj_description(d.oid, 'pg_database') AS comment
       FROM pg_database d WHERE d.datname = $1`,
    [name],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    comment: row.comment,
    attributes: {
      name,
      oid: row.oid,
      owner: row.owner,
      encoding: row.encoding,
      connection_limit: row.connection_limit,
      size_bytes: Number(row.size_bytes),
    },
  };
}

function databaseType(conns: Connections): ResourceType {
  const pool = (ctx: ActionContext) => conns.postgres(connectionOf(ctx), ctx.tenant);
  const alter = async (p: pg.Pool, ctx: ActionContext, name: string) => {
    const owner = optionalText(ctx.properties, 'owner');
    if (owner) await p.query(`ALTER DATABASE ${pgIdent(name)} OWNER TO ${pgIdent(owner)}`);
    await p.query(
      `ALTER DATABASE ${pgIdent(name)} WITH CONNECTION LIMIT ${Math.trunc(int(ctx.properties.connection_limit, -1))}`,
    );
  };
  return {
    name: 'PostgreSQL::Database',
    description: 'A PostgreSQL database. Renaming, or changing encoding or template, replaces it.',
    properties: {
      connection: connectionProperty,
      name: { type: 'string', required: true, onChange: 'replace', constraints: IDENT },
      owner: {
        type: 'string',
        onChange: 'update',
        description: 'Owning role (default: the connection user).',
      },
      encoding: { type: 'string', default: 'UTF8', onChange: 'replace' },
      template: { type: 'string', default: 'template0', onChange: 'replace' },
      connection_limit: {
        type: 'integer',
        default: -1,
        onChange: 'update',
        constraints: { range: { min: -1 } },
      },
    },
    attributes: {
      name: { description: 'Database name.', type: 'string' },
      oid: { description: 'Database OID.', type: 'integer' },
      owner: { description: 'Owning role.', type: 'string' },
      encoding: { description: 'Character encoding.', type: 'string' },
      connection_limit: { description: 'Connection limit (-1: none).', type: 'integer' },
      size_bytes: { description: 'Size on disk, in bytes.', type: 'integer' },
    },
    create: (ctx) =>
      guarded(async () => {
        const p = ctx.properties;
        const name = text(p, 'name');
        const db = pool(ctx);
        const existing = await databaseAttributes(db, name);
        if (existing && markedByOther(existing.comment, ctx))
          throw new PermanentActionError(
            `database ${name} already exists and is managed by another resource`,
            'ALREADY_EXISTS',
          );
        if (!existing) {
          const owner = optionalText(p, 'owner');
          try {
            // CREATE DATABASE cannot run in a transaction: a crash before COMMENT leaves it unmarked,
            // which the re-run takes over (an unmarked database is never refused).
            await db.query(
              `CREATE DATABASE ${pgIdent(name)}${owner ? ` OWNER ${pgIdent(owner)}` : ''} ENCODING ${pgLiteral(
                text(p, 'encoding'),
              )} TEMPLATE ${pgIdent(text(p, 'template'))}`,
            );
          } catch (error) {
            if ((error as { code?: unknown }).code !== '42P04') throw error;
          }
        }
        await db.query(`COMMENT ON DATABASE ${pgIdent(name)} IS ${pgLiteral(ownerMark(ctx))}`);
        await alter(db, ctx, name);
        return {
          physicalResourceId: name,
          attributes: (await databaseAttributes(db, name))?.attributes ?? {},
          done: true,
        };
      }),
    update: (ctx) =>
      guarded(async () => {
        const name = text(ctx.properties, 'name');
        await alter(pool(ctx), ctx, name);
        return {
          physicalResourceId: name,
          attributes: (await databaseAttributes(pool(ctx), name))?.attributes ?? {},
          done: true,
        };
      }),
    adopt: (ctx) =>
      guarded(async () => {
        await pool(ctx).query(
          `COMMENT ON DATABASE ${pgIdent(text(ctx.properties, 'name'))} IS ${pgLiteral(ownerMark(ctx))}`,
        );
      }),
    delete: (ctx) =>
      guarded(async () => {
        const name = text(ctx.properties, 'name');
        const existing = await databaseAttributes(pool(ctx), name);
        if (!existing || markedByOther(existing.comment, ctx)) return { done: true };
        await conns.releasePostgresDatabase(connectionOf(ctx), name);
        await pool(ctx).query(`DROP DATABASE IF EXISTS ${pgIdent(name)} WITH (FORCE)`);
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        const name = text(ctx.properties, 'name');
        const found = await databaseAttributes(pool(ctx), name);
        if (!found) return { state: 'missing' };
        if (ctx.action === 'DELETE') return { state: 'pending' };
        return { state: 'done', physicalResourceId: name, attributes: found.attributes };
      }),
  };
}

// ---------------------------------------------------------------- Schema

function schemaType(conns: Connections): ResourceType {
  const pool = (ctx: ActionContext) =>
    conns.postgres(connectionOf(ctx), ctx.tenant, text(ctx.properties, 'database'));
  const read = async (p: pg.Pool, name: string) => {
    const r = await p.query<{ owner: string; comment: string | null; tables: number }>(
      `SELECT pg_get_userbyid(n.nspowner) AS owner, obj_description(n.oid, 'pg_namespace') AS comment,
              (SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p')) AS tables
         FROM pg_namespace n WHERE n.nspname = $1`,
      [name],
    );
    return r.rows[0];
  };
  const attributes = (ctx: ActionContext, row: { owner: string; tables: number }) => ({
    name: text(ctx.properties, 'name'),
    database: text(ctx.properties, 'database'),
    owner: row.owner,
    tables: row.tables,
  });
  const id = (ctx: ActionContext) => `${text(ctx.properties, 'database')}.${text(ctx.properties, 'name')}`;
  const apply = (ctx: ActionContext, creating: boolean) =>
    guarded(async (): Promise<ActionResult> => {
      const name = text(ctx.properties, 'name');
      const owner = optionalText(ctx.properties, 'owner');
      const p = pool(ctx);
      await inTransaction(p, async (c) => {
        const row = await read(p, name);
        if (row && creating && markedByOther(row.comment, ctx))
          throw new PermanentActionError(
            `schema ${name} already exists and is managed by another resource`,
            'ALREADY_EXISTS',
          );
        await c.query(
          `CREATE SCHEMA IF NOT EXISTS ${pgIdent(name)}${owner ? ` AUTHORIZATION ${pgIdent(owner)}` : ''}`,
        );
        if (owner) await c.query(`ALTER SCHEMA ${pgIdent(name)} OWNER TO ${pgIdent(owner)}`);
        await c.query(`COMMENT ON SCHEMA ${pgIdent(name)} IS ${pgLiteral(ownerMark(ctx))}`);
      });
      const row = await read(p, name);
      return { physicalResourceId: id(ctx), attributes: row ? attributes(ctx, row) : {}, done: true };
    });
  return {
    name: 'PostgreSQL::Schema',
    description: 'A schema inside a PostgreSQL database.',
    properties: {
      connection: connectionProperty,
      database: { type: 'string', required: true, onChange: 'replace', constraints: IDENT },
      name: { type: 'string', required: true, onChange: 'replace', constraints: IDENT },
      owner: { type: 'string', onChange: 'update' },
      drop_cascade: {
        type: 'boolean',
        default: false,
        onChange: 'update',
        description:
          'On delete, also drop the objects in the schema (otherwise a non-empty schema fails to delete).',
      },
    },
    attributes: {
      name: { description: 'Schema name.', type: 'string' },
      database: { description: 'Database holding the schema.', type: 'string' },
      owner: { description: 'Owning role.', type: 'string' },
      tables: { description: 'Number of tables in the schema.', type: 'integer' },
    },
    create: (ctx) => apply(ctx, true),
    update: (ctx) => apply(ctx, false),
    adopt: (ctx) =>
      guarded(async () => {
        await pool(ctx).query(
          `COMMENT ON SCHEMA ${pgIdent(text(ctx.properties, 'name'))} IS ${pgLiteral(ownerMark(ctx))}`,
        );
      }),
    delete: (ctx) =>
      guarded(async () => {
        const name = text(ctx.properties, 'name');
        try {
          const p = pool(ctx);
          const row = await read(p, name);
          if (!row || markedByOther(row.comment, ctx)) return { done: true };
          await p.query(
            `DROP SCHEMA IF EXISTS ${pgIdent(name)} ${ctx.properties.drop_cascade === true ? 'CASCADE' : 'RESTRICT'}`,
          );
        } catch (error) {
          if (!isMissingDatabase(error)) throw error;
        }
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        try {
          const row = await read(pool(ctx), text(ctx.properties, 'name'));
          if (!row) return { state: 'missing' };
          if (ctx.action === 'DELETE') return { state: 'pending' };
          return { state: 'done', physicalResourceId: id(ctx), attributes: attributes(ctx, row) };
        } catch (error) {
          if (isMissingDatabase(error)) return { state: 'missing' };
          throw error;
        }
      }),
  };
}

// ---------------------------------------------------------------- Grant

export const PG_PRIVILEGES = {
  database: ['CREATE', 'CONNECT', 'TEMPORARY', 'TEMP', 'ALL', 'ALL PRIVILEGES'],
  schema: ['CREATE', 'USAGE', 'ALL', 'ALL PRIVILEGES'],
  table: [
    'SELECT',
    'INSERT',
    'UPDATE',
    'DELETE',
    'TRUNCATE',
    'REFERENCES',
    'TRIGGER',
    'ALL',
    'ALL PRIVILEGES',
  ],
} as const;
const ALL_OF: Record<string, string[]> = {
  database: ['CREATE', 'CONNECT', 'TEMPORARY'],
  schema: ['CREATE', 'USAGE'],
  table: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'],
};

type ObjectType = keyof typeof PG_PRIVILEGES;

/** The ON clause of a grant; table grants without `objects` cover every table in the schema. */
export function pgGrantTarget(p: Record<string, unknown>): string {
  const type = p.object_type as ObjectType;
  if (type === 'database') return `DATABASE ${pgIdent(String(p.database))}`;
  const schema = typeof p.schema === 'string' && p.schema ? p.schema : 'public';
  if (type === 'schema') return `SCHEMA ${pgIdent(schema)}`;
  const objects = list(p, 'objects');
  if (objects.length === 0) return `ALL TABLES IN SCHEMA ${pgIdent(schema)}`;
  return `TABLE ${objects.map((t) => `${pgIdent(schema)}.${pgIdent(t)}`).join(', ')}`;
}

/** Privileges named by a grant, expanded (ALL) and normalised (TEMP). */
export function pgGrantPrivileges(p: Record<string, unknown>): string[] {
  const type = p.object_type as ObjectType;
  const given = keywords(list(p, 'privileges'), PG_PRIVILEGES[type] ?? [], `${type} privileges`).split(', ');
  return [
    ...new Set(
      given.flatMap((g) => (g.startsWith('ALL') ? ALL_OF[type]! : [g === 'TEMP' ? 'TEMPORARY' : g])),
    ),
  ].sort();
}

function grantType(conns: Connections): ResourceType {
  const pool = (ctx: ActionContext, p = ctx.properties) =>
    conns.postgres(connectionOf(ctx), ctx.tenant, text(p, 'database'));
  const id = (p: Record<string, unknown>) =>
    `${String(p.role)}@${String(p.database)}/${String(p.object_type)}${p.object_type === 'database' ? '' : `/${optionalText(p, 'schema') ?? 'public'}`}`;
  const grantSql = (p: Record<string, unknown>) =>
    `GRANT ${pgGrantPrivileges(p).join(', ')} ON ${pgGrantTarget(p)} TO ${pgIdent(text(p, 'role'))}${
      p.with_grant_option === true ? ' WITH GRANT OPTION' : ''
    }`;
  const revokeSql = (p: Record<string, unknown>) =>
    `REVOKE ALL ON ${pgGrantTarget(p)} FROM ${pgIdent(text(p, 'role'))}`;

  /** Privileges the role holds directly on every targeted object; undefined when a target is gone. */
  const held = async (ctx: ActionContext): Promise<string[] | undefined> => {
    const p = ctx.properties;
    const db = pool(ctx);
    const role = await db.query<{ oid: number }>('SELECT oid::int AS oid FROM pg_roles WHERE rolname = $1', [
      text(p, 'role'),
    ]);
    const roleOid = role.rows[0]?.oid;
    if (roleOid === undefined) return undefined;
    const schema = optionalText(p, 'schema') ?? 'public';
    if (p.object_type === 'database' || p.object_type === 'schema') {
      const q =
        p.object_type === 'database'
          ? `SELECT x.oid, ARRAY(SELECT a.privilege_type FROM aclexplode(x.datacl) a WHERE a.grantee = $2) AS privs
               FROM pg_database x WHERE x.datname = $1`
          : `SELECT x.oid, ARRAY(SELECT a.privilege_type FROM aclexplode(x.nspacl) a WHERE a.grantee = $2) AS privs
               FROM pg_namespace x WHERE x.nspname = $1`;
      const r = await db.query<{ privs: string[] }>(q, [
        p.object_type === 'database' ? text(p, 'database') : schema,
        roleOid,
      ]);
      return r.rows[0] ? [...r.rows[0].privs].sort() : undefined;
    }
    const objects = list(p, 'objects');
    const r = await db.query<{ relname: string; privs: string[] }>(
      `SELECT c.relname, ARRAY(SELECT a.privilege_type FROM aclexplode(c.relacl) a WHERE a.grantee = $2) AS privs
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
      [schema, roleOid],
    );
    const rows = objects.length ? r.rows.filter((row) => objects.includes(row.relname)) : r.rows;
    if (objects.length && rows.length < objects.length) return undefined;
    if (rows.length === 0) return pgGrantPrivileges(p);
    // What is held on every targeted table.
    return pgGrantPrivileges(p)
      .concat(rows.flatMap((row) => row.privs))
      .filter((v, i, all) => all.indexOf(v) === i && rows.every((row) => row.privs.includes(v)))
      .sort();
  };

  const done = async (ctx: ActionContext): Promise<ActionResult> => ({
    physicalResourceId: id(ctx.properties),
    attributes: { privileges: (await held(ctx)) ?? [] },
    done: true,
  });

  return {
    name: 'PostgreSQL::Grant',
    description: 'Privileges of a role on a database, a schema, or tables of a schema.',
    properties: {
      connection: connectionProperty,
      database: { type: 'string', required: true, onChange: 'replace', constraints: IDENT },
      role: { type: 'string', required: true, onChange: 'replace', constraints: IDENT },
      object_type: {
        type: 'string',
        required: true,
        onChange: 'replace',
        constraints: { allowedValues: ['database', 'schema', 'table'] },
      },
      schema: { type: 'string', default: 'public', onChange: 'replace', constraints: IDENT },
      objects: {
        type: 'list',
        items: { type: 'string' },
        default: [],
        onChange: 'update',
        description: 'Tables (object_type table); empty: every table in the schema.',
      },
      privileges: { type: 'list', items: { type: 'string' }, required: true, onChange: 'update' },
      with_grant_option: { type: 'boolean', default: false, onChange: 'update' },
    },
    attributes: {
      privileges: { description: 'Privileges the role holds on every targeted object.', type: 'list' },
    },
    validate(p) {
      const type = p.object_type as ObjectType;
      if (!(type in PG_PRIVILEGES)) return [];
      try {
        pgGrantPrivileges(p);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    },
    create: (ctx) =>
      guarded(async () => {
        await pool(ctx).query(grantSql(ctx.properties));
        return done(ctx);
      }),
    update: (ctx) =>
      guarded(async () => {
        // One transaction: the role never loses the privileges both versions grant.
        await inTransaction(pool(ctx), async (c) => {
          await c.query(revokeSql(ctx.previousProperties ?? ctx.properties));
          await c.query(grantSql(ctx.properties));
        });
        return done(ctx);
      }),
    delete: (ctx) =>
      guarded(async () => {
        try {
          await pool(ctx).query(revokeSql(ctx.properties));
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          // Database, role, schema or table gone: nothing left to revoke.
          if (!isMissingDatabase(error) && code !== '42704' && code !== '3F000' && code !== '42P01')
            throw error;
        }
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        let privileges: string[] | undefined;
        try {
          privileges = await held(ctx);
        } catch (error) {
          if (isMissingDatabase(error)) return { state: 'missing' };
          throw error;
        }
        const wanted = pgGrantPrivileges(ctx.properties);
        if (!privileges || !privileges.some((p) => wanted.includes(p))) return { state: 'missing' };
        if (ctx.action === 'DELETE') return { state: 'pending' };
        return { state: 'done', physicalResourceId: id(ctx.properties), attributes: { privileges } };
      }),
  };
}

// ---------------------------------------------------------------- Extension

function extensionType(conns: Connections): ResourceType {
  const pool = (ctx: ActionContext) =>
    conns.postgres(connectionOf(ctx), ctx.tenant, text(ctx.properties, 'database'));
  const read = async (ctx: ActionContext) => {
    const r = await pool(ctx).query<{ version: string; schema: string }>(
      `SELECT e.extversion AS version, n.nspname AS schema FROM pg_extension e
         JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1`,
      [text(ctx.properties, 'name')],
    );
    const row = r.rows[0];
    return row ? { name: text(ctx.properties, 'name'), version: row.version, schema: row.schema } : undefined;
  };
  const id = (ctx: ActionContext) => `${text(ctx.properties, 'database')}.${text(ctx.properties, 'name')}`;
  return {
    name: 'PostgreSQL::Extension',
    description: 'An extension installed in a PostgreSQL database.',
    properties: {
      connection: connectionProperty,
      database: { type: 'string', required: true, onChange: 'replace', constraints: IDENT },
      name: { type: 'string', required: true, onChange: 'replace', constraints: IDENT },
      schema: { type: 'string', onChange: 'replace', constraints: IDENT },
      version: { type: 'string', onChange: 'update', description: 'Default: the default version.' },
    },
    attributes: {
      name: { description: 'Extension name.', type: 'string' },
      version: { description: 'Installed version.', type: 'string' },
      schema: { description: 'Schema holding its objects.', type: 'string' },
    },
    create: (ctx) =>
      guarded(async () => {
        const p = ctx.properties;
        const schema = optionalText(p, 'schema');
        const version = optionalText(p, 'version');
        await pool(ctx).query(
          `CREATE EXTENSION IF NOT EXISTS ${pgIdent(text(p, 'name'))}${schema ? ` SCHEMA ${pgIdent(schema)}` : ''}${
            version ? ` VERSION ${pgLiteral(version)}` : ''
          }`,
        );
        return { physicalResourceId: id(ctx), attributes: (await read(ctx)) ?? {}, done: true };
      }),
    update: (ctx) =>
      guarded(async () => {
        const version = optionalText(ctx.properties, 'version');
        await pool(ctx).query(
          `ALTER EXTENSION ${pgIdent(text(ctx.properties, 'name'))} UPDATE${version ? ` TO ${pgLiteral(version)}` : ''}`,
        );
        return { physicalResourceId: id(ctx), attributes: (await read(ctx)) ?? {}, done: true };
      }),
    delete: (ctx) =>
      guarded(async () => {
        try {
          await pool(ctx).query(`DROP EXTENSION IF EXISTS ${pgIdent(text(ctx.properties, 'name'))}`);
        } catch (error) {
          if (!isMissingDatabase(error)) throw error;
        }
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        try {
          const attributes = await read(ctx);
          if (!attributes) return { state: 'missing' };
          if (ctx.action === 'DELETE') return { state: 'pending' };
          return { state: 'done', physicalResourceId: id(ctx), attributes };
        } catch (error) {
          if (isMissingDatabase(error)) return { state: 'missing' };
          throw error;
        }
      }),
  };
}

export function postgresqlTypes(conns: Connections): ResourceType[] {
  return [roleType(conns), databaseType(conns), schemaType(conns), grantType(conns), extensionType(conns)];
}
