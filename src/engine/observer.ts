import { MinHeap } from '../graph/min-heap.ts';
import type { Logger } from '../log.ts';
import type { ActionContext, Observation, ResourceType } from '../resources/types.ts';

export interface Watch {
  type: ResourceType;
  ctx: ActionContext;
  /** Epoch ms after which the watch ends as failed ("timed out"). */
  deadline: number;
  onResult(observation: Observation | { state: 'timeout' }): void;
}

interface Scheduled {
  watch: Watch;
  dueAt: number;
  delay: number;
}

const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 5000;

/**
 * Watches resources until their action is done, failed or timed out, polling each resource type's
 * `observe` with backoff (or exactly when the type says to look again). Waiting holds no worker
 * slot: one timer serves every watch, so thousands of slow resources cost nothing but memory.
 */
export class Observer {
  private readonly heap = new MinHeap<Scheduled>((a, b) => a.dueAt - b.dueAt);
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private polling = 0;
  private stopped = false;
  polls = 0;

  constructor(
    private readonly log: Logger,
    private readonly maxConcurrentPolls = 256,
    private readonly onPoll: (type: string) => void = () => {},
  ) {}

  get size(): number {
    return this.heap.size + this.polling;
  }

  watch(watch: Watch, firstDelayMs = FIRST_DELAY_MS): void {
    this.schedule({ watch, dueAt: Date.now() + firstDelayMs, delay: firstDelayMs });
  }

  /** Stops polling and returns the watches that were still waiting (their owner releases them). */
  stop(): Watch[] {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.heap.clear().map((s) => s.watch);
  }

  private schedule(entry: Scheduled): void {
    if (this.stopped) return;
    this.heap.push(entry);
    this.arm();
  }

  private arm(): void {
    const next = this.heap.peek();
    if (!next || this.stopped) return;
    if (this.timer && this.timerAt <= next.dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next.dueAt;
    this.timer = setTimeout(() => this.fire(), Math.max(0, next.dueAt - Date.now()));
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = Date.now();
    while ((this.heap.peek()?.dueAt ?? Infinity) <= now && this.polling < this.maxConcurrentPolls) {
      void this.poll(this.heap.pop()!);
    }
    if (this.heap.size > 0 && this.polling < this.maxConcurrentPolls) this.arm();
  }

  private async poll(entry: Scheduled): Promise<void> {
    const { watch } = entry;
    if (Date.now() >= watch.deadline) {
      watch.onResult({ state: 'timeout' });
      return;
    }
    this.polling++;
    this.polls++;
    this.onPoll(watch.type.name);
    let observation: Observation;
    try {
      observation = await watch.type.observe(watch.ctx);
    } catch (error) {
      // An observe call that throws is a hiccup of the check, not a verdict on the resource.
      this.log.warn(
        { err: error, resource: watch.ctx.name, stack: watch.ctx.stackName },
        'observe failed; will retry',
      );
      observation = { state: 'pending' };
    } finally {
      this.polling--;
      if (this.heap.size > 0) this.arm();
    }
    if (observation.state !== 'pending') {
      watch.onResult(observation);
      return;
    }
    const delay = observation.retryAfterMs ?? Math.min(entry.delay * 2, MAX_DELAY_MS);
    const dueAt = Math.min(Date.now() + Math.max(1, delay), watch.deadline);
    this.schedule({ watch, dueAt, delay: Math.min(Math.max(delay, FIRST_DELAY_MS), MAX_DELAY_MS) });
  }
}
