import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Scalar,
  type YAMLMap,
} from 'yaml';

/**
 * Literal secrets inside a template's text (`password: hunter2` on a property a type marks
 * `secret`, a hidden parameter's `default`), sealed where the text is persisted and opened where it
 * is compiled again. Each such scalar's source text (quotes and style included) is replaced by one
 * double-quoted encrypted string, so the rest of the text (comments, layout, JSON or YAML) is kept
 * as written and opening gives back exactly the text that was sent. Any other scalar holding one
 * of those values (a DSN embedding the password) is sealed the same way, as `seal` does by value.
 */

/** Secrets shorter than this are only recognised as whole values, never inside longer strings. */
const MIN_EMBEDDED_SECRET = 4;
/** A sealed scalar as it stands in a stored template: the encrypted source text, double-quoted. */
const SEALED_SCALAR = /"(enc:v1:[A-Za-z0-9+/=]*:[A-Za-z0-9+/=]*:[A-Za-z0-9+/=]*)"/g;
/** Functions whose arguments name things (parameters, resources, files), never hold a value. */
const REFERENCES = new Set(['get_param', 'get_attr', 'get_resource', 'get_file']);
const GROUP = 'OS::Heat::ResourceGroup';
const STACK = 'OS::Heat::Stack';
const MAX_NESTING = 8;

export interface TemplateSealOptions {
  /**
   * Secret property paths (`password`, `users.*.password`, `items.*`; as `secretPaths` gives
   * them) of the resource named `name`, declared with `type` in the template.
   */
  secretPaths(name: string, type: string | undefined): readonly string[];
  /** Encrypts one scalar's source text. */
  encrypt(raw: string): string;
  /**
   * Secret values known from elsewhere (other texts of the same version, compiled secret
   * properties): any scalar holding one is sealed too.
   */
  known?: ReadonlySet<string>;
}

export interface SealedTemplate {
  text: string;
  /** The clear values sealed (scalar values, numbers as text), to seal wherever else they reach. */
  values: string[];
}

/**
 * The template text with every literal secret sealed. A text that does not parse is returned as
 * is (the compiler refused it already).
 */
export function sealTemplateText(text: string, options: TemplateSealOptions, depth = 0): SealedTemplate {
  const doc = parsedText(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { text, values: [] };
  const targets = new Set<Scalar>();
  /** Inline nested templates holding secrets: sealed whole, their own values found inside. */
  const nested = new Set<Scalar>();
  const nestedValues = new Set<string>();
  collectTemplate(
    doc,
    doc.contents,
    options,
    targets,
    (node) => {
      if (depth >= MAX_NESTING || typeof node.value !== 'string') return;
      const inner = sealTemplateText(node.value, options, depth + 1);
      if (inner.values.length === 0) return;
      nested.add(node);
      for (const v of inner.values) nestedValues.add(v);
    },
    depth,
  );

  const values = new Set<string>(nestedValues);
  for (const node of targets) values.add(String(node.value));
  /** What any scalar is sealed for holding: this text's secrets and those known from elsewhere. */
  const sealFor = options.known?.size ? new Set([...values, ...options.known]) : values;
  for (const node of nested) targets.add(node);
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key') return;
      const value: unknown = node.value;
      // Values that look sealed are sealed again, so that every sealed string of a stored text is
      // one this code wrote (opening never mistakes a user's text for one).
      if (typeof value === 'string' && (value.includes('enc:v1:') || containsSecret(value, sealFor)))
        targets.add(node);
    },
  });
  if (targets.size === 0) return { text, values: [] };

  const spans = [...targets]
    .filter((node) => node.range)
    .map((node) => {
      const [start, end] = node.range!;
      // A block scalar's range ends after its line break; the break stays in the text.
      let stop = end;
      while (stop > start && (text[stop - 1] === '\n' || text[stop - 1] === '\r')) stop--;
      return [start, stop] as const;
    })
    .sort((a, b) => b[0] - a[0]);
  let out = text;
  let previousStart = Infinity;
  for (const [start, stop] of spans) {
    if (stop > previousStart) continue; // nested ranges cannot happen for scalars; be safe
    out = `${out.slice(0, start)}"${options.encrypt(text.slice(start, stop))}"${out.slice(stop)}`;
    previousStart = start;
  }
  return { text: out, values: [...values] };
}

/**
 * Parsed texts, most recently used last, bounded by their total length. Sealing only reads a
 * document (it rewrites the text by the scalars' ranges), so one parse serves every version that
 * stores the same text: a group's 1,000 members each seal the same member template and files,
 * and parsing them again was a third of the service's CPU in the CERN-shaped create.
 */
const parsed = new Map<string, Document>();
let parsedChars = 0;
const PARSED_CHARS = 4_000_000;
/** A text larger than this is parsed each time: one such text would push out all the others. */
const LARGEST_PARSED = PARSED_CHARS / 8;

function parsedText(text: string): Document {
  const cached = parsed.get(text);
  if (cached) {
    parsed.delete(text);
    parsed.set(text, cached);
    return cached;
  }
  const doc = parseDocument(text);
  if (text.length > LARGEST_PARSED) return doc;
  parsed.set(text, doc);
  parsedChars += text.length;
  for (const [oldest] of parsed) {
    if (parsedChars <= PARSED_CHARS) break;
    parsed.delete(oldest);
    parsedChars -= oldest.length;
  }
  return doc;
}

/**
 * A stored template text with every sealed scalar replaced by the source text it was sealed
 * from. A sealed-looking string that does not decrypt (not one this service wrote) stays as is.
 */
export function openTemplateText(text: string, decrypt: (value: string) => string): string {
  if (!text.includes('"enc:v1:')) return text;
  return text.replace(SEALED_SCALAR, (whole, value: string) => {
    try {
      return decrypt(value);
    } catch {
      return whole;
    }
  });
}

/**
 * The scalars to seal in one template (the document's root, or an inline nested template given as
 * a map): each resource's secret properties by its type, a group's member definition by the member
 * type, hidden parameters' defaults. An inline nested template given as text goes to `inlineText`.
 */
function collectTemplate(
  doc: Document,
  root: YAMLMap,
  options: TemplateSealOptions,
  into: Set<Scalar>,
  inlineText: (node: Scalar) => void,
  depth = 0,
): void {
  const resources = root.get('resources', true);
  if (isMap(resources)) {
    for (const pair of resources.items) {
      if (!isScalar(pair.key) || !isMap(pair.value)) continue;
      const type = pair.value.get('type');
      const properties = pair.value.get('properties', true);
      for (const path of options.secretPaths(
        // Resources of a nested template are named by their type alone.
        depth === 0 ? String(pair.key.value) : '',
        typeof type === 'string' ? type : undefined,
      ))
        collectAt(doc, properties, path.split('.'), into);
      if (!isMap(properties)) continue;
      // A group's members: the member type's secret properties inside `resource_def`.
      const member = type === GROUP ? properties.get('resource_def', true) : null;
      if (isMap(member)) {
        const memberType = member.get('type');
        if (typeof memberType === 'string')
          for (const path of options.secretPaths('', memberType))
            collectAt(doc, member.get('properties', true), path.split('.'), into);
      }
      // A nested stack's inline template, as a map or as text.
      const inline = type === STACK ? properties.get('template', true) : null;
      if (isMap(inline) && depth < MAX_NESTING)
        collectTemplate(doc, inline, options, into, inlineText, depth + 1);
      else if (isScalar(inline)) inlineText(inline);
    }
  }
  const parameters = root.get('parameters', true);
  if (isMap(parameters)) {
    for (const pair of parameters.items) {
      if (!isMap(pair.value)) continue;
      const hidden: unknown = pair.value.get('hidden');
      if (hidden === true || hidden === 'true') collectLiterals(doc, pair.value.get('default', true), into);
    }
  }
}

function collectAt(doc: Document, node: unknown, path: readonly string[], into: Set<Scalar>): void {
  if (isAlias(node)) return collectAt(doc, node.resolve(doc), path, into);
  if (path.length === 0) return collectLiterals(doc, node, into);
  const [head, ...rest] = path;
  if (head === '*') {
    if (isSeq(node)) for (const item of node.items) collectAt(doc, item, rest, into);
    return;
  }
  if (isMap(node) && !isReference(node)) collectAt(doc, node.get(head!, true), rest, into);
}

/**
 * Every scalar value under `node` (not map keys, not the names a get_* function refers to); an
 * alias is followed to its anchor, which is sealed where it stands.
 */
function collectLiterals(doc: Document, node: unknown, into: Set<Scalar>, depth = 0): void {
  if (depth > 64) return;
  if (isAlias(node)) return collectLiterals(doc, node.resolve(doc), into, depth + 1);
  if (isScalar(node)) {
    if (node.value !== null && node.value !== undefined && node.value !== '') into.add(node);
  } else if (isSeq(node)) {
    for (const item of node.items) collectLiterals(doc, item, into, depth + 1);
  } else if (isMap(node) && !isReference(node)) {
    for (const pair of node.items) collectLiterals(doc, pair.value, into, depth + 1);
  }
}

function isReference(node: Node): boolean {
  if (!isMap(node) || node.items.length !== 1) return false;
  const key = node.items[0]!.key;
  return isScalar(key) && REFERENCES.has(String(key.value));
}

function containsSecret(s: string, known: ReadonlySet<string>): boolean {
  if (known.has(s)) return true;
  for (const secret of known) if (secret.length >= MIN_EMBEDDED_SECRET && s.includes(secret)) return true;
  return false;
}
