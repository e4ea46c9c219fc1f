import { describe, expect, it } from 'vitest';
import { referencedResources } from '../../../src/template/index.ts';
import { compileOk, hot } from './helpers.ts';

const requiresOf = (source: string): Record<string, string[]> =>
  Object.fromEntries(compileOk(source).resources.map((resource) => [resource.name, resource.requires]));

describe('dependencies', () => {
  it('come from depends_on, get_resource and get_attr, unique and sorted', () => {
    const requires = requiresOf(
      hot(`
        resources:
          z: {type: OS::Heat::TestResource}
          b: {type: OS::Heat::TestResource}
          a: {type: OS::Heat::TestResource}
          web:
            type: OS::Heat::TestResource
            depends_on: [z, a]
            properties:
              value: {get_attr: [b, output]}
            metadata:
              ref: {get_resource: a}
      `),
    );
    expect(requires.web).toEqual(['a', 'b', 'z']);
  });

  it('are found deep inside other functions, lists and maps', () => {
    const requires = requiresOf(
      hot(`
        resources:
          r1: {type: OS::Heat::TestResource}
          r2: {type: OS::Heat::TestResource}
          r3: {type: OS::Heat::TestResource}
          r4: {type: OS::Heat::TestResource}
          r5: {type: OS::Heat::TestResource}
          r6: {type: OS::Heat::TestResource}
          r7: {type: OS::Heat::TestResource}
          user:
            type: OS::Heat::None
            properties:
              joined: {list_join: [',', [a, {get_attr: [r1, output]}]]}
              replaced:
                str_replace:
                  template: host=$HOST
                  params:
                    $HOST: {list_join: ['', [{get_resource: r2}]]}
              merged: {map_merge: [{a: 1}, {b: {get_attr: [r3, output]}}]}
              deep: {x: [{y: [{z: {get_resource: r4}}]}]}
              repeated:
                repeat:
                  for_each: {<%i%>: ['1', '2']}
                  template: {name: <%i%>, peer: {get_attr: [r5, output]}}
            metadata:
              split: {str_split: [',', {get_attr: [r6, output]}, 0]}
              all_attributes: {get_attr: [r7]}
      `),
    );
    expect(requires.user).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
  });

  it('include a get_attr whose attribute path is itself computed from another resource', () => {
    const requires = requiresOf(
      hot(`
        resources:
          names: {type: OS::Heat::Value, properties: {value: output}}
          source: {type: OS::Heat::TestResource}
          user:
            type: OS::Heat::None
            properties:
              v: {get_attr: [source, {get_attr: [names, value]}]}
      `),
    );
    expect(requires.user).toEqual(['names', 'source']);
  });

  it('do not come from get_param, or from outputs', () => {
    const template = compileOk(
      hot(`
        parameters:
          p: {type: string, default: a}
        resources:
          a: {type: OS::Heat::TestResource, properties: {value: {get_param: p}}}
          b: {type: OS::Heat::TestResource}
        outputs:
          both: {value: [{get_attr: [a, output]}, {get_resource: b}]}
      `),
    );
    expect(template.resources.map((resource) => [resource.name, resource.requires])).toEqual([
      ['a', []],
      ['b', []],
    ]);
    expect(template.outputs.both?.value).toEqual([{ get_attr: ['a', 'output'] }, { get_resource: 'b' }]);
  });

  it('order resources after what they require, ties by name', () => {
    const template = compileOk(
      hot(`
        resources:
          web: {type: OS::Heat::None, depends_on: [db, cache]}
          db: {type: OS::Heat::None, depends_on: network}
          cache: {type: OS::Heat::None}
          network: {type: OS::Heat::None}
          alone: {type: OS::Heat::None}
          monitor: {type: OS::Heat::None, depends_on: web}
      `),
    );
    expect(template.resources.map((resource) => resource.name)).toEqual([
      'alone',
      'cache',
      'network',
      'db',
      'web',
      'monitor',
    ]);
  });
});

describe('referencedResources', () => {
  it('finds every get_resource and get_attr target, at any depth', () => {
    const value = {
      a: { get_resource: 'one' },
      b: [{ list_join: [',', [{ get_attr: ['two', 'x', 0] }]] }],
      c: { str_replace: { template: 't', params: { t: { get_attr: ['three'] } } } },
      d: { get_param: 'not_a_resource' },
      e: 'get_resource',
      f: { get_resource: 'one' },
    };
    expect([...referencedResources(value)].sort()).toEqual(['one', 'three', 'two']);
  });

  it('ignores names that are not literal strings and maps that are not calls', () => {
    expect(referencedResources({ get_resource: { get_param: 'x' } }).size).toBe(0);
    expect(referencedResources({ get_resource: 'a', other: 'key' }).size).toBe(0);
    expect(referencedResources({ get_attr: [{ get_param: 'x' }, 'attr'] }).size).toBe(0);
    expect(referencedResources(null).size).toBe(0);
  });

  it('handles very large values without exhausting the stack', () => {
    const many = Array.from({ length: 200_000 }, (_, index) => ({ get_resource: `r${index % 10}` }));
    expect(referencedResources(many).size).toBe(10);
  });
});
