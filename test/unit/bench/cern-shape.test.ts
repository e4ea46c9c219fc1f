/**
 * The CERN-shaped benchmark's stack (bench/lib/cern-shape.ts): a ResourceGroup of N template
 * resources of 22 OS::Heat::None with internal dependencies.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  cernShape,
  MEMBER_FILE,
  MEMBER_RESOURCES,
  MEMBER_TYPE,
  memberTemplate,
} from '../../../bench/lib/cern-shape.ts';
import { resourceGroupType } from '../../../src/resources/builtin/resource-group.ts';
import { builtinRegistry } from '../../../src/resources/registry.ts';
import { compileTemplate } from '../../../src/template/compile.ts';
import { normaliseProperties } from '../../../src/resources/properties.ts';

const registry = builtinRegistry({ nestedStacks: true });
afterAll(() => registry.close());

describe('the CERN-shaped stack', () => {
  it('has member templates of 22 OS::Heat::None with internal dependencies, one root and no cycle', () => {
    const result = compileTemplate(memberTemplate(), { index: '7' }, registry);
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    const resources = result.template.resources;
    expect(MEMBER_RESOURCES).toBe(22);
    expect(resources).toHaveLength(22);
    expect(new Set(resources.map((r) => r.type))).toEqual(new Set(['OS::Heat::None']));
    expect(resources.filter((r) => r.requires.length === 0).map((r) => r.name)).toEqual(['l0r0']);
    const edges = resources.reduce((sum, r) => sum + r.requires.length, 0);
    expect(edges).toBeGreaterThanOrEqual(21);
    // Every resource is reached from the root, and the last layer needs the layers before it.
    expect(resources.find((r) => r.name === 'l5r0')!.requires).toEqual(['l4r0', 'l4r1']);
    expect(Object.keys(result.template.outputs ?? {}).sort()).toEqual(['id', 'index']);
  });

  it('has a top template of one ResourceGroup whose members are the mapped type, with files and environment', () => {
    const shape = cernShape(1000);
    expect(shape.parameters).toEqual({ count: 1000 });
    expect(Object.keys(shape.files)).toEqual([MEMBER_FILE]);
    expect(shape.environment).toContain(`"${MEMBER_TYPE}": ${MEMBER_FILE}`);
    const result = compileTemplate(shape.template, shape.parameters, registry, {
      environment: [shape.environment],
      files: shape.files,
    });
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    const group = result.template.resources.find((r) => r.name === 'nodes')!;
    expect(group.type).toBe('OS::Heat::ResourceGroup');
    expect(group.properties.count).toBe(1000);
  });

  it('gives 1,000 members, then 1,010 on scale-up with the first 1,000 unchanged', () => {
    const properties = normaliseProperties(resourceGroupType, {
      count: 1000,
      resource_def: { type: MEMBER_TYPE, properties: { index: '%index%', cluster: 'cern' } },
    });
    const ctx = {
      stackId: 's',
      stackName: 'cern',
      name: 'nodes',
      resourceId: 'r',
      files: {},
      environment: [],
    };
    const created = resourceGroupType.nested!.nestedStack(properties, ctx).template as {
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
      outputs: Record<string, { value: unknown }>;
    };
    expect(Object.keys(created.resources)).toHaveLength(1000);
    expect(created.resources['999']).toEqual({
      type: MEMBER_TYPE,
      properties: { index: '999', cluster: 'cern' },
    });
    const previous = {
      stackId: 'n',
      stackName: 'cern-nodes',
      outputs: Object.fromEntries(Object.entries(created.outputs).map(([k, v]) => [k, v.value])),
      resources: Object.fromEntries(
        Object.keys(created.resources).map((n) => [
          n,
          { type: MEMBER_TYPE, reference: `stack-${n}`, physicalResourceId: `stack-${n}`, attributes: {} },
        ]),
      ),
    };
    const scaled = resourceGroupType.nested!.nestedStack({ ...properties, count: 1010 }, { ...ctx, previous })
      .template as typeof created;
    expect(Object.keys(scaled.resources)).toHaveLength(1010);
    const changed = Object.keys(scaled.resources).filter(
      (n) => JSON.stringify(scaled.resources[n]) !== JSON.stringify(created.resources[n]),
    );
    expect(changed).toEqual(Array.from({ length: 10 }, (_, i) => String(1000 + i)));
  });
});
