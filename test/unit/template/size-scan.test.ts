import { describe, expect, it } from 'vitest';
import { countDeclaredResources } from '../../../src/template/index.ts';
import { compileOk, compileProblems } from './helpers.ts';

const block = (n: number) =>
  [
    'heat_template_version: 2018-08-31',
    'parameters:',
    '  p: {type: string, default: "resources: {a: 1}"}',
    'resources:',
    ...Array.from({ length: n }, (_, i) =>
      i % 2
        ? `  r${i}:\n    type: OS::Heat::None\n    properties:\n      value: |\n        text\n        r9: not a key\n`
        : `  # a comment\n  r${i}: {type: OS::Heat::None}`,
    ),
    'outputs:',
    '  o: {value: 1}',
  ].join('\n');

describe('countDeclaredResources: the cheap count before parsing', () => {
  it('counts block YAML resources at their indentation only (not nested keys, comments, block scalars)', () => {
    for (const n of [0, 1, 2, 7, 50]) expect(countDeclaredResources(block(n))).toBe(n);
    expect(
      countDeclaredResources(
        'heat_template_version: 2018-08-31\nresources:\n    a: {}\n    b:\n      c: {}\n',
      ),
    ).toBe(2);
    expect(countDeclaredResources('heat_template_version: 2018-08-31\n')).toBe(0);
  });

  it('counts JSON and flow-style resources by their top-level entries', () => {
    const resources = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [
        `r${i}`,
        { type: 'OS::Heat::None', properties: { a: [1, '}', "it's"] } },
      ]),
    );
    const json = JSON.stringify({
      heat_template_version: '2021-04-16',
      outputs: { resources: {} },
      resources,
    });
    expect(countDeclaredResources(json)).toBe(12);
    expect(countDeclaredResources(JSON.stringify({ resources: {} }))).toBe(0);
    expect(
      countDeclaredResources(
        "heat_template_version: 2018-08-31\nresources: {a: {type: X}, b: {type: Y, properties: {v: don't}},\n  c: {type: Z}}\n",
      ),
    ).toBe(3);
    expect(
      countDeclaredResources('{heat_template_version: 2018-08-31, resources: {a: {type: X}, b: {type: Y}}}'),
    ).toBe(2);
  });

  it('stops counting once past the bound', () => {
    const json = JSON.stringify({
      resources: Object.fromEntries(
        Array.from({ length: 1000 }, (_, i) => [`r${i}`, { type: 'OS::Heat::None' }]),
      ),
    });
    expect(countDeclaredResources(json, 10)).toBe(11);
    expect(countDeclaredResources(block(1000), 10)).toBe(11);
    expect(countDeclaredResources(json, 1000)).toBe(1000);
  });

  it('counts resources disabled by a false condition: the bound is on what a template declares', () => {
    const conditional = [
      'heat_template_version: 2018-08-31',
      'parameters: {wanted: {type: boolean, default: false}}',
      'conditions: {enabled: {get_param: wanted}}',
      'resources:',
      ...Array.from({ length: 30 }, (_, i) => `  r${i}: {type: OS::Heat::None, condition: enabled}`),
    ].join('\n');
    expect(countDeclaredResources(conditional)).toBe(30);
    expect(countDeclaredResources(conditional, 20)).toBe(21);
    // The compiler's own bound counts them the same way, whatever the condition says now.
    expect(compileProblems(conditional, {}, { maxResources: 20 }).map((p) => p.code)).toEqual([
      'TOO_MANY_RESOURCES',
    ]);
    expect(compileOk(conditional, {}, { maxResources: 30 }).resources).toHaveLength(0);
  });
});
