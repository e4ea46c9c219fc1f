/**
 * Template compilation off the event loop (issue 16 §3): a pool of worker threads, sized to the
 * machine, each compiling one template at a time. A compile that overruns its time budget is
 * stopped by terminating its thread (a catastrophic `allowed_pattern` or a huge template cannot
 * freeze the API or the workers' lease renewals); a new thread takes its place.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BuiltinOptions } from '../resources/registry.ts';
import type { CompileOptions, CompileResult } from '../template/index.ts';

export interface CompileJob {
  template: string;
  parameters: Record<string, unknown>;
  options: CompileOptions;
}

export type CompileOutcome =
  | { kind: 'done'; result: CompileResult }
  | { kind: 'timeout' }
  /** The job could not be copied to a thread (e.g. a parameter nested thousands of levels deep). */
  | { kind: 'uncloneable' };

/** Threads by default: one per core but one (the main thread's), at least one. */
export function defaultCompileThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

export class CompilePool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private readonly waiting: Array<(worker: Worker) => void> = [];
  private closed = false;

  constructor(
    readonly size: number,
    /** What the threads build their resource types from (plain data: it is copied to each). */
    private readonly registryOptions: BuiltinOptions,
  ) {}

  /**
   * Compiles in a thread. `timeoutMs` is asked when a thread takes the job (time spent waiting
   * for a thread may have used up a request's budget); 0 or less refuses without compiling.
   */
  async compile(job: CompileJob, timeoutMs: () => number): Promise<CompileOutcome> {
    const worker = await this.acquire();
    const allowed = timeoutMs();
    if (allowed <= 0) {
      this.release(worker);
      return { kind: 'timeout' };
    }
    return new Promise<CompileOutcome>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (result: CompileResult): void => {
        done();
        this.release(worker);
        resolve({ kind: 'done', result });
      };
      const onError = (error: Error): void => {
        done();
        this.discard(worker);
        reject(error);
      };
      const timer = setTimeout(() => {
        done();
        this.discard(worker);
        resolve({ kind: 'timeout' });
      }, allowed);
      worker.on('message', onMessage);
      worker.on('error', onError);
      try {
        worker.postMessage(job);
      } catch {
        done();
        this.release(worker);
        resolve({ kind: 'uncloneable' });
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy];
    this.idle.length = 0;
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private async acquire(): Promise<Worker> {
    if (this.closed) throw new Error('the compile pool is closed');
    const idle = this.idle.pop();
    if (idle) {
      this.busy.add(idle);
      return idle;
    }
    if (this.busy.size < this.size) return this.spawn();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else {
      this.busy.delete(worker);
      this.idle.push(worker);
    }
  }

  /** A thread that overran or broke is terminated; a fresh one serves the next waiter. */
  private discard(worker: Worker): void {
    this.busy.delete(worker);
    void worker.terminate();
    const next = this.waiting.shift();
    if (next && !this.closed) this.spawn().then(next, () => this.waiting.unshift(next));
  }

  /** A new thread, counted busy at once, handed out once it has loaded (it says `ready`). */
  private spawn(): Promise<Worker> {
    // The service runs its TypeScript through tsx; the thread's entry registers the same loader.
    const worker = new Worker(new URL('./compile-thread.mjs', import.meta.url), {
      workerData: this.registryOptions,
    });
    worker.unref();
    this.busy.add(worker);
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve(worker));
      worker.once('error', (error) => {
        this.busy.delete(worker);
        reject(error);
      });
    });
  }
}
