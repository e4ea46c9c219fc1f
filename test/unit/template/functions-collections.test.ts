import { describe, expect, it } from 'vitest';
import { outputProblems, outputValue } from './helpers.ts';

describe('map_merge', () => {
  it('merges maps, later ones winning; null counts as empty', () => {
    expect(outputValue('{map_merge: [{a: 1, b: 1}, {b: 2, c: {d: 3}}, null]}')).toEqual({
      a: 1,
      b: 2,
      c: { d: 3 },
    });
  });

  it('reports items that are not maps', () => {
    expect(outputProblems('{map_merge: [{a: 1}, [b]]}')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.map_merge.1' }),
    ]);
  });
});

describe('map_replace', () => {
  it('renames keys and replaces string values', () => {
    expect(
      outputValue('{map_replace: [{k1: v1, k2: v2, k3: 3}, {keys: {k1: K1}, values: {v2: V2}}]}'),
    ).toEqual({
      K1: 'v1',
      k2: 'V2',
      k3: 3,
    });
  });

  it('reports a rename onto an existing key', () => {
    expect(outputProblems('{map_replace: [{a: 1, b: 2}, {keys: {a: b}}]}')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.map_replace.1.keys' }),
    ]);
  });

  it('reports unknown replacement kinds', () => {
    expect(outputProblems('{map_replace: [{a: 1}, {names: {a: b}}]}')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.map_replace.names' }),
    ]);
  });
});

describe('list_concat and list_concat_unique', () => {
  it('concatenates lists; null counts as empty', () => {
    expect(outputValue('{list_concat: [[a], [b, c], null, []]}')).toEqual(['a', 'b', 'c']);
  });

  it('keeps only the first of equal items, comparing maps by value', () => {
    expect(outputValue('{list_concat_unique: [[a, b], [b, {x: 1, y: 2}], [{y: 2, x: 1}, a]]}')).toEqual([
      'a',
      'b',
      { x: 1, y: 2 },
    ]);
  });

  it('reports items that are not lists', () => {
    expect(outputProblems('{list_concat: [[a], b]}')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.list_concat.1' }),
    ]);
  });
});

describe('contains and filter', () => {
  it('contains: membership in a list (by value) or a string', () => {
    expect(outputValue('{contains: [b, [a, b]]}')).toBe(true);
    expect(outputValue('{contains: [{k: 1}, [{k: 1}]]}')).toBe(true);
    expect(outputValue('{contains: [c, [a, b]]}')).toBe(false);
    expect(outputValue('{contains: [ex, text]}')).toBe(true);
  });

  it('filter: removes the given values', () => {
    expect(outputValue('{filter: [[null, ""], [a, null, b, ""]]}')).toEqual(['a', 'b']);
  });
});

describe('repeat', () => {
  it('repeats a string template for each item', () => {
    expect(outputValue('{repeat: {for_each: {"%n%": ["1", "2"]}, template: "host-%n%"}}')).toEqual([
      'host-1',
      'host-2',
    ]);
  });

  it('replaces placeholders in map keys and nested values', () => {
    expect(
      outputValue(
        '{repeat: {for_each: {<%port%>: ["80", "443"]}, template: {port_<%port%>: {range: [<%port%>]}}}}',
      ),
    ).toEqual([{ port_80: { range: ['80'] } }, { port_443: { range: ['443'] } }]);
  });

  it('takes every combination of several loops, the last varying fastest', () => {
    expect(outputValue('{repeat: {for_each: {A: [a, b], N: ["1", "2"]}, template: A-N}}')).toEqual([
      'a-1',
      'a-2',
      'b-1',
      'b-2',
    ]);
  });

  it('walks the lists in step with permutations: false', () => {
    expect(
      outputValue('{repeat: {for_each: {A: [a, b], N: ["1", "2"]}, template: A-N, permutations: false}}'),
    ).toEqual(['a-1', 'b-2']);
    expect(
      outputProblems('{repeat: {for_each: {A: [a, b], N: ["1"]}, template: A-N, permutations: false}}'),
    ).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.repeat.for_each' }),
    ]);
  });

  it('ignores permutations before 2017-09-01, as Heat (Repeat does not read the key)', () => {
    expect(
      outputValue('{repeat: {for_each: {A: [a]}, template: A, permutations: maybe}}', {
        version: '2017-02-24',
      }),
    ).toEqual(['a']);
  });

  it('gives an empty list for an empty loop', () => {
    expect(outputValue('{repeat: {for_each: {X: []}, template: X}}')).toEqual([]);
  });

  it('reports loop items that are not strings (Heat substitutes with str.replace)', () => {
    expect(outputProblems('{repeat: {for_each: {X: [a, {b: c}]}, template: X}}')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.repeat.for_each.X.1' }),
    ]);
  });
});
