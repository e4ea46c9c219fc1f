/**
 * Versions share the nodes of unchanged resources; a read shows a node as the viewed version has
 * it (`asViewedIn`, applied by the version reads in src/store/reads.ts).
 */
import { describe, expect, it } from 'vitest';
import { asViewedIn } from '../../../src/store/reads.ts';

const node = {
  id: 'r1',
  name: 'db',
  status: 'UPDATE_COMPLETE',
  statusReason: 'State changed',
  live: true,
  version: 2,
  versionId: 'v2',
  outcome: 'UPDATED',
  changeReason: 'size changed',
  changedProperties: '["size"]',
};

describe('asViewedIn', () => {
  it('shows a node as it is in the version that last changed it', () => {
    expect(asViewedIn(node, { id: 'v2', number: 2 })).toBe(node);
  });

  it('shows a shared live node as unchanged in a later version, with that version', () => {
    expect(asViewedIn(node, { id: 'v5', number: 5 })).toEqual({
      ...node,
      version: 5,
      versionId: 'v5',
      outcome: 'UNCHANGED',
      changeReason: null,
      changedProperties: null,
      statusReason: 'Unchanged: kept as is',
    });
  });

  it('keeps the reason of a shared node that is no longer live (a later version deleted it)', () => {
    const deleted = { ...node, live: null, status: 'DELETE_COMPLETE', statusReason: 'Deleted' };
    expect(asViewedIn(deleted, { id: 'v3', number: 3 })).toMatchObject({
      version: 3,
      outcome: 'UNCHANGED',
      status: 'DELETE_COMPLETE',
      statusReason: 'Deleted',
    });
  });
});
