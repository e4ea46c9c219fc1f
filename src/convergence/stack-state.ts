/**
 * A stack's convergence counters, and what each stack command does to them. Pure. Every write of
 * these fields is decided here, whether it comes from a command (create, update, delete, rollback,
 * cancel, time-out), a claim, or a committed batch (`settlement.ts`).
 */
import { stackEvent, type EventRecord } from '../events/record.ts';
import type { TraversalPlan } from './plan.ts';

export type StackAction = 'CREATE' | 'UPDATE' | 'ROLLBACK' | 'DELETE' | 'CHECK' | 'ABANDON';

export interface StackState {
  id: string;
  name: string;
  status: string;
  action: StackAction;
  traversal: string | null;
  version: number;
  /** Items of the current traversal not yet done. */
  pending: number;
  /** Converge items not yet done; cleanup waits until this reaches zero. */
  convergePending: number;
  /** Items of the current traversal under a lease. */
  running: number;
  /** Items claimable now (a hint for claimers; recomputed at each claim). */
  readyCount: number;
  observedCount: number;
  failure: string | null;
  eventSeq: number;
  disableRollback: boolean;
  /** Most items of this stack running at once across all workers; null for no cap. */
  concurrency: number | null;
  /**
   * The traversal persisted no version (a delete, or a rollback to nothing after a failed first
   * create): its completion makes no version good.
   */
  versionless: boolean;
  /** For a rollback: why (the failure it undoes), kept readable on the stack when it completes. */
  rollbackCause: string | null;
  /**
   * Cancelled (`cancelStackUpdate` without rollback) while actions were in flight: it fails,
   * without rolling back, once they have finished.
   */
  cancelled: boolean;
}

export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS');
}

/** A write of stack fields and, when it changes, the current version's status. */
export interface StackCommandWrite {
  set: Record<string, unknown>;
  events: EventRecord[];
  versionStatus: 'COMPLETE' | 'FAILED' | null;
}

/** Starting a traversal: the counters come from the plan; an empty plan completes at once. */
export function startTraversal(
  stack: Pick<StackState, 'id' | 'eventSeq'>,
  action: StackAction,
  plan: Pick<TraversalPlan, 'items' | 'convergeCount' | 'readyCount'>,
  options: {
    traversal: string;
    version: number;
    /** Whether a new version is persisted (false for a delete). */
    newVersion: boolean;
    timeoutSeconds: number | null;
    now: number;
    extraSet?: Record<string, unknown>;
    /**
     * Resources carried over from live copies without a work item: already observed ready. Each
     * gets the event a kept resource gets ("Unchanged"), right after the stack's start event.
     */
    carriedOver?: ReadonlyArray<{
      id: string;
      name: string;
      status: string;
      physicalResourceId: string | null;
    }>;
  },
): StackCommandWrite {
  const { traversal, version, now } = options;
  const identity = { id: stack.id, traversal, version };
  const status = `${action}_IN_PROGRESS`;
  const reason = `Stack ${action} started`;
  const events = [stackEvent(identity, stack.eventSeq + 1, status, reason, now)];
  for (const r of options.carriedOver ?? []) {
    events.push({
      stackId: stack.id,
      seq: stack.eventSeq + 1 + events.length,
      at: now,
      type: 'RESOURCE',
      status: r.status,
      reason: 'Unchanged',
      resourceId: r.id,
      resourceName: r.name,
      observedReady: true,
      physicalResourceId: r.physicalResourceId,
      version,
      traversal,
    });
  }
  const seq = stack.eventSeq + events.length;
  const set: Record<string, unknown> = {
    ...options.extraSet,
    action,
    status,
    statusReason: reason,
    traversal,
    version,
    pending: plan.items.length,
    convergePending: plan.convergeCount,
    readyCount: plan.readyCount,
    running: 0,
    observedCount: options.carriedOver?.length ?? 0,
    failure: null,
    eventSeq: seq,
    deadline: options.timeoutSeconds ? now + options.timeoutSeconds * 1000 : null,
    claimedAt: 0,
    versionless: !options.newVersion,
    cancelled: null,
  };
  if (action !== 'ROLLBACK') {
    set.rollbackCause = null;
    set.rolledBackFailure = null;
  }
  if (plan.items.length > 0) return { set, events, versionStatus: null };
  // Nothing to converge (an empty template, or deleting a stack that owns nothing): done at once.
  const done = `${action}_COMPLETE`;
  const doneReason = completionReason(
    action,
    (options.extraSet?.rollbackCause as string | null | undefined) ?? null,
  );
  Object.assign(set, {
    status: done,
    statusReason: doneReason,
    eventSeq: seq + 1,
    deadline: null,
    readyCount: 0,
  });
  if (action === 'DELETE') set.liveName = null;
  else if (options.newVersion) set.lastGoodVersion = version;
  events.push(stackEvent(identity, seq + 1, done, doneReason, now));
  return { set, events, versionStatus: options.newVersion ? 'COMPLETE' : null };
}

/** Failing a stack from outside its traversal (time-out, cancel, an invalid rollback target). */
export function failStack(
  stack: Pick<StackState, 'id' | 'action' | 'traversal' | 'version' | 'eventSeq' | 'disableRollback'>,
  reason: string,
  allowRollback: boolean,
  now: number,
): StackCommandWrite {
  const action = stack.action;
  const status = `${action}_FAILED`;
  const seq = stack.eventSeq + 1;
  const set: Record<string, unknown> = {
    status,
    statusReason: reason,
    failure: reason,
    readyCount: 0,
    deadline: null,
    eventSeq: seq,
    traversal: stack.traversal,
  };
  if (allowRollback && !stack.disableRollback && (action === 'CREATE' || action === 'UPDATE'))
    set.rollbackPending = true;
  // A check that timed out (its process was lost) changed nothing: the version and readiness stand.
  if (action === 'CHECK') {
    delete set.readyCount;
    delete set.failure;
  }
  return {
    set,
    events: [stackEvent(stack, seq, status, reason, now)],
    versionStatus: action === 'DELETE' || action === 'CHECK' ? null : 'FAILED',
  };
}

/**
 * Cancelling a create or update without rollback: nothing new starts. With no action in flight
 * the stack fails at once; otherwise it says it is cancelling and stays in progress, and the
 * settlement fails it (without rollback) when the last in-flight action has finished, so its final
 * state is never reported while something still runs.
 *
 * @param observedCount resources of the current version with an observed-ready live copy that no
 *   in-flight action holds (readiness counts the live copies, not only this traversal's).
 */
export function cancelStack(
  stack: Pick<StackState, 'id' | 'action' | 'traversal' | 'version' | 'eventSeq' | 'running'>,
  observedCount: number,
  now: number,
): StackCommandWrite {
  const reason = `Stack ${stack.action} cancelled`;
  if (stack.running === 0) {
    const write = failStack({ ...stack, disableRollback: true }, reason, false, now);
    return { ...write, set: { ...write.set, observedCount } };
  }
  const seq = stack.eventSeq + 1;
  const status = `${stack.action}_IN_PROGRESS`;
  const waiting = `${reason}; waiting for ${stack.running} in-flight action${stack.running === 1 ? '' : 's'} to finish`;
  return {
    set: {
      statusReason: waiting,
      failure: reason,
      cancelled: true,
      readyCount: 0,
      eventSeq: seq,
      observedCount,
    },
    events: [stackEvent(stack, seq, status, waiting, now)],
    versionStatus: null,
  };
}

/** A ready item as a claim sees it. */
export interface ReadyItem {
  id: string;
  name: string;
  version: number;
  plannedAction: string;
  recover: boolean;
  retryCount: number;
}

/**
 * How many READY items a stack has, as a claim knows it after taking the stack's lock. A claim
 * reads at most `limit` items from the stack's ready queue; only when the queue ran out before
 * that (`drained`) does it count the READY items left (`readyLeft`, then exact and small). A full
 * read trusts the stack's counter (`counted`, kept by every writer under the lock) but never
 * lets it say fewer than one more than it read, so a counter that drifted low cannot strand
 * ready work: the stack is claimed from again, and a drained read then recounts exactly.
 */
export function readyAfterSelect(select: {
  drained: boolean;
  readyLeft: number;
  counted: number;
  read: number;
}): number {
  return select.drained ? select.readyLeft : Math.max(select.counted, select.read + 1);
}

export interface ClaimDecision {
  claimed: ReadyItem[];
  /** Plain creates (no live copy of the name, not a recovery): they start in the claim itself. */
  starts: Array<ReadyItem & { statusReason: string }>;
  set: Record<string, unknown>;
  events: EventRecord[];
}

/**
 * Which of a stack's ready items (in claim order) a claim takes, and what that does to the
 * stack: the per-stack concurrency cap, the claimer's room for the stack's tenant (`tenantRoom`:
 * the share of its slots the tenant may still ask for), the counters, and the events of creates
 * that start now. Plain creates start right in the claim, so a crash after the action began is
 * recovered by observing, never by creating blindly again.
 */
export function claimFromStack(
  stack: Pick<StackState, 'id' | 'traversal' | 'running' | 'eventSeq' | 'concurrency'>,
  ready: readonly ReadyItem[],
  readyTotal: number,
  now: number,
  tenantRoom = Infinity,
): ClaimDecision {
  const stackRoom =
    stack.concurrency && stack.concurrency > 0 ? Math.max(0, stack.concurrency - stack.running) : Infinity;
  const claimed = ready.slice(0, Math.max(0, Math.min(stackRoom, tenantRoom)));
  const starts = claimed
    .filter((r) => r.plannedAction === 'CREATE' && !r.recover)
    .map((r) => ({ ...r, statusReason: r.retryCount > 0 ? `Retry ${r.retryCount}` : 'State changed' }));
  let seq = stack.eventSeq;
  const events = starts.map((r): EventRecord => ({
    stackId: stack.id,
    seq: ++seq,
    at: now,
    type: 'RESOURCE',
    status: 'CREATE_IN_PROGRESS',
    reason: r.statusReason,
    resourceId: r.id,
    resourceName: r.name,
    observedReady: false,
    physicalResourceId: null,
    version: r.version,
    traversal: stack.traversal,
  }));
  return {
    claimed,
    starts,
    set: {
      readyCount: Math.max(0, readyTotal - claimed.length),
      eventSeq: seq,
      running: stack.running + claimed.length,
    },
    events,
  };
}

/** One stack of a claim over several (see `claimFromStacks`), as claim-select read it. */
export interface ClaimTurn {
  stack: Pick<StackState, 'id' | 'traversal' | 'running' | 'eventSeq' | 'concurrency' | 'status' | 'failure'>;
  /** Its ready items in claim order. */
  ready: readonly ReadyItem[];
  /** Its ready items in all (`readyAfterSelect`). */
  readyTotal: number;
}

export interface StackClaim extends ClaimDecision {
  /**
   * The stack got nothing only because the claim's batch or the tenant's room ran out before its
   * turn: it keeps its place in the turn order (its claimedAt is put back).
   */
  keepTurn: boolean;
}

/**
 * A claim over several stacks of one tenant, served in turn order (least recently claimed
 * first): each stack's share as `claimFromStack` decides it, within what is left of the claim's
 * batch (`limit`) and of the tenant's room. Only stacks whose traversal runs and has not failed
 * are claimed from; the others' ready counters are cleared (nothing of theirs is claimable).
 */
export function claimFromStacks(
  turns: readonly ClaimTurn[],
  limit: number,
  now: number,
  tenantRoom = Infinity,
): StackClaim[] {
  let taken = 0;
  return turns.map(({ stack, ready, readyTotal }): StackClaim => {
    if (!stack.status.endsWith('_IN_PROGRESS') || stack.failure !== null)
      return { claimed: [], starts: [], set: { readyCount: 0 }, events: [], keepTurn: false };
    const room = Math.min(limit - taken, tenantRoom - taken);
    if (room <= 0) return { claimed: [], starts: [], set: {}, events: [], keepTurn: true };
    const decision = claimFromStack(stack, ready, readyTotal, now, room);
    taken += decision.claimed.length;
    return { ...decision, keepTurn: false };
  });
}

/**
 * The failure of a stack's last create or update, as `Stack.failureReason` shows it: the failure
 * of the running or failed traversal, or, for a rollback, the failure it undoes (kept after the
 * rollback completes; a rollback's own failure shows when it undid none). Null once a create or
 * update succeeded.
 */
export function failureReason(stack: {
  action: string | null;
  failure: string | null;
  rolledBackFailure: string | null;
}): string | null {
  if (stack.action === 'ROLLBACK') return stack.rolledBackFailure ?? stack.failure;
  return stack.failure;
}

/** What a completed stack says; a completed rollback keeps the failure it undid readable. */
export function completionReason(action: StackAction, rollbackCause: string | null): string {
  const done = `Stack ${action} completed successfully`;
  return action === 'ROLLBACK' && rollbackCause ? `${done}; rolled back because: ${rollbackCause}` : done;
}

/** A live stack's status before and after a write; null stands for "not a live stack". */
export interface StatusChange {
  tenant: string;
  before: string | null;
  after: string | null;
}

export interface StatusCountDelta {
  tenant: string;
  status: string;
  delta: number;
}

/**
 * How the per-tenant, per-status counts of live stacks move for a set of status changes: one delta
 * per counter that moves, sorted by (tenant, status) so every transaction adjusts the counters in
 * the same order.
 */
export function statusCountDeltas(changes: readonly StatusChange[]): StatusCountDelta[] {
  const deltas = new Map<string, StatusCountDelta>();
  const add = (tenant: string, status: string, delta: number) => {
    const key = JSON.stringify([tenant, status]);
    const entry = deltas.get(key) ?? { tenant, status, delta: 0 };
    entry.delta += delta;
    deltas.set(key, entry);
  };
  for (const { tenant, before, after } of changes) {
    if (before === after) continue;
    if (before !== null) add(tenant, before, -1);
    if (after !== null) add(tenant, after, +1);
  }
  const order = (a: StatusCountDelta, b: StatusCountDelta) =>
    a.tenant < b.tenant
      ? -1
      : a.tenant > b.tenant
        ? 1
        : a.status < b.status
          ? -1
          : a.status > b.status
            ? 1
            : 0;
  return [...deltas.values()].filter((d) => d.delta !== 0).sort(order);
}
