/**
 * Benchmarks only: the floor a create is compared with (issue 15 §2). What Neo4j itself needs to
 * store the same resources and edges in one batched transaction, plus one batched pass that marks
 * them complete with their events. `bench/large-stack.ts` prints the engine's total as a ratio to
 * this, measured in the same run on the same Neo4j.
 */
import { randomUUID } from 'node:crypto';
import type { EventRecord } from '../events/record.ts';
import type { Database } from './database.ts';
import { toBatches } from './event-batches.ts';
import { int, withIntegers } from './records.ts';

export interface FloorResource {
  name: string;
  type: string;
  properties: Record<string, unknown>;
}

export interface FloorResult {
  resources: number;
  edges: number;
  writeMs: number;
  completeMs: number;
  totalMs: number;
}

/** Events per stored batch in the floor's completion pass (the engine's claims take 500). */
const EVENTS_PER_BATCH = 500;

/**
 * Writes `resources` with `edges` (pairs of positions: [dependency, dependent]) as one version,
 * then marks them complete with one event each; times both transactions.
 */
export async function measureFloor(
  db: Database,
  resources: readonly FloorResource[],
  edges: ReadonlyArray<[number, number]>,
): Promise<FloorResult> {
  const stackId = `floor-${randomUUID()}`;
  const versionId = randomUUID();
  const ids = resources.map(() => randomUUID());
  const rows = resources.map((r, index) =>
    withIntegers({
      id: ids[index],
      name: r.name,
      type: r.type,
      version: 1,
      properties: JSON.stringify(r.properties),
      status: 'INIT_COMPLETE',
      observedReady: false,
      retryCount: 0,
      order: index,
      traversal: versionId,
      work: 'CONVERGE',
      workState: 'WAITING',
      pending: 0,
      notBefore: 0,
      plannedAction: 'CREATE',
    }),
  );
  const t0 = performance.now();
  await db.transaction((tx) =>
    tx.run('bench/floor-write', {
      stackId,
      versionId,
      resources: rows,
      edges: edges.map(([a, b]) => [int(a), int(b)]),
    }),
  );
  const t1 = performance.now();
  const now = Date.now();
  const events = ids.map((id, i): EventRecord => ({
    stackId,
    seq: i + 1,
    at: now,
    type: 'RESOURCE',
    status: 'CREATE_COMPLETE',
    reason: 'State changed',
    resourceId: id,
    resourceName: resources[i]!.name,
    observedReady: true,
    physicalResourceId: id,
    version: 1,
    traversal: versionId,
  }));
  const batches: Record<string, unknown>[] = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_BATCH)
    batches.push(...toBatches(events.slice(i, i + EVENTS_PER_BATCH)));
  await db.transaction((tx) => tx.run('bench/floor-complete', { ids, batches }));
  const t2 = performance.now();
  return {
    resources: resources.length,
    edges: edges.length,
    writeMs: Math.round(t1 - t0),
    completeMs: Math.round(t2 - t1),
    totalMs: Math.round(t2 - t0),
  };
}
