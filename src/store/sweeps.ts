/**
 * What the sweeper and the worker's lease timer read and write outside committed batches:
 * expired leases, overdue stacks, pending rollbacks, lease renewals, abandoned staged versions.
 */
import type { ItemRef } from '../convergence/work-item.ts';
import type { Database } from './database.ts';
import { int } from './records.ts';
import { DEFAULT_VERSION_CHUNK, discardStagedVersion } from './stacks.ts';

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

  /**
   * Versions staged in chunks before `before` (epoch ms) and never attached to their stack: their
   * command failed without cleaning up, or its process died while staging.
   */
  async abandonedStagedVersions(before: number): Promise<string[]> {
    return (await this.db.read<{ id: string }>('engine/abandoned-staged', { before: int(before) })).map(
      (r) => r.id,
    );
  }

  /** Deletes a staged version that was never attached (chunk by chunk). */
  discardStagedVersion(versionId: string): Promise<void> {
    return discardStagedVersion(this.db, versionId, DEFAULT_VERSION_CHUNK);
  }

  /** Extends the leases a worker holds; one statement however many. */
  async renewLeases(items: ReadonlyArray<{ id: string; token: string }>, leaseMs: number): Promise<void> {
    if (items.length === 0) return;
    await this.db.run('engine/renew-leases', { items, leaseMs: int(Math.round(leaseMs)) });
  }
}
