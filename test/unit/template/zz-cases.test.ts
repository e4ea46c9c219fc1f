import { it } from 'vitest';
import { readSimpleYaml } from '../../../src/template/simple-yaml.ts';
import { readYaml } from '../../../src/template/yaml-document.ts';
import { ProblemList } from '../../../src/template/problems.ts';
import { isDeepStrictEqual } from 'node:util';
const cases = [
  'a:\n- x\n- y\nb: 1\n', '- a:\n  - x\n', 'r:\n  - a:\n    - x\n    b: 2\n', 'a: |\n  x\n   y\n', 'a: >\n  x\n   y\n', 'a: [a,\n  b]\n', 'a: [a,\nb]\n', 'a: "x" #c\n', 'a: x#y\n', "a: 'it''s'\n",
  'a:    # comment\n  b: 1\n', 'a: b\n  # indented comment\nc: d\n', '---\na: 1\n', '"a b": 1\n', 'a: |-\n  x\n\n  y\n\n', 'a: -1\nb: -.5\n', 'a: :x\n', 'a: ?x\n', 'a: x\n  y\n',
  'a: |\n  x\nb: 1', 'a: |\n  x', 'a:\n  - b\n  -\n    c: 1\n', 'a: {b: [1, 2], c: {d: e}}\n', 'a: { "b":1 }\n', '{\n  "a": [1,\n    2],\n  "b": {}\n}\n', 'a: b: c\n', 'a:\n  b\n', 'a:\n  - |\n    text\n  - x\n',
  'a: >-\n  one\n  two\n\n  three\n', 'a: x # c\n  # d\n', 'x: [a, b, ]\n', 'x: {a: 1, }\n', 'x: [ ]\n', 'x: "\\u00e9\\x41\\t"\n', 'k: v\n...\n', 'k:\n  - - a\n    - b\n  - c\n', 'k: -\n', '- a\n- b\n',
];
it('cases', () => {
  for (const src of cases) {
    const fast = readSimpleYaml(src);
    const problems = new ProblemList();
    const full = readYaml(src, problems);
    const ok = !fast || (problems.isEmpty && isDeepStrictEqual(fast.value, full.root));
    console.log(ok ? 'OK ' : 'BAD', fast ? 'fast' : 'slow', JSON.stringify(src), JSON.stringify(fast?.value), problems.isEmpty ? JSON.stringify(full.root) : 'ERR ' + problems.pending.map((p) => p.message).join('|'));
  }
});
