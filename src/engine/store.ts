import neo4j from 'neo4j-driver';
import type { Database, Transaction } from '../store/database.ts';
import { toBatches } from '../store/event-batches.ts';
import type { Readiness } from './events.ts';
import {
  endsConvergePhase,
  isInProgress,
  settleStack,
  type BatchOutcome,
  type EventRecord,
  type ResourceEvent,
  type StackState,
} from './ledger.ts';

/** JSON-encoded maps are how nested values live on Neo4j nodes. */
export function parseJson<T = Record<string, unknown>>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  return JSON.parse(text) as T;
}

export interface DependencyData {
  id: string;
  name: string;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
  copyId: string | null;
}

export interface CandidateCopy {
  id: string;
  type: string;
  status: string;
  appliedProperties: Record<string, unknown> | null;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
  copyId: string;
  refs: string[];
  version: number;
}

export type WorkKind = 'CONVERGE' | 'CLEANUP';
export type PlannedAction = 'CREATE' | 'DECIDE' | 'DELETE' | 'UPDATE' | 'NOOP';

/** A work item this worker holds a lease on, with everything needed to act on it. */
export interface ClaimedItem {
  id: string;
  name: string;
  type: string;
  version: number;
  work: WorkKind;
  plannedAction: PlannedAction;
  recover: boolean;
  action: 'CREATE' | 'UPDATE' | 'DELETE' | null;
  actionStartedAt: number | null;
  status: string;
  statusReason: string | null;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
  properties: Record<string, unknown>;
  appliedProperties: Record<string, unknown> | null;
  retryCount: number;
  live: boolean;
  copyId: string | null;
  refs: string[];
  deletionPolicy: string;
  dependencies: DependencyData[];
  candidates: CandidateCopy[];
  /** Lease identity: every write about this item is conditional on it. */
  token: string;
  actionTraversal: string;
  stack: { id: string; name: string; tenant: string; traversal: string; deadline: number | null };
  parameterValues: Record<string, unknown>;
}

export interface ClaimResult {
  items: ClaimedItem[];
  events: EventRecord[];
}

interface RawItem extends Omit<
  ClaimedItem,
  | 'attributes'
  | 'properties'
  | 'appliedProperties'
  | 'dependencies'
  | 'candidates'
  | 'token'
  | 'stack'
  | 'parameterValues'
  | 'refs'
> {
  attributes: string | null;
  properties: string | null;
  appliedProperties: string | null;
  refs: string[] | null;
  dependencies: Array<Omit<DependencyData, 'attributes'> & { attributes: string | null }>;
  candidates: Array<
    Omit<CandidateCopy, 'attributes' | 'appliedProperties'> & {
      attributes: string | null;
      appliedProperties: string | null;
    }
  >;
}

export async function claimItems(
  db: Database,
  owner: string,
  token: string,
  limit: number,
  leaseMs: number,
  tenants: readonly string[] | null = null,
): Promise<ClaimResult> {
  const now = Date.now();
  const rows = await db.run<{
    stack: ClaimedItem['stack'] & { eventSeq: number };
    parameterValues: string | null;
    versionNumber: number;
    items: RawItem[];
  }>('engine/claim', {
    owner,
    token,
    tenants,
    now: neo4j.int(now),
    limit: neo4j.int(limit),
    leaseMs: neo4j.int(Math.round(leaseMs)),
  });
  const row = rows[0];
  if (!row) return { items: [], events: [] };
  const parameterValues = parseJson(row.parameterValues, {});
  const items = row.items.map((raw): ClaimedItem => ({
    ...raw,
    // First plain creates come back slim: the fields they leave out have known values.
    recover: raw.recover === true,
    action: raw.action ?? (raw.plannedAction === 'CREATE' ? 'CREATE' : null),
    status: raw.status ?? 'CREATE_IN_PROGRESS',
    statusReason: raw.statusReason ?? 'State changed',
    physicalResourceId: raw.physicalResourceId ?? null,
    retryCount: raw.retryCount ?? 0,
    live: raw.live ?? raw.plannedAction === 'CREATE',
    copyId: raw.copyId ?? (raw.plannedAction === 'CREATE' ? raw.id : null),
    actionTraversal: row.stack.traversal,
    work: raw.work ?? 'CONVERGE',
    actionStartedAt: raw.actionStartedAt ?? now,
    deletionPolicy: raw.deletionPolicy ?? 'Delete',
    refs: raw.refs ?? [],
    attributes: parseJson(raw.attributes, {}),
    properties: parseJson(raw.properties, {}),
    appliedProperties: raw.appliedProperties ? parseJson(raw.appliedProperties, {}) : null,
    dependencies: raw.dependencies.map((d) => ({ ...d, attributes: parseJson(d.attributes, {}) })),
    candidates: (raw.candidates ?? []).map((c) => ({
      ...c,
      refs: c.refs ?? [],
      attributes: parseJson(c.attributes, {}),
      appliedProperties: c.appliedProperties ? parseJson(c.appliedProperties, {}) : null,
    })),
    token,
    stack: row.stack,
    parameterValues,
  }));
  // The claim statement wrote one CREATE_IN_PROGRESS event per plain create, numbered after the
  // sequence it read; rebuild them here for publication instead of reading them back.
  const starts = items.filter((i) => i.plannedAction === 'CREATE' && !i.recover);
  const base = row.stack.eventSeq - starts.length;
  const events = starts.map((item, i): EventRecord => ({
    stackId: row.stack.id,
    seq: base + i + 1,
    at: now,
    type: 'RESOURCE',
    status: 'CREATE_IN_PROGRESS',
    reason: item.statusReason,
    resourceId: item.id,
    resourceName: item.name,
    observedReady: false,
    physicalResourceId: item.physicalResourceId,
    version: item.version,
    traversal: row.stack.traversal,
  }));
  return { items, events };
}

/** Identifies the lease an entry is about. */
export interface ItemRef {
  id: string;
  stackId: string;
  token: string;
  actionTraversal: string;
}

export type CommitEntry =
  | {
      kind: 'begin';
      item: ItemRef;
      set: Record<string, unknown>;
      baseId?: string;
      link?: 'SUCCEEDS' | 'REPLACES';
      event?: ResourceEvent;
    }
  | { kind: 'progress'; item: ItemRef; set: Record<string, unknown> }
  | {
      kind: 'finish';
      item: ItemRef;
      set: Record<string, unknown>;
      workState: 'DONE' | 'FAILED' | 'READY';
      delayMs?: number;
      observed?: boolean;
      failure?: string;
      event?: ResourceEvent;
      /** Drop this finish if the begin for the same item in the same batch was refused. */
      requiresBegin?: boolean;
    }
  /** Gives a lease back: expired (the sweeper) or surrendered (`force`, a worker stopping). */
  | { kind: 'expire'; item: ItemRef; force?: boolean };

export interface EntryResult {
  /** The write took effect (the lease was still held and, for begins, the traversal still current). */
  applied: boolean;
  /** The item still belongs to the stack's current traversal. */
  current: boolean;
}

export interface CommitResult {
  results: EntryResult[];
  events: EventRecord[];
  /** Stacks that reached a terminal status in this commit. */
  terminal: Array<{ id: string; status: string }>;
  /** Stacks whose readiness changed: for progress displays. */
  readiness: Readiness[];
  becameReady: number;
}

interface LockedStack {
  stack: Record<string, unknown>;
  resourceCount: number | null;
}

function toStackState(raw: Record<string, unknown>): StackState {
  return {
    id: raw.id as string,
    name: raw.name as string,
    status: raw.status as string,
    action: raw.action as StackState['action'],
    traversal: (raw.traversal as string | null) ?? null,
    version: (raw.version as number) ?? 0,
    pending: (raw.pending as number) ?? 0,
    convergePending: (raw.convergePending as number) ?? 0,
    running: (raw.running as number) ?? 0,
    readyCount: (raw.readyCount as number) ?? 0,
    observedCount: (raw.observedCount as number) ?? 0,
    failure: (raw.failure as string | null) ?? null,
    eventSeq: (raw.eventSeq as number) ?? 0,
    disableRollback: raw.disableRollback === true,
  };
}

/** Locks the given stacks in id order and returns their state. */
export async function lockStacks(
  tx: Transaction,
  stackIds: Iterable<string>,
): Promise<Map<string, { state: StackState; resourceCount: number }>> {
  const ids = [...new Set(stackIds)].sort();
  const rows = await tx.run<LockedStack>('engine/lock-stacks', { stackIds: ids });
  return new Map(
    rows.map((r) => [
      r.stack.id as string,
      { state: toStackState(r.stack), resourceCount: r.resourceCount ?? 0 },
    ]),
  );
}

function emptyOutcome(): BatchOutcome {
  return { events: [], released: 0, done: 0, convergeDone: 0, observed: 0, becameReady: 0, failure: null };
}

/**
 * Applies a batch of engine writes in one transaction: lock stacks, start/record/finish actions,
 * release expired leases, advance successors, settle stacks and append events. The function is pure
 * apart from its statements, so the driver may safely re-run it on a transient error.
 */
export async function commitBatch(tx: Transaction, entries: readonly CommitEntry[]): Promise<CommitResult> {
  const stacks = await lockStacks(
    tx,
    entries.map((e) => e.item.stackId),
  );
  const isCurrent = (item: ItemRef) => {
    const s = stacks.get(item.stackId)?.state;
    return !!s && s.traversal === item.actionTraversal && isInProgress(s.status);
  };
  const results: EntryResult[] = entries.map((e) => ({ applied: false, current: isCurrent(e.item) }));
  // A finish or an expiry ends the lease, so a second one under the same lease must find nothing
  // to do. Within one UNWIND statement it might not (the planner may read every row before writing
  // any when a write changes what the statement reads), so the first of each kind per lease wins.
  // Entries about one item under *different* leases (a worker whose lease expired, and the item's
  // next holder) are all kept: the statements let only the current lease's through, and their rows
  // are matched back to entries by lease, never by item id alone.
  const seen = new Set<string>();
  const repeated = entries.map((e) => {
    if (e.kind !== 'finish' && e.kind !== 'expire') return false;
    const key = `${e.kind}:${leaseKey(e.item)}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
  const outcomes = new Map<string, BatchOutcome>();
  const outcome = (stackId: string) => {
    let o = outcomes.get(stackId);
    if (!o) outcomes.set(stackId, (o = emptyOutcome()));
    return o;
  };
  const justReady = new Map<string, string[]>();

  // 1. Begins: only for the current traversal. A refused begin releases its lease below.
  const begins = entries
    .map((e, i) => ({ e, i }))
    .filter(
      (x): x is { e: Extract<CommitEntry, { kind: 'begin' }>; i: number } =>
        x.e.kind === 'begin' && results[x.i]!.current,
    );
  const begun = new Set<string>();
  if (begins.length > 0) {
    const rows = await tx.run<{ id: string; token: string }>('engine/begin', {
      items: begins.map(({ e }) => ({
        id: e.item.id,
        token: e.item.token,
        set: withIntegers(e.set),
        baseId: e.baseId ?? null,
        link: e.link ?? null,
      })),
    });
    for (const r of rows) begun.add(leaseKey(r));
    for (const { e, i } of begins) {
      if (!begun.has(leaseKey(e.item))) continue;
      results[i]!.applied = true;
      if (e.event) outcome(e.item.stackId).events.push(e.event);
    }
  }
  const refusedBegin = new Set(
    entries.filter((e, i) => e.kind === 'begin' && !results[i]!.applied).map((e) => leaseKey(e.item)),
  );

  // 2. Progress: physical ids and attributes reported before readiness; recorded whatever the traversal.
  const progress = entries.map((e, i) => ({ e, i })).filter((x) => x.e.kind === 'progress');
  if (progress.length > 0) {
    const rows = await tx.run<{ id: string; token: string }>('engine/progress', {
      items: progress.map(({ e }) => ({
        id: e.item.id,
        token: e.item.token,
        set: withIntegers((e as { set: Record<string, unknown> }).set),
      })),
    });
    const ok = new Set(rows.map(leaseKey));
    for (const { e, i } of progress) results[i]!.applied = ok.has(leaseKey(e.item));
  }

  // 3. Finishes, plus lease releases for refused begins (their worker stops there).
  type Finish = {
    id: string;
    token: string;
    set: Record<string, unknown>;
    workState: string;
    delayMs: number;
    current: boolean;
  };
  const finishes: Array<{ row: Finish; entry: CommitEntry; index: number }> = [];
  entries.forEach((e, i) => {
    if (repeated[i]) return;
    if (e.kind === 'finish') {
      const dropped = e.requiresBegin && refusedBegin.has(leaseKey(e.item));
      finishes.push({
        row: {
          id: e.item.id,
          token: e.item.token,
          set: dropped ? {} : withIntegers(e.set),
          workState: e.workState,
          delayMs: e.delayMs ?? 0,
          current: results[i]!.current && !dropped,
        },
        entry: e,
        index: i,
      });
    } else if (
      e.kind === 'begin' &&
      refusedBegin.has(leaseKey(e.item)) &&
      !entries.some((f) => f.kind === 'finish' && leaseKey(f.item) === leaseKey(e.item))
    ) {
      finishes.push({
        row: { id: e.item.id, token: e.item.token, set: {}, workState: 'DONE', delayMs: 0, current: false },
        entry: e,
        index: -1,
      });
    }
  });
  const decrements = new Map<string, { id: string; traversal: string; count: number }>();
  const decrement = (id: string, traversal: string) => {
    const d = decrements.get(id);
    if (d) d.count++;
    else decrements.set(id, { id, traversal, count: 1 });
  };
  if (finishes.length > 0) {
    const rows = await tx.run<{
      id: string;
      token: string;
      stackId: string;
      work: string;
      next: string[];
      onRelease: string[];
    }>('engine/finish', {
      items: finishes.map((f) => f.row),
    });
    const byLease = new Map(rows.map((r) => [leaseKey(r), r]));
    for (const f of finishes) {
      const row = byLease.get(leaseKey(f.row));
      if (!row) continue;
      if (f.index >= 0) results[f.index]!.applied = true;
      const state = stacks.get(row.stackId)?.state;
      const o = outcome(row.stackId);
      if (state?.traversal) for (const id of row.onRelease) decrement(id, state.traversal);
      const e = f.entry;
      if (e.kind !== 'finish' || !f.row.current) {
        if (e.kind === 'finish' && e.event && !(e.requiresBegin && refusedBegin.has(leaseKey(e.item))))
          o.events.push(e.event);
        continue;
      }
      o.released++;
      if (e.event) o.events.push(e.event);
      if (e.workState === 'DONE') {
        o.done++;
        if (row.work === 'CONVERGE') o.convergeDone++;
        if (e.observed) {
          o.observed++;
          const names = justReady.get(row.stackId) ?? [];
          if (e.event?.resourceName) names.push(e.event.resourceName);
          justReady.set(row.stackId, names);
        }
        for (const id of row.next) decrement(id, e.item.actionTraversal);
      } else if (e.workState === 'READY') {
        o.becameReady++;
      } else if (e.failure && o.failure === null) {
        o.failure = e.failure;
      }
    }
  }

  // 4. Expired (or surrendered) leases.
  const expiries = entries.map((e, i) => ({ e, i })).filter((x) => x.e.kind === 'expire' && !repeated[x.i]);
  if (expiries.length > 0) {
    const rows = await tx.run<{
      id: string;
      token: string;
      stackId: string;
      name: string;
      version: number;
      status: string;
      onRelease: string[];
    }>('engine/expire-leases', {
      items: expiries.map(({ e, i }) => ({
        id: e.item.id,
        token: e.item.token,
        current: results[i]!.current,
        force: (e as { force?: boolean }).force === true,
      })),
    });
    const ok = new Map(rows.map((r) => [leaseKey(r), r]));
    for (const { e, i } of expiries) {
      const row = ok.get(leaseKey(e.item));
      if (!row) continue;
      results[i]!.applied = true;
      const state = stacks.get(row.stackId)?.state;
      if (state?.traversal) for (const id of row.onRelease) decrement(id, state.traversal);
      if (results[i]!.current) {
        const o = outcome(row.stackId);
        o.released++;
        o.becameReady++;
        o.events.push({
          status: row.status,
          reason: 'Claim released by its worker; the resource will be observed before any new action',
          resourceId: row.id,
          resourceName: row.name,
          observedReady: false,
          physicalResourceId: null,
          version: row.version,
        });
      }
    }
  }

  // 5. Successors with one unfinished predecessor less; some become ready.
  let becameReady = 0;
  if (decrements.size > 0) {
    const rows = await tx.run<{ stackId: string; ready: number }>('engine/decrement', {
      decrements: [...decrements.values()].map((d) => ({ ...d, count: neo4j.int(d.count) })),
    });
    for (const r of rows) {
      outcome(r.stackId).becameReady += r.ready;
      becameReady += r.ready;
    }
  }

  // 6. Settle each stack: counters, completion or failure, events with their sequence numbers.
  const events: EventRecord[] = [];
  const stackRows: Array<{ id: string; set: Record<string, unknown>; versionStatus: string | null }> = [];
  const terminal: CommitResult['terminal'] = [];
  const readiness: CommitResult['readiness'] = [];
  for (const [stackId, o] of outcomes) {
    const locked = stacks.get(stackId);
    if (!locked) continue;
    if (endsConvergePhase(locked.state, o)) {
      const rows = await tx.run<{ ready: number }>('engine/release-cleanup', {
        stackId,
        traversal: locked.state.traversal,
      });
      o.becameReady += rows[0]?.ready ?? 0;
      becameReady += rows[0]?.ready ?? 0;
    }
    const settled = settleStack(locked.state, o);
    events.push(...settled.events);
    stackRows.push({ id: stackId, set: withIntegers(settled.set), versionStatus: settled.versionStatus });
    if (settled.terminal) terminal.push({ id: stackId, status: settled.set.status as string });
    if (o.observed > 0 || settled.terminal) {
      readiness.push({
        stackId,
        observedCount: (settled.set.observedCount as number | undefined) ?? locked.state.observedCount,
        total: locked.resourceCount,
        justReady: justReady.get(stackId) ?? [],
        status: (settled.set.status as string | undefined) ?? locked.state.status,
      });
    }
  }
  if (events.length > 0) await tx.run('engine/append-events', { batches: toBatches(events) });
  if (stackRows.length > 0) await tx.run('engine/update-stacks', { stacks: stackRows });
  return { results, events, terminal, readiness, becameReady };
}

/**
 * Identifies one lease on one item. Rows and entries are matched by lease, not by item: one batch
 * may hold an item's old and new lease (and a worker may briefly hold both).
 */
export function leaseKey(x: { id: string; token: string }): string {
  return `${x.id} ${x.token}`;
}

/** Counters are stored as integers (the driver would send JS numbers as floats). */
export function withIntegers(set: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(set))
    out[k] = typeof v === 'number' && Number.isInteger(v) ? neo4j.int(v) : v;
  return out;
}
