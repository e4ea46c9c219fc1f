import { describe, expect, it } from 'vitest';
import { mysqlGrantTarget, mysqlNativeHash } from '../../../src/resources/mysql/index.ts';
import { pgGrantPrivileges, pgGrantTarget } from '../../../src/resources/postgresql/index.ts';
import { scramVerifier } from '../../../src/resources/postgresql/scram.ts';
import { rabbitPasswordHash } from '../../../src/resources/rabbitmq/index.ts';
import { keywords, mysqlGrantDatabase, mysqlIdent, pgIdent, pgLiteral } from '../../../src/resources/sql.ts';

describe('SQL quoting of template values', () => {
  it('PostgreSQL identifiers are always double-quoted with quotes doubled', () => {
    expect(pgIdent('app')).toBe('"app"');
    expect(pgIdent('a"; DROP ROLE postgres; --')).toBe('"a""; DROP ROLE postgres; --"');
    expect(pgIdent('Mixed Case')).toBe('"Mixed Case"');
    expect(() => pgIdent('a\0b')).toThrow(/NUL/);
  });

  it('PostgreSQL literals double quotes and use E-strings for backslashes', () => {
    expect(pgLiteral("it's")).toBe("'it''s'");
    expect(pgLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(pgLiteral("x\\' OR 1=1 --")).toBe("E'x\\\\'' OR 1=1 --'");
  });

  it('MySQL identifiers are back-quoted; grant database names escape the _ and % wildcards', () => {
    expect(mysqlIdent('a`b')).toBe('`a``b`');
    expect(mysqlIdent('db.table')).toBe('`db.table`');
    expect(mysqlGrantDatabase('app_db%')).toBe('`app\\_db\\%`');
    expect(mysqlGrantTarget({ database: 'app_db', table: '*' })).toBe('`app\\_db`.*');
    // Table-level grants take the database name literally (no wildcards there).
    expect(mysqlGrantTarget({ database: 'app_db', table: 'orders' })).toBe('`app_db`.`orders`');
  });

  it('privileges (keywords) are allow-listed, never quoted through', () => {
    expect(keywords(['select', ' insert '], ['SELECT', 'INSERT'], 'privileges')).toBe('SELECT, INSERT');
    expect(() => keywords(['SELECT; DROP TABLE x'], ['SELECT'], 'privileges')).toThrow(/unknown privileges/);
    expect(() => keywords([], ['SELECT'], 'privileges')).toThrow(/no privileges/);
  });

  it('PostgreSQL grants: targets and privilege sets', () => {
    expect(pgGrantTarget({ object_type: 'database', database: 'd"b' })).toBe('DATABASE "d""b"');
    expect(pgGrantTarget({ object_type: 'schema', database: 'd', schema: 'app' })).toBe('SCHEMA "app"');
    expect(pgGrantTarget({ object_type: 'table', database: 'd', schema: 'app', objects: [] })).toBe(
      'ALL TABLES IN SCHEMA "app"',
    );
    expect(pgGrantTarget({ object_type: 'table', database: 'd', schema: 'app', objects: ['a', 'b'] })).toBe(
      'TABLE "app"."a", "app"."b"',
    );
    expect(pgGrantPrivileges({ object_type: 'database', privileges: ['connect', 'temp'] })).toEqual([
      'CONNECT',
      'TEMPORARY',
    ]);
    expect(pgGrantPrivileges({ object_type: 'schema', privileges: ['ALL'] })).toEqual(['CREATE', 'USAGE']);
    expect(() => pgGrantPrivileges({ object_type: 'schema', privileges: ['SELECT'] })).toThrow(
      /unknown schema privileges/,
    );
  });
});

describe('password hashes sent instead of clear passwords', () => {
  it('SCRAM-SHA-256 verifier in the format PostgreSQL stores', () => {
    const v = scramVerifier('pencil', Buffer.alloc(16, 1));
    expect(v).toMatch(
      /^SCRAM-SHA-256\$4096:AQEBAQEBAQEBAQEBAQEBAQ==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/,
    );
    expect(scramVerifier('pencil', Buffer.alloc(16, 1))).toBe(v);
    expect(scramVerifier('pencil')).not.toBe(scramVerifier('pencil'));
    expect(v).not.toContain('pencil');
  });

  it("mysql_native_password hash equals the server's PASSWORD()", () => {
    expect(mysqlNativeHash('password')).toBe('*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
  });

  it('RabbitMQ salted SHA-256: 4-byte salt then the digest', () => {
    const h = Buffer.from(rabbitPasswordHash('guest', Buffer.from([1, 2, 3, 4])), 'base64');
    expect(h).toHaveLength(36);
    expect([...h.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
  });
});
