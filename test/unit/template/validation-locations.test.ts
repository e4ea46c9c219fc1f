import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/template/index.ts';
import type { Problem } from '../../../src/template/index.ts';
import { catalog } from './fixtures/catalog.ts';
import { compileProblems, dedent } from './helpers.ts';

/** A template with one problem of (almost) every kind, each on a line of its own. */
const FAULTY = dedent(`
  heat_template_version: 2021-04-16
  parameters:
    needed: {type: string}
    size:
      type: number
      default: big
  resources:
    server:
      type: Test::Server
      properties:
        image: Bad_Image
        colour: red
    holder:
      type: Test::Server
      properties: {flavor: small}
    odd:
      type: OS::Nope
    user:
      type: OS::Heat::None
      properties:
        a: {get_param: nowhere}
        b: {get_resource: ghost}
        c: {get_attr: [server, nothing]}
        d: {str_split: [",", 5]}
        e: {yaql: {expression: "1"}}
        f: {"Fn::Magic": 1}
      depends_on: [odd, odd2]
      surplus: 1
  outputs:
    o: {value: {get_attr: [user, x]}}
  conditions: {c: nope}
`);

const EXPECTED: Omit<Problem, 'message'>[] = [
  { code: 'PARAMETER_REQUIRED', path: 'parameters.needed', line: 3, column: 3 },
  { code: 'PARAMETER_INVALID', path: 'parameters.size.default', line: 6, column: 14 },
  { code: 'PROPERTY_INVALID', path: 'resources.server.properties.image', line: 11, column: 14 },
  { code: 'UNKNOWN_PROPERTY', path: 'resources.server.properties.colour', line: 12, column: 7 },
  { code: 'MISSING_PROPERTY', path: 'resources.holder.properties', line: 15, column: 5 },
  { code: 'UNKNOWN_RESOURCE_TYPE', path: 'resources.odd.type', line: 17, column: 11 },
  { code: 'MISSING_PARAMETER', path: 'resources.user.properties.a.get_param', line: 21, column: 22 },
  { code: 'MISSING_RESOURCE', path: 'resources.user.properties.b.get_resource', line: 22, column: 25 },
  { code: 'UNKNOWN_ATTRIBUTE', path: 'resources.user.properties.c.get_attr.1', line: 23, column: 30 },
  { code: 'FUNCTION_INVALID', path: 'resources.user.properties.d.str_split.1', line: 24, column: 28 },
  { code: 'UNSUPPORTED', path: 'resources.user.properties.e.yaql', line: 25, column: 11 },
  { code: 'UNKNOWN_FUNCTION', path: 'resources.user.properties.f.Fn::Magic', line: 26, column: 11 },
  { code: 'MISSING_RESOURCE', path: 'resources.user.depends_on.1', line: 27, column: 23 },
  { code: 'INVALID_RESOURCE', path: 'resources.user.surplus', line: 28, column: 5 },
  { code: 'INVALID_CONDITION', path: 'conditions.c', line: 31, column: 17 },
  { code: 'UNKNOWN_PARAMETER', path: 'parameters.extra', line: 2, column: 1 },
];

const located = (problems: readonly Problem[]) =>
  problems.map(({ code, path, line, column }) => ({ code, path, line, column }));

describe('problem locations', () => {
  it('gives every problem its path, line and column, all at once', () => {
    const problems = compileProblems(FAULTY, { extra: 1 });
    expect(located(problems).sort(byPosition)).toEqual([...EXPECTED].sort(byPosition));
  });

  it('lists problems in source order', () => {
    const lines = compileProblems(FAULTY, { extra: 1 }).map((problem) => problem.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('does not depend on which YAML reader read the template', () => {
    // A tab in a comment sends the source to the full YAML parser instead of the fast reader.
    const viaFullParser = compileTemplate(`${FAULTY}# forced\tslow path\n`, { extra: 1 }, catalog);
    const viaFastReader = compileTemplate(FAULTY, { extra: 1 }, catalog);
    expect(viaFullParser).toEqual(viaFastReader);
  });

  it('points at the key for names and at the value for values', () => {
    const problems = compileProblems(
      dedent(`
        heat_template_version: 2021-04-16
        resources:
          a:
            type: OS::Heat::TestResource
            properties:
              wrong_name: 1
              wait_secs: wrong
      `),
    );
    expect(located(problems)).toEqual([
      { code: 'UNKNOWN_PROPERTY', path: 'resources.a.properties.wrong_name', line: 6, column: 7 },
      { code: 'PROPERTY_INVALID', path: 'resources.a.properties.wait_secs', line: 7, column: 18 },
    ]);
  });

  it('points at the key when the value is empty', () => {
    const problems = compileProblems('heat_template_version: 2021-04-16\nresources:\n  a:\n    type:\n');
    expect(located(problems)).toEqual([
      { code: 'INVALID_RESOURCE', path: 'resources.a.type', line: 4, column: 5 },
    ]);
  });

  it('locates problems inside flow collections and after aliases', () => {
    const problems = compileProblems(
      dedent(`
        heat_template_version: 2021-04-16
        x-defaults: &defaults {type: OS::Heat::TestResource, properties: {wait_secs: soon}}
        resources:
          a: *defaults
      `),
    );
    expect(located(problems)).toEqual([
      { code: 'UNKNOWN_SECTION', path: 'x-defaults', line: 2, column: 1 },
      { code: 'PROPERTY_INVALID', path: 'resources.a.properties.wait_secs', line: 2, column: 78 },
    ]);
  });
});

function byPosition(a: { line?: number; column?: number }, b: { line?: number; column?: number }): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
