import { describe, expect, it } from 'vitest';
import {
  checkVerdict,
  checkableProperties,
  compareDrift,
  sameValue,
} from '../../../src/convergence/drift.ts';

const role = {
  properties: {
    name: { type: 'string' as const },
    password: { type: 'string' as const, secret: true },
    connection_limit: { type: 'integer' as const },
    member_of: { type: 'list' as const },
    createdb: { type: 'boolean' as const },
  },
  attributes: {
    name: { description: 'n' },
    password: { description: 'never reported, and secret anyway' },
    connection_limit: { description: 'c' },
    member_of: { description: 'm' },
    oid: { description: 'o' },
  },
};

describe('drift', () => {
  it('checks the non-secret properties a type reads back as attributes', () => {
    expect(checkableProperties(role)).toEqual(['connection_limit', 'member_of', 'name']);
  });

  it('reports each differing property with what was expected and what is there', () => {
    const checkable = checkableProperties(role);
    const expected = { name: 'app', password: 'x', connection_limit: 5, member_of: ['r'] };
    expect(
      compareDrift(
        expected,
        { state: 'done', attributes: { name: 'app', connection_limit: 9, member_of: ['r'] } },
        checkable,
      ),
    ).toEqual({
      status: 'MODIFIED',
      differences: [{ property: 'connection_limit', expected: 5, actual: 9 }],
    });
    expect(
      compareDrift(
        expected,
        { state: 'done', attributes: { name: 'app', connection_limit: '5', member_of: ['r'] } },
        checkable,
      ),
    ).toEqual({ status: 'IN_SYNC', differences: [] });
  });

  it('a missing resource is DELETED; an unsettled observation or a type with nothing to compare is NOT_CHECKED', () => {
    expect(compareDrift({ name: 'a' }, { state: 'missing' }, ['name']).status).toBe('DELETED');
    expect(compareDrift({ name: 'a' }, { state: 'pending' }, ['name']).status).toBe('NOT_CHECKED');
    expect(compareDrift({ value: 1 }, { state: 'done', attributes: {} }, []).status).toBe('NOT_CHECKED');
  });

  it('unset properties are not compared; values compare deeply', () => {
    expect(
      compareDrift(
        { name: 'a', member_of: null },
        { state: 'done', attributes: { name: 'a', member_of: ['x'] } },
        ['member_of', 'name'],
      ).status,
    ).toBe('IN_SYNC');
    expect(sameValue({ a: [1, { b: 'c' }] }, { a: ['1', { b: 'c' }] })).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe('checkVerdict', () => {
  it('fails the check when any resource drifted, naming each one', () => {
    const verdict = checkVerdict([
      {
        name: 'role',
        status: 'MODIFIED',
        differences: [{ property: 'connection_limit', expected: 5, actual: 9 }],
      },
      { name: 'queue', status: 'DELETED', differences: [] },
      { name: 'db', status: 'IN_SYNC', differences: [] },
      { name: 'none', status: 'NOT_CHECKED', differences: [] },
    ]);
    expect(verdict.status).toBe('CHECK_FAILED');
    expect(verdict.reason).toBe('2 resources drifted: role MODIFIED, queue DELETED');
    expect(verdict.resources).toEqual([
      { name: 'role', status: 'CHECK_FAILED', reason: 'MODIFIED: connection_limit' },
      { name: 'queue', status: 'CHECK_FAILED', reason: 'DELETED: the physical resource no longer exists' },
      { name: 'db', status: 'CHECK_COMPLETE', reason: 'IN_SYNC' },
      { name: 'none', status: 'CHECK_COMPLETE', reason: 'NOT_CHECKED: the type cannot tell' },
    ]);
  });

  it('completes when nothing drifted, NOT_CHECKED included', () => {
    const verdict = checkVerdict([
      { name: 'db', status: 'IN_SYNC', differences: [] },
      { name: 'none', status: 'NOT_CHECKED', differences: [] },
    ]);
    expect(verdict.status).toBe('CHECK_COMPLETE');
    expect(verdict.reason).toBe('Stack CHECK completed: 1 in sync, 1 not checked');
  });
});
