import { describe, expect, it } from 'vitest';
import { coerceParameterValue } from '../../../src/template/index.ts';
import { compileOk, compileProblems, hot, withCode } from './helpers.ts';

const withParameter = (declaration: string): string =>
  hot(`
    parameters:
      p: ${declaration}
    outputs:
      o: {value: {get_param: p}}
  `);

describe('parameter values', () => {
  it('uses the given value, else the default', () => {
    expect(compileOk(withParameter('{type: string, default: d}'), { p: 'given' }).parameterValues).toEqual({
      p: 'given',
    });
    const template = compileOk(withParameter('{type: string, default: d}'));
    expect(template.parameterValues).toEqual({ p: 'd' });
    expect(template.outputs.o?.value).toBe('d');
  });

  it('treats a null or undefined value as not given', () => {
    expect(compileOk(withParameter('{type: number, default: 2}'), { p: null }).parameterValues.p).toBe(2);
    expect(compileOk(withParameter('{type: number, default: 2}'), { p: undefined }).parameterValues.p).toBe(
      2,
    );
  });

  it('reports a parameter with neither value nor default at its declaration', () => {
    const problems = compileProblems(withParameter('{type: string}'));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'PARAMETER_REQUIRED', path: 'parameters.p', line: 3, column: 3 }),
    ]);
  });

  it('reports values for parameters the template does not declare', () => {
    const problems = compileProblems(withParameter('{type: string, default: x}'), { q: 1, r: 2 });
    expect(withCode(problems, 'UNKNOWN_PARAMETER').map((problem) => problem.path)).toEqual([
      'parameters.q',
      'parameters.r',
    ]);
    // No such declaration exists: the closest location is the parameters section.
    expect(problems[0]).toMatchObject({ line: 2, column: 1 });
  });

  it('reports a value of the wrong type, naming the parameter', () => {
    const problems = compileProblems(withParameter('{type: number}'), { p: 'many' });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'PARAMETER_INVALID', path: 'parameters.p', line: 3, column: 3 }),
    ]);
    expect(problems[0]?.message).toMatch(/"p".*expected a number, got "many"/);
  });

  it('reports a default of the wrong type at the default', () => {
    const problems = compileProblems(withParameter('{type: boolean, default: maybe}'));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'PARAMETER_INVALID',
        path: 'parameters.p.default',
        line: 3,
        column: 31,
      }),
    ]);
  });

  it('accepts the pseudo-parameters when given, and leaves them for run time otherwise', () => {
    const source = hot(`
      resources:
        a:
          type: OS::Heat::TestResource
          properties:
            value: {get_param: OS::stack_name}
    `);
    expect(compileOk(source, { 'OS::stack_name': 'prod' }).resources[0]?.properties).toEqual({
      value: 'prod',
    });
    expect(compileOk(source).resources[0]?.properties).toEqual({ value: { get_param: 'OS::stack_name' } });
  });

  it('lists hidden parameters and keeps declaration details', () => {
    const template = compileOk(
      hot(`
        parameters:
          password:
            type: string
            hidden: true
            label: Password
            description: The admin password
            default: secret
          size:
            type: number
            immutable: yes
            tags: [sizing]
            default: 1
      `),
    );
    expect(template.hiddenParameters).toEqual(['password']);
    expect(template.parameters.password).toEqual({
      name: 'password',
      type: 'string',
      label: 'Password',
      description: 'The admin password',
      default: 'secret',
      hidden: true,
      immutable: false,
      constraints: [],
    });
    expect(template.parameters.size).toMatchObject({ immutable: true, tags: ['sizing'], default: 1 });
  });
});

describe('coercion of parameter values, as Heat does', () => {
  it.each([
    ['string', 'text', 'text'],
    ['string', 42, '42'],
    ['string', true, 'true'],
    ['number', 42, 42],
    ['number', '42', 42],
    ['number', ' -1.5e2 ', -150],
    ['number', '.5', 0.5],
    ['boolean', true, true],
    ['boolean', 'yes', true],
    ['boolean', 'On', true],
    ['boolean', '1', true],
    ['boolean', 't', true],
    ['boolean', 'no', false],
    ['boolean', 'OFF', false],
    ['boolean', '0', false],
    ['boolean', 0, false],
    ['comma_delimited_list', 'a, b ,c', ['a', ' b ', 'c']],
    ['comma_delimited_list', '', []],
    ['comma_delimited_list', 'single', ['single']],
    ['comma_delimited_list', ['a', 1, true], ['a', '1', 'True']],
    ['json', { a: [1] }, { a: [1] }],
    ['json', [1, 2], [1, 2]],
    ['json', '{"a": 1}', { a: 1 }],
    ['json', '[1]', [1]],
  ] as const)('reads %s from %j', (type, given, expected) => {
    expect(coerceParameterValue(type, given)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['string', { a: 1 }],
    ['string', [1]],
    ['number', 'ten'],
    ['number', '1,5'],
    ['number', ''],
    ['number', true],
    ['boolean', 'maybe'],
    ['boolean', 2],
    ['comma_delimited_list', { a: 1 }],
    ['comma_delimited_list', [['nested']]],
    ['json', 'not json'],
    ['json', '"a string"'],
    ['json', 3],
  ] as const)('rejects %s from %j', (type, given) => {
    expect(coerceParameterValue(type, given).ok).toBe(false);
  });

  it('substitutes typed values into the template', () => {
    const template = compileOk(
      hot(`
        parameters:
          n: {type: number}
          flag: {type: boolean}
          names: {type: comma_delimited_list}
          config: {type: json}
        resources:
          a:
            type: OS::Heat::None
            properties:
              n: {get_param: n}
              flag: {get_param: flag}
              second: {get_param: [names, 1]}
              nested: {get_param: [config, servers, 0, name]}
      `),
      { n: '3', flag: 'yes', names: 'x,y', config: '{"servers": [{"name": "s1"}]}' },
    );
    expect(template.resources[0]?.properties).toEqual({ n: 3, flag: true, second: 'y', nested: 's1' });
  });
});
