import type { Logger } from '../log.ts';
import { isUnavailable } from '../store/database.ts';
import type { SweepStore } from '../store/sweeps.ts';
import type { Committer } from './committer.ts';
import type { StackOperations } from './stack-operations.ts';

/**
 * Time-driven duties, so that nothing waits for "the next worker happening to pass by":
 * expired leases go back to the pool (observed first by whoever claims them), overdue stacks fail
 * on their timeout, automatic rollbacks that a crash interrupted are started, and versions a crash
 * left half-staged are deleted. Every process
 * with workers runs one; all writes are conditional, so several sweepers never conflict.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  sweeps = 0;

  constructor(
    private readonly store: SweepStore,
    private readonly committer: Pick<Committer, 'submit'>,
    private readonly operations: StackOperations,
    private readonly log: Logger,
    private readonly intervalMs = 1000,
    private readonly tenants: readonly string[] | null = null,
    /** STAGED_VERSION_TTL_SECONDS: how long a version being written in chunks may stay unattached. */
    private readonly stagedTtlMs = 15 * 60 * 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().finally(() => (this.running = null));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async sweep(): Promise<void> {
    this.sweeps++;
    try {
      await this.expireLeases();
      for (const id of await this.store.overdueStacks(this.tenants)) {
        if (await this.operations.timeOut(id)) this.log.warn({ stackId: id }, 'stack timed out');
      }
      for (const id of await this.store.pendingRollbacks(this.tenants)) {
        if (await this.operations.startPendingRollback(id))
          this.log.info({ stackId: id }, 'automatic rollback started');
      }
      for (const id of await this.store.abandonedStagedVersions(Date.now() - this.stagedTtlMs)) {
        await this.store.discardStagedVersion(id);
        this.log.warn({ versionId: id }, 'deleted a version staged in chunks that was never attached');
      }
    } catch (error) {
      if (isUnavailable(error))
        this.log.warn({ err: (error as Error).message }, 'sweep skipped: Neo4j unavailable');
      else this.log.error({ err: error }, 'sweep failed');
    }
  }

  private async expireLeases(): Promise<void> {
    const expired = await this.store.expiredLeases(this.tenants);
    if (expired.length === 0) return;
    this.log.warn({ count: expired.length }, 'claims expired (worker lost); returning them to the pool');
    await Promise.all(
      expired.map((e) =>
        this.committer.submit({
          kind: 'expire',
          item: { id: e.id, stackId: e.stackId, token: e.token, actionTraversal: e.actionTraversal },
        }),
      ),
    );
  }
}
