/**
 * Conditions as Heat reads them. Each test names the Heat test (heat/tests/test_template.py,
 * TestTemplateConditionParser, or heat/tests/test_hot.py, HOTemplateTest) whose behaviour it
 * reproduces; the templates are our own.
 */
import { describe, expect, it } from 'vitest';
import { compileOk, compileProblems, hot } from './helpers.ts';

const names = (template: { resources: { name: string }[] }) =>
  template.resources.map((resource) => resource.name).sort();
const codesAt = (problems: { code: string; path: string }[]) =>
  problems.map(({ code, path }) => `${code} ${path}`);

const ENVIRONMENTS = `
  parameters:
    env_type: {type: string, default: test}
  conditions:
    prod_env: {equals: [{get_param: env_type}, prod]}
    test_env: {not: prod_env}
    prod_or_test_env: {or: [prod_env, test_env]}
    prod_and_test_env: {and: [prod_env, test_env]}
  resources:
    prod: {type: OS::Heat::None, condition: prod_env}
    test: {type: OS::Heat::None, condition: test_env}
    either: {type: OS::Heat::None, condition: prod_or_test_env}
    both: {type: OS::Heat::None, condition: prod_and_test_env}
    always: {type: OS::Heat::None}
`;

describe('the conditions section', () => {
  it('conditions refer to other conditions by name (test_condition_reference_condition)', () => {
    expect(names(compileOk(hot(ENVIRONMENTS)))).toEqual(['always', 'either', 'test']);
  });

  it('the same template gives another graph with other parameters', () => {
    expect(names(compileOk(hot(ENVIRONMENTS), { env_type: 'prod' }))).toEqual(['always', 'either', 'prod']);
  });

  it('a parameter from an environment decides too', () => {
    const template = compileOk(
      hot(ENVIRONMENTS),
      {},
      { environment: 'parameter_defaults: {env_type: prod}' },
    );
    expect(names(template)).toContain('prod');
  });

  it('a circular definition is refused (test_conditions_circular_ref)', () => {
    const problems = compileProblems(
      hot(`
        conditions:
          first_cond: {not: second_cond}
          second_cond: {not: third_cond}
          third_cond: {not: first_cond}
        resources: {}
      `),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'INVALID_CONDITION',
      message: expect.stringContaining('circular'),
    });
  });

  it('a definition that does not give a boolean is refused (test_condition_resolved_not_boolean)', () => {
    const problems = compileProblems(
      hot(`
        parameters:
          env_type: {type: string, default: test}
        conditions:
          prod_env: {get_param: env_type}
          named: prod_env
        resources: {}
      `),
    );
    expect(codesAt(problems)).toEqual([
      'INVALID_CONDITION conditions.prod_env',
      'INVALID_CONDITION conditions.named',
    ]);
  });

  it('a boolean parameter is a condition', () => {
    const source = hot(`
      parameters:
        enabled: {type: boolean, default: false}
      conditions:
        wanted: {get_param: enabled}
      resources:
        r: {type: OS::Heat::None, condition: wanted}
    `);
    expect(names(compileOk(source))).toEqual([]);
    expect(names(compileOk(source, { enabled: 'yes' }))).toEqual(['r']);
  });

  it('resource functions are invalid in conditions (test_conditions_with_non_supported_functions)', () => {
    const problems = compileProblems(
      hot(`
        parameters:
          env_type: {type: string, default: test}
        conditions:
          a: {equals: [{get_param: env_type}, {get_attr: [r, att]}]}
          b: {get_resource: r}
          c: {equals: [{list_join: ['', [x]]}, x]}
        resources:
          r: {type: OS::Heat::None}
      `),
    );
    expect(codesAt(problems)).toEqual([
      'INVALID_CONDITION conditions.a.equals.1.get_attr',
      'INVALID_CONDITION conditions.b.get_resource',
      'INVALID_CONDITION conditions.c.equals.0.list_join',
    ]);
  });

  it('equals compares as Python does (Equals.result: true == 1)', () => {
    const source = hot(`
      conditions:
        same: {equals: [{a: [1, true]}, {a: [1.0, 1]}]}
      resources:
        r: {type: OS::Heat::None, condition: same}
    `);
    expect(names(compileOk(source))).toEqual(['r']);
  });

  it('argument shapes are checked (Equals, ConditionBoolean._check_args, Not)', () => {
    const problems = compileProblems(
      hot(`
        conditions:
          e: {equals: [1]}
          a: {and: [true]}
          o: {or: true}
          n: {not: null}
        resources: {}
      `),
    );
    expect(codesAt(problems)).toEqual([
      'INVALID_CONDITION conditions.e.equals',
      'INVALID_CONDITION conditions.a.and',
      'INVALID_CONDITION conditions.o.or',
      'INVALID_CONDITION conditions.n.not',
    ]);
  });

  it('contains is a condition function from 2017-09-01 (HOTemplate20170901.condition_functions)', () => {
    const body = `
      parameters:
        zones: {type: comma_delimited_list, default: 'a,b'}
      conditions:
        has_b: {contains: [b, {get_param: zones}]}
      resources:
        r: {type: OS::Heat::None, condition: has_b}
    `;
    expect(names(compileOk(hot(body, '2017-09-01')))).toEqual(['r']);
    expect(codesAt(compileProblems(hot(body, '2017-02-24')))).toEqual([
      'INVALID_CONDITION conditions.has_b.contains',
    ]);
  });

  it('needs 2016-10-14: before, the section and the condition key are unknown (HOTemplate20161014.SECTIONS)', () => {
    const problems = compileProblems(
      hot(
        `
        conditions: {c: true}
        resources:
          r: {type: OS::Heat::None, condition: c}
        outputs:
          o: {value: 1, condition: c}
      `,
        '2016-04-08',
      ),
    );
    expect(codesAt(problems)).toEqual([
      'UNKNOWN_SECTION conditions',
      'INVALID_RESOURCE resources.r.condition',
      'INVALID_SECTION outputs.o.condition',
    ]);
  });

  it('yaql in a condition (allowed by Heat from 2017-09-01) is reported as not supported', () => {
    const problems = compileProblems(hot('conditions:\n  c: {yaql: {expression: "true"}}\nresources: {}\n'));
    expect(codesAt(problems)).toEqual(['UNSUPPORTED conditions.c.yaql']);
  });

  it('a newton template (release name) has conditions', () => {
    expect(
      names(
        compileOk(
          hot('conditions: {c: false}\nresources:\n  r: {type: OS::Heat::None, condition: c}\n', 'newton'),
        ),
      ),
    ).toEqual([]);
  });
});

describe('condition: on resources and outputs', () => {
  it('a condition naming no condition is refused at the key (test_get_res_condition_invalid)', () => {
    const problems = compileProblems(hot('resources:\n  r: {type: OS::Heat::None, condition: invalid_cd}\n'));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'INVALID_CONDITION',
        path: 'resources.r.condition',
        message: expect.stringContaining('"invalid_cd"'),
      }),
    ]);
  });

  it('a boolean or an inline function is a condition (test_res_condition_using_boolean)', () => {
    const template = compileOk(
      hot(`
        parameters:
          n: {type: number, default: 2}
        resources:
          yes_r: {type: OS::Heat::None, condition: true}
          no_r: {type: OS::Heat::None, condition: false}
          fn_r: {type: OS::Heat::None, condition: {equals: [{get_param: n}, 2]}}
      `),
    );
    expect(names(template)).toEqual(['fn_r', 'yes_r']);
  });

  it('a false output is listed with a null value, not evaluated (test_parse_output_condition_boolean/_function)', () => {
    const template = compileOk(
      hot(`
        conditions:
          prod_env: false
        resources:
          r: {type: OS::Heat::Value, condition: prod_env, properties: {value: 1}}
        outputs:
          shown: {value: show me, condition: {not: prod_env}}
          hidden: {value: {get_attr: [r, value]}, condition: prod_env, description: d}
      `),
    );
    expect(template.outputs).toEqual({
      shown: { value: 'show me' },
      hidden: { value: null, description: 'd' },
    });
  });

  it('an output condition naming no condition is refused (test_parse_output_condition_invalid)', () => {
    const problems = compileProblems(hot('outputs:\n  foo: {value: x, condition: 222}\n'));
    expect(codesAt(problems)).toEqual(['INVALID_CONDITION outputs.foo.condition']);
  });

  it('depends_on a resource that is not created is dropped (test_depends_condition)', () => {
    const template = compileOk(
      hot(`
        resources:
          one: {type: OS::Heat::None}
          two: {type: OS::Heat::None, condition: false}
          three: {type: OS::Heat::None, depends_on: two}
      `),
    );
    expect(names(template)).toEqual(['one', 'three']);
    expect(template.resources.find((r) => r.name === 'three')?.requires).toEqual([]);
  });

  it('a reference to a resource that is not created is refused (GetResource._resource: InvalidTemplateReference)', () => {
    const problems = compileProblems(
      hot(`
        resources:
          db: {type: OS::Heat::Value, condition: false, properties: {value: 1}}
          app: {type: OS::Heat::Value, properties: {value: {get_attr: [db, value]}}}
        outputs:
          o: {value: {get_resource: db}}
      `),
    );
    expect(codesAt(problems)).toEqual([
      'DISABLED_RESOURCE resources.app.properties.value.get_attr.0',
      'DISABLED_RESOURCE outputs.o.value.get_resource',
    ]);
  });

  it('references guarded by the same condition are accepted: disabled resources and untaken if branches are not read', () => {
    const source = hot(`
      parameters:
        with_db: {type: boolean, default: false}
      conditions:
        db: {get_param: with_db}
      resources:
        db: {type: OS::Heat::Value, condition: db, properties: {value: 1}}
        db_user: {type: OS::Heat::Value, condition: db, properties: {value: {get_attr: [db, value]}}}
        app:
          type: OS::Heat::Value
          properties:
            value: {if: [db, {get_attr: [db, value]}, none]}
      outputs:
        db: {value: {get_resource: db}, condition: db}
    `);
    const without = compileOk(source);
    expect(names(without)).toEqual(['app']);
    expect(without.resources[0]?.properties).toEqual({ value: 'none' });
    const withDb = compileOk(source, { with_db: true });
    expect(names(withDb)).toEqual(['app', 'db', 'db_user']);
    expect(withDb.resources.find((r) => r.name === 'app')?.requires).toEqual(['db']);
  });

  it('a resource that is not created is not checked against its type (Heat validates only created resources)', () => {
    const template = compileOk(hot('resources:\n  r: {type: Vendor::Not::Installed, condition: false}\n'));
    expect(names(template)).toEqual([]);
  });
});

describe('if', () => {
  const ifValue = (expression: string, version = '2021-04-16', conditions = 'create_prod: true') =>
    compileOk(hot(`conditions: {${conditions}}\noutputs:\n  o: {value: ${expression}}\n`, version)).outputs.o
      ?.value;

  it('picks a branch by condition name (test_if)', () => {
    expect(ifValue('{if: [create_prod, value_if_true, value_if_false]}')).toBe('value_if_true');
    expect(ifValue('{if: [create_prod, a, b]}', '2016-10-14', 'create_prod: false')).toBe('b');
  });

  it('takes a boolean or a condition function (test_if_using_boolean_condition, test_if_using_condition_function)', () => {
    expect(ifValue('{if: [true, a, b]}')).toBe('a');
    expect(ifValue('{if: [false, a, b]}')).toBe('b');
    expect(ifValue('{if: [{not: create_prod}, a, b]}', '2016-10-14')).toBe('b');
  });

  it('may give null (test_if_null_return)', () => {
    expect(ifValue('{if: [true, null, b]}')).toBeNull();
  });

  it('needs three arguments before 2021-04-16 (test_if_invalid_args)', () => {
    for (const args of ['[create_prod, one]', '[create_prod, a, b, c]']) {
      const problems = compileProblems(
        hot(`conditions: {create_prod: true}\noutputs:\n  o: {value: {if: ${args}}}\n`, '2018-08-31'),
      );
      expect(problems).toEqual([
        expect.objectContaining({
          code: 'FUNCTION_INVALID',
          message: expect.stringContaining('[condition_name, value_if_true, value_if_false]'),
        }),
      ]);
    }
    expect(codesAt(compileProblems(hot('outputs:\n  o: {value: {if: [true]}}\n')))).toEqual([
      'FUNCTION_INVALID outputs.o.value.if',
    ]);
  });

  it('from 2021-04-16 without a false branch, leaves the enclosing item out (test_if_nullable, test_if_referenced_by_resource_empty)', () => {
    expect(
      ifValue(
        `
        single: {if: [false, value_if_true]}
        nested_true: {if: [true, {if: [false, foo]}, bar]}
        nested_false: {if: [false, baz, {if: [false, quux]}]}
        control: {if: [false, true, null]}
        list: [a, {if: [false, b]}, c]
      `
          .replace(/\n\s+/g, ' ')
          .replace(/^ /, '{')
          .replace(/ $/, '}')
          .replace(/} /g, '}, '),
      ),
    ).toEqual({ control: null, list: ['a', 'c'] });
    const template = compileOk(
      hot('resources:\n  r: {type: OS::Heat::None, properties: {Foo: {if: [false, prod]}, Bar: 1}}\n'),
    );
    expect(template.resources[0]?.properties).toEqual({ Bar: 1 });
  });

  it('a condition name that does not exist is refused (test_if_condition_name_non_existing)', () => {
    const problems = compileProblems(hot('outputs:\n  o: {value: {if: [cd_not_existing, a, b]}}\n'));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'INVALID_CONDITION',
        path: 'outputs.o.value.if.0',
        message: expect.stringContaining('"cd_not_existing"'),
      }),
    ]);
  });

  it('needs 2016-10-14 (HOTemplate20161014.functions)', () => {
    expect(
      codesAt(compileProblems(hot('outputs:\n  o: {value: {if: [true, a, b]}}\n', '2016-04-08'))),
    ).toEqual(['UNKNOWN_FUNCTION outputs.o.value.if']);
  });

  it('equals, not, and, or outside conditions are refused (stricter than Heat, which reads them as data)', () => {
    expect(codesAt(compileProblems(hot('outputs:\n  o: {value: {equals: [a, a]}}\n')))).toEqual([
      'FUNCTION_INVALID outputs.o.value.equals',
    ]);
  });
});
