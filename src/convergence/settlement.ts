// Long on purpose: the steps of BatchSettlement and settleStack are one rule (the settlement of a batch); split, they would have to share private state.
/**
 * Settlement: what a batch of engine writes does to work items and stacks. Pure (time is a
 * parameter). The store runs one transaction per batch: it locks the stacks, then walks a
 * `BatchSettlement` step by step: each step hands it the rows to write, the store runs the
 * statement and reports which rows took effect, and the settlement decides what follows (which
 * leases were applied, which successors to unblock, the stacks' counters, completion, failure and
 * events). The Cypher statements apply those decisions; they decide nothing themselves, apart from
 * the lease check every write is conditional on.
 */
import type { EventRecord, Readiness, ResourceEvent } from '../events/record.ts';
import { stackEvent } from '../events/record.ts';
import { leaseKey, type FinishState, type ItemRef } from './work-item.ts';
import { completionReason, isInProgress, type StackState } from './stack-state.ts';

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
      workState: FinishState;
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

export interface LockedStackState {
  state: StackState;
  resourceCount: number;
}

/** What a batch did to one stack, accumulated while its statements run. */
export interface BatchOutcome {
  /** Resource events of the batch, in the order they happened. */
  events: ResourceEvent[];
  /** Current-traversal leases released (finished, retried, failed or expired). */
  released: number;
  /** Current-traversal items completed. */
  done: number;
  /** Of those, converge items. */
  convergeDone: number;
  /** Of those, converge items whose resource is now observed ready. */
  observed: number;
  /** Items that became claimable: successors reaching zero, retries, expired leases. */
  becameReady: number;
  /** First permanent failure reason of a current item, if any. */
  failure: string | null;
}

export interface StackWrite {
  id: string;
  set: Record<string, unknown>;
  versionStatus: 'COMPLETE' | 'FAILED' | null;
}

export interface Settlement {
  set: Record<string, unknown>;
  events: EventRecord[];
  versionStatus: StackWrite['versionStatus'];
  /** The stack reached a terminal status in this batch. */
  terminal: boolean;
}

export interface BeginRow {
  id: string;
  token: string;
  set: Record<string, unknown>;
  baseId: string | null;
  link: 'SUCCEEDS' | 'REPLACES' | null;
}
export interface LeaseRow {
  id: string;
  token: string;
}
export interface FinishRow {
  id: string;
  token: string;
  set: Record<string, unknown>;
  workState: string;
  delayMs: number;
  current: boolean;
}
export interface FinishedRow extends LeaseRow {
  stackId: string;
  work: string;
  /** Successors to unblock (empty unless the item finished DONE in the current traversal). */
  next: string[];
  /** Items a superseded action was holding back. */
  onRelease: string[];
}
export interface ExpiryRow {
  id: string;
  token: string;
  current: boolean;
  force: boolean;
}
export interface ExpiredRow extends LeaseRow {
  stackId: string;
  name: string;
  version: number;
  status: string;
  onRelease: string[];
}
export interface DecrementRow {
  id: string;
  traversal: string;
  count: number;
}

function emptyOutcome(): BatchOutcome {
  return { events: [], released: 0, done: 0, convergeDone: 0, observed: 0, becameReady: 0, failure: null };
}

/**
 * The settlement of one batch. Steps must run in order: begins, progress, finishes, expiries,
 * decrements, converge-phase ends, then `settle()`.
 */
export class BatchSettlement {
  readonly results: EntryResult[];
  private readonly outcomes = new Map<string, BatchOutcome>();
  private readonly justReady = new Map<string, string[]>();
  private readonly decrementsById = new Map<string, DecrementRow>();
  /** Second finishes (or expiries) under one lease: they must find nothing to do. */
  private readonly repeated: boolean[];
  private refusedBegin = new Set<string>();
  private becameReadyTotal = 0;
  private finishPlan: Array<{ row: FinishRow; entry: CommitEntry; index: number }> = [];

  constructor(
    private readonly entries: readonly CommitEntry[],
    private readonly stacks: ReadonlyMap<string, LockedStackState>,
    private readonly now: number,
  ) {
    this.results = entries.map((e) => ({ applied: false, current: this.isCurrent(e.item) }));
    // A finish or an expiry ends the lease, so a second one under the same lease must find nothing
    // to do. Within one UNWIND statement it might not (the planner may read every row before
    // writing any), so the first of each kind per lease wins. Entries about one item under
    // *different* leases are all kept: the statements let only the current lease's through.
    const seen = new Set<string>();
    this.repeated = entries.map((e) => {
      if (e.kind !== 'finish' && e.kind !== 'expire') return false;
      const key = `${e.kind}:${leaseKey(e.item)}`;
      if (seen.has(key)) return true;
      seen.add(key);
      return false;
    });
  }

  /** The stacks the batch is about, in lock order. */
  static stackIds(entries: readonly CommitEntry[]): string[] {
    return [...new Set(entries.map((e) => e.item.stackId))].sort();
  }

  private isCurrent(item: ItemRef): boolean {
    const s = this.stacks.get(item.stackId)?.state;
    return !!s && s.traversal === item.actionTraversal && isInProgress(s.status);
  }

  private outcome(stackId: string): BatchOutcome {
    let o = this.outcomes.get(stackId);
    if (!o) this.outcomes.set(stackId, (o = emptyOutcome()));
    return o;
  }

  private indexed<K extends CommitEntry['kind']>(kind: K) {
    return this.entries
      .map((e, i) => ({ e, i }))
      .filter((x): x is { e: Extract<CommitEntry, { kind: K }>; i: number } => x.e.kind === kind);
  }

  /** 1. Begins: only for the current traversal. A refused begin releases its lease in step 3. */
  beginRows(): BeginRow[] {
    return this.indexed('begin')
      .filter(({ i }) => this.results[i]!.current)
      .map(({ e }) => ({
        id: e.item.id,
        token: e.item.token,
        set: e.set,
        baseId: e.baseId ?? null,
        link: e.link ?? null,
      }));
  }

  beginsApplied(rows: readonly LeaseRow[]): void {
    const begun = new Set(rows.map(leaseKey));
    for (const { e, i } of this.indexed('begin')) {
      if (!this.results[i]!.current || !begun.has(leaseKey(e.item))) continue;
      this.results[i]!.applied = true;
      if (e.event) this.outcome(e.item.stackId).events.push(e.event);
    }
    this.refusedBegin = new Set(
      this.indexed('begin')
        .filter(({ i }) => !this.results[i]!.applied)
        .map(({ e }) => leaseKey(e.item)),
    );
  }

  /** 2. Progress (physical ids and attributes reported before readiness), whatever the traversal. */
  progressRows(): Array<{ id: string; token: string; set: Record<string, unknown> }> {
    return this.indexed('progress').map(({ e }) => ({ id: e.item.id, token: e.item.token, set: e.set }));
  }

  progressApplied(rows: readonly LeaseRow[]): void {
    const ok = new Set(rows.map(leaseKey));
    for (const { e, i } of this.indexed('progress')) this.results[i]!.applied = ok.has(leaseKey(e.item));
  }

  /** 3. Finishes, plus lease releases for refused begins (their worker stops there). */
  finishRows(): FinishRow[] {
    const finishedLeases = new Set(this.indexed('finish').map(({ e }) => leaseKey(e.item)));
    this.finishPlan = [];
    this.entries.forEach((e, i) => {
      if (this.repeated[i]) return;
      if (e.kind === 'finish') {
        const dropped = e.requiresBegin === true && this.refusedBegin.has(leaseKey(e.item));
        this.finishPlan.push({
          row: {
            id: e.item.id,
            token: e.item.token,
            set: dropped ? {} : e.set,
            workState: e.workState,
            delayMs: e.delayMs ?? 0,
            current: this.results[i]!.current && !dropped,
          },
          entry: e,
          index: i,
        });
      } else if (
        e.kind === 'begin' &&
        this.refusedBegin.has(leaseKey(e.item)) &&
        !finishedLeases.has(leaseKey(e.item))
      ) {
        this.finishPlan.push({
          row: { id: e.item.id, token: e.item.token, set: {}, workState: 'DONE', delayMs: 0, current: false },
          entry: e,
          index: -1,
        });
      }
    });
    return this.finishPlan.map((f) => f.row);
  }

  finishesApplied(rows: readonly FinishedRow[]): void {
    const byLease = new Map(rows.map((r) => [leaseKey(r), r]));
    for (const f of this.finishPlan) {
      const row = byLease.get(leaseKey(f.row));
      if (!row) continue;
      if (f.index >= 0) this.results[f.index]!.applied = true;
      const state = this.stacks.get(row.stackId)?.state;
      const o = this.outcome(row.stackId);
      if (state?.traversal) for (const id of row.onRelease) this.decrement(id, state.traversal);
      const e = f.entry;
      if (e.kind !== 'finish') continue;
      if (!f.row.current) {
        // A superseded action's outcome is still worth an event, unless its begin never happened.
        if (e.event && !(e.requiresBegin && this.refusedBegin.has(leaseKey(e.item)))) o.events.push(e.event);
        continue;
      }
      o.released++;
      if (e.event) o.events.push(e.event);
      if (e.workState === 'DONE') {
        o.done++;
        if (row.work === 'CONVERGE') o.convergeDone++;
        if (e.observed) {
          o.observed++;
          const names = this.justReady.get(row.stackId) ?? [];
          if (e.event?.resourceName) names.push(e.event.resourceName);
          this.justReady.set(row.stackId, names);
        }
        for (const id of row.next) this.decrement(id, e.item.actionTraversal);
      } else if (e.workState === 'READY') {
        o.becameReady++;
      } else if (e.failure && o.failure === null) {
        o.failure = e.failure;
      }
    }
  }

  /** 4. Expired (or surrendered) leases. */
  expiryRows(): ExpiryRow[] {
    return this.indexed('expire')
      .filter(({ i }) => !this.repeated[i])
      .map(({ e, i }) => ({
        id: e.item.id,
        token: e.item.token,
        current: this.results[i]!.current,
        force: e.force === true,
      }));
  }

  expiriesApplied(rows: readonly ExpiredRow[]): void {
    const ok = new Map(rows.map((r) => [leaseKey(r), r]));
    for (const { e, i } of this.indexed('expire')) {
      if (this.repeated[i]) continue;
      const row = ok.get(leaseKey(e.item));
      if (!row) continue;
      this.results[i]!.applied = true;
      const state = this.stacks.get(row.stackId)?.state;
      if (state?.traversal) for (const id of row.onRelease) this.decrement(id, state.traversal);
      if (!this.results[i]!.current) continue;
      const o = this.outcome(row.stackId);
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

  private decrement(id: string, traversal: string): void {
    const d = this.decrementsById.get(id);
    if (d) d.count++;
    else this.decrementsById.set(id, { id, traversal, count: 1 });
  }

  /** 5. Successors with one unfinished predecessor less; the store reports those that became ready. */
  decrementRows(): DecrementRow[] {
    return [...this.decrementsById.values()];
  }

  decrementsApplied(rows: ReadonlyArray<{ stackId: string; ready: number }>): void {
    for (const r of rows) {
      this.outcome(r.stackId).becameReady += r.ready;
      this.becameReadyTotal += r.ready;
    }
  }

  /** 6. Stacks whose converge phase this batch ends: their cleanup barrier must be lifted. */
  convergePhaseEnds(): Array<{ stackId: string; traversal: string }> {
    const ends: Array<{ stackId: string; traversal: string }> = [];
    for (const [stackId, o] of this.outcomes) {
      const state = this.stacks.get(stackId)?.state;
      if (state?.traversal && endsConvergePhase(state, o)) ends.push({ stackId, traversal: state.traversal });
    }
    return ends;
  }

  cleanupReleased(stackId: string, ready: number): void {
    this.outcome(stackId).becameReady += ready;
    this.becameReadyTotal += ready;
  }

  /** 7. Each stack's counters, completion or failure, and the events with their sequence numbers. */
  settle(): Omit<CommitResult, 'results'> & { stackWrites: StackWrite[] } {
    const events: EventRecord[] = [];
    const stackWrites: StackWrite[] = [];
    const terminal: CommitResult['terminal'] = [];
    const readiness: Readiness[] = [];
    for (const [stackId, o] of this.outcomes) {
      const locked = this.stacks.get(stackId);
      if (!locked) continue;
      const settled = settleStack(locked.state, o, this.now);
      events.push(...settled.events);
      stackWrites.push({ id: stackId, set: settled.set, versionStatus: settled.versionStatus });
      if (settled.terminal) terminal.push({ id: stackId, status: settled.set.status as string });
      if (o.observed > 0 || settled.terminal) {
        readiness.push({
          stackId,
          observedCount: (settled.set.observedCount as number | undefined) ?? locked.state.observedCount,
          total: locked.resourceCount,
          justReady: this.justReady.get(stackId) ?? [],
          status: (settled.set.status as string | undefined) ?? locked.state.status,
          eventSeq: settled.set.eventSeq as number,
        });
      }
    }
    return { events, stackWrites, terminal, readiness, becameReady: this.becameReadyTotal };
  }
}

/** A stack's counters, completion or failure after one batch, and its events numbered in order. */
export function settleStack(stack: StackState, outcome: BatchOutcome, now: number): Settlement {
  let seq = stack.eventSeq;
  const events: EventRecord[] = outcome.events.map((e) => ({
    ...e,
    stackId: stack.id,
    seq: ++seq,
    at: now,
    type: 'RESOURCE',
    traversal: stack.traversal,
  }));
  const set: Record<string, unknown> = {};
  let versionStatus: Settlement['versionStatus'] = null;
  let terminal = false;

  if (isInProgress(stack.status)) {
    const running = Math.max(0, stack.running - outcome.released);
    const pending = stack.pending - outcome.done;
    const failure = stack.failure ?? outcome.failure;
    let readyCount = stack.readyCount + outcome.becameReady;
    Object.assign(set, {
      running,
      pending,
      convergePending: Math.max(0, stack.convergePending - outcome.convergeDone),
      observedCount: stack.observedCount + outcome.observed,
    });
    if (failure !== null) {
      // Nothing new starts once a resource has failed; in-flight actions are allowed to finish.
      readyCount = 0;
      set.failure = failure;
      if (running > 0 && stack.failure === null) {
        // The outcome is certain now: say so at once, and that in-flight actions still run.
        const reason = `${failure}; waiting for ${running} in-flight action${running === 1 ? '' : 's'} to finish`;
        set.statusReason = reason;
        events.push(stackEvent(stack, ++seq, stack.status, reason, now));
      }
      if (running === 0) {
        Object.assign(set, terminalFields(stack, 'FAILED', failure));
        versionStatus = stack.action === 'DELETE' ? null : 'FAILED';
        terminal = true;
        // Automatic rollback never chains, a delete has nothing to roll back to, and a cancel
        // without rollback asked for none.
        if (
          !stack.disableRollback &&
          !stack.cancelled &&
          (stack.action === 'CREATE' || stack.action === 'UPDATE')
        ) {
          set.rollbackPending = true;
        }
      }
    } else if (pending <= 0) {
      Object.assign(
        set,
        terminalFields(stack, 'COMPLETE', completionReason(stack.action, stack.rollbackCause)),
      );
      // A traversal that persisted no version (rollback to nothing) makes no version good: the
      // failed create stays failed.
      versionStatus = stack.action === 'DELETE' || stack.versionless ? null : 'COMPLETE';
      terminal = true;
      readyCount = 0;
      if (stack.action === 'DELETE') set.liveName = null;
      else if (!stack.versionless) set.lastGoodVersion = stack.version;
    }
    set.readyCount = readyCount;
    if (terminal)
      events.push(stackEvent(stack, ++seq, set.status as string, set.statusReason as string, now));
  }
  set.eventSeq = seq;
  return { set, events, versionStatus, terminal };
}

function terminalFields(stack: StackState, outcome: 'COMPLETE' | 'FAILED', reason: string) {
  return { status: `${stack.action}_${outcome}`, statusReason: reason, deadline: null };
}

/** True when this batch finishes the converge phase, so the cleanup barrier must be released. */
export function endsConvergePhase(stack: StackState, outcome: BatchOutcome): boolean {
  return (
    isInProgress(stack.status) &&
    stack.failure === null &&
    outcome.failure === null &&
    stack.convergePending > 0 &&
    stack.convergePending - outcome.convergeDone <= 0
  );
}
