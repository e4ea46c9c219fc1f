import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '../../../src/graph/diff.ts';
import { recordedChanges, type RecordedResource } from '../../../src/graph/history.ts';

const resource = (name: string, fields: Partial<RecordedResource> = {}): RecordedResource => ({
  name,
  copyId: `${name}-1`,
  outcome: 'CREATED',
  changeReason: null,
  changedProperties: [],
  appliedProperties: { value: 'a' },
  live: true,
  ...fields,
});

const planned = (name: string, kind: ResourceChange['kind']): ResourceChange => ({
  name,
  kind,
  type: 'OS::Heat::TestResource',
  changedProperties: [],
  metadataChanged: false,
  definitionChanged: false,
});

const kinds = (from: RecordedResource[], to: RecordedResource[], plan: ResourceChange[]) =>
  Object.fromEntries(recordedChanges(from, to, plan).map((c) => [c.name, [c.kind, c.recorded]]));

describe('recordedChanges: what the engine did between two versions', () => {
  it('a new physical resource is a replacement, whatever the templates say', () => {
    const changes = recordedChanges(
      [resource('lb')],
      [
        resource('lb', {
          copyId: 'lb-2',
          outcome: 'REPLACED',
          changeReason: 'property upstream cannot be updated in place',
          appliedProperties: { upstream: 'b' },
        }),
      ],
      [planned('lb', 'unchanged')],
    );
    expect(changes[0]).toMatchObject({
      kind: 'replaced',
      recorded: true,
      recordedReason: 'property upstream cannot be updated in place',
    });
    expect(changes[0]!.changedProperties).toEqual(['upstream', 'value']);
  });

  it('the same physical resource is updated when its resolved properties changed, else unchanged', () => {
    expect(
      kinds(
        [resource('a'), resource('b')],
        [
          resource('a', { outcome: 'UNCHANGED', appliedProperties: { value: 'b' } }),
          resource('b', { outcome: 'UNCHANGED' }),
        ],
        [planned('a', 'unchanged'), planned('b', 'updated')],
      ),
    ).toEqual({ a: ['updated', true], b: ['unchanged', true] });
  });

  it('what the engine has not settled keeps the planned change, unrecorded', () => {
    expect(
      kinds(
        [resource('a'), resource('gone', { live: false }), resource('going')],
        [resource('a', { outcome: null, copyId: null }), resource('new', { outcome: null })],
        [
          planned('a', 'updated'),
          planned('gone', 'removed'),
          planned('going', 'removed'),
          planned('new', 'added'),
        ],
      ),
    ).toEqual({
      a: ['updated', false],
      gone: ['removed', true],
      going: ['removed', false],
      new: ['added', false],
    });
  });

  it('an older version that never built the resource: what the newer one did', () => {
    expect(
      kinds(
        [resource('a', { copyId: null, outcome: null }), resource('b', { copyId: null, outcome: null })],
        [resource('a'), resource('b', { outcome: 'REPLACED', copyId: 'b-2' })],
        [planned('a', 'unchanged'), planned('b', 'updated')],
      ),
    ).toEqual({ a: ['added', true], b: ['replaced', true] });
  });
});
