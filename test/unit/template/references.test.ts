import { describe, expect, it } from 'vitest';
import { compileOk, compileProblems, hot } from './helpers.ts';

describe('references', () => {
  it('reports get_resource and get_attr of resources that do not exist, at the name', () => {
    const problems = compileProblems(
      hot(`
        resources:
          a:
            type: OS::Heat::None
            properties:
              x: {get_resource: ghost}
              y: {get_attr: [phantom, value]}
      `),
    );
    expect(problems).toEqual([
      {
        code: 'MISSING_RESOURCE',
        message: 'reference to resource "ghost", which does not exist',
        path: 'resources.a.properties.x.get_resource',
        line: 6,
        column: 25,
      },
      {
        code: 'MISSING_RESOURCE',
        message: 'reference to resource "phantom", which does not exist',
        path: 'resources.a.properties.y.get_attr.0',
        line: 7,
        column: 22,
      },
    ]);
  });

  it('reports missing resources referenced by outputs', () => {
    const problems = compileProblems(hot('outputs:\n  o:\n    value: {get_attr: [nothing, x]}\n'));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'MISSING_RESOURCE',
        path: 'outputs.o.value.get_attr.0',
        line: 4,
        column: 24,
      }),
    ]);
  });

  it('reports get_param of an undeclared parameter', () => {
    const problems = compileProblems(
      hot(`
        resources:
          a:
            type: OS::Heat::None
            properties:
              x: {get_param: size}
              y: {get_param: [config, key]}
      `),
    );
    expect(problems.map(({ code, path, line, column }) => ({ code, path, line, column }))).toEqual([
      { code: 'MISSING_PARAMETER', path: 'resources.a.properties.x.get_param', line: 6, column: 22 },
      { code: 'MISSING_PARAMETER', path: 'resources.a.properties.y.get_param', line: 7, column: 22 },
    ]);
    expect(problems[0]?.message).toBe('get_param refers to parameter "size", which is not declared');
  });

  it('reports attributes the type does not have, at the attribute name', () => {
    const problems = compileProblems(
      hot(`
        parameters:
          attr: {type: string, default: nope}
        resources:
          t: {type: OS::Heat::TestResource}
          a:
            type: OS::Heat::None
            properties:
              x: {get_attr: [t, outptu]}
              y: {get_attr: [t, {get_param: attr}]}
              z: {get_attr: [t, output, nested, 0]}
      `),
    );
    expect(problems.map(({ code, path, line, column }) => ({ code, path, line, column }))).toEqual([
      { code: 'UNKNOWN_ATTRIBUTE', path: 'resources.a.properties.x.get_attr.1', line: 9, column: 25 },
      { code: 'UNKNOWN_ATTRIBUTE', path: 'resources.a.properties.y.get_attr.1', line: 10, column: 25 },
    ]);
    expect(problems[0]?.message).toBe('resource "t" has no attribute "outptu" (it has: output)');
  });

  it('accepts any attribute of types that declare none (OS::Heat::None)', () => {
    const template = compileOk(
      hot(`
        resources:
          n: {type: OS::Heat::None}
          a: {type: OS::Heat::None, properties: {x: {get_attr: [n, whatever]}}}
      `),
    );
    expect(template.resources[1]?.requires).toEqual(['n']);
  });

  it('does not check attributes of resources whose type is unknown (reported once, at the type)', () => {
    const problems = compileProblems(
      hot(`
        resources:
          n: {type: Unknown::Type}
          a: {type: OS::Heat::None, properties: {x: {get_attr: [n, whatever]}}}
      `),
    );
    expect(problems.map((problem) => problem.code)).toEqual(['UNKNOWN_RESOURCE_TYPE']);
  });

  it('get_attr with only a resource name means all attributes, from 2015-10-15', () => {
    const source = (version: string) =>
      hot(
        `
        resources:
          t: {type: OS::Heat::TestResource}
        outputs:
          all: {value: {get_attr: [t]}}
      `,
        version,
      );
    expect(compileOk(source('2015-10-15')).outputs.all?.value).toEqual({ get_attr: ['t'] });
    expect(compileProblems(source('2015-04-30'))).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.all.value.get_attr' }),
    ]);
  });
});
