// #14 §2: a version records what the engine did to each resource, and diff(from:, to:) shows that
// record, not what the templates imply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { allEvents, byName, createStack, hot, mutate, waitForStack } from '../support/stacks.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ RETRY_LIMIT: '0' });
});
afterAll(async () => app?.stop());

const test = (props: Record<string, unknown> = {}) => ({
  type: 'OS::Heat::TestResource',
  properties: { wait_secs: 0.05, ...props },
});

interface Change {
  name: string;
  change: string;
  properties: string[];
  reason: string | null;
  recorded: boolean;
}

async function diff(name: string, from: number, to: number): Promise<Record<string, Change>> {
  const res = await gql(
    app.url,
    'query($n: String!, $from: Int!, $to: Int!) { stack(name: $n) { diff(from: $from, to: $to) { changes { name change properties reason recorded } } } }',
    { n: name, from, to },
  );
  expect(res.errors).toBeUndefined();
  return byName(res.data!.stack.diff.changes as Change[]);
}

/** What the events say the engine did to each resource in `version` (a new physical id: replaced). */
async function replacedByEvents(name: string, version: number): Promise<string[]> {
  const events = await allEvents(app.url, name);
  return [
    ...new Set(
      events
        .filter((e) => e.version === version && e.status === 'CREATE_IN_PROGRESS' && e.resourceName)
        .map((e) => e.resourceName!),
    ),
  ].sort();
}

describe('a version records what the engine did', () => {
  it('diff says REPLACED and UPDATED for changes that flowed through get_attr, which the templates call UNCHANGED', async () => {
    const name = uniqueName();
    const v1 = (server: string) => ({
      server: test({ value: server, update_replace: true }),
      // Replaced because a property it reads through get_attr changed.
      balancer: test({ update_replace_value: { get_attr: ['server', 'output'] } }),
      // Updated in place for the same reason.
      app: test({ value: { get_attr: ['server', 'output'] } }),
      other: test({ value: 'same' }),
    });
    await createStack(app.url, { name, template: hot(v1('a')) });
    const created = await waitForStack(app.url, name);
    expect(created.status).toBe('CREATE_COMPLETE');
    const before = byName(created.resources as Array<{ name: string; physicalResourceId: string }>);

    await mutate(app.url, 'updateStack', { name, template: hot(v1('b')) });
    const updated = await waitForStack(app.url, name);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    const after = byName(updated.resources as Array<{ name: string; physicalResourceId: string }>);
    expect(after.balancer!.physicalResourceId).not.toBe(before.balancer!.physicalResourceId);
    expect(after.app!.physicalResourceId).toBe(before.app!.physicalResourceId);
    expect(await replacedByEvents(name, 2)).toEqual(['balancer', 'server']);

    // The preview of the same change (the templates) cannot see it: that is what diff used to show.
    const changes = await diff(name, 1, 2);
    expect(changes).toMatchObject({
      server: { change: 'REPLACED', recorded: true, properties: ['value'] },
      balancer: { change: 'REPLACED', recorded: true, properties: ['update_replace_value'] },
      app: { change: 'UPDATED', recorded: true, properties: ['value'] },
      other: { change: 'UNCHANGED', recorded: true, properties: [] },
    });
    expect(changes.balancer!.reason).toContain('update_replace_value');
    // Version 1 against itself: nothing happened.
    expect(Object.values(await diff(name, 1, 1)).map((c) => c.change)).toEqual([
      'UNCHANGED',
      'UNCHANGED',
      'UNCHANGED',
      'UNCHANGED',
    ]);
  });

  it('diff says REPLACED for a resource the events show replaced where the templates say UPDATED (its copy had failed)', async () => {
    const name = uniqueName();
    await createStack(app.url, {
      name,
      template: hot({ flaky: test({ value: 'one' }) }),
      disableRollback: true,
    });
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({ flaky: test({ value: 'two', fail: true }) }),
    });
    expect((await waitForStack(app.url, name)).status).toBe('UPDATE_FAILED');
    // The failed update recorded nothing it did not do.
    expect((await diff(name, 1, 2)).flaky).toMatchObject({ change: 'UPDATED', recorded: false });

    await mutate(app.url, 'updateStack', { name, template: hot({ flaky: test({ value: 'three' }) }) });
    expect((await waitForStack(app.url, name)).status).toBe('UPDATE_COMPLETE');
    expect(await replacedByEvents(name, 3)).toEqual(['flaky']);
    const changes = await diff(name, 2, 3);
    expect(changes.flaky).toMatchObject({ change: 'REPLACED', recorded: true });
    expect(changes.flaky!.reason).toContain('UPDATE_FAILED');
    // Across versions: from version 1's copy to version 3's, a new physical resource.
    expect((await diff(name, 1, 3)).flaky).toMatchObject({ change: 'REPLACED', recorded: true });
  });

  it('a rollback that reuses the original physical resource shows it unchanged against the version it returned to', async () => {
    const name = uniqueName();
    await createStack(app.url, {
      name,
      template: hot({ server: test({ value: 'a', update_replace: true }) }),
    });
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
    await mutate(app.url, 'updateStack', {
      name,
      // broken reads server, so the replacement exists before the update fails.
      template: hot({
        server: test({ value: 'b', update_replace: true }),
        broken: test({ fail: true, value: { get_attr: ['server', 'output'] } }),
      }),
    });
    const rolledBack = await waitForStack(
      app.url,
      name,
      (s) => s.version === 3 && !String(s.status).endsWith('_IN_PROGRESS'),
    );
    expect(rolledBack.status).toBe('ROLLBACK_COMPLETE');
    expect((await diff(name, 1, 3)).server).toMatchObject({ change: 'UNCHANGED', recorded: true });
    expect((await diff(name, 2, 3)).server).toMatchObject({ change: 'REPLACED', recorded: true });
  });
});
