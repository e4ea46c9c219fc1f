import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { allEvents, byName, createStack, hot, mutate, waitForStack } from '../support/stacks.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ RETRY_LIMIT: '1' });
});
afterAll(async () => app?.stop());

const test = (props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'OS::Heat::TestResource',
  properties: { wait_secs: 0.05, ...props },
  ...extra,
});

async function converged(resources: Record<string, unknown>, input: Record<string, unknown> = {}) {
  const name = uniqueName();
  await createStack(app.url, { name, template: hot(resources), ...input });
  const stack = await waitForStack(app.url, name);
  expect(stack.status).toBe('CREATE_COMPLETE');
  return {
    name,
    v1: byName(stack.resources as Array<{ name: string; physicalResourceId: string; id: string }>),
  };
}

describe('updateStack', () => {
  it('updates in place, keeps unchanged resources untouched, creates added and deletes removed ones', async () => {
    const { name, v1 } = await converged({
      keep: test({ value: 'same' }),
      change: test({ value: 'old' }),
      drop: test(),
    });
    const updated = await mutate(app.url, 'updateStack', {
      name,
      template: hot({
        keep: test({ value: 'same' }),
        change: test({ value: 'new' }),
        add: test({ value: 'added' }),
      }),
    });
    expect(updated.version).toBe(2);
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    const v2 = byName(
      stack.resources as Array<{
        name: string;
        physicalResourceId: string;
        status: string;
        attributes: Record<string, unknown>;
      }>,
    );
    expect(Object.keys(v2).sort()).toEqual(['add', 'change', 'keep']);
    expect(v2.keep!.physicalResourceId).toBe(v1.keep!.physicalResourceId);
    expect(v2.change!.physicalResourceId).toBe(v1.change!.physicalResourceId);
    expect(v2.change).toMatchObject({ status: 'UPDATE_COMPLETE', attributes: { output: 'new' } });
    expect(v2.add!.status).toBe('CREATE_COMPLETE');

    const events = await allEvents(app.url, name);
    const v2Events = events.filter((e) => e.version === 2 && e.resourceName);
    // The unchanged resource ran no action: its only event says it was kept.
    expect(v2Events.filter((e) => e.resourceName === 'keep').map((e) => e.reason)).toEqual(['Unchanged']);
    expect(events.some((e) => e.resourceName === 'drop' && e.status === 'DELETE_COMPLETE')).toBe(true);

    const history = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { versions { number status action template } diff(from: 1, to: 2) { changes { name change properties } } } }',
      { n: name },
    );
    expect(
      history.data!.stack.versions.map((v: { number: number; status: string }) => [v.number, v.status]),
    ).toEqual([
      [1, 'COMPLETE'],
      [2, 'COMPLETE'],
    ]);
    expect(byName(history.data!.stack.diff.changes)).toMatchObject({
      keep: { change: 'UNCHANGED' },
      change: { change: 'UPDATED', properties: ['value'] },
      drop: { change: 'REMOVED' },
      add: { change: 'ADDED' },
    });
  });

  it('replaces create-before-delete: the replacement exists and dependents are re-pointed before the old copy is deleted', async () => {
    const { name, v1 } = await converged({
      server: test({ value: 'a', update_replace: true }),
      client: test({ value: { get_resource: 'server' } }),
    });
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({
        server: test({ value: 'b', update_replace: true }),
        client: test({ value: { get_resource: 'server' } }),
      }),
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    const v2 = byName(
      stack.resources as Array<{
        name: string;
        physicalResourceId: string;
        properties: Record<string, unknown>;
      }>,
    );
    expect(v2.server!.physicalResourceId).not.toBe(v1.server!.physicalResourceId);
    expect(v2.client!.physicalResourceId).toBe(v1.client!.physicalResourceId);
    expect(v2.client!.properties.value).toBe(v2.server!.physicalResourceId);

    const events = (await allEvents(app.url, name)).filter(
      (e) => e.version === 2 || e.status.startsWith('DELETE'),
    );
    const at = (resource: string, status: string) =>
      events.find((e) => e.resourceName === resource && e.status === status)?.sequence ?? -1;
    const replacementReady = at('server', 'CREATE_COMPLETE');
    const clientRepointed = at('client', 'UPDATE_COMPLETE');
    const oldDeleted = at('server', 'DELETE_COMPLETE');
    expect(replacementReady).toBeGreaterThan(0);
    expect(clientRepointed).toBeGreaterThan(replacementReady);
    expect(oldDeleted).toBeGreaterThan(clientRepointed);
  });

  it('refuses a stale expectedVersion with VERSION_CONFLICT and the current version', async () => {
    const { name } = await converged({ a: test() });
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({ a: test({ value: 'x' }) }),
      expectedVersion: 1,
    });
    const res = await gql(
      app.url,
      'mutation($input: UpdateStackInput!) { updateStack(input: $input) { stack { version } } }',
      {
        input: { name, template: hot({ a: test({ value: 'y' }) }), expectedVersion: 1 },
      },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: 2 },
    });
  });

  it('keeps the template and merges parameters when only parameters are given', async () => {
    const name = uniqueName();
    const template = JSON.stringify({
      heat_template_version: '2021-04-16',
      parameters: { size: { type: 'number', default: 1 }, label: { type: 'string', default: 'x' } },
      resources: {
        v: {
          type: 'OS::Heat::Value',
          // str_replace, not list_join: Heat refuses a number as a list_join item.
          properties: {
            value: {
              str_replace: {
                template: 'L-S',
                params: { L: { get_param: 'label' }, S: { get_param: 'size' } },
              },
            },
          },
        },
      },
      outputs: { value: { value: { get_attr: ['v', 'value'] } } },
    });
    await createStack(app.url, { name, template, parameters: { label: 'web' } });
    await waitForStack(app.url, name);
    await mutate(app.url, 'updateStack', { name, parameters: { size: 3 } });
    const stack = await waitForStack(app.url, name);
    expect(stack.outputs).toEqual({ value: 'web-3' });
  });

  it('repairs a failed stack: the failed resource is replaced on the next update', async () => {
    const name = uniqueName();
    await createStack(app.url, {
      name,
      disableRollback: true,
      template: hot({ ok: test(), broken: test({ fail: true }) }),
    });
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_FAILED');
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({ ok: test(), broken: test({ fail: false }) }),
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    expect(byName(stack.resources as Array<{ name: string; status: string }>).broken!.status).toBe(
      'CREATE_COMPLETE',
    );
  });
});

describe('dependencies of resources carried over to a new version', () => {
  const requiresOf = async (name: string) => {
    const r = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { version resources { id name requires { name } } } }',
      { n: name },
    );
    expect(r.errors).toBeUndefined();
    const resources = r.data!.stack.resources as Array<{
      id: string;
      name: string;
      requires: { name: string }[];
    }>;
    return Object.fromEntries(
      resources.map((x) => [x.name, { id: x.id, requires: x.requires.map((d) => d.name) }]),
    );
  };
  /** NEEDED_BY edges between two resources of the stack, by name (duplicates counted). */
  const edgesBetween = async (name: string, from: string, to: string) => {
    const [row] = await app.db.runText(
      `MATCH (s:Stack {name: $name, tenant: $tenant})
       MATCH (a:Resource {stackId: s.id, name: $from})-[e:NEEDED_BY]->(b:Resource {stackId: s.id, name: $to})
       RETURN count(e) AS edges`,
      { name, tenant: app.tenant, from, to },
    );
    return Number(row!.edges);
  };

  it('keeps the edges they had, once each, and gains the one a new depends_on adds', async () => {
    const none = (dependsOn?: string[]) => ({
      type: 'OS::Heat::None',
      ...(dependsOn ? { depends_on: dependsOn } : {}),
    });
    const { name } = await converged({ a: none(), b: none(['a']), c: none() });
    const v1 = await requiresOf(name);

    // An added resource: a, b and c are carried over (the same nodes), with the edge a → b.
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({ a: none(), b: none(['a']), c: none(), d: none(['b']) }),
    });
    expect((await waitForStack(app.url, name)).status).toBe('UPDATE_COMPLETE');
    const v2 = await requiresOf(name);
    expect(v2.b).toEqual({ id: v1.b!.id, requires: ['a'] });
    expect(v2.c).toEqual({ id: v1.c!.id, requires: [] });
    expect(v2.d!.requires).toEqual(['b']);
    expect(await edgesBetween(name, 'a', 'b')).toBe(1);

    // Only a depends_on added: c is carried over (same properties), and the edge a → c is made.
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({ a: none(), b: none(['a']), c: none(['a']), d: none(['b']) }),
    });
    expect((await waitForStack(app.url, name)).status).toBe('UPDATE_COMPLETE');
    const v3 = await requiresOf(name);
    expect(v3.c).toEqual({ id: v1.c!.id, requires: ['a'] });
    expect(v3.b).toEqual({ id: v1.b!.id, requires: ['a'] });
    expect(v3.d!.requires).toEqual(['b']);
    expect(await edgesBetween(name, 'a', 'c')).toBe(1);
    expect(await edgesBetween(name, 'a', 'b')).toBe(1);
    expect(await edgesBetween(name, 'b', 'd')).toBe(1);
  });
});
