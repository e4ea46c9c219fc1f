/**
 * previewStack is the plan the engine runs (issue 14 §2): each resource's action as applying then
 * takes it, including changes that flow through get_attr; and an update that changes nothing is a
 * no-op (no version, nothing runs). Through the API and through the CLI as a real process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { allEvents, byName, createStack, waitForStack, type EventView } from '../support/stacks.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let app: TestApp;
let dir: string;
beforeAll(async () => {
  app = await startTestApp({ RETRY_LIMIT: '1' });
  dir = await mkdtemp(join(tmpdir(), 'convergence-plans-'));
});
afterAll(async () => {
  await app?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The shape: the load balancer reads the app server through get_attr and replaces on change. */
const WEB = (extra = '') => `heat_template_version: 2021-04-16
parameters:
  app_version: { type: string, default: '1.0' }
  token: { type: string, hidden: true, default: first-secret }
resources:
  network: { type: OS::Heat::TestResource, properties: { value: net, wait_secs: 0.05 } }
  app_server:
    type: OS::Heat::TestResource
    properties:
      value: { list_join: [' ', ['app', { get_param: app_version }, { get_attr: [network, output] }]] }
      wait_secs: 0.05
  load_balancer:
    type: OS::Heat::TestResource
    properties:
      value: { list_join: ['', ['lb -> ', { get_attr: [app_server, output] }]] }
      update_replace: true
      wait_secs: 0.05
  credentials: { type: OS::Heat::TestResource, properties: { value: { get_param: token }, wait_secs: 0.05 } }
${extra}`;
const V1 = WEB('  legacy: { type: OS::Heat::TestResource, properties: { value: old, wait_secs: 0.05 } }\n');
const V2 = WEB(
  '  monitor: { type: OS::Heat::TestResource, properties: { value: { get_resource: network } } }\n',
);

const PREVIEW = `query($name: String!, $template: String, $parameters: JSON) {
  previewStack(name: $name, template: $template, parameters: $parameters) {
    exists fromVersion noChange
    changes { name change }
    plan { name type action reason knownAfterApply properties { name old new knownAfterApply forcesReplacement } }
    summary { add update replace delete unchanged text }
  }
}`;

interface Planned {
  name: string;
  action: string;
  reason: string | null;
  knownAfterApply: boolean;
  properties: Array<{ name: string; old: unknown; new: unknown; knownAfterApply: boolean }>;
}

/** What the engine did to each resource after event `since`, read from the stored events. */
function whatHappened(
  events: EventView[],
  since: number,
  before: Record<string, { physicalResourceId: string }>,
  after: Record<string, { physicalResourceId: string }>,
) {
  const done: Record<string, string> = {};
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const name of names) {
    const mine = events.filter((e) => e.resourceName === name && e.sequence > since);
    const statuses = mine.map((e) => e.status);
    if (!after[name]) done[name] = statuses.includes('DELETE_COMPLETE') ? 'DELETE' : '?';
    else if (!before[name]) done[name] = statuses.includes('CREATE_COMPLETE') ? 'ADD' : '?';
    else if (mine.every((e) => e.reason === 'Unchanged') && mine.length > 0) done[name] = 'UNCHANGED';
    else if (statuses.includes('UPDATE_COMPLETE')) done[name] = 'UPDATE';
    else if (
      statuses.includes('CREATE_COMPLETE') &&
      before[name].physicalResourceId !== after[name].physicalResourceId
    )
      done[name] = 'REPLACE';
    else done[name] = `? ${statuses.join(',')}`;
  }
  return done;
}

async function resourcesOf(name: string) {
  const stack = await waitForStack(app.url, name);
  return { stack, resources: byName(stack.resources as Array<{ name: string; physicalResourceId: string }>) };
}

async function update(input: Record<string, unknown>) {
  const res = await gql(
    app.url,
    'mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed message stack { version status } } }',
    { input },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.updateStack as {
    changed: boolean;
    message: string;
    stack: { version: number; status: string };
  };
}

describe('previewStack is the plan', () => {
  it(
    'reports every action as applying then takes it, with old → new values, reasons and known-after-apply',
    { timeout: 300_000 },
    async () => {
      const name = uniqueName();
      await createStack(app.url, { name, template: V1 });
      const { stack: v1Stack, resources: v1 } = await resourcesOf(name);
      expect(v1Stack.status).toBe('CREATE_COMPLETE');

      const parameters = { app_version: '2.0', token: 'second-secret' };
      const res = await gql(app.url, PREVIEW, { name, template: V2, parameters });
      expect(res.errors).toBeUndefined();
      const preview = res.data!.previewStack as {
        exists: boolean;
        fromVersion: number;
        noChange: boolean;
        changes: Array<{ name: string; change: string }>;
        plan: Planned[];
        summary: Record<string, unknown>;
      };
      expect(preview).toMatchObject({ exists: true, fromVersion: 1, noChange: false });
      const planned = Object.fromEntries(preview.plan.map((p) => [p.name, p]));
      expect(Object.fromEntries(preview.plan.map((p) => [p.name, p.action]))).toEqual({
        app_server: 'UPDATE',
        credentials: 'UPDATE',
        legacy: 'DELETE',
        load_balancer: 'REPLACE',
        monitor: 'ADD',
        network: 'UNCHANGED',
      });
      // The case: not UNCHANGED, because its value flows from app_server through get_attr.
      expect(planned.load_balancer).toMatchObject({
        knownAfterApply: true,
        reason: expect.stringContaining('replaces'),
      });
      expect(planned.load_balancer!.properties).toEqual([
        expect.objectContaining({
          name: 'value',
          old: 'lb -> app 1.0 net',
          new: null,
          knownAfterApply: true,
        }),
      ]);
      expect(planned.app_server!.properties).toEqual([
        expect.objectContaining({
          name: 'value',
          old: 'app 1.0 net',
          new: 'app 2.0 net',
          knownAfterApply: false,
        }),
      ]);
      expect(planned.credentials!.properties).toEqual([
        expect.objectContaining({ name: 'value', old: '******', new: '******' }),
      ]);
      expect(JSON.stringify(preview)).not.toMatch(/first-secret|second-secret/);
      expect(preview.changes.find((c) => c.name === 'load_balancer')?.change).toBe('REPLACED');
      expect(preview.summary).toEqual({
        add: 1,
        update: 2,
        replace: 1,
        delete: 1,
        unchanged: 1,
        text: '1 to add, 2 to update in place, 1 to replace, 1 to delete',
      });

      const since = (await allEvents(app.url, name)).at(-1)!.sequence;
      const updated = await update({ name, template: V2, parameters });
      expect(updated.changed).toBe(true);
      const { stack: v2Stack, resources: v2 } = await resourcesOf(name);
      expect(v2Stack.status).toBe('UPDATE_COMPLETE');
      const happened = whatHappened(await allEvents(app.url, name), since, v1, v2);
      expect(happened).toEqual(Object.fromEntries(preview.plan.map((p) => [p.name, p.action])));
    },
  );

  it('an update with no change is a no-op: no version, no events, says so; preview says noChange', async () => {
    const name = uniqueName();
    await createStack(app.url, { name, template: V1, parameters: { app_version: '1.5' } });
    const { stack } = await resourcesOf(name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    const eventsBefore = await allEvents(app.url, name);

    const res = await gql(app.url, PREVIEW, { name, template: V1, parameters: { app_version: '1.5' } });
    expect(res.data!.previewStack).toMatchObject({
      noChange: true,
      summary: { text: '0 to add, 0 to update in place, 0 to replace, 0 to delete', unchanged: 5 },
    });

    const same = await update({ name, template: V1, parameters: { app_version: '1.5' } });
    expect(same).toMatchObject({ changed: false, stack: { version: 1, status: 'CREATE_COMPLETE' } });
    expect(same.message).toMatch(/^No changes/);
    expect((await allEvents(app.url, name)).length).toBe(eventsBefore.length);
    const versions = await gql(app.url, 'query($n: String!) { stack(name: $n) { versions { number } } }', {
      n: name,
    });
    expect(versions.data!.stack.versions).toHaveLength(1);

    // A different parameter value is a change again.
    const changed = await update({ name, template: V1, parameters: { app_version: '1.6' } });
    expect(changed).toMatchObject({ changed: true, stack: { version: 2 } });
    expect((await resourcesOf(name)).stack.status).toBe('UPDATE_COMPLETE');
  });
});

describe('the CLI prints the plan and says when there is nothing to do', () => {
  function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['bin/convergence.mjs', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', CONVERGENCE_ENDPOINT: app.url, CONVERGENCE_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('preview prints terraform-style lines and the summary; apply then does exactly that; a repeated apply says No changes', async () => {
    const name = uniqueName();
    const v1 = join(dir, `${name}-v1.yaml`);
    const v2 = join(dir, `${name}-v2.yaml`);
    await writeFile(v1, V1);
    await writeFile(v2, V2);
    const created = await cli(['apply', '-f', v1, '--name', name]);
    expect(created.code, created.stderr).toBe(0);
    const { resources: before } = await resourcesOf(name);

    const preview = await cli(['preview', '-f', v2, '--name', name, '--param', 'app_version=2.0']);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('-/+ load_balancer (OS::Heat::TestResource) must be replaced');
    expect(preview.stdout).toContain('  ~ app_server (OS::Heat::TestResource) will be updated in place');
    expect(preview.stdout).toContain('      ~ value: "app 1.0 net" -> "app 2.0 net"');
    expect(preview.stdout).toContain('      ~ value: "lb -> app 1.0 net" -> (known after apply)');
    expect(preview.stdout).toContain('  + monitor (OS::Heat::TestResource) will be created');
    expect(preview.stdout).toContain('  - legacy (OS::Heat::TestResource) will be deleted');
    expect(preview.stdout).not.toContain('network');
    expect(preview.stdout).toContain(
      'Plan: 1 to add, 1 to update in place, 1 to replace, 1 to delete. (2 unchanged)',
    );

    const since = (await allEvents(app.url, name)).at(-1)!.sequence;
    const applied = await cli(['apply', '-f', v2, '--name', name, '--param', 'app_version=2.0']);
    expect(applied.code, applied.stderr).toBe(0);
    const { resources: after } = await resourcesOf(name);
    expect(whatHappened(await allEvents(app.url, name), since, before, after)).toEqual({
      app_server: 'UPDATE',
      credentials: 'UNCHANGED',
      legacy: 'DELETE',
      load_balancer: 'REPLACE',
      monitor: 'ADD',
      network: 'UNCHANGED',
    });

    const again = await cli(['apply', '-f', v2, '--name', name, '--param', 'app_version=2.0']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^No changes\./m);
    const nothing = await cli(['preview', '-f', v2, '--name', name, '--param', 'app_version=2.0']);
    expect(nothing.stdout).toContain('No changes.');
    const stack = await gql(app.url, 'query($n: String!) { stack(name: $n) { version } }', { n: name });
    expect(stack.data!.stack.version).toBe(2);
  });
});
