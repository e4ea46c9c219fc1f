/**
 * compileTemplate on hostile input, by the thousand: any text, any JSON-like value, broken YAML,
 * YAML tricks (alias bombs, tags, merge keys), templates with defects, hostile strings, huge and
 * deeply nested values, hostile parameter values. It must never throw: every input gives either
 * a compiled template or problems, each with a known code, a message and a string path.
 *
 * Seeded (FC_SEED overrides the default); a failure prints the seed and the counterexample.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { toHeatYaml } from '../../../src/template/yaml-schema.ts';
import { builtinRegistry } from '../../../src/resources/registry.ts';
import { compileTemplate, type CompileResult } from '../../../src/template/index.ts';
import {
  canonicalJson,
  corruptedTemplateCase,
  fcSeed,
  hostileJson,
  hostileString,
  hostileValidCaseIn,
  hugeCase,
  invalidTemplateCase,
  isDeepValue,
  KNOWN_PROBLEM_CODES,
  stringBombCase,
  TEST_MAX_RESOURCES,
  yamlTrickCase,
  type Json,
} from '../../support/arbitraries.ts';

const registry = builtinRegistry();
const seed = fcSeed();
const KNOWN = new Set<string>(KNOWN_PROBLEM_CODES);

function compile(source: string, parameters: Record<string, unknown> = {}): CompileResult {
  let result: CompileResult | undefined;
  expect(
    () => {
      result = compileTemplate(source, parameters, registry, { maxResources: TEST_MAX_RESOURCES });
    },
    `compileTemplate threw for ${describeInput(source)}`,
  ).not.toThrow();
  return result!;
}

function describeInput(source: string): string {
  return source.length > 300
    ? `${JSON.stringify(source.slice(0, 300))}... (${source.length} characters)`
    : JSON.stringify(source);
}

/** A result is a template, or at least one problem, each with a known code, a message and a path. */
function expectWellFormed(result: CompileResult): void {
  if (result.ok) {
    expect(result.template.heatTemplateVersion).toEqual(expect.any(String));
    expect(Array.isArray(result.template.resources)).toBe(true);
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(KNOWN.has(problem.code), `unknown problem code ${problem.code}`).toBe(true);
    expect(typeof problem.message).toBe('string');
    expect(problem.message.length).toBeGreaterThan(0);
    expect(typeof problem.path).toBe('string');
    if (problem.line !== undefined) expect(Number.isInteger(problem.line) && problem.line >= 1).toBe(true);
    if (problem.column !== undefined)
      expect(Number.isInteger(problem.column) && problem.column >= 1).toBe(true);
  }
}

const FIGURES = fileURLToPath(new URL('../../../tmp/reliability-bad-input.json', import.meta.url));
const startedAt = Date.now();
const figures: Record<string, { planned: number; ran: number; failed: boolean }> = {};

/** fc.assert, keeping how many inputs each property tried for the figures file. */
function check<Ts extends [unknown, ...unknown[]]>(
  name: string,
  property: fc.IProperty<Ts>,
  numRuns: number,
): void {
  const details = fc.check(property, { numRuns, seed });
  figures[name] = { planned: numRuns, ran: details.numRuns, failed: details.failed };
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
}

afterAll(async () => {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(FIGURES, 'utf8')) as Record<string, unknown>;
  } catch {
    // first run
  }
  all.unit = {
    description:
      'compileTemplate on generated hostile input (test/unit/template/hostile-templates.test.ts): inputs tried per property.',
    updatedAt: new Date().toISOString(),
    seed,
    node: process.version,
    durationSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
    inputs: Object.values(figures).reduce((sum, f) => sum + f.ran, 0),
    properties: figures,
  };
  await mkdir(dirname(FIGURES), { recursive: true });
  await writeFile(FIGURES, `${JSON.stringify(all, null, 2)}\n`);
});

describe('compileTemplate never throws on hostile input', () => {
  it('any text: random Unicode, graphemes, hostile strings, YAML punctuation soup', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      hostileString({ maxLong: 5000 }),
      fc.string({
        unit: fc.constantFrom(...'abc :-#&*!|>\'"%@`{}[],?\n\t \\0123456789~.'),
        maxLength: 120,
      }),
      fc
        .tuple(
          fc.constantFrom(
            'heat_template_version: 2021-04-16\n',
            '{"heat_template_version": "2021-04-16", ',
            '',
          ),
          fc.string({
            unit: fc.constantFrom(...'resources:type OS::Heat::None{}[],\n -&*!'),
            maxLength: 150,
          }),
        )
        .map(([head, tail]) => head + tail),
    );
    check(
      'any text',
      fc.property(text, (source) => expectWellFormed(compile(source))),
      3000,
    );
  });

  it('any JSON-like value, as JSON or YAML, alone or in any section of a template', () => {
    const value: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 5 }), hostileJson(4));
    const placement = fc.constantFrom(
      'root',
      'resources',
      'a resource',
      'properties',
      'parameters',
      'a parameter',
      'outputs',
      'an output',
      'depends_on',
      'version',
      'a function argument',
    );
    check(
      'any JSON-like value',
      fc.property(value, placement, fc.boolean(), (v, where, asYaml) => {
        const j = v as Json;
        const none = (properties: Json) => ({ r: { type: 'OS::Heat::None', properties } });
        const templates: Record<string, unknown> = {
          root: v,
          resources: { heat_template_version: '2021-04-16', resources: v },
          'a resource': { heat_template_version: '2021-04-16', resources: { r: v } },
          properties: {
            heat_template_version: '2021-04-16',
            resources: { r: { type: 'OS::Heat::None', properties: v } },
          },
          parameters: { heat_template_version: '2021-04-16', parameters: v },
          'a parameter': { heat_template_version: '2021-04-16', parameters: { p: v } },
          outputs: { heat_template_version: '2021-04-16', outputs: v },
          'an output': { heat_template_version: '2021-04-16', outputs: { o: v } },
          depends_on: {
            heat_template_version: '2021-04-16',
            resources: { r: { type: 'OS::Heat::None', depends_on: v } },
          },
          version: { heat_template_version: v },
          'a function argument': {
            heat_template_version: '2021-04-16',
            resources: none({
              a: { list_join: j },
              b: { str_replace: j },
              c: { repeat: j },
              d: { map_merge: j },
              e: { get_attr: j },
              f: { digest: j },
              g: { filter: j },
              h: { make_url: j },
            }),
          },
        };
        const template = templates[where];
        const source = asYaml ? toHeatYaml(template) : JSON.stringify(template);
        expectWellFormed(compile(source ?? 'null'));
      }),
      3000,
    );
  });

  it('broken YAML and YAML tricks: alias bombs, tags, merge keys, several documents, corruption', () => {
    check(
      'broken YAML and YAML tricks',
      fc.property(fc.oneof(yamlTrickCase, corruptedTemplateCase), (c) => {
        const result = compile(c.text, c.parameters);
        expectWellFormed(result);
        if (c.mustFail) {
          expect(result.ok, `${c.label} was accepted: ${describeInput(c.text)}`).toBe(false);
          if (!result.ok && c.codes.length > 0) {
            const codes = result.problems.map((p) => p.code);
            expect(
              codes.some((code) => (c.codes as readonly string[]).includes(code)),
              `${c.label}: expected one of ${c.codes.join(', ')}, got ${codes.join(', ')}`,
            ).toBe(true);
          }
        }
      }),
      1200,
    );
  });

  it('templates with defects (cycles, dangling references, wrong types...) are refused with the right problem', () => {
    check(
      'templates with defects',
      fc.property(invalidTemplateCase, (c) => {
        const result = compile(c.text, c.parameters);
        expectWellFormed(result);
        expect(result.ok, `${c.label} was accepted: ${describeInput(c.text)}`).toBe(false);
        if (!result.ok) {
          const codes = result.problems.map((p) => p.code);
          expect(
            codes.some((code) => (c.codes as readonly string[]).includes(code)),
            `${c.label}: expected one of ${c.codes.join(', ')}, got ${codes.join(', ')}`,
          ).toBe(true);
        }
      }),
      3000,
    );
  });

  it.each(['json', 'yaml'] as const)(
    'hostile strings as names, property values, parameters, descriptions and outputs compile verbatim, unpaired surrogates are refused (%s)',
    (format) => {
      check(
        `hostile strings compile verbatim (${format})`,
        fc.property(hostileValidCaseIn([format]), (c) => {
          const result = compile(c.text, c.parameters);
          if (c.illFormed) {
            // Unpaired surrogates cannot be stored or sent as UTF-8: refused, never altered.
            expect(result.ok).toBe(false);
            if (!result.ok)
              expect(result.problems.map((p) => p.code)).toEqual(
                expect.arrayContaining([expect.stringMatching(/^(INVALID_TEMPLATE|PARAMETER_INVALID)$/)]),
              );
            return;
          }
          if (!result.ok)
            expect.fail(
              `refused: ${JSON.stringify(result.problems.slice(0, 3))} for ${describeInput(c.text)}`,
            );
          const { template } = result;
          expect(template.description).toBe(c.description);
          expect(template.resources.map((r) => r.name).sort()).toEqual(Object.keys(c.properties).sort());
          for (const resource of template.resources) {
            expect(canonicalJson(resource.properties)).toBe(canonicalJson(c.properties[resource.name]));
          }
          const outputs = Object.fromEntries(Object.entries(template.outputs).map(([k, o]) => [k, o.value]));
          expect(canonicalJson(outputs)).toBe(canonicalJson(c.outputs));
        }),
        800,
      );
    },
  );

  it('hostile values for parameters of every type and constraint', () => {
    const declaration = fc.constantFrom(
      { type: 'string' },
      { type: 'string', constraints: [{ length: { min: 1, max: 5 } }, { allowed_values: ['a', 'b'] }] },
      { type: 'string', constraints: [{ allowed_pattern: '[a-z]+' }] },
      { type: 'number' },
      { type: 'number', constraints: [{ range: { min: -1, max: 1 } }, { modulo: { step: 2, offset: 1 } }] },
      { type: 'boolean' },
      { type: 'json' },
      { type: 'json', constraints: [{ length: { max: 2 } }] },
      { type: 'comma_delimited_list' },
      { type: 'comma_delimited_list', constraints: [{ allowed_values: ['x'] }] },
    );
    const value = fc.oneof(
      hostileJson(3),
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom<Json>(
        '1e400',
        '-0',
        '0x10',
        ' 1 ',
        'NaN',
        'Infinity',
        'true',
        'False',
        ',,',
        '[1,',
        '{}',
      ),
    );
    check(
      'parameters of every type',
      fc.property(declaration, value, fc.boolean(), (d, v, asDefault) => {
        const parameter: Record<string, unknown> = { ...d };
        if (asDefault) parameter.default = v;
        const source = JSON.stringify({
          heat_template_version: '2021-04-16',
          parameters: { p: parameter },
          resources: { r: { type: 'OS::Heat::None', properties: { v: { get_param: 'p' } } } },
          outputs: { o: { value: { list_join: [',', [{ get_param: 'p' }]] } } },
        });
        expectWellFormed(compile(source, asDefault ? {} : { p: v }));
      }),
      3000,
    );
  });

  it('huge and deeply nested values', () => {
    check(
      'huge and deep values',
      fc.property(hugeCase, (c) => {
        const parameters = JSON.parse(c.parametersText) as Record<string, unknown>;
        const result = compile(c.text, parameters);
        expectWellFormed(result);
        if (result.ok && c.expected.kind === 'deep') {
          const v = result.template.resources[0]?.properties.v;
          expect(isDeepValue(v, c.expected.depth, c.expected.shape), `${c.label}: value changed`).toBe(true);
        }
      }),
      60,
    );
  });

  it('nested functions that expand a tiny template into gigabytes are refused, not thrown', () => {
    check(
      'function amplification',
      fc.property(stringBombCase, (c) => {
        expectWellFormed(compile(c.text));
      }),
      200,
    );
  });
});
