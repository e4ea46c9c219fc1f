import { describe, expect, it } from 'vitest';
import { statusCountDeltas } from '../../../src/convergence/stack-state.ts';

describe('statusCountDeltas (live stacks per tenant and status)', () => {
  it('moves one stack from its old status to its new one', () => {
    expect(
      statusCountDeltas([{ tenant: 'a', before: 'CREATE_IN_PROGRESS', after: 'CREATE_COMPLETE' }]),
    ).toEqual([
      { tenant: 'a', status: 'CREATE_COMPLETE', delta: 1 },
      { tenant: 'a', status: 'CREATE_IN_PROGRESS', delta: -1 },
    ]);
  });

  it('counts a new stack in and a deleted one out', () => {
    expect(
      statusCountDeltas([
        { tenant: 'a', before: null, after: 'INIT_COMPLETE' },
        { tenant: 'a', before: 'DELETE_IN_PROGRESS', after: null },
      ]),
    ).toEqual([
      { tenant: 'a', status: 'DELETE_IN_PROGRESS', delta: -1 },
      { tenant: 'a', status: 'INIT_COMPLETE', delta: 1 },
    ]);
  });

  it('nets out changes that cancel within one transaction and drops unchanged ones', () => {
    expect(
      statusCountDeltas([
        { tenant: 'a', before: null, after: 'INIT_COMPLETE' },
        { tenant: 'a', before: 'INIT_COMPLETE', after: 'CREATE_IN_PROGRESS' },
        { tenant: 'a', before: 'UPDATE_COMPLETE', after: 'UPDATE_COMPLETE' },
      ]),
    ).toEqual([{ tenant: 'a', status: 'CREATE_IN_PROGRESS', delta: 1 }]);
  });

  it('orders counters by tenant, then status, whatever order the changes came in (one lock order)', () => {
    const deltas = statusCountDeltas([
      { tenant: 'b', before: 'X', after: 'A' },
      { tenant: 'a', before: 'Z', after: 'Y' },
    ]);
    expect(deltas.map((d) => `${d.tenant}/${d.status}`)).toEqual(['a/Y', 'a/Z', 'b/A', 'b/X']);
  });
});
