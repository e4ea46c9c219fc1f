import { graphNodes, nestedStacks, type GraphNode, type NestedStack } from '../api.ts';
import { integerValue, NAME_OPTION, requiredString, stringValue } from '../args.ts';
import type { Command } from '../context.ts';
import { EXIT, UsageError } from '../errors.ts';

export interface Edge {
  /** The dependency. */
  from: string;
  /** The resource that needs it. */
  to: string;
}

/** Edges in the direction of NEEDED_BY: from a dependency to the resource that needs it. */
export function edgesOf(nodes: readonly GraphNode[]): Edge[] {
  return nodes.flatMap((n) => n.requires.map((dep) => ({ from: dep.name, to: n.name })));
}

/**
 * The stack's nodes plus its nested stacks' resources, named `nestedStack/resource` (so names stay
 * unique), their edges kept, and an edge from each nested resource nothing in its own stack needs
 * to the resource that owns the nested stack (that resource is complete when its nested stack is).
 * `clusters` maps each nested stack to its nodes' names.
 */
export function withNested(
  stackName: string,
  nodes: readonly GraphNode[],
  nested: readonly NestedStack[],
): { nodes: GraphNode[]; clusters: Map<string, string[]> } {
  const all: GraphNode[] = [...nodes];
  const clusters = new Map<string, string[]>();
  const qualified = (stack: string, name: string) => (stack === stackName ? name : `${stack}/${name}`);
  const index = new Map(all.map((n) => [n.name, n]));
  for (const child of nested) {
    const owner = child.parent ? qualified(child.parent.stack.name, child.parent.resource) : null;
    const needed = new Set(child.resources.flatMap((r) => r.requires.map((d) => d.name)));
    const names: string[] = [];
    for (const r of child.resources) {
      const node: GraphNode = {
        name: qualified(child.name, r.name),
        type: r.type,
        status: r.status,
        requires: r.requires.map((d) => ({ name: qualified(child.name, d.name) })),
      };
      all.push(node);
      index.set(node.name, node);
      names.push(node.name);
    }
    clusters.set(child.name, names);
    const ownerNode = owner ? index.get(owner) : undefined;
    if (ownerNode) {
      const sinks = child.resources
        .filter((r) => !needed.has(r.name))
        .map((r) => ({ name: qualified(child.name, r.name) }));
      const replaced: GraphNode = { ...ownerNode, requires: [...ownerNode.requires, ...sinks] };
      all[all.indexOf(ownerNode)] = replaced;
      index.set(replaced.name, replaced);
    }
  }
  return { nodes: all, clusters };
}

function outcome(status: string): 'complete' | 'failed' | 'progress' | 'init' {
  if (status.endsWith('_FAILED')) return 'failed';
  if (status.endsWith('_IN_PROGRESS')) return 'progress';
  if (status === 'INIT_COMPLETE') return 'init';
  return 'complete';
}

const DOT_COLORS = { complete: 'palegreen', failed: 'lightcoral', progress: 'khaki', init: 'white' };
const MERMAID_STYLES = {
  complete: 'fill:#d4f7d4,stroke:#2e7d32',
  failed: 'fill:#f8d0d0,stroke:#c62828',
  progress: 'fill:#fff3bf,stroke:#b08900',
  init: 'fill:#ffffff,stroke:#777777',
};

const dotEscape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const dotString = (s: string) => `"${dotEscape(s)}"`;

export function toDot(
  stack: string,
  version: number,
  nodes: readonly GraphNode[],
  clusters: ReadonlyMap<string, readonly string[]> = new Map(),
): string {
  const lines = [
    `digraph ${dotString(`${stack} v${version}`)} {`,
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled"];',
  ];
  const inCluster = new Set([...clusters.values()].flat());
  const nodeLine = (n: GraphNode, indent: string) =>
    `${indent}${dotString(n.name)} [label="${dotEscape(n.name)}\\n${n.status}", fillcolor=${DOT_COLORS[outcome(n.status)]}];`;
  for (const n of nodes) if (!inCluster.has(n.name)) lines.push(nodeLine(n, '  '));
  // Each nested stack is a cluster (a box labelled with its name).
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const [name, members] of clusters) {
    lines.push(`  subgraph ${dotString(`cluster_${name}`)} {`, `    label=${dotString(name)};`);
    for (const m of members) if (byName.has(m)) lines.push(nodeLine(byName.get(m)!, '    '));
    lines.push('  }');
  }
  for (const e of edgesOf(nodes)) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)};`);
  lines.push('}');
  return lines.join('\n');
}

/** Mermaid ids allow only [A-Za-z0-9_]; names are kept readable and made unique. */
function mermaidIds(nodes: readonly GraphNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const n of nodes) {
    const base = n.name.replace(/[^A-Za-z0-9_]/g, '_');
    let id =
      /^[A-Za-z]/.test(base) &&
      !/^(end|graph|subgraph|style|class|classDef|click|linkStyle|direction)$/i.test(base)
        ? base
        : `r_${base}`;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(n.name, id);
  }
  return ids;
}

export function toMermaid(
  nodes: readonly GraphNode[],
  clusters: ReadonlyMap<string, readonly string[]> = new Map(),
): string {
  const ids = mermaidIds(nodes);
  const label = (s: string) => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  const inCluster = new Set([...clusters.values()].flat());
  const nodeLine = (n: GraphNode, indent: string) =>
    `${indent}${ids.get(n.name)!}["${label(n.name)}<br/>${n.status}"]:::${outcome(n.status)}`;
  for (const n of nodes) if (!inCluster.has(n.name)) lines.push(nodeLine(n, '  '));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  let i = 0;
  for (const [name, members] of clusters) {
    lines.push(`  subgraph nested_${++i}["${label(name)}"]`);
    for (const m of members) if (byName.has(m)) lines.push(nodeLine(byName.get(m)!, '    '));
    lines.push('  end');
  }
  for (const e of edgesOf(nodes)) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from && to) lines.push(`  ${from} --> ${to}`);
  }
  for (const [cls, style] of Object.entries(MERMAID_STYLES)) lines.push(`  classDef ${cls} ${style}`);
  return lines.join('\n');
}

export const graph: Command = {
  spec: {
    name: 'graph',
    summary: 'print the dependency graph as Graphviz dot or Mermaid',
    usage: 'graph --name STACK [--format dot|mermaid] [--version N]',
    description:
      'Resources as nodes labelled with name and status; edges point from a dependency to the\nresource that needs it (NEEDED_BY). Default: the current version, in dot format. For the current\nversion, nested stacks are drawn as clusters (subgraphs) of nodes named nestedStack/resource, with\nedges into the resource that owns each.',
    options: {
      ...NAME_OPTION,
      format: { type: 'string', value: 'dot|mermaid', description: 'output format (default dot)' },
      version: {
        type: 'string',
        value: 'N',
        description: 'a version of the stack instead of the current one',
      },
    },
  },

  async run(ctx, values) {
    const name = requiredString(values, 'name', 'graph');
    const format = stringValue(values, 'format') ?? 'dot';
    if (format !== 'dot' && format !== 'mermaid') {
      throw new UsageError(`--format must be dot or mermaid, got '${format}'`, 'graph');
    }
    const wanted = integerValue(values, 'version', 'graph', 1);
    const own = await graphNodes(ctx.http, name, wanted);
    const { version } = own;
    const { nodes, clusters } =
      wanted === undefined
        ? withNested(name, own.nodes, await nestedStacks(ctx.http, name))
        : { nodes: own.nodes, clusters: new Map<string, string[]>() };
    const text = format === 'dot' ? toDot(name, version, nodes, clusters) : toMermaid(nodes, clusters);
    if (ctx.out.json) {
      ctx.out.jsonLine({
        name,
        version,
        format,
        nodes: nodes.map((n) => ({ name: n.name, type: n.type, status: n.status })),
        edges: edgesOf(nodes),
        text,
      });
    } else {
      ctx.out.line(text);
    }
    return EXIT.OK;
  },
};
