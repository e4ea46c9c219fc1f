import { describe, expect, it } from 'vitest';
import { compileProblems, hot, withCode } from './helpers.ts';

describe('dependency cycles in templates', () => {
  it('names the members in order, starting at the smallest name, at that resource', () => {
    const problems = compileProblems(
      hot(`
        resources:
          c: {type: OS::Heat::None, depends_on: a}
          b: {type: OS::Heat::None, properties: {x: {get_resource: c}}}
          a: {type: OS::Heat::None, metadata: {y: {get_attr: [b, whatever]}}}
      `),
    );
    expect(problems).toEqual([
      {
        code: 'DEPENDENCY_CYCLE',
        message: 'dependency cycle: a -> b -> c -> a',
        path: 'resources.a',
        line: 5,
        column: 3,
      },
    ]);
  });

  it('reports each independent cycle once', () => {
    const problems = compileProblems(
      hot(`
        resources:
          a: {type: OS::Heat::None, depends_on: b}
          b: {type: OS::Heat::None, depends_on: a}
          x: {type: OS::Heat::None, depends_on: y}
          y: {type: OS::Heat::None, depends_on: z}
          z: {type: OS::Heat::None, depends_on: x}
          free: {type: OS::Heat::None, depends_on: [a, x]}
      `),
    );
    expect(problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'resources.a: dependency cycle: a -> b -> a',
      'resources.x: dependency cycle: x -> y -> z -> x',
    ]);
  });

  it('reports a resource referring to itself at the reference', () => {
    const problems = compileProblems(
      hot(`
        resources:
          a:
            type: OS::Heat::TestResource
            properties:
              value: {list_join: ['-', [{get_attr: [a, output]}]]}
      `),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'DEPENDENCY_CYCLE',
        path: 'resources.a.properties.value.list_join.1.0.get_attr.0',
        line: 6,
      }),
    ]);
    expect(problems[0]?.message).toMatch(/^a -> a/);
  });

  it('still reports the other problems', () => {
    const problems = compileProblems(
      hot(`
        resources:
          a: {type: OS::Heat::None, depends_on: b}
          b: {type: OS::Heat::None, depends_on: [a, ghost]}
      `),
    );
    expect(withCode(problems, 'MISSING_RESOURCE')).toHaveLength(1);
    expect(withCode(problems, 'DEPENDENCY_CYCLE')).toHaveLength(1);
  });
});
