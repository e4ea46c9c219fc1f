/**
 * OS::Heat::ResourceGroup on the nested-stack engine (issue 12): create, scale up (standing members
 * untouched), scale down with removal_policies by name and by reference (never reused), batch_create
 * and rolling_update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { createStack, hot, mutate, waitForStack } from '../support/stacks.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

function group(count: number, extra: Record<string, unknown> = {}, policy?: unknown, prefix = 'v') {
  return hot({
    g: {
      type: 'OS::Heat::ResourceGroup',
      ...(policy ? { update_policy: policy } : {}),
      properties: {
        count,
        resource_def: { type: 'OS::Heat::Value', properties: { value: `${prefix}-%index%` } },
        ...extra,
      },
    },
    reader: {
      type: 'OS::Heat::Value',
      properties: {
        value: {
          refs: { get_attr: ['g', 'refs'] },
          values: { get_attr: ['g', 'value'] },
          one: { get_attr: ['g', 'resource.1.value'] },
          removed: { get_attr: ['g', 'removed_rsrc_list'] },
        },
      },
    },
  });
}

describe('OS::Heat::ResourceGroup on the nested-stack engine', () => {
  it('creates, scales up, scales down with a removal policy', async () => {
    const name = uniqueName('grp');
    await createStack(app.url, { name, template: group(3) });
    let stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    let reader = stack.resources.find((r: { name: string }) => r.name === 'reader');
    let value = reader.attributes.value as Record<string, any>;
    expect(value.values).toEqual(['v-0', 'v-1', 'v-2']);
    expect(value.one).toBe('v-1');
    expect(value.refs).toHaveLength(3);
    const firstRefs = value.refs as string[];

    await mutate(app.url, 'updateStack', { name, template: group(5) });
    stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    reader = stack.resources.find((r: { name: string }) => r.name === 'reader');
    value = reader.attributes.value as Record<string, any>;
    expect(value.values).toEqual(['v-0', 'v-1', 'v-2', 'v-3', 'v-4']);
    expect((value.refs as string[]).slice(0, 3)).toEqual(firstRefs);

    await mutate(app.url, 'updateStack', {
      name,
      template: group(3, { removal_policies: [{ resource_list: ['1', firstRefs[2]] }] }),
    });
    stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    reader = stack.resources.find((r: { name: string }) => r.name === 'reader');
    value = reader.attributes.value as Record<string, any>;
    expect(value.values).toEqual(['v-0', 'v-3', 'v-4']);
    expect(value.removed).toEqual(['1', '2']);
    expect((value.refs as string[])[0]).toBe(firstRefs[0]);
  });

  it('updates every member when only the member template file changes, keeping their stacks', async () => {
    const name = uniqueName('grpfile');
    const member = (sep: string) => `heat_template_version: 2018-08-31
parameters:
  index: {type: string}
resources:
  inner:
    type: OS::Heat::Value
    properties:
      value: {list_join: ['${sep}', [member, {get_param: index}]]}
outputs:
  value: {value: {get_attr: [inner, value]}}
`;
    const template = hot({
      g: {
        type: 'OS::Heat::ResourceGroup',
        properties: { count: 2, resource_def: { type: 'My::Member', properties: { index: '%index%' } } },
      },
    });
    const environment = ['resource_registry:\n  My::Member: member.yaml\n'];
    await createStack(app.url, { name, template, environment, files: { 'member.yaml': member('-') } });
    let stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    const g = () => stack.resources.find((r: { name: string }) => r.name === 'g');
    expect(g().attributes.value).toEqual(['member-0', 'member-1']);
    const refs = g().attributes.refs as string[];

    await mutate(app.url, 'updateStack', {
      name,
      template,
      environment,
      files: { 'member.yaml': member('+') },
    });
    stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    expect(g().attributes.value).toEqual(['member+0', 'member+1']);
    // Updated in place: the members' nested stacks are the same ones.
    expect(g().attributes.refs).toEqual(refs);
  });

  it('runs batch_create and a rolling update (batches chained by depends_on in the nested template)', async () => {
    const name = uniqueName('grpb');
    const policy = { batch_create: { max_batch_size: 2 }, rolling_update: { max_batch_size: 2 } };
    await createStack(app.url, { name, template: group(5, {}, policy) });
    let stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    let value = stack.resources.find((r: { name: string }) => r.name === 'reader').attributes.value;
    expect(value.values).toEqual(['v-0', 'v-1', 'v-2', 'v-3', 'v-4']);
    const refs = value.refs as string[];

    await mutate(app.url, 'updateStack', { name, template: group(5, {}, policy, 'w') });
    stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    value = stack.resources.find((r: { name: string }) => r.name === 'reader').attributes.value;
    expect(value.values).toEqual(['w-0', 'w-1', 'w-2', 'w-3', 'w-4']);
    // OS::Heat::Value updates in place: the members stay the same resources.
    expect(value.refs).toEqual(refs);
  });
});
