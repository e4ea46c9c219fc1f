/**
 * Functions on maps and lists: map_merge, map_replace, list_concat, list_concat_unique,
 * contains, filter and repeat.
 */
import { versionAtLeast } from '../versions.ts';
import { describeType, isPlainMap, jsonEqual, setOwn } from '../values.ts';
import type { PlainMap } from '../values.ts';
import { alwaysKnown, expectKeys, expectList, expectMap, FunctionArgumentError } from './arguments.ts';
import type { IsKnown } from './arguments.ts';
import type { PureFunction } from './pure-function.ts';

/** `map_merge: [map, ...]`: later maps win. A null item counts as an empty map, as in Heat. */
export const mapMerge: PureFunction = {
  name: 'map_merge',
  since: '2016-04-08',
  check: (args, isKnown) => void readMaps(args, isKnown),
  apply(args) {
    const merged: PlainMap = {};
    for (const map of readMaps(args, alwaysKnown)) {
      for (const [key, value] of Object.entries(map ?? {})) setOwn(merged, key, value);
    }
    return merged;
  },
};

function readMaps(args: unknown, isKnown: IsKnown): (PlainMap | null)[] {
  const list = expectList(args, 'map_merge arguments');
  list.forEach((item, index) => {
    if (isKnown(item) && item !== null) expectMap(item, 'map_merge item', [index]);
  });
  return list as (PlainMap | null)[];
}

/**
 * `map_replace: [map, {keys: {old: new}, values: {old: new}}]`. Keys are renamed (renaming
 * onto an existing key is an error, as in Heat); string values equal to an `old` are replaced.
 */
export const mapReplace: PureFunction = {
  name: 'map_replace',
  since: '2016-10-14',
  check: (args, isKnown) => void readMapReplace(args, isKnown),
  apply(args) {
    const { map, keys, values } = readMapReplace(args, alwaysKnown);
    const result: PlainMap = {};
    for (const [key, value] of Object.entries(map ?? {})) {
      const newKey = keys && Object.hasOwn(keys, key) ? String(keys[key]) : key;
      if (Object.hasOwn(result, newKey)) {
        throw new FunctionArgumentError(`map_replace: key "${newKey}" would occur twice`, [1, 'keys']);
      }
      const newValue =
        values && typeof value === 'string' && Object.hasOwn(values, value) ? values[value] : value;
      setOwn(result, newKey, newValue);
    }
    return result;
  },
};

function readMapReplace(args: unknown, isKnown: IsKnown) {
  const list = expectList(args, 'map_replace arguments');
  if (list.length !== 2) throw new FunctionArgumentError('map_replace needs [map, {keys, values}]');
  const [map, replacements] = list;
  if (isKnown(map) && map !== null) expectMap(map, 'map_replace map', [0]);
  let keys: PlainMap | undefined;
  let values: PlainMap | undefined;
  if (isKnown(replacements)) {
    const spec = expectMap(replacements, 'map_replace replacements', [1]);
    expectKeys(spec, ['keys', 'values'], [], 'map_replace replacements');
    keys =
      spec.keys === undefined || spec.keys === null
        ? undefined
        : expectMap(spec.keys, 'map_replace keys', [1, 'keys']);
    values =
      spec.values === undefined || spec.values === null
        ? undefined
        : expectMap(spec.values, 'map_replace values', [1, 'values']);
  }
  return { map: map as PlainMap | null, keys, values };
}

function makeListConcat(name: string, unique: boolean): PureFunction {
  return {
    name,
    since: '2017-09-01',
    check: (args, isKnown) => void readLists(name, args, isKnown),
    apply(args) {
      const all = readLists(name, args, alwaysKnown).flatMap((list) => list ?? []);
      if (!unique) return all;
      const kept: unknown[] = [];
      for (const item of all) if (!kept.some((seen) => jsonEqual(seen, item))) kept.push(item);
      return kept;
    },
  };
}

/** `list_concat: [list, ...]`; a null item counts as an empty list. */
export const listConcat = makeListConcat('list_concat', false);
/** Like list_concat, keeping only the first of equal items. */
export const listConcatUnique = makeListConcat('list_concat_unique', true);

function readLists(name: string, args: unknown, isKnown: IsKnown): (unknown[] | null)[] {
  const list = expectList(args, `${name} arguments`);
  list.forEach((item, index) => {
    if (isKnown(item) && item !== null) expectList(item, `${name} item`, [index]);
  });
  return list as (unknown[] | null)[];
}

/** `contains: [value, list]`; for a string, whether it contains the value as a substring. */
export const contains: PureFunction = {
  name: 'contains',
  since: '2017-09-01',
  check: (args, isKnown) => void readContains(args, isKnown),
  apply(args) {
    const { value, sequence } = readContains(args, alwaysKnown);
    if (typeof sequence === 'string') return typeof value === 'string' && sequence.includes(value);
    return sequence.some((item) => jsonEqual(item, value));
  },
};

function readContains(args: unknown, isKnown: IsKnown) {
  const list = expectList(args, 'contains arguments');
  if (list.length !== 2) throw new FunctionArgumentError('contains needs [value, list]');
  const [value, sequence] = list;
  if (isKnown(sequence) && typeof sequence !== 'string') expectList(sequence, 'contains sequence', [1]);
  return { value, sequence: sequence as unknown[] | string };
}

/** `filter: [values to remove, list]`. */
export const filter: PureFunction = {
  name: 'filter',
  since: '2017-02-24',
  check: (args, isKnown) => void readFilter(args, isKnown),
  apply(args) {
    const { removed, list } = readFilter(args, alwaysKnown);
    return list.filter((item) => !removed.some((unwanted) => jsonEqual(unwanted, item)));
  },
};

function readFilter(args: unknown, isKnown: IsKnown) {
  const list = expectList(args, 'filter arguments');
  if (list.length !== 2) throw new FunctionArgumentError('filter needs [values to remove, list]');
  const [removed, sequence] = list;
  if (isKnown(removed) && removed !== null) expectList(removed, 'filter values', [0]);
  if (isKnown(sequence)) expectList(sequence, 'filter list', [1]);
  return { removed: (removed ?? []) as unknown[], list: sequence as unknown[] };
}

/**
 * `repeat: {for_each: {placeholder: list, ...}, template, permutations?}`: one copy of the
 * template per combination of items, with every placeholder replaced in keys and strings.
 * With several loop variables, `permutations: false` (2017-09-01+) walks the lists in step
 * instead of taking every combination.
 */
/** Guards against templates that multiply themselves into millions of values. */
const MAX_REPEAT_COPIES = 10_000;

export const repeat: PureFunction = {
  name: 'repeat',
  since: '2015-04-30',
  check: (args, isKnown, env) => void readRepeat(args, isKnown, env.version),
  apply(args, env) {
    const { loops, template, permutations } = readRepeat(args, alwaysKnown, env.version);
    const placeholders = loops.map(([placeholder]) => placeholder);
    const valueLists = loops.map(([, values]) => values.map(itemText));
    const count = permutations
      ? valueLists.reduce((n, list) => n * list.length, 1)
      : (valueLists[0]?.length ?? 0);
    if (count > MAX_REPEAT_COPIES) {
      throw new FunctionArgumentError(
        `repeat would make ${count} copies of its template; at most ${MAX_REPEAT_COPIES} are allowed`,
        ['for_each'],
      );
    }
    const combinations = permutations ? cartesianProduct(valueLists) : zipLists(valueLists);
    return combinations.map((combination) => substitute(template, placeholders, combination));
  },
};

function readRepeat(args: unknown, isKnown: IsKnown, version: PureFunction['since']) {
  const spec = expectMap(args, 'repeat arguments');
  // Heat reads `permutations` from 2017-09-01 (RepeatWithNestedLoop); before, it ignores the key.
  const permutationsRead = versionAtLeast(version, '2017-09-01');
  expectKeys(spec, ['for_each', 'template', 'permutations'], ['for_each', 'template'], 'repeat arguments');
  const permutations = permutationsRead ? (spec.permutations ?? true) : true;
  if (isKnown(permutations) && typeof permutations !== 'boolean') {
    throw new FunctionArgumentError('repeat permutations must be true or false', ['permutations']);
  }
  // A map iterates over its keys from 2016-10-14 (RepeatWithMap), not without permutations.
  const mapsAllowed = versionAtLeast(version, '2016-10-14') && permutations !== false;
  const loops: [string, unknown[]][] = [];
  if (isKnown(spec.for_each)) {
    const forEach = expectMap(spec.for_each, 'repeat for_each', ['for_each']);
    const entries = Object.entries(forEach);
    if (entries.length === 0)
      throw new FunctionArgumentError('repeat for_each needs at least one loop', ['for_each']);
    for (const [name, values] of entries) {
      if (!isKnown(values)) continue;
      const at = ['for_each', name];
      // Heat: a null list (e.g. an attribute not yet known) loops zero times.
      const list =
        values === null
          ? []
          : mapsAllowed && isPlainMap(values)
            ? Object.keys(values)
            : expectList(values, `repeat for_each "${name}"${mapsAllowed ? ' (a list or a map)' : ''}`, at);
      list.forEach((item, index) => {
        // Heat substitutes with str.replace: anything but text is a TypeError there.
        if (isKnown(item) && typeof item !== 'string') {
          throw new FunctionArgumentError(
            `repeat for_each "${name}" items must be strings, not ${describeType(item)}`,
            [...at, index],
          );
        }
      });
      loops.push([name, list]);
    }
  }
  if (permutations === false && isKnown(spec.for_each)) {
    const lengths = new Set(loops.map(([, list]) => list.length));
    if (lengths.size > 1) {
      throw new FunctionArgumentError('repeat with permutations: false needs lists of equal length', [
        'for_each',
      ]);
    }
  }
  return { loops, template: spec.template, permutations: permutations !== false };
}

/** Loop items are strings (checked above). */
function itemText(item: unknown): string {
  return String(item);
}

function cartesianProduct(lists: readonly string[][]): string[][] {
  // Like Python's itertools.product: the last list varies fastest.
  return lists.reduce<string[][]>(
    (combinations, list) => combinations.flatMap((prefix) => list.map((item) => [...prefix, item])),
    [[]],
  );
}

function zipLists(lists: readonly string[][]): string[][] {
  const length = lists[0]?.length ?? 0;
  return Array.from({ length }, (_, index) => lists.map((list) => list[index] ?? ''));
}

/** Replaces every placeholder, in loop order, in every string and map key of the template. */
function substitute(template: unknown, placeholders: readonly string[], values: readonly string[]): unknown {
  if (typeof template === 'string') {
    return placeholders.reduce((text, name, index) => text.replaceAll(name, values[index] ?? ''), template);
  }
  if (Array.isArray(template)) return template.map((item) => substitute(item, placeholders, values));
  if (isPlainMap(template)) {
    const result: PlainMap = {};
    for (const [key, value] of Object.entries(template)) {
      setOwn(
        result,
        substitute(key, placeholders, values) as string,
        substitute(value, placeholders, values),
      );
    }
    return result;
  }
  return template;
}
