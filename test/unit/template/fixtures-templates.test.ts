/**
 * Runs every template of test/fixtures/templates through the compiler and checks the outcome
 * its manifest (expected.json) records: created with the resources that exist (and chosen
 * property values), or rejected with the problem codes, as Heat would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/template/index.ts';
import { catalog } from './fixtures/catalog.ts';
import { formatProblems } from './helpers.ts';

const DIR = fileURLToPath(new URL('../../fixtures/templates/', import.meta.url));

interface Expectation {
  outcome: 'created' | 'rejected';
  codes?: string[];
  resources?: string[];
  properties?: Record<string, Record<string, unknown>>;
  parameters?: Record<string, unknown>;
  environment?: string[];
  files?: string[];
  warnings?: string[];
  hidden?: string[];
}

const manifest = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')) as Record<string, Expectation>;
const cases = Object.entries(manifest).filter(([key]) => !key.startsWith('$'));

describe('template fixtures', () => {
  it('every template in the folder has an expectation', () => {
    const templates = readdirSync(DIR).filter((file) => file.endsWith('.yaml'));
    const covered = new Set(cases.map(([key]) => key.split('#')[0]));
    expect(templates.filter((file) => !covered.has(file))).toEqual([]);
  });

  it.each(cases)('%s', (key, expected) => {
    const file = key.split('#')[0] as string;
    const files = Object.fromEntries(
      (expected.files ?? []).map((name) => [name, readFileSync(DIR + name, 'utf8')]),
    );
    const result = compileTemplate(readFileSync(DIR + file, 'utf8'), expected.parameters ?? {}, catalog, {
      files,
      ...(expected.environment ? { environment: expected.environment } : {}),
    });
    if (expected.outcome === 'rejected') {
      expect(result.ok, 'expected the template to be rejected').toBe(false);
      if (!result.ok) expect([...new Set(result.problems.map((p) => p.code))].sort()).toEqual(expected.codes);
      return;
    }
    if (!result.ok) expect.fail(formatProblems(result.problems));
    const template = result.template;
    expect(template.resources.map((r) => r.name).sort()).toEqual(expected.resources);
    for (const [name, properties] of Object.entries(expected.properties ?? {})) {
      expect(template.resources.find((r) => r.name === name)?.properties).toEqual(properties);
    }
    expect(result.warnings.map((w) => w.code)).toEqual(expected.warnings ?? []);
    if (expected.hidden) expect(template.hiddenParameters).toEqual(expected.hidden);
  });
});
