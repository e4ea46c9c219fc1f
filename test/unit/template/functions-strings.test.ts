import { describe, expect, it } from 'vitest';
import { outputProblems, outputValue } from './helpers.ts';

describe('list_join', () => {
  it('joins a list with a delimiter', () => {
    expect(outputValue("{list_join: [', ', [a, b, c]]}")).toBe('a, b, c');
    expect(outputValue("{list_join: ['', []]}")).toBe('');
  });

  it('joins several lists (2015-10-15+)', () => {
    expect(outputValue('{list_join: [",", [a], [b, c], []]}')).toBe('a,b,c');
  });

  it('writes null as nothing, and maps and lists as Python JSON with sorted keys (JoinMultiple.ensure_string)', () => {
    expect(outputValue('{list_join: ["|", [x, null, {b: 1, a: [x]}, [1, "y"]]]}')).toBe(
      'x||{"a": ["x"], "b": 1}|[1, "y"]',
    );
  });

  it('evaluates nested functions first', () => {
    expect(
      outputValue('{list_join: ["-", {get_param: names}]}', {
        parameters: 'parameters:\n  names: {type: comma_delimited_list, default: "x,y"}',
      }),
    ).toBe('x-y');
  });
});

describe('str_replace', () => {
  it('replaces every occurrence of each placeholder', () => {
    expect(
      outputValue(
        '{str_replace: {template: "http://$host:$port/$host", params: {$host: example.com, $port: 80}}}',
      ),
    ).toBe('http://example.com:80/example.com');
  });

  it('replaces longer placeholders first', () => {
    expect(outputValue('{str_replace: {template: "var1 var10", params: {var1: a, var10: b}}}')).toBe('a b');
  });

  it('never replaces inside replaced text', () => {
    expect(outputValue('{str_replace: {template: "X Y", params: {X: Y, Y: Z}}}')).toBe('Y Z');
  });

  it('writes values that are not strings as text or JSON', () => {
    expect(
      outputValue('{str_replace: {template: "n=N m=M e=E", params: {N: 5, M: {k: [1]}, E: null}}}'),
    ).toBe('n=5 m={"k": [1]} e=');
  });

  it('rejects map values before 2015-10-15', () => {
    const problems = outputProblems('{str_replace: {template: "M", params: {M: {k: 1}}}}', '2015-04-30');
    expect(problems).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.str_replace.params.M' }),
    ]);
  });

  it('str_replace_strict requires every placeholder to occur', () => {
    expect(outputValue('{str_replace_strict: {template: "a-B", params: {B: b}}}')).toBe('a-b');
    expect(outputProblems('{str_replace_strict: {template: "a", params: {B: b}}}')).toEqual([
      expect.objectContaining({
        code: 'FUNCTION_INVALID',
        path: 'outputs.o.value.str_replace_strict.params.B',
        message: 'str_replace_strict: placeholder "B" does not occur in the template',
      }),
    ]);
  });

  it('str_replace_vstrict also rejects empty values', () => {
    expect(outputValue('{str_replace_vstrict: {template: "a-B", params: {B: b}}}')).toBe('a-b');
    expect(outputProblems('{str_replace_vstrict: {template: "a-B", params: {B: ""}}}')).toEqual([
      expect.objectContaining({
        code: 'FUNCTION_INVALID',
        path: 'outputs.o.value.str_replace_vstrict.params.B',
      }),
    ]);
  });
});

describe('str_split', () => {
  it('splits a string into a list', () => {
    expect(outputValue('{str_split: [",", "a,b,,c"]}')).toEqual(['a', 'b', '', 'c']);
  });

  it('returns the piece at an index, given as a number or text', () => {
    expect(outputValue('{str_split: [",", "a,b,c", 1]}')).toBe('b');
    expect(outputValue('{str_split: [",", "a,b,c", "2"]}')).toBe('c');
  });

  it('reports an index out of range at the index', () => {
    expect(outputProblems('{str_split: [",", "a,b", 2]}')).toEqual([
      expect.objectContaining({
        code: 'FUNCTION_INVALID',
        path: 'outputs.o.value.str_split.2',
        line: 7,
        column: 37,
      }),
    ]);
  });
});

describe('digest', () => {
  it.each([
    ['md5', '900150983cd24fb0d6963f7d28e17f72'],
    ['sha1', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha256', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('computes %s as hexadecimal', (algorithm, hash) => {
    expect(outputValue(`{digest: [${algorithm}, abc]}`)).toBe(hash);
  });

  it('hashes the UTF-8 bytes', () => {
    expect(outputValue('{digest: [sha512, "é"]}')).toHaveLength(128);
  });

  it('reports unknown algorithms', () => {
    expect(outputProblems('{digest: [sha3, abc]}')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.digest.0' }),
    ]);
  });
});
