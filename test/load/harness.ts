/**
 * Helpers of the load test (`test/load/reliability.test.ts`): subscription clients that record
 * every event with its arrival time, HTTP calls with a bearer token, templates, the service's
 * memory and metrics, and small statistics.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { graphql } from '../support/gql/index.ts';
import type {
  LoadEventFragment,
  LoadEventsPageQuery,
  LoadStackEventsSubscription,
} from '../support/gql/graphql.ts';

export const MiB = 1024 * 1024;

/** The event fields the load test records (a fragment, so the type is generated once). */
export const LOAD_EVENT = graphql(`
  fragment LoadEvent on Event {
    sequence
    at
    type
    resourceName
    resourceId
    status
    reason
    observedReady
    physicalResourceId
    version
    operation
  }
`);

const EVENTS_PAGE = graphql(`
  query LoadEventsPage($name: String!, $after: Int) {
    stack(name: $name) {
      events(after: $after, first: 1000) {
        ...LoadEvent
      }
    }
  }
`);

const SUBSCRIPTION = graphql(`
  subscription LoadStackEvents($name: String!) {
    stackEvents(name: $name, after: 0) {
      ...LoadEvent
    }
  }
`);

/** An event as subscribers and the events query deliver it (generated from the schema). */
export type EventData = LoadEventFragment;

export interface Received {
  event: EventData;
  receivedAt: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed with its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function token(secret: string, tenant: string, role: 'editor' | 'reader'): Promise<string> {
  return new SignJWT({ tenant, role })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));
}

export interface GqlResult<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }>;
}

/** POSTs a GraphQL operation with a bearer token; network errors are retried a few times. */
export async function call<T = any>(
  url: string,
  bearer: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResult<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(120_000),
      });
      return (await res.json()) as GqlResult<T>;
    } catch (error) {
      // Only transport failures (a reset loopback socket under load) are retried, never answers.
      if (attempt >= 2) throw error;
      await sleep(500);
    }
  }
}

/** Every stored event of a stack, via the `events` query (pages of 1000). */
export async function storedEvents(url: string, bearer: string, name: string): Promise<EventData[]> {
  const events: EventData[] = [];
  for (;;) {
    const after = events.at(-1)?.sequence ?? 0;
    const res = await call<LoadEventsPageQuery>(url, bearer, String(EVENTS_PAGE), { name, after });
    if (res.errors || !res.data?.stack) throw new Error(`events of ${name}: ${JSON.stringify(res)}`);
    const page = res.data.stack.events;
    events.push(...page);
    if (page.length < 1000) return events;
  }
}

export type CloseWhen =
  | { kind: 'never' }
  /** Leaves after this many ms, wherever the stack is: its events must be a prefix of the history. */
  | { kind: 'after'; ms: number }
  /** Leaves once the stack's DELETE_COMPLETE arrived. */
  | { kind: 'deleted' };

export interface SubscriberOptions {
  wsUrl: string;
  bearer: string;
  tenant: string;
  stack: string;
  role: string;
  closeWhen: CloseWhen;
}

/**
 * One graphql-ws client (its own WebSocket) subscribed to `stackEvents(name, after: 0)` of one
 * stack. Records every event with the time it arrived, and the first ordering anomaly seen live.
 */
export class Subscriber {
  static nextId = 1;
  readonly id = Subscriber.nextId++;
  readonly received: Received[] = [];
  readonly errors: string[] = [];
  /** The first sequence that was not the previous one + 1, as seen live. */
  anomaly: string | null = null;
  subscribedAt = 0;
  closedAt: number | null = null;
  /** Closed by the test on purpose (as opposed to still listening). */
  closedByUs = false;
  completedByServer = false;
  private client: Client | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly waiters = new Set<() => void>();
  private closeTimer: NodeJS.Timeout | null = null;

  constructor(readonly options: SubscriberOptions) {}

  get stack(): string {
    return this.options.stack;
  }

  get open(): boolean {
    return this.client !== null;
  }

  get lastSequence(): number {
    return this.received.at(-1)?.event.sequence ?? 0;
  }

  start(): this {
    const { wsUrl, bearer, closeWhen } = this.options;
    this.client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${bearer}` },
      lazy: true,
      retryAttempts: 0,
      connectionAckWaitTimeout: 60_000,
    });
    this.subscribedAt = Date.now();
    this.unsubscribe = this.client.subscribe<LoadStackEventsSubscription>(
      { query: String(SUBSCRIPTION), variables: { name: this.options.stack } },
      {
        next: (msg) => {
          if (msg.errors?.length) {
            this.errors.push(JSON.stringify(msg.errors));
            this.notify();
            return;
          }
          const event = msg.data!.stackEvents;
          const expected = this.lastSequence + 1;
          if (event.sequence !== expected && !this.anomaly) {
            this.anomaly = `expected sequence ${expected}, got ${event.sequence} (${event.type} ${event.resourceName ?? ''} ${event.status})`;
          }
          this.received.push({ event, receivedAt: Date.now() });
          if (
            closeWhen.kind === 'deleted' &&
            event.type === 'STACK' &&
            event.status === 'DELETE_COMPLETE' &&
            !this.closedByUs
          )
            void this.close();
          this.notify();
        },
        error: (error) => {
          const close = error as { code?: number; reason?: string };
          this.errors.push(
            error instanceof Error
              ? error.message
              : typeof close?.code === 'number'
                ? `socket closed ${close.code} ${close.reason ?? ''}`
                : JSON.stringify(error),
          );
          this.notify();
        },
        complete: () => {
          this.completedByServer = !this.closedByUs;
          this.notify();
        },
      },
    );
    if (closeWhen.kind === 'after') this.closeTimer = setTimeout(() => void this.close(), closeWhen.ms);
    return this;
  }

  /** Resolves when `until` holds for the events so far (or rejects after the timeout). */
  waitFor(until: (received: Received[]) => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
    if (until(this.received)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `subscriber #${this.id} on ${this.stack}: ${what} not met within ${timeoutMs} ms ` +
              `(${this.received.length} events, last ${JSON.stringify(this.received.at(-1)?.event ?? null)}, errors ${JSON.stringify(this.errors)})`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        if (!until(this.received) && this.errors.length === 0) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        if (this.errors.length) reject(new Error(`subscriber #${this.id}: ${this.errors.join('; ')}`));
        else resolve();
      };
      this.waiters.add(check);
    });
  }

  async close(): Promise<void> {
    if (!this.client) return;
    const client = this.client;
    this.client = null;
    this.closedByUs = true;
    this.closedAt = Date.now();
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.unsubscribe?.();
    await client.dispose();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

/**
 * A stack template of `size` resources (TestResource, Value and None, in chains five apart), for
 * generation `gen`: a new generation changes a third of the TestResource values (updates in place,
 * which flow into dependent Values) and replaces every tenth resource (`update_replace_value`).
 */
export function template(size: number, gen: number, wait: number): string {
  const resources: Record<string, unknown> = {};
  const kinds = ['T', 'T', 'V', 'T', 'N'] as const;
  for (let i = 0; i < size; i++) {
    const kind = kinds[i % 5]!;
    const name = `r${i}`;
    if (kind === 'T') {
      resources[name] = {
        type: 'OS::Heat::TestResource',
        properties: {
          value: i % 3 === 0 ? `g${gen}-${i}` : `s-${i}`,
          wait_secs: Math.round(wait * (1 + (i % 3)) * 1000) / 1000,
          ...(i % 10 === 0 ? { update_replace_value: `g${gen}` } : {}),
        },
        ...(i >= 5 ? { depends_on: [`r${i - 5}`] } : {}),
      };
    } else if (kind === 'V') {
      resources[name] = {
        type: 'OS::Heat::Value',
        properties: { value: { list_join: ['/', [`v${gen % 2}`, { get_attr: [`r${i - 1}`, 'output'] }]] } },
      };
    } else {
      resources[name] = {
        type: 'OS::Heat::None',
        properties: { ref: { get_resource: `r${i - 1}` } },
      };
    }
  }
  return JSON.stringify({
    heat_template_version: '2021-04-16',
    resources,
    outputs: { first: { value: { get_attr: ['r0', 'output'] } } },
  });
}

/** Resident set size of a process, from /proc (bytes). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb[1]) * 1024;
}

/** Unlabelled samples of the Prometheus text at `/metrics` (name -> value); `token` is METRICS_TOKEN. */
export async function scrape(metricsUrl: string, token?: string): Promise<Record<string, number>> {
  const res = await fetch(metricsUrl, {
    signal: AbortSignal.timeout(30_000),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`/metrics answered ${res.status}: ${text.slice(0, 200)}`);
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\s+(\S+)$/.exec(line);
    if (m) values[m[1]!] = Number(m[2]);
  }
  return values;
}

/** The largest value (NaN for none); no spread, so it suits arrays of any length. */
export function maxOf(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => (b > a ? b : a)) : NaN;
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summary(values: readonly number[]) {
  const round = (v: number) => Math.round(v);
  return {
    count: values.length,
    p50: round(quantile(values, 0.5)),
    p95: round(quantile(values, 0.95)),
    p99: round(quantile(values, 0.99)),
    max: round(maxOf(values)),
  };
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(runners);
  return results;
}
