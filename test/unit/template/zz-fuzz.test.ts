import { it, expect } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { readSimpleYaml } from '../../../src/template/simple-yaml.ts';
import { readYaml } from '../../../src/template/yaml-document.ts';
import { ProblemList } from '../../../src/template/problems.ts';

const chars = fc.constantFrom(...'ab:# -\'"[]{},|>&*!?%@`~\\\n.0123456789 xyzTtrueNnull\u00e9\u{1F600}');
const str = fc.oneof(fc.string({ unit: chars, maxLength: 12 }), fc.constantFrom('true', 'null', '~', '1', '1.5', '0x1F', '.inf', '-', '- a', 'a: b', '#x', 'a #b', '', ' ', 'yes', '2018-08-31', '1e3', '---', '...'));
const scalar = fc.oneof(str, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(str, tie('node'), { maxKeys: 4 }),
})).node;
const root = fc.dictionary(str, value, { minKeys: 1, maxKeys: 5 });

function full(src: string) {
  const problems = new ProblemList();
  const r = readYaml(src, problems);
  return { root: r.root, problems: problems.pending };
}

let handled = 0, total = 0;
it('agrees', () => {
  fc.assert(
    fc.property(root, fc.constantFrom('block', 'flow', 'json', 'json0', 'dq', 'sq', 'lit', 'fold', 'noindentseq', 'indent4'), (doc, style) => {
      let src: string;
      switch (style) {
        case 'json': src = JSON.stringify(doc, null, 2); break;
        case 'json0': src = JSON.stringify(doc); break;
        case 'flow': src = stringify(doc, { collectionStyle: 'flow' }); break;
        case 'dq': src = stringify(doc, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }); break;
        case 'sq': src = stringify(doc, { defaultStringType: 'QUOTE_SINGLE' }); break;
        case 'lit': src = stringify(doc, { blockQuote: 'literal' }); break;
        case 'fold': src = stringify(doc, { blockQuote: 'folded' }); break;
        case 'noindentseq': src = stringify(doc, { indentSeq: false }); break;
        case 'indent4': src = stringify(doc, { indent: 4 }); break;
        default: src = stringify(doc);
      }
      total++;
      const fast = readSimpleYaml(src);
      const reference = full(src);
      if (fast) {
        handled++;
        if (reference.problems.length > 0) throw new Error(`fast accepted, full rejected:\n${src}\n${JSON.stringify(reference.problems)}`);
        expect(fast.value, src).toEqual(reference.root);
      }
    }),
    { numRuns: 20000 },
  );
  console.log('handled', handled, 'of', total);
});

const fragment = fc.constantFrom('a', 'b', 'key', ':', ': ', ' ', '  ', '- ', '-', '#', ' #c', '[', ']', '{', '}', ',', ', ', '"q"', "'q'", '"a\\"b"', "'it''s'", '|', '>', '|-', '>-', 'x y', '1', 'true', 'null', '~', '---', '...', '?', '&x', '*x', '!t', '%', '@', '"', "'", '\\', 'é', ':x', 'http://h', '0o7', '.5');
const line = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.array(fragment, { minLength: 0, maxLength: 6 })).map(([indent, parts]) => ' '.repeat(indent) + parts.join(''));
const textDoc = fc.array(line, { minLength: 1, maxLength: 8 }).map((lines) => lines.join('\n') + '\n');
const prefix = fc.constantFrom('', 'k: v\n', 'root:\n');

it('agrees on random text', () => {
  let accepted = 0;
  fc.assert(
    fc.property(prefix, textDoc, (p, body) => {
      const src = p + body;
      const fast = readSimpleYaml(src);
      if (!fast) return;
      accepted++;
      const reference = full(src);
      if (reference.problems.length > 0) throw new Error(`fast accepted, full rejected:\n${JSON.stringify(src)}\n${JSON.stringify(reference.problems)}\nfast=${JSON.stringify(fast.value)}`);
      expect(fast.value, JSON.stringify(src)).toEqual(reference.root);
    }),
    { numRuns: 200000 },
  );
  console.log('accepted', accepted);
});

const mutation = fc.tuple(fc.nat(), fc.constantFrom('', ' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', '|', '>', '  ', 'x', '\n  ', '\n- ', ': x'), fc.integer({ min: 0, max: 3 }));
it('agrees on mutated documents', () => {
  let accepted = 0;
  fc.assert(
    fc.property(root, fc.constantFrom('block', 'flow', 'json', 'lit', 'fold', 'noindentseq'), fc.array(mutation, { minLength: 1, maxLength: 3 }), (doc, style, mutations) => {
      let src = style === 'json' ? JSON.stringify(doc, null, 2) : stringify(doc, style === 'flow' ? { collectionStyle: 'flow' } : style === 'lit' ? { blockQuote: 'literal' } : style === 'fold' ? { blockQuote: 'folded' } : style === 'noindentseq' ? { indentSeq: false } : {});
      for (const [at, insert, remove] of mutations) {
        const i = at % (src.length + 1);
        src = src.slice(0, i) + insert + src.slice(i + remove);
      }
      const fast = readSimpleYaml(src);
      if (!fast) return;
      accepted++;
      const reference = full(src);
      if (reference.problems.length > 0) throw new Error(`fast accepted, full rejected:\n${JSON.stringify(src)}\n${JSON.stringify(reference.problems)}\nfast=${JSON.stringify(fast.value)}`);
      expect(fast.value, JSON.stringify(src)).toEqual(reference.root);
    }),
    { numRuns: 100000 },
  );
  console.log('accepted', accepted);
});
