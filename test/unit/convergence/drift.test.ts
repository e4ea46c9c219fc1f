import { describe, expect, it } from 'vitest';
import { checkableProperties, compareDrift, sameValue } from '../../../src/convergence/drift.ts';

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
