import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { physicalResourceName, randomStringType } from '../../../src/resources/builtin/random-string.ts';
import { builtinRegistry } from '../../../src/resources/registry.ts';
import { secretPaths } from '../../../src/secrets/index.ts';
import { compileTemplate } from '../../../src/template/compile.ts';

const registry = builtinRegistry();
const REAL = registry.names().filter((n) => /^(PostgreSQL|MySQL|RabbitMQ|NATS)::/.test(n));

describe('real-system type schemas', () => {
  it('registers every type the issue names', () => {
    expect(REAL).toEqual(
      [
        'MySQL::Database',
        'MySQL::Grant',
        'MySQL::User',
        'NATS::Consumer',
        'NATS::KeyValue',
        'NATS::Stream',
        'PostgreSQL::Database',
        'PostgreSQL::Extension',
        'PostgreSQL::Grant',
        'PostgreSQL::Role',
        'PostgreSQL::Schema',
        'RabbitMQ::Binding',
        'RabbitMQ::Exchange',
        'RabbitMQ::Permissions',
        'RabbitMQ::Policy',
        'RabbitMQ::Queue',
        'RabbitMQ::User',
        'RabbitMQ::VirtualHost',
      ].sort(),
    );
  });

  it('every type takes `connection` (default `default`; changing it replaces) and says how each property changes', () => {
    for (const name of REAL) {
      const type = registry.require(name);
      expect(type.properties.connection, name).toMatchObject({ default: 'default', onChange: 'replace' });
      for (const [prop, schema] of Object.entries(type.properties))
        expect(['update', 'replace'], `${name}.${prop}`).toContain(schema.onChange);
    }
  });

  it('names the issue lists, with update-in-place vs replace', () => {
    const props = (t: string) => registry.require(t).properties;
    expect(Object.keys(props('PostgreSQL::Role'))).toEqual(
      expect.arrayContaining(['name', 'login', 'password', 'connection_limit', 'member_of']),
    );
    expect(props('PostgreSQL::Role').connection_limit!.onChange).toBe('update');
    expect(props('PostgreSQL::Database').name!.onChange).toBe('replace');
    expect(props('PostgreSQL::Database').owner!.onChange).toBe('update');
    expect(Object.keys(props('PostgreSQL::Schema'))).toEqual(
      expect.arrayContaining(['database', 'name', 'owner']),
    );
    expect(Object.keys(props('MySQL::User'))).toEqual(expect.arrayContaining(['name', 'host', 'password']));
    expect(Object.keys(props('RabbitMQ::Queue'))).toEqual(
      expect.arrayContaining(['vhost', 'name', 'durable', 'type', 'arguments']),
    );
    expect(Object.keys(props('RabbitMQ::Exchange'))).toEqual(
      expect.arrayContaining(['vhost', 'name', 'type', 'durable']),
    );
    expect(Object.keys(props('RabbitMQ::Binding'))).toEqual(
      expect.arrayContaining(['vhost', 'source', 'destination', 'destination_type', 'routing_key']),
    );
    expect(Object.keys(props('NATS::Stream'))).toEqual(
      expect.arrayContaining(['name', 'subjects', 'retention', 'max_msgs']),
    );
    expect(props('NATS::Stream').max_msgs!.onChange).toBe('update');
    expect(Object.keys(props('NATS::Consumer'))).toEqual(
      expect.arrayContaining(['stream', 'name', 'filter_subject', 'ack_policy']),
    );
  });

  it('marks exactly the passwords secret', () => {
    const secret = Object.fromEntries(
      registry
        .names()
        .map((n) => [n, secretPaths(registry.require(n))] as const)
        .filter(([, paths]) => paths.length > 0),
    );
    expect(secret).toEqual({
      'MySQL::User': ['password'],
      'PostgreSQL::Role': ['password'],
      'RabbitMQ::User': ['password'],
    });
  });

  it('validation catches bad privileges and non-durable quorum queues before anything runs', () => {
    expect(
      registry.require('PostgreSQL::Grant').validate!({ object_type: 'table', privileges: ['USAGE'] }),
    ).toHaveLength(1);
    expect(registry.require('MySQL::Grant').validate!({ privileges: ['SELECT', 'SUPER'] })).toHaveLength(1);
    expect(registry.require('RabbitMQ::Queue').validate!({ type: 'quorum', durable: false })).toHaveLength(1);
    expect(registry.require('RabbitMQ::Queue').validate!({ type: 'quorum', durable: true })).toEqual([]);
  });
});

describe('OS::Heat::RandomString', () => {
  it('is named like Heat names resources; the secret stays in the value attribute', async () => {
    const result = await randomStringType.create({
      resourceId: 'r1',
      idempotencyKey: '7f3a9c2e-1111-2222-3333-444455556666',
      stackId: 's',
      stackName: 'shop',
      name: 'db_password',
      action: 'CREATE',
      properties: { length: 24 },
      startedAt: 0,
      attempt: 0,
      signal: new AbortController().signal,
    });
    const value = result.attributes!.value as string;
    expect(value).toHaveLength(24);
    expect(result.physicalResourceId).toBe('shop-db_password-7f3a9c2e1111');
    expect(result.physicalResourceId).not.toContain(value);
    expect(randomStringType.referenceAttribute).toBe('value');
    expect(physicalResourceName('s', 'n', 'k-e-y')).toBe('s-n-key');
  });
});

describe('examples/real-world.yaml', () => {
  it('is a valid template for the built-in catalog', () => {
    const source = readFileSync(new URL('../../../examples/real-world.yaml', import.meta.url), 'utf8');
    const result = compileTemplate(source, {}, registry);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});
