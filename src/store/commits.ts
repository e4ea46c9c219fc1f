/**
 * Applies a batch of engine writes in one transaction, as the convergence core's
 * `BatchSettlement` decides them: lock the stacks, begin/record/finish actions, release expired
 * leases, unblock successors, lift cleanup barriers, settle the stacks and append events. The
 * function is pure apart from its statements, so the driver may safely re-run it on a transient
 * error.
 */
import {
  BatchSettlement,
  type CommitEntry,
  type CommitResult,
  type ExpiredRow,
  type FinishedRow,
  type LeaseRow,
  type LockedStackState,
} from '../convergence/settlement.ts';
import type { Database, Transaction } from './database.ts';
import { toBatches } from './event-batches.ts';
import { countStatuses, type NestedViewRow } from './stacks.ts';
import type { StatusChange } from '../convergence/stack-state.ts';
import { decodeStackState, int, withIntegers } from './records.ts';

/** Locks the given stacks in id order (no deadlocks between engine transactions) and reads their state. */
export async function lockStacks(
  tx: Transaction,
  stackIds: readonly string[],
): Promise<Map<string, LockedStackState>> {
  const rows = await tx.run<{ stack: Record<string, unknown>; resourceCount: number | null }>(
    'engine/lock-stacks',
    { stackIds },
  );
  return new Map(
    rows.map((r) => {
      const state = decodeStackState(r.stack);
      return [state.id, { state, resourceCount: r.resourceCount ?? 0 }];
    }),
  );
}

/** A parent item parked on a child stack that this commit brought to a terminal status. */
export interface NestedWaiterRow extends NestedViewRow {
  /** The parent resource's stored fields (JSON fields still encoded). */
  parent: Record<string, unknown>;
}

/** Turns parked parents of completed children into their finishes (the engine supplies it). */
export type NestedFinisher = (rows: NestedWaiterRow[]) => CommitEntry[];

/** Most nesting levels one commit finishes (a chain deeper than any allowed depth is a bug). */
const MAX_NESTED_ROUNDS = 64;

export async function commitBatch(
  tx: Transaction,
  entries: readonly CommitEntry[],
  now: number,
  nested?: NestedFinisher,
  round = 0,
): Promise<CommitResult> {
  const stacks = await lockStacks(tx, BatchSettlement.stackIds(entries));
  const batch = new BatchSettlement(entries, stacks, now);

  const begins = batch.beginRows();
  batch.beginsApplied(
    begins.length > 0
      ? await tx.run<LeaseRow>('engine/begin', {
          items: begins.map((b) => ({ ...b, set: withIntegers(b.set) })),
        })
      : [],
  );
  const progress = batch.progressRows();
  if (progress.length > 0) {
    batch.progressApplied(
      await tx.run<LeaseRow>('engine/progress', {
        items: progress.map((p) => ({ ...p, set: withIntegers(p.set) })),
      }),
    );
  }
  const finishes = batch.finishRows();
  if (finishes.length > 0) {
    batch.finishesApplied(
      await tx.run<FinishedRow>('engine/finish', {
        items: finishes.map((f) => ({ ...f, set: withIntegers(f.set) })),
      }),
    );
  }
  const expiries = batch.expiryRows();
  if (expiries.length > 0)
    batch.expiriesApplied(await tx.run<ExpiredRow>('engine/expire-leases', { items: expiries }));
  const decrements = batch.decrementRows();
  if (decrements.length > 0) {
    batch.decrementsApplied(
      await tx.run<{ stackId: string; ready: number }>('engine/decrement', {
        decrements: decrements.map((d) => ({ ...d, count: int(d.count) })),
      }),
    );
  }
  for (const { stackId, traversal } of batch.convergePhaseEnds()) {
    const rows = await tx.run<{ ready: number }>('engine/release-cleanup', { stackId, traversal });
    batch.cleanupReleased(stackId, rows[0]?.ready ?? 0);
  }
  const settled = batch.settle();
  if (settled.events.length > 0) await tx.run('engine/append-events', { batches: toBatches(settled.events) });
  if (settled.stackWrites.length > 0) {
    const changes = await tx.run<StatusChange>('engine/update-stacks', {
      stacks: settled.stackWrites.map((s) => ({ ...s, set: withIntegers(s.set) })),
    });
    await countStatuses(tx, changes);
  }
  const { stackWrites: _written, ...result } = settled;
  const committed: CommitResult = { results: batch.results, ...result };
  if (!nested || settled.terminal.length === 0 || round >= MAX_NESTED_ROUNDS) return committed;
  // Children that completed here finish the parent items parked on them, in this same transaction.
  const parents = await finishNestedWaiters(
    tx,
    settled.terminal.map((t) => t.id),
    now,
    nested,
    round + 1,
  );
  if (!parents) return committed;
  return {
    results: committed.results,
    events: [...committed.events, ...parents.events],
    terminal: [...committed.terminal, ...parents.terminal],
    readiness: [...committed.readiness, ...parents.readiness],
    becameReady: committed.becameReady + parents.becameReady,
  };
}

/**
 * Finishes the parent items parked on these (now terminal) child stacks, in the caller's
 * transaction; null when none waits.
 */
export async function finishNestedWaiters(
  tx: Transaction,
  stackIds: readonly string[],
  now: number,
  nested: NestedFinisher,
  round = 1,
): Promise<CommitResult | null> {
  const waiters = await tx.run<NestedWaiterRow>('engine/nested-waiters', { stackIds });
  const finishes = waiters.length > 0 ? nested(waiters) : [];
  if (finishes.length === 0) return null;
  return commitBatch(tx, finishes, now, nested, round);
}

/** One batch in its own write transaction (re-run by the driver on transient errors). */
export function commit(
  db: Database,
  entries: readonly CommitEntry[],
  now: number,
  nested?: NestedFinisher,
): Promise<CommitResult> {
  return db.transaction((tx) => commitBatch(tx, entries, now, nested));
}
