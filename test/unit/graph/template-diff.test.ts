import { describe, expect, it } from 'vitest';
import { diffTemplates } from '../../../src/graph/diff.ts';
import type { ResourceChange } from '../../../src/graph/diff.ts';
import { catalog } from '../template/fixtures/catalog.ts';
import { compileOk, hot } from '../template/helpers.ts';

const BEFORE = hot(`
  resources:
    kept: {type: OS::Heat::TestResource, properties: {value: a}}
    renamed_value: {type: OS::Heat::TestResource, properties: {value: a}}
    salted: {type: OS::Heat::RandomString, properties: {salt: one}}
    retyped: {type: OS::Heat::TestResource}
    tagged: {type: OS::Heat::None, metadata: {tier: web}}
    ordered: {type: OS::Heat::None}
    forced: {type: OS::Heat::TestResource, properties: {value: a}}
    dropped: {type: OS::Heat::None}
`);

const AFTER = hot(`
  resources:
    kept: {type: OS::Heat::TestResource, properties: {value: a}}
    renamed_value: {type: OS::Heat::TestResource, properties: {value: b}}
    salted: {type: OS::Heat::RandomString, properties: {salt: two}}
    retyped: {type: OS::Heat::None}
    tagged: {type: OS::Heat::None, metadata: {tier: db}}
    ordered: {type: OS::Heat::None, depends_on: kept, deletion_policy: retain}
    forced: {type: OS::Heat::TestResource, properties: {value: b, update_replace: true}}
    fresh: {type: OS::Heat::None}
`);

const byName = (changes: ResourceChange[]) =>
  Object.fromEntries(changes.map((change) => [change.name, change]));

describe('diffTemplates', () => {
  const changes = diffTemplates(compileOk(BEFORE), compileOk(AFTER), catalog);
  const change = byName(changes);

  it('gives one change per resource name, sorted by name', () => {
    expect(changes.map((entry) => `${entry.name}: ${entry.kind}`)).toEqual([
      'dropped: removed',
      'forced: replaced',
      'fresh: added',
      'kept: unchanged',
      'ordered: unchanged',
      'renamed_value: updated',
      'retyped: replaced',
      'salted: replaced',
      'tagged: updated',
    ]);
  });

  it('updates in place when the changed properties allow it', () => {
    expect(change.renamed_value).toEqual({
      name: 'renamed_value',
      kind: 'updated',
      type: 'OS::Heat::TestResource',
      changedProperties: ['value'],
      metadataChanged: false,
      definitionChanged: false,
    });
  });

  it('says why a resource is replaced', () => {
    expect(change.salted?.replacementReason).toEqual({
      kind: 'property_forces_replacement',
      properties: ['salt'],
    });
    expect(change.retyped?.replacementReason).toEqual({
      kind: 'type_changed',
      from: 'OS::Heat::TestResource',
      to: 'OS::Heat::None',
    });
    expect(change.forced?.replacementReason).toEqual({ kind: 'type_requested' });
    expect(change.forced?.changedProperties).toEqual(['update_replace', 'value']);
  });

  it('updates in place for a metadata change alone', () => {
    expect(change.tagged).toMatchObject({ kind: 'updated', changedProperties: [], metadataChanged: true });
  });

  it('leaves the physical resource alone when only depends_on or policies change', () => {
    expect(change.ordered).toMatchObject({
      kind: 'unchanged',
      definitionChanged: true,
      metadataChanged: false,
    });
    expect(change.kept).toMatchObject({ kind: 'unchanged', definitionChanged: false });
  });

  it('adds everything for a new stack', () => {
    const all = diffTemplates(null, compileOk(AFTER), catalog);
    expect(all.every((entry) => entry.kind === 'added')).toBe(true);
    expect(all.map((entry) => entry.name)).toEqual([
      'forced',
      'fresh',
      'kept',
      'ordered',
      'renamed_value',
      'retyped',
      'salted',
      'tagged',
    ]);
  });

  it('compares pending references as written', () => {
    const source = (attribute: string) =>
      hot(`
        resources:
          a: {type: OS::Heat::TestResource}
          b: {type: OS::Heat::RandomString, properties: {salt: {get_attr: [a, ${attribute}]}}}
      `);
    const same = byName(diffTemplates(compileOk(source('output')), compileOk(source('output')), catalog));
    expect(same.b?.kind).toBe('unchanged');
  });

  it('replaces a resource whose type the catalog no longer knows, if its properties changed', () => {
    const before = compileOk(hot('resources:\n  a: {type: OS::Heat::None, properties: {x: 1}}\n'));
    const after = compileOk(hot('resources:\n  a: {type: OS::Heat::None, properties: {x: 2}}\n'));
    const emptyCatalog = { get: () => undefined, names: () => [] };
    expect(diffTemplates(before, after, emptyCatalog)[0]).toMatchObject({
      kind: 'replaced',
      replacementReason: { kind: 'type_unknown' },
    });
    expect(diffTemplates(after, after, emptyCatalog)[0]).toMatchObject({ kind: 'unchanged' });
  });
});
