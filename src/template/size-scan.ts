/**
 * A cheap count of a template's declared resources, read from the text before anything expensive
 * (YAML or JSON parsing, composing, compiling) runs: a template with far too many resources is
 * refused in one pass over its characters (issue 16 §3).
 *
 * It counts the entries of the top-level `resources` mapping, whether written as block YAML
 * (`resources:` at column 0, one key per line at the first child's indentation) or as JSON / flow
 * YAML (`{"resources": {...}}`, `resources: {a: ..., b: ...}`: entries separated by commas at the
 * mapping's own depth). Resources disabled by `condition` are counted too: the bound is on what a
 * template declares. The count may exceed the compiler's in rare layouts (a merge key `<<` among
 * the resources, a trailing comma) or fall short in odd ones (a multi-line scalar continued at
 * column 0): it is a fast refusal, and the compiler's own count (in a compile thread, within its
 * time budget) stays the bound. Counting stops once it passes `stopAbove`.
 */

/** Declared resources, or `stopAbove + 1` once more than `stopAbove` were seen. */
export function countDeclaredResources(source: string, stopAbove = Infinity): number {
  const start = skipBlank(source, 0);
  if (source[start] === '{') return flowResources(source, start, stopAbove);
  return blockResources(source, stopAbove);
}

/** Skips whitespace, YAML comments and a document start marker. */
function skipBlank(s: string, i: number): number {
  for (;;) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (s[i] === '#' || s.startsWith('---', i) || s.startsWith('%', i)) {
      const nl = s.indexOf('\n', i);
      if (nl < 0) return s.length;
      i = nl + 1;
      continue;
    }
    return i;
  }
}

/** A quote opens a string only where a value or key starts (in flow YAML, `don't` is plain text). */
function opensString(s: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (s[j] === ' ' || s[j] === '\t' || s[j] === '\n' || s[j] === '\r')) j--;
  return j < 0 || '{[,:'.includes(s[j]!);
}

/** Index just past a quoted string starting at `i` (JSON/YAML double quotes, YAML single quotes). */
function skipQuoted(s: string, i: number): number {
  const quote = s[i]!;
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (quote === '"' && c === '\\') j += 2;
    else if (c === quote) {
      // YAML's '' inside single quotes is an escaped quote.
      if (quote === "'" && s[j + 1] === "'") j += 2;
      else return j + 1;
    } else j++;
  }
  return j;
}

/**
 * Entries of the mapping that opens at `open` (a `{`): commas at its own depth, plus one when it
 * is not empty.
 */
function countFlowEntries(s: string, open: number, stopAbove: number): number {
  let depth = 0;
  let commas = 0;
  let content = false;
  for (let i = open; i < s.length;) {
    const c = s[i]!;
    if ((c === '"' || c === "'") && opensString(s, i)) {
      if (depth === 1) content = true;
      i = skipQuoted(s, i);
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return content ? commas + 1 : 0;
    } else if (depth === 1) {
      if (c === ',') {
        commas++;
        if (commas + 1 > stopAbove) return stopAbove + 1;
      } else if (c === '#' && /\s/.test(s[i - 1] ?? ' ')) {
        // A comment in flow YAML spread over lines.
        const nl = s.indexOf('\n', i);
        i = nl < 0 ? s.length : nl;
        continue;
      } else if (!/\s/.test(c)) content = true;
    }
    if (depth > 1) content = true;
    i++;
  }
  return content ? commas + 1 : 0;
}

/** JSON or a flow mapping at the root: finds the root's `resources` key and counts its entries. */
function flowResources(s: string, open: number, stopAbove: number): number {
  let depth = 0;
  for (let i = open; i < s.length;) {
    const c = s[i]!;
    const quoted = (c === '"' || c === "'") && opensString(s, i);
    if (quoted || (depth === 1 && /[A-Za-z_]/.test(c))) {
      const end = quoted ? skipQuoted(s, i) : plainKeyEnd(s, i);
      const key = quoted ? s.slice(i + 1, end - 1) : s.slice(i, end);
      if (depth === 1 && key === 'resources') {
        const colon = skipBlank(s, end);
        if (s[colon] === ':') {
          const value = skipBlank(s, colon + 1);
          return s[value] === '{' ? countFlowEntries(s, value, stopAbove) : 0;
        }
      }
      i = end;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return 0;
    }
    i++;
  }
  return 0;
}

function plainKeyEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && /[A-Za-z0-9_.-]/.test(s[j]!)) j++;
  return j;
}

const RESOURCES_LINE = /^(?:resources|"resources"|'resources')[ \t]*:[ \t]*(.*)$/;

/** Block YAML: the lines of the mapping under `resources:` at column 0. */
function blockResources(s: string, stopAbove: number): number {
  let i = 0;
  let inResources = false;
  let childIndent = -1;
  let count = 0;
  while (i < s.length) {
    let nl = s.indexOf('\n', i);
    if (nl < 0) nl = s.length;
    const line = s.slice(i, nl).replace(/\r$/, '');
    const lineStart = i;
    i = nl + 1;
    let indent = 0;
    while (indent < line.length && line[indent] === ' ') indent++;
    if (indent === line.length || line[indent] === '#') continue;
    if (!inResources) {
      if (indent !== 0) continue;
      const m = RESOURCES_LINE.exec(line);
      if (!m) continue;
      const rest = m[1]!.replace(/\s+#.*$/, '');
      // `resources: {...}` in flow style (possibly over several lines).
      if (rest.startsWith('{')) return countFlowEntries(s, lineStart + line.indexOf('{'), stopAbove);
      if (rest !== '') return 0;
      inResources = true;
      continue;
    }
    if (indent === 0) {
      // A block sequence may sit at column 0 under its key; anything else ends the section.
      if (line.startsWith('- ') || line === '-') continue;
      break;
    }
    if (childIndent < 0) childIndent = indent;
    if (indent === childIndent && line[indent] !== '-') {
      count++;
      if (count > stopAbove) return stopAbove + 1;
    }
  }
  return count;
}
