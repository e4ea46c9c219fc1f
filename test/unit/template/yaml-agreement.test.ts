/**
 * js-yaml reads templates; the `yaml` package locates problems in them (`createLazyLocator`
 * walks its tree along the paths of js-yaml's values). So wherever both read a text, they must
 * agree on its structure, or problems would point at the wrong lines. Scalars are compared as
 * text (both readers with their failsafe schema): their typing follows PyYAML, checked below
 * against values PyYAML 6.0.3 produced for the same text (`yaml.safe_load`).
 */
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { compileTemplate } from '../../../src/template/index.ts';
import { HEAT_YAML_SCHEMA, STRINGS_ONLY_SCHEMA } from '../../../src/template/yaml-schema.ts';
import { fcSeed } from '../../support/arbitraries.ts';
import { catalog } from './fixtures/catalog.ts';
import { blockYamlDocument } from './fixtures/yaml-documents.ts';

const RUNS = 3000;

/**
 * Where the readers are known to differ (checked against PyYAML 6.0.3): `---a` is the text
 * `---a` (PyYAML, yaml) not `a` (js-yaml), only ever a root scalar, which no template is;
 * block scalars with an indentation indicator keep trailing blank lines in PyYAML and js-yaml,
 * not in the yaml package; a collection as a key after an empty value in a flow map (`{a:, []}`) is refused by
 * PyYAML and read as text by js-yaml; `- -` ending a line followed by a sibling `- - 1` is
 * read by js-yaml as one list (PyYAML and yaml: two; a js-yaml deviation, rare in templates);
 * an empty key in a flow map (`{: x}`); `[1,: x]` is refused by PyYAML and read differently by the other two;
 * an anchor on an empty key (`root:\n &x : *x`) anchors the key for PyYAML and js-yaml
 * (`{root: {None: None}}`) and the enclosing map for the yaml package (a map holding itself).
 */
const KNOWN_DIFFERENCES = [
  /^---\S/,
  /[|>][-+]?[1-9]/,
  /,\s*:/,
  /:\s*,/,
  /[{,]\s*:/,
  /-[ \t]+-[ \t]*(\n|$)/,
  /&\S+[ \t]+:([ \t]|$)/m,
];

/** Empty values are null for js-yaml and "" for the yaml package's failsafe schema. */
function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object')
    // An empty implicit key (`: x`) is "null" for js-yaml and "" for the yaml package.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key === '' ? 'null' : key, normalise(item)]),
    );
  return value;
}

function readJsYaml(source: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: jsyaml.load(source, { schema: STRINGS_ONLY_SCHEMA, json: true }) };
  } catch {
    return { ok: false };
  }
}

function readYamlPackage(source: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const doc = parseDocument(source, { schema: 'failsafe', uniqueKeys: false, merge: false });
    if (doc.errors.length > 0 || doc.warnings.length > 0) return { ok: false };
    return { ok: true, value: doc.toJS() as unknown };
  } catch {
    return { ok: false };
  }
}

/** Fails unless the readers agree wherever both read the text. Returns whether both did. */
function checkAgreement(source: string): boolean {
  const js = readJsYaml(source);
  const reference = readYamlPackage(source);
  if (!js.ok || !reference.ok) return false;
  // Only maps can be templates; the readers differ on some odd root scalars (` |-\n#`).
  const isMap = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isMap(js.value) || !isMap(reference.value)) return false;
  // Collections as keys are refused anyway (PyYAML cannot hash them); js-yaml turns them into text.
  if (/(^|[\s,[{])\?(\s|$)|[\]}]\s*:(\s|$)/m.test(source)) return false;
  if (KNOWN_DIFFERENCES.some((difference) => difference.test(source))) return false;
  expect(normalise(js.value), JSON.stringify(source)).toEqual(normalise(reference.value));
  return true;
}

describe('js-yaml and the yaml package agree on structure', () => {
  it.each([
    ['block mappings and sequences', 'a:\n  b: 1\n  c:\n    - x\n    - y: 2\n      z: 3\n'],
    ["a sequence at its key's indentation", 'a:\n- x\n- y\nb: 1\n'],
    ['nested compact sequences', 'k:\n  - - a\n    - b\n  - c\n'],
    ['comments and blank lines', '# top\na: 1 # trailing\n\n  # indented\nb:   # after key\n  c: d\n'],
    ['a document start marker', '---\na: 1\n'],
    ['quoted keys and values', '"a b": \'it\'\'s\'\nc: "tab\\there \\u00e9 \\x41"\n'],
    ['plain scalars with colons and hashes', 'url: http://h:80/p#frag\nx: a#b\ny: :x\n'],
    ['literal block scalars', 'script: |\n  #!/bin/sh\n  echo hi\n\n  exit 0\nnext: 1\n'],
    ['folded block scalars', 'text: >-\n  one\n  two\n\n  three\n'],
    ['flow collections across lines', 'a: {b: [1,\n    2], c: {d: e}}\nf: [ ]\n'],
    ['pretty-printed JSON', '{\n  "a": [1, {"b": null}],\n  "c": "d"\n}\n'],
    ['sequence items of every kind', 'a:\n  - |\n    text\n  - [x]\n  - "q"\n  - k: v\n  -\n    n: 1\n'],
    ['anchors and aliases', 'a: &x [1]\nb: *x\n'],
    ['CRLF line endings', 'a: 1\r\nb: 2\r\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['keep chomping', 'a: |+\n  x\n\n'],
    ['more-indented folded lines', 'a: >\n  x\n    y\n'],
  ])('reads %s', (_name, source) => {
    expect(checkAgreement(source)).toBe(true);
  });

  const text = fc.oneof(
    fc.string({
      unit: fc.constantFrom(...'ab:# -\'"[]{},|>&*!?%@`~\\\n.019 xyTtruenul\u00e9'),
      maxLength: 10,
    }),
    fc.constantFrom(
      'true',
      'null',
      '~',
      '1',
      '0x1F',
      '.inf',
      '-',
      '- a',
      'a: b',
      '#x',
      'a #b',
      '',
      ' ',
      'yes',
      '1e3',
      '---',
    ),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      tie('list'),
      tie('map'),
    ),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(text, tie('node'), { maxKeys: 4 }),
  })).node;
  const document = fc.dictionary(text, value, { minKeys: 1, maxKeys: 5 });
  const serialise = fc.constantFrom<(doc: unknown) => string>(
    (doc) => JSON.stringify(doc, null, 2),
    (doc) => JSON.stringify(doc),
    (doc) => stringify(doc),
    (doc) => stringify(doc, { collectionStyle: 'flow' }),
    (doc) => stringify(doc, { defaultStringType: 'QUOTE_DOUBLE' }),
    (doc) => stringify(doc, { defaultStringType: 'QUOTE_SINGLE' }),
    (doc) => stringify(doc, { blockQuote: 'literal' }),
    (doc) => stringify(doc, { blockQuote: 'folded' }),
    (doc) => stringify(doc, { indentSeq: false, indent: 4 }),
  );

  it('agrees on serialised values', () => {
    fc.assert(
      fc.property(document, serialise, (doc, write) => void checkAgreement(write(doc))),
      { numRuns: RUNS, seed: fcSeed() },
    );
  });

  // No agreement test on randomly edited text: there PyYAML, js-yaml and the yaml package each
  // disagree (unterminated quoted scalars running over lines, stray dashes), and such text is
  // refused by Heat. hostile-templates.test.ts checks that every such text gets a well-formed answer.

  it('agrees on generated block documents with comments, blank lines and odd spacing', () => {
    let read = 0;
    fc.assert(
      fc.property(blockYamlDocument, (source) => {
        if (checkAgreement(source)) read++;
      }),
      { numRuns: RUNS * 3, seed: fcSeed() },
    );
    // Most generated documents are in the supported subset, so the comparison means something.
    expect(read).toBeGreaterThan(RUNS / 2);
  });

  it('agrees on random lines of YAML fragments', () => {
    const fragment = fc.constantFrom(
      'a',
      'key',
      ':',
      ': ',
      ' ',
      '- ',
      '-',
      '#',
      ' #c',
      '[',
      ']',
      '{',
      '}',
      ', ',
      '"q"',
      "'q'",
      '|',
      '>',
      '|-',
      'x y',
      '1',
      'null',
      '---',
      '?',
      '&x',
      '*x',
      '!t',
      '%',
      "'",
      '"',
      ':x',
      'http://h',
    );
    const line = fc
      .tuple(fc.integer({ min: 0, max: 6 }), fc.array(fragment, { maxLength: 6 }))
      .map(([indent, parts]) => ' '.repeat(indent) + parts.join(''));
    const prefix = fc.constantFrom('', 'k: v\n', 'root:\n');
    fc.assert(
      fc.property(
        prefix,
        fc.array(line, { minLength: 1, maxLength: 8 }),
        (start, lines) => void checkAgreement(`${start}${lines.join('\n')}\n`),
      ),
      { numRuns: RUNS * 5, seed: fcSeed() },
    );
  });
});

describe('scalars are typed as PyYAML types them (heat/common/template_format.py: SafeLoader, timestamps as text)', () => {
  // Each row: the plain scalar, and what `yaml.safe_load('v: <scalar>')['v']` gave in PyYAML 6.0.3
  // (timestamps stay text, as Heat's loader registers the string constructor for them).
  it.each<[string, unknown]>([
    ['yes', true],
    ['No', false],
    ['ON', true],
    ['off', false],
    ['y', 'y'],
    ['n', 'n'],
    ['true', true],
    ['False', false],
    ['0644', 420],
    ['0o17', '0o17'],
    ['0x1F', 31],
    ['-0x10', -16],
    ['0b101', 5],
    ['1_000', 1000],
    ['1:30', 90],
    ['190:20:30.15', 685230.15],
    ['09', '09'],
    ['1e3', '1e3'],
    ['1.5e+3', 1500],
    ['1.0e3', '1.0e3'],
    ['.5', 0.5],
    ['-.inf', -Infinity],
    ['~', null],
    ['Null', null],
    ['', null],
    ['2018-08-31', '2018-08-31'],
    ['+12', 12],
    ['-0', 0],
    ['0.', 0],
  ])('v: %s', (scalar, expected) => {
    expect(jsyaml.load(`v: ${scalar}`, { schema: HEAT_YAML_SCHEMA })).toEqual({ v: expected });
  });

  it('reads a NaN as NaN', () => {
    expect(jsyaml.load('v: .NaN', { schema: HEAT_YAML_SCHEMA })).toEqual({ v: NaN });
  });

  it('reads YAML 1.1 booleans and octal numbers in a template', () => {
    const result = compileTemplate(
      'heat_template_version: 2021-04-16\nresources:\n  r:\n    type: OS::Heat::None\n    properties: {a: on, mode: 0644, d: 2016-10-14}\n',
      {},
      catalog,
    );
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(result.template.resources[0]?.properties).toEqual({ a: true, mode: 420, d: '2016-10-14' });
  });

  it('merges `<<` keys as PyYAML does', () => {
    const result = compileTemplate(
      'heat_template_version: 2021-04-16\nresources:\n  a: &a {type: OS::Heat::None, properties: {x: 1}}\n  r:\n    <<: *a\n    properties: {x: 2}\n',
      {},
      catalog,
    );
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(result.template.resources.map((r) => [r.name, r.type, r.properties])).toEqual([
      ['a', 'OS::Heat::None', { x: 1 }],
      ['r', 'OS::Heat::None', { x: 2 }],
    ]);
  });
});

describe('what js-yaml refuses is reported with a position', () => {
  it.each([
    ['an unclosed flow sequence', 'heat_template_version: 2021-04-16\nresources: [1, 2\nb: 3\n'],
    ['tabs as indentation', 'heat_template_version: 2021-04-16\nresources:\n\tr: 1\n'],
    ['several documents', 'heat_template_version: 2021-04-16\n---\nb: 2\n'],
    [
      'a non-printable character (PyYAML refuses it too)',
      'heat_template_version: 2021-04-16\ndescription: a\uFFFEb\n',
    ],
    ['an unknown tag', 'heat_template_version: 2021-04-16\ndescription: !x y\n'],
  ])('%s', (_name, source) => {
    const result = compileTemplate(source, {}, catalog);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.length).toBeGreaterThan(0);
      expect(result.problems[0]?.line).toBeGreaterThan(0);
    }
  });
});
