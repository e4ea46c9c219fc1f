/**
 * Parameter types and how a given value is read as one, as Heat does: numbers from numeric
 * text, booleans from words such as "yes", lists from comma-separated text, JSON from text.
 */
import { parseBoolean, parseNumber } from './coercion.ts';
import { describeType, isPlainMap } from './values.ts';

export const PARAMETER_TYPES = ['string', 'number', 'boolean', 'json', 'comma_delimited_list'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export function isParameterType(value: unknown): value is ParameterType {
  return (PARAMETER_TYPES as readonly unknown[]).includes(value);
}

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Reads `value` as a parameter of `type`.
 *
 * As Heat (param_utils.delim_string_to_list): comma-separated text is split on commas and the
 * items are not stripped (`"a, b"` gives `["a", " b"]`); list items become text as Python's
 * `str` writes them (`True`).
 */
export function coerceParameterValue(type: ParameterType, value: unknown): Coerced {
  const fail = (expected: string): Coerced => ({
    ok: false,
    message: `expected ${expected}, got ${describe(value)}`,
  });
  switch (type) {
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
      return fail('a string');
    case 'number': {
      const number = parseNumber(value);
      return number === undefined ? fail('a number') : { ok: true, value: number };
    }
    case 'boolean': {
      const flag = parseBoolean(value);
      return flag === undefined
        ? fail('a boolean (true/false, yes/no, on/off, 1/0)')
        : { ok: true, value: flag };
    }
    case 'comma_delimited_list':
      if (typeof value === 'string') {
        return { ok: true, value: value === '' ? [] : value.split(',') };
      }
      if (Array.isArray(value) && value.every(isScalar))
        return {
          ok: true,
          value: value.map((item) => (typeof item === 'boolean' ? (item ? 'True' : 'False') : String(item))),
        };
      return fail('a list of strings or comma-separated text');
    case 'json':
      if (Array.isArray(value) || isPlainMap(value)) return { ok: true, value };
      if (typeof value === 'string') {
        try {
          const parsed: unknown = JSON.parse(value);
          if (Array.isArray(parsed) || isPlainMap(parsed)) return { ok: true, value: parsed };
        } catch {
          // Reported below like any other value that is not JSON.
        }
      }
      return fail('a map, a list, or JSON text for one');
  }
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeType(value);
}
