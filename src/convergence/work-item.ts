/**
 * Work items: the unit of convergence. A traversal of a stack consists of one work item per
 * resource of the target version (CONVERGE) and one per live copy of an older version (CLEANUP);
 * `plan.ts` decides their order. Each item moves through the states below; the statements in
 * `cypher/engine/` apply these transitions, conditional on the item's lease, and never invent
 * others.
 */

export const WORK_STATES = ['WAITING', 'READY', 'RUNNING', 'DONE', 'FAILED', 'SUPERSEDED'] as const;
export type WorkState = (typeof WORK_STATES)[number];

export type WorkKind = 'CONVERGE' | 'CLEANUP';

/**
 * What can happen to an item:
 * - `unblock`: its last unfinished predecessor finished (or the converge-phase barrier lifted);
 * - `claim`: a worker took a lease on it;
 * - `finish`: its action ended and the item is complete;
 * - `fail`: its action failed for good (the stack fails);
 * - `retry`: its action failed and will be tried again after a delay;
 * - `expire`: its lease expired or was surrendered; whoever claims it next observes first;
 * - `supersede`: a newer traversal does not need it;
 * - `plan`: a newer traversal gives it work again (a live copy to clean up, a busy copy's item).
 */
export type WorkTransition =
  'unblock' | 'claim' | 'finish' | 'fail' | 'retry' | 'expire' | 'supersede' | 'plan';

const ANY_PLAN = { plan: 'WAITING', supersede: 'SUPERSEDED' } as const;

/**
 * The transition table. `plan` lands in WAITING or READY depending on the plan's predecessor
 * count (READY when there is none): the table lists WAITING, and `transition` takes the count.
 */
export const TRANSITIONS: Readonly<Record<WorkState, Partial<Record<WorkTransition, WorkState>>>> = {
  WAITING: { unblock: 'READY', ...ANY_PLAN },
  READY: { claim: 'RUNNING', ...ANY_PLAN },
  RUNNING: { finish: 'DONE', fail: 'FAILED', retry: 'READY', expire: 'READY', ...ANY_PLAN },
  DONE: { ...ANY_PLAN },
  FAILED: { ...ANY_PLAN },
  SUPERSEDED: { ...ANY_PLAN },
};

/** The state after `event`, or null when the table does not allow it from `state`. */
export function transition(state: WorkState, event: WorkTransition, pending = 0): WorkState | null {
  const next = TRANSITIONS[state][event] ?? null;
  if (event === 'plan' && next !== null) return pending > 0 ? 'WAITING' : 'READY';
  return next;
}

/** The work state an ended action leaves its item in (for the current traversal). */
export type FinishState = Extract<WorkState, 'DONE' | 'FAILED' | 'READY'>;

export function finishTransition(state: FinishState): WorkTransition {
  return state === 'DONE' ? 'finish' : state === 'FAILED' ? 'fail' : 'retry';
}

/**
 * Identifies one lease on one item. Writes about an item are matched by lease, never by item
 * alone: one batch may carry an item's expired lease and its new one, and a worker may briefly
 * hold both.
 */
export function leaseKey(x: { id: string; token: string }): string {
  return `${x.id} ${x.token}`;
}

/** Identifies the lease a write is about. */
export interface ItemRef {
  id: string;
  stackId: string;
  token: string;
  /** The traversal the lease was taken under. */
  actionTraversal: string;
}
