import { describe, expect, it } from 'vitest';
import {
  ConnectionConfigError,
  ConnectionSet,
  connectionsFromEnv,
  loadConnectionSet,
  parseConnectionsDocument,
} from '../../../src/resources/connections.ts';

const YAML = `
postgresql:
  default:
    url: postgres://admin:s%40cret@db.internal:6432/maint?sslmode=require
  analytics:
    host: 10.0.0.5
    user: ops
    password_env: ANALYTICS_PW
    tenants: [acme, beta]
mysql:
  default: { url: "mysql://root@127.0.0.1:3307" }
rabbitmq:
  default: { url: "http://admin:pw@mq.internal:15672/", tenants: acme }
nats:
  default: { servers: ["nats://tok@n1:4222", "nats://n2:4222"] }
`;

describe('connections', () => {
  it('parses a YAML file with URLs, fields, password_env and tenant limits', () => {
    const set = loadConnectionSet({
      env: { CONNECTIONS_FILE: '/etc/conn.yaml', ANALYTICS_PW: 'from-env' },
      local: false,
      readFile: () => YAML,
    });
    expect(set.resolve('postgresql', 'default', 'x').settings).toEqual({
      host: 'db.internal',
      port: 6432,
      user: 'admin',
      password: 's@cret',
      database: 'maint',
      ssl: true,
    });
    expect(set.resolve('postgresql', 'analytics', 'acme')).toMatchObject({
      tenants: ['acme', 'beta'],
      settings: { host: '10.0.0.5', port: 5432, user: 'ops', password: 'from-env', database: 'postgres' },
    });
    expect(set.resolve('mysql', 'default', undefined).settings).toEqual({
      host: '127.0.0.1',
      port: 3307,
      user: 'root',
    });
    // The management URL keeps no credentials; they become fields.
    expect(set.resolve('rabbitmq', 'default', 'acme').settings).toEqual({
      url: 'http://mq.internal:15672',
      user: 'admin',
      password: 'pw',
    });
    expect(set.resolve('nats', 'default', 't').settings).toEqual({
      servers: ['nats://n1:4222', 'nats://n2:4222'],
      token: 'tok',
    });
  });

  it('reads JSON too (YAML is a superset)', () => {
    const set = loadConnectionSet({
      env: { CONNECTIONS_FILE: 'c.json' },
      local: false,
      readFile: () => JSON.stringify({ nats: { events: { url: 'nats://u:p@127.0.0.1:4333' } } }),
    });
    expect(set.resolve('nats', 'events', 't').settings).toEqual({
      servers: ['nats://127.0.0.1:4333'],
      user: 'u',
      password: 'p',
    });
  });

  it('tenant rules: a limited connection refuses other tenants and unknown tenants, with codes', () => {
    const set = new ConnectionSet(
      parseConnectionsDocument({ postgresql: { analytics: { host: 'h', tenants: ['acme'] } } }),
    );
    expect(() => set.resolve('postgresql', 'analytics', 'acme')).not.toThrow();
    expect(() => set.resolve('postgresql', 'analytics', 'evil')).toThrow(
      expect.objectContaining({ name: 'PermanentActionError', code: 'CONNECTION_NOT_ALLOWED' }),
    );
    expect(() => set.resolve('postgresql', 'analytics', undefined)).toThrow(
      expect.objectContaining({ code: 'CONNECTION_NOT_ALLOWED' }),
    );
    expect(() => set.resolve('postgresql', 'other', 'acme')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CONNECTION' }),
    );
    // The same name on another system is another connection.
    expect(() => set.resolve('mysql', 'analytics', 'acme')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CONNECTION' }),
    );
  });

  it('errors never echo a password', () => {
    try {
      set();
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
      return;
    }
    throw new Error('expected a refusal');
    function set() {
      new ConnectionSet(
        parseConnectionsDocument({ postgresql: { a: { url: 'postgres://u:hunter2@h/db', tenants: ['x'] } } }),
      ).resolve('postgresql', 'a', 'y');
    }
  });

  it('environment variables define connections and their tenants', () => {
    const defs = connectionsFromEnv({
      CONNECTION_POSTGRESQL_ANALYTICS: 'postgresql://a@h:5433/x',
      CONNECTION_POSTGRESQL_ANALYTICS_TENANTS: 'acme, beta',
      CONNECTION_RABBITMQ_DEFAULT: 'https://mq:15671',
      UNRELATED: 'x',
    });
    expect(defs).toHaveLength(2);
    expect(defs.find((d) => d.system === 'postgresql')).toMatchObject({
      name: 'analytics',
      tenants: ['acme', 'beta'],
      settings: { host: 'h', port: 5433, user: 'a', database: 'x' },
    });
    expect(defs.find((d) => d.system === 'rabbitmq')).toMatchObject({
      settings: { url: 'https://mq:15671', user: 'guest', password: 'guest' },
    });
  });

  it('local mode offers a default per system at the standard local address, only where nothing is configured', () => {
    const set = loadConnectionSet({ env: { CONNECTION_NATS_DEFAULT: 'nats://10.1.1.1:4222' }, local: true });
    expect(set.resolve('postgresql', 'default', 'any').settings).toMatchObject({
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
    });
    expect(set.resolve('mysql', 'default', 'any').settings).toMatchObject({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
    });
    expect(set.resolve('rabbitmq', 'default', 'any').settings).toEqual({
      url: 'http://127.0.0.1:15672',
      user: 'guest',
      password: 'guest',
    });
    expect(set.resolve('nats', 'default', 'any').settings).toEqual({ servers: ['nats://10.1.1.1:4222'] });
  });

  it('with authentication on (not local) nothing is offered without configuration', () => {
    const set = loadConnectionSet({ env: {}, local: false });
    expect(set.list()).toEqual([]);
    expect(() => set.resolve('postgresql', 'default', 't')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_CONNECTION' }),
    );
  });

  it('rejects malformed documents with the place of the problem', () => {
    expect(() => parseConnectionsDocument({ redis: {} })).toThrow(/redis: unknown system/);
    expect(() => parseConnectionsDocument({ postgresql: { 'bad name!': {} } })).toThrow(
      /invalid connection name/,
    );
    expect(() => parseConnectionsDocument({ postgresql: { a: { port: 99999 } } })).toThrow(/bad port/);
    expect(() => parseConnectionsDocument({ postgresql: { a: { url: 'http://x' } } })).toThrow(
      /expected postgres/,
    );
    expect(() => parseConnectionsDocument({ postgresql: { a: { tenants: [] } } })).toThrow(/tenants: empty/);
    expect(() => parseConnectionsDocument({ mysql: { a: { password_env: 'NOPE' } } }, {})).toThrow(
      /NOPE is not set/,
    );
    expect(() =>
      loadConnectionSet({ env: { CONNECTIONS_FILE: 'x' }, local: true, readFile: () => '{: bad' }),
    ).toThrow(ConnectionConfigError);
  });
});
