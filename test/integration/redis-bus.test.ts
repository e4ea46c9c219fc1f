import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Readiness } from '../../src/events/record.ts';
import type { EventRecord } from '../../src/events/record.ts';
import { RedisEventBus } from '../../src/events/redis-bus.ts';
import { createLogger, type Logger } from '../../src/log.ts';

/**
 * Two RedisEventBus instances stand for two service processes. They use the real Redis (the
 * machine's, or TEST_REDIS_URL) on a channel prefix of their own, so parallel runs never meet.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = createLogger('silent');
const buses: RedisEventBus[] = [];
let prefix = '';

beforeAll(async () => {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  let lastError: Error | null = null;
  probe.on('error', (error: Error) => (lastError = error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new Error(
      `These tests need a running Redis at ${REDIS_URL} (start one with \`redis-server\`, or set TEST_REDIS_URL): ${(lastError ?? (error as Error)).message}`,
      { cause: error },
    );
  } finally {
    probe.disconnect();
  }
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.stop()));
});

function bus(
  options: { url?: string; log?: Logger; bufferMs?: number; now?: () => number } = {},
): RedisEventBus {
  const b = new RedisEventBus(options.url ?? REDIS_URL, options.log ?? silent, {
    channelPrefix: prefix,
    ...(options.bufferMs !== undefined ? { bufferMs: options.bufferMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  buses.push(b);
  return b;
}

function freshPrefix() {
  prefix = `test-${randomUUID().slice(0, 8)}:`;
}

function event(stackId: string, seq: number, extra: Partial<EventRecord> = {}): EventRecord {
  return {
    stackId,
    seq,
    at: 1_700_000_000_000 + seq,
    type: 'RESOURCE',
    status: 'CREATE_COMPLETE',
    reason: `state changed ${seq}`,
    resourceId: `res-${seq}`,
    resourceName: `r${seq}`,
    observedReady: seq % 2 === 0,
    physicalResourceId: seq % 3 === 0 ? null : `phys-${seq}`,
    version: 2,
    traversal: 'trav-1',
    ...extra,
  };
}

/** Collects what a bus delivers locally for one stack. */
function record(b: RedisEventBus, stackId: string) {
  const events: EventRecord[] = [];
  const readiness: Readiness[] = [];
  const offEvents = b.onEvent(stackId, (e) => events.push(e));
  const offReadiness = b.onReadiness(stackId, (r) => readiness.push(r));
  return {
    events,
    readiness,
    seqs: () => events.map((e) => e.seq),
    off() {
      offEvents();
      offReadiness();
    },
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * Everything `from` sent before this call has reached `to` once it returns: Redis delivers the
 * messages to a subscriber in the order it processed the PUBLISH commands, so a marker published
 * afterwards (on a stack of its own) arrives after them. Used to prove that something did *not*
 * arrive (an echo, a message sent while stopped).
 */
async function barrier(from: RedisEventBus, to: RedisEventBus): Promise<void> {
  const marker = `barrier-${randomUUID()}`;
  const seen = record(to, marker);
  from.publish([event(marker, 1)]);
  await until(() => seen.events.length === 1, 'the barrier marker');
  seen.off();
}

/** A TCP proxy in front of Redis that can be taken down and brought back, as a Redis restart looks to a client. */
class FlakyProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  /** `latencyMs` delays what clients send to Redis, as a distant or busy Redis would. */
  constructor(private readonly latencyMs = 0) {}

  async up(): Promise<void> {
    if (this.server) return;
    const target = new URL(REDIS_URL);
    const server = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      upstream.pipe(client);
      client.on('data', (chunk: Buffer) => {
        // Same delay for every chunk: timers of equal duration fire in order, so bytes stay in order.
        if (this.latencyMs === 0) upstream.write(chunk);
        else setTimeout(() => upstream.writable && upstream.write(chunk), this.latencyMs);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    const target = new URL(REDIS_URL);
    target.hostname = '127.0.0.1';
    target.port = String(this.port);
    return target.toString();
  }
}

/** A logger that keeps its JSON lines, to check what the bus warned about. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string } & Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

describe('RedisEventBus between two processes', () => {
  beforeAll(freshPrefix);

  it('relays every event of a stack to the other process, in order and complete, and readiness too', async () => {
    const a = bus();
    const b = bus();
    await Promise.all([a.start(), b.start()]);
    const stack = randomUUID();
    const other = randomUUID();
    const onB = record(b, stack);

    const sent: EventRecord[] = [];
    for (let batch = 0; batch < 20; batch++) {
      // Commit batches mix stacks; each stack's events keep their order.
      const events = [];
      for (let i = 0; i < 5; i++) {
        const e = event(stack, batch * 5 + i + 1);
        sent.push(e);
        events.push(e, event(other, batch * 5 + i + 1));
      }
      a.publish(events);
    }
    const readiness: Readiness = {
      stackId: stack,
      observedCount: 3,
      total: 7,
      eventSeq: 12,
      justReady: ['r1', 'r2'],
      status: 'CREATE_IN_PROGRESS',
    };
    a.publishReadiness(readiness);
    a.publishReadiness({ ...readiness, stackId: other });

    await until(() => onB.events.length >= 100 && onB.readiness.length >= 1, 'the events on the other bus');
    await barrier(a, b);
    // Every field survives the trip, and nothing of the other stack leaks in.
    expect(onB.events).toEqual(sent);
    expect(onB.readiness).toEqual([readiness]);
  });

  it("delivers to the publisher's own local listeners exactly once (directly, never echoed back through Redis)", async () => {
    const a = bus();
    const b = bus();
    await Promise.all([a.start(), b.start()]);
    const stack = randomUUID();
    const onA = record(a, stack);
    const onB = record(b, stack);
    for (let seq = 1; seq <= 50; seq++) a.publish([event(stack, seq)]);
    a.publishReadiness({
      stackId: stack,
      eventSeq: 50,
      observedCount: 1,
      total: 1,
      justReady: ['r1'],
      status: 'CREATE_COMPLETE',
    });
    // Local delivery is synchronous, as with the LocalEventBus.
    expect(onA.seqs()).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(onA.readiness).toHaveLength(1);
    await until(() => onB.events.length === 50, 'the events on the other bus');
    // Any echo of a's own messages would have reached a before b's marker does.
    await barrier(b, a);
    expect(onA.seqs()).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(onA.readiness).toHaveLength(1);

    // Both ways at once: each side sees its own and the other's events once.
    b.publish([event(stack, 51)]);
    a.publish([event(stack, 52)]);
    await until(() => onA.events.length === 52 && onB.events.length === 52, 'both buses to see 52 events');
    await Promise.all([barrier(a, b), barrier(b, a)]);
    expect(new Set(onA.seqs()).size).toBe(52);
    expect(new Set(onB.seqs()).size).toBe(52);
  });

  it('stops delivering to a listener once it unsubscribes, and keeps other listeners of the stack', async () => {
    const a = bus();
    const b = bus();
    await Promise.all([a.start(), b.start()]);
    const stack = randomUUID();
    const first = record(b, stack);
    const second = record(b, stack);
    a.publish([event(stack, 1)]);
    await until(() => first.events.length === 1 && second.events.length === 1, 'both listeners');
    first.off();
    first.off(); // idempotent: must not unregister the other listener's count
    a.publish([event(stack, 2)]);
    await until(() => second.events.length === 2, 'the remaining listener');
    await barrier(a, b);
    expect(first.seqs()).toEqual([1]);
    second.off();
    a.publish([event(stack, 3)]);
    await barrier(a, b);
    expect(second.seqs()).toEqual([1, 2]);
  });

  it('is purely local while stopped, and relays again after start', async () => {
    const a = bus();
    const b = bus();
    const stack = randomUUID();
    const onA = record(a, stack);
    const onB = record(b, stack);

    // Not started yet: local only, never throws.
    a.publish([event(stack, 1)]);
    expect(onA.seqs()).toEqual([1]);

    await Promise.all([a.start(), b.start()]);
    await a.start(); // idempotent
    a.publish([event(stack, 2)]);
    await until(() => onB.seqs().includes(2), 'event 2 on b');

    await b.stop();
    await b.stop(); // idempotent
    a.publish([event(stack, 3)]);
    b.publish([event(stack, 4)]); // a stopped bus still serves its local listeners
    expect(onB.seqs()).toEqual([2, 4]);

    await b.start();
    a.publish([event(stack, 5)]);
    await until(() => onB.seqs().includes(5), 'event 5 on b after restart');
    await barrier(a, b);
    // 3 was published while b was stopped: gone for b (its subscriptions would fill it from Neo4j).
    expect(onB.seqs()).toEqual([2, 4, 5]);
    expect(onA.seqs()).toEqual([1, 2, 3, 5]);
  });

  it('fails to start with a clear message when Redis cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const b = bus({ url: `redis://:secret@127.0.0.1:${port}` });
    const error = await b.start().then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      new RegExp(`Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/? is unreachable`),
    );
    expect(error?.message).toMatch(/ECONNREFUSED/);
    expect(error?.message).not.toMatch(/secret/);
    // Still usable locally.
    const stack = randomUUID();
    const local = record(b, stack);
    b.publish([event(stack, 1)]);
    expect(local.seqs()).toEqual([1]);
  });
});

describe('RedisEventBus when Redis goes away', () => {
  beforeAll(freshPrefix);
  // The latency makes a's re-subscription arrive well after b's probe if the bus called itself
  // restored too early (on ioredis's 'ready', before re-subscribing): the probe would be lost.
  const proxy = new FlakyProxy(150);
  afterAll(() => proxy.down());

  it('never throws into the publisher, keeps the messages briefly and sends them in order when Redis is back', async () => {
    await proxy.up();
    const { log, lines } = capturingLogger();
    const a = bus({ url: proxy.url, log });
    const b = bus();
    await Promise.all([a.start(), b.start()]);
    const stack = randomUUID();
    const onA = record(a, stack);
    const onB = record(b, stack);
    a.publish([event(stack, 1)]);
    await until(() => onB.events.length === 1, 'event 1 on b');

    await proxy.down();
    await until(() => lines.some((l) => /Redis connection lost/.test(l.msg)), 'the connection-lost warning');
    for (let seq = 2; seq <= 30; seq++) {
      expect(() => a.publish([event(stack, seq)])).not.toThrow();
    }
    expect(() =>
      a.publishReadiness({
        stackId: stack,
        eventSeq: 1,
        observedCount: 1,
        total: 2,
        justReady: [],
        status: 'CREATE_IN_PROGRESS',
      }),
    ).not.toThrow();
    // Local listeners do not depend on Redis.
    expect(onA.seqs()).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(onB.seqs()).toEqual([1]);
    expect(lines.filter((l) => /Redis connection lost/.test(l.msg)).length).toBeLessThanOrEqual(2); // once per connection

    const probe = randomUUID();
    const probeOnA = record(a, probe);
    await proxy.up(); // same port: "Redis restarted"
    // From the moment a says its subscriber connection is restored, it receives: b publishes at
    // once, while the proxy's latency would still hold back a re-subscription sent only then.
    await until(
      () => lines.some((l) => l.msg === 'Redis connection restored' && l.role === 'subscriber'),
      "the subscriber connection's restoration",
    );
    b.publish([event(probe, 1)]);
    await until(() => probeOnA.events.length === 1, 'the probe published right after restoration');
    await until(() => onB.events.length === 30, 'the kept events on b after reconnecting', 10_000);
    expect(onB.seqs()).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    await until(() => onB.readiness.length === 1, 'the kept readiness on b');
    expect(lines.some((l) => /Redis is back/.test(l.msg) && l.sent === 30)).toBe(true);

    b.publish([event(stack, 31)]);
    await until(() => onA.seqs().includes(31), 'event 31 on a after reconnecting');
    await until(
      () => lines.filter((l) => l.msg === 'Redis connection restored').length === 2,
      'both connections restored',
    );
    a.publish([event(stack, 32)]);
    await until(() => onB.seqs().includes(32), 'event 32 on b');
    await Promise.all([barrier(a, b), barrier(b, a)]);
    expect(onA.seqs()).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(onB.seqs()).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  it('drops what it kept for longer than bufferMs, with a warning, and carries on', async () => {
    await proxy.up();
    const { log, lines } = capturingLogger();
    // The bus ages kept messages on this clock, moved by hand: no waiting for time to pass.
    let clock = 1_000_000;
    const a = bus({ url: proxy.url, log, bufferMs: 1500, now: () => clock });
    const b = bus();
    await Promise.all([a.start(), b.start()]);
    const stack = randomUUID();
    const onB = record(b, stack);

    await proxy.down();
    await until(() => lines.some((l) => /Redis connection lost/.test(l.msg)), 'the connection-lost warning');
    a.publish([event(stack, 1), event(stack, 2)]);
    // 1 and 2 are now older than bufferMs; 3 is fresh whenever the connection returns.
    clock += 2000;
    a.publish([event(stack, 3)]);
    await proxy.up();
    await until(() => onB.events.length === 1, 'the recent event on b', 10_000);
    await barrier(a, b);
    // 1 and 2 were too old: a subscriber sees 3, notices the gap and reads 1-2 from Neo4j.
    expect(onB.seqs()).toEqual([3]);
    expect(
      lines.some(
        (l) => l.level === 40 && /dropped the oldest/.test(l.msg) && l.dropped === 1 && l.sent === 1,
      ),
    ).toBe(true);
  });
});
