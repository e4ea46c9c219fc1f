/**
 * Helpers for the plain JSON-like values a parsed template is made of: null, booleans, numbers,
 * strings, arrays and plain objects ("maps").
 */

export type PlainMap = Record<string, unknown>;

export function isPlainMap(value: unknown): value is PlainMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own property even when the key is `__proto__`: plain assignment of that key would
 * change the object's prototype instead, and template keys come from untrusted input.
 */
export function setOwn(target: PlainMap, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** The one key of a single-key map, or undefined. Cheaper than Object.keys on large maps. */
export function soleKey(map: PlainMap): string | undefined {
  let found: string | undefined;
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    if (found !== undefined) return undefined;
    found = key;
  }
  return found;
}

/** A short, human-readable name of a value's type for messages ("map", "list", "string", ...). */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  return typeof value;
}

/**
 * Deep equality with JSON semantics: object key order does not matter and keys whose value is
 * `undefined` are ignored (JSON.stringify drops them too).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN is not JSON; treat it as equal to itself so a value always equals its copy.
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  const mapA = a as PlainMap;
  const mapB = b as PlainMap;
  const keysA = definedKeys(mapA);
  const keysB = definedKeys(mapB);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(mapB, key) && jsonEqual(mapA[key], mapB[key]));
}

function definedKeys(map: PlainMap): string[] {
  return Object.keys(map).filter((key) => map[key] !== undefined);
}

/**
 * JSON text with object keys sorted, so that the same value always gives the same string
 * (used where functions turn maps and lists into strings, e.g. list_join and str_replace).
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (!isPlainMap(nested)) return nested;
    const sorted: PlainMap = {};
    for (const key of Object.keys(nested).sort()) setOwn(sorted, key, nested[key]);
    return sorted;
  });
}

/**
 * JSON text as Heat writes values into strings (oslo `jsonutils.dumps(value, sort_keys=True)`,
 * i.e. Python's `json.dumps`): sorted keys, `", "` and `": "` separators, non-ASCII characters
 * escaped as `\uXXXX`. E.g. `{"a": 1, "b": [1, 2]}`.
 */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return asciiJsonString(value);
  if (typeof value === 'number')
    return Number.isFinite(value) ? JSON.stringify(value) : pythonNonFinite(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const map = value as PlainMap;
  const keys = Object.keys(map).sort();
  return `{${keys.map((key) => `${asciiJsonString(key)}: ${pythonJson(map[key])}`).join(', ')}}`;
}

function asciiJsonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function pythonNonFinite(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** Compares strings by UTF-16 code units: deterministic and independent of the process locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Values nested deeper than this are refused: every later stage walks them (and JSON encodes them). */
export const MAX_NESTING = 100;

/**
 * A place in a value reached by `walk`: paths are built only for the place a check reports, from
 * these links. A path array per place (copied at every level) was most of the ~100 ms these
 * checks cost a 10,000-resource compile.
 */
interface Place {
  value: unknown;
  depth: number;
  up: Place | null;
  key: string | number;
}

function pathTo(place: Place): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Place | null = place; at?.up; at = at.up) path.push(at.key);
  return path.reverse();
}

/**
 * Visits every place of a value depth first (iterative: no recursion limit; a list's or map's last
 * child first); stops at the first place `visit` reports, answering its path.
 */
function walk(
  value: unknown,
  visit: (place: Place) => 'stop' | 'skip' | 'enter',
): (string | number)[] | undefined {
  const stack: Place[] = [{ value, depth: 0, up: null, key: '' }];
  while (stack.length > 0) {
    const place = stack.pop()!;
    const verdict = visit(place);
    if (verdict === 'stop') return pathTo(place);
    if (verdict === 'skip') continue;
    const current = place.value;
    const depth = place.depth + 1;
    if (Array.isArray(current))
      current.forEach((item, i) => stack.push({ value: item, depth, up: place, key: i }));
    else if (isPlainMap(current))
      for (const [k, v] of Object.entries(current)) stack.push({ value: v, depth, up: place, key: k });
  }
  return undefined;
}

/** The path to the first place a value nests deeper than `max` levels, if any (iterative). */
export function tooDeep(value: unknown, max = MAX_NESTING): (string | number)[] | undefined {
  return walk(value, (place) => (place.depth > max ? 'stop' : 'enter'));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Index of the first unpaired UTF-16 surrogate (text that cannot be stored or sent as UTF-8), or -1. */
export function loneSurrogateIndex(text: string): number {
  return text.search(LONE_SURROGATE);
}

/** The path to the first string (or map key) inside a value holding an unpaired surrogate, if any. */
export function loneSurrogatePath(value: unknown): (string | number)[] | undefined {
  let badKey: string | null = null;
  const path = walk(value, (place) => {
    const current = place.value;
    if (typeof current === 'string') return loneSurrogateIndex(current) >= 0 ? 'stop' : 'skip';
    if (isPlainMap(current))
      for (const k of Object.keys(current))
        if (loneSurrogateIndex(k) >= 0) {
          badKey = k;
          return 'stop';
        }
    return 'enter';
  });
  return path && badKey !== null ? [...path, badKey] : path;
}

/**
 * About how many bytes `JSON.stringify(value)` would take, counting a shared value once per use
 * (as storing it does), or `Infinity` as soon as the count passes `max`: the walk stops there, so
 * measuring a value that expands to gigabytes costs at most `max` steps and never builds the text.
 */
export function boundedJsonSize(value: unknown, max: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') total += node.length + 2;
    else if (Array.isArray(node)) {
      total += 2 + node.length;
      for (const item of node) stack.push(item);
    } else if (isPlainMap(node)) {
      total += 2;
      for (const key in node) {
        if (!Object.hasOwn(node, key)) continue;
        total += key.length + 4;
        stack.push(node[key]);
      }
    } else total += 5;
    if (total > max) return Infinity;
  }
  return total;
}
