import { describe, expect, it } from 'vitest';
import { compileOk, hot, outputProblems } from './helpers.ts';

/** The path (below `outputs.o.value`) and message of each problem. */
function faults(expression: string): string[] {
  return outputProblems(expression).map(
    (problem) => `${problem.code} ${problem.path.replace('outputs.o.value.', '')}: ${problem.message}`,
  );
}

describe('bad function arguments are reported with FUNCTION_INVALID, at the faulty argument', () => {
  it.each([
    ['{list_join: ","}', 'list_join: list_join arguments must be a list, not string'],
    ['{list_join: [","]}', 'list_join: list_join needs [delimiter, list, ...more lists]'],
    ['{list_join: [1, [a]]}', 'list_join.0: list_join delimiter must be a string, not number'],
    ['{list_join: [",", a]}', 'list_join.1: list_join list must be a list, not string'],
    ['{str_replace: {template: a}}', 'str_replace: str_replace arguments needs "params"'],
    [
      '{str_replace: {template: [a], params: {}}}',
      'str_replace.template: str_replace template must be a string, not list',
    ],
    [
      '{str_replace: {template: a, params: [b]}}',
      'str_replace.params: str_replace params must be a map, not list',
    ],
    [
      '{str_replace: {template: a, params: {}, extra: 1}}',
      'str_replace.extra: str_replace arguments has unknown key "extra" (expected template, params)',
    ],
    ['{str_split: [",", "a", x]}', 'str_split.2: str_split index must be an integer'],
    ['{str_split: ["", "a"]}', 'str_split.0: str_split delimiter cannot be empty'],
    ['{digest: [md5]}', 'digest: digest needs [algorithm, value]'],
    ['{repeat: {for_each: [x], template: x}}', 'repeat.for_each: repeat for_each must be a map, not list'],
    ['{repeat: {for_each: {}, template: x}}', 'repeat.for_each: repeat for_each needs at least one loop'],
    ['{get_param: [1]}', 'get_param: get_param needs a parameter name or a list [name, key or index, ...]'],
    ['{get_resource: [r]}', 'get_resource: get_resource needs a resource name, not list'],
    ['{get_attr: r}', 'get_attr: get_attr needs a list [resource, attribute, ...path]'],
    ['{get_attr: []}', 'get_attr: get_attr needs a list [resource, attribute, ...path]'],
    ['{get_attr: [[r], output]}', 'get_attr.0: get_attr needs a resource name as its first item'],
    ['{get_attr: [r, 5]}', 'get_attr.1: get_attr attribute name must be a string, not number'],
    [
      '{get_attr: [r, output, {a: 1}]}',
      'get_attr.2: get_attr path items must be strings or integers, not map',
    ],
  ])('%s', (expression, expected) => {
    expect(faults(expression)).toEqual([`FUNCTION_INVALID ${expected}`]);
  });

  it('checks the known arguments of calls that must wait for a resource', () => {
    expect(faults('{list_join: [1, {get_attr: [r, output]}]}')).toEqual([
      'FUNCTION_INVALID list_join.0: list_join delimiter must be a string, not number',
    ]);
    expect(faults('{str_replace: {template: {get_attr: [r, output]}, params: text}}')).toEqual([
      'FUNCTION_INVALID str_replace.params: str_replace params must be a map, not string',
    ]);
    expect(faults('{digest: [crc, {get_attr: [r, output]}]}')).toEqual([
      expect.stringMatching(/^FUNCTION_INVALID digest\.0: digest algorithm must be one of/),
    ]);
  });

  it('gives "" for a get_param path that leads nowhere, as Heat (GetParam.result)', () => {
    const template = compileOk(
      hot(`
        parameters:
          config: {type: json, default: {servers: [{name: a}]}}
        outputs:
          o: {value: {get_param: [config, servers, 3, name]}}
      `),
    );
    expect(template.outputs.o?.value).toBe('');
  });

  it('reports each fault once, where it is, even when calls are nested', () => {
    expect(faults('{list_join: [",", [{str_split: [",", 5]}, {digest: [md5, x]}]]}')).toEqual([
      'FUNCTION_INVALID list_join.1.0.str_split.1: str_split string must be a string, not number',
    ]);
  });
});
