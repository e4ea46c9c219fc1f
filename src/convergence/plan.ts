import { stronglyConnectedComponents } from '../graph/dag.ts';

/**
 * Traversal planning: which work items a new traversal of a stack consists of, and in what order
 * they may run. Pure: the engine reads the stack's live resource copies, calls `planTraversal`,
 * and writes the result in the same transaction.
 *
 * Two kinds of work, as in Heat's convergence:
 * - CONVERGE a resource of the target version (create, update in place, replace, or keep as is);
 * - CLEANUP a live copy (delete it unless the target version took it over).
 *
 * Ordering, expressed as counts of unfinished predecessors (`pending`) and successor lists (`next`):
 * - converge(b) waits for converge(a) when b requires a in the target version;
 * - cleanup(x) waits for converge(target resource with x's name): the target decides whether it
 *   takes x over, and a replacement is created before the old copy is deleted;
 * - cleanup(x) waits for cleanup(y) whenever y's physical resource references x's (`refs`):
 *   dependents are deleted or re-pointed before what they depend on;
 * - every cleanup waits for the whole converge phase (one barrier count, released when the last
 *   converge item finishes): old copies are only deleted once the new version fully stands, so a
 *   failed update can still roll back onto the original physical resources;
 * - a copy with an action still running under a superseded traversal ("busy") holds back its own
 *   cleanup and the converge of its name until that action ends (`onRelease`).
 */

export interface PlanTargetResource {
  id: string;
  name: string;
  /** Names of the resources it requires within the target version. */
  requires: readonly string[];
}

export interface PlanLiveCopy {
  id: string;
  name: string;
  /** Identity of the physical resource this copy owns. */
  copyId: string;
  /** copyIds of the physical resources this one references. */
  refs: readonly string[];
  /** An action of an older traversal is still running on it. */
  busy: boolean;
}

export interface PlannedItem {
  id: string;
  work: 'CONVERGE' | 'CLEANUP';
  pending: number;
  next: string[];
  /** For CONVERGE: 'CREATE' when no live copy of the name exists (decided now), else 'DECIDE' (at run time). */
  plannedAction: 'CREATE' | 'DECIDE' | 'DELETE';
}

export interface TraversalPlan {
  items: PlannedItem[];
  /** Converge items; cleanup items also count one barrier while this is above zero. */
  convergeCount: number;
  /** Busy copies: ids of items to release (decrement) when their running action ends. */
  onRelease: Map<string, string[]>;
  readyCount: number;
  /** Cleanup orderings dropped because references formed a cycle (logged; never blocks the traversal). */
  droppedCycles: string[][];
}

export function planTraversal(
  target: readonly PlanTargetResource[],
  live: readonly PlanLiveCopy[],
): TraversalPlan {
  const items = new Map<string, PlannedItem>();
  const byName = new Map<string, PlannedItem>();
  const liveNames = new Set(live.map((c) => c.name));

  for (const t of target) {
    const item: PlannedItem = {
      id: t.id,
      work: 'CONVERGE',
      pending: 0,
      next: [],
      plannedAction: liveNames.has(t.name) ? 'DECIDE' : 'CREATE',
    };
    items.set(t.id, item);
    byName.set(t.name, item);
  }
  for (const t of target) {
    const item = items.get(t.id)!;
    for (const dep of new Set(t.requires)) {
      const before = byName.get(dep);
      if (!before) throw new Error(`Resource ${t.name} requires ${dep}, which is not in the target version`);
      before.next.push(item.id);
      item.pending++;
    }
  }

  const cleanupByCopy = new Map<string, PlannedItem>();
  for (const copy of live) {
    const item: PlannedItem = { id: copy.id, work: 'CLEANUP', pending: 0, next: [], plannedAction: 'DELETE' };
    items.set(copy.id, item);
    cleanupByCopy.set(copy.copyId, item);
  }

  const onRelease = new Map<string, string[]>();
  for (const copy of live) {
    const cleanup = items.get(copy.id)!;
    const converge = byName.get(copy.name);
    if (converge) {
      converge.next.push(cleanup.id);
      cleanup.pending++;
    }
    if (copy.busy) {
      const release = [cleanup.id];
      cleanup.pending++;
      if (converge) {
        release.push(converge.id);
        converge.pending++;
      }
      onRelease.set(copy.id, release);
    }
  }

  // cleanup(referenced) waits for cleanup(referrer), unless references form a cycle.
  const referenceEdges: Array<[PlannedItem, PlannedItem]> = [];
  for (const copy of live) {
    const referrer = items.get(copy.id)!;
    for (const ref of new Set(copy.refs)) {
      const referenced = cleanupByCopy.get(ref);
      if (referenced && referenced !== referrer) referenceEdges.push([referrer, referenced]);
    }
  }
  const droppedCycles = addReferenceEdges(referenceEdges, items);

  const convergeCount = target.length;
  if (convergeCount > 0) for (const copy of live) items.get(copy.id)!.pending++;

  let readyCount = 0;
  for (const item of items.values()) if (item.pending === 0) readyCount++;
  return { items: [...items.values()], convergeCount, onRelease, readyCount, droppedCycles };
}

/**
 * Adds the reference orderings, except inside strongly connected components they would create.
 * Reference cycles between live copies can arise from interrupted in-place updates (a copy's refs
 * are the union of old and new references until its update succeeds); deleting in some order is
 * better than never deleting. Converge orderings are acyclic (templates with cycles are refused),
 * so every cycle found here runs through reference edges.
 */
function addReferenceEdges(
  edges: Array<[PlannedItem, PlannedItem]>,
  items: Map<string, PlannedItem>,
): string[][] {
  if (edges.length === 0) return [];
  const next = new Map<string, string[]>();
  for (const item of items.values()) next.set(item.id, [...item.next]);
  for (const [from, to] of edges) next.get(from.id)!.push(to.id);
  const components = stronglyConnectedComponents([...items.keys()], (id) => next.get(id) ?? []);
  const componentOf = new Map<string, number>();
  const dropped: string[][] = [];
  components.forEach((members, index) => {
    if (members.length < 2) return;
    dropped.push(members);
    for (const m of members) componentOf.set(m, index);
  });
  for (const [from, to] of edges) {
    const c = componentOf.get(from.id);
    if (c !== undefined && c === componentOf.get(to.id)) continue;
    from.next.push(to.id);
    to.pending++;
  }
  return dropped;
}

/**
 * The NEEDED_BY edges a new version writes, as [dependency's position, dependent's position,
 * carried]: one per requirement of each resource (positions in `resources`). An edge between two
 * resources carried over (carried = 1: insert-version merges it, as it may exist) is left out when
 * it exists already: the dependent's copy is linked from the dependency's (`linkedFrom`, by node
 * id, as read with the live copies). Changing one leaf of a 10,000-resource stack otherwise merged
 * ~19,000 edges that all existed: 232,000 of the 294,000 db hits of its insert-version.
 */
export function versionEdges(
  resources: ReadonlyArray<{ name: string; requires: readonly string[] }>,
  carried: ReadonlyMap<string, { id: string }>,
  linkedFrom: ReadonlyMap<string, readonly string[]>,
): Array<[number, number, number]> {
  const position = new Map(resources.map((r, i) => [r.name, i]));
  const edges: Array<[number, number, number]> = [];
  resources.forEach((r, i) => {
    const dependent = carried.get(r.name);
    const linked = dependent ? linkedFrom.get(dependent.id) : undefined;
    for (const dep of r.requires) {
      const dependency = carried.get(dep);
      if (dependency && linked?.includes(dependency.id)) continue;
      edges.push([position.get(dep)!, i, dependency && dependent ? 1 : 0]);
    }
  });
  return edges;
}
