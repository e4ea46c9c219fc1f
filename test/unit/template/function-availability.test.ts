import { describe, expect, it } from 'vitest';
import { implementedFunctionNames } from '../../../src/template/index.ts';
import { outputProblems, outputValue } from './helpers.ts';

describe('which functions exist', () => {
  it.each([
    ['repeat', '{repeat: {for_each: {X: [a]}, template: X}}', '2015-04-30'],
    ['digest', '{digest: [md5, a]}', '2015-04-30'],
    ['str_split', '{str_split: [",", "a,b"]}', '2015-10-15'],
    ['map_merge', '{map_merge: [{a: 1}]}', '2016-04-08'],
    ['map_replace', '{map_replace: [{a: 1}, {keys: {a: b}}]}', '2016-10-14'],
    ['filter', '{filter: [[a], [a, b]]}', '2017-02-24'],
    ['str_replace_strict', '{str_replace_strict: {template: a, params: {a: b}}}', '2017-02-24'],
    ['list_concat', '{list_concat: [[a], [b]]}', '2017-09-01'],
    ['list_concat_unique', '{list_concat_unique: [[a], [a]]}', '2017-09-01'],
    ['contains', '{contains: [a, [a]]}', '2017-09-01'],
    ['make_url', '{make_url: {host: h}}', '2017-09-01'],
    ['str_replace_vstrict', '{str_replace_vstrict: {template: a, params: {a: b}}}', '2017-09-01'],
  ])('%s exists from %s', (name, expression, since) => {
    expect(() => outputValue(expression, { version: since })).not.toThrow();
    const previous = {
      '2015-04-30': '2014-10-16',
      '2015-10-15': '2015-04-30',
      '2016-04-08': '2015-10-15',
      '2016-10-14': '2016-04-08',
      '2017-02-24': '2016-10-14',
      '2017-09-01': '2017-02-24',
    }[since] as string;
    expect(outputProblems(expression, previous)).toEqual([
      {
        code: 'UNKNOWN_FUNCTION',
        message: `${name} is not available in heat_template_version ${previous} (it needs ${since} or later)`,
        path: `outputs.o.value.${name}`,
        line: 7,
        column: 13,
      },
    ]);
  });

  it('list_join takes several lists only from 2015-10-15', () => {
    expect(outputProblems('{list_join: [",", [a], [b]]}', '2015-04-30')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.list_join' }),
    ]);
    expect(outputValue('{list_join: [",", [a]]}', { version: '2013-05-23' })).toBe('a');
  });

  it.each(['yaql', 'resource_facade', 'Ref', 'Fn::Join', 'Fn::Select', 'Fn::GetAtt'])(
    '%s is reported as not supported, at the function name',
    (name) => {
      const problems = outputProblems(`{"${name}": [a, b]}`);
      expect(problems).toEqual([
        expect.objectContaining({
          code: 'UNSUPPORTED',
          path: `outputs.o.value.${name}`,
          line: 7,
          column: 13,
        }),
      ]);
    },
  );

  it('an unknown CloudFormation-style function is reported as unknown', () => {
    expect(outputProblems('{"Fn::Frobnicate": [a]}')).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_FUNCTION', path: 'outputs.o.value.Fn::Frobnicate' }),
    ]);
  });

  it('problems inside the arguments of unsupported functions are still reported', () => {
    const problems = outputProblems('{yaql: {expression: x, data: {get_attr: [ghost, a]}}}');
    expect(problems.map((problem) => problem.code)).toEqual(['UNSUPPORTED', 'MISSING_RESOURCE']);
  });

  it('a single-key map whose key is no function name is plain data', () => {
    expect(outputValue('{get_params: x}')).toEqual({ get_params: 'x' });
    expect(outputValue('{get_param: x, other: y}')).toEqual({ get_param: 'x', other: 'y' });
  });

  it('lists the implemented functions', () => {
    expect(implementedFunctionNames().sort()).toEqual([
      'Fn::GetAZs',
      'Fn::Join',
      'Fn::Select',
      'Fn::Split',
      'Ref',
      'contains',
      'digest',
      'filter',
      'get_attr',
      'get_file',
      'get_param',
      'get_resource',
      'if',
      'list_concat',
      'list_concat_unique',
      'list_join',
      'make_url',
      'map_merge',
      'map_replace',
      'repeat',
      'str_replace',
      'str_replace_strict',
      'str_replace_vstrict',
      'str_split',
    ]);
  });
});
