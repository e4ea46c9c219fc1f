/**
 * The OS::Heat::ResourceGroup type: its schema as templates see it (properties and update_policy
 * checked with coded problems, as Heat's properties_schema / update_policy_schema), its nested
 * hooks (the generated template compiles with the built-in catalog), and its inertness on an
 * engine without nested stacks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  groupUpdatePolicy,
  resourceGroupType,
  type GroupContext,
} from '../../../src/resources/builtin/resource-group.ts';
import { builtinRegistry } from '../../../src/resources/registry.ts';
import type { ActionContext, NestedStackView } from '../../../src/resources/types.ts';
import { compileTemplate } from '../../../src/template/compile.ts';

const withGroups = builtinRegistry({ nestedStacks: true });
const without = builtinRegistry({ nestedStacks: false });
afterAll(async () => {
  await withGroups.close();
  await without.close();
});

function group(properties: string, updatePolicy = ''): string {
  return [
    'heat_template_version: 2018-08-31',
    'resources:',
    '  group1:',
    '    type: OS::Heat::ResourceGroup',
    ...(updatePolicy ? ['    update_policy:', ...updatePolicy.split('\n').map((l) => `      ${l}`)] : []),
    '    properties:',
    ...properties.split('\n').map((l) => `      ${l}`),
  ].join('\n');
}

const DEF = 'resource_def: {type: OS::Heat::None, properties: {name: "n-%index%"}}';

function problems(source: string) {
  const result = compileTemplate(source, {}, withGroups);
  return result.ok ? [] : result.problems.map((p) => ({ code: p.code, path: p.path }));
}

describe('registration', () => {
  it('is unknown to templates with nestedStacks: false', () => {
    expect(without.get('OS::Heat::ResourceGroup')).toBeUndefined();
    const result = compileTemplate(group(`count: 2\n${DEF}`), {}, without);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual(['UNKNOWN_RESOURCE_TYPE']);
    expect(withGroups.get('OS::Heat::ResourceGroup')?.nested).toBeDefined();
  });

  it('refuses to act as a plain resource (NESTED_STACK_UNSUPPORTED) on an engine that ignores `nested`', async () => {
    const ctx = { action: 'CREATE', properties: {} } as unknown as ActionContext;
    await expect(resourceGroupType.create(ctx)).rejects.toThrow(/NESTED_STACK_UNSUPPORTED/);
    await expect(resourceGroupType.update(ctx)).rejects.toThrow(/NESTED_STACK_UNSUPPORTED/);
  });
});

describe('property and update_policy validation', () => {
  it('accepts a valid group with every property and both policies', () => {
    const source = group(
      `count: 3\nindex_var: "%i%"\n${DEF}\nremoval_policies: [{resource_list: ["1"]}]\nremoval_policies_mode: update`,
      'rolling_update: {min_in_service: 1, max_batch_size: 2, pause_time: 1.5}\nbatch_create: {max_batch_size: 2}',
    );
    expect(problems(source)).toEqual([]);
  });

  it.each([
    ['count: -1', 'PROPERTY_INVALID', 'resources.group1.properties.count'],
    ['count: many', 'PROPERTY_INVALID', 'resources.group1.properties.count'],
    ['index_var: "%i"', 'PROPERTY_INVALID', 'resources.group1.properties.index_var'],
    [
      'removal_policies_mode: replace',
      'PROPERTY_INVALID',
      'resources.group1.properties.removal_policies_mode',
    ],
    [
      'removal_policies: {resource_list: ["1"]}',
      'PROPERTY_INVALID',
      'resources.group1.properties.removal_policies',
    ],
    ['removal_policies: [["1"]]', 'PROPERTY_INVALID', 'resources.group1.properties.removal_policies.0'],
    [
      'removal_policies: [{names: ["1"]}]',
      'UNKNOWN_PROPERTY',
      'resources.group1.properties.removal_policies.0.names',
    ],
    ['color: red', 'UNKNOWN_PROPERTY', 'resources.group1.properties.color'],
  ])('%s → %s', (extra, code, path) => {
    expect(problems(group(`${DEF}\n${extra}`))).toContainEqual({ code, path });
  });

  it('requires resource_def and its type', () => {
    expect(problems(group('count: 1'))).toContainEqual({
      code: 'MISSING_PROPERTY',
      path: 'resources.group1.properties',
    });
    expect(problems(group('resource_def: {properties: {}}'))).toContainEqual({
      code: 'MISSING_PROPERTY',
      path: 'resources.group1.properties.resource_def',
    });
  });

  it.each([
    [
      'rolling_update: {max_batch_size: 0}',
      'PROPERTY_INVALID',
      'resources.group1.update_policy.rolling_update.max_batch_size',
    ],
    [
      'rolling_update: {min_in_service: -1}',
      'PROPERTY_INVALID',
      'resources.group1.update_policy.rolling_update.min_in_service',
    ],
    [
      'rolling_update: {pause_time: -5}',
      'PROPERTY_INVALID',
      'resources.group1.update_policy.rolling_update.pause_time',
    ],
    [
      'batch_create: {max_batch_size: 0}',
      'PROPERTY_INVALID',
      'resources.group1.update_policy.batch_create.max_batch_size',
    ],
    [
      'batch_create: {min_in_service: 1}',
      'UNKNOWN_PROPERTY',
      'resources.group1.update_policy.batch_create.min_in_service',
    ],
    ['rolling_updates: {}', 'UNKNOWN_PROPERTY', 'resources.group1.update_policy.rolling_updates'],
    [
      'rolling_update: {pause_time: soon}',
      'PROPERTY_INVALID',
      'resources.group1.update_policy.rolling_update.pause_time',
    ],
    [
      'rolling_update: {min_in_service: [1]}',
      'PROPERTY_INVALID',
      'resources.group1.update_policy.rolling_update.min_in_service',
    ],
    [
      'rolling_update: {max_batch_size: 1.5}',
      'PROPERTY_INVALID',
      'resources.group1.update_policy.rolling_update.max_batch_size',
    ],
    [
      'batch_create: {max_batch_size: two}',
      'PROPERTY_INVALID',
      'resources.group1.update_policy.batch_create.max_batch_size',
    ],
    [
      'batch_create: {pause_time: -0.5}',
      'PROPERTY_INVALID',
      'resources.group1.update_policy.batch_create.pause_time',
    ],
    ['batch_create: 5', 'PROPERTY_INVALID', 'resources.group1.update_policy.batch_create'],
  ])('update_policy %s → %s (test_parse_with_bad_update_policy)', (policy, code, path) => {
    expect(problems(group(DEF, policy))).toContainEqual({ code, path });
  });

  it('fills in the policies’ defaults as Heat does (test_parse_with_default_update_policy)', () => {
    expect(groupUpdatePolicy({ rolling_update: {} })).toEqual({
      rolling_update: { min_in_service: 0, max_batch_size: 1, pause_time: 0 },
    });
    expect(groupUpdatePolicy({ batch_create: { max_batch_size: '3' } })).toEqual({
      batch_create: { max_batch_size: 3, pause_time: 0 },
    });
    expect(groupUpdatePolicy(undefined)).toEqual({});
  });
});

describe('the nested hooks', () => {
  const ctx: GroupContext = {
    stackId: 'parent',
    stackName: 'parent',
    name: 'group1',
    resourceId: 'r1',
    files: {},
    environment: [],
  };

  it('gives a nested template that compiles with the built-in catalog (plain and batched)', () => {
    const hooks = resourceGroupType.nested!;
    for (const updatePolicy of [undefined, { batch_create: { max_batch_size: 2 } }]) {
      const groupCtx: GroupContext = { ...ctx, updatePolicy };
      const definition = hooks.nestedStack(
        {
          count: 5,
          index_var: '%index%',
          resource_def: { type: 'OS::Heat::None', properties: { n: 'x-%index%' } },
        },
        groupCtx,
      );
      expect(definition.parameters).toEqual({});
      const compiled = compileTemplate(JSON.stringify(definition.template), {}, withGroups);
      if (!compiled.ok) expect.fail(JSON.stringify(compiled.problems));
      expect(compiled.template.resources.map((r) => r.name).sort()).toEqual(['0', '1', '2', '3', '4']);
      const four = compiled.template.resources.find((r) => r.name === '4')!;
      expect(four.properties).toEqual({ n: 'x-4' });
      expect(four.dependsOn).toEqual(updatePolicy ? ['2', '3'] : []);
    }
  });

  it('reads the standing nested stack back: skiplist and members, for a scale-down with a removal policy', () => {
    const previous: NestedStackView = {
      stackId: 'child',
      stackName: 'parent-group1-x',
      outputs: { removed_rsrc_list: [] },
      resources: Object.fromEntries(
        ['0', '1', '2'].map((n) => [
          n,
          { type: 'OS::Heat::None', reference: `ref-${n}`, physicalResourceId: n, attributes: {} },
        ]),
      ),
    };
    const definition = resourceGroupType.nested!.nestedStack(
      {
        count: 2,
        resource_def: { type: 'OS::Heat::None' },
        removal_policies: [{ resource_list: ['ref-0'] }],
      },
      { ...ctx, previous },
    );
    const template = definition.template as {
      resources: Record<string, unknown>;
      outputs: Record<string, { value: unknown }>;
    };
    expect(Object.keys(template.resources).sort()).toEqual(['1', '2']);
    expect(template.outputs.removed_rsrc_list!.value).toEqual(['0']);
  });

  it('maps the completed nested stack to the group’s attributes', () => {
    const view: NestedStackView = {
      stackId: 'child',
      stackName: 'c',
      outputs: { removed_rsrc_list: ['1'] },
      resources: {
        '0': { type: 'T', reference: 'a', physicalResourceId: 'a', attributes: { ip: '10.0.0.1' } },
        '2': { type: 'T', reference: 'b', physicalResourceId: 'b', attributes: { ip: '10.0.0.3' } },
      },
    };
    const attributes = resourceGroupType.nested!.nestedAttributes!(view, {});
    expect(attributes.refs).toEqual(['a', 'b']);
    expect(attributes.refs_map).toEqual({ '0': 'a', '2': 'b' });
    expect(attributes.ip).toEqual(['10.0.0.1', '10.0.0.3']);
    expect(attributes['resource.2.ip']).toBe('10.0.0.3');
    expect(attributes.removed_rsrc_list).toEqual(['1']);
  });

  it('gives the engine pause_time as start delays of the later batches’ members', () => {
    const definition = resourceGroupType.nested!.nestedStack(
      { count: 3, resource_def: { type: 'OS::Heat::None' } },
      { ...ctx, updatePolicy: { batch_create: { max_batch_size: 1, pause_time: '2.5' } } } as GroupContext,
    );
    expect(definition.startDelays).toEqual({ '1': 2500, '2': 2500 });
    const plain = resourceGroupType.nested!.nestedStack(
      { count: 3, resource_def: { type: 'OS::Heat::None' } },
      { ...ctx, updatePolicy: { batch_create: { max_batch_size: 1 } } } as GroupContext,
    );
    expect(plain.startDelays).toBeUndefined();
  });

  it('refuses pauses that alone reach the parent stack’s timeout (UPDATE_POLICY_TIMEOUT)', () => {
    const define = (stackTimeoutMinutes: number) =>
      resourceGroupType.nested!.nestedStack({ count: 3, resource_def: { type: 'OS::Heat::None' } }, {
        ...ctx,
        stackTimeoutMinutes,
        updatePolicy: { batch_create: { max_batch_size: 1, pause_time: 60 } },
      } as GroupContext);
    expect(() => define(2)).toThrow(/UPDATE_POLICY_TIMEOUT/);
    expect(define(3).startDelays).toEqual({ '1': 60_000, '2': 60_000 });
  });

  it('reads get_attr paths on its stored attributes as Heat (readAttribute)', () => {
    const view: NestedStackView = {
      stackId: 'child',
      stackName: 'c',
      outputs: {},
      resources: {
        '0': { type: 'T', reference: 'a', physicalResourceId: 'a', attributes: { net: { ip: '10.0.0.1' } } },
        '1': { type: 'T', reference: 'b', physicalResourceId: 'b', attributes: { net: { ip: '10.0.0.2' } } },
      },
    };
    const stored = resourceGroupType.nested!.nestedAttributes!(view, {});
    expect(withGroups.readAttribute('OS::Heat::ResourceGroup', stored, ['resource.1', 'net', 'ip'])).toBe(
      '10.0.0.2',
    );
    expect(withGroups.readAttribute('OS::Heat::ResourceGroup', stored, ['net', 'ip'])).toEqual([
      '10.0.0.1',
      '10.0.0.2',
    ]);
    // Other types: the value at the path.
    expect(withGroups.readAttribute('OS::Heat::Value', { value: { a: [1, 2] } }, ['value', 'a', 1])).toBe(2);
    expect(withGroups.readAttribute('child.yaml', { 'resource.x': { y: 1 } }, ['resource.x.y'])).toBe(1);
  });
});

describe('the size of a group is bounded before it is expanded (issue 16)', () => {
  const ctx: GroupContext = {
    stackId: 'parent',
    stackName: 'parent',
    name: 'group1',
    resourceId: 'r1',
    files: {},
    environment: [],
    maxResources: 1000,
  };

  it('refuses a count above MAX_RESOURCES_PER_STACK when compiling, from a literal or a parameter', () => {
    const literal = compileTemplate(group(`count: 1000000\n${DEF}`), {}, withGroups, {
      maxResources: 200_000,
    });
    expect(literal.ok).toBe(false);
    if (literal.ok) return;
    expect(literal.problems.map((p) => ({ code: p.code, path: p.path }))).toEqual([
      { code: 'TOO_MANY_RESOURCES', path: 'resources.group1.properties' },
    ]);
    expect(literal.problems[0]!.message).toContain('1000000');

    const fromParameter = compileTemplate(
      [
        'heat_template_version: 2018-08-31',
        'parameters: {size: {type: number}}',
        'resources:',
        '  group1:',
        '    type: OS::Heat::ResourceGroup',
        `    properties: {count: {get_param: size}, ${DEF}}`,
      ].join('\n'),
      { size: '300000' },
      withGroups,
      { maxResources: 200_000 },
    );
    expect(fromParameter.ok ? [] : fromParameter.problems.map((p) => p.code)).toEqual(['TOO_MANY_RESOURCES']);

    // At the limit it compiles; without a limit nothing is refused here.
    expect(
      compileTemplate(group(`count: 200000\n${DEF}`), {}, withGroups, { maxResources: 200_000 }).ok,
    ).toBe(true);
    expect(compileTemplate(group(`count: 1000000\n${DEF}`), {}, withGroups).ok).toBe(true);
  });

  it('refuses a count known only at run time before generating any member (MAX_RESOURCES_PER_STACK)', () => {
    const define = (count: number) =>
      resourceGroupType.nested!.nestedStack(
        { count, index_var: '%index%', resource_def: { type: 'OS::Heat::None', properties: {} } },
        ctx,
      );
    expect(() => define(1_000_000)).toThrow(/^MAX_RESOURCES_PER_STACK: count is 1000000/);
    expect(Object.keys((define(1000).template as { resources: object }).resources)).toHaveLength(1000);
  });
});
