import { AppError } from '../errors.ts';
import type { EventRecord } from '../events/record.ts';
import type { StoredEvent } from '../store/reads.ts';
import { AsyncQueue } from './async-queue.ts';
import type { ApiContext } from './context.ts';

/** Events read from Neo4j per page when replaying or filling a gap. */
const REPLAY_PAGE = 200;
/** Live events held for one subscriber while it replays or reads slowly; beyond it the stream ends. */
const LIVE_BUFFER = 10_000;

async function stackIdOf(ctx: ApiContext, name: string): Promise<{ id: string }> {
  const stack = await ctx.reads.stackByName(ctx.principal.tenant, name);
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
  args: { name: string; after?: number | null },
  ctx: ApiContext,
): Promise<AsyncIterableIterator<StoredEvent>> {
  const { id } = await stackIdOf(ctx, args.name);
  if (args.after != null && (!Number.isInteger(args.after) || args.after < 0)) {
    throw new AppError('BAD_USER_INPUT', 'after must be a non-negative sequence number', {
      field: 'after',
    });
  }
  let unsubscribe = () => {};
  const live = new AsyncQueue<EventRecord>(() => unsubscribe(), LIVE_BUFFER);
  let last = 0;
  let known = false;
  // The position tells a store-tailing subscriber where this stream stands (null until known).
  unsubscribe = ctx.events.onEvent(
    id,
    (event) => live.push(event),
    () => (known ? last : null),
  );
  try {
    last = args.after ?? (await ctx.reads.latestEventSeq(id));
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
      const page = await ctx.reads.events(id, last, want);
      for (const e of page) {
        if (e.seq <= last || e.seq >= before) continue;
        last = e.seq;
        yield e;
      }
      if (page.length < want) return;
    }
  }

  async function* stream(): AsyncGenerator<StoredEvent> {
    yield* stored(Number.MAX_SAFE_INTEGER);
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
export async function readinessSubscription(_: unknown, args: { name: string }, ctx: ApiContext) {
  const { id } = await stackIdOf(ctx, args.name);
  type Update = { ready: number; total: number; justReady: string[]; status: string };
  let unsubscribe = () => {};
  const queue = new AsyncQueue<Update>(() => unsubscribe(), LIVE_BUFFER);
  let newest = -1;
  const deliver = (seq: number, update: Update) => {
    if (seq < newest) return;
    newest = seq;
    queue.push(update);
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
