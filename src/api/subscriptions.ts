import { AppError } from '../errors.ts';
import type { EventRecord } from '../events/record.ts';
import type { StoredEvent } from '../store/reads.ts';
import { AsyncQueue } from './async-queue.ts';
import type { ApiContext } from './context.ts';

const REPLAY_PAGE = 1000;

async function stackIdOf(ctx: ApiContext, name: string): Promise<{ id: string }> {
  const stack = await ctx.reads.stackByName(ctx.principal.tenant, name);
  if (!stack) throw new AppError('NOT_FOUND', `No stack named ${name}`, { name });
  return stack;
}

/**
 * Events of one stack, gap-free and without duplicates: live events are buffered from the moment
 * of subscribing, the history after `after` is replayed from Neo4j, then buffered and live events
 * follow. If a live event skips sequence numbers (an event committed by a process whose events
 * did not reach this one), the missing ones are read from Neo4j before it is delivered.
 */
export async function stackEventsSubscription(
  _: unknown,
  args: { name: string; after?: number | null },
  ctx: ApiContext,
): Promise<AsyncIterableIterator<StoredEvent>> {
  const { id } = await stackIdOf(ctx, args.name);
  let unsubscribe = () => {};
  const queue = new AsyncQueue<StoredEvent>(() => unsubscribe());
  const live: EventRecord[] = [];
  let replaying = true;
  let last = 0;
  let chain = Promise.resolve();

  const deliverUpTo = async (event: { seq: number } & Partial<StoredEvent>) => {
    if (event.seq <= last) return;
    if (event.seq > last + 1) {
      // Fill the gap from the store; events are committed before they are published.
      for (;;) {
        const missing = await ctx.reads.events(id, last, Math.min(REPLAY_PAGE, event.seq - last - 1));
        for (const m of missing) if (m.seq > last && m.seq < event.seq) emit(m);
        if (missing.length === 0 || last >= event.seq - 1) break;
      }
    }
    if (event.seq === last + 1) emit(toStored(event as EventRecord));
  };
  const emit = (event: StoredEvent) => {
    last = event.seq;
    queue.push(event);
  };

  unsubscribe = ctx.events.onEvent(
    id,
    (event) => {
      if (replaying) live.push(event);
      else chain = chain.then(() => deliverUpTo(event)).catch((error: Error) => queue.fail(error));
    },
    () => (replaying ? null : last),
  );

  try {
    if (args.after == null) {
      // Live only: start after the newest committed event.
      last = await ctx.reads.latestEventSeq(id);
    } else {
      if (!Number.isInteger(args.after) || args.after < 0) {
        throw new AppError('BAD_USER_INPUT', 'after must be a non-negative sequence number', {
          field: 'after',
        });
      }
      last = args.after;
      for (;;) {
        const batch = await ctx.reads.events(id, last, REPLAY_PAGE);
        for (const e of batch) emit(e);
        if (batch.length < REPLAY_PAGE) break;
      }
    }
    replaying = false;
    for (const event of live.splice(0)) chain = chain.then(() => deliverUpTo(event));
    await chain;
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return queue;
}

/** Published events carry every stored field; the traversal is the operation. */
function toStored({ traversal, ...e }: EventRecord): StoredEvent {
  return { ...e, operation: traversal };
}

/**
 * Current readiness first, then one update per committed change. Updates are ordered by the
 * stack's event sequence number: one that is older than what the client already has (the
 * snapshot may be read after a newer update arrived, and processes publish independently) is
 * dropped rather than sent backwards.
 */
export async function readinessSubscription(_: unknown, args: { name: string }, ctx: ApiContext) {
  const { id } = await stackIdOf(ctx, args.name);
  let unsubscribe = () => {};
  const queue = new AsyncQueue<{ ready: number; total: number; justReady: string[]; status: string }>(() =>
    unsubscribe(),
  );
  let newest = -1;
  const deliver = (
    seq: number,
    update: { ready: number; total: number; justReady: string[]; status: string },
  ) => {
    if (seq < newest) return;
    newest = seq;
    queue.push(update);
  };
  unsubscribe = ctx.events.onReadiness(id, (r) =>
    deliver(r.eventSeq, { ready: r.observedCount, total: r.total, justReady: r.justReady, status: r.status }),
  );
  const current = await ctx.reads.readiness(id);
  if (current)
    deliver(current.eventSeq, {
      ready: current.ready,
      total: current.total,
      status: current.status,
      justReady: [],
    });
  return queue;
}
