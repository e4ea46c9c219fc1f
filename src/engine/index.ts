import type { EventPublisher } from '../events/bus.ts';
import type { Logger } from '../log.ts';
import type { ResourceTypeRegistry } from '../resources/registry.ts';
import type { Database } from '../store/database.ts';
import { SweepStore } from '../store/sweeps.ts';
import { noMetrics, type EngineMetrics } from './metrics.ts';
import type { StackOperations } from './stack-operations.ts';
import { Sweeper } from './sweeper.ts';
import type { WakeSignal } from './wake-signal.ts';
import { Worker, type WorkerOptions } from './worker.ts';

/**
 * The convergence engine of one process: a worker (claims, actions, observer, batched commits)
 * and a sweeper (expired leases, timeouts, pending rollbacks). Start as many processes as you like
 * against one Neo4j; they coordinate only through it.
 */
export class Engine {
  readonly worker: Worker;
  readonly sweeper: Sweeper;

  constructor(
    db: Database,
    registry: ResourceTypeRegistry,
    publisher: EventPublisher,
    operations: StackOperations,
    workAvailable: WakeSignal,
    private readonly log: Logger,
    options: WorkerOptions & { sweepIntervalMs?: number; stagedVersionTtlMs?: number },
    metrics: EngineMetrics = noMetrics,
  ) {
    this.worker = new Worker(
      db,
      registry,
      publisher,
      workAvailable,
      log,
      { ...options, nested: options.nested ?? operations },
      (result) => {
        // A failed create/update asks for its automatic rollback in the same commit; start it now.
        for (const t of result.terminal) {
          if (t.status.endsWith('_FAILED')) {
            operations
              .startPendingRollback(t.id)
              .catch((error: unknown) =>
                log.warn({ err: error, stackId: t.id }, 'could not start rollback now; the sweeper will'),
              );
          }
        }
      },
      metrics,
    );
    this.sweeper = new Sweeper(
      new SweepStore(db),
      this.worker,
      operations,
      log,
      options.sweepIntervalMs ?? 1000,
      options.tenants?.length ? options.tenants : null,
      options.stagedVersionTtlMs,
    );
  }

  start(): void {
    this.worker.start();
    this.sweeper.start();
  }

  async stop(): Promise<void> {
    await this.sweeper.stop();
    await this.worker.stop();
    this.log.debug('engine stopped');
  }
}
