/**
 * Environments (`openstack stack create -e env.yaml`), read and merged as Heat does
 * (heat/common/environment_format.py, heat/engine/environment.py):
 *
 * - sections: parameters, parameter_defaults, resource_registry, encrypted_param_names,
 *   event_sinks (anything else is an ENVIRONMENT_INVALID problem, as Heat's parser refuses it);
 * - several environments merge in order, later ones winning key by key in `parameters`,
 *   `parameter_defaults` and `resource_registry` (per-resource entries too);
 * - `resource_registry` maps a type to another type (aliases are followed), or to a template
 *   file (a nested stack: refused for now with NESTED_STACK_UNSUPPORTED), `null` removes an
 *   earlier mapping, keys may end with `*` to match a family of types, and `resources:` holds
 *   the same mappings for single resources by name.
 */
import { ProblemList } from './problems.ts';
import type { Path } from './problems.ts';
import { readSource } from './source.ts';
import { describeType, isPlainMap, setOwn } from './values.ts';
import type { PlainMap } from './values.ts';

export const ENVIRONMENT_SECTIONS = [
  'parameters',
  'parameter_defaults',
  'resource_registry',
  'encrypted_param_names',
  'event_sinks',
] as const;

export interface Environment {
  parameters: PlainMap;
  parameterDefaults: PlainMap;
  /** Type → type or template file; null entries remove a mapping. */
  registry: Record<string, string | null>;
  /** Resource name → (type → type or file). */
  resourceRegistry: Record<string, Record<string, string | null>>;
  encryptedParamNames: string[];
}

export function emptyEnvironment(): Environment {
  return {
    parameters: {},
    parameterDefaults: {},
    registry: {},
    resourceRegistry: {},
    encryptedParamNames: [],
  };
}

/** Reads and merges environment texts in order; problems' paths start with `environment.<index>`. */
export function readEnvironments(texts: readonly string[], problems: ProblemList): Environment {
  const merged = emptyEnvironment();
  texts.forEach((text, index) => {
    const base: Path = ['environment', index];
    const local = new ProblemList();
    const read = readSource(text, local);
    // Positions inside an environment are its own lines: kept, with the path re-rooted under it.
    for (const problem of local.pending)
      problems.pending.push({ ...problem, path: [...base, ...problem.path] });
    for (const warning of local.warnings)
      problems.warnings.push({ ...warning, path: [...base, ...warning.path] });
    if (read.root === undefined || read.root === null) return;
    if (!isPlainMap(read.root)) {
      problems.add(
        'ENVIRONMENT_INVALID',
        `an environment must be a map, not ${describeType(read.root)}`,
        base,
      );
      return;
    }
    mergeEnvironment(merged, read.root, base, problems);
  });
  return merged;
}

function mergeEnvironment(target: Environment, root: PlainMap, base: Path, problems: ProblemList): void {
  for (const [section, value] of Object.entries(root)) {
    const path = [...base, section];
    if (!(ENVIRONMENT_SECTIONS as readonly string[]).includes(section)) {
      problems.add(
        'ENVIRONMENT_INVALID',
        `unknown environment section "${section}" (expected ${ENVIRONMENT_SECTIONS.join(', ')})`,
        path,
        'key',
      );
      continue;
    }
    if (value === null || value === undefined) continue;
    switch (section) {
      case 'parameters':
      case 'parameter_defaults': {
        if (!isPlainMap(value)) {
          problems.add('ENVIRONMENT_INVALID', `${section} must be a map, not ${describeType(value)}`, path);
          break;
        }
        const into = section === 'parameters' ? target.parameters : target.parameterDefaults;
        for (const [name, item] of Object.entries(value)) setOwn(into, name, item);
        break;
      }
      case 'resource_registry':
        mergeRegistry(target, value, path, problems);
        break;
      case 'encrypted_param_names':
        if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
          target.encryptedParamNames.push(...value);
        else problems.add('ENVIRONMENT_INVALID', 'encrypted_param_names must be a list of names', path);
        break;
      case 'event_sinks':
        if (!Array.isArray(value))
          problems.add('ENVIRONMENT_INVALID', `event_sinks must be a list, not ${describeType(value)}`, path);
        else if (value.length > 0)
          // Heat sends events to Zaqar queues; there is no such service here. Accepted, said so.
          problems.warn(
            'UNSUPPORTED_EVENT_SINKS',
            'event_sinks are accepted but no events are sent to them',
            path,
          );
        break;
    }
  }
}

function mergeRegistry(target: Environment, value: unknown, path: Path, problems: ProblemList): void {
  if (!isPlainMap(value)) {
    problems.add('ENVIRONMENT_INVALID', `resource_registry must be a map, not ${describeType(value)}`, path);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = [...path, key];
    if (key === 'resources') {
      if (!isPlainMap(item)) {
        problems.add(
          'ENVIRONMENT_INVALID',
          'resource_registry.resources must be a map of resource names',
          itemPath,
        );
        continue;
      }
      for (const [resource, mappings] of Object.entries(item)) {
        if (!isPlainMap(mappings)) {
          problems.add('ENVIRONMENT_INVALID', `the entry for resource "${resource}" must be a map`, [
            ...itemPath,
            resource,
          ]);
          continue;
        }
        const into = (target.resourceRegistry[resource] ??= {});
        for (const [type, mapped] of Object.entries(mappings)) {
          // Hooks (pre-create...) and restricted actions are about events, not types.
          if (['hooks', 'restricted_actions'].includes(type)) continue;
          if (mapped === null || typeof mapped === 'string') setOwn(into, type, mapped);
          else
            problems.add('ENVIRONMENT_INVALID', `a registry entry must map to a type or a file`, [
              ...itemPath,
              resource,
              type,
            ]);
        }
      }
      continue;
    }
    // `base_url` (Heat's prefix for template files) is kept out of the type mappings.
    if (key === 'base_url') continue;
    if (item === null || typeof item === 'string') setOwn(target.registry, key, item);
    else problems.add('ENVIRONMENT_INVALID', 'a registry entry must map to a type or a file', itemPath);
  }
}

/** A registry target that names a template rather than a type (Heat: it ends with .yaml/.template or is a URL). */
export function isTemplateFile(target: string, files: Readonly<Record<string, string>>): boolean {
  return (
    Object.hasOwn(files, target) ||
    /\.(ya?ml|template|json)$/i.test(target) ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(target)
  );
}

/**
 * The type a resource really has after the registry: per-resource entries first, then the
 * global ones (exact key, then the longest matching `prefix*` key), followed through aliases.
 * Returns a template file name when the chain ends at one, undefined when nothing maps it.
 */
export function mapResourceType(
  environment: Environment,
  resourceName: string,
  type: string,
  files: Readonly<Record<string, string>>,
): { type: string; file?: string } {
  let current = type;
  const seen = new Set<string>();
  const own = Object.hasOwn(environment.resourceRegistry, resourceName)
    ? environment.resourceRegistry[resourceName]
    : undefined;
  while (!seen.has(current)) {
    seen.add(current);
    const mapped =
      own && Object.hasOwn(own, current) ? own[current] : lookupGlobal(environment.registry, current);
    if (mapped === undefined || mapped === null) return { type: current };
    if (isTemplateFile(mapped, files)) return { type: current, file: mapped };
    current = mapped;
  }
  return { type: current };
}

function lookupGlobal(registry: Record<string, string | null>, type: string): string | null | undefined {
  if (Object.hasOwn(registry, type)) return registry[type];
  let best: string | undefined;
  for (const key of Object.keys(registry)) {
    if (key.endsWith('*') && type.startsWith(key.slice(0, -1)) && (!best || key.length > best.length))
      best = key;
  }
  if (best === undefined) return undefined;
  const target = registry[best];
  // `OS::Nova::*: OS::Heat::None` style globs map every match to one type; a target ending in
  // `*` keeps the rest of the name (`OS::Old::*: OS::New::*`).
  return typeof target === 'string' && target.endsWith('*')
    ? target.slice(0, -1) + type.slice(best.length - 1)
    : target;
}

/**
 * The type a resource declared with `type` has under these environment texts' resource_registry
 * (a template file's name when the registry maps it to one), for code that reads a template's
 * text without compiling it (sealing its literal secrets). Environments that do not parse map
 * nothing (the compiler refused them already).
 */
export function environmentTypeMapper(
  texts: readonly string[],
  files: Readonly<Record<string, string>>,
): (resourceName: string, type: string) => string {
  if (texts.length === 0) return (_, type) => type;
  const environment = readEnvironments(texts, new ProblemList());
  return (name, type) => {
    const mapped = mapResourceType(environment, name, type, files);
    return mapped.file ?? mapped.type;
  };
}
