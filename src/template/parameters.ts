/**
 * The `parameters` section: declarations, and the values a stack is created with.
 */
import { parseBoolean } from './coercion.ts';
import { readConstraints, violation } from './parameter-constraints.ts';
import type { ConstraintSettings } from './parameter-constraints.ts';
import type { ParameterConstraint } from './parameter-constraints.ts';
import { coerceParameterValue, isParameterType, PARAMETER_TYPES } from './parameter-types.ts';
import type { ParameterType } from './parameter-types.ts';
import type { PathSegment, ProblemList } from './problems.ts';
import { describeType, isPlainMap } from './values.ts';
import type { PlainMap } from './values.ts';

export interface ParameterDefinition {
  name: string;
  type: ParameterType;
  label?: string;
  description?: string;
  /** The default, already read as the parameter's type. */
  default?: unknown;
  /** Not shown back to users (passwords). */
  hidden: boolean;
  /** A stack update may not change the value. */
  immutable: boolean;
  tags?: string[];
  constraints: ParameterConstraint[];
}

/**
 * Parameters every stack has without declaring them. The caller may pass their values with the
 * others; a `get_param` of one that was not passed stays pending, for the engine to resolve.
 */
export const PSEUDO_PARAMETERS: readonly string[] = ['OS::stack_name', 'OS::stack_id', 'OS::project_id'];

const DECLARATION_KEYS = [
  'type',
  'label',
  'description',
  'default',
  'hidden',
  'immutable',
  'constraints',
  'tags',
];

export interface ParameterDeclarations {
  /** Well-formed declarations, in template order. */
  definitions: Map<string, ParameterDefinition>;
  /** Every declared name, well-formed or not, so that get_param of a faulty one is not also "missing". */
  declared: Set<string>;
  /** Names whose default is unusable (already reported). */
  invalidDefaults: Set<string>;
}

export function readParameterDeclarations(
  section: PlainMap,
  problems: ProblemList,
  settings: ConstraintSettings = {},
): ParameterDeclarations {
  const result: ParameterDeclarations = {
    definitions: new Map(),
    declared: new Set(),
    invalidDefaults: new Set(),
  };
  for (const [name, raw] of Object.entries(section)) {
    result.declared.add(name);
    const path: PathSegment[] = ['parameters', name];
    if (!isPlainMap(raw)) {
      problems.add('INVALID_SECTION', `parameter "${name}" must be a map, not ${describeType(raw)}`, path);
      continue;
    }
    const definition = readDeclaration(name, raw, path, problems, settings);
    if (!definition) continue;
    if (raw.default !== undefined && raw.default !== null) {
      const checked = checkValue(definition, raw.default);
      if (checked.ok) {
        definition.default = checked.value;
      } else {
        result.invalidDefaults.add(name);
        problems.add('PARAMETER_INVALID', `default of parameter "${name}": ${checked.message}`, [
          ...path,
          'default',
        ]);
      }
    }
    result.definitions.set(name, definition);
  }
  return result;
}

function readDeclaration(
  name: string,
  raw: PlainMap,
  path: PathSegment[],
  problems: ProblemList,
  settings: ConstraintSettings,
): ParameterDefinition | undefined {
  for (const key of Object.keys(raw)) {
    if (!DECLARATION_KEYS.includes(key)) {
      problems.add('INVALID_SECTION', `parameter "${name}" has unknown key "${key}"`, [...path, key], 'key');
    }
  }
  if (!isParameterType(raw.type)) {
    const message =
      raw.type === undefined
        ? `parameter "${name}" needs a type (${PARAMETER_TYPES.join(', ')})`
        : `parameter "${name}" has unknown type ${JSON.stringify(raw.type)} (expected ${PARAMETER_TYPES.join(', ')})`;
    problems.add('INVALID_SECTION', message, raw.type === undefined ? path : [...path, 'type'], 'key');
    return undefined;
  }
  const definition: ParameterDefinition = {
    name,
    type: raw.type,
    hidden: readFlag(raw, 'hidden', path, problems),
    immutable: readFlag(raw, 'immutable', path, problems),
    constraints: readConstraints(raw.constraints, raw.type, [...path, 'constraints'], problems, settings),
  };
  for (const key of ['label', 'description'] as const) {
    const text = raw[key];
    if (text === undefined || text === null) continue;
    if (typeof text === 'string') definition[key] = text;
    else problems.add('INVALID_SECTION', `parameter ${key} must be a string`, [...path, key]);
  }
  if (raw.tags !== undefined && raw.tags !== null) {
    if (Array.isArray(raw.tags) && raw.tags.every((tag) => typeof tag === 'string'))
      definition.tags = raw.tags;
    else problems.add('INVALID_SECTION', 'parameter tags must be a list of strings', [...path, 'tags']);
  }
  return definition;
}

function readFlag(
  raw: PlainMap,
  key: 'hidden' | 'immutable',
  path: PathSegment[],
  problems: ProblemList,
): boolean {
  const value = raw[key];
  if (value === undefined || value === null) return false;
  const flag = parseBoolean(value);
  if (flag === undefined)
    problems.add('INVALID_SECTION', `parameter ${key} must be true or false`, [...path, key]);
  return flag ?? false;
}

/** Reads a value as the parameter's type and checks every constraint. */
function checkValue(
  definition: ParameterDefinition,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const coerced = coerceParameterValue(definition.type, value);
  if (!coerced.ok) return coerced;
  const violations = definition.constraints
    .map((constraint) => violation(constraint, coerced.value, definition.type))
    .filter((message) => message !== undefined);
  return violations.length === 0 ? coerced : { ok: false, message: violations.join('; ') };
}

/**
 * The typed value of every declared parameter, from the given values or the defaults.
 * Parameters without a usable value are reported and left out.
 */
export function resolveParameterValues(
  declarations: ParameterDeclarations,
  given: Readonly<Record<string, unknown>>,
  problems: ProblemList,
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [name, definition] of declarations.definitions) {
    const path = ['parameters', name];
    const provided = Object.hasOwn(given, name) ? given[name] : undefined;
    if (provided !== undefined && provided !== null) {
      const checked = checkValue(definition, provided);
      if (checked.ok) values.set(name, checked.value);
      else problems.add('PARAMETER_INVALID', `value of parameter "${name}": ${checked.message}`, path, 'key');
    } else if (definition.default !== undefined) {
      values.set(name, definition.default);
    } else if (!declarations.invalidDefaults.has(name)) {
      problems.add(
        'PARAMETER_REQUIRED',
        `parameter "${name}" needs a value (it has no default)`,
        path,
        'key',
      );
    }
  }
  for (const [name, value] of Object.entries(given)) {
    if (declarations.declared.has(name)) continue;
    if (PSEUDO_PARAMETERS.includes(name)) {
      if (value !== undefined) values.set(name, value);
      continue;
    }
    problems.add(
      'UNKNOWN_PARAMETER',
      `a value was given for parameter "${name}", which the template does not declare`,
      ['parameters', name],
    );
  }
  return values;
}
