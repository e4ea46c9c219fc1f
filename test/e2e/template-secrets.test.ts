import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { testDatabase, uniqueTenant } from '../support/app.ts';
import { collect, gql, wsClient } from '../support/graphql.ts';
import { startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { postgresAdmin } from '../support/servers.ts';
import { everyStoredProperty } from '../support/secrets.ts';
import { waitForStack } from '../support/stacks.ts';
import { dropRolesWithPrefix, ensureServer, pgLogsIn, runPrefix } from '../integration/resources-support.ts';

/**
 * Literal secrets written in a template's text (a role's `password: <literal>`, and a DSN embedding
 * it) are sealed where the template is persisted: after a create, an update without a template, a
 * failed update that rolls back, an abandon and an adopt, no Neo4j property, API answer
 * (stack, versions and their templates, previews, diffs, abandon data, events) or service log line
 * holds them in clear, while the engine still compiles the stored template with the real password
 * (the role logs in with it after each step).
 */

const prefix = runPrefix('tplsecret');
const pgAdmin = postgresAdmin();
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

async function roleRow(name: string) {
  const r = await pgAdmin.query<{ oid: number; rolconnlimit: number }>(
    'SELECT oid::int AS oid, rolconnlimit FROM pg_roles WHERE rolname = $1',
    [name],
  );
  return r.rows[0];
}

/** YAML as a user writes it: the password literal in the role, and embedded in a DSN. */
function template(password: string, options: { breaker?: boolean } = {}): string {
  return [
    'heat_template_version: 2018-08-31',
    'parameters:',
    '  limit: {type: number, default: 3}',
    'resources:',
    '  role:',
    '    type: PostgreSQL::Role',
    '    properties:',
    `      name: ${prefix}app`,
    '      login: true',
    `      password: ${password}   # the literal secret`,
    '      connection_limit: {get_param: limit}',
    '  dsn:',
    '    type: OS::Heat::TestResource',
    `    properties: {value: "postgresql://${prefix}app:${password}@127.0.0.1/postgres"}`,
    ...(options.breaker
      ? [
          '  breaker:',
          '    type: OS::Heat::TestResource',
          '    properties: {value: {get_attr: [role, name]}, fail: true}',
        ]
      : []),
    'outputs:',
    '  role: {value: {get_attr: [role, name]}}',
    '  dsn: {value: {get_attr: [dsn, output]}}',
    '',
  ].join('\n');
}

const STACK_QUERY = `query($name: String!) { stack(name: $name) {
  id name status statusReason failureReason version outputs
  resources { name type status statusReason physicalResourceId properties attributes definition }
  versions { number status parameters environment template resources { name properties attributes definition } }
  eventsConnection(first: 500) { edges { node { sequence type resourceName status reason physicalResourceId } } }
} }`;

const settled = (s: Record<string, any>) => !String(s.status).endsWith('_IN_PROGRESS');

/**
 * Creates the stack and follows its events over WebSocket until a rollback completes (every test
 * ends its story with one); resolves once the create completed and the role logs in with `password`.
 */
async function createWatched(
  input: Record<string, unknown>,
  role: string,
  password: string,
  timeouts: { events: number; create: number },
) {
  const name = input.name as string;
  const ws = wsClient(url.replace(/^http/, 'ws'));
  await call(
    `mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id name status } } }`,
    { input },
  );
  const events = collect<{ stackEvents: Record<string, unknown> }>(
    ws,
    `subscription($name: String!) { stackEvents(name: $name, after: 0) {
       sequence type resourceName status reason physicalResourceId version } }`,
    { name },
    (values) =>
      values.some((v) => v.stackEvents.type === 'STACK' && v.stackEvents.status === 'ROLLBACK_COMPLETE'),
    timeouts.events,
  );
  const created = await waitForStack(url, name, settled, timeouts.create);
  expect(created.status, created.statusReason).toBe('CREATE_COMPLETE');
  expect(await logsIn(role, password)).toBe(true);
  return { ws, events, oid: (await roleRow(role))!.oid };
}

/** Waits for the failed update's rollback: the role is the same one, with its real password back. */
async function expectRolledBack(
  name: string,
  role: string,
  secrets: { password: string; failing: string; oid: number },
  timeout: number,
) {
  const rolledBack = await waitForStack(
    url,
    name,
    (s) => s.status === 'ROLLBACK_COMPLETE' || s.status === 'ROLLBACK_FAILED',
    timeout,
  );
  expect(rolledBack.status, rolledBack.statusReason).toBe('ROLLBACK_COMPLETE');
  expect(await logsIn(role, secrets.password)).toBe(true);
  expect(await logsIn(role, secrets.failing)).toBe(false);
  expect((await roleRow(role))?.oid).toBe(secrets.oid);
}

/**
 * No secret in clear anywhere: every Neo4j property (which must name the role, so the scan saw
 * the stack), every API answer, the subscription's events and the service's log. Returns those
 * places for further checks.
 */
async function expectNowhereInClear(role: string, received: unknown[], secrets: Record<string, string>) {
  const neo4j = await everyStoredProperty(db);
  expect(neo4j).toContain(role);
  const places: Record<string, string> = {
    neo4j,
    answers: responses.join('\n'),
    events: JSON.stringify(received),
    log: service.output.join('\n'),
  };
  expect(received.length).toBeGreaterThan(5);
  for (const [place, text] of Object.entries(places))
    for (const [what, secret] of Object.entries(secrets))
      expect(text.includes(secret), `${what} found in clear in ${place}`).toBe(false);
  return places;
}

/** Deletes the stack: the role goes with it. */
async function expectDeletedWithRole(name: string, role: string, timeout: number) {
  await call(`mutation($input: DeleteStackInput!) { deleteStack(input: $input) { stack { status } } }`, {
    input: { name },
  });
  const deleted = await waitForStack(url, name, settled, timeout);
  expect(deleted.status).toBe('DELETE_COMPLETE');
  expect(await roleRow(role)).toBeUndefined();
}

beforeAll(async () => {
  await ensureServer('postgresql', 5432);
  await sweep();
  db = testDatabase();
  const tenant = uniqueTenant('tplsecret');
  // A separate process, so every line the service logs (debug level) can be searched.
  service = startServiceProcess('main', {
    PORT: '0',
    LOG_LEVEL: 'debug',
    LOCAL_TENANT: tenant,
    WORKER_TENANTS: tenant,
    RETRY_BASE_MS: '50',
    RETRY_MAX_MS: '200',
    RETRY_LIMIT: '1',
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

describe('literal secrets in templates', () => {
  it('are sealed at rest and masked in answers, yet updates without a template, rollbacks and adopts use the real password', async () => {
    const name = `tplsecret-${randomBytes(4).toString('hex')}`;
    const role = `${prefix}app`;
    const password = `Lit-${randomBytes(8).toString('hex')}`;
    const failing = `Lit-${randomBytes(8).toString('hex')}`;
    const previewed = `Lit-${randomBytes(8).toString('hex')}`;

    const { ws, events, oid } = await createWatched({ name, template: template(password) }, role, password, {
      events: 240_000,
      create: 120_000,
    });

    // The stored template: the literal sealed in place, the rest as written; the API shows it masked.
    const stored = await db.runText(
      'MATCH (:Stack {liveName: $name})-[:CURRENT_VERSION]->(v:StackVersion) RETURN v.template AS t',
      { name },
    );
    const storedText = String(stored[0]?.t);
    expect(storedText).toMatch(/password: "enc:v1:[^"]+" {3}# the literal secret/);
    const shown = (await call(`query($name: String!) { stack(name: $name) { versions { template } } }`, {
      name,
    })) as { stack: { versions: Array<{ template: string }> } };
    expect(shown.stack.versions[0]!.template).toContain('password: "******"   # the literal secret');
    expect(shown.stack.versions[0]!.template).toContain(`name: ${role}`);

    // The same template again changes nothing: the stored text opens to exactly what was sent.
    const same = (await call(
      `mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed } }`,
      { input: { name, template: template(password) } },
    )) as { updateStack: { changed: boolean } };
    expect(same.updateStack.changed).toBe(false);

    // An update without a template compiles the stored one: the role keeps its real password.
    await call(
      `mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed stack { version } } }`,
      { input: { name, parameters: { limit: 5 } } },
    );
    const updated = await waitForStack(url, name, (s) => s.version === 2 && settled(s), 120_000);
    expect(updated.status, updated.statusReason).toBe('UPDATE_COMPLETE');
    expect(await roleRow(role)).toEqual({ oid, rolconnlimit: 5 });
    expect(await logsIn(role, password)).toBe(true);

    // A preview of another literal shows it masked.
    await call(
      `query($name: String!, $t: String!) { previewStack(name: $name, template: $t) {
         exists noChange summary { text } plan { name action reason properties { name old new } } } }`,
      { name, t: template(previewed) },
    );

    // An update that fails after changing the password rolls back to version 2, compiled from its
    // stored (sealed) template: the role gets its real password back.
    await call(`mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed } }`, {
      input: { name, template: template(failing, { breaker: true }), parameters: { limit: 5 } },
    });
    await expectRolledBack(name, role, { password, failing, oid }, 180_000);
    const received = await events;
    await ws.dispose();

    // Every answer about the stack: resources, versions (templates), events, outputs, a diff.
    const stack = (await call(STACK_QUERY, { name })).stack as Record<string, any>;
    expect(stack.versions.length).toBeGreaterThanOrEqual(4);
    expect(String(stack.outputs.dsn)).toContain('******');
    await call(
      `query($name: String!) { stack(name: $name) { diff(from: 2, to: 3) { changes { name change properties reason } } } }`,
      { name },
    );

    // Abandon: the adopt data keeps the literal sealed; adopting it takes the same role over.
    const abandoned = (await call(
      `mutation($input: AbandonStackInput!) { abandonStack(input: $input) { adoptData stack { status } } }`,
      { input: { name } },
    )) as { abandonStack: { adoptData: Record<string, unknown> } };
    const adoptData = abandoned.abandonStack.adoptData;
    expect(String(adoptData.template)).toContain('enc:v1:');
    await call(`mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id status } } }`, {
      input: { name, adopt: adoptData },
    });
    const adopted = await waitForStack(url, name, settled, 120_000);
    expect(adopted.status, adopted.statusReason).toBe('CREATE_COMPLETE');
    expect((await roleRow(role))?.oid).toBe(oid);
    expect(await logsIn(role, password)).toBe(true);
    // The adopted stack's version holds the template opened from the adopt data and sealed again:
    // an update without a template compiles it with the real password.
    await call(`mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed } }`, {
      input: { name, parameters: { limit: 6 } },
    });
    const readopted = await waitForStack(url, name, (s) => s.version === 2 && settled(s), 120_000);
    expect(readopted.status, readopted.statusReason).toBe('UPDATE_COMPLETE');
    expect(await roleRow(role)).toEqual({ oid, rolconnlimit: 6 });
    expect(await logsIn(role, password)).toBe(true);
    await call(STACK_QUERY, { name });

    const places = await expectNowhereInClear(role, received, { password, failing, previewed });
    expect(service.output.length).toBeGreaterThan(5);
    expect(places.answers).toContain('******');

    await expectDeletedWithRole(name, role, 120_000);
  }, 500_000);

  it('in a nested template sent in files are sealed at rest and masked, yet updates without a template and rollbacks use the real password', async () => {
    const name = `tplfiles-${randomBytes(4).toString('hex')}`;
    const role = `${prefix}nested`;
    const password = `Lit-${randomBytes(8).toString('hex')}`;
    const failing = `Lit-${randomBytes(8).toString('hex')}`;
    const pin = `Pin-${randomBytes(8).toString('hex')}`;
    const environment = ['resource_registry:\n  App::Role: role.yaml\n'];
    /** The nested template: the literal password, a DSN repeating it, a hidden parameter's default. */
    const nested = (pw: string) =>
      [
        'heat_template_version: 2018-08-31',
        'parameters:',
        '  limit: {type: number}',
        `  pin: {type: string, hidden: true, default: ${pin}}`,
        'resources:',
        '  role:',
        '    type: PostgreSQL::Role',
        '    properties:',
        `      name: ${role}`,
        '      login: true',
        `      password: ${pw}   # the literal secret, in a file`,
        '      connection_limit: {get_param: limit}',
        '  dsn:',
        '    type: OS::Heat::TestResource',
        `    properties: {value: "postgresql://${role}:${pw}@127.0.0.1/postgres"}`,
        '  pinned:',
        '    type: OS::Heat::TestResource',
        '    properties: {value: {get_param: pin}}',
        'outputs:',
        '  name: {value: {get_attr: [role, name]}}',
        '  dsn: {value: {get_attr: [dsn, output]}}',
        '',
      ].join('\n');
    const parent = (options: { breaker?: boolean } = {}) =>
      [
        'heat_template_version: 2018-08-31',
        'parameters:',
        '  limit: {type: number, default: 3}',
        'resources:',
        '  app:',
        '    type: App::Role',
        '    properties: {limit: {get_param: limit}}',
        ...(options.breaker
          ? [
              '  breaker:',
              '    type: OS::Heat::TestResource',
              '    properties: {value: {get_attr: [app, name]}, fail: true}',
            ]
          : []),
        'outputs:',
        '  role: {value: {get_attr: [app, name]}}',
        '  dsn: {value: {get_attr: [app, dsn]}}',
        '',
      ].join('\n');

    const { ws, events, oid } = await createWatched(
      { name, template: parent(), environment, files: { 'role.yaml': nested(password) } },
      role,
      password,
      { events: 300_000, create: 180_000 },
    );

    // The parent version's stored file: the literal sealed in place, the rest as written; the API
    // shows it masked.
    const stored = await db.runText(
      'MATCH (:Stack {liveName: $name})-[:CURRENT_VERSION]->(v:StackVersion) RETURN v.files AS f',
      { name },
    );
    const storedFile = (JSON.parse(String(stored[0]?.f)) as Record<string, string>)['role.yaml']!;
    expect(storedFile).toMatch(/password: "enc:v1:[^"]+" {3}# the literal secret, in a file/);
    expect(storedFile).toContain(`name: ${role}`);
    const shown = (await call(`query($name: String!) { stack(name: $name) { versions { files } } }`, {
      name,
    })) as { stack: { versions: Array<{ files: Record<string, string> }> } };
    expect(shown.stack.versions[0]!.files['role.yaml']).toContain(
      'password: "******"   # the literal secret, in a file',
    );

    // An update without a template compiles the stored files: the nested role keeps its password.
    await call(`mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed } }`, {
      input: { name, parameters: { limit: 5 } },
    });
    const updated = await waitForStack(url, name, (s) => s.version === 2 && settled(s), 180_000);
    expect(updated.status, updated.statusReason).toBe('UPDATE_COMPLETE');
    expect(await roleRow(role)).toEqual({ oid, rolconnlimit: 5 });
    expect(await logsIn(role, password)).toBe(true);

    // An update that changes the nested password and then fails rolls back to version 2, compiled
    // from its stored (sealed) files: the nested role gets its real password back.
    await call(`mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed } }`, {
      input: {
        name,
        template: parent({ breaker: true }),
        environment,
        files: { 'role.yaml': nested(failing) },
        parameters: { limit: 5 },
      },
    });
    await expectRolledBack(name, role, { password, failing, oid }, 240_000);
    const received = await events;
    await ws.dispose();

    // Every answer about the stack (files of every version included) and a diff between versions.
    const stack = (await call(STACK_QUERY, { name })).stack as Record<string, any>;
    expect(stack.versions.length).toBeGreaterThanOrEqual(4);
    expect(String(stack.outputs.dsn)).toContain('******');
    await call(`query($name: String!) { stack(name: $name) { versions { number files } } }`, { name });
    await call(
      `query($name: String!) { stack(name: $name) { diff(from: 2, to: 3) { changes { name change properties reason } } } }`,
      { name },
    );

    await expectNowhereInClear(role, received, { password, failing, pin });

    await expectDeletedWithRole(name, role, 180_000);
  }, 600_000);
});
