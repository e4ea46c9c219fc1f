// Long on purpose: one class; most of it is the reconnect, buffering and re-subscription handling its doc comment explains.
import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../log.ts';
import { LocalEventBus, type EventPublisher, type EventSubscriber } from './bus.ts';
import { eventRecordSchema, readinessSchema, type EventRecord, type Readiness } from './record.ts';

export interface RedisEventBusOptions {
  /** Prepended to every channel name, so several deployments can share one Redis. Default `convergence:`. */
  channelPrefix?: string;
  /** Messages published while Redis is unreachable are kept this long for sending after reconnecting (ms). Default 10 s. */
  bufferMs?: number;
  /** The clock that ages kept messages (tests pass their own). Default `Date.now`. */
  now?: () => number;
  /** Upper bound on the size of those kept messages (bytes of JSON); the oldest are dropped first. Default 16 MiB. */
  bufferBytes?: number;
  /** `start()` fails when Redis does not answer within this time (ms). Default 10 s. */
  connectTimeoutMs?: number;
}

/**
 * Wire format. One message per commit batch per stack (split into chunks of at most
 * MAX_EVENTS_PER_MESSAGE events), JSON, on `<prefix>events:<stackId>`; readiness on
 * `<prefix>readiness:<stackId>`. `origin` identifies the sending bus so that it can ignore its own
 * messages (it has already delivered them locally). `v` lets a future format coexist with this one
 * during a rolling upgrade: messages of an unknown version are dropped with a warning.
 */
interface EventsMessage {
  v: 1;
  origin: string;
  events: EventRecord[];
}
interface ReadinessMessage {
  v: 1;
  origin: string;
  readiness: Readiness;
}

const MAX_EVENTS_PER_MESSAGE = 1000;

const eventsMessage: z.ZodType<EventsMessage> = z.object({
  v: z.literal(1),
  origin: z.string(),
  events: z.array(eventRecordSchema),
});
const readinessMessage: z.ZodType<ReadinessMessage> = z.object({
  v: z.literal(1),
  origin: z.string(),
  readiness: readinessSchema,
});

interface Connections {
  publisher: Redis;
  subscriber: Redis;
}

interface Pending {
  channel: string;
  payload: string;
  at: number;
}

/**
 * Relays committed events and readiness updates between service processes over Redis pub/sub, so
 * that a client subscribed on one process sees what workers in another process did. Without Redis
 * (REDIS_URL unset) the service uses a LocalEventBus alone; this class wraps one as its local end.
 *
 * Channels: publishing goes to one channel per stack, `<prefix>events:<stackId>` (and
 * `<prefix>readiness:<stackId>`); every bus subscribes once, in `start()`, to the patterns
 * `<prefix>events:*` and `<prefix>readiness:*`. A message for a stack without local listeners is
 * discarded after one map lookup on its channel name, before it is parsed. Subscribing once, up
 * front, rather than per stack when its first listener appears, avoids a race: `onEvent` is
 * synchronous, a per-stack SUBSCRIBE would take effect a round trip later, and an event published
 * in between would be lost with nothing after it to reveal the gap (e.g. the stack's final
 * event). The price is that every process receives every message; events are small and the
 * number of API processes is modest. If that ever matters, per-stack SUBSCRIBE can replace the
 * patterns without changing the publishing side.
 *
 * Delivery and ordering: `publish` delivers to local listeners directly (synchronously, as the
 * LocalEventBus did) and sends the batch to Redis; a bus ignores the messages it sent itself, so
 * a local listener gets each event exactly once and in the order the engine published it. All
 * messages of one bus go through one publisher connection in call order, and Redis delivers the
 * messages of a connection in order to each subscriber, so a remote listener receives one
 * process's events of a stack in order too. Events of one stack committed by different processes
 * may arrive in either order, as they could before: subscriptions order them by sequence number.
 *
 * Failures (Redis restarted, unreachable, or a connection dropped): `publish` never throws into
 * the engine. Local delivery does not depend on Redis at all. Messages that cannot be sent because
 * the publisher connection is down are kept in order, for at most `bufferMs` and `bufferBytes`,
 * and sent when it is back; beyond that they are dropped with a warning (one warning per outage,
 * and a summary of what was flushed or dropped when the connection returns). ioredis reconnects
 * both connections on its own; the bus re-subscribes the patterns each time the subscriber
 * connection is back, and logs it as restored only once Redis has confirmed the subscription
 * (ioredis's own 'ready' comes earlier, before any message can arrive). Messages sent by other processes
 * while this process's subscriber connection was down are lost (Redis pub/sub keeps nothing), as
 * are dropped ones. This is safe because Neo4j, not Redis, is the record: events are committed
 * before they are published, and a subscription that receives an event whose sequence number
 * skips ahead reads the missing events from Neo4j before delivering it (see
 * api/subscriptions.ts), so the stream is complete again as soon as the next event of the stack
 * arrives. Readiness updates are snapshots (counts, not deltas), so a lost one is superseded by
 * the next. `start()` itself fails if Redis cannot be reached, so a wrong REDIS_URL stops the
 * service at start-up instead of leaving it silently isolated.
 *
 * Before `start()` and after `stop()` the bus is purely local.
 */
export class RedisEventBus implements EventPublisher, EventSubscriber {
  private readonly local = new LocalEventBus();
  private readonly origin = randomUUID();
  private readonly prefix: string;
  private readonly eventsChannel: string;
  private readonly readinessChannel: string;
  private readonly bufferMs: number;
  private readonly now: () => number;
  private readonly bufferBytes: number;
  private readonly connectTimeoutMs: number;
  /** Local listeners per stack: messages for other stacks are not even parsed. */
  private readonly eventListeners = new Map<string, number>();
  private readonly readinessListeners = new Map<string, number>();
  private connections: Connections | null = null;
  private backlog: Pending[] = [];
  private backlogBytes = 0;
  private droppedWhileDown = 0;
  /** Connections currently known to be down (by role), to warn once per outage. */
  private readonly down = new Set<'publisher' | 'subscriber'>();
  private warnedBadMessage = false;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    options: RedisEventBusOptions = {},
  ) {
    this.prefix = options.channelPrefix ?? 'convergence:';
    this.eventsChannel = `${this.prefix}events:`;
    this.readinessChannel = `${this.prefix}readiness:`;
    this.bufferMs = options.bufferMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.bufferBytes = options.bufferBytes ?? 16 * 1024 * 1024;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  /** Connects the publisher and subscriber connections; resolves once subscribed. Rejects if Redis cannot be reached. */
  async start(): Promise<void> {
    if (this.connections) return;
    const common: RedisOptions = {
      lazyConnect: true,
      connectTimeout: this.connectTimeoutMs,
      // Keep trying forever, at most every 2 s: a Redis restart must not need a service restart.
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    };
    const publisher = new Redis(this.url, {
      ...common,
      connectionName: 'convergence-events-pub',
      // Never queue inside ioredis (unbounded): while down, `send` keeps a bounded backlog itself.
      enableOfflineQueue: false,
      // A PUBLISH whose reply was lost with the connection may or may not have been delivered;
      // resending could duplicate and reorder, so it is dropped (subscribers recover from Neo4j).
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
    });
    const subscriber = new Redis(this.url, {
      ...common,
      connectionName: 'convergence-events-sub',
      // Re-subscribed by `watch` instead: ioredis announces 'ready' before its own re-subscription
      // has even been sent, so "restored" could be logged while messages were still being missed.
      autoResubscribe: false,
      maxRetriesPerRequest: null,
    });
    const lastError: { error: Error | null } = { error: null };
    const starting = (error: Error) => (lastError.error = error);
    publisher.on('error', starting);
    subscriber.on('error', starting);
    try {
      await withTimeout(
        (async () => {
          await Promise.all([publisher.connect(), subscriber.connect()]);
          await subscriber.psubscribe(...this.patterns());
        })(),
        this.connectTimeoutMs,
      );
    } catch (error) {
      // The error listeners stay: ioredis may still report the failed attempt after disconnecting.
      publisher.disconnect();
      subscriber.disconnect();
      const reason = (lastError.error ?? (error as Error)).message;
      throw new Error(`Redis at ${redact(this.url)} is unreachable (REDIS_URL): ${reason}`, { cause: error });
    }
    publisher.off('error', starting);
    subscriber.off('error', starting);
    this.watch(publisher, 'publisher');
    this.watch(subscriber, 'subscriber');
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) =>
      this.received(channel, message),
    );
    publisher.on('ready', () => this.flush());
    this.down.clear();
    this.connections = { publisher, subscriber };
    this.log.info({ redis: redact(this.url), channelPrefix: this.prefix }, 'event bus connected to Redis');
  }

  /** Closes both connections; the bus keeps working for local listeners. Unsent messages are dropped. */
  async stop(): Promise<void> {
    const connections = this.connections;
    if (!connections) return;
    this.connections = null;
    if (this.backlog.length > 0) {
      this.log.warn(
        { dropped: this.backlog.length },
        'event bus stopped with unsent events; they are dropped',
      );
    }
    this.backlog = [];
    this.backlogBytes = 0;
    this.droppedWhileDown = 0;
    await Promise.all([close(connections.publisher), close(connections.subscriber)]);
  }

  publish(events: readonly EventRecord[]): void {
    if (events.length === 0) return;
    if (this.connections) {
      try {
        const byStack = new Map<string, EventRecord[]>();
        for (const e of events) {
          const list = byStack.get(e.stackId);
          if (list) list.push(e);
          else byStack.set(e.stackId, [e]);
        }
        for (const [stackId, list] of byStack) {
          for (let i = 0; i < list.length; i += MAX_EVENTS_PER_MESSAGE) {
            const message: EventsMessage = {
              v: 1,
              origin: this.origin,
              events: list.slice(i, i + MAX_EVENTS_PER_MESSAGE),
            };
            this.send(this.eventsChannel + stackId, JSON.stringify(message));
          }
        }
      } catch (error) {
        this.log.warn(
          { err: error },
          'could not send events to Redis; other processes recover them from Neo4j',
        );
      }
    }
    // Local listeners directly, never through Redis: exactly once, in order, even while Redis is down.
    this.local.publish(events);
  }

  publishReadiness(readiness: Readiness): void {
    if (this.connections) {
      try {
        const message: ReadinessMessage = { v: 1, origin: this.origin, readiness };
        this.send(this.readinessChannel + readiness.stackId, JSON.stringify(message));
      } catch (error) {
        this.log.warn({ err: error }, 'could not send readiness to Redis');
      }
    }
    this.local.publishReadiness(readiness);
  }

  onEvent(stackId: string, listener: (event: EventRecord) => void): () => void {
    return counted(this.eventListeners, stackId, this.local.onEvent(stackId, listener));
  }

  onReadiness(stackId: string, listener: (readiness: Readiness) => void): () => void {
    return counted(this.readinessListeners, stackId, this.local.onReadiness(stackId, listener));
  }

  private send(channel: string, payload: string): void {
    const publisher = this.connections?.publisher;
    if (!publisher) return;
    if (publisher.status === 'ready' && this.backlog.length === 0) {
      publisher.publish(channel, payload).catch((error: unknown) => this.sendFailed(error));
      return;
    }
    // Down (or still flushing): keep it, bounded, to send in order when the connection is back.
    this.backlog.push({ channel, payload, at: this.now() });
    this.backlogBytes += payload.length;
    this.trimBacklog();
  }

  private trimBacklog(): void {
    const oldest = this.now() - this.bufferMs;
    let drop = 0;
    let bytes = this.backlogBytes;
    while (drop < this.backlog.length && (this.backlog[drop]!.at < oldest || bytes > this.bufferBytes)) {
      bytes -= this.backlog[drop]!.payload.length;
      drop++;
    }
    if (drop === 0) return;
    this.backlog.splice(0, drop);
    this.backlogBytes = bytes;
    this.droppedWhileDown += drop;
  }

  /** The publisher connection is ready again: send what was kept, in order, before anything newer. */
  private flush(): void {
    const publisher = this.connections?.publisher;
    if (!publisher) return;
    this.trimBacklog();
    const pending = this.backlog;
    const dropped = this.droppedWhileDown;
    this.backlog = [];
    this.backlogBytes = 0;
    this.droppedWhileDown = 0;
    for (const p of pending) {
      publisher.publish(p.channel, p.payload).catch((error: unknown) => this.sendFailed(error));
    }
    if (pending.length > 0 || dropped > 0) {
      const details = { sent: pending.length, dropped };
      if (dropped > 0)
        this.log.warn(
          details,
          'Redis is back: sent the messages kept while it was unreachable, dropped the oldest (subscribers recover them from Neo4j)',
        );
      else this.log.info(details, 'Redis is back: sent the messages kept while it was unreachable');
    }
  }

  private sendFailed(error: unknown): void {
    if (this.down.has('publisher')) return; // already warned for this outage
    this.log.warn(
      { err: (error as Error)?.message ?? String(error) },
      'could not publish to Redis; other processes recover missed events from Neo4j',
    );
  }

  private patterns(): [string, string] {
    return [`${globEscape(this.eventsChannel)}*`, `${globEscape(this.readinessChannel)}*`];
  }

  private watch(connection: Redis, role: 'publisher' | 'subscriber'): void {
    const lost = (error?: Error) => {
      if (!this.connections || this.down.has(role)) return;
      this.down.add(role);
      this.log.warn(
        { role, err: error?.message },
        role === 'publisher'
          ? 'Redis connection lost: events for other processes are kept briefly and sent on reconnect'
          : 'Redis connection lost: events from other processes are missed until it is back; subscribers recover them from Neo4j with the next event',
      );
    };
    connection.on('error', (error: Error) => lost(error));
    connection.on('close', () => lost());
    const restored = () => {
      if (!this.down.delete(role)) return;
      this.log.info({ role }, 'Redis connection restored');
    };
    connection.on('ready', () => {
      if (role === 'publisher') return restored();
      // A reconnected subscriber receives nothing until it has subscribed again; it counts as
      // restored only once Redis has confirmed that. If the connection drops again first, the
      // next 'ready' tries again.
      connection.psubscribe(...this.patterns()).then(restored, () => {});
    });
  }

  private received(channel: string, message: string): void {
    try {
      if (channel.startsWith(this.eventsChannel)) {
        const stackId = channel.slice(this.eventsChannel.length);
        if (!this.eventListeners.has(stackId)) return;
        const parsed = eventsMessage.safeParse(JSON.parse(message));
        if (!parsed.success) return this.badMessage(channel, parsed.error.message);
        if (parsed.data.origin === this.origin) return;
        const events = parsed.data.events.filter((e) => e.stackId === stackId);
        if (events.length === 0) return;
        if (this.log.isLevelEnabled('trace')) {
          this.log.trace(
            { stackId, count: events.length, seqs: events.map((e) => e.seq) },
            'events received from another process',
          );
        }
        this.local.publish(events);
      } else if (channel.startsWith(this.readinessChannel)) {
        const stackId = channel.slice(this.readinessChannel.length);
        if (!this.readinessListeners.has(stackId)) return;
        const parsed = readinessMessage.safeParse(JSON.parse(message));
        if (!parsed.success) return this.badMessage(channel, parsed.error.message);
        if (parsed.data.origin === this.origin || parsed.data.readiness.stackId !== stackId) return;
        this.local.publishReadiness(parsed.data.readiness);
      }
    } catch (error) {
      // Bad JSON, or a local listener threw: never let it escape into ioredis's reply parser.
      this.log.error({ err: error, channel }, 'could not deliver a message from Redis');
    }
  }

  private badMessage(channel: string, problem: string): void {
    if (this.warnedBadMessage) return;
    this.warnedBadMessage = true;
    this.log.warn(
      { channel, problem },
      'ignoring malformed event messages from Redis (another version of the service?)',
    );
  }
}

function counted(counts: Map<string, number>, key: string, unsubscribe: () => void): () => void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    unsubscribe();
    const n = (counts.get(key) ?? 1) - 1;
    if (n <= 0) counts.delete(key);
    else counts.set(key, n);
  };
}

/** Escapes glob characters, so a channel prefix matches only itself in PSUBSCRIBE. */
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

/** The URL without its password, for logs and errors. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function close(connection: Redis): Promise<void> {
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  try {
    await withTimeout(connection.quit(), 2000);
  } catch {
    connection.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
