import { describe, expect, it } from 'vitest';
import { compileOk, compileProblems, hot, withCode } from './helpers.ts';

describe('resource definitions', () => {
  it('compiles a resource with every key', () => {
    const template = compileOk(
      hot(`
        resources:
          db:
            type: OS::Heat::TestResource
          web:
            type: OS::Heat::TestResource
            description: The web server
            properties:
              value: hello
            metadata:
              role: frontend
            depends_on: db
            deletion_policy: Retain
            update_policy:
              batch: 2
      `),
    );
    const web = template.resources.find((resource) => resource.name === 'web');
    expect(web).toEqual({
      name: 'web',
      type: 'OS::Heat::TestResource',
      description: 'The web server',
      properties: { value: 'hello' },
      metadata: { role: 'frontend' },
      dependsOn: ['db'],
      requires: ['db'],
      deletionPolicy: 'Retain',
      updatePolicy: { batch: 2 },
      definition: {
        type: 'OS::Heat::TestResource',
        description: 'The web server',
        properties: { value: 'hello' },
        metadata: { role: 'frontend' },
        depends_on: 'db',
        deletion_policy: 'Retain',
        update_policy: { batch: 2 },
      },
    });
  });

  it('defaults to no properties, no metadata and the Delete policy', () => {
    const [resource] = compileOk(
      hot('resources:\n  a:\n    type: OS::Heat::None\n    properties:\n'),
    ).resources;
    expect(resource).toMatchObject({
      properties: {},
      metadata: {},
      dependsOn: [],
      requires: [],
      deletionPolicy: 'Delete',
    });
    expect(resource?.description).toBeUndefined();
    expect(resource?.updatePolicy).toBeUndefined();
  });

  it.each([
    ['Delete', 'Delete'],
    ['delete', 'Delete'],
    ['Retain', 'Retain'],
    ['retain', 'Retain'],
    ['Snapshot', 'Snapshot'],
    ['snapshot', 'Snapshot'],
  ])('normalises deletion_policy %s to %s', (written, expected) => {
    const source = hot(`resources:\n  a:\n    type: OS::Heat::None\n    deletion_policy: ${written}\n`);
    expect(compileOk(source).resources[0]?.deletionPolicy).toBe(expected);
  });

  it('takes deletion_policy from a parameter', () => {
    const source = hot(`
      parameters:
        policy: {type: string, default: retain}
      resources:
        a:
          type: OS::Heat::None
          deletion_policy: {get_param: policy}
    `);
    expect(compileOk(source).resources[0]?.deletionPolicy).toBe('Retain');
  });

  it('reports bad deletion policies', () => {
    const problems = compileProblems(
      hot(`
        resources:
          a:
            type: OS::Heat::None
            deletion_policy: RETAIN
          b:
            type: OS::Heat::None
            deletion_policy: {get_resource: a}
      `),
    );
    expect(problems.map(({ code, path, line }) => ({ code, path, line }))).toEqual([
      { code: 'INVALID_RESOURCE', path: 'resources.a.deletion_policy', line: 5 },
      { code: 'INVALID_RESOURCE', path: 'resources.b.deletion_policy', line: 8 },
    ]);
  });

  it('reports unknown resource types at the type', () => {
    const problems = compileProblems(hot('resources:\n  a:\n    type: OS::Nova::Server\n'));
    expect(problems).toEqual([
      {
        code: 'UNKNOWN_RESOURCE_TYPE',
        message: 'unknown resource type "OS::Nova::Server"',
        path: 'resources.a.type',
        line: 4,
        column: 11,
      },
    ]);
  });

  it('reports malformed resources with INVALID_RESOURCE', () => {
    const problems = compileProblems(
      hot(`
        resources:
          no_type:
            properties: {}
          list_resource: [1, 2]
          number_type:
            type: 42
          typo:
            type: OS::Heat::None
            propertes: {}
          bad_maps:
            type: OS::Heat::None
            properties: [a]
            metadata: text
            update_policy: 3
            description: [x]
          "": {type: OS::Heat::None}
          "with/slash": {type: OS::Heat::None}
          "bell\\a": {type: OS::Heat::None}
      `),
    );
    expect(problems.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'INVALID_RESOURCE resources.no_type',
      'INVALID_RESOURCE resources.list_resource',
      'INVALID_RESOURCE resources.number_type.type',
      'INVALID_RESOURCE resources.typo.propertes',
      'INVALID_RESOURCE resources.bad_maps.properties',
      'INVALID_RESOURCE resources.bad_maps.metadata',
      'INVALID_RESOURCE resources.bad_maps.update_policy',
      'INVALID_RESOURCE resources.bad_maps.description',
      'INVALID_RESOURCE resources.',
      'INVALID_RESOURCE resources.with/slash',
      'INVALID_RESOURCE resources.bell\u0007',
    ]);
    expect(problems[0]).toMatchObject({ line: 3, column: 3 });
    expect(problems[3]).toMatchObject({ line: 10, column: 5 });
  });

  it('reports a condition naming no condition, and external_id only from 2016-10-14', () => {
    const problems = compileProblems(
      hot(`
        resources:
          a:
            type: OS::Heat::None
            condition: is_prod
            external_id: abc
      `),
    );
    expect(problems.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'INVALID_CONDITION resources.a.condition',
    ]);
    const old = compileProblems(
      hot(
        `
        resources:
          a:
            type: OS::Heat::None
            external_id: abc
      `,
        '2016-04-08',
      ),
    );
    expect(old.map(({ code, path }) => `${code} ${path}`)).toEqual(['UNSUPPORTED resources.a.external_id']);
    expect(old[0]!.message).toContain('2016-10-14');
  });

  it('compiles external_id (from a parameter too) into an external, retained resource', () => {
    const template = compileOk(
      hot(`
        parameters:
          id: {type: string, default: role_x}
        resources:
          a:
            type: OS::Heat::None
            external_id: {get_param: id}
      `),
    );
    expect(template.resources[0]).toMatchObject({ externalId: 'role_x', deletionPolicy: 'Retain' });
    const empty = compileProblems(
      hot(`
      resources:
        b:
          type: OS::Heat::None
          external_id: ''
    `),
    );
    expect(empty.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'INVALID_RESOURCE resources.b.external_id',
    ]);
  });

  it('reports depends_on problems', () => {
    const problems = compileProblems(
      hot(`
        resources:
          a:
            type: OS::Heat::None
            depends_on: [b, ghost, 3, a]
          b:
            type: OS::Heat::None
            depends_on: {a: 1}
      `),
    );
    expect(problems.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'MISSING_RESOURCE resources.a.depends_on.1',
      'INVALID_RESOURCE resources.a.depends_on.2',
      'DEPENDENCY_CYCLE resources.a.depends_on.3',
      'INVALID_RESOURCE resources.b.depends_on',
    ]);
    expect(withCode(problems, 'MISSING_RESOURCE')[0]).toMatchObject({ line: 5, column: 21 });
    expect(withCode(problems, 'DEPENDENCY_CYCLE')[0]?.message).toMatch(/^a -> a/);
  });

  it('accepts depends_on as one name or a list, keeping the first of repeated names', () => {
    const template = compileOk(
      hot(`
        resources:
          a: {type: OS::Heat::None, depends_on: [c, b, c]}
          b: {type: OS::Heat::None, depends_on: c}
          c: {type: OS::Heat::None}
      `),
    );
    expect(template.resources.map((resource) => [resource.name, resource.dependsOn])).toEqual([
      ['c', []],
      ['b', ['c']],
      ['a', ['c', 'b']],
    ]);
  });

  it('enforces maxResources', () => {
    const source = hot(`
      resources:
        a: {type: OS::Heat::None}
        b: {type: OS::Heat::None}
        c: {type: OS::Heat::None}
    `);
    expect(compileOk(source, {}, { maxResources: 3 }).resources).toHaveLength(3);
    expect(compileProblems(source, {}, { maxResources: 2 })).toEqual([
      {
        code: 'TOO_MANY_RESOURCES',
        message: 'the template has 3 resources; at most 2 are allowed',
        path: 'resources',
        line: 2,
        column: 1,
      },
    ]);
  });

  it('accepts a resources section with no resources', () => {
    expect(compileOk(hot('description: nothing yet\n')).resources).toEqual([]);
  });
});
