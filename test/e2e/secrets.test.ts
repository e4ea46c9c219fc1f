import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { testDatabase, uniqueTenant } from '../support/app.ts';
import { collect, gql, wsClient } from '../support/graphql.ts';
import { startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { everyStoredProperty, storedSecretAttribute } from '../support/secrets.ts';
import { waitForStack } from '../support/stacks.ts';
import { dropRolesWithPrefix, ensureServer, pgLogsIn, runPrefix } from '../integration/resources-support.ts';

/**
 * Secrets at rest and in every answer: a hidden parameter and a generated RandomString reach
 * PostgreSQL roles (and, embedded in a longer string, a plain resource); after a create and an
 * update, no Neo4j property, API answer, subscription event or service log line holds them in
 * clear, while the roles really log in with them.
 */

const prefix = runPrefix('secrets');
const pgAdmin = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'postgres', max: 2 });
pgAdmin.on('error', () => undefined);
let service: ServiceProcess;
let url = '';
let db: Database;
const responses: string[] = [];

/** Every answer the test receives is kept, to be searched at the end. */
async function call(query: string, variables: Record<string, unknown> = {}) {
  const res = await gql(url, query, variables);
  responses.push(JSON.stringify(res));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

const sweep = () => dropRolesWithPrefix(pgAdmin, prefix);

const logsIn = (user: string, password: string) => pgLogsIn(pgAdmin, user, password);

function template(limit: number): string {
  return JSON.stringify({
    heat_template_version: '2018-08-31',
    parameters: { password: { type: 'string', hidden: true } },
    resources: {
      token: { type: 'OS::Heat::RandomString', properties: { length: 24 } },
      app_role: {
        type: 'PostgreSQL::Role',
        properties: {
          name: `${prefix}app`,
          login: true,
          password: { get_param: 'password' },
          connection_limit: limit,
        },
      },
      token_role: {
        type: 'PostgreSQL::Role',
        properties: { name: `${prefix}token`, login: true, password: { get_attr: ['token', 'value'] } },
      },
      dsn: {
        type: 'OS::Heat::TestResource',
        properties: {
          value: {
            str_replace: {
              template: 'postgresql://app:$pw@127.0.0.1/app?token=$tk',
              params: { $pw: { get_param: 'password' }, $tk: { get_attr: ['token', 'value'] } },
            },
          },
        },
      },
    },
    outputs: {
      role: { value: { get_attr: ['app_role', 'name'] } },
      token: { value: { get_attr: ['token', 'value'] } },
      dsn: { value: { get_attr: ['dsn', 'output'] } },
    },
  });
}

const STACK_QUERY = `query($name: String!) { stack(name: $name) {
  id name status statusReason version outputs
  resources { name type status statusReason physicalResourceId properties attributes definition }
  versions { number parameters environment template resources { name properties attributes definition } }
  eventsConnection(first: 100) { edges { node { sequence type resourceName status reason physicalResourceId } } }
} }`;

beforeAll(async () => {
  await ensureServer('postgresql', 5432);
  await sweep();
  db = testDatabase();
  const tenant = uniqueTenant('secrets');
  // A separate process, so every line the service logs (debug level) can be searched.
  service = startServiceProcess('main', {
    PORT: '0',
    LOG_LEVEL: 'debug',
    LOCAL_TENANT: tenant,
    WORKER_TENANTS: tenant,
    RETRY_BASE_MS: '50',
    RETRY_MAX_MS: '200',
    POLL_INTERVAL_MS: '50',
  });
  url = (JSON.parse(await service.waitFor(/GraphQL API listening/, 120_000)) as { url: string }).url;
});

afterAll(async () => {
  await service?.stop();
  await db?.close();
  await sweep().catch(() => undefined);
  await pgAdmin.end();
});

describe('secrets at rest and in answers', () => {
  it('a hidden parameter and a generated string never appear in clear in Neo4j, answers, events or logs', async () => {
    const name = `secrets-${randomBytes(4).toString('hex')}`;
    const first = `pw-${randomBytes(8).toString('hex')}`;
    const second = `pw-${randomBytes(8).toString('hex')}`;
    const previewed = `pw-${randomBytes(8).toString('hex')}`;
    const environment = [`parameter_defaults:\n  password: ${first}\n`];

    await call(
      `mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id name status } } }`,
      { input: { name, template: template(5), environment } },
    );
    const ws = wsClient(url.replace(/^http/, 'ws'));
    const events = collect<{ stackEvents: Record<string, unknown> }>(
      ws,
      `subscription($name: String!) { stackEvents(name: $name, after: 0) {
         sequence type resourceName status reason physicalResourceId version } }`,
      { name },
      (values) =>
        values.some((v) => v.stackEvents.type === 'STACK' && v.stackEvents.status === 'UPDATE_COMPLETE'),
      180_000,
    );
    const created = await waitForStack(url, name, undefined, 120_000);
    expect(created.status, created.statusReason).toBe('CREATE_COMPLETE');
    const token = await storedSecretAttribute(db, name, 'token', 'value');
    expect(await logsIn(`${prefix}app`, first)).toBe(true);
    expect(await logsIn(`${prefix}token`, token)).toBe(true);

    await call(
      `mutation($input: UpdateStackInput!) { updateStack(input: $input) { stack { id status version } } }`,
      { input: { name, template: template(7), parameters: { password: second }, environment } },
    );
    const updated = await waitForStack(
      url,
      name,
      (s) => s.version === 2 && !String(s.status).endsWith('_IN_PROGRESS'),
      120_000,
    );
    expect(updated.status, updated.statusReason).toBe('UPDATE_COMPLETE');
    const received = await events;
    await ws.dispose();

    // The roles really use the secrets: the new password in place of the old one.
    expect(await logsIn(`${prefix}app`, second)).toBe(true);
    expect(await logsIn(`${prefix}app`, first)).toBe(false);
    expect(await logsIn(`${prefix}token`, token)).toBe(true);
    const limit = await pgAdmin.query<{ rolconnlimit: number }>(
      'SELECT rolconnlimit FROM pg_roles WHERE rolname = $1',
      [`${prefix}app`],
    );
    expect(limit.rows[0]?.rolconnlimit).toBe(7);

    // Every answer: the stack with its resources, versions, events and outputs, a preview and a diff.
    const stack = (await call(STACK_QUERY, { name })).stack as Record<string, any>;
    expect(stack.outputs).toMatchObject({ role: `${prefix}app`, token: '******' });
    expect(String(stack.outputs.dsn)).toContain('******');
    expect(stack.versions.map((v: { parameters: unknown }) => v.parameters)).toContainEqual({
      password: '******',
    });
    await call(
      `query($name: String!, $t: String!, $p: JSON) { previewStack(name: $name, template: $t, parameters: $p) {
         exists fromVersion changes { name change properties reason } } }`,
      { name, t: template(9), p: { password: previewed } },
    );
    const diff = await call(
      `query($name: String!) { stack(name: $name) { diff(from: 1, to: 2) { changes { name change properties reason } } } }`,
      { name },
    );
    expect(JSON.stringify(diff)).toContain('connection_limit');
    const resource = await call(
      `query($name: String!) { stack(name: $name) { resource(name: "dsn") { properties attributes definition } } }`,
      { name },
    );
    expect(JSON.stringify(resource)).toContain('******');

    // Every Neo4j node and relationship property.
    const stored = await everyStoredProperty(db);
    expect(stored).toContain('enc:v1:');

    const places: Record<string, string> = {
      neo4j: stored,
      answers: responses.join('\n'),
      events: JSON.stringify(received),
      log: service.output.join('\n'),
    };
    expect(received.length).toBeGreaterThan(5);
    expect(service.output.length).toBeGreaterThan(5);
    for (const [place, text] of Object.entries(places))
      for (const [what, secret] of Object.entries({ first, second, previewed, token }))
        expect(text.includes(secret), `${what} found in clear in ${place}`).toBe(false);

    await call(`mutation($input: DeleteStackInput!) { deleteStack(input: $input) { stack { status } } }`, {
      input: { name },
    });
    const deleted = await waitForStack(url, name, (s) => !String(s.status).endsWith('_IN_PROGRESS'), 120_000);
    expect(deleted.status).toBe('DELETE_COMPLETE');
  }, 400_000);

  it('a plain (not hidden) parameter that feeds a password is sealed too, and updates still use it', async () => {
    const name = `secrets-${randomBytes(4).toString('hex')}`;
    const role = `${prefix}plain`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const plain = () =>
      JSON.stringify({
        heat_template_version: '2018-08-31',
        parameters: { db_password: { type: 'string' }, limit: { type: 'number' } },
        resources: {
          role: {
            type: 'PostgreSQL::Role',
            properties: {
              name: role,
              login: true,
              password: { get_param: 'db_password' },
              connection_limit: { get_param: 'limit' },
            },
          },
        },
      });
    await call(`mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id status } } }`, {
      input: { name, template: plain(), parameters: { db_password: password, limit: 3 } },
    });
    const created = await waitForStack(url, name, undefined, 120_000);
    expect(created.status, created.statusReason).toBe('CREATE_COMPLETE');
    expect(await logsIn(role, password)).toBe(true);
    // An update of one parameter merges it with the stored ones, opened: the role keeps its password.
    await call(`mutation($input: UpdateStackInput!) { updateStack(input: $input) { stack { version } } }`, {
      input: { name, parameters: { limit: 4 } },
    });
    const updated = await waitForStack(
      url,
      name,
      (s) => s.version === 2 && !String(s.status).endsWith('_IN_PROGRESS'),
      120_000,
    );
    expect(updated.status, updated.statusReason).toBe('UPDATE_COMPLETE');
    expect(await logsIn(role, password)).toBe(true);
    const shown = await call(`query($name: String!) { stack(name: $name) { versions { parameters } } }`, {
      name,
    });
    expect(JSON.stringify(shown)).toContain('******');
    const stored = await everyStoredProperty(db);
    expect(stored).toContain(role);
    expect(stored.includes(password), 'the password found in clear in Neo4j').toBe(false);
    expect(responses.join('\n').includes(password), 'the password found in clear in an answer').toBe(false);
  }, 400_000);
});
