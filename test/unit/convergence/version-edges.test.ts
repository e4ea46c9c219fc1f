import { describe, expect, it } from 'vitest';
import { versionEdges } from '../../../src/convergence/plan.ts';

// a ← b ← c, and d needs a and c: [dependency's position, dependent's position, carried].
const resources = [
  { name: 'a', requires: [] },
  { name: 'b', requires: ['a'] },
  { name: 'c', requires: ['b'] },
  { name: 'd', requires: ['a', 'c'] },
];

describe('the edges a new version writes', () => {
  it('all of them, none carried, when nothing is carried over', () => {
    expect(versionEdges(resources, new Map(), new Map())).toEqual([
      [0, 1, 0],
      [1, 2, 0],
      [0, 3, 0],
      [2, 3, 0],
    ]);
  });

  it('leaves out an edge between two carried resources that exists, and merges one that does not', () => {
    const carried = new Map([
      ['a', { id: 'A' }],
      ['b', { id: 'B' }],
      ['c', { id: 'C' }],
    ]);
    // B is linked from A already; C is not linked from B (a traversal stopped between them, or
    // c gained a depends_on): that edge is sent, to be merged.
    const linkedFrom = new Map([
      ['B', ['A']],
      ['C', ['X']],
    ]);
    expect(versionEdges(resources, carried, linkedFrom)).toEqual([
      [1, 2, 1],
      [0, 3, 0],
      [2, 3, 0],
    ]);
  });

  it('sends every edge that touches a resource not carried over, whatever is linked', () => {
    const carried = new Map([['a', { id: 'A' }]]);
    const linkedFrom = new Map([['B', ['A']]]);
    expect(versionEdges(resources, carried, linkedFrom)).toEqual([
      [0, 1, 0],
      [1, 2, 0],
      [0, 3, 0],
      [2, 3, 0],
    ]);
  });
});
