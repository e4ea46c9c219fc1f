/**
 * Template resources at compile time: a resource whose type is a template file (from `files`, or
 * a type the environment's resource_registry maps to one) is a nested stack. Its properties are
 * the nested template's parameters (a parameter without a default is a required property; any
 * other property is UNKNOWN_PROPERTY), its attributes are the nested template's outputs (and
 * `resource.NAME`), so they are not checked by name. The nesting is walked from here: a template
 * that includes itself is NESTED_STACK_RECURSION, a chain deeper than the limit
 * NESTED_STACK_TOO_DEEP.
 */
import type { PropertySchema, ResourceTypeSchema, TypeCatalog } from '../resources/types.ts';
import { isTemplateFile, mapResourceType } from './environment.ts';
import type { Environment } from './environment.ts';
import { ProblemList } from './problems.ts';
import { readSource } from './source.ts';
import { isPlainMap } from './values.ts';
import type { PlainMap } from './values.ts';

/** The schema of a template-file type, from the nested template's parameters. */
export function templateResourceSchema(file: string, text: string | undefined): ResourceTypeSchema {
  const properties: Record<string, PropertySchema> = {};
  const parameters = text === undefined ? undefined : sectionOf(text, 'parameters');
  for (const [name, declaration] of Object.entries(parameters ?? {})) {
    const hasDefault = isPlainMap(declaration) && Object.hasOwn(declaration, 'default');
    properties[name] = { type: 'any', required: !hasDefault, onChange: 'update' };
  }
  return {
    name: file,
    description: `A nested stack from the template ${file}`,
    properties,
    attributes: {},
    dynamicAttributes: true,
    // Unknown file content: accept anything rather than report every property.
    acceptsAnyProperties: parameters === undefined,
    planUpdate: () => 'update',
  };
}

/** A catalog that also knows the template files sent with the template as types. */
export function withTemplateFiles(
  catalog: TypeCatalog,
  files: Readonly<Record<string, string>>,
): TypeCatalog {
  const cache = new Map<string, ResourceTypeSchema>();
  return {
    names: () => catalog.names(),
    get(name: string) {
      const known = catalog.get(name);
      if (known && !known.name.startsWith('template:')) return known;
      if (!Object.hasOwn(files, name)) return known;
      let schema = cache.get(name);
      if (!schema) cache.set(name, (schema = templateResourceSchema(name, files[name])));
      return schema;
    },
  };
}

function sectionOf(text: string, key: 'parameters' | 'resources'): PlainMap | undefined {
  const read = readSource(text, new ProblemList());
  if (!isPlainMap(read.root)) return undefined;
  const section = read.root[key];
  if (section === undefined || section === null) return {};
  return isPlainMap(section) ? section : undefined;
}

/**
 * Walks the template files `resources` reach (through the environment) and reports recursion and
 * excess depth at the resource of this template that leads there.
 * @param depth the nesting level of the template being compiled (the top stack is 0).
 */
export function checkNesting(
  resources: PlainMap,
  environment: Environment,
  files: Readonly<Record<string, string>>,
  depth: number,
  maxDepth: number,
  problems: ProblemList,
): void {
  for (const [name, definition] of Object.entries(resources)) {
    if (!isPlainMap(definition) || typeof definition.type !== 'string') continue;
    const file = templateFileOf(environment, name, definition.type, files);
    if (file === undefined) continue;
    const found = walk(file, [file], depth + 1, environment, files, maxDepth, new Set());
    if (found) problems.add(found.code, found.message, ['resources', name, 'type']);
  }
}

function templateFileOf(
  environment: Environment,
  name: string,
  type: string,
  files: Readonly<Record<string, string>>,
): string | undefined {
  const mapped = mapResourceType(environment, name, type, files);
  if (mapped.file !== undefined) return mapped.file;
  return Object.hasOwn(files, type) && isTemplateFile(type, files) ? type : undefined;
}

type NestingProblem = { code: 'NESTED_STACK_RECURSION' | 'NESTED_STACK_TOO_DEEP'; message: string };

function walk(
  file: string,
  chain: string[],
  level: number,
  environment: Environment,
  files: Readonly<Record<string, string>>,
  maxDepth: number,
  done: Set<string>,
): NestingProblem | undefined {
  if (level > maxDepth) {
    return {
      code: 'NESTED_STACK_TOO_DEEP',
      message: `nested stacks may be at most ${maxDepth} levels deep (MAX_NESTED_STACK_DEPTH): ${chain.join(' -> ')} reaches level ${level}`,
    };
  }
  const text = Object.hasOwn(files, file) ? files[file] : undefined;
  if (text === undefined || done.has(`${file}@${level}`)) return undefined;
  const resources = sectionOf(text, 'resources') ?? {};
  for (const [name, definition] of Object.entries(resources)) {
    if (!isPlainMap(definition) || typeof definition.type !== 'string') continue;
    const next = templateFileOf(environment, name, definition.type, files);
    if (next === undefined) continue;
    if (chain.includes(next)) {
      return {
        code: 'NESTED_STACK_RECURSION',
        message: `the template ${next} includes itself: ${[...chain, next].join(' -> ')}`,
      };
    }
    const found = walk(next, [...chain, next], level + 1, environment, files, maxDepth, done);
    if (found) return found;
  }
  done.add(`${file}@${level}`);
  return undefined;
}
