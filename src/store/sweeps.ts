/**
 * What the sweeper and the worker's lease timer read and write outside committed batches:
 * expired leases, overdue stacks, pending rollbacks, lease renewals.
 */
import type { ItemRef } from '../convergence/work-item.ts';
import type { Database } from './database.ts';
import { int } from './records.ts';

export class SweepStore {
  constructor(private readonly db: Database) {}

  /** Claims whose owner stopped renewing them (the process died or lost Neo4j for too long). */
  expiredLeases(tenants: readonly string[] | null, limit = 1000): Promise<ItemRef[]> {
    return this.db.read<ItemRef>('engine/expired-leases', { limit: int(limit), tenants });
  }

  /** Stacks whose timeout passed while in progress. */
  async overdueStacks(tenants: readonly string[] | null): Promise<string[]> {
    return (await this.db.read<{ id: string }>('engine/overdue-stacks', { tenants })).map((r) => r.id);
  }

  /** Failed stacks whose automatic rollback has not started yet. */
  async pendingRollbacks(tenants: readonly string[] | null): Promise<string[]> {
    return (await this.db.read<{ id: string }>('engine/pending-rollbacks', { tenants })).map((r) => r.id);
  }

  /** Extends the leases a worker holds; one statement however many. */
  async renewLeases(items: ReadonlyArray<{ id: string; token: string }>, leaseMs: number): Promise<void> {
    if (items.length === 0) return;
    await this.db.run('engine/renew-leases', { items, leaseMs: int(Math.round(leaseMs)) });
  }
}
