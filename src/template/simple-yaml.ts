/**
 * A fast reader for the plain subset of YAML that templates are nearly always written in.
 *
 * Why: the `yaml` package is thorough but takes over a second for a 2 MB template, which alone
 * would break our budget for compiling 10,000 resources. This reader handles block mappings and
 * sequences, flow collections (also across lines, so pretty-printed JSON), plain and quoted
 * scalars, `|`/`>` block scalars and comments, and gives up (returns undefined) on everything
 * else: anchors, aliases, tags, directives, several documents, tabs, multi-line plain or quoted
 * scalars, duplicate keys, and anything malformed. The caller then reads the source with the
 * `yaml` package, which also produces the error messages and positions. So this reader never
 * has to be complete, only to agree with the `yaml` package wherever it does not give up
 * (checked by differential tests); plain scalars are even typed by the `yaml` package's own
 * core-schema rules.
 */
import { Schema } from 'yaml';
import { setOwn } from './values.ts';
import type { PlainMap } from './values.ts';

/** YAML's whitespace is spaces and tabs; other Unicode spaces are content and must be kept. */
const YAML_TRAILING_BLANKS = /[ \t]+$/;
const YAML_BLANKS = /[ \t]/g;

/** Thrown internally to abandon the fast path. */
class GiveUp extends Error {}

const giveUp = (): never => {
  throw new GiveUp();
};

/** Characters this reader leaves to the full parser (tabs, CR, BOM, other control characters). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNHANDLED_CHARACTERS = /[\t\r\uFEFF\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Characters that may not start a plain scalar (YAML c-indicators, minus those handled separately). */
const PLAIN_START_FORBIDDEN = new Set([...'&*!|>%@`#,[]{}\'"']);

/** The `yaml` package's own rules for typing plain scalars in the core schema (null, bool, int, float). */
const CORE_SCALAR_TAGS = new Schema({ schema: 'core' }).tags.filter(
  (tag): tag is typeof tag & { test: RegExp } =>
    tag.default === true && 'test' in tag && tag.test instanceof RegExp,
);

/** The longest implicit key YAML allows. */
const MAX_IMPLICIT_KEY_LENGTH = 1024;

interface Line {
  /** Index in the source's lines. */
  index: number;
  /** Column of the first character of `text`. */
  indent: number;
  /** The line from its first non-space character (for a "virtual" line, from after `- `). */
  text: string;
  /** Absolute offset of `text` in the source. */
  offset: number;
}

/**
 * The document's value if the source is in the supported subset and is a mapping; undefined
 * when the full parser must decide.
 */
export function readSimpleYaml(source: string): { value: PlainMap } | undefined {
  if (UNHANDLED_CHARACTERS.test(source)) return undefined;
  try {
    const value = new SimpleYamlReader(source).readDocument();
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { value: value as PlainMap }
      : undefined;
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

class SimpleYamlReader {
  private readonly lineStarts: number[] = [0];
  private readonly lineCount: number;
  /** The next line to read. */
  private index = 0;
  /** The rest of the current line after a sequence dash, read as a line of its own. */
  private virtual: Line | undefined;

  constructor(private readonly source: string) {
    for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1))
      this.lineStarts.push(at + 1);
    // A final newline does not start another line.
    this.lineCount = source.endsWith('\n') ? this.lineStarts.length - 1 : this.lineStarts.length;
  }

  readDocument(): unknown {
    const first = this.peek(true);
    if (!first) return giveUp();
    const value = this.readBlockNode(first, -1);
    if (this.peek()) giveUp();
    return value;
  }

  // ---- lines ----

  private rawLine(index: number): string {
    const start = this.lineStarts[index] ?? this.source.length;
    const next = this.lineStarts[index + 1];
    return this.source.slice(start, next === undefined ? this.source.length : next - 1);
  }

  /** The next line with content, skipping blank and comment lines; undefined at the end. */
  private peek(atDocumentStart = false): Line | undefined {
    if (this.virtual) return this.virtual;
    while (this.index < this.lineCount) {
      const raw = this.rawLine(this.index);
      const indent = countSpaces(raw, 0);
      const text = raw.slice(indent);
      if (text === '' || text.startsWith('#')) {
        this.index++;
        continue;
      }
      if (indent === 0 && isDocumentMarker(text)) {
        // Only a lone `---` before the content is ours; other markers mean several documents.
        if (atDocumentStart && (text === '---' || /^---\s+#/.test(text))) {
          this.index++;
          atDocumentStart = false;
          continue;
        }
        giveUp();
      }
      if (text.startsWith('%')) giveUp();
      return { index: this.index, indent, text, offset: (this.lineStarts[this.index] ?? 0) + indent };
    }
    return undefined;
  }

  private consume(line: Line): void {
    this.virtual = undefined;
    this.index = line.index + 1;
  }

  // ---- block structure ----

  /** The block node starting on `line`; `parentIndent` is the indentation of the node that holds it. */
  private readBlockNode(line: Line, parentIndent: number): unknown {
    if (line.indent <= parentIndent) giveUp();
    if (isSequenceEntry(line.text)) return this.readSequence(line.indent);
    if (this.splitKey(line) !== undefined) return this.readMapping(line.indent);
    return this.readScalarLine(line);
  }

  private readMapping(indent: number): PlainMap {
    const map: PlainMap = {};
    const seen = new Set<string>();
    for (let line = this.peek(); line && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent || isSequenceEntry(line.text)) giveUp();
      const entry = this.splitKey(line) ?? giveUp();
      if (seen.has(entry.key)) giveUp(); // the full parser reports it, with its position
      seen.add(entry.key);
      this.consume(line);
      setOwn(map, entry.key, this.readValue(line, entry.valueStart, indent, true));
    }
    return map;
  }

  private readSequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.peek(); line && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent) giveUp();
      if (!isSequenceEntry(line.text)) break;
      const spaces = countSpaces(line.text, 1);
      const rest = line.text.slice(1 + spaces);
      if (rest === '' || rest.startsWith('#') || rest.startsWith('|') || rest.startsWith('>')) {
        this.consume(line);
        items.push(this.readValue(line, 1 + spaces, indent, false));
      } else {
        // `- key: value` or `- item`: the rest of the line is a node indented to its own column.
        this.virtual = {
          index: line.index,
          indent: indent + 1 + spaces,
          text: rest,
          offset: line.offset + 1 + spaces,
        };
        items.push(this.readBlockNode(this.virtual, indent));
      }
    }
    return items;
  }

  /**
   * The value after a mapping key's `:` or a sequence dash, at `start` in `line.text` (the line
   * has been consumed). `ownerIndent` is the key's or dash's indentation.
   */
  private readValue(line: Line, start: number, ownerIndent: number, isMappingValue: boolean): unknown {
    const position = start + countSpaces(line.text, start);
    const rest = line.text.slice(position);
    if (rest === '' || rest.startsWith('#')) {
      const next = this.peek();
      if (!next) return null;
      if (next.indent > ownerIndent) return this.readBlockNode(next, ownerIndent);
      // YAML lets a sequence that is a mapping value sit at the key's own indentation.
      if (isMappingValue && next.indent === ownerIndent && isSequenceEntry(next.text))
        return this.readSequence(ownerIndent);
      return null;
    }
    if (rest.startsWith('|') || rest.startsWith('>')) return this.readBlockScalar(rest, ownerIndent);
    return this.readInline(line, position, ownerIndent);
  }

  /** A scalar or flow collection that is a whole node on its own line. */
  private readScalarLine(line: Line): unknown {
    // A plain scalar alone on a line below its key (`key:` then `  value`) may continue on
    // the next lines, with rules around comments that the `yaml` package applies in its own
    // way. Rare in templates: leave it. (`- value` is fine: the rest of the dash's line.)
    const first = line.text[0];
    const plain = first !== '[' && first !== '{' && first !== '"' && first !== "'";
    if (plain && line !== this.virtual) giveUp();
    this.consume(line);
    return this.readInline(line, 0, line.indent - 1);
  }

  /** A scalar or flow collection starting at `position` in `line.text`, ending on that line or (flow) later. */
  private readInline(line: Line, position: number, ownerIndent: number): unknown {
    const text = line.text;
    const first = text[position];
    if (first === '[' || first === '{') {
      const flow = new FlowReader(
        this.source,
        line.offset + position,
        line.index,
        ownerIndent,
        this.lineStarts,
      );
      const value = flow.readNode();
      this.finishLine(flow.lineIndex, flow.position);
      return value;
    }
    if (first === '"' || first === "'") {
      const quoted = readQuoted(text, position);
      this.checkLineEnd(text, quoted.end);
      return quoted.value;
    }
    const end = plainEnd(text, position);
    const plain = text.slice(position, end).replace(YAML_TRAILING_BLANKS, '');
    if (!isPlainStart(plain) || plain.includes(': ') || plain.endsWith(':')) giveUp();
    return resolvePlain(plain);
  }

  /** After a value that ended at `position` (absolute) on line `lineIndex`: only a comment may follow. */
  private finishLine(lineIndex: number, position: number): void {
    const lineStart = this.lineStarts[lineIndex] ?? 0;
    this.checkLineEnd(this.rawLine(lineIndex), position - lineStart);
    this.virtual = undefined;
    this.index = lineIndex + 1;
  }

  private checkLineEnd(text: string, end: number): void {
    const rest = text.slice(end);
    if (rest.replace(YAML_BLANKS, '') !== '' && !/^\s+#/.test(rest)) giveUp();
  }

  /** `key: ...` → the key and where its value starts in `line.text`; undefined if the line is no key. */
  private splitKey(line: Line): { key: string; valueStart: number } | undefined {
    const text = line.text;
    const first = text[0];
    if (first === '"' || first === "'") {
      const quoted = readQuoted(text, 0);
      const colon = quoted.end + countSpaces(text, quoted.end);
      if (text[colon] !== ':' || !isSeparator(text[colon + 1])) return undefined;
      return { key: quoted.value, valueStart: colon + 1 };
    }
    if (first === '[' || first === '{' || first === '?') return undefined;
    const colon = findMappingColon(text);
    if (colon === -1) return undefined;
    const keyText = text.slice(0, colon).replace(YAML_TRAILING_BLANKS, '');
    if (keyText.length > MAX_IMPLICIT_KEY_LENGTH || !isPlainStart(keyText)) giveUp();
    return { key: keyString(resolvePlain(keyText)), valueStart: colon + 1 };
  }

  // ---- block scalars ----

  /** `|` or `>` with an optional chomping indicator; content lines follow. */
  private readBlockScalar(header: string, ownerIndent: number): string {
    const match = /^([|>])([-+]?)(\s+#.*)?\s*$/.exec(header) ?? giveUp();
    const [, style, chomping] = match;
    // Keeping trailing blank lines ("+") depends on subtle end-of-document rules: leave it.
    if (chomping === '+') giveUp();

    const lines: string[] = [];
    let contentIndent = -1;
    while (this.index < this.lineCount) {
      const raw = this.rawLine(this.index);
      const indent = countSpaces(raw, 0);
      if (indent === raw.length) {
        // A blank line: before the first content line, or with more spaces than the content
        // indentation, its meaning depends on subtle rules; leave those to the full parser.
        if (contentIndent === -1 || indent > contentIndent) giveUp();
        lines.push('');
        this.index++;
        continue;
      }
      if (contentIndent === -1) {
        if (indent <= ownerIndent) break;
        contentIndent = indent;
      }
      if (indent < contentIndent) break;
      lines.push(raw.slice(contentIndent));
      this.index++;
    }
    this.virtual = undefined;
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    if (lines.length === 0) giveUp();
    const body = style === '|' ? lines.join('\n') : foldLines(lines);
    return chomping === '-' ? body : `${body}\n`;
  }
}

/** Folded style: single line breaks between text lines become spaces; blank lines remain breaks. */
function foldLines(lines: readonly string[]): string {
  let result = '';
  let blankRun = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      blankRun++;
      continue;
    }
    // More-indented lines are kept as they are, with rules this reader does not implement.
    if (line.startsWith(' ')) giveUp();
    if (started) result += blankRun > 0 ? '\n'.repeat(blankRun) : ' ';
    result += line;
    started = true;
    blankRun = 0;
  }
  return result;
}

/**
 * Reads flow collections (`[...]`, `{...}`), which may span lines, from an absolute offset.
 */
class FlowReader {
  position: number;
  lineIndex: number;

  constructor(
    private readonly source: string,
    start: number,
    lineIndex: number,
    /** Continuation lines must be indented more than this. */
    private readonly ownerIndent: number,
    private readonly lineStarts: readonly number[],
  ) {
    this.position = start;
    this.lineIndex = lineIndex;
  }

  readNode(): unknown {
    const char = this.source[this.position];
    if (char === '[') return this.readSequence();
    if (char === '{') return this.readMapping();
    if (char === '"' || char === "'") return this.readQuotedScalar();
    return this.readPlain();
  }

  private readSequence(): unknown[] {
    const items: unknown[] = [];
    this.position++;
    for (;;) {
      this.skipSpace();
      if (this.source[this.position] === ']') break;
      items.push(this.readNode());
      this.skipSpace();
      if (this.source[this.position] === ',') this.position++;
      else if (this.source[this.position] !== ']') giveUp();
    }
    this.position++;
    return items;
  }

  private readMapping(): PlainMap {
    const map: PlainMap = {};
    const seen = new Set<string>();
    this.position++;
    for (;;) {
      this.skipSpace();
      if (this.source[this.position] === '}') break;
      const quotedKey = this.source[this.position] === '"' || this.source[this.position] === "'";
      const key = keyString(quotedKey ? this.readQuotedScalar() : this.readPlain());
      if (seen.has(key)) giveUp();
      seen.add(key);
      this.skipSpace();
      if (this.source[this.position] !== ':') giveUp();
      this.position++;
      // After a plain key, the colon must be followed by a space (`{a:b}` is one scalar "a:b").
      if (!quotedKey && !isFlowSeparator(this.source[this.position])) giveUp();
      this.skipSpace();
      const next = this.source[this.position];
      setOwn(map, key, next === ',' || next === '}' ? null : this.readNode());
      this.skipSpace();
      if (this.source[this.position] === ',') this.position++;
      else if (this.source[this.position] !== '}') giveUp();
    }
    this.position++;
    return map;
  }

  private readQuotedScalar(): string {
    const lineStart = this.lineStarts[this.lineIndex] ?? 0;
    const lineEnd = this.source.indexOf('\n', this.position);
    const text = this.source.slice(lineStart, lineEnd === -1 ? this.source.length : lineEnd);
    const quoted = readQuoted(text, this.position - lineStart);
    this.position = lineStart + quoted.end;
    return quoted.value;
  }

  private readPlain(): unknown {
    const source = this.source;
    const start = this.position;
    let end = start;
    for (; end < source.length; end++) {
      const char = source[end];
      if (char === '\n' || char === ',' || char === '[' || char === ']' || char === '{' || char === '}')
        break;
      if (char === ':' && isFlowSeparator(source[end + 1])) break;
      if (char === '#' && source[end - 1] === ' ') break;
    }
    const text = source.slice(start, end).replace(YAML_TRAILING_BLANKS, '');
    if (text === '' || !isPlainStart(text)) giveUp();
    this.position = start + text.length;
    return resolvePlain(text);
  }

  /** Skips spaces, line breaks and comments; lines inside a flow collection must stay indented. */
  private skipSpace(): void {
    const source = this.source;
    for (;;) {
      const char = source[this.position];
      if (char === ' ') {
        this.position++;
      } else if (char === '#' && source[this.position - 1] === ' ') {
        // Only after a space: the `yaml` package rejects some comments at the start of a line in flow maps.
        const lineEnd = source.indexOf('\n', this.position);
        this.position = lineEnd === -1 ? source.length : lineEnd;
      } else if (char === '\n') {
        this.position++;
        this.lineIndex++;
        const indent = countSpaces(source, this.position);
        const blank = source[this.position + indent] === '\n' || this.position + indent >= source.length;
        if (!blank && indent <= this.ownerIndent) giveUp();
        if (indent === 0 && isDocumentMarker(source.slice(this.position, this.position + 4))) giveUp();
      } else {
        if (char === undefined) giveUp();
        return;
      }
    }
  }
}

// ---- scalars ----

const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

const HEX_ESCAPE_LENGTHS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A single- or double-quoted scalar that must end on the same line; `end` is just after the closing quote. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  let position = start + 1;
  for (;;) {
    const char = text[position];
    if (char === undefined) return giveUp(); // unterminated, or continued on the next line
    if (char === quote) {
      if (quote === "'" && text[position + 1] === "'") {
        value += "'";
        position += 2;
        continue;
      }
      return { value, end: position + 1 };
    }
    if (char === '\\' && quote === '"') {
      const code = text[position + 1] ?? giveUp();
      const hexLength = HEX_ESCAPE_LENGTHS[code];
      if (hexLength !== undefined) {
        const hex = text.slice(position + 2, position + 2 + hexLength);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) giveUp();
        const codePoint = Number.parseInt(hex, 16);
        value += hexLength === 8 ? String.fromCodePoint(codePoint) : String.fromCharCode(codePoint);
        position += 2 + hexLength;
        continue;
      }
      value += DOUBLE_QUOTE_ESCAPES[code] ?? giveUp();
      position += 2;
      continue;
    }
    value += char;
    position++;
  }
}

/** Types a plain scalar exactly as the `yaml` package's core schema does. */
function resolvePlain(text: string): unknown {
  for (const tag of CORE_SCALAR_TAGS) {
    if (!tag.test.test(text)) continue;
    const resolved: unknown = tag.resolve(text, giveUp, {});
    // Some tags return a Scalar node rather than the bare value.
    return typeof resolved === 'object' && resolved !== null && 'value' in resolved
      ? resolved.value
      : resolved;
  }
  return text;
}

/** Map keys as the full reader turns them into strings (a null key is left to it). */
function keyString(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'boolean') return String(key);
  return giveUp();
}

/** End of a plain scalar in block context: the line's end or a comment. */
function plainEnd(text: string, start: number): number {
  const comment = text.indexOf(' #', start);
  return comment === -1 ? text.length : comment;
}

/** The colon of `key: value` (or `key:` at the end), before any comment; -1 if none. */
function findMappingColon(text: string): number {
  const comment = text.indexOf(' #');
  for (let position = text.indexOf(':'); position !== -1; position = text.indexOf(':', position + 1)) {
    if (comment !== -1 && comment < position) return -1;
    if (isSeparator(text[position + 1])) return position;
  }
  return -1;
}

function isPlainStart(text: string): boolean {
  const first = text[0];
  if (first === undefined || PLAIN_START_FORBIDDEN.has(first)) return false;
  // `-`, `?` and `:` start plain scalars only when followed by a non-space character.
  if (first === '-' || first === '?' || first === ':') return text.length > 1 && !isSeparator(text[1]);
  return true;
}

function isSequenceEntry(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function isSeparator(char: string | undefined): boolean {
  return char === undefined || char === ' ';
}

function isFlowSeparator(char: string | undefined): boolean {
  return char === undefined || char === ' ' || char === '\n' || char === ',' || char === ']' || char === '}';
}

function isDocumentMarker(text: string): boolean {
  return /^(?:---|\.\.\.)(?:\s|$)/.test(text);
}

function countSpaces(text: string, start: number): number {
  let position = start;
  while (text.charCodeAt(position) === 32) position++;
  return position - start;
}
