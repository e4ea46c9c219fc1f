import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, uniqueTenant } from '../support/app.ts';
import { wsClient } from '../support/graphql.ts';
import { startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { allEvents, createStack, hot, mutate, waitForStack, type EventView } from '../support/stacks.ts';

/**
 * Two real service processes on one Neo4j and one Redis: A serves the API only, B runs the
 * workers only. A client subscribed on A must see, live, the events B's workers commit. A's local
 * (no-auth) mode acts as LOCAL_TENANT, a tenant of this test's own that only B's workers take.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TENANT = uniqueTenant('redis');

let api: ServiceProcess;
let workers: ServiceProcess;
let url = '';

async function requireRedis(): Promise<void> {
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
      `This test needs a running Redis at ${REDIS_URL} (start one with \`redis-server\`, or set TEST_REDIS_URL): ${(lastError ?? (error as Error)).message}`,
      { cause: error },
    );
  } finally {
    probe.disconnect();
  }
}

beforeAll(async () => {
  await requireRedis();
  // trace: A logs each batch of events it receives from another process over Redis.
  api = startServiceProcess('main', {
    PORT: '0',
    RUN_WORKERS: 'false',
    LOCAL_TENANT: TENANT,
    REDIS_URL,
    LOG_LEVEL: 'trace',
  });
  workers = startServiceProcess('main', {
    RUN_API: 'false',
    WORKER_TENANTS: TENANT,
    WORKER_CONCURRENCY: '8',
    POLL_INTERVAL_MS: '50',
    REDIS_URL,
  });
  const [listening] = await Promise.all([
    api.waitFor(/GraphQL API listening/),
    workers.waitFor(/worker started/),
  ]);
  // The bus connects before the API and the workers start, so its line is there by now if at all.
  for (const [role, p] of [
    ['API', api],
    ['worker', workers],
  ] as const) {
    if (!p.output.some((line) => line.includes('event bus connected to Redis'))) {
      throw new Error(
        `the ${role} process did not connect an event bus to Redis (is REDIS_URL wired to RedisEventBus in src/app.ts?); last lines:\n${p.output.slice(-10).join('\n')}`,
      );
    }
  }
  url = (JSON.parse(listening) as { url: string }).url;
});

afterAll(async () => {
  await Promise.all([api?.stop(), workers?.stop()]);
});

const EVENT_FIELDS = 'sequence type resourceName status reason observedReady version at';
type LiveEvent = EventView & { at: string };

/** Three independent chains of four resources, each taking a while to become ready. */
function chains(extra: Record<string, unknown> = {}): string {
  const resources: Record<string, unknown> = { ...extra };
  for (let c = 0; c < 3; c++) {
    for (let d = 0; d < 4; d++) {
      resources[`c${c}r${d}`] = {
        type: 'OS::Heat::TestResource',
        properties: { wait_secs: 0.25, value: `v${c}${d}` },
        ...(d > 0 ? { depends_on: [`c${c}r${d - 1}`] } : {}),
      };
    }
  }
  return hot(resources);
}

/** Subscribes and records when each value arrived, until `done` says stop. */
function timed<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
  /** Called with each value as it arrives (e.g. to learn that the subscription is live). */
  onValue: (value: T) => void = () => {},
): Promise<Array<{ value: T; receivedAt: number }>> {
  const values: Array<{ value: T; receivedAt: number }> = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      dispose();
      reject(new Error(`subscription timed out after ${timeoutMs} ms with ${values.length} values`));
    }, timeoutMs);
    const dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (msg) => {
          if (msg.errors) {
            clearTimeout(timer);
            dispose();
            reject(new Error(JSON.stringify(msg.errors)));
            return;
          }
          values.push({ value: msg.data as T, receivedAt: Date.now() });
          onValue(msg.data as T);
          if (done(msg.data as T)) {
            clearTimeout(timer);
            dispose();
            resolve(values);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        },
        complete: () => {
          clearTimeout(timer);
          resolve(values);
        },
      },
    );
  });
}

describe('events across service processes over Redis', () => {
  it('a subscriber on the API process receives, live and in order, every event of workers in another process', async () => {
    // A first version, then subscribers that are known to be live (each has received something),
    // then the update whose events the worker process writes: no race with the subscription.
    const name = uniqueName('relay');
    const stack = await createStack(url, { name, template: hot({ seed: { type: 'OS::Heat::None' } }) });
    await waitForStack(url, name);
    const beforeUpdate = (await allEvents(url, name)).length;
    const client = wsClient(url.replace(/^http/, 'ws'));
    type Update = { ready: number; total: number; justReady: string[]; status: string };
    let eventsLive!: () => void;
    let readinessLive!: () => void;
    const live = Promise.all([
      new Promise<void>((resolve) => (eventsLive = resolve)),
      new Promise<void>((resolve) => (readinessLive = resolve)),
    ]);
    const subscriptions = Promise.all([
      timed<{ stackEvents: LiveEvent }>(
        client,
        `subscription($name: String!) { stackEvents(name: $name, after: 0) { ${EVENT_FIELDS} } }`,
        { name },
        (v) => v.stackEvents.type === 'STACK' && /^UPDATE_(COMPLETE|FAILED)$/.test(v.stackEvents.status),
        120_000,
        (v) => v.stackEvents.sequence >= beforeUpdate && eventsLive(),
      ),
      timed<{ resourceReadiness: Update }>(
        client,
        `subscription($name: String!) { resourceReadiness(name: $name) { ready total justReady status } }`,
        { name },
        (v) => v.resourceReadiness.status === 'UPDATE_COMPLETE',
        120_000,
        () => readinessLive(),
      ),
    ]);
    await live;
    await mutate(url, 'updateStack', { name, template: chains({ seed: { type: 'OS::Heat::None' } }) });
    const [events, readiness] = await subscriptions;
    await client.dispose();

    // Every event, in order, exactly as stored.
    const received = events.map((e) => e.value.stackEvents);
    const stored = await allEvents(url, name);
    expect(received.at(-1)!.status).toBe('UPDATE_COMPLETE');
    expect(received.map((e) => e.sequence)).toEqual(received.map((_, i) => i + 1));
    expect(received.map(({ at: _at, ...e }) => e)).toEqual(stored);
    expect(
      stored.filter((e) => e.resourceName?.startsWith('c') && e.status === 'CREATE_COMPLETE'),
    ).toHaveLength(12);

    // They came over Redis, not by gap filling: every event of the update that the worker process
    // wrote (all but the update command's own, written by the API process) was relayed by Redis.
    const relayed = new Set<number>();
    for (const line of api.output) {
      if (!line.includes('events received from another process')) continue;
      const entry = JSON.parse(line) as { stackId: string; seqs: number[] };
      if (entry.stackId === stack.id) for (const seq of entry.seqs) relayed.add(seq);
    }
    const update = stored.filter((e) => e.sequence > beforeUpdate);
    const firstRelayed = Math.min(...relayed);
    expect(
      update
        .filter((e) => e.sequence < firstRelayed)
        .every((e) => e.type === 'STACK' || !e.resourceName?.startsWith('c')),
    ).toBe(true);
    expect(update.filter((e) => e.sequence >= firstRelayed && !relayed.has(e.sequence))).toEqual([]);
    expect(relayed.size).toBeGreaterThanOrEqual(24);
    // ...and while the stack was still being updated.
    const completedAt = Date.parse(received.at(-1)!.at);
    expect(
      events.filter((e) => e.value.stackEvents.resourceName && e.receivedAt < completedAt).length,
    ).toBeGreaterThan(0);

    // Readiness has no gap filling: every update after the first (read from Neo4j) came from B.
    const updates = readiness.map((r) => r.value.resourceReadiness);
    expect(updates.length).toBeGreaterThan(2);
    expect(updates.at(-1)).toMatchObject({ ready: 13, total: 13, status: 'UPDATE_COMPLETE' });
    const counts = updates.map((u) => u.ready);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
