import { describe, expect, it } from 'vitest';
import { criticalPath, DependencyCycleError } from '../../../src/graph/dag.ts';

const graph = (edges: Record<string, string[]>) => (node: string) => edges[node] ?? [];

describe('criticalPath', () => {
  it('finds the heaviest chain of dependencies', () => {
    const requires = graph({ web: ['db', 'cache'], db: ['network'], cache: ['network'] });
    const seconds: Record<string, number> = { network: 5, db: 30, cache: 10, web: 20 };
    expect(criticalPath(['web', 'db', 'cache', 'network'], requires, (node) => seconds[node] ?? 0)).toEqual({
      length: 55,
      path: ['network', 'db', 'web'],
    });
  });

  it('prefers the smaller name on ties', () => {
    expect(
      criticalPath(
        ['b', 'a'],
        () => [],
        () => 1,
      ),
    ).toEqual({ length: 1, path: ['a'] });
    expect(criticalPath(['top', 'y', 'x'], graph({ top: ['y', 'x'] }), () => 1)).toEqual({
      length: 2,
      path: ['x', 'top'],
    });
  });

  it('is empty for an empty graph', () => {
    expect(
      criticalPath(
        [],
        () => [],
        () => 1,
      ),
    ).toEqual({ length: 0, path: [] });
  });

  it('handles a chain of 100,000 nodes', () => {
    const count = 100_000;
    const result = criticalPath(
      Array.from({ length: count }, (_, index) => `n${index}`),
      (node) => (node === 'n0' ? [] : [`n${Number(node.slice(1)) - 1}`]),
      () => 1,
    );
    expect(result.length).toBe(count);
    expect(result.path).toHaveLength(count);
  });

  it('throws on cycles', () => {
    expect(() => criticalPath(['a', 'b'], graph({ a: ['b'], b: ['a'] }), () => 1)).toThrow(
      DependencyCycleError,
    );
  });
});
