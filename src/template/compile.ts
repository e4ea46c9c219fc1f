/**
 * compileTemplate: template text + parameter values → a checked, partially evaluated template
 * whose resources are in dependency order, or every problem found.
 */
import type { TypeCatalog } from '../resources/types.ts';
import { findCycles, formatCycle, topologicalOrder } from '../graph/dag.ts';
import { CompileScope } from './compile-scope.ts';
import { Conditions, splitByCondition } from './conditions.ts';
import { Evaluator } from './evaluator.ts';
import { compileOutputs } from './outputs.ts';
import type { CompiledOutput } from './outputs.ts';
import { checkParameterGroups } from './parameter-groups.ts';
import { readParameterDeclarations, resolveParameterValues } from './parameters.ts';
import type { ParameterDefinition } from './parameters.ts';
import { finishProblems, ProblemList } from './problems.ts';
import type { Locate, Problem, Warning } from './problems.ts';
import { compileResources } from './resources.ts';
import type { CompiledResource } from './resources.ts';
import { mapResourceType, readEnvironments } from './environment.ts';
import type { Environment } from './environment.ts';
import { checkNesting, withTemplateFiles } from './nested-templates.ts';
import { readSource } from './source.ts';
import { checkParameterSchemaVersion, checkSharedNames } from './version-rules.ts';
import {
  describeType,
  isPlainMap,
  loneSurrogateIndex,
  loneSurrogatePath,
  MAX_NESTING,
  setOwn,
  tooDeep,
} from './values.ts';
import type { PlainMap } from './values.ts';
import { HOT_VERSIONS, LATEST_VERSION, normaliseVersion } from './versions.ts';
import type { HotVersion } from './versions.ts';

export interface CompiledTemplate {
  /** Normalised date form, e.g. `2018-08-31` (also for release names such as `rocky`). */
  heatTemplateVersion: HotVersion;
  description?: string;
  parameters: Record<string, ParameterDefinition>;
  /** Typed values after defaults and coercion (including pseudo-parameters that were passed). */
  parameterValues: Record<string, unknown>;
  /** Names of parameters declared `hidden: true`. */
  hiddenParameters: string[];
  /** In dependency order: every resource after those it requires; ties by name. */
  resources: CompiledResource[];
  /** Values partially evaluated like properties; outputs add no dependencies. */
  outputs: Record<string, CompiledOutput>;
}

export interface CompileOptions {
  /** Upper bound on the number of resources; no bound when omitted. */
  maxResources?: number;
  /**
   * Refuse `custom_constraint` names that only a cloud can check (nova.flavor...) with an
   * UNKNOWN_CUSTOM_CONSTRAINT problem; by default they are accepted with a warning.
   */
  strictCustomConstraints?: boolean;
  /**
   * Environment texts (YAML or JSON), merged in order like repeated `-e` options. Their
   * `parameters` are overridden by `parameterValues`; `parameter_defaults` apply to declared
   * parameters; `resource_registry` maps resource types.
   */
  environment?: string | readonly string[];
  /** Files sent with the template (path or URL → content), as `openstack stack create` does. */
  files?: Readonly<Record<string, string>>;
  /** The nesting level of the stack this template is for (the top stack is 0). */
  nestedDepth?: number;
  /** Deepest nesting allowed (MAX_NESTED_STACK_DEPTH); default 5, as Heat. */
  maxNestedDepth?: number;
}

/** Warnings come with every result, successful or not: what Heat accepts silently but a user should know. */
export type CompileResult =
  | { ok: true; template: CompiledTemplate; warnings: Warning[] }
  | { ok: false; problems: Problem[]; warnings: Warning[] };

const SECTIONS = [
  'heat_template_version',
  'description',
  'parameter_groups',
  'parameters',
  'resources',
  'outputs',
  'conditions',
];
const CFN_VERSION_KEYS = ['AWSTemplateFormatVersion', 'HeatTemplateFormatVersion'];

/**
 * Parses and checks a HOT template (YAML or JSON) and evaluates what can be evaluated before
 * any resource exists. Never throws for bad input: every problem found is returned at once,
 * each with its path and, when it can be traced to the source, line and column.
 *
 * @param parameterValues values for the template's parameters (and optionally the
 *   pseudo-parameters OS::stack_name, OS::stack_id, OS::project_id); coerced as Heat does.
 * @example
 * const result = compileTemplate(yamlText, { size: '3' }, catalog);
 * if (result.ok) for (const resource of result.template.resources) console.log(resource.name, resource.requires);
 * else for (const problem of result.problems) console.log(`${problem.line}:${problem.column} ${problem.code} ${problem.message}`);
 */
export function compileTemplate(
  source: string,
  parameterValues: Record<string, unknown>,
  catalog: TypeCatalog,
  options: CompileOptions = {},
): CompileResult {
  const problems = new ProblemList();
  let locate: Locate | undefined;
  let template: CompiledTemplate | undefined;
  const surrogate = loneSurrogateIndex(source);
  if (surrogate >= 0) {
    // Such text cannot be stored or sent as UTF-8: it would come back altered.
    problems.addAt(
      'INVALID_TEMPLATE',
      'the template contains an unpaired UTF-16 surrogate (not valid Unicode text)',
      [],
      positionOf(source, surrogate),
    );
  }
  for (const [name, value] of Object.entries(parameterValues)) {
    if (loneSurrogatePath(value))
      problems.add(
        'PARAMETER_INVALID',
        `parameter "${name}" contains an unpaired UTF-16 surrogate (not valid Unicode text)`,
        ['parameters', name],
      );
    else if (tooDeep(value))
      problems.add('PARAMETER_INVALID', `parameter "${name}" is nested deeper than ${MAX_NESTING} levels`, [
        'parameters',
        name,
      ]);
  }
  try {
    const read = readSource(source, problems);
    locate = read.locate;
    const deep = read.root === undefined ? undefined : tooDeep(read.root);
    // Escapes (JSON's or YAML's \udc00) can smuggle unpaired surrogates past the check on the
    // text; every escape starts with a backslash, so a text without one needs no second look.
    const illFormed =
      surrogate >= 0 || deep || read.root === undefined || !source.includes('\\')
        ? undefined
        : loneSurrogatePath(read.root);
    if (deep)
      problems.add(
        'INVALID_TEMPLATE',
        `the template is nested deeper than ${MAX_NESTING} levels`,
        deep.slice(0, MAX_NESTING),
      );
    else {
      // Reported, but checking goes on: every problem at once.
      if (illFormed)
        problems.add(
          'INVALID_TEMPLATE',
          'this text contains an unpaired UTF-16 surrogate (not valid Unicode text)',
          illFormed,
        );
      template = compileDocument(read.root, read.hasContent, parameterValues, catalog, options, problems);
    }
  } catch (error) {
    if (isStackOverflow(error)) problems.add('INVALID_TEMPLATE', 'the template is nested too deeply', []);
    else if (error instanceof RangeError)
      problems.add('INVALID_TEMPLATE', 'evaluating the template produces a value too large', []);
    else throw error;
  }
  const warnings = finishProblems(problems.warnings, locate);
  if (template && problems.isEmpty) return { ok: true, template, warnings };
  return { ok: false, problems: finishProblems(problems.pending, locate), warnings };
}

function positionOf(source: string, index: number): { line: number; column: number } {
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** Every stage walks the document recursively; absurd nesting exhausts the stack, which is the user's fault. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function compileDocument(
  root: unknown,
  hasContent: boolean,
  givenParameters: Record<string, unknown>,
  catalog: TypeCatalog,
  options: CompileOptions,
  problems: ProblemList,
): CompiledTemplate | undefined {
  if (!problems.isEmpty && root === undefined) return undefined;
  // A lone `---` (or `null`) is a document with no content.
  if (!hasContent || root === null) {
    problems.add('EMPTY_TEMPLATE', 'the template is empty', []);
    return undefined;
  }
  if (!isPlainMap(root)) {
    problems.add('INVALID_TEMPLATE', `a template must be a map of sections, not ${describeType(root)}`, []);
    return undefined;
  }
  const cfnKey = CFN_VERSION_KEYS.find((key) => Object.hasOwn(root, key));
  if (cfnKey) {
    problems.add(
      'UNSUPPORTED',
      'CloudFormation-format templates are not supported; write HOT',
      [cfnKey],
      'key',
    );
    return undefined;
  }
  for (const key of Object.keys(root)) {
    if (!SECTIONS.includes(key)) {
      problems.add(
        'UNKNOWN_SECTION',
        `unknown section "${key}" (expected ${SECTIONS.join(', ')})`,
        [key],
        'key',
      );
    }
  }

  const environment = readEnvironments(
    options.environment === undefined
      ? []
      : typeof options.environment === 'string'
        ? [options.environment]
        : options.environment,
    problems,
  );
  const files = options.files ?? {};
  const version = readVersion(root, problems);
  const description = readDescription(root, problems);
  const parametersSection = readSection(root, 'parameters', problems);
  const allResources = readSection(root, 'resources', problems);
  const outputsSection = readSection(root, 'outputs', problems);

  const declarations = readParameterDeclarations(parametersSection, problems, {
    strictCustomConstraints: options.strictCustomConstraints ?? false,
  });
  checkParameterGroups(root.parameter_groups, declarations.declared, problems);
  checkParameterSchemaVersion(parametersSection, version, problems);
  const defaults: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(environment.parameterDefaults))
    if (declarations.declared.has(name)) setOwn(defaults, name, value);
  const values = resolveParameterValues(
    declarations,
    { ...defaults, ...environment.parameters, ...givenParameters },
    problems,
  );
  // A json parameter given as text is only parsed here: check its depth once it is a value.
  for (const [name, value] of values) {
    if (tooDeep(value)) {
      problems.add('PARAMETER_INVALID', `parameter "${name}" is nested deeper than ${MAX_NESTING} levels`, [
        'parameters',
        name,
      ]);
      values.delete(name);
    }
  }

  const parameterLookup = { values, declared: declarations.declared };
  const conditions = new Conditions(
    root.conditions,
    version,
    new Evaluator(new CompileScope(version, parameterLookup, NO_RESOURCES, problems, files)),
    problems,
  );
  const { enabled, disabled } = splitByCondition(allResources, conditions, version);
  checkSharedNames(declarations.declared, enabled, problems);
  checkNesting(enabled, environment, files, options.nestedDepth ?? 0, options.maxNestedDepth ?? 5, problems);
  const resourcesSection = applyRegistry(enabled, environment, files);
  // Template files are types too: their parameters are the properties (template resources).
  catalog = withTemplateFiles(catalog, files);

  // Every declared resource counts, those a false condition disables too: the bound is on what the
  // template can create (a parameter flips a condition), and the cheap count before parsing
  // (countDeclaredResources) counts the same way.
  const resourceCount = Object.keys(allResources).length;
  if (options.maxResources !== undefined && resourceCount > options.maxResources) {
    const message = `the template has ${resourceCount} resources; at most ${options.maxResources} are allowed`;
    problems.add('TOO_MANY_RESOURCES', message, ['resources'], 'key');
  }

  const scope = new CompileScope(
    version,
    parameterLookup,
    resourceLookup(resourcesSection, disabled, catalog),
    problems,
    files,
  );
  const evaluator = new Evaluator(scope);
  evaluator.useConditions(conditions);
  const resources = compileResources(resourcesSection, { catalog, scope, evaluator, problems, disabled });
  if (options.maxResources !== undefined)
    checkGeneratedSizes(resources, catalog, options.maxResources, problems);
  const outputs = compileOutputs(outputsSection, { scope, evaluator, problems, conditions });
  const ordered = orderResources(resources, problems);
  if (!problems.isEmpty || !ordered) return undefined;

  const definitions = [...declarations.definitions.values()];
  const template: CompiledTemplate = {
    heatTemplateVersion: version,
    parameters: Object.fromEntries(definitions.map((definition) => [definition.name, definition])),
    parameterValues: Object.fromEntries(values),
    // encrypted_param_names: Heat stores those values encrypted; here they are masked like hidden ones.
    hiddenParameters: definitions
      .filter((definition) => definition.hidden || environment.encryptedParamNames.includes(definition.name))
      .map((definition) => definition.name),
    resources: ordered,
    outputs,
  };
  if (description !== undefined) template.description = description;
  return template;
}

/**
 * A resource generating a nested stack larger than a stack may be (a ResourceGroup of count
 * 1,000,000) is refused here, from its properties, instead of being expanded when it runs.
 */
function checkGeneratedSizes(
  resources: readonly CompiledResource[],
  catalog: TypeCatalog,
  max: number,
  problems: ProblemList,
): void {
  for (const resource of resources) {
    const size = catalog.get(resource.type)?.generatedResources?.(resource.properties);
    if (size === undefined || size <= max) continue;
    problems.add(
      'TOO_MANY_RESOURCES',
      `resource "${resource.name}" would create a nested stack of ${size} resources; at most ${max} are allowed`,
      ['resources', resource.name, 'properties'],
      'key',
    );
  }
}

function readVersion(root: PlainMap, problems: ProblemList): HotVersion {
  const raw = root.heat_template_version;
  if (raw === undefined || raw === null) {
    problems.add('MISSING_VERSION', 'the template needs a heat_template_version (e.g. 2021-04-16)', []);
    return LATEST_VERSION;
  }
  const version = normaliseVersion(raw);
  if (!version) {
    const message = `unknown heat_template_version ${JSON.stringify(raw)} (expected one of ${HOT_VERSIONS.join(', ')}, or a release name such as wallaby)`;
    problems.add('UNKNOWN_VERSION', message, ['heat_template_version']);
  }
  // Carry on with the latest version so that the rest of the template is still checked.
  return version ?? LATEST_VERSION;
}

function readDescription(root: PlainMap, problems: ProblemList): string | undefined {
  const description = root.description;
  if (description === undefined || description === null) return undefined;
  if (typeof description === 'string') return description;
  problems.add('INVALID_SECTION', `description must be a string, not ${describeType(description)}`, [
    'description',
  ]);
  return undefined;
}

/** A section that must be a map; an empty (null) section is an empty map, as in Heat. */
function readSection(
  root: PlainMap,
  key: 'parameters' | 'resources' | 'outputs',
  problems: ProblemList,
): PlainMap {
  const section = root[key];
  if (section === undefined || section === null) return {};
  if (isPlainMap(section)) return section;
  problems.add('INVALID_SECTION', `${key} must be a map, not ${describeType(section)}`, [key]);
  return {};
}

/** Resource definitions with their types mapped through the environment's resource_registry. */
function applyRegistry(
  section: PlainMap,
  environment: Environment,
  files: Readonly<Record<string, string>>,
): PlainMap {
  const hasRegistry =
    Object.keys(environment.registry).length > 0 || Object.keys(environment.resourceRegistry).length > 0;
  if (!hasRegistry) return section;
  const mapped: PlainMap = {};
  for (const [name, definition] of Object.entries(section)) {
    if (!isPlainMap(definition) || typeof definition.type !== 'string') {
      setOwn(mapped, name, definition);
      continue;
    }
    const target = mapResourceType(environment, name, definition.type, files);
    // A type mapped to a template file is that template (a nested stack: template resource).
    const type = target.file ?? target.type;
    setOwn(mapped, name, type === definition.type ? definition : { ...definition, type });
  }
  return mapped;
}

/** Conditions may not refer to resources (Heat: get_resource "is invalid" there). */
const NO_RESOURCES = { has: () => false, schemaOf: () => undefined };

function resourceLookup(section: PlainMap, disabled: ReadonlySet<string>, catalog: TypeCatalog) {
  return {
    has: (name: string) => Object.hasOwn(section, name),
    isDisabled: (name: string) => disabled.has(name),
    schemaOf(name: string) {
      const definition = section[name];
      return isPlainMap(definition) && typeof definition.type === 'string'
        ? catalog.get(definition.type)
        : undefined;
    },
  };
}

/** Dependency order, or undefined after reporting each cycle at its first resource. */
function orderResources(
  resources: CompiledResource[],
  problems: ProblemList,
): CompiledResource[] | undefined {
  const byName = new Map(resources.map((resource) => [resource.name, resource]));
  const requiresOf = (name: string) => byName.get(name)?.requires ?? [];
  const cycles = findCycles([...byName.keys()], requiresOf);
  for (const cycle of cycles) {
    problems.add(
      'DEPENDENCY_CYCLE',
      `dependency cycle: ${formatCycle(cycle)}`,
      ['resources', cycle[0] as string],
      'key',
    );
  }
  if (cycles.length > 0) return undefined;
  return topologicalOrder([...byName.keys()], requiresOf).map((name) => byName.get(name) as CompiledResource);
}
