/**
 * The claim loop: while the worker runs, leases ready work items from Neo4j and hands them to the
 * action runner, as fast as the runner has room for them. Waits on the wake signal between polls.
 */
import { randomUUID } from 'node:crypto';
import { Backoff } from '../convergence/retry.ts';
import type { EventPublisher } from '../events/bus.ts';
import type { Logger } from '../log.ts';
import { claimItems, type ClaimedItem } from '../store/claims.ts';
import type { Database } from '../store/database.ts';
import { isUnavailable } from '../store/database.ts';
import type { ActionRunner } from './action-runner.ts';
import type { EngineMetrics } from './metrics.ts';
import type { WakeSignal } from './wake-signal.ts';

export interface ClaimLoopOptions {
  owner: string;
  /** Resource actions running at once in this process. */
  concurrency: number;
  /** Most items one claim statement takes. */
  claimBatch: number;
  leaseMs: number;
  pollIntervalMs: number;
  /** Only work on stacks of these tenants (dedicated worker pools); null for all. */
  tenants: readonly string[] | null;
  /** MAX_RUNNING_ACTIONS_PER_TENANT across all worker processes (see `ClaimRequest.tenantCap`). */
  tenantCap?: number;
}

/** Actions quicker than this on average are claimed in full batches (see `capacity`). */
const QUICK_ACTION_MS = 2;

export class ClaimLoop {
  claimed = 0;

  constructor(
    private readonly db: Database,
    private readonly runner: ActionRunner,
    private readonly publisher: EventPublisher,
    private readonly wake: WakeSignal,
    private readonly log: Logger,
    private readonly options: ClaimLoopOptions,
    private readonly metrics: EngineMetrics,
  ) {}

  /** Runs until `keepGoing()` turns false (checked after every claim and every wait). */
  async run(keepGoing: () => boolean): Promise<void> {
    const unavailable = new Backoff({ baseMs: 100, maxMs: 5000 });
    while (keepGoing()) {
      // Read before looking for work: a raise while the claim runs (a commit that made an item
      // ready, or freed room) then ends the wait below at once instead of being missed.
      const seen = this.wake.generation;
      const capacity = this.capacity();
      if (capacity <= 0) {
        await this.wake.wait(this.options.pollIntervalMs, seen);
        continue;
      }
      let claimed: ClaimedItem[];
      try {
        const started = performance.now();
        const result = await claimItems(this.db, {
          owner: this.options.owner,
          token: randomUUID(),
          limit: Math.min(this.options.claimBatch, capacity),
          leaseMs: this.options.leaseMs,
          tenants: this.options.tenants,
          maxPerTenant: this.tenantShare(),
          tenantLoads: this.runner.tenantLoads(),
          ...(this.options.tenantCap ? { tenantCap: this.options.tenantCap } : {}),
          now: Date.now(),
        });
        claimed = result.items;
        this.metrics.claimed(claimed.length, (performance.now() - started) / 1000);
        this.publisher.publish(result.events);
        unavailable.reset();
      } catch (error) {
        const retryInMs = unavailable.next();
        if (!isUnavailable(error)) this.log.error({ err: error }, 'claim failed');
        else this.log.warn({ err: (error as Error).message, retryInMs }, 'Neo4j unavailable; claims paused');
        await this.wake.wait(retryInMs);
        continue;
      }
      if (claimed.length === 0) {
        await this.wake.wait(this.options.pollIntervalMs, seen);
        continue;
      }
      this.claimed += claimed.length;
      for (const item of claimed) void this.runner.run(item);
    }
  }

  /**
   * How many items to claim now. Quick actions (no-op types, local computations) are claimed in
   * large batches, since the batch's round trips are the only cost; slow actions are claimed about
   * as fast as slots free up, so other processes get their share of a latency-bound stack.
   */
  private capacity(): number {
    // Items waiting only because their tenant runs its whole share take no slot, so they do not
    // stop this worker from claiming other tenants' work (their tenant is skipped by the claim).
    const pending = this.runner.pendingCount - this.runner.waitingOverTenantCap;
    if (this.quick()) {
      // Every claim costs a round trip under the stack lock whatever its size: claim a full batch
      // once at most half a batch is still on its way through, rather than topping up in crumbs.
      return pending <= this.options.claimBatch / 2 ? this.options.claimBatch : 0;
    }
    return this.options.concurrency * 2 - pending;
  }

  private quick(): boolean {
    const actionMs = this.runner.actionMs;
    return actionMs !== null && actionMs < QUICK_ACTION_MS;
  }

  /**
   * Most items one tenant may have with this worker: twice its running share for slow actions
   * (the next ones are at hand when a slot frees, as for the whole worker), a full batch for quick
   * ones (they free their slots at once).
   */
  private tenantShare(): number {
    return this.quick() ? this.options.claimBatch : this.runner.perTenant * 2;
  }
}
