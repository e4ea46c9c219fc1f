import { describe, expect, it } from 'vitest';
import { resolveValue, selectPath, TemplateResolutionError } from '../../../src/template/index.ts';
import type { ResolveContext } from '../../../src/template/index.ts';
import { compileOk, hot } from './helpers.ts';

/** A run-time context over fixed physical ids and attributes; records attribute requests. */
function contextOf(
  resources: Record<string, { id: string; attributes: Record<string, unknown> }>,
  parameters: Record<string, unknown> = {},
) {
  const requests: [string, (string | number)[]][] = [];
  const ctx: ResolveContext = {
    parameter: (name) => parameters[name],
    resourceReference: (name) => resources[name]?.id,
    attribute(name, path) {
      requests.push([name, path]);
      const attributes = resources[name]?.attributes ?? {};
      const [attribute, ...rest] = path;
      return attribute === undefined ? attributes : selectPath(attributes[attribute], rest);
    },
  };
  return { ctx, requests };
}

const world = contextOf({
  db: { id: 'db-1234', attributes: { host: '10.0.0.5', ports: [5432, 5433], tags: { env: 'prod' } } },
  web: { id: 'web-99', attributes: { names: ['a', 'b'] } },
});

describe('resolveValue at run time', () => {
  it('resolves get_resource to the physical id and get_attr to attributes', () => {
    expect(resolveValue({ get_resource: 'db' }, world.ctx)).toBe('db-1234');
    expect(resolveValue({ get_attr: ['db', 'host'] }, world.ctx)).toBe('10.0.0.5');
  });

  it('passes the attribute name and nested path to the context', () => {
    const { ctx, requests } = contextOf({ db: { id: 'x', attributes: { ports: [1, 2] } } });
    expect(resolveValue({ get_attr: ['db', 'ports', 1] }, ctx)).toBe(2);
    expect(resolveValue({ get_attr: ['db'] }, ctx)).toEqual({ ports: [1, 2] });
    expect(requests).toEqual([
      ['db', ['ports', 1]],
      ['db', []],
    ]);
  });

  it('evaluates the functions around references', () => {
    const value = {
      url: {
        str_replace: {
          template: 'postgres://HOST:PORT/',
          params: { HOST: { get_attr: ['db', 'host'] }, PORT: { get_attr: ['db', 'ports', 0] } },
        },
      },
      names: { list_join: [',', { get_attr: ['web', 'names'] }, [{ get_resource: 'web' }]] },
      env: { get_attr: ['db', 'tags', 'env'] },
      plain: [1, { nested: true }],
    };
    expect(resolveValue(value, world.ctx)).toEqual({
      url: 'postgres://10.0.0.5:5432/',
      names: 'a,b,web-99',
      env: 'prod',
      plain: [1, { nested: true }],
    });
  });

  it('completes what compileTemplate left pending', () => {
    const template = compileOk(
      hot(`
        parameters:
          prefix: {type: string, default: app}
        resources:
          db: {type: OS::Heat::TestResource}
          web:
            type: OS::Heat::TestResource
            properties:
              value: {list_join: ["-", [{get_param: prefix}, {get_attr: [db, output]}]]}
      `),
    );
    const web = template.resources.find((resource) => resource.name === 'web');
    const { ctx } = contextOf({ db: { id: 'db-1', attributes: { output: 'ready' } } });
    expect(resolveValue(web?.properties, ctx)).toEqual({ value: 'app-ready' });
  });

  it('treats a json parameter value that looks like a function call as data, as Heat does', () => {
    const data = {
      ref: { get_resource: 'db' },
      text: { str_replace: { template: 'x', params: 5 } },
      marker: { $literal: 'kept as written' },
    };
    const template = compileOk(
      hot(`
        parameters:
          config: {type: json}
        resources:
          db: {type: OS::Heat::TestResource}
          web:
            type: OS::Heat::TestResource
            properties:
              value: {list_join: ["-", [{get_attr: [db, output]}]]}
            metadata:
              plain: {get_param: config}
              merged: {map_merge: [{get_param: config}, {extra: {get_resource: db}}]}
        outputs:
          config: {value: {get_param: config}}
      `),
      { config: data },
    );
    const web = template.resources.find((resource) => resource.name === 'web')!;
    expect(web.requires).toEqual(['db']);
    const { ctx } = contextOf({ db: { id: 'db-1', attributes: { output: 'ready' } } });
    expect(resolveValue(web.metadata, ctx)).toEqual({ plain: data, merged: { ...data, extra: 'db-1' } });
    expect(resolveValue(template.outputs.config!.value, ctx)).toEqual(data);
    // What is stored survives a JSON round trip (properties are stored as JSON in Neo4j).
    const stored = JSON.parse(JSON.stringify(web.metadata)) as unknown;
    expect(resolveValue(stored, ctx)).toEqual({ plain: data, merged: { ...data, extra: 'db-1' } });
  });

  it('reads parameters from the context when a value still has get_param', () => {
    const { ctx } = contextOf({}, { 'OS::stack_name': 'prod', config: { a: [1, 2] } });
    expect(resolveValue({ get_param: 'OS::stack_name' }, ctx)).toBe('prod');
    expect(resolveValue({ get_param: ['config', 'a', 1] }, ctx)).toBe(2);
    expect(() => resolveValue({ get_param: 'nothing' }, ctx)).toThrow(TemplateResolutionError);
  });

  it('turns a missing attribute or physical id into null', () => {
    const { ctx } = contextOf({});
    expect(resolveValue({ a: { get_attr: ['ghost', 'x'] }, b: { get_resource: 'ghost' } }, ctx)).toEqual({
      a: null,
      b: null,
    });
  });

  it('throws TemplateResolutionError, with code and path, when a value cannot be used', () => {
    const { ctx } = contextOf({ db: { id: 'x', attributes: { host: 'not-a-list' } } });
    let error: unknown;
    try {
      resolveValue({ deep: [{ list_join: [',', { get_attr: ['db', 'host'] }] }] }, ctx);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TemplateResolutionError);
    expect(error).toMatchObject({
      code: 'FUNCTION_INVALID',
      path: 'deep.0.list_join.1',
      message: 'deep.0.list_join.1: list_join list must be a list, not string',
    });
  });

  it('refuses functions that are not supported', () => {
    expect(() => resolveValue({ yaql: { expression: '1' } }, world.ctx)).toThrow(/UNSUPPORTED|not supported/);
  });
});

describe('selectPath', () => {
  const value = { a: [{ b: 'x' }, 'y'], n: 1 };

  it('follows keys and indices, including integer text for indices', () => {
    expect(selectPath(value, ['a', 0, 'b'])).toBe('x');
    expect(selectPath(value, ['a', '1'])).toBe('y');
    expect(selectPath(value, [])).toBe(value);
  });

  it('gives null for paths that lead nowhere, as Heat does for attributes', () => {
    expect(selectPath(value, ['missing'])).toBeNull();
    expect(selectPath(value, ['a', 5])).toBeNull();
    expect(selectPath(value, ['n', 'x'])).toBeNull();
    expect(selectPath(value, ['a', 'first'])).toBeNull();
  });
});
