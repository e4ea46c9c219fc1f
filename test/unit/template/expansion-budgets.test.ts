import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../../src/resources/registry.ts';
import { boundedJsonSize, compileTemplate } from '../../../src/template/index.ts';
import { MAX_ALIAS_EXPANSION_CHARS } from '../../../src/template/source.ts';

const registry = builtinRegistry();
const MB = 1024 * 1024;

/** A resource whose property lists `uses` aliases of one string of `size` characters. */
function aliasTemplate(size: number, uses: number): string {
  return [
    'heat_template_version: 2018-08-31',
    'resources:',
    '  r:',
    '    type: OS::Heat::None',
    '    properties:',
    `      big: &s "${'x'.repeat(size)}"`,
    `      copies: [${Array.from({ length: uses }, () => '*s').join(', ')}]`,
  ].join('\n');
}

describe('alias expansion is budgeted by size, not only by nodes (issue 16 §6)', () => {
  it('refuses a 1 MB string aliased 1,000 times with a coded problem, quickly', () => {
    const started = performance.now();
    const result = compileTemplate(aliasTemplate(MB, 1000), {}, registry);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ code: 'YAML_SYNTAX' });
    expect(result.problems[0]!.message).toMatch(/MiB of text/);
    // Generous: the refusal walks at most the budget, it never builds the gigabyte.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('accepts aliases whose expansion stays within the budget', () => {
    const uses = Math.floor(MAX_ALIAS_EXPANSION_CHARS / MB) - 1;
    const result = compileTemplate(aliasTemplate(MB, uses), {}, registry);
    expect(result.ok).toBe(true);
  });
});

describe('boundedJsonSize', () => {
  it('measures about what JSON.stringify makes, counting shared values per use', () => {
    const shared = 'y'.repeat(1000);
    const value = { a: [shared, shared, 1, true, null], b: { c: shared } };
    const exact = JSON.stringify(value).length;
    const measured = boundedJsonSize(value, 10_000);
    expect(measured).toBeGreaterThanOrEqual(exact * 0.9);
    expect(measured).toBeLessThanOrEqual(exact * 1.2);
  });

  it('stops as soon as the bound is passed', () => {
    const big = 'z'.repeat(MB);
    const many = Array.from({ length: 100_000 }, () => big);
    expect(boundedJsonSize(many, 10 * MB)).toBe(Infinity);
  });
});
