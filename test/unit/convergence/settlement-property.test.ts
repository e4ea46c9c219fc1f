/**
 * Property: for any interleaving of claims, finishes (done, retried, failed; repeated, stale),
 * expiries and supersedes, the convergence core keeps its promises:
 * - each lease is applied at most once (a finish or an expiry ends it);
 * - no item is RUNNING without a lease, and the stack's `running` and `pending` counters match
 *   its items;
 * - the stack completes exactly when every item of its current traversal is done.
 *
 * The statements are stood in for by `applyRows` below: a few lines that mirror the conditions
 * of cypher/engine/*.cypher (a write applies only under the lease it names). Those statements
 * themselves are tested against Neo4j in test/integration/claims.test.ts and frontier.test.ts;
 * this test is about the decisions the core makes around them, under every ordering.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planTraversal } from '../../../src/convergence/plan.ts';
import { BatchSettlement, type CommitEntry } from '../../../src/convergence/settlement.ts';
import {
  claimFromStack,
  failStack,
  isInProgress,
  startTraversal,
  type StackState,
} from '../../../src/convergence/stack-state.ts';
import {
  finishTransition,
  leaseKey,
  transition,
  type WorkState,
} from '../../../src/convergence/work-item.ts';

interface Item {
  id: string;
  state: WorkState;
  pending: number;
  next: string[];
  token: string | null;
  traversal: string;
}

type Op =
  | { op: 'claim'; k: number }
  | {
      op: 'batch';
      entries: Array<{ lease: number; kind: 'done' | 'retry' | 'fail' | 'expire'; twice: boolean }>;
    }
  | { op: 'supersede' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('claim' as const), k: fc.integer({ min: 1, max: 4 }) }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('batch' as const),
      entries: fc.array(
        fc.record({
          lease: fc.nat(),
          kind: fc.constantFrom('done', 'done', 'done', 'retry', 'fail', 'expire'),
          twice: fc.boolean(),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'supersede' as const }) },
);

/** A random DAG: each node may require any earlier one. */
const dagArb = fc
  .integer({ min: 1, max: 7 })
  .chain((n) =>
    fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 2 })),
  );

function run(n: number, edges: Array<[number, number]>, ops: Op[]): StackState {
  let now = 1_000;
  const names = Array.from({ length: n }, (_, i) => `r${i}`);
  const requires = names.map((_, i) => [
    ...new Set(edges.filter(([a, b]) => a > b && a === i).map(([, b]) => names[b]!)),
  ]);
  const plan = planTraversal(
    names.map((name, i) => ({ id: name, name, requires: requires[i]! })),
    [],
  );
  const items = new Map<string, Item>(
    plan.items.map((p) => [
      p.id,
      {
        id: p.id,
        state: p.pending === 0 ? 'READY' : 'WAITING',
        pending: p.pending,
        next: p.next,
        token: null,
        traversal: 't0',
      },
    ]),
  );
  let stack: StackState = {
    id: 's',
    name: 's',
    status: 'INIT_COMPLETE',
    action: 'CREATE',
    traversal: null,
    version: 0,
    pending: 0,
    convergePending: 0,
    running: 0,
    readyCount: 0,
    observedCount: 0,
    failure: null,
    eventSeq: 0,
    disableRollback: true,
    concurrency: null,
    versionless: false,
    rollbackCause: null,
    cancelled: false,
  };
  const apply = (set: Record<string, unknown>) => (stack = { ...stack, ...set });
  apply(
    startTraversal(stack, 'CREATE', plan, {
      traversal: 't0',
      version: 1,
      newVersion: true,
      timeoutSeconds: null,
      now,
    }).set,
  );

  const leases: Array<{ id: string; token: string; actionTraversal: string }> = [];
  const appliedPerLease = new Map<string, number>();
  let superseded = false;
  let tokens = 0;

  const move = (item: Item, event: Parameters<typeof transition>[1]) => {
    const next = transition(item.state, event, item.pending);
    expect(next, `${item.id}: ${event} from ${item.state}`).not.toBeNull();
    item.state = next!;
  };

  for (const op of ops) {
    now += 10;
    if (op.op === 'claim') {
      if (!isInProgress(stack.status) || stack.failure !== null) continue;
      const ready = [...items.values()]
        .filter((i) => i.state === 'READY' && i.traversal === stack.traversal)
        .map((i) => ({
          id: i.id,
          name: i.id,
          version: 1,
          plannedAction: 'CREATE',
          recover: false,
          retryCount: 0,
        }));
      const decision = claimFromStack(stack, ready.slice(0, op.k), ready.length, now);
      const token = `k${tokens++}`;
      for (const r of decision.claimed) {
        const item = items.get(r.id)!;
        move(item, 'claim');
        item.token = token;
        leases.push({ id: item.id, token, actionTraversal: stack.traversal! });
      }
      apply(decision.set);
    } else if (op.op === 'supersede') {
      if (!isInProgress(stack.status)) continue;
      superseded = true;
      for (const item of items.values()) {
        move(item, 'supersede');
        item.traversal = 't1';
      }
      stack.traversal = 't1';
      apply(failStack(stack, 'cancelled', false, now).set);
    } else {
      if (leases.length === 0) continue;
      const entries: CommitEntry[] = [];
      for (const e of op.entries) {
        const lease = leases[e.lease % leases.length]!;
        const item = { ...lease, stackId: 's' };
        const entry: CommitEntry =
          e.kind === 'expire'
            ? { kind: 'expire', item, force: true }
            : {
                kind: 'finish',
                item,
                set: {},
                workState: e.kind === 'done' ? 'DONE' : e.kind === 'retry' ? 'READY' : 'FAILED',
                observed: e.kind === 'done',
                ...(e.kind === 'fail' ? { failure: `${lease.id} failed` } : {}),
              };
        entries.push(entry);
        if (e.twice) entries.push({ ...entry });
      }
      const batch = new BatchSettlement(entries, new Map([['s', { state: stack, resourceCount: n }]]), now);
      batch.beginsApplied([]);
      // Like Neo4j may with UNWIND, every row's lease condition is read before any row writes.
      const finishRows = batch.finishRows();
      const finishMatches = finishRows.map((row) => items.get(row.id)!.token === row.token);
      const finished = finishRows.flatMap((row, i) => {
        if (!finishMatches[i]) return [];
        const item = items.get(row.id)!;
        item.token = null;
        const finishedDone = row.current && row.workState === 'DONE';
        if (row.current) move(item, finishTransition(row.workState as 'DONE' | 'FAILED' | 'READY'));
        appliedPerLease.set(leaseKey(row), (appliedPerLease.get(leaseKey(row)) ?? 0) + 1);
        return [
          {
            id: row.id,
            token: row.token,
            stackId: 's',
            work: 'CONVERGE',
            next: finishedDone ? item.next : [],
            onRelease: [],
          },
        ];
      });
      batch.finishesApplied(finished);
      const expired = batch.expiryRows().flatMap((row) => {
        const item = items.get(row.id)!;
        if (item.token !== row.token) return [];
        item.token = null;
        if (row.current) move(item, 'expire');
        appliedPerLease.set(leaseKey(row), (appliedPerLease.get(leaseKey(row)) ?? 0) + 1);
        return [
          {
            id: row.id,
            token: row.token,
            stackId: 's',
            name: row.id,
            version: 1,
            status: 'CREATE_IN_PROGRESS',
            onRelease: [],
          },
        ];
      });
      batch.expiriesApplied(expired);
      let ready = 0;
      for (const d of batch.decrementRows()) {
        const item = items.get(d.id)!;
        if (item.traversal !== d.traversal || item.state !== 'WAITING') continue;
        item.pending -= d.count;
        if (item.pending <= 0) {
          move(item, 'unblock');
          ready++;
        }
      }
      batch.decrementsApplied([{ stackId: 's', ready }]);
      for (const end of batch.convergePhaseEnds()) batch.cleanupReleased(end.stackId, 0);
      for (const write of batch.settle().stackWrites) apply(write.set);
    }

    // Invariants, after every step.
    for (const [key, count] of appliedPerLease) expect(count, `lease ${key}`).toBeLessThanOrEqual(1);
    const current = [...items.values()].filter((i) => i.traversal === stack.traversal);
    for (const item of current) if (item.state === 'RUNNING') expect(item.token, item.id).not.toBeNull();
    if (isInProgress(stack.status)) {
      expect(stack.running).toBe(current.filter((i) => i.state === 'RUNNING').length);
      expect(stack.pending).toBe(current.filter((i) => i.state !== 'DONE').length);
    }
    const allDone = !superseded && [...items.values()].every((i) => i.state === 'DONE');
    expect(stack.status === 'CREATE_COMPLETE').toBe(allDone);
  }
  return stack;
}

describe('the convergence core under any interleaving', () => {
  it('applies each lease at most once, leaves nothing RUNNING without a lease, and completes exactly when all is done', () => {
    fc.assert(
      fc.property(dagArb, fc.array(opArb, { maxLength: 60 }), ([n, edges], ops) => {
        run(n, edges, ops);
      }),
      { numRuns: 500 },
    );
  });

  it('drives a stack to completion when every claimed item finishes', () => {
    // Not only safety: the same model reaches CREATE_COMPLETE when workers do their job.
    const ops: Op[] = [];
    for (let round = 0; round < 10; round++) {
      ops.push({ op: 'claim', k: 4 });
      ops.push({
        op: 'batch',
        entries: Array.from({ length: 40 }, (_, lease) => ({ lease, kind: 'done' as const, twice: false })),
      });
    }
    expect(
      run(
        5,
        [
          [1, 0],
          [2, 1],
          [3, 1],
          [4, 3],
        ],
        ops,
      ).status,
    ).toBe('CREATE_COMPLETE');
  });
});
