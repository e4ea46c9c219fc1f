import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, uniqueTenant } from '../support/app.ts';
import { wsClient } from '../support/graphql.ts';
import { startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { allEvents, createStack, hot, type EventView } from '../support/stacks.ts';

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
function chains(): string {
  const resources: Record<string, unknown> = {};
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
    const name = uniqueName('relay');
    const stack = await createStack(url, { name, template: chains() });
    const client = wsClient(url.replace(/^http/, 'ws'));
    type Update = { ready: number; total: number; justReady: string[]; status: string };
    const [events, readiness] = await Promise.all([
      timed<{ stackEvents: LiveEvent }>(
        client,
        `subscription($name: String!) { stackEvents(name: $name, after: 0) { ${EVENT_FIELDS} } }`,
        { name },
        (v) => v.stackEvents.type === 'STACK' && /_(COMPLETE|FAILED)$/.test(v.stackEvents.status),
      ),
      timed<{ resourceReadiness: Update }>(
        client,
        `subscription($name: String!) { resourceReadiness(name: $name) { ready total justReady status } }`,
        { name },
        (v) => v.resourceReadiness.status === 'CREATE_COMPLETE',
      ),
    ]);
    await client.dispose();

    // Every event, in order, exactly as stored.
    const received = events.map((e) => e.value.stackEvents);
    const stored = await allEvents(url, name);
    expect(received.at(-1)!.status).toBe('CREATE_COMPLETE');
    expect(received.map((e) => e.sequence)).toEqual(received.map((_, i) => i + 1));
    expect(received.map(({ at: _at, ...e }) => e)).toEqual(stored);
    expect(stored.filter((e) => e.resourceName && e.status === 'CREATE_COMPLETE')).toHaveLength(12);

    // They came over Redis, not by gap filling: from the first event A relayed to its subscriber,
    // every later event of the stack arrived from B through Redis...
    const relayed = new Set<number>();
    for (const line of api.output) {
      if (!line.includes('events received from another process')) continue;
      const entry = JSON.parse(line) as { stackId: string; seqs: number[] };
      if (entry.stackId === stack.id) for (const seq of entry.seqs) relayed.add(seq);
    }
    const firstRelayed = Math.min(...relayed);
    expect(firstRelayed).toBeLessThanOrEqual(Math.ceil(stored.length / 4));
    expect(stored.filter((e) => e.sequence >= firstRelayed && !relayed.has(e.sequence))).toEqual([]);
    // ...and while the stack was still being created.
    const completedAt = Date.parse(received.at(-1)!.at);
    const beforeCompletion = events.filter((e) => e.receivedAt < completedAt).length;
    expect(beforeCompletion).toBeGreaterThanOrEqual(Math.floor((events.length * 2) / 3));

    // Readiness has no gap filling: every update after the first (read from Neo4j) came from B.
    const updates = readiness.map((r) => r.value.resourceReadiness);
    expect(updates.length).toBeGreaterThan(2);
    expect(updates.at(-1)).toMatchObject({ ready: 12, total: 12, status: 'CREATE_COMPLETE' });
    const counts = updates.map((u) => u.ready);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
