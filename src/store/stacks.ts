/**
 * The statements behind stack commands (create, update, delete, rollback, cancel, time-out,
 * purge). `StackOperations` (src/engine) decides; this runs the writes, in the caller's
 * transaction, and decodes what it reads.
 */
import type { StackCommandWrite } from '../convergence/stack-state.ts';
import type { PlanLiveCopy } from '../convergence/plan.ts';
import type { Database, Transaction } from './database.ts';
import { toBatches } from './event-batches.ts';
import { int, withIntegers } from './records.ts';

type Raw = Record<string, unknown>;

/** A locked stack: its node's fields and its current version's (both as stored). */
export interface LockedStack {
  stack: Raw;
  version: Raw | null;
}

export interface NewStack {
  id: string;
  tenant: string;
  name: string;
  disableRollback: boolean;
  timeoutSeconds: number | null;
  concurrency: number | null;
}

export interface NewVersion {
  stackId: string;
  version: Raw;
  resources: Raw[];
  /** [required, requirer] positions in `resources`. */
  edges: Array<[number, number]>;
}

export class DuplicateStackError extends Error {}

/** The statements of one command's transaction. */
export class StackTransaction {
  constructor(private readonly tx: Transaction) {}

  async insertStack(stack: NewStack): Promise<void> {
    try {
      await this.tx.run('stack/insert', {
        ...stack,
        timeoutSeconds: stack.timeoutSeconds == null ? null : int(stack.timeoutSeconds),
        concurrency: stack.concurrency ? int(stack.concurrency) : null,
      });
    } catch (error) {
      if (String((error as { code?: string }).code).includes('ConstraintValidationFailed'))
        throw new DuplicateStackError(stack.name);
      throw error;
    }
  }

  async lockByName(tenant: string, name: string): Promise<LockedStack | null> {
    return (await this.tx.run<LockedStack>('stack/lock-by-name', { tenant, name }))[0] ?? null;
  }

  async lockById(id: string): Promise<LockedStack | null> {
    return (await this.tx.run<LockedStack>('stack/lock-by-id', { id }))[0] ?? null;
  }

  /** Every live copy and every outstanding work item of earlier traversals. */
  readLive(stackId: string): Promise<Array<PlanLiveCopy & { live: boolean }>> {
    return this.tx.run<PlanLiveCopy & { live: boolean }>('stack/read-live', { stackId });
  }

  /** Resources of the current version with an observed-ready live copy, not held by an action. */
  async observedLiveCount(stackId: string): Promise<number> {
    return (await this.tx.run<{ observed: number }>('stack/observed-live', { stackId }))[0]?.observed ?? 0;
  }

  async versionByNumber(stackId: string, number: number): Promise<Raw | null> {
    const rows = await this.tx.run<{ version: Raw }>('read/version-by-number', {
      stackId,
      number: int(number),
    });
    return rows[0]?.version ?? null;
  }

  async insertVersion(version: NewVersion): Promise<void> {
    await this.tx.run('stack/insert-version', {
      stackId: version.stackId,
      version: withIntegers(version.version),
      resources: version.resources.map(withIntegers),
      edges: version.edges.map(([a, b]) => [int(a), int(b)]),
    });
  }

  /** Work for existing resources in a new traversal (or their retirement). */
  async setWork(updates: Array<{ id: string; set: Raw }>): Promise<void> {
    if (updates.length === 0) return;
    await this.tx.run('stack/set-work', {
      updates: updates.map((u) => ({ id: u.id, set: withIntegers(u.set) })),
    });
  }

  /** A command's decision about the stack: its fields, its current version's status, its events. */
  async writeStack(stackId: string, write: StackCommandWrite): Promise<void> {
    if (write.events.length > 0)
      await this.tx.run('engine/append-events', { batches: toBatches(write.events) });
    await this.tx.run('engine/update-stacks', {
      stacks: [{ id: stackId, set: withIntegers(write.set), versionStatus: write.versionStatus }],
    });
  }
}

export class StackStore {
  constructor(private readonly db: Database) {}

  /** One command: a write transaction that the driver may retry (keep side effects outside). */
  transaction<T>(work: (tx: StackTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new StackTransaction(tx)));
  }

  /** Stacks of a tenant with this name (deleted ones and the live one). */
  byName(tenant: string, name: string): Promise<Array<{ id: string; live: boolean }>> {
    return this.db.read<{ id: string; live: boolean }>('stack/deleted-by-name', { tenant, name });
  }

  /** Removes a deleted stack's history in batches; returns the number of stacks removed. */
  async purge(id: string): Promise<number> {
    for (const statement of ['stack/purge-resources', 'stack/purge-events']) {
      while (((await this.db.run<{ deleted: number }>(statement, { id }))[0]?.deleted ?? 0) > 0);
    }
    return (await this.db.run<{ deleted: number }>('stack/purge-stack', { id }))[0]?.deleted ?? 0;
  }
}

/** Neo4j refused the transaction for lack of memory: the stack is too large for its heap. */
export function isMemoryLimit(error: unknown): boolean {
  return (
    (error as { code?: string } | null)?.code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError'
  );
}
