/**
 * Stack bookkeeping for one committed batch of engine work: counters, completion, failure and the
 * stack's own events. Pure: the committer reads each stack under its lock, feeds what the batch did
 * to `settleStack`, and writes the result in the same transaction.
 */

export type StackAction = 'CREATE' | 'UPDATE' | 'ROLLBACK' | 'DELETE';

export interface StackState {
  id: string;
  name: string;
  status: string;
  action: StackAction;
  traversal: string | null;
  version: number;
  pending: number;
  /** Converge items not yet done; cleanup waits until this reaches zero. */
  convergePending: number;
  running: number;
  readyCount: number;
  observedCount: number;
  failure: string | null;
  eventSeq: number;
  disableRollback: boolean;
}

/** An event as written to Neo4j and published to subscribers. */
export interface EventRecord {
  stackId: string;
  seq: number;
  /** Epoch milliseconds. */
  at: number;
  type: 'RESOURCE' | 'STACK';
  status: string;
  reason: string | null;
  resourceId: string | null;
  resourceName: string | null;
  observedReady: boolean | null;
  physicalResourceId: string | null;
  version: number;
  traversal: string | null;
}

export type ResourceEvent = Omit<EventRecord, 'seq' | 'stackId' | 'type' | 'traversal' | 'at'>;

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

export interface Settlement {
  set: Record<string, unknown>;
  events: EventRecord[];
  versionStatus: 'COMPLETE' | 'FAILED' | null;
  /** The stack reached a terminal status in this batch. */
  terminal: boolean;
}

export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS');
}

export function settleStack(stack: StackState, outcome: BatchOutcome): Settlement {
  let seq = stack.eventSeq;
  const events: EventRecord[] = outcome.events.map((e) => ({
    ...e,
    stackId: stack.id,
    seq: ++seq,
    at: Date.now(),
    type: 'RESOURCE',
    traversal: stack.traversal,
  }));
  const inProgress = isInProgress(stack.status);
  const set: Record<string, unknown> = {};
  let versionStatus: Settlement['versionStatus'] = null;
  let terminal = false;

  if (inProgress) {
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
      if (running === 0) {
        Object.assign(set, terminalFields(stack, 'FAILED', failure));
        versionStatus = stack.action === 'DELETE' ? null : 'FAILED';
        terminal = true;
        // Automatic rollback never chains, and a delete has nothing to roll back to.
        if (!stack.disableRollback && (stack.action === 'CREATE' || stack.action === 'UPDATE')) {
          set.rollbackPending = true;
        }
      }
    } else if (pending <= 0) {
      Object.assign(set, terminalFields(stack, 'COMPLETE', `Stack ${stack.action} completed successfully`));
      versionStatus = stack.action === 'DELETE' ? null : 'COMPLETE';
      terminal = true;
      readyCount = 0;
      if (stack.action === 'DELETE') set.liveName = null;
      else set.lastGoodVersion = stack.version;
    }
    set.readyCount = readyCount;
    if (terminal) {
      events.push(stackEvent(stack, ++seq, set.status as string, set.statusReason as string));
    }
  }
  set.eventSeq = seq;
  return { set, events, versionStatus, terminal };
}

function terminalFields(stack: StackState, outcome: 'COMPLETE' | 'FAILED', reason: string) {
  return { status: `${stack.action}_${outcome}`, statusReason: reason, deadline: null };
}

export function stackEvent(
  stack: Pick<StackState, 'id' | 'traversal' | 'version'>,
  seq: number,
  status: string,
  reason: string | null,
): EventRecord {
  return {
    stackId: stack.id,
    seq,
    at: Date.now(),
    type: 'STACK',
    status,
    reason,
    resourceId: null,
    resourceName: null,
    observedReady: null,
    physicalResourceId: null,
    version: stack.version,
    traversal: stack.traversal,
  };
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

/** Exponential backoff with jitter: a random delay between half and all of min(max, base * 2^attempt). */
export function retryDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
