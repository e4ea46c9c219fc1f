/**
 * OS::Heat::ResourceGroup's pure part (src/template/resource-group.ts), modelled on Heat's
 * heat/tests/openstack/heat/test_resource_group.py: assembling the nested template, index
 * replacement, the name skiplist, member names, batches and attributes.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFINITION_DIGEST_OUTPUT,
  GroupTemplateError,
  groupAttribute,
  groupAttributes,
  groupTemplate,
  heatBatches,
  inServiceBatchSize,
  memberDefinition,
  memberNames,
  nameSkiplist,
  previousGroup,
  readGroupAttribute,
  REMOVED_OUTPUT,
  replaceIndex,
  rollingBatches,
  type GroupProperties,
  type PreviousGroup,
} from '../../../src/template/resource-group.ts';
import type { NestedStackView } from '../../../src/resources/types.ts';
import { readNestedAttribute, recordLookup } from '../../../src/template/nested-attributes.ts';

const def = { type: 'OverwrittenFnGetRefIdType', properties: { Foo: 'Bar' } };

function props(extra: Partial<GroupProperties> = {}): GroupProperties {
  return { count: 2, resource_def: def, ...extra };
}

function previous(members: string[], skiplist: string[] = [], digest?: string): PreviousGroup {
  return {
    members,
    refs: Object.fromEntries(members.map((n) => [n, `id-${n}`])),
    skiplist,
    ...(digest === undefined ? {} : { definitionDigest: digest }),
  };
}

function resourcesOf(template: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return template.resources as Record<string, Record<string, unknown>>;
}

describe('assembling the nested template (test_assemble_nested)', () => {
  it('has one member per count, named 0..n-1, each the resource_def, with the refs_map output', () => {
    const { template, members } = groupTemplate(props({ count: 3 }), undefined);
    expect(members).toEqual(['0', '1', '2']);
    expect(template.heat_template_version).toBe('2015-04-30');
    expect(resourcesOf(template)).toEqual({
      '0': { type: 'OverwrittenFnGetRefIdType', properties: { Foo: 'Bar' } },
      '1': { type: 'OverwrittenFnGetRefIdType', properties: { Foo: 'Bar' } },
      '2': { type: 'OverwrittenFnGetRefIdType', properties: { Foo: 'Bar' } },
    });
    const outputs = template.outputs as Record<string, { value: unknown }>;
    expect(outputs.refs_map!.value).toEqual({
      '0': { get_resource: '0' },
      '1': { get_resource: '1' },
      '2': { get_resource: '2' },
    });
    expect(outputs[REMOVED_OUTPUT]!.value).toEqual([]);
  });

  it('has no members for count 0 (test_assemble_nested_include_zero) and defaults count to 1', () => {
    expect(resourcesOf(groupTemplate(props({ count: 0 }), undefined).template)).toEqual({});
    expect(groupTemplate({ resource_def: def }, undefined).members).toEqual(['0']);
  });

  it('keeps metadata as given, without replacing the index in it (test_assemble_nested_with_metadata)', () => {
    const withMeta = { type: 'T', properties: { name: 'n-%index%' }, metadata: { foo: 'bar-%index%' } };
    const { template } = groupTemplate(props({ count: 1, resource_def: withMeta }), undefined);
    expect(resourcesOf(template)['0']).toEqual({
      type: 'T',
      properties: { name: 'n-0' },
      metadata: { foo: 'bar-%index%' },
    });
  });

  it('leaves out properties set to null, keeps other empty values (ResourceGroupEmptyParams)', () => {
    for (const [value, expected] of [
      [null, undefined],
      [false, { Foo: false }],
      ['', { Foo: '' }],
      [0, { Foo: 0 }],
      [{}, { Foo: {} }],
      [[], { Foo: [] }],
    ] as const) {
      expect(memberDefinition({ type: 'T', properties: { Foo: value } }, '0').properties).toEqual(expected);
    }
  });

  it('builds members with no properties (test_assemble_no_properties)', () => {
    expect(memberDefinition({ type: 'OS::Heat::None' }, '4')).toEqual({ type: 'OS::Heat::None' });
  });
});

describe('index replacement (test_index_var, test_custom_index_var)', () => {
  it('replaces %index% in strings, recursively through lists and map values, not in keys', () => {
    const value = {
      name: 'server-%index%',
      list: ['a-%index%', ['deep-%index%-%index%', 3, true]],
      map: { '%index%': { x: '%index%' } },
      n: 5,
    };
    expect(replaceIndex(value, '%index%', '7')).toEqual({
      name: 'server-7',
      list: ['a-7', ['deep-7-7', 3, true]],
      map: { '%index%': { x: '7' } },
      n: 5,
    });
  });

  it('uses index_var instead when given, leaving %index% alone', () => {
    const { template } = groupTemplate(
      props({
        count: 2,
        index_var: '__foo__',
        resource_def: { type: 'T', properties: { a: 'x__foo__', b: '%index%', c: ['__foo__'] } },
      }),
      undefined,
    );
    expect(resourcesOf(template)['1']!.properties).toEqual({ a: 'x1', b: '%index%', c: ['1'] });
  });
});

describe('member names (ResourceGroupNameListTest)', () => {
  it.each([
    [[], 0, []],
    [[], 4, ['0', '1', '2', '3']],
    [['5', '6'], 3, ['0', '1', '2']],
    [['2', '4'], 4, ['0', '1', '3', '5']],
  ])('skiplist %j, count %i → %j', (skiplist, count, expected) => {
    expect(memberNames(count, skiplist)).toEqual(expected);
  });
});

describe('the name skiplist (ResourceGroupSkiplistTest)', () => {
  // [stored skiplist (undefined: creating), resource_list, nested members, mode, expected]
  const scenarios: Array<[string[] | undefined, string[], string[], 'append' | 'update', string[]]> = [
    [undefined, [], [], 'append', []],
    [['0', '1', '2'], [], [], 'append', ['0', '1', '2']],
    [['1', '3'], ['6'], ['0', '1', '3'], 'append', ['1', '3']],
    [['0', '1'], ['id-7'], ['0', '1', '3'], 'append', ['0', '1']],
    [['0', '1'], ['3'], ['0', '1', '3'], 'append', ['0', '1', '3']],
    [['0', '1'], ['id-3'], ['0', '1', '3'], 'append', ['0', '1', '3']],
    [['0', '1'], ['id-3'], ['0', '1', '3'], 'update', ['3']],
    [['1'], [], ['0', '1', '2'], 'update', []],
  ];
  it.each(scenarios)(
    'stored %j, resource_list %j, members %j, mode %s → %j',
    (stored, list, members, mode, expected) => {
      const prev = stored === undefined ? undefined : previous(members, stored);
      expect(
        nameSkiplist(
          props({ removal_policies: [{ resource_list: list }], removal_policies_mode: mode }),
          prev,
        ),
      ).toEqual(expected);
    },
  );

  it('accepts any name on create (nothing to check it against) and integer entries as names', () => {
    expect(nameSkiplist(props({ removal_policies: [{ resource_list: [1, '9'] }] }), undefined)).toEqual([
      '1',
      '9',
    ]);
  });
});

describe('scaling', () => {
  it('scaling up adds only new members; the standing ones keep exactly their definition', () => {
    const before = groupTemplate(props({ count: 3 }), undefined);
    const after = groupTemplate(props({ count: 5 }), previous(before.members));
    expect(after.members).toEqual(['0', '1', '2', '3', '4']);
    for (const name of before.members) {
      expect(resourcesOf(after.template)[name]).toEqual(resourcesOf(before.template)[name]);
    }
    expect(after.removed).toEqual([]);
  });

  it('scaling down removes the highest indices', () => {
    const after = groupTemplate(props({ count: 2 }), previous(['0', '1', '2', '3']));
    expect(after.members).toEqual(['0', '1']);
    expect(after.removed).toEqual(['2', '3']);
  });

  it('removal policies remove the named members first, by name or reference, and never reuse them', () => {
    const first = groupTemplate(
      props({ count: 3, removal_policies: [{ resource_list: ['1', 'id-3'] }] }),
      previous(['0', '1', '2', '3']),
    );
    expect(first.members).toEqual(['0', '2', '4']);
    expect(first.removed).toEqual(['1', '3']);
    expect(first.skiplist).toEqual(['1', '3']);
    // The next update (removal policies unchanged, mode append) grows without reusing 1 or 3.
    const second = groupTemplate(
      props({ count: 5, removal_policies: [] }),
      previous(first.members, first.skiplist),
    );
    expect(second.members).toEqual(['0', '2', '4', '5', '6']);
    expect(second.skiplist).toEqual(['1', '3']);
  });

  it('removal_policies_mode update replaces the stored skiplist, so names may be reused', () => {
    const next = groupTemplate(
      props({ count: 3, removal_policies: [], removal_policies_mode: 'update' }),
      previous(['0', '2', '4'], ['1', '3']),
    );
    expect(next.skiplist).toEqual([]);
    expect(next.members).toEqual(['0', '1', '2']);
    expect(next.removed).toEqual(['4']);
  });

  it('the skiplist survives in the nested stack (removed_rsrc_list output) for the next update', () => {
    const view: NestedStackView = {
      stackId: 's',
      stackName: 'g',
      outputs: { [REMOVED_OUTPUT]: ['1'], [DEFINITION_DIGEST_OUTPUT]: 'd' },
      resources: {
        '0': { type: 'T', reference: 'id-0', physicalResourceId: 'id-0', attributes: {} },
        '2': { type: 'T', reference: 'id-2', physicalResourceId: 'id-2', attributes: {} },
      },
    };
    expect(previousGroup(view)).toEqual({
      members: ['0', '2'],
      refs: { '0': 'id-0', '2': 'id-2' },
      skiplist: ['1'],
      definitionDigest: 'd',
    });
  });
});

describe('batches: Heat’s _get_batches and the members of each batch (TestGetBatches)', () => {
  // targ_cap, init_cap, bat_size, min_serv → [capacity, updates, names updated][] (skiplist {'0'}).
  const scenarios: Array<[number, number, number, number, Array<[number, number, string]>]> = [
    [
      4,
      4,
      1,
      0,
      [
        [4, 1, '4'],
        [4, 1, '3'],
        [4, 1, '2'],
        [4, 1, '1'],
      ],
    ],
    [
      4,
      4,
      1,
      4,
      [
        [5, 1, '5'],
        [5, 1, '4'],
        [5, 1, '3'],
        [5, 1, '2'],
        [5, 1, '1'],
        [4, 0, ''],
      ],
    ],
    [
      4,
      4,
      2,
      0,
      [
        [4, 2, '4 3'],
        [4, 2, '2 1'],
      ],
    ],
    [
      4,
      4,
      2,
      4,
      [
        [6, 2, '6 5'],
        [6, 2, '4 3'],
        [6, 2, '2 1'],
        [4, 0, ''],
      ],
    ],
    [
      5,
      5,
      2,
      0,
      [
        [5, 2, '5 4'],
        [5, 2, '3 2'],
        [5, 1, '1'],
      ],
    ],
    [
      3,
      3,
      2,
      4,
      [
        [5, 2, '5 4'],
        [5, 2, '3 2'],
        [4, 1, '1'],
        [3, 0, ''],
      ],
    ],
    [
      4,
      4,
      4,
      1,
      [
        [5, 4, '5 4 3 2'],
        [4, 1, '1'],
      ],
    ],
    [
      4,
      7,
      1,
      4,
      [
        [5, 1, '4'],
        [5, 1, '3'],
        [5, 1, '2'],
        [5, 1, '1'],
        [4, 0, ''],
      ],
    ],
    [
      5,
      7,
      2,
      4,
      [
        [6, 2, '5 4'],
        [6, 2, '3 2'],
        [5, 1, '1'],
      ],
    ],
    [
      4,
      7,
      4,
      4,
      [
        [8, 4, '8 4 3 2'],
        [5, 1, '1'],
        [4, 0, ''],
      ],
    ],
    [
      6,
      4,
      1,
      0,
      [
        [5, 1, '5'],
        [6, 1, '6'],
        [6, 1, '4'],
        [6, 1, '3'],
        [6, 1, '2'],
        [6, 1, '1'],
      ],
    ],
    [
      6,
      3,
      2,
      0,
      [
        [5, 2, '4 5'],
        [6, 2, '6 3'],
        [6, 2, '2 1'],
      ],
    ],
    [
      6,
      4,
      6,
      1,
      [
        [7, 6, '5 6 7 4 3 2'],
        [6, 1, '1'],
      ],
    ],
    [
      6,
      4,
      5,
      6,
      [
        [9, 5, '9 8 7 6 5'],
        [10, 4, '10 4 3 2'],
        [7, 1, '1'],
        [6, 0, ''],
      ],
    ],
  ];
  it.each(scenarios)(
    'target %i, current %i, batch %i, min in service %i',
    (targ, init, size, min, batches) => {
      expect(heatBatches(targ, init, size, min)).toEqual(batches.map(([c, u]) => [c, u]));
      const existing = Array.from({ length: init + 1 }, (_, i) => String(i));
      const names = rollingBatches(targ, existing, ['0'], size, min);
      expect(names.map((b) => [...b].sort())).toEqual(
        batches.map(([, , n]) => (n === '' ? [] : n.split(' ').sort())),
      );
    },
  );
});

describe('batched operations in one nested template', () => {
  it('batch_create: each batch depends on every member of the previous one', () => {
    const out = groupTemplate(props({ count: 5 }), undefined, {
      updatePolicy: { batch_create: { max_batch_size: 2, pause_time: 0 } },
    });
    expect(out.batches).toEqual([['0', '1'], ['2', '3'], ['4']]);
    const resources = resourcesOf(out.template);
    expect(resources['0']!.depends_on).toBeUndefined();
    expect(resources['1']!.depends_on).toBeUndefined();
    expect(resources['2']!.depends_on).toEqual(['0', '1']);
    expect(resources['3']!.depends_on).toEqual(['0', '1']);
    expect(resources['4']!.depends_on).toEqual(['2', '3']);
    expect(out.pauses).toEqual([]);
  });

  it('batch_create only applies on create: a later scale-up is one plain step (as Heat)', () => {
    const out = groupTemplate(props({ count: 4 }), previous(['0', '1'], [], 'x'), {
      updatePolicy: { batch_create: { max_batch_size: 1 } },
    });
    expect(out.batches).toEqual([]);
    expect(Object.values(resourcesOf(out.template)).some((r) => r.depends_on)).toBe(false);
  });

  it('pause_time is returned for the engine, one pause between consecutive batches', () => {
    const out = groupTemplate(props({ count: 3 }), undefined, {
      updatePolicy: { batch_create: { max_batch_size: 1, pause_time: 30 } },
    });
    expect(out.pauses).toEqual([
      { afterBatch: 0, seconds: 30 },
      { afterBatch: 1, seconds: 30 },
    ]);
  });

  it('refuses pauses that alone reach the stack timeout (test_update_time_not_sufficient)', () => {
    const run = (timeout: number) =>
      groupTemplate(props({ count: 3 }), undefined, {
        updatePolicy: { batch_create: { max_batch_size: 1, pause_time: 60 } },
        stackTimeoutMinutes: timeout,
      });
    expect(() => run(2)).toThrow(GroupTemplateError);
    expect(() => run(2)).toThrow(/UPDATE_POLICY_TIMEOUT/);
    expect(run(3).batches).toHaveLength(3);
  });

  it('rolling_update: a changed resource_def reaches the highest indices first, batch after batch', () => {
    const created = groupTemplate(props({ count: 4 }), undefined);
    const digest = (created.template.outputs as Record<string, { value: string }>)[DEFINITION_DIGEST_OUTPUT]!
      .value;
    const changed = { type: def.type, properties: { Foo: 'Baz' } };
    const out = groupTemplate(
      props({ count: 4, resource_def: changed }),
      previous(created.members, [], digest),
      {
        updatePolicy: { rolling_update: { max_batch_size: 2, min_in_service: 0, pause_time: 0 } },
      },
    );
    expect(out.batches).toEqual([
      ['3', '2'],
      ['1', '0'],
    ]);
    const resources = resourcesOf(out.template);
    expect(resources['0']).toEqual({ type: def.type, properties: { Foo: 'Baz' }, depends_on: ['3', '2'] });
    expect(resources['3']).toEqual({ type: def.type, properties: { Foo: 'Baz' } });
  });

  it('rolling_update does nothing special when resource_def did not change (a plain resize)', () => {
    const created = groupTemplate(props({ count: 2 }), undefined);
    const digest = (created.template.outputs as Record<string, { value: string }>)[DEFINITION_DIGEST_OUTPUT]!
      .value;
    const out = groupTemplate(props({ count: 3 }), previous(created.members, [], digest), {
      updatePolicy: { rolling_update: { max_batch_size: 1 } },
    });
    expect(out.batches).toEqual([]);
    expect(resourcesOf(out.template)['2']).toEqual(memberDefinition(def, '2'));
    expect(resourcesOf(out.template)['1']).toEqual(resourcesOf(created.template)['1']);
  });
});

describe('attributes (ResourceGroupAttrTest)', () => {
  const view: NestedStackView = {
    stackId: 'nested-id',
    stackName: 'stack-group1-abc',
    outputs: { [REMOVED_OUTPUT]: ['3', '5'] },
    resources: {
      '0': {
        type: 'T',
        reference: 'ID-0',
        physicalResourceId: 'ID-0',
        attributes: { Foo: '0', nested_dict: { list: [1, 2, 3], dict: { b: 2 } } },
      },
      '1': {
        type: 'T',
        reference: 'ID-1',
        physicalResourceId: 'ID-1',
        attributes: { Foo: '1', nested_dict: { list: [1, 2, 3], dict: { b: 2 } } },
      },
    },
  };

  it('collects a member attribute into a list (test_aggregate_attribs, deep paths)', () => {
    expect(groupAttribute(view, 'Foo')).toEqual(['0', '1']);
    expect(groupAttribute(view, 'nested_dict', ['list', 2])).toEqual([3, 3]);
    expect(groupAttribute(view, 'missing')).toEqual([null, null]);
  });

  it('resource.N.attr and resource.N, attr... give one member’s attribute', () => {
    expect(groupAttribute(view, 'resource.0.Foo')).toBe('0');
    expect(groupAttribute(view, 'resource.1', ['Foo'])).toBe('1');
    expect(groupAttribute(view, 'resource.0', ['nested_dict', 'dict', 'b'])).toBe(2);
  });

  it('refs, refs with an index, refs_map, resource.N (test_aggregate_refs, test_index_refs)', () => {
    expect(groupAttribute(view, 'refs')).toEqual(['ID-0', 'ID-1']);
    expect(groupAttribute(view, 'refs', [1])).toBe('ID-1');
    expect(groupAttribute(view, 'refs', [2])).toBeNull();
    expect(groupAttribute(view, 'refs_map')).toEqual({ '0': 'ID-0', '1': 'ID-1' });
    expect(groupAttribute(view, 'resource.0')).toBe('ID-0');
    expect(() => groupAttribute(view, 'resource.2')).toThrow("Member '2' not found in group resource");
  });

  it('attributes needs a path and gives name → value (test_aggregate_outputs)', () => {
    expect(groupAttribute(view, 'attributes', ['Foo'])).toEqual({ '0': '0', '1': '1' });
    expect(() => groupAttribute(view, 'attributes')).toThrow(/INVALID_ATTRIBUTE/);
  });

  it('removed_rsrc_list is the skiplist (test_get_attribute_skiplist)', () => {
    expect(groupAttribute(view, 'removed_rsrc_list')).toEqual(['3', '5']);
  });

  it('the stored record answers the same for the paths a record can answer', () => {
    const record = groupAttributes(view);
    expect(record.refs).toEqual(groupAttribute(view, 'refs'));
    expect(record.refs_map).toEqual(groupAttribute(view, 'refs_map'));
    expect(record.removed_rsrc_list).toEqual(['3', '5']);
    expect(record['resource.1']).toBe('ID-1');
    expect(record['resource.1.Foo']).toBe('1');
    expect(record.Foo).toEqual(['0', '1']);
    expect((record.attributes as Record<string, unknown>).Foo).toEqual({ '0': '0', '1': '1' });
  });
});

describe('get_attr paths on the stored record (readGroupAttribute, as Heat’s get_attribute)', () => {
  const view: NestedStackView = {
    stackId: 'nested-id',
    stackName: 'stack-group1-abc',
    outputs: { [REMOVED_OUTPUT]: ['2'] },
    resources: {
      '0': {
        type: 'T',
        reference: 'ID-0',
        physicalResourceId: 'ID-0',
        attributes: { Foo: 'a', nested_dict: { list: [1, 2, 3], dict: { b: 2 } }, 'dotted.name': 'd0' },
      },
      '1': {
        type: 'T',
        reference: 'ID-1',
        physicalResourceId: 'ID-1',
        attributes: { Foo: 'b', nested_dict: { list: [4, 5, 6], dict: { b: 7 } } },
      },
      '3': { type: 'T', reference: 'ID-3', physicalResourceId: 'ID-3', attributes: { Foo: 'c' } },
    },
  };
  const stored = JSON.parse(JSON.stringify(groupAttributes(view))) as Record<string, unknown>;
  const read = (...path: Array<string | number>) => readGroupAttribute(stored, path);

  it('answers every path groupAttribute answers on the nested stack itself', () => {
    const paths: Array<[string, Array<string | number>]> = [
      ['refs', []],
      ['refs', [1]],
      ['refs_map', []],
      ['refs_map', ['3']],
      ['removed_rsrc_list', []],
      ['resource.0', []],
      ['resource.3', []],
      ['resource.0.Foo', []],
      ['resource.1', ['Foo']],
      ['resource.1', ['nested_dict', 'dict', 'b']],
      ['resource.1.nested_dict', ['list', 0]],
      ['resource.0.dotted.name', []],
      ['attributes', ['Foo']],
      ['attributes', ['nested_dict', 'list', 2]],
      ['Foo', []],
      ['nested_dict', ['dict', 'b']],
      ['nested_dict', ['list', 1]],
      ['missing', []],
    ];
    for (const [key, path] of paths) {
      expect([key, path, read(key, ...path)]).toEqual([key, path, groupAttribute(view, key, path)]);
    }
  });

  it('applies a path to each member, in index order (not to the list)', () => {
    expect(read('nested_dict', 'list', 1)).toEqual([2, 5, null]);
    expect(read('Foo')).toEqual(['a', 'b', 'c']);
    expect(read('attributes', 'nested_dict', 'dict')).toEqual({ '0': { b: 2 }, '1': { b: 7 }, '3': null });
  });

  it('resource.N alone is the reference; a missing member or attribute is null', () => {
    expect(read('resource.3')).toBe('ID-3');
    expect(read('resource.2')).toBeNull();
    expect(read('resource.2', 'Foo')).toBeNull();
    expect(read('resource.0', 'nope')).toBeNull();
  });

  it('reads through members that are nested stacks: resource.N.resource.INNER.attr', () => {
    // Members that are template resources store `resource.INNER` → INNER's attributes.
    const nestedView: NestedStackView = {
      stackId: 'g',
      stackName: 'g',
      outputs: {},
      resources: {
        '0': {
          type: 'member.yaml',
          reference: 'S-0',
          physicalResourceId: 'S-0',
          attributes: { out: 'o0', 'resource.inner': { value: 'i0', deep: { k: 1 } } },
        },
        '1': {
          type: 'member.yaml',
          reference: 'S-1',
          physicalResourceId: 'S-1',
          attributes: { out: 'o1', 'resource.inner': { value: 'i1', deep: { k: 2 } } },
        },
      },
    };
    const record = JSON.parse(JSON.stringify(groupAttributes(nestedView))) as Record<string, unknown>;
    expect(readGroupAttribute(record, ['resource.0.resource.inner.value'])).toBe('i0');
    expect(readGroupAttribute(record, ['resource.1.resource.inner', 'value'])).toBe('i1');
    expect(readGroupAttribute(record, ['resource.1', 'resource.inner.deep', 'k'])).toBe(2);
    // As Heat, a key starting with resource. names a member: there is no member "inner".
    expect(readGroupAttribute(record, ['resource.inner.value'])).toBeNull();
    expect(readGroupAttribute(record, ['attributes', 'resource.inner.deep', 'k'])).toEqual({
      '0': 1,
      '1': 2,
    });
    expect(readGroupAttribute(record, ['out'])).toEqual(['o0', 'o1']);
  });
});

describe('template resources: resource.NAME.attr (readNestedAttribute, grouputils.get_nested_attrs)', () => {
  const stored = {
    out: { a: [1, 2] },
    'resource.db': { host: 'h', conf: { port: 5432 }, 'resource.inner': { x: 'deep' } },
  };
  const read = (...path: Array<string | number>) => readNestedAttribute(recordLookup(stored), path);

  it('reads outputs and resource.NAME as stored', () => {
    expect(read('out', 'a', 1)).toBe(2);
    expect(read('resource.db', 'host')).toBe('h');
  });

  it('reads resource.NAME.attr like resource.NAME, attr, nesting further', () => {
    expect(read('resource.db.host')).toBe('h');
    expect(read('resource.db.conf', 'port')).toBe(5432);
    expect(read('resource.db.resource.inner.x')).toBe('deep');
    expect(read('resource.db.missing')).toBeNull();
    expect(read('resource.nope.host')).toBeNull();
    expect(read('nope')).toBeNull();
  });
});

describe('pause_time as start delays for the engine', () => {
  it('batch_create: every member of every batch after the first waits pause_time', () => {
    const out = groupTemplate(props({ count: 5 }), undefined, {
      updatePolicy: { batch_create: { max_batch_size: 2, pause_time: 1.5 } },
    });
    expect(out.batches).toEqual([['0', '1'], ['2', '3'], ['4']]);
    expect(out.startDelays).toEqual({ '2': 1500, '3': 1500, '4': 1500 });
  });

  it('no pause, or a single batch: no delays', () => {
    const none = groupTemplate(props({ count: 3 }), undefined, {
      updatePolicy: { batch_create: { max_batch_size: 1, pause_time: 0 } },
    });
    expect(none.startDelays).toEqual({});
    const single = groupTemplate(props({ count: 3 }), undefined, {
      updatePolicy: { batch_create: { max_batch_size: 5, pause_time: 10 } },
    });
    expect(single.batches).toHaveLength(1);
    expect(single.startDelays).toEqual({});
  });

  it('rolling_update with min_in_service: batches shrink so that many members stay in service', () => {
    const created = groupTemplate(props({ count: 4 }), undefined);
    const digest = (created.template.outputs as Record<string, { value: string }>)[DEFINITION_DIGEST_OUTPUT]!
      .value;
    const changed = { type: def.type, properties: { Foo: 'Baz' } };
    const run = (minInService: number) =>
      groupTemplate(props({ count: 4, resource_def: changed }), previous(created.members, [], digest), {
        updatePolicy: { rolling_update: { max_batch_size: 3, min_in_service: minInService, pause_time: 2 } },
      });
    // Heat: next_batch(4, 4, 0, 3, 0) → (4, 3), then (4, 1).
    expect(heatBatches(4, 4, 3, 0)).toEqual([
      [4, 3],
      [4, 1],
    ]);
    expect(run(0).batches).toEqual([['3', '2', '1'], ['0']]);
    expect(run(0).startDelays).toEqual({ '0': 2000 });
    expect(run(2).batches).toEqual([
      ['3', '2'],
      ['1', '0'],
    ]);
    // Heat keeps 3 in service with temporary members (capacity 6); here the batch shrinks to 1.
    expect(heatBatches(4, 4, 3, 3)).toEqual([
      [6, 3],
      [6, 3],
      [4, 0],
    ]);
    for (const minInService of [3, 4, 10]) {
      const kept = run(minInService);
      expect(kept.batches).toEqual([['3'], ['2'], ['1'], ['0']]);
      expect(kept.startDelays).toEqual({ '2': 2000, '1': 2000, '0': 2000 });
    }
  });

  it('inServiceBatchSize: max(1, min(standing, target) − min_in_service), at most max_batch_size', () => {
    const four = ['0', '1', '2', '3'];
    expect(inServiceBatchSize(four, [], 4, { max_batch_size: 3, min_in_service: 0 })).toBe(3);
    expect(inServiceBatchSize(four, [], 4, { max_batch_size: 3, min_in_service: 2 })).toBe(2);
    expect(inServiceBatchSize(four, [], 4, { max_batch_size: 3, min_in_service: 4 })).toBe(1);
    // Skipped members are not in service; scaling down counts the target.
    expect(inServiceBatchSize(four, ['3'], 4, { max_batch_size: 5, min_in_service: 1 })).toBe(2);
    expect(inServiceBatchSize(four, [], 2, { max_batch_size: 5, min_in_service: 1 })).toBe(1);
    expect(inServiceBatchSize(four, [], 6, { max_batch_size: 5, min_in_service: 1 })).toBe(3);
  });
});
