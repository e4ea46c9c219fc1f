/**
 * Reading template (and environment) text into plain values as Heat reads it
 * (heat/common/template_format.py): JSON first, then YAML with PyYAML's SafeLoader rules
 * (`yaml-schema.ts`), duplicate keys keeping the last value (PyYAML and Python's json do).
 *
 * js-yaml does the reading. The `yaml` package is used only where positions are needed: to
 * locate problems found later (lazily), to find every duplicate key with both of its
 * locations, and to describe syntax errors. Nothing else pays for it.
 */
import jsyaml from 'js-yaml';
import type { Locate, Path, ProblemList, SourcePosition } from './problems.ts';
import { isPlainMap, setOwn } from './values.ts';
import { createLazyLocator, inspectKeys, readYaml } from './yaml-document.ts';
import { HEAT_YAML_SCHEMA } from './yaml-schema.ts';

export interface SourceReadResult {
  /** The document as plain values; undefined when it could not be read (problems say why). */
  root: unknown;
  /** False when the source holds no document at all (empty, or only comments). */
  hasContent: boolean;
  locate: Locate;
}

/** js-yaml's own bound is far below what some templates nest; `values.ts` bounds depth later. */
const MAX_READER_DEPTH = 1000;

export function readSource(
  source: string,
  problems: ProblemList,
  schema = HEAT_YAML_SCHEMA,
): SourceReadResult {
  const locate = createLazyLocator(source);
  const json = readJson(source, problems);
  if (json) return { root: json.value, hasContent: true, locate };

  let value: unknown;
  try {
    value = jsyaml.load(source, { schema, maxDepth: MAX_READER_DEPTH } as jsyaml.LoadOptions);
  } catch (error) {
    if (!(error instanceof jsyaml.YAMLException)) throw error;
    if (/duplicated mapping key/.test(error.reason)) {
      const lenient = loadKeepingLast(source, schema);
      if (lenient.ok) return finish(lenient.value, source, problems, locate, true);
    }
    return readWithPositions(source, problems, error);
  }
  return finish(value, source, problems, locate);
}

function finish(
  value: unknown,
  source: string,
  problems: ProblemList,
  locate: Locate,
  hasDuplicates = false,
): SourceReadResult {
  if (value === undefined) return { root: undefined, hasContent: false, locate };
  if (hasDuplicates || mayHoldCollectionKeys(source)) {
    const keys = inspectKeys(source);
    for (const duplicate of keys.duplicates) warnDuplicate(problems, duplicate);
    for (const key of keys.collectionKeys)
      problems.addAt(
        'INVALID_TEMPLATE',
        'mapping keys must be strings, not lists or maps',
        key.path,
        key.position,
      );
    if (keys.collectionKeys.length > 0) return { root: undefined, hasContent: true, locate };
  }
  const root = mayHoldAliases(source) ? expandAliases(value, source.length, problems) : value;
  return { root, hasContent: true, locate };
}

function loadKeepingLast(
  source: string,
  schema: jsyaml.Schema,
): { ok: true; value: unknown } | { ok: false } {
  try {
    // js-yaml's `json` mode is exactly "a later duplicate overrides an earlier one".
    return {
      ok: true,
      value: jsyaml.load(source, { schema, json: true, maxDepth: MAX_READER_DEPTH } as jsyaml.LoadOptions),
    };
  } catch (error) {
    if (error instanceof jsyaml.YAMLException) return { ok: false };
    throw error;
  }
}

/**
 * js-yaml refused the text: ask the `yaml` package for positioned problems; when it has none
 * (the two readers disagree on an edge of the grammar), report js-yaml's own message and mark.
 */
function readWithPositions(
  source: string,
  problems: ProblemList,
  error: jsyaml.YAMLException,
): SourceReadResult {
  const before = problems.size;
  const read = readYaml(source, problems);
  if (problems.size === before) {
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const position =
      mark && typeof mark.line === 'number' && typeof mark.column === 'number'
        ? { line: mark.line + 1, column: mark.column + 1 }
        : undefined;
    problems.addAt('YAML_SYNTAX', error.reason || 'the text cannot be read as YAML', [], position);
  }
  return { root: undefined, hasContent: true, locate: read.locate };
}

function warnDuplicate(
  problems: ProblemList,
  duplicate: { path: Path; first?: SourcePosition; second?: SourcePosition },
): void {
  const key = String(duplicate.path[duplicate.path.length - 1]);
  const where = duplicate.first
    ? ` (first at line ${duplicate.first.line}, column ${duplicate.first.column})`
    : '';
  problems.warnAt(
    'DUPLICATE_KEY',
    `duplicate key "${key}"${where}: the last value is used, as Heat does`,
    duplicate.path,
    duplicate.second,
  );
}

// ---------------------------------------------------------------------------------------------
// JSON, as Heat tries it first
// ---------------------------------------------------------------------------------------------

function readJson(source: string, problems: ProblemList): { value: unknown } | undefined {
  // Only a map can be a template; anything else is left to the YAML reader for its messages.
  if (!/^[\s\uFEFF]*\{/.test(source)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return undefined;
  }
  if (!isPlainMap(value)) return undefined;
  for (const duplicate of findJsonDuplicateKeys(source)) warnDuplicate(problems, duplicate);
  return { value };
}

/**
 * Duplicate keys in text already known to be valid JSON (JSON.parse keeps the last one
 * silently). One linear scan keeping the key sets of the open objects.
 */
export function findJsonDuplicateKeys(
  source: string,
): { path: Path; first: SourcePosition; second: SourcePosition }[] {
  interface Frame {
    keys: Map<string, number> | undefined;
    key: string | number;
  }
  const found: { path: Path; first: SourcePosition; second: SourcePosition }[] = [];
  const stack: Frame[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (char === '"') {
      const start = index;
      index++;
      let escaped = false;
      while (index < source.length && source[index] !== '"') {
        if (source[index] === '\\') {
          escaped = true;
          index++;
        }
        index++;
      }
      index++;
      const top = stack[stack.length - 1];
      if (top?.keys) {
        let next = index;
        while (next < source.length && /\s/.test(source[next] as string)) next++;
        if (source[next] === ':') {
          const raw = source.slice(start, index);
          const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
          const earlier = top.keys.get(key);
          if (earlier !== undefined) {
            const path = [...stack.slice(0, -1).map((frame) => frame.key), key];
            found.push({ path, first: positionAt(source, earlier), second: positionAt(source, start) });
          }
          top.keys.set(key, start);
          top.key = key;
        }
      }
      continue;
    }
    if (char === '{') stack.push({ keys: new Map(), key: '' });
    else if (char === '[') stack.push({ keys: undefined, key: 0 });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',') {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.key = (top.key as number) + 1;
    }
    index++;
  }
  return found;
}

function positionAt(source: string, offset: number): SourcePosition {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

// ---------------------------------------------------------------------------------------------
// Aliases: js-yaml shares one object between an anchor and its aliases
// ---------------------------------------------------------------------------------------------

/**
 * js-yaml turns a collection used as a key into text; such keys need an explicit `? ` or a
 * flow collection right before a `:`. Only then is the text inspected further.
 */
function mayHoldCollectionKeys(source: string): boolean {
  return /(^|[\s,[{])\?(\s|$)|[\]}]\s*:(\s|$)/m.test(source);
}

/** Anchors can only exist where `&` starts a node; a `&` inside a string merely costs a copy. */
function mayHoldAliases(source: string): boolean {
  return source.includes('*') && /(^|[\s[{,:-])&[^\s,[\]{}]/.test(source);
}

/** How much text alias expansion may add to a document (its own text aside). */
export const MAX_ALIAS_EXPANSION_CHARS = 16 * 1024 * 1024;

/**
 * Copies the value so that every use of an alias is its own value (later stages may annotate
 * values), with a budget so a small document cannot expand into billions of nodes, and
 * refusing recursive aliases (a value that contains itself cannot be a template value).
 */
function expandAliases(value: unknown, sourceLength: number, problems: ProblemList): unknown {
  let budget = 100_000 + sourceLength;
  // Strings are shared, not copied, but every use is stored and serialised on its own: a 1 MB
  // string aliased 1,000 times is a gigabyte of text later. Bound the text the copies hold.
  let textBudget = MAX_ALIAS_EXPANSION_CHARS + sourceLength;
  const ancestors = new Set<object>();
  let failed: string | undefined;
  const path: (string | number)[] = [];
  const copy = (node: unknown): unknown => {
    if (typeof node === 'string' && !failed && (textBudget -= node.length) < 0) {
      failed = `aliases expand to more than ${MAX_ALIAS_EXPANSION_CHARS / (1024 * 1024)} MiB of text`;
      return null;
    }
    if (failed || typeof node !== 'object' || node === null) return node;
    if (--budget < 0) {
      failed = 'aliases expand to too many nodes';
      return null;
    }
    if (ancestors.has(node)) {
      failed = 'a recursive alias (a value that contains itself)';
      return null;
    }
    ancestors.add(node);
    let result: unknown;
    if (Array.isArray(node)) {
      result = node.map((item: unknown, index) => {
        path.push(index);
        const itemCopy = copy(item);
        path.pop();
        return itemCopy;
      });
    } else {
      const map: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) {
        textBudget -= key.length;
        path.push(key);
        setOwn(map, key, copy(item));
        path.pop();
      }
      result = map;
    }
    ancestors.delete(node);
    return result;
  };
  const result = copy(value);
  if (failed) {
    problems.add('YAML_SYNTAX', failed, []);
    return undefined;
  }
  return result;
}
