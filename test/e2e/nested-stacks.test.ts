import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { createStack, mutate, waitForStack } from '../support/stacks.ts';

/**
 * Nested stacks (issue 12): template resources (a type that is a file, or a type the
 * environment maps to one), OS::Heat::Stack, failure and delete propagation, depth and recursion.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const CHILD = `heat_template_version: 2018-08-31
parameters:
  greeting: {type: string}
  size: {type: number, default: 1}
resources:
  inner:
    type: OS::Heat::Value
    properties:
      value: {list_join: ['-', [{get_param: greeting}, {get_param: OS::stack_name}]]}
outputs:
  said: {value: {get_attr: [inner, value]}}
  id: {value: {get_param: OS::stack_id}}
`;

const PARENT = `heat_template_version: 2018-08-31
resources:
  server:
    type: child.yaml
    properties: {greeting: hello}
  reader:
    type: OS::Heat::Value
    properties:
      value:
        said: {get_attr: [server, said]}
        inner: {get_attr: [server, resource.inner, value]}
        ref: {get_resource: server}
        id: {get_attr: [server, id]}
outputs:
  said: {value: {get_attr: [server, said]}}
`;

async function stackNames(): Promise<string[]> {
  const res = await gql(app.url, `{ stacks { name } }`);
  return (res.data!.stacks as Array<{ name: string }>).map((s) => s.name);
}

describe('template resources', () => {
  it('creates the nested stack, exposes its outputs as attributes and deletes it with the parent', async () => {
    const name = uniqueName('nest');
    await createStack(app.url, { name, template: PARENT, files: { 'child.yaml': CHILD } });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    const server = stack.resources.find((r: { name: string }) => r.name === 'server');
    const reader = stack.resources.find((r: { name: string }) => r.name === 'reader');
    expect(server.status).toBe('CREATE_COMPLETE');
    const childId = server.physicalResourceId as string;
    expect(childId).toMatch(/^[0-9a-f-]{36}$/);
    const value = reader.attributes.value as Record<string, string>;
    expect(value.said).toMatch(new RegExp(`^hello-${name}-server-`));
    expect(value.inner).toBe(value.said);
    expect(value.ref).toBe(childId);
    expect(value.id).toBe(childId);
    expect(stack.outputs).toEqual({ said: value.said });
    // The nested stack is no top-level stack.
    const names = await stackNames();
    expect(names).toContain(name);
    expect(names.some((n) => n.startsWith(`${name}-server-`))).toBe(false);
    const childName = (value.said ?? '').slice('hello-'.length);
    const child = await waitForStack(app.url, childName);
    expect(child.status).toBe('CREATE_COMPLETE');

    // The API shows the nesting both ways, and lists resources through it.
    const shape = await gql(
      app.url,
      `query($n: String!, $c: String!) {
        top: stack(name: $n) { nested(depth: 2) { id name parent { stack { name } resource } }
          resources(nested: true) { name stackName } }
        child: stack(name: $c) { parent { stack { name } resource } } }`,
      { n: name, c: childName },
    );
    expect(shape.errors).toBeUndefined();
    expect(shape.data!.top.nested).toEqual([
      { id: childId, name: childName, parent: { stack: { name }, resource: 'server' } },
    ]);
    expect(shape.data!.child.parent).toEqual({ stack: { name }, resource: 'server' });
    expect(
      (shape.data!.top.resources as Array<{ name: string; stackName: string }>)
        .map((r) => `${r.stackName}/${r.name}`)
        .sort(),
    ).toEqual([`${childName}/inner`, `${name}/reader`, `${name}/server`].sort());

    await mutate(app.url, 'deleteStack', { name });
    const deleted = await waitForStack(app.url, name, (s) => s.status !== 'DELETE_IN_PROGRESS');
    expect(deleted.status).toBe('DELETE_COMPLETE');
    const res = await gql(app.url, `query($n: String!) { stack(name: $n) { status } }`, { n: childName });
    // Deleted with its parent (its history stays readable, as any deleted stack's).
    expect(res.data!.stack).toEqual({ status: 'DELETE_COMPLETE' });
  });

  it('maps a type to a template file through the environment', async () => {
    const name = uniqueName('nest');
    await createStack(app.url, {
      name,
      template: PARENT.replace('type: child.yaml', 'type: My::Server'),
      environment: ['resource_registry:\n  My::Server: child.yaml\n'],
      files: { 'child.yaml': CHILD },
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.outputs.said).toMatch(/^hello-/);
    // The same template, environment and files again: nothing changes, no version is made.
    const again = await gql(
      app.url,
      `mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed stack { version } } }`,
      {
        input: {
          name,
          template: PARENT.replace('type: child.yaml', 'type: My::Server'),
          environment: ['resource_registry:\n  My::Server: child.yaml\n'],
          files: { 'child.yaml': CHILD },
        },
      },
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.updateStack).toEqual({ changed: false, stack: { version: 1 } });
  });

  it('fails the parent resource with the nested reason', async () => {
    const name = uniqueName('nest');
    const failing = `heat_template_version: 2018-08-31
resources:
  broken: {type: OS::Heat::TestResource, properties: {fail: true}}
`;
    await createStack(app.url, {
      name,
      template: `heat_template_version: 2018-08-31
resources:
  server: {type: failing.yaml}
`,
      files: { 'failing.yaml': failing },
      disableRollback: true,
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_FAILED');
    const server = stack.resources.find((r: { name: string }) => r.name === 'server');
    expect(server.status).toBe('CREATE_FAILED');
    expect(server.statusReason).toMatch(/Nested stack .* is CREATE_FAILED: .*broken/);
    expect(stack.statusReason).toMatch(/server/);
    // The nested stack's events are visible from the top, each saying which stack it is of.
    const res = await gql(
      app.url,
      `query($n: String!) { stack(name: $n) { events(nested: true, first: 500) { stackId stackName resourceName status } } }`,
      { n: name },
    );
    const events = res.data!.stack.events as Array<{
      stackId: string;
      stackName: string;
      resourceName: string | null;
      status: string;
    }>;
    const nestedFailure = events.find((e) => e.resourceName === 'broken' && e.status === 'CREATE_FAILED');
    expect(nestedFailure?.stackId).toBe(server.physicalResourceId);
    expect(nestedFailure?.stackName).toMatch(new RegExp(`^${name}-server-`));
    expect(
      events.some((e) => e.stackName === name && e.resourceName === 'server' && e.status === 'CREATE_FAILED'),
    ).toBe(true);
  });

  it('completes a chain of five nested levels', async () => {
    const files: Record<string, string> = {
      'level5.yaml': 'heat_template_version: 2018-08-31\nresources:\n  leaf: {type: OS::Heat::None}\n',
    };
    for (let level = 4; level >= 1; level--)
      files[`level${level}.yaml`] =
        `heat_template_version: 2018-08-31\nresources:\n  next: {type: level${level + 1}.yaml}\n`;
    const name = uniqueName('chain');
    await createStack(app.url, {
      name,
      template: 'heat_template_version: 2018-08-31\nresources:\n  top: {type: level1.yaml}\n',
      files,
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    // No polling between levels: the leaf's completion completes every level above it in the
    // same commit, so all six stacks' CREATE_COMPLETE events carry the one commit time.
    const res = await gql(
      app.url,
      `query($n: String!) { stack(name: $n) { events(first: 100) { type status at }
        nested(depth: 5) { name events(first: 100) { type status at } } } }`,
      { n: name },
    );
    type Ev = { type: string; status: string; at: string };
    const top = res.data!.stack as { events: Ev[]; nested: Array<{ name: string; events: Ev[] }> };
    expect(top.nested).toHaveLength(5);
    const completions = [top, ...top.nested].map(
      (s) => s.events.find((e) => e.type === 'STACK' && e.status === 'CREATE_COMPLETE')?.at,
    );
    expect(completions.every((at) => at !== undefined)).toBe(true);
    expect(new Set(completions).size).toBe(1);
  });

  it('refuses recursion and excess depth with coded problems', async () => {
    const self = 'heat_template_version: 2018-08-31\nresources:\n  again: {type: self.yaml}\n';
    const recursive = await gql(
      app.url,
      `mutation($i: CreateStackInput!) { createStack(input: $i) { stack { name } } }`,
      {
        i: {
          name: uniqueName('rec'),
          template: 'heat_template_version: 2018-08-31\nresources:\n  top: {type: self.yaml}\n',
          files: { 'self.yaml': self },
        },
      },
    );
    const problems = recursive.errors?.[0]?.extensions?.details as {
      problems: Array<{ code: string; path: string }>;
    };
    expect(problems.problems.map((p) => p.code)).toContain('NESTED_STACK_RECURSION');

    const files: Record<string, string> = {
      'l7.yaml': 'heat_template_version: 2018-08-31\nresources:\n  leaf: {type: OS::Heat::None}\n',
    };
    for (let level = 6; level >= 1; level--)
      files[`l${level}.yaml`] =
        `heat_template_version: 2018-08-31\nresources:\n  next: {type: l${level + 1}.yaml}\n`;
    const deep = await gql(
      app.url,
      `mutation($i: CreateStackInput!) { createStack(input: $i) { stack { name } } }`,
      {
        i: {
          name: uniqueName('deep'),
          template: 'heat_template_version: 2018-08-31\nresources:\n  top: {type: l1.yaml}\n',
          files,
        },
      },
    );
    const deepProblems = deep.errors?.[0]?.extensions?.details as { problems: Array<{ code: string }> };
    expect(deepProblems.problems.map((p) => p.code)).toContain('NESTED_STACK_TOO_DEEP');
  });

  it('refuses a property the nested template does not declare', async () => {
    const res = await gql(
      app.url,
      `mutation($i: CreateStackInput!) { createStack(input: $i) { stack { name } } }`,
      {
        i: {
          name: uniqueName('unk'),
          template:
            'heat_template_version: 2018-08-31\nresources:\n  s: {type: child.yaml, properties: {greeting: x, colour: red}}\n',
          files: { 'child.yaml': CHILD },
        },
      },
    );
    const details = res.errors?.[0]?.extensions?.details as { problems: Array<{ code: string }> };
    expect(details.problems.map((p) => p.code)).toContain('UNKNOWN_PROPERTY');
  });
});

describe('propagation', () => {
  it('updates the nested stack in place when the parent resource changes', async () => {
    const name = uniqueName('upd');
    await createStack(app.url, { name, template: PARENT, files: { 'child.yaml': CHILD } });
    const created = await waitForStack(app.url, name);
    expect(created.status).toBe('CREATE_COMPLETE');
    const childId = created.resources.find((r: { name: string }) => r.name === 'server').physicalResourceId;
    await mutate(app.url, 'updateStack', {
      name,
      template: PARENT.replace('greeting: hello', 'greeting: bonjour'),
      files: { 'child.yaml': CHILD },
    });
    const updated = await waitForStack(app.url, name);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    const server = updated.resources.find((r: { name: string }) => r.name === 'server');
    expect(server.status).toBe('UPDATE_COMPLETE');
    // The same nested stack, updated (not replaced).
    expect(server.physicalResourceId).toBe(childId);
    expect(updated.outputs.said).toMatch(/^bonjour-/);
    const childName = String(updated.outputs.said).slice('bonjour-'.length);
    const child = await waitForStack(app.url, childName);
    expect(child.status).toBe('UPDATE_COMPLETE');
  });

  it('updates the nested stack when only its template file changes (same properties)', async () => {
    const name = uniqueName('file');
    await createStack(app.url, { name, template: PARENT, files: { 'child.yaml': CHILD } });
    const created = await waitForStack(app.url, name);
    expect(created.status).toBe('CREATE_COMPLETE');
    const childId = created.resources.find((r: { name: string }) => r.name === 'server').physicalResourceId;
    const edited = CHILD.replace("list_join: ['-'", "list_join: ['+'");
    // The preview says the nested stack is updated, and why, though no property of it changes.
    const preview = await gql(
      app.url,
      `query($n: String!, $t: String, $f: JSON) {
        previewStack(name: $n, template: $t, files: $f) { noChange plan { name action reason properties { name } } }
      }`,
      { n: name, t: PARENT, f: { 'child.yaml': edited } },
    );
    expect(preview.errors).toBeUndefined();
    expect(preview.data!.previewStack.noChange).toBe(false);
    expect(
      (preview.data!.previewStack.plan as Array<{ name: string }>).find((r) => r.name === 'server'),
    ).toEqual({
      name: 'server',
      action: 'UPDATE',
      reason: 'its nested template, files or environment changed',
      properties: [],
    });

    await mutate(app.url, 'updateStack', { name, template: PARENT, files: { 'child.yaml': edited } });
    const updated = await waitForStack(app.url, name);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    const server = updated.resources.find((r: { name: string }) => r.name === 'server');
    // The same nested stack, now made from the edited file.
    expect(server.physicalResourceId).toBe(childId);
    expect(updated.outputs.said).toMatch(/^hello\+/);

    // The same inputs once more: nothing to do, no version made.
    const again = await gql(
      app.url,
      `mutation($input: UpdateStackInput!) { updateStack(input: $input) { changed stack { version } } }`,
      { input: { name, template: PARENT, files: { 'child.yaml': edited } } },
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.updateStack).toEqual({ changed: false, stack: { version: 2 } });
  });

  it('rolls the parent back when a nested update fails, and reports the nested reason', async () => {
    const name = uniqueName('rb');
    const child = `heat_template_version: 2018-08-31
parameters:
  fail: {type: boolean, default: false}
resources:
  t: {type: OS::Heat::TestResource, properties: {fail: {get_param: fail}, value: v}}
`;
    const parent = (fail: boolean) =>
      `heat_template_version: 2018-08-31\nresources:\n  server: {type: c.yaml, properties: {fail: ${fail}}}\n`;
    await createStack(app.url, { name, template: parent(false), files: { 'c.yaml': child } });
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
    await mutate(app.url, 'updateStack', { name, template: parent(true), files: { 'c.yaml': child } });
    const rolled = await waitForStack(
      app.url,
      name,
      (s) => s.status === 'ROLLBACK_COMPLETE' || s.status === 'ROLLBACK_FAILED',
    );
    expect(rolled.status).toBe('ROLLBACK_COMPLETE');
    const events = await gql(
      app.url,
      `query($n: String!) { stack(name: $n) { events(first: 200) { resourceName status reason } } }`,
      { n: name },
    );
    const failed = (
      events.data!.stack.events as Array<{ resourceName: string | null; status: string; reason: string }>
    ).find((e) => e.resourceName === 'server' && e.status === 'UPDATE_FAILED');
    expect(failed?.reason).toMatch(/Nested stack .* is UPDATE_FAILED/);
  });

  it('deletes a parent whose nested stack is still being created: the child is cancelled, then deleted', async () => {
    const name = uniqueName('del');
    const slow =
      'heat_template_version: 2018-08-31\nresources:\n  slow: {type: OS::Heat::TestResource, properties: {wait_secs: 2}}\n';
    await createStack(app.url, {
      name,
      template: 'heat_template_version: 2018-08-31\nresources:\n  server: {type: slow.yaml}\n',
      files: { 'slow.yaml': slow },
    });
    await waitForStack(app.url, name, (s) =>
      s.resources.some((r: { physicalResourceId: string | null }) => r.physicalResourceId),
    );
    await mutate(app.url, 'deleteStack', { name });
    const deleted = await waitForStack(app.url, name, (s) => !String(s.status).endsWith('_IN_PROGRESS'));
    expect(deleted.status).toBe('DELETE_COMPLETE');
  });
});

describe('OS::Heat::Stack', () => {
  it('creates a stack from an inline template and exposes its outputs', async () => {
    const name = uniqueName('oshs');
    const inline = `heat_template_version: 2018-08-31
parameters:
  v: {type: string}
resources:
  val: {type: OS::Heat::Value, properties: {value: {get_param: v}}}
outputs:
  out: {value: {get_attr: [val, value]}}
`;
    await createStack(app.url, {
      name,
      template: hotStack(inline),
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.outputs).toEqual({ out: 'inner-value' });
  });
});

function hotStack(inline: string): string {
  return JSON.stringify({
    heat_template_version: '2018-08-31',
    resources: {
      nested: { type: 'OS::Heat::Stack', properties: { template: inline, parameters: { v: 'inner-value' } } },
    },
    outputs: { out: { value: { get_attr: ['nested', 'outputs', 'out'] } } },
  });
}
