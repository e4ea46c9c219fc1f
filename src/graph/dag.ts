/**
 * Dependency-graph algorithms over named nodes.
 *
 * A graph is given as its node names plus `requires(node)`: the nodes that must come before it.
 * Names that `requires` returns but that are not in `nodes` are ignored (reporting a reference
 * to something that does not exist is the caller's business). Everything here is iterative, so
 * a chain of 100,000 nodes cannot overflow the call stack, and deterministic: ties are broken
 * by name (UTF-16 code unit order, independent of locale).
 */
import { MinHeap } from './min-heap.ts';

export type Requires = (node: string) => readonly string[];

/** Thrown by {@link topologicalOrder} and {@link criticalPath} when the graph has cycles. */
export class DependencyCycleError extends Error {
  override name = 'DependencyCycleError';

  constructor(readonly cycles: string[][]) {
    super(`dependency cycle: ${cycles.map(formatCycle).join('; ')}`);
  }
}

/** `["a", "b", "c"]` → `"a -> b -> c -> a"`. */
export function formatCycle(cycle: readonly string[]): string {
  return [...cycle, cycle[0]].join(' -> ');
}

/** The graph with nodes numbered in name order, so "smallest index" means "smallest name". */
interface IndexedGraph {
  names: string[];
  /** `requires[i]`: indices of the nodes node i requires (deduplicated). */
  requires: number[][];
}

/** Reads a typed array at an index known to be in range. */
function at(array: Int32Array | Float64Array, index: number): number {
  return array[index] ?? 0;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function indexGraph(nodes: readonly string[], requires: Requires): IndexedGraph {
  const names = [...new Set(nodes)].sort(compareNames);
  const indexOf = new Map(names.map((name, index) => [name, index]));
  const edges = names.map((name) => {
    const targets = new Set<number>();
    for (const required of requires(name)) {
      const target = indexOf.get(required);
      if (target !== undefined) targets.add(target);
    }
    return [...targets].sort((a, b) => a - b);
  });
  return { names, requires: edges };
}

/**
 * Every node after the nodes it requires; among nodes that could go next, the smallest name
 * first (Kahn's algorithm with a priority queue, O((V + E) log V)).
 *
 * @throws DependencyCycleError listing the cycles when there is no such order.
 * @example topologicalOrder(['web', 'db'], (n) => (n === 'web' ? ['db'] : [])) // ['db', 'web']
 */
export function topologicalOrder(nodes: readonly string[], requires: Requires): string[] {
  const graph = indexGraph(nodes, requires);
  const order = kahnOrder(graph);
  if (order.length < graph.names.length) throw new DependencyCycleError(findCyclesIn(graph));
  return order.map((index) => graph.names[index] as string);
}

/** Node indices in dependency order; shorter than the graph when cycles block some nodes. */
function kahnOrder(graph: IndexedGraph): number[] {
  const count = graph.names.length;
  const unmet = new Int32Array(count);
  const dependents: number[][] = Array.from({ length: count }, () => []);
  graph.requires.forEach((targets, node) => {
    unmet[node] = targets.length;
    for (const target of targets) dependents[target]?.push(node);
  });
  // Indices follow name order, so comparing indices compares names.
  const ready = new MinHeap<number>((a, b) => a - b);
  for (let node = 0; node < count; node++) if (unmet[node] === 0) ready.push(node);
  const order: number[] = [];
  for (let node = ready.pop(); node !== undefined; node = ready.pop()) {
    order.push(node);
    for (const dependent of dependents[node] ?? []) {
      unmet[dependent] = (unmet[dependent] ?? 0) - 1;
      if (unmet[dependent] === 0) ready.push(dependent);
    }
  }
  return order;
}

/**
 * One cycle for every group of nodes that depend on each other (strongly connected component
 * with more than one node, or a node requiring itself), as the names along the cycle: each
 * requires the next, and the last requires the first. Each cycle starts at its smallest name
 * and is a shortest cycle through it; cycles are sorted by their first name.
 *
 * A group with several interlocking cycles yields one of them: enumerating every elementary
 * cycle can take exponential time, and one is enough to explain the problem.
 */
export function findCycles(nodes: readonly string[], requires: Requires): string[][] {
  return findCyclesIn(indexGraph(nodes, requires));
}

function findCyclesIn(graph: IndexedGraph): string[][] {
  const cycles: string[][] = [];
  for (const component of componentsOf(graph)) {
    const start = component.reduce((smallest, node) => Math.min(smallest, node));
    const isCycle = component.length > 1 || graph.requires[start]?.includes(start) === true;
    if (!isCycle) continue;
    const members = new Set(component);
    cycles.push(shortestCycleThrough(start, members, graph).map((index) => graph.names[index] as string));
  }
  return cycles.sort((a, b) => compareNames(a[0] as string, b[0] as string));
}

/**
 * Groups of nodes that can all reach each other along `next` (strongly connected components),
 * including single nodes. Iterative, so 100,000-long chains do not overflow the call stack.
 */
export function stronglyConnectedComponents(nodes: readonly string[], next: Requires): string[][] {
  const graph = indexGraph(nodes, next);
  return componentsOf(graph).map((component) => component.map((index) => graph.names[index] as string));
}

/** Tarjan's algorithm, with an explicit stack instead of recursion. */
function componentsOf(graph: IndexedGraph): number[][] {
  const count = graph.names.length;
  const discovery = new Int32Array(count).fill(-1);
  const lowLink = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const componentStack: number[] = [];
  const components: number[][] = [];
  // The simulated call stack: the node being visited and how many of its edges were followed.
  const callNodes: number[] = [];
  const callEdges: number[] = [];
  let counter = 0;

  const enter = (node: number): void => {
    discovery[node] = lowLink[node] = counter++;
    componentStack.push(node);
    onStack[node] = 1;
    callNodes.push(node);
    callEdges.push(0);
  };

  for (let root = 0; root < count; root++) {
    if (discovery[root] !== -1) continue;
    enter(root);
    while (callNodes.length > 0) {
      const top = callNodes.length - 1;
      const node = callNodes[top] as number;
      const edges = graph.requires[node] as number[];
      const edgeIndex = callEdges[top] as number;
      if (edgeIndex < edges.length) {
        callEdges[top] = edgeIndex + 1;
        const next = edges[edgeIndex] as number;
        if (discovery[next] === -1) enter(next);
        else if (onStack[next]) lowLink[node] = Math.min(at(lowLink, node), at(discovery, next));
        continue;
      }
      callNodes.pop();
      callEdges.pop();
      const parent = callNodes[callNodes.length - 1];
      if (parent !== undefined) lowLink[parent] = Math.min(at(lowLink, parent), at(lowLink, node));
      if (lowLink[node] === discovery[node]) {
        const component: number[] = [];
        for (let member = componentStack.pop(); member !== undefined; member = componentStack.pop()) {
          onStack[member] = 0;
          component.push(member);
          if (member === node) break;
        }
        components.push(component);
      }
    }
  }
  return components;
}

/** Breadth-first search inside the component, from `start` back to `start`. */
function shortestCycleThrough(start: number, members: ReadonlySet<number>, graph: IndexedGraph): number[] {
  const cameFrom = new Map<number, number>();
  const queue: number[] = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const next of graph.requires[node] ?? []) {
      if (next === start) return pathTo(node, start, cameFrom);
      if (!members.has(next) || cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      queue.push(next);
    }
  }
  return [start]; // Unreachable for a real component: every member lies on a cycle through start.
}

function pathTo(last: number, start: number, cameFrom: ReadonlyMap<number, number>): number[] {
  const path = [last];
  for (let node = last; node !== start;) {
    node = cameFrom.get(node) as number;
    path.push(node);
  }
  return path.reverse();
}

export interface CriticalPath {
  /** Sum of the weights along the path. */
  length: number;
  /** From the first node to run to the last; empty for an empty graph. */
  path: string[];
}

/**
 * The heaviest chain of dependencies: if each node takes `weight(node)` and independent nodes
 * run in parallel, this is what bounds the total time. Ties go to the smaller name.
 *
 * @throws DependencyCycleError when the graph has cycles.
 */
export function criticalPath(
  nodes: readonly string[],
  requires: Requires,
  weight: (node: string) => number,
): CriticalPath {
  const graph = indexGraph(nodes, requires);
  const order = kahnOrder(graph);
  if (order.length < graph.names.length) throw new DependencyCycleError(findCyclesIn(graph));

  const finish = new Float64Array(graph.names.length);
  const previous = new Int32Array(graph.names.length).fill(-1);
  let best = -1;
  for (const node of order) {
    // Requirements are in name order, so on equal finish times the smaller name is kept.
    let latestFinish = -1;
    for (const required of graph.requires[node] ?? []) {
      if (at(finish, required) > latestFinish) {
        latestFinish = at(finish, required);
        previous[node] = required;
      }
    }
    const nodeFinish = Math.max(0, latestFinish) + weight(graph.names[node] as string);
    finish[node] = nodeFinish;
    const bestFinish = best === -1 ? -Infinity : at(finish, best);
    if (nodeFinish > bestFinish || (nodeFinish === bestFinish && node < best)) best = node;
  }
  const path: string[] = [];
  for (let node = best; node !== -1; node = at(previous, node)) path.push(graph.names[node] as string);
  return { length: best === -1 ? 0 : at(finish, best), path: path.reverse() };
}
