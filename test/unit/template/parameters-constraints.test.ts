import { describe, expect, it } from 'vitest';
import { compileOk, compileProblems, compileWarnings, hot, withCode } from './helpers.ts';

/** A template declaring parameter `p` with the given type, constraints (YAML flow list) and default. */
const constrained = (type: string, constraints: string, defaultValue?: string): string =>
  hot(`
    parameters:
      p:
        type: ${type}
        constraints: ${constraints}
        ${defaultValue === undefined ? '' : `default: ${defaultValue}`}
  `);

const invalidValueMessage = (source: string, value: unknown): string => {
  const problems = compileProblems(source, { p: value });
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({ code: 'PARAMETER_INVALID', path: 'parameters.p', line: 3, column: 3 });
  return problems[0]?.message ?? '';
};

describe('parameter constraints', () => {
  it('allowed_values for strings and numbers', () => {
    const strings = constrained('string', '[{allowed_values: [small, large]}]');
    expect(compileOk(strings, { p: 'small' }).parameterValues.p).toBe('small');
    expect(invalidValueMessage(strings, 'huge')).toMatch(
      /fails constraint allowed_values: "huge" not in allowed values/,
    );

    const numbers = constrained('number', '[{allowed_values: [1, "2"]}]');
    expect(compileOk(numbers, { p: '2' }).parameterValues.p).toBe(2);
    expect(invalidValueMessage(numbers, 3)).toMatch(/allowed_values/);
  });

  it('allowed_values for lists checks every item', () => {
    const source = constrained('comma_delimited_list', '[{allowed_values: [a, b]}]');
    expect(compileOk(source, { p: 'a,b,a' }).parameterValues.p).toEqual(['a', 'b', 'a']);
    expect(invalidValueMessage(source, 'a,c')).toMatch(/"c" not in allowed values/);
  });

  it('range, inclusive, with one or both bounds', () => {
    const source = constrained('number', '[{range: {min: 1, max: 10}}]');
    expect(compileOk(source, { p: 1 }).parameterValues.p).toBe(1);
    expect(compileOk(source, { p: '10' }).parameterValues.p).toBe(10);
    expect(invalidValueMessage(source, 11)).toMatch(/fails constraint range: 11 is not in range 1\.\.10/);
    expect(invalidValueMessage(constrained('number', '[{range: {min: 5}}]'), 4)).toMatch(/range/);
  });

  it('length for strings (in characters), lists and json', () => {
    const text = constrained('string', '[{length: {min: 2, max: 3}}]');
    expect(compileOk(text, { p: 'héé' }).parameterValues.p).toBe('héé');
    expect(invalidValueMessage(text, 'abcd')).toMatch(/fails constraint length: length 4/);
    expect(invalidValueMessage(constrained('comma_delimited_list', '[{length: {max: 1}}]'), 'a,b')).toMatch(
      /length 2/,
    );
    expect(invalidValueMessage(constrained('json', '[{length: {min: 1}}]'), {})).toMatch(/length 0/);
  });

  it('allowed_pattern must match the whole value', () => {
    const source = constrained('string', '[{allowed_pattern: "[a-z]+"}]');
    expect(compileOk(source, { p: 'abc' }).parameterValues.p).toBe('abc');
    expect(invalidValueMessage(source, 'abc1')).toMatch(
      /fails constraint allowed_pattern: "abc1" does not match/,
    );
    expect(invalidValueMessage(source, '1abc')).toMatch(/allowed_pattern/);
  });

  it('allowed_pattern accepts Python named groups', () => {
    const source = constrained('string', '[{allowed_pattern: "(?P<word>[a-z]+)-\\\\d"}]');
    expect(compileOk(source, { p: 'abc-1' }).parameterValues.p).toBe('abc-1');
  });

  it('modulo, with Python semantics for negative numbers', () => {
    const odd = constrained('number', '[{modulo: {step: 2, offset: 1}}]');
    expect(compileOk(odd, { p: 7 }).parameterValues.p).toBe(7);
    expect(compileOk(odd, { p: -3 }).parameterValues.p).toBe(-3);
    expect(invalidValueMessage(odd, 4)).toMatch(/fails constraint modulo: 4 is not 1 modulo 2/);
  });

  it('uses the constraint description as the message', () => {
    const source = constrained(
      'string',
      '[{length: {min: 6}, description: User names have at least 6 characters}]',
    );
    expect(invalidValueMessage(source, 'bob')).toBe(
      'value of parameter "p": fails constraint length: User names have at least 6 characters',
    );
  });

  it('reports every violated constraint', () => {
    const source = constrained('string', '[{length: {max: 2}}, {allowed_pattern: "[0-9]*"}]');
    expect(invalidValueMessage(source, 'abc')).toMatch(/length.*; fails constraint allowed_pattern/);
  });

  it('checks defaults against the constraints', () => {
    const problems = compileProblems(constrained('number', '[{range: {max: 5}}]', '6'));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'PARAMETER_INVALID',
        path: 'parameters.p.default',
        line: 6,
        column: 14,
      }),
    ]);
  });

  it('a given valid value does not excuse an invalid default', () => {
    const problems = compileProblems(constrained('number', '[{range: {max: 5}}]', '6'), { p: 1 });
    expect(problems.map((problem) => problem.path)).toEqual(['parameters.p.default']);
  });
});

describe('constraint declarations', () => {
  it('reports malformed constraints at their location', () => {
    const problems = compileProblems(
      hot(`
        parameters:
          p:
            type: number
            default: 1
            constraints:
              - range: {min: 5, max: 1}
              - range: {minimum: 1}
              - range: {}
              - modulo: {step: 0, offset: 0}
              - modulo: {step: 2}
              - allowed_values: 3
              - {range: {min: 1}, length: {min: 1}}
              - just text
          q:
            type: string
            default: x
            constraints:
              - allowed_pattern: "("
              - length: {min: -1}
          r:
            type: string
            default: x
            constraints: {length: {min: 1}}
      `),
    );
    expect(problems.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'INVALID_SECTION parameters.p.constraints.0.range',
      'INVALID_SECTION parameters.p.constraints.1.range',
      'INVALID_SECTION parameters.p.constraints.2.range',
      'INVALID_SECTION parameters.p.constraints.3.modulo',
      'INVALID_SECTION parameters.p.constraints.4.modulo',
      'INVALID_SECTION parameters.p.constraints.5.allowed_values',
      'INVALID_SECTION parameters.p.constraints.6',
      'INVALID_SECTION parameters.p.constraints.7',
      'INVALID_SECTION parameters.q.constraints.0.allowed_pattern',
      'INVALID_SECTION parameters.q.constraints.1.length',
      'INVALID_SECTION parameters.r.constraints',
    ]);
    expect(problems[0]).toMatchObject({ line: 7, column: 16 });
  });

  it('reports constraints that do not apply to the type', () => {
    const problems = compileProblems(constrained('string', '[{range: {min: 1}}]', 'x'));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'INVALID_SECTION', path: 'parameters.p.constraints.0.range', line: 5 }),
    ]);
    expect(problems[0]?.message).toBe('the range constraint does not apply to string parameters');
  });

  // Heat looks names up in the `heat.constraints` registry; those that need a cloud cannot be
  // checked here: accepted with a warning naming the constraint, refused when strict.
  it('accepts custom constraints only a cloud can check, with a warning naming them', () => {
    const source = constrained('string', '[{custom_constraint: nova.flavor}]', 'x');
    expect(compileWarnings(source)).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_CUSTOM_CONSTRAINT',
        path: 'parameters.p.constraints.0.custom_constraint',
        message: expect.stringContaining('"nova.flavor"'),
      }),
    ]);
    expect(compileProblems(source, {}, { strictCustomConstraints: true })).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_CUSTOM_CONSTRAINT',
        path: 'parameters.p.constraints.0.custom_constraint',
      }),
    ]);
  });

  // heat/tests/constraints/test_common_constraints.py: the values each built-in accepts and refuses.
  it.each([
    [
      'ip_addr',
      ['1.1.1.1', '255.255.255.255', '::1', '2002::1'],
      ['1.1', '1.1.1.256', '2002::2001::1', '1.a.1.1'],
    ],
    [
      'mac_addr',
      ['01:23:45:67:89:ab', '01-23-45-67-89-ab', '0123.4567.89ab'],
      ['8.8.8.8', '0a-1b-3c-4d-5e-xx'],
    ],
    [
      'net_cidr',
      ['10.0.0.0/24', '6000::/64'],
      ['::/129', '300.0.0.0/24', '10.0.0.0/33', '10.0/24', 'Invalid cidr'],
    ],
    [
      'iso_8601',
      ['2050-01-01', '2050-01-01T23:59:59', '2050-01-01T23:59:59+01:00'],
      ['2050/01/01', 'tomorrow'],
    ],
    ['timezone', ['Europe/Paris', 'UTC'], ['Mars/Olympus']],
    ['cron_expression', ['0 23 * * *', '*/5 1-3 * jan mon'], ['60', '* * *', '0 23 * * * * *']],
    ['dns_name', ['openstack.org.', 'my-host.example'], ['-bad.org', 'a..b', 'host.123']],
    ['dns_domain', ['openstack.org.'], ['openstack.org']],
    ['rel_dns_name', ['openstack.org'], ['openstack.org.']],
  ])('custom constraint %s checks values as Heat does', (name, good, bad) => {
    for (const value of good)
      compileOk(constrained('string', `[{custom_constraint: ${name}}]`, JSON.stringify(value)));
    for (const value of bad)
      expect(
        compileProblems(constrained('string', `[{custom_constraint: ${name}}]`, JSON.stringify(value)))[0],
        `${name} ${value}`,
      ).toMatchObject({
        code: 'PARAMETER_INVALID',
        message: expect.stringContaining(`custom constraint ${name}`),
      });
  });

  it('checks every item of a list against a custom constraint', () => {
    compileOk(constrained('comma_delimited_list', '[{custom_constraint: ip_addr}]', '"10.0.0.1,10.0.0.2"'));
    expect(
      compileProblems(
        constrained('comma_delimited_list', '[{custom_constraint: ip_addr}]', '"10.0.0.1,x"'),
      )[0],
    ).toMatchObject({ code: 'PARAMETER_INVALID' });
  });

  it('keeps parsed constraints in the definition', () => {
    const template = compileOk(
      constrained(
        'number',
        '[{range: {min: 1, max: 3}, description: small}, {modulo: {step: 2, offset: 1}}]',
      ),
      { p: 3 },
    );
    expect(template.parameters.p?.constraints).toEqual([
      { kind: 'range', min: 1, max: 3, description: 'small' },
      { kind: 'modulo', step: 2, offset: 1 },
    ]);
  });
});

describe('parameter declarations', () => {
  it('reports declarations without a valid type, or with unknown keys', () => {
    const problems = compileProblems(
      hot(`
        parameters:
          a: {default: 1}
          b: {type: integer}
          c: {type: string, default: x, secret: true, hidden: sometimes, label: [x]}
          d: text
      `),
    );
    expect(problems.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'INVALID_SECTION parameters.a',
      'INVALID_SECTION parameters.b.type',
      'INVALID_SECTION parameters.c.secret',
      'INVALID_SECTION parameters.c.hidden',
      'INVALID_SECTION parameters.c.label',
      'INVALID_SECTION parameters.d',
    ]);
  });

  it('a faulty declaration is not also reported as missing when used', () => {
    const problems = compileProblems(
      hot(`
        parameters:
          a: {type: wrong}
        outputs:
          o: {value: {get_param: a}}
      `),
    );
    expect(problems.map((problem) => problem.code)).toEqual(['INVALID_SECTION']);
  });

  it('checks parameter_groups loosely', () => {
    const problems = compileProblems(
      hot(`
        parameter_groups:
          - label: Sizes
            parameters: [a, b]
          - label: [not text]
            parameters: [a, ghost]
            extra: 1
          - just text
        parameters:
          a: {type: string, default: x}
          b: {type: string, default: y}
      `),
    );
    expect(withCode(problems, 'INVALID_SECTION').map((problem) => problem.path)).toEqual([
      'parameter_groups.1.label',
      'parameter_groups.1.parameters.0',
      'parameter_groups.1.parameters.1',
      'parameter_groups.2',
    ]);
  });
});
