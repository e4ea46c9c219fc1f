/**
 * The `files` map sent with a template, collected the way `openstack stack create -t T -e E` does:
 * every `get_file` path and every template-file resource type found in the template, the
 * environments, and (recursively) in the files they name. Paths are read relative to the file
 * that names them; keys are paths relative to the template's folder (the name written in the
 * template itself for its own references), so the service can resolve `get_file: a/b.txt`
 * written in the template directly.
 */
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { InputError } from './errors.ts';

export type ReadText = (path: string) => Promise<string>;

/** A resource type naming a template file rather than a registered type. */
export function isTemplateFileType(type: string): boolean {
  return !type.includes('::') && /\.(ya?ml|template|json)$/i.test(type);
}

function isUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

async function parseDocument(text: string, file: string): Promise<unknown> {
  // Loaded when there is a file to read: yaml is the largest import of the CLI.
  const { parse: parseYaml } = await import('yaml');
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw new InputError(`cannot parse ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** `get_file` arguments anywhere in a document. */
export function getFilePaths(doc: unknown, found: string[] = []): string[] {
  if (Array.isArray(doc)) {
    for (const item of doc) getFilePaths(item, found);
  } else if (doc !== null && typeof doc === 'object') {
    for (const [key, value] of Object.entries(doc)) {
      if (key === 'get_file' && typeof value === 'string') found.push(value);
      else getFilePaths(value, found);
    }
  }
  return found;
}

/**
 * Resource types of a template that are template files (`type: nested.yaml`), also a
 * ResourceGroup's member type (`properties.resource_def.type`).
 */
export function templateTypePaths(doc: unknown): string[] {
  const resources = (doc as { resources?: unknown } | null)?.resources;
  if (resources === null || typeof resources !== 'object') return [];
  const found: string[] = [];
  for (const resource of Object.values(resources as Record<string, unknown>)) {
    const type = (resource as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && isTemplateFileType(type)) found.push(type);
    const properties = (resource as { properties?: unknown } | null)?.properties;
    const member = (properties as { resource_def?: { type?: unknown } } | null)?.resource_def?.type;
    if (typeof member === 'string' && isTemplateFileType(member)) found.push(member);
  }
  return found;
}

/** Template files an environment's `resource_registry` maps types to (also per-resource overrides). */
export function registryPaths(doc: unknown): string[] {
  const registry = (doc as { resource_registry?: unknown } | null)?.resource_registry;
  const found: string[] = [];
  const walk = (map: unknown) => {
    if (map === null || typeof map !== 'object' || Array.isArray(map)) return;
    for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
      if (key === 'resources') {
        for (const overrides of Object.values((value ?? {}) as Record<string, unknown>)) walk(overrides);
      } else if (typeof value === 'string' && isTemplateFileType(value)) found.push(value);
    }
  };
  walk(registry);
  return found;
}

/**
 * Reads everything the template and environments refer to. `templatePath` and `environmentPaths`
 * are paths on disk (the template may be '-': then references are relative to the working folder).
 */
export async function collectFiles(
  template: { path: string; text: string },
  environments: ReadonlyArray<{ path: string; text: string }>,
  read: ReadText,
): Promise<Record<string, string>> {
  const base = template.path === '-' ? process.cwd() : dirname(template.path);
  const files: Record<string, string> = {};
  const visited = new Set<string>();

  const keyOf = (path: string, written: string, from: string): string => {
    if (from === base && !isAbsolute(written)) return normalize(written).split(sep).join('/');
    const rel = relative(base, path);
    return (rel.startsWith('..') || isAbsolute(rel) ? path : rel).split(sep).join('/');
  };

  const visit = async (written: string, from: string, referrer: string, asTemplate: boolean) => {
    if (isUrl(written)) {
      throw new InputError(
        `${referrer} refers to ${written}: only local files are collected; save it and refer to the copy`,
      );
    }
    const path = isAbsolute(written) ? written : join(from, written);
    const key = keyOf(path, written, from);
    if (visited.has(path)) return;
    visited.add(path);
    let text: string;
    try {
      text = await read(path);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new InputError(
        `${referrer} refers to ${written}: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    files[key] = text;
    if (asTemplate) await visitTemplate(await parseDocument(text, path), dirname(path), path);
  };

  const visitTemplate = async (doc: unknown, from: string, referrer: string) => {
    for (const p of getFilePaths(doc)) await visit(p, from, referrer, false);
    for (const p of templateTypePaths(doc)) await visit(p, from, referrer, true);
  };

  // Most templates refer to nothing: skip parsing (a large template takes a while) when no
  // get_file and no file-like type can be in it.
  if (/get_file|\.(ya?ml|template|json)\b/i.test(template.text)) {
    await visitTemplate(await parseDocument(template.text, template.path), base, template.path);
  }
  for (const env of environments) {
    const doc = await parseDocument(env.text, env.path);
    const from = dirname(env.path);
    for (const p of registryPaths(doc)) await visit(p, from, env.path, true);
    for (const p of getFilePaths(doc)) await visit(p, from, env.path, false);
  }
  return files;
}
