/**
 * Neo4j is the record of events; buses only make them arrive sooner. `TailingSubscriber` wraps
 * this process's bus and, for the stacks that have listeners here, asks the store every
 * `intervalMs` for the newest committed sequence number (one statement for all of them). Events
 * that no bus delivered (committed by another process when there is no Redis, or while Redis was
 * away) are read from the store and handed to the listeners, with a fresh readiness snapshot.
 * Listeners may therefore see an event twice (bus and tail): subscriptions order and de-duplicate
 * by sequence number, as they must anyway.
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

interface Tracked {
  events: Set<(event: EventRecord) => void>;
  /** Where listeners that said so stand (the last sequence number each has). */
  positions: Set<() => number | null>;
  readiness: Set<(readiness: Readiness) => void>;
  /** Highest sequence number this process has seen for the stack (bus or tail). */
  seen: number;
  /** Not known until the first poll: then everything up to the current newest counts as seen. */
  primed: boolean;
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
   *   reads its own history): the tail catches it up from there, however its history read raced
   *   with the tail's polls.
   */
  onEvent(
    stackId: string,
    listener: (event: EventRecord) => void,
    position?: () => number | null,
  ): () => void {
    const tracked = this.track(stackId);
    const relay = (event: EventRecord) => {
      tracked.seen = Math.max(tracked.seen, event.seq);
      listener(event);
    };
    tracked.events.add(listener);
    if (position) tracked.positions.add(position);
    const off = this.inner.onEvent(stackId, relay);
    return () => {
      off();
      tracked.events.delete(listener);
      if (position) tracked.positions.delete(position);
      this.untrackIfIdle(stackId, tracked);
    };
  }

  onReadiness(stackId: string, listener: (readiness: Readiness) => void): () => void {
    const tracked = this.track(stackId);
    tracked.readiness.add(listener);
    const off = this.inner.onReadiness(stackId, listener);
    return () => {
      off();
      tracked.readiness.delete(listener);
      this.untrackIfIdle(stackId, tracked);
    };
  }

  private track(stackId: string): Tracked {
    let tracked = this.stacks.get(stackId);
    if (!tracked) {
      tracked = { events: new Set(), positions: new Set(), readiness: new Set(), seen: 0, primed: false };
      this.stacks.set(stackId, tracked);
    }
    return tracked;
  }

  private untrackIfIdle(stackId: string, tracked: Tracked): void {
    if (tracked.events.size === 0 && tracked.readiness.size === 0 && this.stacks.get(stackId) === tracked)
      this.stacks.delete(stackId);
  }

  /** One round: compare the store's newest sequence numbers with what was seen; hand over the rest. */
  async poll(): Promise<void> {
    if (this.stacks.size === 0) return;
    try {
      const latest = await this.source.latestSeqs([...this.stacks.keys()]);
      for (const [stackId, newest] of latest) {
        const tracked = this.stacks.get(stackId);
        if (!tracked) continue;
        // Listeners that say where they stand are caught up from the slowest of them; the others
        // got their history from the store themselves, so the tail starts from its first look.
        let from: number;
        if (tracked.positions.size > 0) {
          const known = [...tracked.positions].map((position) => position()).filter((p) => p !== null);
          // A listener still reading its own history says null: it will be caught up afterwards.
          if (known.length === 0) continue;
          from = Math.min(...known);
        } else if (!tracked.primed) {
          tracked.primed = true;
          tracked.seen = Math.max(tracked.seen, newest);
          continue;
        } else {
          from = tracked.seen;
        }
        if (newest <= from) continue;
        await this.catchUp(stackId, tracked, from, newest);
      }
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'event tail: could not read the store; will retry');
    }
  }

  private async catchUp(stackId: string, tracked: Tracked, from: number, newest: number): Promise<void> {
    let cursor = from;
    while (cursor < newest) {
      const events = await this.source.eventsAfter(stackId, cursor, PAGE);
      if (events.length === 0) break;
      for (const event of events) {
        cursor = event.seq;
        tracked.seen = Math.max(tracked.seen, event.seq);
        this.tailed++;
        for (const listener of tracked.events) listener(event);
      }
    }
    if (tracked.readiness.size > 0) {
      const readiness = await this.source.readiness(stackId);
      if (readiness) for (const listener of tracked.readiness) listener(readiness);
    }
    this.log.trace({ stackId, seq: tracked.seen }, 'event tail delivered events committed elsewhere');
  }
}
