/**
 * Argument checking shared by the intrinsic functions. Checks throw {@link FunctionArgumentError};
 * the evaluator turns that into a FUNCTION_INVALID problem at compile time, or rethrows it at
 * run time.
 */
import type { PathSegment } from '../problems.ts';
import { describeType, isPlainMap, pythonJson, stableJson } from '../values.ts';
import type { PlainMap } from '../values.ts';

export class FunctionArgumentError extends Error {
  override name = 'FunctionArgumentError';

  /** @param at where inside the function's arguments the fault is, when known. */
  constructor(
    message: string,
    readonly at: readonly PathSegment[] = [],
  ) {
    super(message);
  }
}

/**
 * Tells whether a value is fully known. At compile time values that depend on resources are
 * not; functions then check only the parts that are known and compute nothing.
 */
export type IsKnown = (value: unknown) => boolean;

export const alwaysKnown: IsKnown = () => true;

export function expectList(value: unknown, what: string, at: PathSegment[] = []): unknown[] {
  if (!Array.isArray(value))
    throw new FunctionArgumentError(`${what} must be a list, not ${describeType(value)}`, at);
  return value;
}

export function expectMap(value: unknown, what: string, at: PathSegment[] = []): PlainMap {
  if (!isPlainMap(value))
    throw new FunctionArgumentError(`${what} must be a map, not ${describeType(value)}`, at);
  return value;
}

export function expectString(value: unknown, what: string, at: PathSegment[] = []): string {
  if (typeof value !== 'string') {
    throw new FunctionArgumentError(`${what} must be a string, not ${describeType(value)}`, at);
  }
  return value;
}

/** Accepts only the named keys; `required` ones must be present. */
export function expectKeys(
  map: PlainMap,
  allowed: readonly string[],
  required: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(map)) {
    if (!allowed.includes(key)) {
      throw new FunctionArgumentError(`${what} has unknown key "${key}" (expected ${allowed.join(', ')})`, [
        key,
      ]);
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(map, key)) throw new FunctionArgumentError(`${what} needs "${key}"`);
  }
}

/** A non-negative integer given as a number or as decimal text (Heat accepts both). */
export function expectIndex(value: unknown, what: string, at: PathSegment[] = []): number {
  const index = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    throw new FunctionArgumentError(`${what} must be a non-negative integer`, at);
  }
  return index;
}

/**
 * How functions that build strings turn a value into text: null is empty, numbers and
 * booleans are written as JSON would write them, maps and lists become JSON with sorted keys.
 */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return stableJson(value);
}

/**
 * A list_join item as Heat joins it (JoinMultiple.ensure_string): null is empty, maps and lists
 * are JSON as Python writes it; numbers and booleans are refused, as Heat refuses them.
 */
export function joinItemText(item: unknown, at: PathSegment[]): string {
  if (item === null || item === undefined) return '';
  if (typeof item === 'string') return item;
  if (typeof item === 'object') return pythonJson(item);
  throw new FunctionArgumentError(
    `list_join items must be strings, maps or lists, not ${describeType(item)}`,
    at,
  );
}

/**
 * A str_replace value as Heat substitutes it (ReplaceJson._validate_replacement): numbers as
 * text, booleans as Python writes them (`True`, `False`), maps and lists as Python JSON.
 */
export function replacementText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return pythonJson(value);
}
