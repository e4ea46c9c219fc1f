import neo4j from 'neo4j-driver';
import type { EventRecord } from '../events/record.ts';
import type { StoredEvent } from './reads.ts';

/**
 * Events are stored as (:EventBatch) nodes: consecutive events of one stack as parallel lists
 * (event i has sequence number first + i). Neo4j lists cannot hold null, so '' stands for "none"
 * in string lists; a stack event's observedReady is stored as false and read back as null.
 */
export function toBatches(events: readonly EventRecord[]): Record<string, unknown>[] {
  const batches: Record<string, unknown>[] = [];
  let run: EventRecord[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const first = run[0]!;
    batches.push({
      stackId: first.stackId,
      first: neo4j.int(first.seq),
      last: neo4j.int(run[run.length - 1]!.seq),
      traversal: first.traversal ?? '',
      at: run.map((e) => neo4j.int(e.at)),
      type: run.map((e) => e.type),
      status: run.map((e) => e.status),
      reason: run.map((e) => e.reason ?? ''),
      resourceId: run.map((e) => e.resourceId ?? ''),
      resourceName: run.map((e) => e.resourceName ?? ''),
      observedReady: run.map((e) => e.observedReady === true),
      physicalResourceId: run.map((e) => e.physicalResourceId ?? ''),
      version: run.map((e) => neo4j.int(e.version)),
    });
    run = [];
  };
  const sorted = [...events].sort((a, b) =>
    a.stackId < b.stackId ? -1 : a.stackId > b.stackId ? 1 : a.seq - b.seq,
  );
  for (const e of sorted) {
    const previous = run[run.length - 1];
    if (previous && (previous.stackId !== e.stackId || previous.seq + 1 !== e.seq)) flush();
    run.push(e);
  }
  flush();
  return batches;
}

type Raw = Record<string, unknown>;

/** Unpacks a stored batch into events with sequence numbers above `after`. */
export function fromBatch(raw: Raw, after = 0): StoredEvent[] {
  const first = raw.first as number;
  const list = <T>(name: string) => raw[name] as T[];
  const none = (v: string | undefined) => (v === '' || v === undefined ? null : v);
  const events: StoredEvent[] = [];
  const statuses = list<string>('status');
  for (let i = 0; i < statuses.length; i++) {
    const seq = first + i;
    if (seq <= after) continue;
    const type = list<StoredEvent['type']>('type')[i]!;
    events.push({
      stackId: raw.stackId as string,
      seq,
      at: list<number>('at')[i]!,
      type,
      status: statuses[i]!,
      reason: none(list<string>('reason')[i]),
      resourceId: none(list<string>('resourceId')[i]),
      resourceName: none(list<string>('resourceName')[i]),
      observedReady: type === 'STACK' ? null : list<boolean>('observedReady')[i]!,
      physicalResourceId: none(list<string>('physicalResourceId')[i]),
      version: list<number>('version')[i]!,
      operation: none(raw.traversal as string | undefined),
    });
  }
  return events;
}
