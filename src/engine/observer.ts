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
  private readonly heap: Scheduled[] = [];
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
    return this.heap.length + this.polling;
  }

  watch(watch: Watch, firstDelayMs = FIRST_DELAY_MS): void {
    this.schedule({ watch, dueAt: Date.now() + firstDelayMs, delay: firstDelayMs });
  }

  /** Stops polling and returns the watches that were still waiting (their owner releases them). */
  stop(): Watch[] {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.heap.splice(0).map((s) => s.watch);
  }

  private schedule(entry: Scheduled): void {
    if (this.stopped) return;
    push(this.heap, entry);
    this.arm();
  }

  private arm(): void {
    const next = this.heap[0];
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
    while (this.heap.length > 0 && this.heap[0]!.dueAt <= now && this.polling < this.maxConcurrentPolls) {
      void this.poll(pop(this.heap)!);
    }
    if (this.heap.length > 0 && this.polling < this.maxConcurrentPolls) this.arm();
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
      if (this.heap.length > 0) this.arm();
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

function push(heap: Scheduled[], entry: Scheduled): void {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.dueAt <= heap[i]!.dueAt) break;
    [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
    i = parent;
  }
}

function pop(heap: Scheduled[]): Scheduled | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < heap.length && heap[l]!.dueAt < heap[min]!.dueAt) min = l;
      if (r < heap.length && heap[r]!.dueAt < heap[min]!.dueAt) min = r;
      if (min === i) break;
      [heap[min], heap[i]] = [heap[i]!, heap[min]!];
      i = min;
    }
  }
  return top;
}
