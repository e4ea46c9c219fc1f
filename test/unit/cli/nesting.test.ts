import { describe, expect, it } from 'vitest';
import type { NestedStack, ResourceRow } from '../../../src/cli/api.ts';
import { withNested } from '../../../src/cli/commands/graph.ts';
import { nestedRows } from '../../../src/cli/render.ts';

const row = (name: string): ResourceRow => ({
  name,
  type: 'OS::Heat::None',
  status: 'CREATE_COMPLETE',
  statusReason: null,
  observedReady: true,
  retryCount: 0,
  physicalResourceId: null,
});
const child = (
  id: string,
  owner: string,
  resource: string,
  resources: Array<[string, string[]]>,
): NestedStack => ({
  id,
  name: id,
  status: 'CREATE_COMPLETE',
  parent: { stack: { name: owner }, resource },
  resources: resources.map(([n, deps]) => ({ ...row(n), requires: deps.map((d) => ({ name: d })) })),
});

describe('CLI nesting views', () => {
  const nested = [
    child('top-a', 'top', 'a', [
      ['x', []],
      ['y', ['x']],
    ]),
    child('top-a-y', 'top-a', 'y', [['leaf', []]]),
  ];

  it('places each nested stack’s resources under the resource that owns it, one level deeper', () => {
    const rows = nestedRows('top', [row('a'), row('b')], nested);
    expect(rows.map((r) => `${r.depth}:${r.resource.name}`)).toEqual(['0:a', '1:x', '1:y', '2:leaf', '0:b']);
  });

  it('adds nested resources as qualified nodes, clusters, and edges from their sinks to the owner', () => {
    const { nodes, clusters } = withNested(
      'top',
      [
        { name: 'a', type: 'nested.yaml', status: 'CREATE_COMPLETE', requires: [] },
        { name: 'b', type: 'OS::Heat::None', status: 'CREATE_COMPLETE', requires: [{ name: 'a' }] },
      ],
      nested,
    );
    const requires = Object.fromEntries(nodes.map((n) => [n.name, n.requires.map((d) => d.name)]));
    expect(requires).toEqual({
      a: ['top-a/y'],
      b: ['a'],
      'top-a/x': [],
      'top-a/y': ['top-a/x', 'top-a-y/leaf'],
      'top-a-y/leaf': [],
    });
    expect([...clusters]).toEqual([
      ['top-a', ['top-a/x', 'top-a/y']],
      ['top-a-y', ['top-a-y/leaf']],
    ]);
  });
});
