/**
 * Neo4j is the record of events; buses only make them arrive sooner. `TailingSubscriber` wraps
 * this process's bus and, for the stacks that have listeners here, asks the store every
 * `intervalMs` for the newest committed sequence number (one statement for all of them). Events
 * that no bus handed to a listener (committed by another process when there is no Redis, or while
 * Redis was away) are read from the store and handed over, with a fresh readiness snapshot.
 * A listener may see an event twice (its own history read, the bus, the tail): subscriptions order
 * and de-duplicate by sequence number, as they must anyway.
 */
import type { Logger } from '../log.ts';
import type { EventSubscriber } from './bus.ts';
import type { EventRecord, Readiness } from './record.ts';

/** What the tail needs from the store (injected by the composition root). */
export interface EventSource {
  /** Newest committed event sequence number per stack. */
  latestSeqs(stackIds: readonly string[]): Promise<Map<string, number>>;
  /** Committed events of a stack after `after`, in order, at most `limit`. */
  eventsAfter(stackId: string, after: number, limit: number): Promise<EventRecord[]>;
  readiness(stackId: string): Promise<Readiness | null>;
}

interface EventListener {
  deliver: (event: EventRecord) => void;
  /** Where the listener stands by its own account (null while it reads its own history). */
  position: (() => number | null) | null;
  /** Highest sequence number handed to it by the bus or the tail. */
  handed: number;
  /** For listeners that give no position: set at the tail's first look. */
  primed: boolean;
}

interface Tracked {
  events: Set<EventListener>;
  readiness: Set<(readiness: Readiness) => void>;
  /** The event sequence number of the newest readiness handed to readiness listeners. */
  readinessSeq: number;
}

const PAGE = 500;

export class TailingSubscriber implements EventSubscriber {
  private readonly stacks = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  /** Events handed over by the tail (not by a bus): for metrics and tests. */
  tailed = 0;

  constructor(
    private readonly inner: EventSubscriber,
    private readonly source: EventSource,
    private readonly log: Logger,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.polling ??= this.poll().finally(() => (this.polling = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  /**
   * @param position where the listener stands (the last sequence number it has, or null while it
   *   reads its own history): the tail hands it what comes after, however its history read raced
   *   with the tail's looks.
   */
  onEvent(
    stackId: string,
    listener: (event: EventRecord) => void,
    position?: () => number | null,
  ): () => void {
    const tracked = this.track(stackId);
    const entry: EventListener = { deliver: listener, position: position ?? null, handed: 0, primed: false };
    tracked.events.add(entry);
    const off = this.inner.onEvent(stackId, (event) => {
      entry.handed = Math.max(entry.handed, event.seq);
      listener(event);
    });
    return () => {
      off();
      tracked.events.delete(entry);
      this.untrackIfIdle(stackId, tracked);
    };
  }

  onReadiness(stackId: string, listener: (readiness: Readiness) => void): () => void {
    const tracked = this.track(stackId);
    tracked.readiness.add(listener);
    const off = this.inner.onReadiness(stackId, (readiness) => {
      tracked.readinessSeq = Math.max(tracked.readinessSeq, readiness.eventSeq);
      listener(readiness);
    });
    return () => {
      off();
      tracked.readiness.delete(listener);
      this.untrackIfIdle(stackId, tracked);
    };
  }

  private track(stackId: string): Tracked {
    let tracked = this.stacks.get(stackId);
    if (!tracked) {
      tracked = { events: new Set(), readiness: new Set(), readinessSeq: 0 };
      this.stacks.set(stackId, tracked);
    }
    return tracked;
  }

  private untrackIfIdle(stackId: string, tracked: Tracked): void {
    if (tracked.events.size === 0 && tracked.readiness.size === 0 && this.stacks.get(stackId) === tracked)
      this.stacks.delete(stackId);
  }

  /** One look: compare the store's newest sequence numbers with what listeners have; hand over the rest. */
  async poll(): Promise<void> {
    if (this.stacks.size === 0) return;
    try {
      const latest = await this.source.latestSeqs([...this.stacks.keys()]);
      for (const [stackId, newest] of latest) {
        const tracked = this.stacks.get(stackId);
        if (tracked) await this.catchUp(stackId, tracked, newest);
      }
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'event tail: could not read the store; will retry');
    }
  }

  /** Where each listener needs events from (null: nothing to hand it now). */
  private startOf(listener: EventListener, newest: number): number | null {
    if (listener.position) {
      const position = listener.position();
      if (position === null) return null;
      return Math.max(position, listener.handed);
    }
    if (!listener.primed) {
      // It read its history from the store itself when it subscribed: from now on.
      listener.primed = true;
      listener.handed = Math.max(listener.handed, newest);
    }
    return listener.handed;
  }

  private async catchUp(stackId: string, tracked: Tracked, newest: number): Promise<void> {
    const behind = new Map<EventListener, number>();
    for (const listener of tracked.events) {
      const start = this.startOf(listener, newest);
      if (start !== null && start < newest) behind.set(listener, start);
    }
    let cursor = behind.size > 0 ? Math.min(...behind.values()) : newest;
    while (cursor < newest) {
      const events = await this.source.eventsAfter(stackId, cursor, PAGE);
      if (events.length === 0) break;
      for (const event of events) {
        cursor = event.seq;
        for (const [listener, start] of behind) {
          if (event.seq <= start || event.seq <= listener.handed) continue;
          listener.handed = event.seq;
          this.tailed++;
          listener.deliver(event);
        }
      }
    }
    if (tracked.readiness.size > 0 && tracked.readinessSeq < newest) {
      const readiness = await this.source.readiness(stackId);
      if (readiness) {
        // Read after `newest`, so it is at least that fresh: no second read until more is committed
        // (claims move the sequence without publishing readiness, which would otherwise mean a
        // read on every look while the stack converges).
        tracked.readinessSeq = Math.max(tracked.readinessSeq, readiness.eventSeq, newest);
        for (const listener of tracked.readiness) listener(readiness);
      }
    }
    if (behind.size > 0)
      this.log.trace({ stackId, seq: cursor }, 'event tail delivered events committed elsewhere');
  }
}
