import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DependencyCycleError, topologicalOrder } from '../../../src/graph/dag.ts';

/** `requires` over a fixed adjacency map. */
const graph = (edges: Record<string, string[]>) => (node: string) => edges[node] ?? [];

describe('topologicalOrder', () => {
  it('puts every node after the nodes it requires', () => {
    const requires = graph({ web: ['db', 'cache'], db: ['network'], cache: ['network'] });
    expect(topologicalOrder(['web', 'db', 'cache', 'network'], requires)).toEqual([
      'network',
      'cache',
      'db',
      'web',
    ]);
  });

  it('breaks ties by name, whatever the input order', () => {
    const requires = graph({ b2: ['a'], b1: ['a'] });
    expect(topologicalOrder(['b2', 'c', 'b1', 'a'], requires)).toEqual(['a', 'b1', 'b2', 'c']);
    expect(topologicalOrder(['a', 'b1', 'c', 'b2'], requires)).toEqual(['a', 'b1', 'b2', 'c']);
  });

  it('compares names by code unit, not by locale', () => {
    expect(topologicalOrder(['b', 'a', 'B', 'é', '_'], () => [])).toEqual(['B', '_', 'a', 'b', 'é']);
  });

  it('ignores required names that are not nodes, and repeated nodes', () => {
    expect(topologicalOrder(['a', 'b', 'a'], graph({ a: ['ghost', 'b', 'b'] }))).toEqual(['b', 'a']);
  });

  it('throws DependencyCycleError naming the cycles', () => {
    const requires = graph({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] });
    expect(() => topologicalOrder(['a', 'b', 'c', 'd'], requires)).toThrow(DependencyCycleError);
    expect(() => topologicalOrder(['a', 'b', 'c', 'd'], requires)).toThrow(
      'dependency cycle: a -> b -> c -> a',
    );
    try {
      topologicalOrder(['a', 'b', 'c', 'd'], requires);
    } catch (error) {
      expect((error as DependencyCycleError).cycles).toEqual([['a', 'b', 'c']]);
    }
  });

  it('orders a chain of 100,000 nodes without exhausting the stack', () => {
    const count = 100_000;
    const name = (index: number) => `n${String(index).padStart(6, '0')}`;
    const nodes = Array.from({ length: count }, (_, index) => name(count - 1 - index));
    const order = topologicalOrder(nodes, (node) => {
      const index = Number(node.slice(1));
      return index === 0 ? [] : [name(index - 1)];
    });
    expect(order).toHaveLength(count);
    expect(order[0]).toBe(name(0));
    expect(order[count - 1]).toBe(name(count - 1));
  });

  it('respects every edge of random acyclic graphs', () => {
    // Edges only go from higher to lower numbers, so the graph is acyclic.
    const dag = fc
      .array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 40 })
      .map((lists) =>
        Object.fromEntries(
          lists.map((targets, node) => [`n${node}`, targets.filter((t) => t < node).map((t) => `n${t}`)]),
        ),
      );
    fc.assert(
      fc.property(dag, (edges) => {
        const nodes = Object.keys(edges);
        const order = topologicalOrder(nodes, graph(edges));
        expect([...order].sort()).toEqual([...nodes].sort());
        const position = new Map(order.map((node, index) => [node, index]));
        for (const [node, targets] of Object.entries(edges)) {
          for (const target of targets) expect(position.get(target)).toBeLessThan(position.get(node) ?? -1);
        }
      }),
    );
  });
});
