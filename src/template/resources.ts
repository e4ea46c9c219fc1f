/**
 * The `resources` section: each resource's definition, partially evaluated and checked.
 */
import type { TypeCatalog } from '../resources/types.ts';
import type { CompileScope } from './compile-scope.ts';
import type { Evaluator } from './evaluator.ts';
import { escapeData } from './literals.ts';
import type { PathSegment, ProblemList } from './problems.ts';
import { validateProperties } from './property-validation.ts';
import { compareNames, describeType, isPlainMap } from './values.ts';
import type { PlainMap } from './values.ts';
import { CONDITIONS_SINCE } from './conditions.ts';
import { DELETION_POLICIES, normaliseDeletionPolicy, versionAtLeast } from './versions.ts';
import type { DeletionPolicy, HotVersion } from './versions.ts';

export interface CompiledResource {
  name: string;
  type: string;
  /**
   * As written, with parameters substituted and every function whose arguments are known
   * evaluated; calls that need other resources (get_resource, get_attr, and calls using them)
   * remain as function maps, for `resolveValue` at run time. Schema defaults are not added.
   */
  properties: Record<string, unknown>;
  /** Same treatment as properties. */
  metadata: Record<string, unknown>;
  /** Explicit depends_on only, in template order. */
  dependsOn: string[];
  /** Every resource this one needs: depends_on plus every get_resource/get_attr inside properties and metadata. Unique, sorted. */
  requires: string[];
  deletionPolicy: DeletionPolicy;
  /** Present when the template has one; evaluated like properties. */
  updatePolicy?: Record<string, unknown>;
  description?: string;
  /** The resource snippet exactly as written, for display and storage. */
  definition: Record<string, unknown>;
  /**
   * HOT `external_id` (since 2016-10-14): the physical id of an existing resource to take over.
   * The resource is observed with it instead of created, and never deleted (Heat's behaviour).
   */
  externalId?: string;
}

const RESOURCE_KEYS = [
  'type',
  'properties',
  'metadata',
  'depends_on',
  'deletion_policy',
  'update_policy',
  'description',
  'external_id',
];

const UNSUPPORTED_RESOURCE_KEYS: Readonly<Record<string, string>> = {};

/** Heat has `external_id` on resources from 2016-10-14 (newton). */
export const EXTERNAL_ID_SINCE: HotVersion = '2016-10-14';

/** Control characters make names unreadable in logs and UIs; Heat forbids "/" (it separates path parts). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_NAME_CHARACTERS = /[\u0000-\u001f\u007f/]/;

export interface ResourceCompilation {
  catalog: TypeCatalog;
  scope: CompileScope;
  evaluator: Evaluator;
  problems: ProblemList;
  /** Resources whose condition is false: depends_on naming one is dropped, as in Heat. */
  disabled: ReadonlySet<string>;
}

/** Compiles every well-formed resource of the section (in template order); reports the rest. */
export function compileResources(section: PlainMap, compilation: ResourceCompilation): CompiledResource[] {
  const compiled: CompiledResource[] = [];
  for (const [name, raw] of Object.entries(section)) {
    const resource = compileResource(name, raw, section, compilation);
    if (resource) compiled.push(resource);
  }
  return compiled;
}

function compileResource(
  name: string,
  raw: unknown,
  section: PlainMap,
  { catalog, scope, evaluator, problems, disabled }: ResourceCompilation,
): CompiledResource | undefined {
  const path: PathSegment[] = ['resources', name];
  const invalid = (message: string, at: PathSegment[] = path, anchor: 'key' | 'value' = 'key'): void =>
    problems.add('INVALID_RESOURCE', message, at, anchor);

  if (name.trim() === '') invalid('a resource name cannot be empty');
  else if (FORBIDDEN_NAME_CHARACTERS.test(name)) {
    invalid(`resource name ${JSON.stringify(name)} contains a control character or "/"`);
  }
  if (!isPlainMap(raw)) {
    invalid(`resource "${name}" must be a map with at least a type, not ${describeType(raw)}`, path, 'value');
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    const reason = Object.hasOwn(UNSUPPORTED_RESOURCE_KEYS, key) ? UNSUPPORTED_RESOURCE_KEYS[key] : undefined;
    if (reason) problems.add('UNSUPPORTED', reason, [...path, key], 'key');
    else if (key === 'external_id' && !versionAtLeast(scope.version, EXTERNAL_ID_SINCE)) {
      problems.add(
        'UNSUPPORTED',
        `external_id needs heat_template_version ${EXTERNAL_ID_SINCE} or later`,
        [...path, key],
        'key',
      );
    } else if (key === 'condition' && !versionAtLeast(scope.version, CONDITIONS_SINCE)) {
      invalid(`the condition key needs heat_template_version ${CONDITIONS_SINCE} or later`, [...path, key]);
    } else if (!RESOURCE_KEYS.includes(key) && key !== 'condition') {
      invalid(`unknown key "${key}" in resource "${name}" (expected ${RESOURCE_KEYS.join(', ')})`, [
        ...path,
        key,
      ]);
    }
  }

  const type = raw.type;
  const schema = typeof type === 'string' ? catalog.get(type) : undefined;
  if (typeof type !== 'string') {
    const missing = type === undefined || type === null;
    const message = missing
      ? `resource "${name}" needs a type`
      : `resource type must be a string, not ${describeType(type)}`;
    if (type === undefined) invalid(message);
    else invalid(message, [...path, 'type'], 'value');
  } else if (!schema) {
    problems.add('UNKNOWN_RESOURCE_TYPE', `unknown resource type "${type}"`, [...path, 'type']);
  }

  const dependsOn = readDependsOn(name, raw.depends_on, section, disabled, [...path, 'depends_on'], problems);
  const deletionPolicy = readDeletionPolicy(
    raw.deletion_policy,
    scope.version,
    evaluator,
    [...path, 'deletion_policy'],
    problems,
  );
  const externalId = readExternalId(
    raw.external_id,
    scope.version,
    evaluator,
    [...path, 'external_id'],
    problems,
  );
  if (raw.description !== undefined && raw.description !== null && typeof raw.description !== 'string') {
    invalid('description must be a string', [...path, 'description'], 'value');
  }

  const { result, references } = scope.collectReferences(name, () => ({
    properties: evaluateMap(raw.properties, 'properties', path, evaluator, problems),
    metadata: evaluateMap(raw.metadata, 'metadata', path, evaluator, problems),
  }));
  const updatePolicy =
    raw.update_policy === undefined || raw.update_policy === null
      ? undefined
      : evaluateMap(raw.update_policy, 'update_policy', path, evaluator, problems);

  if (schema && result.properties && !evaluator.isPendingCall(result.properties)) {
    const propertiesPath =
      raw.properties === undefined || raw.properties === null ? path : [...path, 'properties'];
    validateProperties(result.properties, schema, propertiesPath, { problems, ...checkerOf(evaluator) });
  }
  if (schema?.updatePolicy && updatePolicy && !evaluator.isPendingCall(updatePolicy)) {
    const policySchema = {
      name: schema.name,
      description: '',
      properties: schema.updatePolicy,
      attributes: {},
    };
    validateProperties(updatePolicy, policySchema, [...path, 'update_policy'], {
      problems,
      ...checkerOf(evaluator),
    });
  }
  if (typeof type !== 'string' || !result.properties || !result.metadata) return undefined;

  const escape = (value: PlainMap) => escapeData(value, (v) => evaluator.isPendingCall(v)) as PlainMap;
  const compiled: CompiledResource = {
    name,
    type,
    properties: escape(result.properties),
    metadata: escape(result.metadata),
    dependsOn,
    requires: [...new Set([...dependsOn, ...references])]
      .filter((other) => other !== name)
      .sort(compareNames),
    // An external resource is never deleted by the stack (Heat's `external_id`).
    deletionPolicy: externalId !== undefined ? 'Retain' : deletionPolicy,
    definition: raw,
  };
  if (externalId !== undefined) compiled.externalId = externalId;
  if (updatePolicy) compiled.updatePolicy = escape(updatePolicy);
  if (typeof raw.description === 'string') compiled.description = raw.description;
  return compiled;
}

function checkerOf(evaluator: Evaluator) {
  return {
    isKnown: (value: unknown) => evaluator.isKnown(value),
    isPendingCall: (value: unknown) => evaluator.isPendingCall(value),
  };
}

/**
 * Evaluates a section that must be a map (properties, metadata, update_policy). It may be
 * written as a function giving a map (e.g. a json parameter); a pending call is kept as is.
 * @returns undefined when the section is not a map (reported).
 */
function evaluateMap(
  raw: unknown,
  key: string,
  resourcePath: PathSegment[],
  evaluator: Evaluator,
  problems: ProblemList,
): PlainMap | undefined {
  if (raw === undefined || raw === null) return {};
  const path = [...resourcePath, key];
  const value = evaluator.evaluate(raw, path);
  if (isPlainMap(value)) return value;
  problems.add('INVALID_RESOURCE', `${key} must be a map, not ${describeType(value)}`, path);
  return undefined;
}

function readDependsOn(
  owner: string,
  raw: unknown,
  section: PlainMap,
  disabled: ReadonlySet<string>,
  path: PathSegment[],
  problems: ProblemList,
): string[] {
  if (raw === undefined || raw === null) return [];
  const names = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(names)) {
    problems.add(
      'INVALID_RESOURCE',
      `depends_on must be a resource name or a list of them, not ${describeType(raw)}`,
      path,
    );
    return [];
  }
  const dependsOn: string[] = [];
  names.forEach((name, index) => {
    const at = typeof raw === 'string' ? path : [...path, index];
    if (typeof name !== 'string') {
      problems.add(
        'INVALID_RESOURCE',
        `depends_on items must be resource names, not ${describeType(name)}`,
        at,
      );
    } else if (disabled.has(name)) {
      // Heat (test_depends_condition): a dependency on a resource that is not created is dropped.
    } else if (!Object.hasOwn(section, name)) {
      problems.add('MISSING_RESOURCE', `depends_on names resource "${name}", which does not exist`, at);
    } else if (name === owner) {
      problems.add('DEPENDENCY_CYCLE', `${owner} -> ${owner} (resource "${owner}" depends on itself)`, at);
    } else if (!dependsOn.includes(name)) {
      dependsOn.push(name);
    }
  });
  return dependsOn;
}

const LOWER_CASE_POLICIES_SINCE = '2016-10-14';

/** `external_id`: a non-empty string, possibly from a function known when the template loads (get_param). */
function readExternalId(
  raw: unknown,
  version: HotVersion,
  evaluator: Evaluator,
  path: PathSegment[],
  problems: ProblemList,
): string | undefined {
  if (raw === undefined || raw === null || !versionAtLeast(version, EXTERNAL_ID_SINCE)) return undefined;
  const value = evaluator.evaluate(raw, path);
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (evaluator.isKnown(value)) {
    problems.add('INVALID_RESOURCE', 'external_id must be a non-empty string', path);
  } else {
    problems.add('INVALID_RESOURCE', 'external_id cannot depend on other resources', path);
  }
  return undefined;
}

function readDeletionPolicy(
  raw: unknown,
  version: HotVersion,
  evaluator: Evaluator,
  path: PathSegment[],
  problems: ProblemList,
): DeletionPolicy {
  if (raw === undefined || raw === null) return 'Delete';
  // Heat allows a function here (typically get_param), resolved when the template is loaded.
  const value = evaluator.evaluate(raw, path);
  const policy = normaliseDeletionPolicy(value);
  // Heat has the lower-case aliases (retain...) from 2016-10-14 only.
  if (policy && (policy === value || versionAtLeast(version, LOWER_CASE_POLICIES_SINCE))) return policy;
  if (policy) {
    problems.add(
      'INVALID_RESOURCE',
      `deletion_policy "${String(value)}" in lower case needs heat_template_version ${LOWER_CASE_POLICIES_SINCE} or later (write ${policy})`,
      path,
    );
    return policy;
  }
  if (evaluator.isKnown(value)) {
    problems.add(
      'INVALID_RESOURCE',
      `deletion_policy must be one of ${DELETION_POLICIES.join(', ')} (or lower case)`,
      path,
    );
  } else {
    problems.add('INVALID_RESOURCE', 'deletion_policy cannot depend on other resources', path);
  }
  return 'Delete';
}
