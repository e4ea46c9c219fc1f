import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { PermanentActionError } from './types.ts';

/**
 * Connections: where the real servers are and the admin credentials to reach them, configured on
 * the service (never in templates). Templates name a connection (`connection: analytics`); an
 * operator may limit a connection to some tenants. Pure: parsing and the tenant rule; the clients
 * that use them live in clients.ts.
 */

export const SYSTEMS = ['postgresql', 'mysql', 'rabbitmq', 'nats'] as const;
export type System = (typeof SYSTEMS)[number];

export interface PostgresSettings {
  host: string;
  port: number;
  user: string;
  password?: string;
  /** Database the admin connection opens for cluster-wide statements (roles, databases). */
  database: string;
  ssl: boolean;
}
export interface MysqlSettings {
  host: string;
  port: number;
  user: string;
  password?: string;
}
export interface RabbitSettings {
  /** Base URL of the management HTTP API, e.g. http://127.0.0.1:15672. */
  url: string;
  user: string;
  password: string;
}
export interface NatsSettings {
  servers: string[];
  user?: string;
  password?: string;
  token?: string;
}
export interface SettingsBySystem {
  postgresql: PostgresSettings;
  mysql: MysqlSettings;
  rabbitmq: RabbitSettings;
  nats: NatsSettings;
}

export interface ConnectionDefinition<S extends System = System> {
  system: S;
  name: string;
  /** null: every tenant may use it. */
  tenants: string[] | null;
  settings: SettingsBySystem[S];
}

export class ConnectionConfigError extends Error {
  override name = 'ConnectionConfigError';
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** The servers of the services note, used in local mode when nothing is configured for a system. */
export function localDefaults(): ConnectionDefinition[] {
  return [
    {
      system: 'postgresql',
      name: 'default',
      tenants: null,
      settings: { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres', ssl: false },
    },
    {
      system: 'mysql',
      name: 'default',
      tenants: null,
      settings: { host: '127.0.0.1', port: 3306, user: 'root' },
    },
    {
      system: 'rabbitmq',
      name: 'default',
      tenants: null,
      settings: { url: 'http://127.0.0.1:15672', user: 'guest', password: 'guest' },
    },
    { system: 'nats', name: 'default', tenants: null, settings: { servers: ['nats://127.0.0.1:4222'] } },
  ];
}

type Raw = Record<string, unknown>;

function str(raw: Raw, key: string, where: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  throw new ConnectionConfigError(`${where}.${key}: expected a string`);
}

/** `password` given directly, or read from the environment variable `password_env` names. */
function secretField(raw: Raw, key: string, where: string, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = str(raw, `${key}_env`, where);
  if (fromEnv !== undefined) {
    const value = env[fromEnv];
    if (value === undefined) throw new ConnectionConfigError(`${where}.${key}_env: ${fromEnv} is not set`);
    return value;
  }
  return str(raw, key, where);
}

function port(value: string | undefined, fallback: number, where: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new ConnectionConfigError(`${where}: bad port ${value}`);
  return n;
}

function parseUrl(value: string, where: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConnectionConfigError(`${where}: not a URL`);
  }
  if (!protocols.includes(url.protocol.replace(/:$/, '')))
    throw new ConnectionConfigError(`${where}: expected ${protocols.map((p) => `${p}://`).join(' or ')}`);
  return url;
}

const dec = (s: string) => (s ? decodeURIComponent(s) : undefined);

/** Settings of one connection from its fields (`url` and/or host, port, user, password...). */
export function parseSettings<S extends System>(
  system: S,
  raw: Raw,
  where: string,
  env: NodeJS.ProcessEnv = {},
): SettingsBySystem[S] {
  const urlText = str(raw, 'url', where);
  const password = secretField(raw, 'password', where, env);
  switch (system) {
    case 'postgresql': {
      const u = urlText ? parseUrl(urlText, `${where}.url`, ['postgres', 'postgresql']) : null;
      const sslmode = u?.searchParams.get('sslmode');
      const s: PostgresSettings = {
        host: str(raw, 'host', where) ?? (u?.hostname || '127.0.0.1'),
        port: port(str(raw, 'port', where) ?? u?.port, 5432, `${where}.port`),
        user: str(raw, 'user', where) ?? dec(u?.username ?? '') ?? 'postgres',
        database: str(raw, 'database', where) ?? (dec(u?.pathname.replace(/^\//, '') ?? '') || 'postgres'),
        ssl: raw.ssl === true || raw.ssl === 'true' || (!!sslmode && sslmode !== 'disable'),
      };
      const pw = password ?? dec(u?.password ?? '');
      if (pw !== undefined) s.password = pw;
      return s as SettingsBySystem[S];
    }
    case 'mysql': {
      const u = urlText ? parseUrl(urlText, `${where}.url`, ['mysql', 'mariadb']) : null;
      const s: MysqlSettings = {
        host: str(raw, 'host', where) ?? (u?.hostname || '127.0.0.1'),
        port: port(str(raw, 'port', where) ?? u?.port, 3306, `${where}.port`),
        user: str(raw, 'user', where) ?? dec(u?.username ?? '') ?? 'root',
      };
      const pw = password ?? dec(u?.password ?? '');
      if (pw !== undefined) s.password = pw;
      return s as SettingsBySystem[S];
    }
    case 'rabbitmq': {
      const u = parseUrl(urlText ?? 'http://127.0.0.1:15672', `${where}.url`, ['http', 'https']);
      const user = str(raw, 'user', where) ?? dec(u.username) ?? 'guest';
      const pw = password ?? dec(u.password) ?? 'guest';
      u.username = '';
      u.password = '';
      const s: RabbitSettings = { url: u.toString().replace(/\/+$/, ''), user, password: pw };
      return s as SettingsBySystem[S];
    }
    case 'nats': {
      const list = raw.servers ?? urlText ?? 'nats://127.0.0.1:4222';
      const servers = (
        Array.isArray(list) ? list.map((v) => `${v as string}`) : `${list as string}`.split(',')
      )
        .map((s) => s.trim())
        .filter(Boolean);
      const s: NatsSettings = { servers: [] };
      for (const [i, text] of servers.entries()) {
        const u = parseUrl(text, `${where}.servers[${i}]`, ['nats', 'tls']);
        // Credentials in a server URL become connection options, so the URL kept has none.
        if (u.username && u.password) {
          s.user = dec(u.username)!;
          s.password = dec(u.password)!;
        } else if (u.username) s.token = dec(u.username)!;
        u.username = '';
        u.password = '';
        s.servers.push(`${u.protocol}//${u.host}`);
      }
      const user = str(raw, 'user', where);
      if (user !== undefined) s.user = user;
      if (password !== undefined) s.password = password;
      const token = secretField(raw, 'token', where, env);
      if (token !== undefined) s.token = token;
      if (s.servers.length === 0) throw new ConnectionConfigError(`${where}: no servers`);
      return s as SettingsBySystem[S];
    }
  }
  throw new ConnectionConfigError(`${where}: unknown system`);
}

function tenantsOf(value: unknown, where: string): string[] | null {
  if (value === undefined || value === null) return null;
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list)) throw new ConnectionConfigError(`${where}.tenants: expected a list of tenants`);
  const tenants = list.map((t) => String(t).trim()).filter(Boolean);
  if (tenants.length === 0)
    throw new ConnectionConfigError(`${where}.tenants: empty (omit it to allow every tenant)`);
  return tenants;
}

/**
 * A connections document (the file CONNECTIONS_FILE names, JSON or YAML):
 * `{ postgresql: { default: {url|host, port, user, password|password_env, tenants} }, mysql: {...}, ... }`.
 */
export function parseConnectionsDocument(doc: unknown, env: NodeJS.ProcessEnv = {}): ConnectionDefinition[] {
  if (doc === null || doc === undefined) return [];
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ConnectionConfigError('the connections file must map systems to named connections');
  const out: ConnectionDefinition[] = [];
  for (const [system, entries] of Object.entries(doc as Raw)) {
    if (!(SYSTEMS as readonly string[]).includes(system))
      throw new ConnectionConfigError(`${system}: unknown system (expected one of ${SYSTEMS.join(', ')})`);
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries))
      throw new ConnectionConfigError(`${system}: expected named connections`);
    for (const [name, raw] of Object.entries(entries as Raw)) {
      const where = `${system}.${name}`;
      if (!NAME.test(name)) throw new ConnectionConfigError(`${where}: invalid connection name`);
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
        throw new ConnectionConfigError(`${where}: expected a map of settings`);
      out.push({
        system: system as System,
        name,
        tenants: tenantsOf((raw as Raw).tenants, where),
        settings: parseSettings(system as System, raw as Raw, where, env),
      });
    }
  }
  return out;
}

/**
 * Connections from environment variables: `CONNECTION_<SYSTEM>_<NAME>=<url>` (NAME lower-cased,
 * `_` kept), and `CONNECTION_<SYSTEM>_<NAME>_TENANTS=a,b` to limit it.
 */
export function connectionsFromEnv(env: NodeJS.ProcessEnv): ConnectionDefinition[] {
  const out: ConnectionDefinition[] = [];
  for (const [key, value] of Object.entries(env)) {
    const m = /^CONNECTION_(POSTGRESQL|MYSQL|RABBITMQ|NATS)_([A-Z0-9_]+)$/.exec(key);
    if (!m || !value || m[2]!.endsWith('_TENANTS')) continue;
    const system = m[1]!.toLowerCase() as System;
    const name = m[2]!.toLowerCase();
    const where = key;
    out.push({
      system,
      name,
      tenants: tenantsOf(env[`${key}_TENANTS`], where),
      settings: parseSettings(system, { url: value }, where, env),
    });
  }
  return out;
}

/** Later definitions replace earlier ones of the same system and name. */
export class ConnectionSet {
  private readonly byKey = new Map<string, ConnectionDefinition>();

  constructor(definitions: ConnectionDefinition[]) {
    for (const d of definitions) this.byKey.set(`${d.system}/${d.name}`, d);
  }

  list(): ConnectionDefinition[] {
    return [...this.byKey.values()];
  }

  /**
   * The settings a tenant may use under this name. Fails permanently (retrying cannot help) when
   * the name is unknown or the connection is limited to other tenants; both answers say the same
   * about connections of other tenants, so a tenant cannot probe what others have.
   */
  resolve<S extends System>(system: S, name: string, tenant: string | undefined): ConnectionDefinition<S> {
    const def = this.byKey.get(`${system}/${name}`) as ConnectionDefinition<S> | undefined;
    if (def && (def.tenants === null || (tenant !== undefined && def.tenants.includes(tenant)))) return def;
    if (def)
      throw new PermanentActionError(
        `the ${system} connection "${name}" is not available to tenant ${tenant ?? '(unknown)'}`,
        'CONNECTION_NOT_ALLOWED',
      );
    throw new PermanentActionError(
      `no ${system} connection named "${name}" is configured`,
      'UNKNOWN_CONNECTION',
    );
  }
}

/**
 * Everything configured: local defaults (local mode only, for systems nothing else configures),
 * then the file named by CONNECTIONS_FILE, then CONNECTION_* variables.
 */
export function loadConnectionSet(options: {
  env?: NodeJS.ProcessEnv;
  local: boolean;
  readFile?: (path: string) => string;
}): ConnectionSet {
  const env = options.env ?? process.env;
  const configured: ConnectionDefinition[] = [];
  if (env.CONNECTIONS_FILE) {
    const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
    let text: string;
    try {
      text = read(env.CONNECTIONS_FILE);
    } catch (error) {
      throw new ConnectionConfigError(
        `CONNECTIONS_FILE=${env.CONNECTIONS_FILE}: ${(error as Error).message}`,
      );
    }
    let doc: unknown;
    try {
      // YAML is a superset of JSON, so one parser reads both.
      doc = parseYaml(text);
    } catch (error) {
      throw new ConnectionConfigError(`CONNECTIONS_FILE: ${(error as Error).message}`);
    }
    configured.push(...parseConnectionsDocument(doc, env));
  }
  configured.push(...connectionsFromEnv(env));
  const systems = new Set(configured.map((d) => d.system));
  const defaults = options.local ? localDefaults().filter((d) => !systems.has(d.system)) : [];
  return new ConnectionSet([...defaults, ...configured]);
}
