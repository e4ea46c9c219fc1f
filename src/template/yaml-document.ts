/**
 * Reads a template with the `yaml` package (JSON is YAML, so one reader serves both) and maps
 * locations back to the source.
 *
 * We convert the syntax tree ourselves rather than calling `toJS()` because we need what
 * `toJS()` hides: duplicate keys (YAML would silently keep the last one), the location of every
 * duplicate, and a bound on alias expansion ("billion laughs").
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { Anchor, Locate, Path, ProblemList, SourcePosition } from './problems.ts';
import { setOwn } from './values.ts';
import type { PlainMap } from './values.ts';

/**
 * YAML 1.2 core schema: `2018-08-31` stays a string and `yes`/`no` stay strings (both differ
 * from YAML 1.1). Merge keys (`<<`) are a YAML 1.1 feature and are not enabled. Duplicate keys
 * are detected by the converter below, with their paths.
 */
const PARSE_OPTIONS = { schema: 'core', uniqueKeys: false, merge: false, prettyErrors: true } as const;

type ParsedDocument = Document.Parsed;

export interface YamlReadResult {
  /** The document as plain values; undefined when the source could not be read at all. */
  root: unknown;
  /** False when the document is empty (no content, only comments). */
  hasContent: boolean;
  locate: Locate;
}

/**
 * Reads the source, adding YAML_SYNTAX problems (and DUPLICATE_KEY warnings); never throws.
 * Only used when js-yaml refused the text, to describe why with positions.
 */
export function readYaml(source: string, problems: ProblemList): YamlReadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { ...PARSE_OPTIONS, lineCounter });
  const locate = createLocator(doc, lineCounter);

  const syntaxIssues = [...doc.errors, ...doc.warnings];
  for (const issue of syntaxIssues) {
    const start = issue.linePos?.[0];
    problems.addAt(
      'YAML_SYNTAX',
      firstLine(issue.message),
      [],
      start && { line: start.line, column: start.col },
    );
  }
  if (doc.errors.length > 0) return { root: undefined, hasContent: true, locate };
  if (doc.contents === null) return { root: undefined, hasContent: false, locate };

  const converter = new AstConverter(doc, lineCounter, problems, source.length);
  const root = converter.convert(doc.contents, []);
  return { root: converter.failed ? undefined : root, hasContent: true, locate };
}

/** yaml's messages repeat the position and quote the source after the first line. */
function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Converts yaml nodes to plain values. Aliases are expanded (each use gets its own copy), with
 * a budget so a small document cannot expand into billions of nodes.
 */
class AstConverter {
  failed = false;
  private aliasBudget: number;

  constructor(
    private readonly doc: ParsedDocument,
    private readonly lineCounter: LineCounter,
    private readonly problems: ProblemList,
    sourceLength: number,
  ) {
    this.aliasBudget = 100_000 + sourceLength;
  }

  convert(node: unknown, path: (string | number)[], viaAlias = false): unknown {
    if (this.failed) return null;
    if (viaAlias && --this.aliasBudget < 0) {
      this.fail('YAML_SYNTAX', 'aliases expand to too many nodes', path, node);
      return null;
    }
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) {
        this.fail('YAML_SYNTAX', `unknown anchor "${node.source}"`, path, node);
        return null;
      }
      return this.convert(target, path, true);
    }
    if (isScalar(node)) return this.convertScalar(node.value, path, node);
    if (isMap(node)) return this.convertMap(node, path, viaAlias);
    if (isSeq(node)) {
      return node.items.map((item, index) => {
        path.push(index);
        const value = this.convert(item, path, viaAlias);
        path.pop();
        return value;
      });
    }
    this.fail('INVALID_TEMPLATE', 'unsupported YAML node', path, node);
    return null;
  }

  private convertScalar(value: unknown, path: (string | number)[], node: Node): unknown {
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      typeof value === 'number'
    ) {
      return value;
    }
    // Explicit tags such as !!binary resolve to objects a template cannot hold.
    this.fail(
      'INVALID_TEMPLATE',
      'unsupported YAML value (only strings, numbers, booleans and null)',
      path,
      node,
    );
    return null;
  }

  private convertMap(node: YAMLMap, path: (string | number)[], viaAlias: boolean): PlainMap {
    const result: PlainMap = {};
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = this.convertKey(pair, path);
      if (key === undefined) continue;
      path.push(key);
      if (seen.has(key)) {
        this.problems.warnAt(
          'DUPLICATE_KEY',
          `duplicate key "${key}": the last value is used, as Heat does`,
          path,
          this.positionOf(pair.key),
        );
      }
      seen.add(key);
      setOwn(result, key, this.convert(pair.value, path, viaAlias));
      path.pop();
    }
    return result;
  }

  private convertKey(pair: Pair, path: (string | number)[]): string | undefined {
    const keyNode = isAlias(pair.key) ? pair.key.resolve(this.doc) : pair.key;
    if (isScalar(keyNode)) {
      const value = keyNode.value;
      if (typeof value === 'string') return value;
      // Numbers and booleans as keys (e.g. `80: http`) are read as their text, as most tools do.
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    }
    this.problems.addAt('INVALID_TEMPLATE', 'mapping keys must be strings', path, this.positionOf(pair.key));
    return undefined;
  }

  private fail(code: 'YAML_SYNTAX' | 'INVALID_TEMPLATE', message: string, path: Path, node: unknown): void {
    this.failed = true;
    this.problems.addAt(code, message, path, this.positionOf(node));
  }

  private positionOf(node: unknown): SourcePosition | undefined {
    return positionOfNode(node, this.lineCounter);
  }
}

function positionOfNode(node: unknown, lineCounter: LineCounter): SourcePosition | undefined {
  const range = (node as Partial<Node> | null | undefined)?.range;
  if (!range) return undefined;
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}

export interface KeyFindings {
  /** Every duplicate key, with the positions of its first and its last occurrence. */
  duplicates: { path: Path; first?: SourcePosition; second?: SourcePosition }[];
  /** Keys that are collections (`? [a, b]`): PyYAML refuses them as unhashable. */
  collectionKeys: { path: Path; position?: SourcePosition }[];
}

/**
 * Inspects the keys of every map with the `yaml` package, for what js-yaml does not tell:
 * where duplicates are, and which keys were collections before it turned them into text.
 * Aliases are not followed: a key inside an anchored map is reported once, where it is written.
 */
export function inspectKeys(source: string): KeyFindings {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { ...PARSE_OPTIONS, lineCounter });
  const findings: KeyFindings = { duplicates: [], collectionKeys: [] };
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, [...path, index]));
    } else if (isMap(node)) {
      const seen = new Map<string, unknown>();
      for (const pair of node.items) {
        if (isMap(pair.key) || isSeq(pair.key)) {
          findings.collectionKeys.push({ path, position: positionOfNode(pair.key, lineCounter) });
          continue;
        }
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          findings.duplicates.push({
            path: [...path, key],
            first: positionOfNode(earlier, lineCounter),
            second: positionOfNode(pair.key, lineCounter),
          });
        }
        seen.set(key, pair.key);
        walk(pair.value, [...path, key]);
      }
    }
  };
  walk(doc.contents, []);
  return findings;
}

/**
 * A locator that parses the source with the `yaml` package on first use. Used when the fast
 * reader produced the values: positions are only needed when there are problems.
 */
export function createLazyLocator(source: string): Locate {
  let locate: Locate | undefined;
  return (path, anchor) => {
    if (!locate) {
      const lineCounter = new LineCounter();
      locate = createLocator(parseDocument(source, { ...PARSE_OPTIONS, lineCounter }), lineCounter);
    }
    return locate(path, anchor);
  };
}

/**
 * Maps a path (keys and indices) to the position of the node it names. Each map's key index is
 * built on first use, so locating k problems costs O(k * depth) after a one-off O(size of the
 * maps on the way), never a scan of the whole tree per problem.
 *
 * When the path leaves the source (e.g. it names a parameter that is not declared), the
 * closest existing ancestor's position is returned; a path that matches nothing below the
 * root has no position.
 */
export function createLocator(doc: ParsedDocument, lineCounter: LineCounter): Locate {
  const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

  const indexOf = (map: YAMLMap): Map<string, Pair> => {
    let index = keyIndexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        // The last duplicate wins, as it does for the value.
        if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean')
          index.set(String(key), pair);
      }
      keyIndexes.set(map, index);
    }
    return index;
  };

  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);

  return (path: Path, anchor: Anchor): SourcePosition | undefined => {
    let node: unknown = doc.contents;
    if (path.length === 0) return positionOfNode(node, lineCounter);
    let best: unknown;
    for (const [depth, segment] of path.entries()) {
      const current = resolve(node);
      let keyNode: unknown;
      if (isMap(current)) {
        const pair = indexOf(current).get(String(segment));
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(current) && typeof segment === 'number') {
        node = current.items[segment];
        keyNode = node;
        if (node === undefined) break;
      } else {
        break;
      }
      const isLast = depth === path.length - 1;
      // An empty value (`key:` with nothing after it) has no text of its own: point at the key.
      const emptyValue =
        node === null || (isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1]);
      best = isLast && anchor === 'value' && !emptyValue ? node : keyNode;
    }
    return best === undefined ? undefined : positionOfNode(best, lineCounter);
  };
}
