/**
 * A convergence worker: a claim loop, an action runner, lease renewals and batched commits.
 * Several workers (in one or many processes) can share a database; claims are leases.
 *
 * Lifecycle (each change is logged): initial → starting → running → draining (no new claims;
 * running actions finish, or are released to other workers after the grace period) → stopped.
 * `stop()` returns the same promise however often it is called.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { CommitEntry, CommitResult, EntryResult } from '../convergence/settlement.ts';
import type { EventPublisher } from '../events/bus.ts';
import type { Logger } from '../log.ts';
import type { ResourceTypeRegistry } from '../resources/registry.ts';
import type { Database } from '../store/database.ts';
import { SweepStore } from '../store/sweeps.ts';
import type { SecretCodec } from '../secrets/sealing.ts';
import { ActionRunner, type NestedStarter } from './action-runner.ts';
import { nestedFinisher } from './nested-stacks.ts';
import { ClaimLoop } from './claim-loop.ts';
import { Committer } from './committer.ts';
import { noMetrics, type EngineMetrics } from './metrics.ts';
import type { WakeSignal } from './wake-signal.ts';

export interface WorkerOptions {
  /** Resource actions running at once in this process. */
  concurrency: number;
  /** Most of those one tenant may run at once (`FairSlots`); defaults to `concurrency`. */
  perTenant?: number;
  /** Most items one tenant may run at once across every worker process (claims count them). */
  tenantCap?: number;
  /** Most items one claim statement takes. */
  claimBatch: number;
  leaseMs: number;
  pollIntervalMs: number;
  retryLimit: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Upper bound for one action plus its observation when the stack has no deadline. */
  actionTimeoutMs: number;
  /** How long `stop()` waits for running actions before releasing their claims. */
  shutdownGraceMs?: number;
  /** Only work on stacks of these tenants (dedicated worker pools); null or empty for all. */
  tenants?: readonly string[] | null;
  /** Opens the secrets actions need and seals what the worker writes back (key: SECRETS_KEY). */
  secrets: SecretCodec;
  /** Acts on child stacks for nested-stack types (the engine passes its StackOperations). */
  nested?: NestedStarter | null;
}

export type WorkerState = 'initial' | 'starting' | 'running' | 'draining' | 'stopped';

/** Log lines operators (and the process tests) look for. */
const LIFECYCLE_MESSAGES: Record<WorkerState, string> = {
  initial: 'worker created',
  starting: 'worker starting',
  running: 'worker started',
  draining: 'worker draining: no new claims',
  stopped: 'worker stopped',
};

export class Worker {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private current: WorkerState = 'initial';
  private readonly committer: Committer;
  private readonly runner: ActionRunner;
  private readonly claimLoop: ClaimLoop;
  private readonly leases: SweepStore;
  private loop: Promise<void> | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    db: Database,
    registry: ResourceTypeRegistry,
    private readonly publisher: EventPublisher,
    private readonly wake: WakeSignal,
    private readonly log: Logger,
    private readonly options: WorkerOptions,
    private readonly onCommitted: (result: CommitResult) => void = () => {},
    metrics: EngineMetrics = noMetrics,
  ) {
    this.committer = new Committer(
      db,
      log,
      (result, entries) => this.committed(result, entries),
      2000,
      metrics,
      nestedFinisher(registry),
    );
    this.runner = new ActionRunner(
      registry,
      this.committer,
      log,
      {
        concurrency: options.concurrency,
        perTenant: options.perTenant ?? options.concurrency,
        retry: { limit: options.retryLimit, baseMs: options.retryBaseMs, maxMs: options.retryMaxMs },
        actionTimeoutMs: options.actionTimeoutMs,
      },
      metrics,
      options.secrets,
      options.nested ?? null,
    );
    this.claimLoop = new ClaimLoop(
      db,
      this.runner,
      publisher,
      wake,
      log,
      {
        owner: this.owner,
        concurrency: options.concurrency,
        claimBatch: options.claimBatch,
        leaseMs: options.leaseMs,
        pollIntervalMs: options.pollIntervalMs,
        tenants: options.tenants?.length ? options.tenants : null,
        ...(options.tenantCap ? { tenantCap: options.tenantCap } : {}),
      },
      metrics,
    );
    this.leases = new SweepStore(db);
  }

  get state(): WorkerState {
    return this.current;
  }

  /** Counters for metrics and tests. */
  get stats() {
    return { claimed: this.claimLoop.claimed, ...this.runner.stats };
  }

  get observing(): number {
    return this.runner.observing;
  }

  get observerPolls(): number {
    return this.runner.observerPolls;
  }

  /** Queues a write with this worker's batched commits (the sweeper uses it too). */
  submit(entry: CommitEntry): Promise<EntryResult> {
    return this.committer.submit(entry);
  }

  start(): void {
    if (this.current !== 'initial') throw new Error(`worker is ${this.current}`);
    this.enter('starting');
    this.leaseTimer = setInterval(() => void this.renewLeases(), Math.max(250, this.options.leaseMs / 3));
    this.enter('running', { concurrency: this.options.concurrency });
    this.loop = this.claimLoop.run(() => this.current === 'running');
  }

  stop(): Promise<void> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  private async drain(): Promise<void> {
    if (this.current === 'initial') {
      this.enter('stopped');
      return;
    }
    this.enter('draining');
    this.wake.raise();
    await this.loop;
    const deadline = Date.now() + (this.options.shutdownGraceMs ?? 10_000);
    while (this.runner.actionsRunning > 0 && Date.now() < deadline) await delay(25);
    // Whatever is still held (slow actions, resources being observed) goes back to the pool:
    // another worker observes it first, so nothing is created twice.
    const releases = this.runner
      .releaseAll()
      .map((item) => this.committer.submit({ kind: 'expire', item, force: true }).catch(() => undefined));
    await Promise.race([Promise.all(releases), delay(5000)]);
    await Promise.race([this.committer.drain(), delay(5000)]);
    this.committer.abandon();
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.enter('stopped', { released: releases.length });
  }

  private enter(state: WorkerState, details: Record<string, unknown> = {}): void {
    this.current = state;
    this.log.info({ owner: this.owner, state, ...details }, LIFECYCLE_MESSAGES[state]);
  }

  private committed(result: CommitResult, entries: readonly CommitEntry[]): void {
    this.publisher.publish(result.events);
    for (const r of result.readiness) this.publisher.publishReadiness(r);
    // Finished items free claim capacity and successors may have become ready. Wake the claim loop
    // only after the finished items' own continuations have run, so it sees the freed capacity.
    // A batch of progress writes only (physical ids recorded while observing) changes neither:
    // no wake, so it costs no empty claim.
    if (entries.some((e) => e.kind !== 'progress')) setImmediate(() => this.wake.raise());
    this.onCommitted(result);
  }

  private async renewLeases(): Promise<void> {
    try {
      await this.leases.renewLeases(this.runner.leases(), this.options.leaseMs);
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'lease renewal failed');
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
