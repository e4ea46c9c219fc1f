import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summaryLine, type ChangeSet } from '../../../src/convergence/change-set.ts';
import { changeSetOf, resolveProperties } from '../../../src/engine/resolution.ts';
import { noneType } from '../../../src/resources/builtin/none.ts';
import { randomStringType } from '../../../src/resources/builtin/random-string.ts';
import { testResourceType } from '../../../src/resources/builtin/test-resource.ts';
import { ResourceTypeRegistry } from '../../../src/resources/registry.ts';
import type { LiveEntry } from '../../../src/store/stacks.ts';
import { compileTemplate, type CompiledTemplate } from '../../../src/template/index.ts';
import { hot } from '../template/helpers.ts';

const registry = new ResourceTypeRegistry()
  .register(noneType)
  .register(randomStringType)
  .register(testResourceType);

function compile(template: string, parameters: Record<string, unknown> = {}): CompiledTemplate {
  const result = compileTemplate(template, parameters, registry);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.template;
}

/**
 * The live copies a converged stack would have: each resource applied with the properties the
 * engine would have resolved, its attributes as TestResource reports them (`output` = value).
 */
function converged(template: CompiledTemplate, overrides: Partial<LiveEntry> = {}): LiveEntry[] {
  const live: LiveEntry[] = [];
  const state = new Map<
    string,
    { type: string; physicalResourceId: string; attributes: Record<string, unknown> }
  >();
  const order = changeSetOf(registry, template.resources, template.parameterValues, []).resources;
  const byName = new Map(template.resources.map((r) => [r.name, r]));
  // ADD plans come in name order; resolve in dependency order by repeating until all are done.
  const pending = order.map((r) => r.name);
  while (pending.length > 0) {
    const index = pending.findIndex((name) => byName.get(name)!.requires.every((d) => state.has(d)));
    const [name] = pending.splice(index, 1) as [string];
    const resource = byName.get(name)!;
    const changes = changeSetOf(
      registry,
      [resource],
      template.parameterValues,
      live.filter((c) => resource.requires.includes(c.name)),
    );
    expect(changes.resources.find((r) => r.name === name)?.action).toBe('ADD');
    const applied = resolved(template, name, state);
    const attributes =
      resource.type === testResourceType.name ? { output: applied.value ?? 'test_string' } : {};
    const physicalResourceId = `phys-${name}`;
    state.set(name, { type: resource.type, physicalResourceId, attributes });
    live.push({
      id: `copy-${name}`,
      name,
      copyId: `copy-${name}`,
      refs: [],
      busy: false,
      live: true,
      type: resource.type,
      status: 'CREATE_COMPLETE',
      observedReady: true,
      version: 1,
      appliedProperties: applied,
      attributes,
      physicalResourceId,
      ...overrides,
    });
  }
  return live;
}

function resolved(
  template: CompiledTemplate,
  name: string,
  state: Map<string, { type: string; physicalResourceId: string; attributes: Record<string, unknown> }>,
): Record<string, unknown> {
  const resource = template.resources.find((r) => r.name === name)!;
  const deps = new Map(resource.requires.map((d) => [d, state.get(d)!] as const));
  // The same resolution the action runner applies.
  return resolveProperties(
    registry,
    registry.require(resource.type),
    resource.properties,
    template.parameterValues,
    deps,
  );
}

const actions = (changes: ChangeSet) => Object.fromEntries(changes.resources.map((r) => [r.name, r.action]));
const plan = (changes: ChangeSet, name: string) => changes.resources.find((r) => r.name === name)!;

const WEB_APP = readFileSync(new URL('../../../examples/web-app.yaml', import.meta.url), 'utf8');

describe('computeChangeSet', () => {
  it('carries every resource over when nothing changes', () => {
    const v1 = compile(WEB_APP, { app_version: '1.0' });
    const changes = changeSetOf(registry, v1.resources, v1.parameterValues, converged(v1));
    expect(new Set(Object.values(actions(changes)))).toEqual(new Set(['UNCHANGED']));
    expect(changes.resources.every((r) => r.carriedFrom !== null)).toBe(true);
    expect(summaryLine(changes.summary)).toBe('0 to add, 0 to update in place, 0 to replace, 0 to delete');
  });

  it('a new app_version updates app_server and reaches load_balancer through get_attr (the issue example)', () => {
    const v1 = compile(WEB_APP, { app_version: '1.0' });
    const v2 = compile(WEB_APP, { app_version: '2.0' });
    const changes = changeSetOf(registry, v2.resources, v2.parameterValues, converged(v1));
    expect(actions(changes)).toEqual({
      app_server: 'UPDATE',
      cache: 'UNCHANGED',
      database: 'UNCHANGED',
      db_password: 'UNCHANGED',
      load_balancer: 'REPLACE',
      network: 'UNCHANGED',
    });
    const app = plan(changes, 'app_server');
    expect(app.properties).toEqual([
      {
        name: 'value',
        old: 'app 1.0 db: phys-database cache: phys-cache',
        new: 'app 2.0 db: phys-database cache: phys-cache',
        knownAfterApply: false,
        forcesReplacement: false,
      },
    ]);
    expect(app.carriedFrom).toBeNull();
    const lb = plan(changes, 'load_balancer');
    expect(lb.knownAfterApply).toBe(true);
    expect(lb.properties).toEqual([
      {
        name: 'value',
        old: 'lb -> app 1.0 db: phys-database cache: phys-cache',
        new: null,
        knownAfterApply: true,
        forcesReplacement: false,
      },
    ]);
    expect(lb.reason).toMatch(/OS::Heat::TestResource replaces on this change/);
    expect(plan(changes, 'network').carriedFrom?.id).toBe('copy-network');
    expect(summaryLine(changes.summary)).toBe('0 to add, 1 to update in place, 1 to replace, 0 to delete');
  });

  it('names the property that forces a replacement', () => {
    const before = compile(
      hot(`
      resources:
        secret: {type: OS::Heat::RandomString, properties: {length: 8}}
        user: {type: OS::Heat::TestResource, properties: {value: {get_attr: [secret, value]}}}
        other: {type: OS::Heat::TestResource, properties: {value: plain}}
    `),
    );
    const after = compile(
      hot(`
      resources:
        secret: {type: OS::Heat::RandomString, properties: {length: 12}}
        user: {type: OS::Heat::TestResource, properties: {value: {get_attr: [secret, value]}}}
        added: {type: OS::Heat::None, properties: {tag: x}}
    `),
    );
    const changes = changeSetOf(registry, after.resources, after.parameterValues, converged(before));
    expect(actions(changes)).toEqual({ added: 'ADD', other: 'DELETE', secret: 'REPLACE', user: 'UPDATE' });
    const secret = plan(changes, 'secret');
    expect(secret.reason).toBe('property length cannot be updated in place');
    expect(secret.properties).toEqual([
      { name: 'length', old: 8, new: 12, knownAfterApply: false, forcesReplacement: true },
    ]);
    expect(plan(changes, 'user').knownAfterApply).toBe(true);
    expect(plan(changes, 'added').properties).toEqual([
      { name: 'tag', old: null, new: 'x', knownAfterApply: false, forcesReplacement: false },
    ]);
    expect(summaryLine(changes.summary)).toBe('1 to add, 1 to update in place, 1 to replace, 1 to delete');
  });

  it('keeps a resource whose dependency changed but that reads nothing from it (depends_on only)', () => {
    const before = compile(
      hot(`
      resources:
        a: {type: OS::Heat::TestResource, properties: {value: one}}
        b: {type: OS::Heat::TestResource, properties: {value: fixed}, depends_on: [a]}
    `),
    );
    const after = compile(
      hot(`
      resources:
        a: {type: OS::Heat::TestResource, properties: {value: two}}
        b: {type: OS::Heat::TestResource, properties: {value: fixed}, depends_on: [a]}
    `),
    );
    const changes = changeSetOf(registry, after.resources, after.parameterValues, converged(before));
    expect(actions(changes)).toEqual({ a: 'UPDATE', b: 'UNCHANGED' });
    expect(plan(changes, 'b').carriedFrom).not.toBeNull();
  });

  it('does not carry over a copy that is busy or not settled, and replaces a failed one', () => {
    const template = compile(
      hot(`
      resources:
        a: {type: OS::Heat::TestResource, properties: {value: one}}
    `),
    );
    const busy = changeSetOf(registry, template.resources, {}, converged(template, { busy: true }));
    expect(plan(busy, 'a')).toMatchObject({ action: 'UNCHANGED', carriedFrom: null });
    const failed = changeSetOf(
      registry,
      template.resources,
      {},
      converged(template, { status: 'UPDATE_FAILED' }),
    );
    expect(plan(failed, 'a')).toMatchObject({ action: 'REPLACE', reason: 'previous copy is UPDATE_FAILED' });
  });

  it('masks hidden parameter values and secret properties', () => {
    const source = hot(`
      parameters:
        token: {type: string, hidden: true}
      resources:
        a: {type: OS::Heat::TestResource, properties: {value: {get_param: token}}}
    `);
    const v1 = compile(source, { token: 's3cret-one' });
    const v2 = compile(source, { token: 's3cret-two' });
    const changes = changeSetOf(registry, v2.resources, v2.parameterValues, converged(v1), [
      's3cret-one',
      's3cret-two',
    ]);
    expect(plan(changes, 'a').properties).toEqual([
      { name: 'value', old: '******', new: '******', knownAfterApply: false, forcesReplacement: false },
    ]);
    expect(JSON.stringify(changes)).not.toContain('s3cret');
  });
});
