/**
 * The fast reader for plain YAML must agree with the `yaml` package whenever it does not give
 * up: same values, and never accepting what the `yaml` package rejects. Checked on hand-picked
 * cases and on generated documents (serialised values, grammar-generated text, mutations).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ProblemList } from '../../../src/template/problems.ts';
import { readSimpleYaml } from '../../../src/template/simple-yaml.ts';
import { readYaml } from '../../../src/template/yaml-document.ts';
import { blockYamlDocument } from './fixtures/yaml-documents.ts';

const RUNS = 3000;

function readWithYamlPackage(source: string): { root: unknown; problems: number } {
  const problems = new ProblemList();
  const { root } = readYaml(source, problems);
  return { root, problems: problems.size };
}

/** Fails unless the fast reader gave up, or agrees with the `yaml` package. Returns whether it read the source. */
function checkAgreement(source: string): boolean {
  const fast = readSimpleYaml(source);
  if (!fast) return false;
  const reference = readWithYamlPackage(source);
  expect(
    reference.problems,
    `the yaml package rejects what the fast reader accepted: ${JSON.stringify(source)}`,
  ).toBe(0);
  expect(fast.value, JSON.stringify(source)).toEqual(reference.root);
  return true;
}

describe('the fast YAML reader', () => {
  it.each([
    ['block mappings and sequences', 'a:\n  b: 1\n  c:\n    - x\n    - y: 2\n      z: 3\n'],
    ["a sequence at its key's indentation", 'a:\n- x\n- y\nb: 1\n'],
    ['nested compact sequences', 'k:\n  - - a\n    - b\n  - c\n'],
    ['comments and blank lines', '# top\na: 1 # trailing\n\n  # indented\nb:   # after key\n  c: d\n'],
    ['a document start marker', '---\na: 1\n'],
    ['quoted keys and values', '"a b": \'it\'\'s\'\nc: "tab\\there \\u00e9 \\x41"\n'],
    ['plain scalars with colons and hashes', 'url: http://h:80/p#frag\nx: a#b\ny: :x\n'],
    ['typed plain scalars', 'i: 12\nh: 0x1F\no: 0o17\nf: 1.5e3\nn: ~\nt: True\ns: yes\nd: 2018-08-31\n'],
    ['literal block scalars', 'script: |\n  #!/bin/sh\n  echo hi\n\n  exit 0\nnext: 1\n'],
    ['folded block scalars', 'text: >-\n  one\n  two\n\n  three\n'],
    ['flow collections across lines', 'a: {b: [1,\n    2], c: {d: e}}\nf: [ ]\n'],
    ['pretty-printed JSON', '{\n  "a": [1, {"b": null}],\n  "c": "d"\n}\n'],
    ['sequence items of every kind', 'a:\n  - |\n    text\n  - [x]\n  - "q"\n  - k: v\n  -\n    n: 1\n'],
  ])('reads %s', (_name, source) => {
    expect(checkAgreement(source)).toBe(true);
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['tabs', 'a:\t1\n'],
    ['CRLF line endings', 'a: 1\r\nb: 2\r\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['complex keys', '? a\n: b\n'],
    ['keep chomping', 'a: |+\n  x\n\n'],
    ['more-indented folded lines', 'a: >\n  x\n    y\n'],
    ['a plain scalar below its key', 'a:\n  text\n'],
    ['a root that is not a mapping', '- a\n- b\n'],
    ['syntax errors', 'a: [1, 2\nb: 3\n'],
    ['nested mappings on one line', 'a: b: c\n'],
  ])('leaves %s to the yaml package', (_name, source) => {
    expect(readSimpleYaml(source)).toBeUndefined();
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
      { numRuns: RUNS },
    );
  });

  it('agrees on serialised values after random edits', () => {
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom(
        '',
        ' ',
        '\n',
        ':',
        '-',
        '#',
        '"',
        "'",
        '[',
        ']',
        '{',
        '}',
        ',',
        '|',
        '\n  ',
        '\n- ',
        ': x',
      ),
      fc.integer({ min: 0, max: 3 }),
    );
    fc.assert(
      fc.property(
        document,
        serialise,
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        (doc, write, edits) => {
          let source = write(doc);
          for (const [at, insert, remove] of edits) {
            const index = at % (source.length + 1);
            source = source.slice(0, index) + insert + source.slice(index + remove);
          }
          checkAgreement(source);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('agrees on generated block documents with comments, blank lines and odd spacing', () => {
    let read = 0;
    fc.assert(
      fc.property(blockYamlDocument, (source) => {
        if (checkAgreement(source)) read++;
      }),
      { numRuns: RUNS * 3 },
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
      { numRuns: RUNS * 5 },
    );
  });
});
