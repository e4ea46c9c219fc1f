import { describe, expect, it } from 'vitest';
import { deletedOutcome, failedOutcome, readyOutcome } from '../../../src/convergence/outcomes.ts';
import { backoffDelay, Backoff, decideRetry } from '../../../src/convergence/retry.ts';
import { settleStack, type BatchOutcome } from '../../../src/convergence/settlement.ts';
import {
  claimFromStack,
  claimFromStacks,
  cancelStack,
  failStack,
  readyAfterSelect,
  startTraversal,
  type StackState,
} from '../../../src/convergence/stack-state.ts';
import { TRANSITIONS, WORK_STATES, transition } from '../../../src/convergence/work-item.ts';

const NOW = 1_700_000_000_000;

function stack(overrides: Partial<StackState> = {}): StackState {
  return {
    id: 's1',
    name: 'demo',
    status: 'CREATE_IN_PROGRESS',
    action: 'CREATE',
    traversal: 't1',
    version: 1,
    pending: 2,
    convergePending: 2,
    running: 1,
    readyCount: 0,
    observedCount: 0,
    failure: null,
    eventSeq: 5,
    disableRollback: false,
    concurrency: null,
    versionless: false,
    rollbackCause: null,
    cancelled: false,
    ...overrides,
  };
}

function outcome(overrides: Partial<BatchOutcome> = {}): BatchOutcome {
  return {
    events: [],
    released: 0,
    done: 0,
    convergeDone: 0,
    observed: 0,
    becameReady: 0,
    failure: null,
    ...overrides,
  };
}

describe('work-item transitions', () => {
  it('lists every state, and terminal states can only be planned again or superseded', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...WORK_STATES].sort());
    for (const state of ['DONE', 'FAILED', 'SUPERSEDED'] as const) {
      expect(Object.keys(TRANSITIONS[state]).sort()).toEqual(['plan', 'supersede']);
    }
  });

  it('only a ready item can be claimed, only a running one finished, failed, retried or expired', () => {
    for (const state of WORK_STATES) {
      expect(transition(state, 'claim') !== null).toBe(state === 'READY');
      for (const event of ['finish', 'fail', 'retry', 'expire'] as const)
        expect(transition(state, event) !== null).toBe(state === 'RUNNING');
    }
    expect(transition('RUNNING', 'retry')).toBe('READY');
    expect(transition('WAITING', 'unblock')).toBe('READY');
  });

  it('planning lands in READY without predecessors and WAITING with some', () => {
    expect(transition('DONE', 'plan', 0)).toBe('READY');
    expect(transition('DONE', 'plan', 2)).toBe('WAITING');
  });
});

describe('retry and backoff (one rule for the whole service)', () => {
  it('grows exponentially up to the cap, and jitter stays within half and all of it', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, { baseMs: 100, maxMs: 1000 }))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000, jitter: true }, () => 0)).toBe(400);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000, jitter: true }, () => 1)).toBe(800);
  });

  it('a running backoff resets after success', () => {
    const b = new Backoff({ baseMs: 10, maxMs: 1000 });
    expect([b.next(), b.next(), b.next()]).toEqual([10, 20, 40]);
    b.reset();
    expect(b.next()).toBe(10);
  });

  it('permanent errors and exhausted retries never retry', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect(decideRetry(0, true, 3, policy)).toEqual({ retry: false });
    expect(decideRetry(3, false, 3, policy)).toEqual({ retry: false });
    expect(decideRetry(1, false, 3, policy, () => 0)).toEqual({ retry: true, delayMs: 100, attempt: 2 });
  });
});

describe('outcomes', () => {
  const item = {
    id: 'r1',
    name: 'db',
    version: 1,
    physicalResourceId: null,
    statusReason: 'State changed',
    attributes: {},
    refs: [],
    live: true,
    retryCount: 0,
  };

  it('a failed attempt with retries left goes back to READY with a delay and says so', () => {
    const o = failedOutcome(item, 'CREATE', 'boom', false, { limit: 2, baseMs: 1000, maxMs: 8000 }, () => 0);
    expect(o).toMatchObject({ workState: 'READY', delayMs: 500, retried: true, set: { retryCount: 1 } });
    expect(o.event?.reason).toBe('Attempt 1 failed: boom; retry 1 of 2 in 0.5 s');
  });

  it('the last attempt fails the item and names the resource in the stack failure', () => {
    const o = failedOutcome({ ...item, retryCount: 2 }, 'UPDATE', 'boom', false, {
      limit: 2,
      baseMs: 1,
      maxMs: 1,
    });
    expect(o).toMatchObject({ workState: 'FAILED', retried: false, set: { status: 'UPDATE_FAILED' } });
    expect(o.failure).toBe('Resource UPDATE failed: db: boom (after 3 attempts)');
    // The failure is also kept apart from statusReason, which later actions overwrite.
    expect(o.set.failureReason).toBe('boom (after 3 attempts)');
  });

  it('a delete keeps the retry count and failure of the copy it removes (a rollback keeps the truth)', () => {
    const o = deletedOutcome({ ...item, retryCount: 2, statusReason: 'boom (after 3 attempts)' }, 'p-1');
    expect(o.set).toMatchObject({ status: 'DELETE_COMPLETE', live: null });
    expect(o.set).not.toHaveProperty('retryCount');
    expect(o.set).not.toHaveProperty('failureReason');
  });

  it('a ready resource writes only what changed', () => {
    const o = readyOutcome(item, 'CREATE', {
      properties: { a: 1 },
      physicalResourceId: null,
      attributes: {},
      dependencyCopies: [],
    });
    expect(Object.keys(o.set).sort()).toEqual(['appliedProperties', 'observedReady', 'outcome', 'status']);
    expect(o).toMatchObject({ workState: 'DONE', observed: true, set: { outcome: 'CREATED' } });
  });

  it('a ready resource records what its begin said the engine did (a replacement stays REPLACED)', () => {
    const ready = (change: 'REPLACED' | null, verb: 'CREATE' | 'UPDATE') =>
      readyOutcome({ ...item, change }, verb, {
        properties: {},
        physicalResourceId: null,
        attributes: {},
        dependencyCopies: [],
      }).set.outcome;
    expect(ready('REPLACED', 'CREATE')).toBe('REPLACED');
    expect(ready(null, 'UPDATE')).toBe('UPDATED');
  });
});

describe('stack settlement', () => {
  it('a cancel with actions in flight stays in progress and fails, without rollback, when the last one finishes', () => {
    const running = stack({ status: 'UPDATE_IN_PROGRESS', action: 'UPDATE', running: 2, pending: 3 });
    const cancel = cancelStack(running, 2, NOW);
    expect(cancel.set).toMatchObject({ failure: 'Stack UPDATE cancelled', cancelled: true, readyCount: 0 });
    expect(cancel.set.status).toBeUndefined();
    expect(cancel.versionStatus).toBeNull();
    expect(cancel.events.map((e) => [e.status, e.reason])).toEqual([
      ['UPDATE_IN_PROGRESS', 'Stack UPDATE cancelled; waiting for 2 in-flight actions to finish'],
    ]);
    const cancelling = { ...running, ...cancel.set };
    const first = settleStack(cancelling, outcome({ released: 1, done: 1, observed: 1 }), NOW);
    expect(first.terminal).toBe(false);
    const last = settleStack({ ...cancelling, ...first.set }, outcome({ released: 1 }), NOW);
    expect(last.terminal).toBe(true);
    expect(last.set).toMatchObject({ status: 'UPDATE_FAILED', statusReason: 'Stack UPDATE cancelled' });
    expect(last.set.rollbackPending).toBeUndefined();
    expect(last.versionStatus).toBe('FAILED');
  });

  it('a cancel with nothing in flight fails at once, without rollback, counting the live copies ready', () => {
    const cancel = cancelStack(stack({ status: 'UPDATE_IN_PROGRESS', action: 'UPDATE', running: 0 }), 3, NOW);
    expect(cancel.set).toMatchObject({ status: 'UPDATE_FAILED', observedCount: 3 });
    expect(cancel.set.rollbackPending).toBeUndefined();
  });

  it('completes the stack when the last item is done, with the stack event after the resource events', () => {
    const s = settleStack(
      stack({ pending: 1 }),
      outcome({
        released: 1,
        done: 1,
        convergeDone: 1,
        observed: 1,
        events: [
          {
            status: 'CREATE_COMPLETE',
            reason: 'State changed',
            resourceId: 'r1',
            resourceName: 'db',
            observedReady: true,
            physicalResourceId: null,
            version: 1,
          },
        ],
      }),
      NOW,
    );
    expect(s.terminal).toBe(true);
    expect(s.set).toMatchObject({ status: 'CREATE_COMPLETE', lastGoodVersion: 1, eventSeq: 7, running: 0 });
    expect(s.events.map((e) => [e.seq, e.type, e.status, e.at])).toEqual([
      [6, 'RESOURCE', 'CREATE_COMPLETE', NOW],
      [7, 'STACK', 'CREATE_COMPLETE', NOW],
    ]);
    expect(s.versionStatus).toBe('COMPLETE');
  });

  it('a failure with actions still running waits for them, then fails and asks for rollback', () => {
    const busy = settleStack(stack({ running: 2 }), outcome({ released: 1, failure: 'x failed' }), NOW);
    expect(busy.terminal).toBe(false);
    expect(busy.set).toMatchObject({ failure: 'x failed', readyCount: 0, running: 1 });
    const done = settleStack(stack({ running: 1, failure: 'x failed' }), outcome({ released: 1 }), NOW);
    expect(done.terminal).toBe(true);
    expect(done.set).toMatchObject({ status: 'CREATE_FAILED', rollbackPending: true });
  });

  it('rolling back a failed first create to nothing keeps the version failed and the failure readable', () => {
    const s = settleStack(
      stack({
        action: 'ROLLBACK',
        status: 'ROLLBACK_IN_PROGRESS',
        pending: 1,
        versionless: true,
        rollbackCause: 'db failed',
      }),
      outcome({ released: 1, done: 1 }),
      NOW,
    );
    expect(s.set).toMatchObject({
      status: 'ROLLBACK_COMPLETE',
      statusReason: 'Stack ROLLBACK completed successfully; rolled back because: db failed',
    });
    expect(s.set.lastGoodVersion).toBeUndefined();
    expect(s.versionStatus).toBeNull();
  });

  it('a settled stack only numbers events', () => {
    const s = settleStack(stack({ status: 'CREATE_COMPLETE' }), outcome({ released: 1, done: 1 }), NOW);
    expect(s.set).toEqual({ eventSeq: 5 });
  });
});

describe('stack commands', () => {
  it('starting an empty traversal completes at once', () => {
    const w = startTraversal(
      { id: 's1', eventSeq: 3 },
      'DELETE',
      { items: [], convergeCount: 0, readyCount: 0 },
      {
        traversal: 't2',
        version: 4,
        newVersion: false,
        timeoutSeconds: null,
        now: NOW,
      },
    );
    expect(w.set).toMatchObject({ status: 'DELETE_COMPLETE', liveName: null, eventSeq: 5 });
    expect(w.events.map((e) => e.status)).toEqual(['DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
    expect(w.versionStatus).toBeNull();
  });

  it('a timeout deadline is counted from now', () => {
    const w = startTraversal(
      { id: 's1', eventSeq: 0 },
      'CREATE',
      {
        items: [{ id: 'a', work: 'CONVERGE', pending: 0, next: [], plannedAction: 'CREATE' }],
        convergeCount: 1,
        readyCount: 1,
      },
      { traversal: 't', version: 1, newVersion: true, timeoutSeconds: 60, now: NOW },
    );
    expect(w.set).toMatchObject({
      deadline: NOW + 60_000,
      pending: 1,
      readyCount: 1,
      status: 'CREATE_IN_PROGRESS',
    });
  });

  it('failing a stack from outside asks for rollback only when allowed', () => {
    const base = {
      id: 's1',
      action: 'UPDATE' as const,
      traversal: 't',
      version: 2,
      eventSeq: 9,
      disableRollback: false,
    };
    expect(failStack(base, 'timed out', true, NOW).set.rollbackPending).toBe(true);
    expect(failStack(base, 'cancelled', false, NOW).set.rollbackPending).toBeUndefined();
    expect(
      failStack({ ...base, disableRollback: true }, 'timed out', true, NOW).set.rollbackPending,
    ).toBeUndefined();
    // A check whose process was lost times out without touching the version or the readiness.
    const check = failStack({ ...base, action: 'CHECK' }, 'CHECK timed out', true, NOW);
    expect(check.set.status).toBe('CHECK_FAILED');
    expect(check.versionStatus).toBeNull();
    expect(check.set.readyCount).toBeUndefined();
    expect(check.set.rollbackPending).toBeUndefined();
  });

  it('a claim respects the stack concurrency cap and starts only plain creates', () => {
    const ready = [
      { id: 'a', name: 'a', version: 1, plannedAction: 'CREATE', recover: false, retryCount: 0 },
      { id: 'b', name: 'b', version: 1, plannedAction: 'DECIDE', recover: false, retryCount: 0 },
      { id: 'c', name: 'c', version: 1, plannedAction: 'CREATE', recover: true, retryCount: 0 },
      { id: 'd', name: 'd', version: 1, plannedAction: 'CREATE', recover: false, retryCount: 2 },
    ];
    const capped = claimFromStack(
      { id: 's', traversal: 't', running: 1, eventSeq: 0, concurrency: 3 },
      ready,
      4,
      NOW,
    );
    expect(capped.claimed.map((r) => r.id)).toEqual(['a', 'b']);
    expect(capped.set).toEqual({ readyCount: 2, eventSeq: 1, running: 3 });
    const all = claimFromStack(
      { id: 's', traversal: 't', running: 0, eventSeq: 10, concurrency: null },
      ready,
      4,
      NOW,
    );
    expect(all.starts.map((s) => [s.id, s.statusReason])).toEqual([
      ['a', 'State changed'],
      ['d', 'Retry 2'],
    ]);
    expect(all.events.map((e) => e.seq)).toEqual([11, 12]);
  });

  it('a claim that drained the ready queue counts what is left; a full read trusts the counter, never below one more', () => {
    // Drained: the exact count of READY items left (e.g. items waiting for their retry time).
    expect(readyAfterSelect({ drained: true, readyLeft: 3, counted: 900, read: 2 })).toBe(3);
    expect(readyAfterSelect({ drained: true, readyLeft: 0, counted: 7, read: 0 })).toBe(0);
    // Full read of the batch: the stack's counter...
    expect(readyAfterSelect({ drained: false, readyLeft: 0, counted: 9500, read: 500 })).toBe(9500);
    // ...unless it drifted low: then more may be waiting, so the stack stays claimable.
    expect(readyAfterSelect({ drained: false, readyLeft: 0, counted: 0, read: 500 })).toBe(501);
    const after = claimFromStack(
      { id: 's', traversal: 't', running: 0, eventSeq: 0, concurrency: null },
      [{ id: 'a', name: 'a', version: 1, plannedAction: 'CREATE', recover: false, retryCount: 0 }],
      readyAfterSelect({ drained: false, readyLeft: 0, counted: 0, read: 1 }),
      NOW,
    );
    expect(after.set.readyCount).toBe(1);
  });

  it('a claim over several stacks serves them in turn order within the batch and the tenant room', () => {
    const items = (stackId: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `${stackId}-${i}`,
        name: `r${i}`,
        version: 1,
        plannedAction: 'CREATE' as const,
        recover: false,
        retryCount: 0,
      }));
    const turn = (id: string, n: number, over: Partial<StackState> = {}) => ({
      stack: {
        id,
        traversal: 't',
        running: 0,
        eventSeq: 0,
        concurrency: null,
        status: 'CREATE_IN_PROGRESS',
        failure: null,
        ...over,
      },
      ready: items(id, n),
      readyTotal: n,
    });
    const turns = [
      turn('a', 3),
      turn('b', 2, { status: 'CREATE_FAILED', failure: 'x' }),
      turn('c', 4),
      turn('d', 2),
    ];
    // The batch (5) runs out inside c: d keeps its turn; b's traversal failed, so nothing of it is claimable.
    const byBatch = claimFromStacks(turns, 5, NOW);
    expect(byBatch.map((d) => d.claimed.length)).toEqual([3, 0, 2, 0]);
    expect(byBatch.map((d) => d.keepTurn)).toEqual([false, false, false, true]);
    expect(byBatch[1]!.set).toEqual({ readyCount: 0 });
    expect(byBatch[2]!.set).toEqual({ readyCount: 2, eventSeq: 2, running: 2 });
    expect(byBatch[3]!.set).toEqual({});
    // The tenant's room (4) is shared by its stacks, not given to each.
    const byRoom = claimFromStacks(turns, 100, NOW, 4);
    expect(byRoom.map((d) => d.claimed.length)).toEqual([3, 0, 1, 0]);
    // Each stack numbers its own events.
    expect(byRoom[2]!.events.map((e) => [e.stackId, e.seq])).toEqual([['c', 1]]);
    // A stack at its concurrency cap gets nothing but uses its turn (its cap, not the claim, stopped it).
    const capped = claimFromStacks([turn('e', 2, { concurrency: 1, running: 1 }), turn('f', 1)], 10, NOW);
    expect(capped.map((d) => [d.claimed.length, d.keepTurn])).toEqual([
      [0, false],
      [1, false],
    ]);
  });
});
