/**
 * Values and rejections as Heat produces them. Each test names the Heat code or test
 * (heat/engine/hot/functions.py, heat/tests/test_hot.py, test_parameters.py) it reproduces.
 */
import { describe, expect, it } from 'vitest';
import { compileOk, compileProblems, compileWarnings, hot } from './helpers.ts';

const value = (expression: string, version = '2021-04-16', parameters = '') =>
  compileOk(hot(`${parameters}outputs:\n  o: {value: ${expression}}\n`, version)).outputs.o?.value;
const codes = (source: string) => compileProblems(source).map((p) => `${p.code} ${p.path}`);

describe('values as Heat computes them', () => {
  const json = 'parameters:\n  j: {type: json, default: {a: [1, 2]}}\n';
  it('get_param with a path that cannot be followed gives "" (GetParam.result catches KeyError/IndexError/TypeError)', () => {
    expect(value('{get_param: [j, a, 5]}', undefined, json)).toBe('');
    expect(value('{get_param: [j, b]}', undefined, json)).toBe('');
    expect(value('{get_param: [j, a, 0, x]}', undefined, json)).toBe('');
    expect(value('{get_param: [j, a, -1]}', undefined, json)).toBe(2);
  });

  it('list_join over null joins nothing (JoinMultiple.result: "if jl")', () => {
    expect(value('{list_join: [",", null, [a]]}')).toBe('a');
  });

  it('str_split: null string gives null, null delimiter splits on whitespace, negative index from the end (StrSplit.result)', () => {
    expect(value('{str_split: [",", null]}')).toBeNull();
    expect(value('{str_split: [null, "a,b"]}')).toEqual(['a,b']);
    expect(value('{str_split: [null, " a  b "]}')).toEqual(['a', 'b']);
    expect(value('{str_split: [",", "a,b,c", -1]}')).toBe('c');
    expect(codes(hot('outputs:\n  o: {value: {str_split: [",", "a", -2]}}\n'))).toEqual([
      'FUNCTION_INVALID outputs.o.value.str_split.2',
    ]);
  });

  it("repeat iterates over a map's keys from 2016-10-14 (RepeatWithMap), not before", () => {
    expect(value('{repeat: {template: "<%k%>", for_each: {"%k%": {a: 1, b: 2}}}}', '2016-10-14')).toEqual([
      '<a>',
      '<b>',
    ]);
    expect(
      codes(
        hot('outputs:\n  o: {value: {repeat: {template: x, for_each: {"%k%": {a: 1}}}}}\n', '2016-04-08'),
      ),
    ).toEqual(['FUNCTION_INVALID outputs.o.value.repeat.for_each.%k%']);
  });

  it('repeat ignores permutations before 2017-09-01 (Repeat does not read it; RepeatWithNestedLoop does)', () => {
    const expression =
      '{repeat: {template: "%a%%b%", for_each: {"%a%": [x, y], "%b%": ["1", "2"]}, permutations: false}}';
    expect(value(expression, '2017-02-24')).toEqual(['x1', 'x2', 'y1', 'y2']);
    expect(value(expression, '2017-09-01')).toEqual(['x1', 'y2']);
  });

  it('maps and lists inside strings are written as Python json.dumps(sort_keys=True) (ReplaceJson, JoinMultiple)', () => {
    expect(value('{list_join: [" ", [{b: [1, 2], a: "é"}]]}')).toBe('{"a": "\\u00e9", "b": [1, 2]}');
    expect(value('{str_replace: {template: "v=$x", params: {$x: [1, {a: null}]}}}')).toBe(
      'v=[1, {"a": null}]',
    );
  });

  it('booleans are substituted as Python writes them (ReplaceJson: str(True))', () => {
    expect(value('{str_replace: {template: "$a/$b", params: {$a: true, $b: false}}}')).toBe('True/False');
  });

  it('digest hashes the latin-1 bytes of the value (Digest.digest: value.encode("latin-1"))', () => {
    // hashlib.sha256('café'.encode('latin-1')).hexdigest()
    expect(value('{digest: [sha256, "café"]}')).toBe(
      'dafd66c0b98965e688be1fc12942c09f0350e6be0685017c3f234e97d0adc92e',
    );
    expect(codes(hot('outputs:\n  o: {value: {digest: [sha256, "€"]}}\n'))).toEqual([
      'FUNCTION_INVALID outputs.o.value.digest.1',
    ]);
  });

  it('comma_delimited_list items are not stripped (param_utils.delim_string_to_list)', () => {
    expect(
      value('{get_param: l}', undefined, 'parameters:\n  l: {type: comma_delimited_list, default: "a, b"}\n'),
    ).toEqual(['a', ' b']);
  });
});

describe('what Heat rejects', () => {
  it('numbers and booleans as list_join or repeat items (JoinMultiple.ensure_string, Repeat str.replace)', () => {
    expect(codes(hot('outputs:\n  o: {value: {list_join: [",", [a, 1]]}}\n'))).toEqual([
      'FUNCTION_INVALID outputs.o.value.list_join.1.1',
    ]);
    expect(
      codes(hot('outputs:\n  o: {value: {repeat: {template: x, for_each: {"%v%": [true]}}}}\n')),
    ).toEqual(['FUNCTION_INVALID outputs.o.value.repeat.for_each.%v%.0']);
  });

  it('str_replace_vstrict with an empty value, list or map (ReplaceJsonVeryStrict)', () => {
    expect(
      codes(
        hot(
          'outputs:\n  o: {value: {str_replace_vstrict: {template: "a$x", params: {$x: []}}}}\n',
          '2017-09-01',
        ),
      ),
    ).toEqual(['FUNCTION_INVALID outputs.o.value.str_replace_vstrict.params.$x']);
  });

  it('lower-case deletion_policy before 2016-10-14 (HOTemplate20161014.deletion_policies adds the aliases)', () => {
    const body = 'resources:\n  r: {type: OS::Heat::None, deletion_policy: retain}\n';
    expect(codes(hot(body, '2016-04-08'))).toEqual(['INVALID_RESOURCE resources.r.deletion_policy']);
    expect(compileOk(hot(body, '2016-10-14')).resources[0]?.deletionPolicy).toBe('Retain');
  });

  it('the modulo constraint before 2017-02-24 and parameter tags before 2018-03-02 (HOTParamSchema20170224, 20180302)', () => {
    expect(
      codes(
        hot(
          'parameters:\n  n: {type: number, constraints: [{modulo: {step: 2, offset: 0}}], default: 2}\n',
          '2016-10-14',
        ),
      ),
    ).toEqual(['INVALID_SECTION parameters.n.constraints.0.modulo']);
    expect(codes(hot('parameters:\n  n: {type: string, default: x, tags: [a]}\n', '2017-09-01'))).toEqual([
      'INVALID_SECTION parameters.n.tags',
    ]);
    compileOk(hot('parameters:\n  n: {type: string, default: x, tags: [a]}\n', '2018-03-02'));
  });

  it('a parameter group without parameters; unknown keys in a group are ignored with a warning (ParameterGroups.validate)', () => {
    expect(codes(hot('parameter_groups: [{label: x}]\n'))).toEqual(['INVALID_SECTION parameter_groups.0']);
    const warnings = compileWarnings(hot('parameter_groups: [{label: x, parameters: [], extra: 1}]\n'));
    expect(warnings.map((w) => `${w.code} ${w.path}`)).toEqual(['IGNORED_KEY parameter_groups.0.extra']);
  });

  it('release names Heat never registered (setup.cfg heat.templates)', () => {
    expect(codes('heat_template_version: stein\n')).toEqual(['UNKNOWN_VERSION heat_template_version']);
    compileOk('heat_template_version: queens\n');
  });

  it('a parameter named like a resource (Stack.validate: "Duplicate names")', () => {
    expect(
      codes(hot('parameters:\n  r: {type: string, default: x}\nresources:\n  r: {type: OS::Heat::None}\n')),
    ).toEqual(['INVALID_SECTION resources.r']);
  });
});

describe('CloudFormation functions in old HOT versions (HOTemplate20130523/20141016/20150430.functions)', () => {
  it('2013-05-23 has Ref, Fn::Join, Fn::Split, Fn::Select and Fn::GetAZs', () => {
    const template = compileOk(
      hot(
        `
        parameters:
          p: {type: string, default: v}
        resources:
          a: {type: OS::Heat::None}
          b:
            type: OS::Heat::None
            properties:
              param: {Ref: p}
              resource: {Ref: a}
              joined: {"Fn::Join": [",", [x, null, y]]}
              split: {"Fn::Split": [",", "x,y"]}
              selected: {"Fn::Select": ["1", [x, y]]}
              missing: {"Fn::Select": [k, {j: 1}]}
              zones: {"Fn::GetAZs": ""}
      `,
        '2013-05-23',
      ),
    );
    const b = template.resources.find((r) => r.name === 'b');
    expect(b?.requires).toEqual(['a']);
    expect(b?.properties).toEqual({
      param: 'v',
      resource: { get_resource: 'a' },
      joined: 'x,,y',
      split: ['x', 'y'],
      selected: 'y',
      missing: '',
      zones: ['nova'],
    });
  });

  it('Fn::Select stays in 2014-10-16 and 2015-04-30; the others are removed from 2014-10-16', () => {
    expect(value('{"Fn::Select": [0, [a]]}', '2015-04-30')).toBe('a');
    expect(codes(hot('outputs:\n  o: {value: {"Fn::Select": [0, [a]]}}\n', '2015-10-15'))).toEqual([
      'UNSUPPORTED outputs.o.value.Fn::Select',
    ]);
    expect(codes(hot('outputs:\n  o: {value: {Ref: x}}\n', '2014-10-16'))).toEqual([
      'UNSUPPORTED outputs.o.value.Ref',
    ]);
  });
});
