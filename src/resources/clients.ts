import pg from 'pg';
import mysql from 'mysql2/promise';
import { connect as natsConnect, type NatsConnection } from 'nats';
import {
  loadConnectionSet,
  type ConnectionSet,
  type MysqlSettings,
  type NatsSettings,
  type PostgresSettings,
  type RabbitSettings,
  type System,
} from './connections.ts';

/**
 * The live clients behind connections: created on first use, shared by every action, closed by
 * close(). PostgreSQL statements that act inside one database (schemas, grants, extensions) need
 * a pool on that database, so PostgreSQL pools are keyed by connection and database.
 */
export class Connections {
  private set: ConnectionSet | null = null;
  private readonly pgPools = new Map<string, pg.Pool>();
  private readonly mysqlPools = new Map<string, mysql.Pool>();
  private readonly nats = new Map<string, Promise<NatsConnection>>();
  private closed = false;

  /** `source`: the connections, or how to load them (read on first use, so a bad file only fails the types). */
  constructor(private readonly source: ConnectionSet | (() => ConnectionSet)) {}

  private connections(): ConnectionSet {
    this.set ??= typeof this.source === 'function' ? this.source() : this.source;
    return this.set;
  }

  settings<S extends System>(system: S, name: string, tenant: string | undefined) {
    return this.connections().resolve(system, name, tenant).settings;
  }

  private guard() {
    if (this.closed) throw new Error('connections are closed (the service is stopping)');
  }

  /** A pool on `database` (default: the connection's own) with the connection's admin credentials. */
  postgres(name: string, tenant: string | undefined, database?: string): pg.Pool {
    this.guard();
    const s: PostgresSettings = this.settings('postgresql', name, tenant);
    const db = database ?? s.database;
    const key = `${name}\0${db}`;
    let pool = this.pgPools.get(key);
    if (!pool) {
      pool = new pg.Pool({
        host: s.host,
        port: s.port,
        user: s.user,
        ...(s.password !== undefined ? { password: s.password } : {}),
        database: db,
        ...(s.ssl ? { ssl: true } : {}),
        max: 4,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: 10_000,
        application_name: 'convergence-engine',
      });
      // Idle clients die when a database is dropped WITH (FORCE) or the server restarts: the
      // pool replaces them; without a listener the error would crash the process.
      pool.on('error', () => undefined);
      this.pgPools.set(key, pool);
    }
    return pool;
  }

  /** Closes the pools opened on a database, before dropping it. */
  async releasePostgresDatabase(name: string, database: string): Promise<void> {
    const key = `${name}\0${database}`;
    const pool = this.pgPools.get(key);
    if (!pool) return;
    this.pgPools.delete(key);
    await pool.end().catch(() => undefined);
  }

  mysql(name: string, tenant: string | undefined): mysql.Pool {
    this.guard();
    const s: MysqlSettings = this.settings('mysql', name, tenant);
    let pool = this.mysqlPools.get(name);
    if (!pool) {
      pool = mysql.createPool({
        host: s.host,
        port: s.port,
        user: s.user,
        ...(s.password !== undefined ? { password: s.password } : {}),
        connectionLimit: 4,
        maxIdle: 2,
        idleTimeout: 10_000,
        connectTimeout: 10_000,
      });
      pool.on('connection', (c) => c.on('error', () => undefined));
      this.mysqlPools.set(name, pool);
    }
    return pool;
  }

  rabbit(name: string, tenant: string | undefined): RabbitSettings {
    this.guard();
    return this.settings('rabbitmq', name, tenant);
  }

  async natsConnection(name: string, tenant: string | undefined): Promise<NatsConnection> {
    this.guard();
    const s: NatsSettings = this.settings('nats', name, tenant);
    let conn = this.nats.get(name);
    if (conn) {
      const c = await conn.catch(() => null);
      if (c && !c.isClosed()) return c;
      this.nats.delete(name);
    }
    conn = natsConnect({
      servers: s.servers,
      ...(s.user !== undefined ? { user: s.user } : {}),
      ...(s.password !== undefined ? { pass: s.password } : {}),
      ...(s.token !== undefined ? { token: s.token } : {}),
      name: 'convergence-engine',
      timeout: 10_000,
      maxReconnectAttempts: -1,
    });
    this.nats.set(name, conn);
    conn.catch(() => this.nats.delete(name));
    return conn;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pg = [...this.pgPools.values()];
    const my = [...this.mysqlPools.values()];
    const nats = [...this.nats.values()];
    this.pgPools.clear();
    this.mysqlPools.clear();
    this.nats.clear();
    await Promise.allSettled([
      ...pg.map((p) => p.end()),
      ...my.map((p) => p.end()),
      ...nats.map(async (c) => (await c).drain()),
    ]);
  }
}

/** Connections as the service's environment configures them (see connections.ts). */
export function connectionsFromEnvironment(env: NodeJS.ProcessEnv = process.env): Connections {
  const local = !(env.AUTH_JWT_SECRET || env.AUTH_JWT_PUBLIC_KEY);
  return new Connections(() => loadConnectionSet({ env, local }));
}
