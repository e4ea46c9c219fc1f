import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycles, formatCycle } from '../../../src/graph/dag.ts';

const graph = (edges: Record<string, string[]>) => (node: string) => edges[node] ?? [];

describe('findCycles', () => {
  it('finds nothing in an acyclic graph', () => {
    expect(findCycles(['a', 'b', 'c'], graph({ a: ['b', 'c'], b: ['c'] }))).toEqual([]);
  });

  it('reports a cycle along its edges, starting at its smallest name', () => {
    expect(findCycles(['c', 'b', 'a'], graph({ c: ['a'], a: ['b'], b: ['c'] }))).toEqual([['a', 'b', 'c']]);
    expect(findCycles(['c', 'b', 'a'], graph({ a: ['c'], c: ['b'], b: ['a'] }))).toEqual([['a', 'c', 'b']]);
  });

  it('reports a node requiring itself', () => {
    expect(findCycles(['a', 'b'], graph({ a: ['a'], b: ['a'] }))).toEqual([['a']]);
  });

  it('reports each group of mutually dependent nodes once, sorted by first name', () => {
    const requires = graph({ x: ['y'], y: ['x'], b: ['a'], a: ['b'], free: ['a', 'x'] });
    expect(findCycles(['x', 'y', 'a', 'b', 'free'], requires)).toEqual([
      ['a', 'b'],
      ['x', 'y'],
    ]);
  });

  it('gives a shortest cycle through the smallest name of an entangled group', () => {
    // a -> b -> c -> d -> a, and the shortcut c -> a.
    const requires = graph({ a: ['b'], b: ['c'], c: ['d', 'a'], d: ['a'] });
    expect(findCycles(['a', 'b', 'c', 'd'], requires)).toEqual([['a', 'b', 'c']]);
  });

  it('handles a ring of 100,000 nodes without exhausting the stack', () => {
    const count = 100_000;
    const nodes = Array.from({ length: count }, (_, index) => `n${String(index).padStart(6, '0')}`);
    const next = new Map(nodes.map((node, index) => [node, nodes[(index + 1) % count] as string]));
    const cycles = findCycles(nodes, (node) => [next.get(node) as string]);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(count);
    expect(cycles[0]?.slice(0, 2)).toEqual(['n000000', 'n000001']);
  });

  it('handles a chain of 100,000 nodes (no cycle)', () => {
    const count = 100_000;
    expect(
      findCycles(
        Array.from({ length: count }, (_, i) => `n${i}`),
        (node) => {
          const index = Number(node.slice(1));
          return index + 1 < count ? [`n${index + 1}`] : [];
        },
      ),
    ).toEqual([]);
  });

  it('returns real cycles: each node requires the next, the last requires the first', () => {
    const arbitraryGraph = fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(arbitraryGraph, (edges) => {
        const nodes = Object.keys(edges);
        for (const cycle of findCycles(nodes, graph(edges))) {
          expect(new Set(cycle).size).toBe(cycle.length);
          cycle.forEach((node, index) => {
            const next = cycle[(index + 1) % cycle.length] as string;
            expect(edges[node]).toContain(next);
          });
          expect(cycle[0]).toBe([...cycle].sort()[0]);
        }
      }),
    );
  });
});

describe('formatCycle', () => {
  it('closes the loop', () => {
    expect(formatCycle(['a', 'b', 'c'])).toBe('a -> b -> c -> a');
    expect(formatCycle(['a'])).toBe('a -> a');
  });
});
