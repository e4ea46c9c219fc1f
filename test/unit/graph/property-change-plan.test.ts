import { describe, expect, it } from 'vitest';
import { changedProperties, explainPropertyChange, planPropertyChange } from '../../../src/graph/diff.ts';
import {
  noneType,
  randomStringType,
  serverType,
  testResourceType,
  valueType,
} from '../template/fixtures/catalog.ts';

describe('planPropertyChange', () => {
  it('is none when nothing differs, comparing deeply and ignoring key order', () => {
    expect(
      planPropertyChange(
        serverType,
        { image: 'a', networks: [{ network: 'n', fixed_ip: 'x' }] },
        {
          networks: [{ fixed_ip: 'x', network: 'n' }],
          image: 'a',
        },
      ),
    ).toBe('none');
  });

  it('treats a property set to null like one not set', () => {
    expect(planPropertyChange(serverType, { image: 'a', flavor: null }, { image: 'a' })).toBe('none');
  });

  it('is update when every changed property can be updated in place', () => {
    expect(
      planPropertyChange(serverType, { image: 'a', user_data: 'x' }, { image: 'a', user_data: 'y' }),
    ).toBe('update');
    expect(planPropertyChange(valueType, { value: 1 }, { value: [1] })).toBe('update');
  });

  it('is replace when any changed property cannot (the default for properties)', () => {
    expect(
      planPropertyChange(serverType, { image: 'a', user_data: 'x' }, { image: 'b', user_data: 'y' }),
    ).toBe('replace');
    expect(planPropertyChange(randomStringType, { length: 8 }, { length: 9 })).toBe('replace');
  });

  it('lets the type decide first when it wants to', () => {
    expect(planPropertyChange(testResourceType, { value: 'a' }, { value: 'b' })).toBe('update');
    expect(planPropertyChange(testResourceType, { value: 'a' }, { value: 'b', update_replace: true })).toBe(
      'replace',
    );
    // Only the flag changed: the type has no opinion, and the flag itself is update-allowed.
    expect(planPropertyChange(testResourceType, { value: 'a' }, { value: 'a', update_replace: true })).toBe(
      'update',
    );
  });

  it('updates properties a type accepts without knowing them, and replaces unknown ones otherwise', () => {
    expect(planPropertyChange(noneType, { anything: 1 }, { anything: 2 })).toBe('update');
    expect(planPropertyChange(serverType, { image: 'a', legacy: 1 }, { image: 'a', legacy: 2 })).toBe(
      'replace',
    );
  });

  it('explains its decision', () => {
    expect(
      explainPropertyChange(
        serverType,
        { image: 'a', user_data: 'x', count: 1 },
        { image: 'b', user_data: 'y', count: 2 },
      ),
    ).toEqual({
      plan: 'replace',
      changed: ['count', 'image', 'user_data'],
      forcingReplacement: ['count', 'image'],
      decidedByType: false,
    });
    expect(
      explainPropertyChange(testResourceType, { value: 'a' }, { value: 'b', update_replace: true }),
    ).toMatchObject({
      plan: 'replace',
      decidedByType: true,
    });
  });
});

describe('changedProperties', () => {
  it('lists the top-level names whose values differ, sorted', () => {
    expect(changedProperties({ b: 1, a: { x: 1 }, same: [1] }, { a: { x: 2 }, c: 3, same: [1] })).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});
