/**
 * Checks a resource's properties (after partial evaluation) against its type's schema.
 *
 * Values still waiting for another resource (pending get_resource/get_attr calls) cannot be
 * checked yet and are skipped; the engine checks resolved values when it runs the resource.
 */
import type { PropertySchema, ResourceTypeSchema } from '../resources/types.ts';
import { lengthOf, matchesPattern, parseBoolean, parseInteger, parseNumber } from './coercion.ts';
import type { PathSegment, ProblemList } from './problems.ts';
import { describeType, isPlainMap, jsonEqual } from './values.ts';
import type { PlainMap } from './values.ts';

export interface PropertyCheck {
  problems: ProblemList;
  /** Whether a value is a function call left for run time. */
  isPendingCall(value: unknown): boolean;
  /** Whether a value is fully computed (no pending call anywhere inside). */
  isKnown(value: unknown): boolean;
}

/**
 * Validates `properties` (located at `path`) against `schema`, then runs the type's own
 * cross-property validation when every property is known and nothing else is wrong.
 */
export function validateProperties(
  properties: PlainMap,
  schema: ResourceTypeSchema,
  path: PathSegment[],
  check: PropertyCheck,
): void {
  const problemsBefore = check.problems.size;
  validateMapEntries(properties, schema.properties, schema.acceptsAnyProperties === true, path, check);
  if (!schema.validate || check.problems.size > problemsBefore || !check.isKnown(properties)) return;

  let messages: string[];
  try {
    messages = schema.validate(withDefaults(properties, schema.properties));
  } catch (error) {
    messages = [error instanceof Error ? error.message : String(error)];
  }
  for (const message of messages) check.problems.add('PROPERTY_INVALID', message, path);
}

/** Shallow defaults, so cross-property checks see e.g. RandomString's default length. */
function withDefaults(properties: PlainMap, schemas: Record<string, PropertySchema>): PlainMap {
  const result: PlainMap = { ...properties };
  for (const [name, schema] of Object.entries(schemas)) {
    if ((result[name] === undefined || result[name] === null) && schema.default !== undefined)
      result[name] = schema.default;
  }
  return result;
}

function validateMapEntries(
  map: PlainMap,
  schemas: Record<string, PropertySchema>,
  acceptsAny: boolean,
  path: PathSegment[],
  check: PropertyCheck,
): void {
  for (const [name, value] of Object.entries(map)) {
    const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
    if (schema) {
      validateValue(value, schema, [...path, name], check);
    } else if (!acceptsAny) {
      const known = Object.keys(schemas);
      const hint = known.length > 0 ? ` (known: ${known.join(', ')})` : '';
      check.problems.add('UNKNOWN_PROPERTY', `unknown property "${name}"${hint}`, [...path, name], 'key');
    }
  }
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema.required && isAbsent(map[name]) && schema.default === undefined) {
      check.problems.add('MISSING_PROPERTY', `property "${name}" is required`, path, 'key');
    }
  }
}

/** Heat treats a property set to null like one that is not set. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function validateValue(
  value: unknown,
  schema: PropertySchema,
  path: PathSegment[],
  check: PropertyCheck,
): void {
  if (isAbsent(value) || check.isPendingCall(value)) return;
  const name = String(path[path.length - 1]);
  const typeError = checkType(value, schema.type);
  if (typeError) {
    check.problems.add('PROPERTY_INVALID', `"${name}": ${typeError}`, path);
    return;
  }
  const constraintError = check.isKnown(value) ? checkConstraints(value, schema) : undefined;
  if (constraintError) check.problems.add('PROPERTY_INVALID', `"${name}": ${constraintError}`, path);

  if (schema.type === 'map' && schema.schema && isPlainMap(value)) {
    validateMapEntries(value, schema.schema, false, path, check);
  }
  if (schema.type === 'list' && schema.items && Array.isArray(value)) {
    const itemSchema = schema.items;
    value.forEach((item, index) => validateValue(item, itemSchema, [...path, index], check));
  }
}

/** Accepts what Heat converts without complaint (e.g. "5" for an integer). */
function checkType(value: unknown, type: PropertySchema['type']): string | undefined {
  const expected = (what: string): string => `expected ${what}, got ${describeValue(value)}`;
  switch (type) {
    case 'string':
      return typeof value === 'object' ? expected('a string') : undefined;
    case 'integer':
      return parseInteger(value) === undefined ? expected('an integer') : undefined;
    case 'number':
      return parseNumber(value) === undefined ? expected('a number') : undefined;
    case 'boolean':
      return parseBoolean(value) === undefined ? expected('a boolean') : undefined;
    case 'list':
      return Array.isArray(value) ? undefined : expected('a list');
    case 'map':
      return isPlainMap(value) ? undefined : expected('a map');
    case 'any':
      return undefined;
  }
}

function checkConstraints(value: unknown, schema: PropertySchema): string | undefined {
  const constraints = schema.constraints;
  if (!constraints) return undefined;
  const { allowedValues, range, length, pattern } = constraints;
  if (allowedValues && !allowedValues.some((allowed) => sameValue(allowed, value, schema.type))) {
    return `${describeValue(value)} is not one of the allowed values ${JSON.stringify(allowedValues)}`;
  }
  if (range) {
    const number = parseNumber(value);
    if (number !== undefined && !within(number, range)) {
      return `${number} is out of range ${describeBounds(range)}`;
    }
  }
  if (length) {
    const size = lengthOf(typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);
    if (size !== undefined && !within(size, length))
      return `length ${size} is out of range ${describeBounds(length)}`;
  }
  if (pattern !== undefined) {
    const matched = matchesPattern(pattern, String(value));
    if (matched === 'timeout')
      return `${describeValue(value)} could not be checked against the pattern ${pattern} in time`;
    if (!matched) return `${describeValue(value)} does not match the pattern ${pattern}`;
  }
  return undefined;
}

function sameValue(allowed: unknown, value: unknown, type: PropertySchema['type']): boolean {
  switch (type) {
    case 'integer':
    case 'number':
      return parseNumber(allowed) === parseNumber(value);
    case 'boolean':
      return parseBoolean(allowed) === parseBoolean(value);
    case 'string':
      return isScalar(allowed) && isScalar(value) && String(allowed) === String(value);
    default:
      return jsonEqual(allowed, value);
  }
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function within(number: number, bounds: { min?: number; max?: number }): boolean {
  return (
    (bounds.min === undefined || number >= bounds.min) && (bounds.max === undefined || number <= bounds.max)
  );
}

function describeBounds(bounds: { min?: number; max?: number }): string {
  return `${bounds.min ?? '-∞'}..${bounds.max ?? '∞'}`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeType(value);
}
