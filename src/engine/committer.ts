import { setTimeout as sleep } from 'node:timers/promises';
import { Backoff } from '../convergence/retry.ts';
import type { Logger } from '../log.ts';
import { isUnavailable, type Database } from '../store/database.ts';
import { noMetrics, type EngineMetrics } from './metrics.ts';
import type { CommitEntry, CommitResult, EntryResult } from '../convergence/settlement.ts';
import { commit, type NestedFinisher } from '../store/commits.ts';

interface Pending {
  entry: CommitEntry;
  resolve: (result: EntryResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the engine's writes and commits them in batches, one transaction at a time per process.
 * While a transaction runs, new entries queue up and go into the next one, so batch size follows
 * load with no added delay. Writes are never dropped because Neo4j is away: the batch is retried
 * with backoff until it commits (every write is conditional on its lease, so retrying is safe).
 */
export class Committer {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly onCommitted: (result: CommitResult, entries: readonly CommitEntry[]) => void,
    private readonly maxBatch = 2000,
    private readonly metrics: Pick<EngineMetrics, 'committed'> = noMetrics,
    /** Finishes parent items parked on child stacks a commit completes (see convergence/nested.ts). */
    private readonly nested?: NestedFinisher,
  ) {}

  submit(entry: CommitEntry): Promise<EntryResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.kick();
    });
  }

  get backlog(): number {
    return this.queue.length;
  }

  /** Resolves once everything submitted so far is committed (or rejected). */
  async drain(): Promise<void> {
    while (this.flushing || this.queue.length > 0) {
      this.kick();
      await this.flushing;
    }
  }

  /** Stops retrying writes that cannot reach Neo4j (used at shutdown after the drain deadline). */
  abandon(): void {
    this.stopped = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('committer stopped'));
  }

  private kick(): void {
    if (this.flushing || this.queue.length === 0) return;
    // Start on the next turn of the event loop: entries submitted in the same burst (a claimed batch
    // of quick actions) then share one transaction.
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flush())
      .finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.kick();
      });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    // A finish that depends on a begin (keeping a copy as is) must share its transaction.
    while (this.queue[0]?.entry.kind === 'finish' && this.queue[0].entry.requiresBegin)
      batch.push(this.queue.shift()!);
    const unavailable = new Backoff({ baseMs: 100, maxMs: 5000 });
    for (;;) {
      try {
        const started = performance.now();
        const result = await commit(
          this.db,
          batch.map((p) => p.entry),
          Date.now(),
          this.nested,
        );
        this.metrics.committed(batch.length, (performance.now() - started) / 1000);
        batch.forEach((p, i) => p.resolve(result.results[i]!));
        try {
          this.onCommitted(
            result,
            batch.map((p) => p.entry),
          );
        } catch (error) {
          this.log.error({ err: error }, 'commit listener failed');
        }
        return;
      } catch (error) {
        if (this.stopped) {
          batch.forEach((p) => p.reject(error));
          return;
        }
        if (!isUnavailable(error)) {
          this.log.error({ err: error, entries: batch.length }, 'engine commit failed');
          batch.forEach((p) => p.reject(error));
          return;
        }
        const retryInMs = unavailable.next();
        this.log.warn(
          { err: (error as Error).message, retryInMs },
          'Neo4j unavailable; commit will be retried',
        );
        await sleep(retryInMs);
      }
    }
  }
}
