import { AppError } from '../errors.ts';
import type { EventRecord } from '../events/record.ts';
import type { StoredEvent } from '../store/reads.ts';
import { AsyncQueue } from './async-queue.ts';
import type { ApiContext } from './context.ts';

/** Events read from Neo4j per page when replaying or filling a gap. */
const REPLAY_PAGE = 200;
/** Live events held for one subscriber while it replays or reads slowly; beyond it the stream ends. */
const LIVE_BUFFER = 10_000;

/** How often a `nested: true` subscription looks for nested stacks created since (besides on events). */
const NESTED_DISCOVERY_MS = 1000;

/**
 * Subscription reads one tenant may have at once in this process: pages of stored events (replays
 * and gap fills, each held while delivered, see REPLAY_PAGE_HOLD_MS) and the subscribed stack's
 * and latest sequence number's reads. Without a bound, a thousand subscriptions replaying at once
 * queued a thousand page deliveries ahead of every other tenant's request, and their stack reads
 * filled Neo4j's connection pool (issue 16 §7: a victim's query waited 13-16 s). With it, a
 * tenant's subscriptions take turns, and another tenant's request waits behind at most this many
 * of them.
 */
export const REPLAY_PAGES_PER_TENANT = 4;

/**
 * A replay page keeps its tenant's turn until its events have been taken by the client, or for
 * this long at most: what one tenant holds in replay pages is bounded too (a thousand replays held
 * a page each: +210 MiB), and a client that stops reading frees the turn after this delay.
 */
export const REPLAY_PAGE_HOLD_MS = 1000;

/** Runs work a few at a time, in the order it asked, handing a finished turn to the next waiter. */
export class Turns {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(
    readonly limit: number,
    /** Called when nothing runs or waits any more (so an idle key can be forgotten). */
    private readonly onIdle: () => void = () => {},
  ) {}

  get active(): number {
    return this.running;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      this.free();
    }
  }

  /**
   * Like `run`, but the turn stays taken after the work, until `release` is called or `holdMs`
   * have passed, whichever comes first: for a page that is read and then delivered, so that what
   * a tenant holds in pages (not only what it reads) takes turns, while a reader that stops
   * reading cannot keep the turn from the others for longer than `holdMs`.
   */
  async hold<T>(work: () => Promise<T>, holdMs: number): Promise<{ value: T; release: () => void }> {
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      this.free();
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = await work();
      timer = setTimeout(release, holdMs);
      timer.unref();
      return { value, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Hands a finished turn to the next waiter, or counts it free. */
  private free(): void {
    const next = this.waiting.shift();
    if (next) next();
    else if (--this.running === 0) this.onIdle();
  }
}

const replayTurns = new Map<string, Turns>();

/** The turns of one tenant's stored-event reads in this process. */
function turnsOf(tenant: string): Turns {
  let turns = replayTurns.get(tenant);
  if (!turns) {
    const created = new Turns(REPLAY_PAGES_PER_TENANT, () => {
      if (replayTurns.get(tenant) === created) replayTurns.delete(tenant);
    });
    replayTurns.set(tenant, created);
    turns = created;
  }
  return turns;
}

/**
 * The subscribed stack. Like replay pages, this read takes the tenant's turn: a thousand
 * subscribes at once each read their stack, and without turns those reads filled Neo4j's
 * connection pool (800 statements in flight for 50 connections), so another tenant's query waited
 * 13 s for a connection (issue 16 §7).
 */
async function stackIdOf(ctx: ApiContext, name: string): Promise<{ id: string; tenant: string }> {
  const tenant = ctx.principal.tenant;
  const stack = await turnsOf(tenant).run(() => ctx.reads.stackByName(tenant, name));
  if (!stack) throw new AppError('NOT_FOUND', `No stack named ${name}`, { name });
  return stack;
}

/**
 * Events of one stack, gap-free and without duplicates. Live events are buffered (bounded) from
 * the moment of subscribing; the history after `after` is replayed from Neo4j one page at a time,
 * each page read only once the client has taken the previous one (the stream is pulled, so a slow
 * reader holds one page, not the whole history); then buffered and live events follow. If a live
 * event skips sequence numbers (an event committed by a process whose events did not reach this
 * one), the missing ones are read from Neo4j, page by page, before it is delivered.
 */
export async function stackEventsSubscription(
  _: unknown,
  args: { name: string; after?: number | null; nested?: boolean | null },
  ctx: ApiContext,
): Promise<AsyncIterableIterator<StoredEvent>> {
  const top = await stackIdOf(ctx, args.name);
  if (args.after != null && (!Number.isInteger(args.after) || args.after < 0)) {
    throw new AppError('BAD_USER_INPUT', 'after must be a non-negative sequence number', {
      field: 'after',
    });
  }
  if (!args.nested) return oneStackEvents(ctx, top.id, args.after ?? null);
  const replayNested = args.after != null;
  return mergeNested<StoredEvent>(ctx, top, {
    follow: (id, found) =>
      oneStackEvents(ctx, id, id === top.id ? (args.after ?? null) : found ? 0 : replayNested ? 0 : null),
    wantsDiscovery: (e) => e.type === 'RESOURCE',
    merge: (_id, e) => e,
  });
}

/**
 * One stream out of the streams of a stack and of its nested stacks (every level, the same tenant's
 * only). The nested stacks present at subscription time are followed from the start; those created
 * later are found again on every event that may announce one (`wantsDiscovery`) and, at the latest,
 * every NESTED_DISCOVERY_MS, and followed from their beginning (`found: true`), so none of their
 * events is missed. Each stack's stream stays ordered and gap-free; streams are interleaved as
 * their items arrive.
 */
async function mergeNested<T, I = T>(
  ctx: ApiContext,
  top: { id: string; tenant: string },
  how: {
    follow: (id: string, foundLater: boolean) => Promise<AsyncIterableIterator<I>>;
    wantsDiscovery: (item: I) => boolean;
    merge: (id: string, item: I) => T | null;
    /**
     * The top stack's item that ends its operation: before it is merged, every nested stack is
     * found and `refresh`ed (its current value merged), so the last merged value is complete even
     * when a nested stack was created and finished between two discoveries.
     */
    final?: (item: I) => boolean;
    refresh?: (id: string) => Promise<I | null>;
  },
): Promise<AsyncIterableIterator<T>> {
  const streams = new Map<string, AsyncIterableIterator<I> | null>();
  let closed = false;
  const close = () => {
    closed = true;
    clearInterval(timer);
    for (const s of streams.values()) void s?.return?.();
  };
  const merged = new AsyncQueue<T>(close, LIVE_BUFFER);

  async function follow(id: string, foundLater: boolean): Promise<void> {
    if (streams.has(id) || closed) return;
    streams.set(id, null);
    const stream = await how.follow(id, foundLater);
    if (closed) {
      await stream.return?.();
      return;
    }
    streams.set(id, stream);
    void (async () => {
      try {
        for await (const item of stream) {
          if (id === top.id && how.final?.(item)) await settleNested();
          const out = how.merge(id, item);
          if (out !== null) merged.push(out);
          if (how.wantsDiscovery(item)) discover();
        }
      } catch (error) {
        merged.fail(error instanceof Error ? error : new Error(String(error)));
      }
    })();
  }

  async function settleNested(): Promise<void> {
    await findNested(true);
    if (!how.refresh) return;
    for (const id of [...streams.keys()]) {
      if (id === top.id || closed) continue;
      const current = await how.refresh(id);
      if (current !== null) how.merge(id, current);
    }
  }

  /** Follows every nested stack not followed yet, all levels down. */
  async function findNested(foundLater: boolean): Promise<void> {
    let level = [...streams.keys()];
    while (level.length > 0 && !closed) {
      const children = [...(await ctx.reads.nestedStacks(level)).values()]
        .flat()
        .filter((c) => c.tenant === top.tenant && !streams.has(c.id));
      for (const c of children) await follow(c.id, foundLater);
      level = children.map((c) => c.id);
    }
  }

  // Discoveries are coalesced: one query at a time, one more if asked for meanwhile.
  let running: Promise<void> | null = null;
  let again = false;
  function discover(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = findNested(true)
      .catch((error: unknown) => merged.fail(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          discover();
        }
      });
  }

  const timer = setInterval(discover, NESTED_DISCOVERY_MS);
  timer.unref();
  try {
    await follow(top.id, false);
    await findNested(false);
  } catch (error) {
    await merged.return();
    throw error;
  }
  return merged;
}

/** The events of one stack (see stackEventsSubscription). */
async function oneStackEvents(
  ctx: ApiContext,
  id: string,
  after: number | null,
): Promise<AsyncIterableIterator<StoredEvent>> {
  let unsubscribe = () => {};
  const live = new AsyncQueue<EventRecord>(() => unsubscribe(), LIVE_BUFFER);
  let last = 0;
  let known = false;
  /** True until the history after `after` has been replayed from the store. */
  let replaying = true;
  // The position tells a store-tailing subscriber where this stream stands: null until known and
  // while the history is replayed (the replay reads those events itself; handing them over too
  // would queue the whole history a second time in every replaying subscriber's live buffer).
  unsubscribe = ctx.events.onEvent(
    id,
    (event) => live.push(event),
    () => (known && !replaying ? last : null),
  );
  try {
    last = after ?? (await turnsOf(ctx.principal.tenant).run(() => ctx.reads.latestEventSeq(id)));
    known = true;
  } catch (error) {
    await live.return();
    throw error;
  }

  /** Stored events after `last` up to (excluding) `before`, a page at a time. */
  async function* stored(before: number): AsyncGenerator<StoredEvent> {
    for (;;) {
      const want = Math.min(REPLAY_PAGE, before - last - 1);
      if (want <= 0) return;
      const from = last;
      // The turn covers the page's delivery too (see REPLAY_PAGE_HOLD_MS).
      const { value: page, release } = await turnsOf(ctx.principal.tenant).hold(
        () => ctx.reads.events(id, from, want),
        REPLAY_PAGE_HOLD_MS,
      );
      try {
        for (const e of page) {
          if (e.seq <= last || e.seq >= before) continue;
          last = e.seq;
          yield e;
        }
      } finally {
        release();
      }
      if (page.length < want) return;
    }
  }

  async function* stream(): AsyncGenerator<StoredEvent> {
    yield* stored(Number.MAX_SAFE_INTEGER);
    replaying = false;
    for await (const event of live) {
      if (event.seq <= last) continue;
      // Fill a gap from the store; events are committed before they are published.
      if (event.seq > last + 1) yield* stored(event.seq);
      if (event.seq === last + 1) {
        last = event.seq;
        yield toStored(event);
      }
    }
  }

  const generator = stream();
  const iterator: AsyncIterableIterator<StoredEvent> = {
    next: () => generator.next(),
    // Ending the live queue first ends a generator waiting on it (a never-started one ends at once).
    return: async () => {
      await live.return();
      return generator.return(undefined);
    },
    throw: async (error?: unknown) => {
      await live.return();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** Published events carry every stored field; the traversal is the operation. */
function toStored({ traversal, ...e }: EventRecord): StoredEvent {
  return { ...e, operation: traversal };
}

/**
 * Current readiness first, then one update per committed change. Updates are ordered by the
 * stack's event sequence number: one older than what the client already has (published while the
 * current counts were read, or by processes publishing independently) is dropped rather than sent
 * backwards.
 */
type Update = { ready: number; total: number; justReady: string[]; status: string };
/** An update with the stack's event sequence it reflects (the merge drops ones older than it has). */
type Sequenced = Update & { seq: number };

export async function readinessSubscription(
  _: unknown,
  args: { name: string; nested?: boolean | null },
  ctx: ApiContext,
): Promise<AsyncIterableIterator<Update>> {
  const top = await stackIdOf(ctx, args.name);
  if (!args.nested) return oneStackReadiness(ctx, top.id);
  // The sum over the stack and its nested stacks; the status is the top stack's.
  const latest = new Map<string, Sequenced>();
  const names = new Map<string, string>();
  return mergeNested<Update, Sequenced>(ctx, top, {
    follow: async (id) => {
      if (id !== top.id) names.set(id, (await ctx.reads.stacksByIds([id])).get(id)?.name ?? id);
      return oneStackReadiness(ctx, id);
    },
    wantsDiscovery: (u) => u.justReady.length > 0 || u.status.endsWith('IN_PROGRESS'),
    final: (u) => !u.status.endsWith('IN_PROGRESS'),
    refresh: async (id) => {
      const current = await ctx.reads.readiness(id);
      return current
        ? {
            ready: current.ready,
            total: current.total,
            status: current.status,
            justReady: [],
            seq: current.eventSeq,
          }
        : null;
    },
    merge: (id, update) => {
      // A refreshed value may be newer than updates still queued on that stack's stream.
      if (update.seq < (latest.get(id)?.seq ?? -1)) return null;
      latest.set(id, update);
      const all = [...latest.values()];
      const prefix = id === top.id ? '' : `${names.get(id)}/`;
      return {
        ready: all.reduce((n, u) => n + u.ready, 0),
        total: all.reduce((n, u) => n + u.total, 0),
        justReady: update.justReady.map((r) => prefix + r),
        status: latest.get(top.id)?.status ?? update.status,
      };
    },
  });
}

/** Readiness of one stack (see readinessSubscription). */
async function oneStackReadiness(ctx: ApiContext, id: string): Promise<AsyncIterableIterator<Sequenced>> {
  let unsubscribe = () => {};
  const queue = new AsyncQueue<Sequenced>(() => unsubscribe(), LIVE_BUFFER);
  let newest = -1;
  const deliver = (seq: number, update: Update) => {
    if (seq < newest) return;
    newest = seq;
    queue.push({ ...update, seq });
  };
  // Updates published while the current counts are read wait, so the first value is the current one.
  let early: Array<{ seq: number; update: Update }> | null = [];
  unsubscribe = ctx.events.onReadiness(id, (r) => {
    const update = { ready: r.observedCount, total: r.total, justReady: r.justReady, status: r.status };
    if (early) early.push({ seq: r.eventSeq, update });
    else deliver(r.eventSeq, update);
  });
  try {
    const current = await ctx.reads.readiness(id);
    if (current)
      deliver(current.eventSeq, {
        ready: current.ready,
        total: current.total,
        status: current.status,
        justReady: [],
      });
    for (const { seq, update } of early) deliver(seq, update);
    early = null;
  } catch (error) {
    await queue.return();
    throw error;
  }
  return queue;
}
