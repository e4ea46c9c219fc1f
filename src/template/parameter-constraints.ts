/**
 * Parameter constraints: reading them from the template and checking values against them.
 */
import { anchoredPattern, lengthOf, matchesPattern, parseBoolean, parseNumber } from './coercion.ts';
import { customConstraint } from './custom-constraints.ts';
import type { ParameterType } from './parameter-types.ts';
import type { PathSegment, ProblemList } from './problems.ts';
import { describeType, isPlainMap, jsonEqual } from './values.ts';
import type { PlainMap } from './values.ts';

/** The longest allowed_pattern accepted. */
const MAX_PATTERN_LENGTH = 2000;

export type ParameterConstraint = (
  | { kind: 'allowed_values'; values: unknown[] }
  | { kind: 'range'; min?: number; max?: number }
  | { kind: 'length'; min?: number; max?: number }
  | { kind: 'allowed_pattern'; pattern: string }
  | { kind: 'modulo'; step: number; offset: number }
  /** A named check from `custom-constraints.ts`; `known: false` for names only a cloud can check. */
  | { kind: 'custom_constraint'; name: string; known: boolean }
) & {
  /** Shown to the user instead of the default message when a value violates the constraint. */
  description?: string;
};

type ConstraintKind = ParameterConstraint['kind'];

const APPLICABLE_KINDS: Readonly<Record<ParameterType, readonly ConstraintKind[]>> = {
  string: ['allowed_values', 'length', 'allowed_pattern'],
  number: ['allowed_values', 'range', 'modulo'],
  comma_delimited_list: ['allowed_values', 'length'],
  json: ['length'],
  boolean: ['allowed_values'],
};

const CONSTRAINT_KINDS: readonly string[] = [
  'allowed_values',
  'range',
  'length',
  'allowed_pattern',
  'modulo',
];

/**
 * Reads a parameter's `constraints` list. Faulty constraints are reported as INVALID_SECTION
 * (or UNSUPPORTED for `custom_constraint`) and left out.
 */
export interface ConstraintSettings {
  /** Refuse custom constraints this code cannot check (instead of a warning). */
  strictCustomConstraints?: boolean;
}

export function readConstraints(
  raw: unknown,
  type: ParameterType,
  path: PathSegment[],
  problems: ProblemList,
  settings: ConstraintSettings = {},
): ParameterConstraint[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.add('INVALID_SECTION', `constraints must be a list, not ${describeType(raw)}`, path);
    return [];
  }
  const constraints: ParameterConstraint[] = [];
  raw.forEach((item, index) => {
    const itemPath = [...path, index];
    if (!isPlainMap(item)) {
      problems.add('INVALID_SECTION', `a constraint must be a map, not ${describeType(item)}`, itemPath);
      return;
    }
    const constraint = readConstraint(item, type, itemPath, problems, settings);
    if (constraint) constraints.push(constraint);
  });
  return constraints;
}

function readConstraint(
  item: PlainMap,
  type: ParameterType,
  path: PathSegment[],
  problems: ProblemList,
  settings: ConstraintSettings,
): ParameterConstraint | undefined {
  const { description, ...rest } = item;
  const kinds = Object.keys(rest);
  if (kinds.length === 1 && kinds[0] === 'custom_constraint') {
    const constraint = readCustomConstraint(
      rest.custom_constraint,
      [...path, 'custom_constraint'],
      problems,
      settings,
    );
    if (constraint && typeof description === 'string') constraint.description = description;
    return constraint;
  }
  const [kind] = kinds;
  if (kinds.length !== 1 || kind === undefined || !CONSTRAINT_KINDS.includes(kind)) {
    const message = `a constraint needs exactly one of ${CONSTRAINT_KINDS.join(', ')} (and optionally description)`;
    problems.add('INVALID_SECTION', message, path);
    return undefined;
  }
  const kindPath = [...path, kind];
  if (description !== undefined && typeof description !== 'string') {
    problems.add('INVALID_SECTION', 'a constraint description must be a string', [...path, 'description']);
  }
  if (!(APPLICABLE_KINDS[type] as readonly string[]).includes(kind)) {
    problems.add(
      'INVALID_SECTION',
      `the ${kind} constraint does not apply to ${type} parameters`,
      kindPath,
      'key',
    );
    return undefined;
  }
  const parsed = parseConstraintBody(kind as ConstraintKind, rest[kind], kindPath, problems);
  if (parsed && typeof description === 'string') parsed.description = description;
  return parsed;
}

function parseConstraintBody(
  kind: ConstraintKind,
  body: unknown,
  path: PathSegment[],
  problems: ProblemList,
): ParameterConstraint | undefined {
  const invalid = (message: string): undefined => {
    problems.add('INVALID_SECTION', message, path);
    return undefined;
  };
  switch (kind) {
    case 'allowed_values':
      if (!Array.isArray(body)) return invalid('allowed_values must be a list');
      return { kind, values: body };
    case 'allowed_pattern':
      if (typeof body !== 'string') return invalid('allowed_pattern must be a string');
      // Compiling an enormous pattern can exhaust the regular expression compiler's memory.
      if (body.length > MAX_PATTERN_LENGTH)
        return invalid(`allowed_pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
      try {
        anchoredPattern(body);
      } catch (error) {
        return invalid(`allowed_pattern is not a valid regular expression: ${(error as Error).message}`);
      }
      return { kind, pattern: body };
    case 'range':
    case 'length': {
      const bounds = readBounds(body, kind);
      return typeof bounds === 'string' ? invalid(bounds) : { kind, ...bounds };
    }
    case 'modulo': {
      if (!isPlainMap(body)) return invalid('modulo must be a map {step, offset}');
      const step = parseNumber(body.step);
      const offset = parseNumber(body.offset);
      if (step === undefined || offset === undefined) return invalid('modulo needs numbers step and offset');
      if (step === 0) return invalid('modulo step cannot be 0');
      if (Math.abs(offset) >= Math.abs(step)) return invalid('modulo offset must be smaller than step');
      return { kind, step, offset };
    }
  }
}

function readCustomConstraint(
  name: unknown,
  path: PathSegment[],
  problems: ProblemList,
  settings: ConstraintSettings,
): ParameterConstraint | undefined {
  if (typeof name !== 'string' || name === '') {
    problems.add('INVALID_SECTION', 'custom_constraint must be the name of a constraint', path);
    return undefined;
  }
  if (customConstraint(name)) return { kind: 'custom_constraint', name, known: true };
  // Heat asks the cloud (nova.flavor exists?); without one, the value cannot be told good or bad.
  const message = `custom constraint "${name}" can only be checked by an OpenStack cloud; values are not checked against it`;
  if (settings.strictCustomConstraints) {
    problems.add('UNKNOWN_CUSTOM_CONSTRAINT', `${message} (refused: strict custom constraints)`, path);
    return undefined;
  }
  problems.warn('UNKNOWN_CUSTOM_CONSTRAINT', message, path);
  return { kind: 'custom_constraint', name, known: false };
}

/** Returns the bounds, or an error message. */
function readBounds(body: unknown, kind: 'range' | 'length'): { min?: number; max?: number } | string {
  if (!isPlainMap(body)) return `${kind} must be a map {min, max}`;
  const unknownKeys = Object.keys(body).filter((key) => key !== 'min' && key !== 'max');
  if (unknownKeys.length > 0) return `${kind} accepts only min and max, not ${unknownKeys.join(', ')}`;
  const bounds: { min?: number; max?: number } = {};
  for (const key of ['min', 'max'] as const) {
    if (body[key] === undefined || body[key] === null) continue;
    const number = parseNumber(body[key]);
    if (number === undefined) return `${kind} ${key} must be a number`;
    if (kind === 'length' && (!Number.isInteger(number) || number < 0)) {
      return `length ${key} must be a non-negative integer`;
    }
    bounds[key] = number;
  }
  if (bounds.min === undefined && bounds.max === undefined) return `${kind} needs min, max or both`;
  if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
    return `${kind} min is greater than max`;
  }
  return bounds;
}

/**
 * Checks a typed value (after coercion) against one constraint.
 * @returns undefined when satisfied, else a message naming the constraint.
 */
export function violation(
  constraint: ParameterConstraint,
  value: unknown,
  type: ParameterType,
): string | undefined {
  const failed = (defaultMessage: string): string =>
    `fails constraint ${constraint.kind}: ${constraint.description ?? defaultMessage}`;
  switch (constraint.kind) {
    case 'allowed_values': {
      const items = type === 'comma_delimited_list' && Array.isArray(value) ? value : [value];
      const rejected = items.filter(
        (item) => !constraint.values.some((allowed) => sameValue(allowed, item, type)),
      );
      return rejected.length === 0
        ? undefined
        : failed(`${formatList(rejected)} not in allowed values ${formatList(constraint.values)}`);
    }
    case 'range': {
      const number = value as number;
      const { min, max } = constraint;
      if ((min === undefined || number >= min) && (max === undefined || number <= max)) return undefined;
      return failed(`${number} is not in range ${describeBounds(min, max)}`);
    }
    case 'length': {
      const length = lengthOf(value) ?? 0;
      const { min, max } = constraint;
      if ((min === undefined || length >= min) && (max === undefined || length <= max)) return undefined;
      return failed(`length ${length} is not in range ${describeBounds(min, max)}`);
    }
    case 'allowed_pattern': {
      const matched = matchesPattern(constraint.pattern, String(value));
      if (matched === 'timeout') {
        return failed(
          `pattern ${constraint.pattern} takes too long to check (catastrophic backtracking); simplify it`,
        );
      }
      return matched ? undefined : failed(`"${String(value)}" does not match pattern ${constraint.pattern}`);
    }
    case 'custom_constraint': {
      const check = constraint.known ? customConstraint(constraint.name) : undefined;
      if (!check) return undefined;
      // Lists are checked item by item (comma_delimited_list of addresses, for instance).
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        const text = typeof item === 'string' ? item : JSON.stringify(item);
        const problem = check(text);
        if (problem)
          return `fails custom constraint ${constraint.name}: ${constraint.description ?? problem}`;
      }
      return undefined;
    }
    case 'modulo': {
      // Python's modulo (the result takes the divisor's sign), as Heat computes it.
      const number = value as number;
      const remainder = number - constraint.step * Math.floor(number / constraint.step);
      return remainder === constraint.offset
        ? undefined
        : failed(`${number} is not ${constraint.offset} modulo ${constraint.step}`);
    }
  }
}

function sameValue(allowed: unknown, actual: unknown, type: ParameterType): boolean {
  if (type === 'number') return parseNumber(allowed) === actual;
  if (type === 'boolean') return parseBoolean(allowed) === actual;
  if (type === 'string' || type === 'comma_delimited_list') {
    return typeof allowed === 'string' || typeof allowed === 'number' || typeof allowed === 'boolean'
      ? String(allowed) === actual
      : false;
  }
  return jsonEqual(allowed, actual);
}

function describeBounds(min: number | undefined, max: number | undefined): string {
  return `${min ?? '-∞'}..${max ?? '∞'}`;
}

function formatList(values: readonly unknown[]): string {
  return JSON.stringify(values.length === 1 ? values[0] : values);
}
