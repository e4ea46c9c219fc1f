import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashUnit } from './random.ts';

/**
 * Seeded fault modes of the endpoint. Every decision is a function of (seed, key, method, call
 * number), never of arrival order, so a seed names the same faults for the same resources.
 */
export interface FaultModes {
  seed: number;
  /** Share of (key, method) pairs whose first requests are answered 503 without being applied. */
  burstRate: number;
  /** Longest such burst. Longer than the webhook's `retries` + 1 fails the action; the engine retries it. */
  burstMax: number;
  /** A burst starts at a call number between 1 and this (so it can hit a later observation). Default 1. */
  burstStartMax?: number;
  /**
   * Brown-outs: the whole endpoint answers 503 (applying nothing) for `lengthMs`, every `everyMs`,
   * on a seeded schedule from the endpoint's start. Null: none.
   */
  brownout?: { everyMs: [number, number]; lengthMs: [number, number] } | null;
  /** Share of requests applied but answered 502, as if the reply was lost on the way back. */
  lostReplyRate: number;
  /** Share of requests applied and then left unanswered for `hangMs` (longer than `timeout_secs`). */
  hangRate: number;
  hangMs: number;
  /** Share of requests answered after a delay within the webhook's timeout. */
  slowRate: number;
  slowMs: [number, number];
  /** Time from a PUT to readiness, for most keys... */
  readyMs: [number, number];
  /** ...and for this share of keys, which are slow to become ready. */
  slowReadyRate: number;
  slowReadyMs: [number, number];
  /** Share of deletes answered 202 and completed later (observed until 404). */
  asyncDeleteRate: number;
  asyncDeleteMs: [number, number];
}

export const NO_FAULTS: FaultModes = {
  seed: 0,
  burstRate: 0,
  burstMax: 0,
  lostReplyRate: 0,
  hangRate: 0,
  hangMs: 0,
  slowRate: 0,
  slowMs: [0, 0],
  readyMs: [0, 0],
  slowReadyRate: 0,
  slowReadyMs: [0, 0],
  asyncDeleteRate: 0,
  asyncDeleteMs: [0, 0],
};

/** Transient faults only: a correct engine converges through all of them. */
export function transientFaults(seed: number, overrides: Partial<FaultModes> = {}): FaultModes {
  return {
    seed,
    burstRate: 0.06,
    burstMax: 6,
    lostReplyRate: 0.02,
    hangRate: 0.01,
    hangMs: 2500,
    slowRate: 0.1,
    slowMs: [50, 400],
    readyMs: [50, 600],
    slowReadyRate: 0.05,
    slowReadyMs: [1500, 4000],
    asyncDeleteRate: 0.3,
    asyncDeleteMs: [100, 1500],
    ...overrides,
  };
}

/**
 * Permanent faults, chosen by the template through the `doom` key of the desired properties:
 * `refuse` answers the PUT 422 (nothing is created), `fail` creates the thing but reports it
 * failed once it would have been ready, `never` creates it and never makes it ready.
 */
export type Doom = 'refuse' | 'fail' | 'never';

export interface Thing {
  key: string;
  id: string;
  stack: string;
  name: string;
  properties: Record<string, unknown>;
  readyAt: number;
  createdAt: number;
  updates: number;
  /** Set while an accepted (202) delete is under way. */
  deletingUntil: number | null;
}

export interface KeyRecord {
  key: string;
  stack: string;
  name: string;
  /** PUTs that made the key exist (a correct engine creates a key once, unless it failed). */
  creations: number;
  /** Deletions that took effect. */
  deletions: number;
  /** The endpoint reported this key failed (GET `failed`) or refused it (4xx). */
  failed: boolean;
}

export interface CallRecord {
  method: string;
  action: string | null;
  at: number;
  status: number;
  fault: string | null;
}

export interface LedgerEntry {
  at: number;
  kind: 'create' | 'update' | 'delete';
  key: string;
  stack: string;
  name: string;
  properties?: Record<string, unknown>;
}

/** Something a correct engine never does, noticed by the endpoint itself. */
export interface Anomaly {
  at: number;
  key: string;
  what: string;
}

export type FaultCounts = Record<
  | 'burst503'
  | 'brownout503'
  | 'lostReply'
  | 'hang'
  | 'slow'
  | 'asyncDelete'
  | 'refused'
  | 'failed'
  | 'neverReady',
  number
>;

const ID_PREFIX = 'phys-';

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** The physical id the endpoint gives the thing of a key, and back. */
export const physicalIdOf = (key: string) => `${ID_PREFIX}${key}`;
export const keyOfPhysicalId = (id: string | null | undefined) =>
  id && id.startsWith(ID_PREFIX) ? id.slice(ID_PREFIX.length) : null;

/**
 * A real HTTP server implementing the Convergence::Webhook protocol (README) as a provider would:
 * it keeps a ledger of every physical thing it created, updated and deleted, a log of every call
 * per idempotency key, and injects seeded faults (5xx bursts, lost replies, hangs longer than the
 * webhook's timeout, slow answers, slow readiness, asynchronous deletes, permanent failures).
 */
export class FaultyEndpoint {
  /** Things that exist now, by idempotency key. */
  readonly things = new Map<string, Thing>();
  /** Every key ever PUT, with its history counters. */
  readonly keys = new Map<string, KeyRecord>();
  readonly ledger: LedgerEntry[] = [];
  readonly calls = new Map<string, CallRecord[]>();
  readonly anomalies: Anomaly[] = [];
  readonly faults: FaultCounts = {
    burst503: 0,
    brownout503: 0,
    lostReply: 0,
    hang: 0,
    slow: 0,
    asyncDelete: 0,
    refused: 0,
    failed: 0,
    neverReady: 0,
  };
  requests = 0;
  /**
   * Holds the answer to chosen requests (after applying them) for the returned milliseconds: a
   * deterministic "slow provider" for reproductions. Null or 0: no hold.
   */
  hold: ((call: { method: string; key: string; name: string; action: string | null }) => number) | null =
    null;
  /**
   * Answers chosen requests with the returned status (e.g. 503) without applying them: a
   * deterministic outage for reproductions. Null or 0: no outage.
   */
  outage: ((call: { method: string; key: string; name: string }) => number) | null = null;
  private readonly seen = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly deleting = new Set<Thing>();
  private server: Server | null = null;
  url = '';

  constructor(public modes: FaultModes = NO_FAULTS) {}

  async start(): Promise<this> {
    this.startedAt = Date.now();
    this.server = createServer((req, res) => void this.serve(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/things`;
    return this;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Live things (including ones being deleted) of a stack, by the stack name their PUT carried. */
  liveOf(stack: string): Thing[] {
    this.settleDeletes();
    return [...this.things.values()].filter((t) => t.stack === stack);
  }

  keysOf(stack: string): KeyRecord[] {
    return [...this.keys.values()].filter((k) => k.stack === stack);
  }

  /** Ledger entries about a stack's things. */
  ledgerOf(stack: string): LedgerEntry[] {
    return this.ledger.filter((e) => e.stack === stack);
  }

  /** A readable history of one key, for failure messages. */
  describeKey(key: string): string {
    const k = this.keys.get(key);
    const calls = (this.calls.get(key) ?? [])
      .map(
        (c) =>
          `${new Date(c.at).toISOString().slice(11, 23)} ${c.method}${c.action ? `(${c.action})` : ''} -> ${c.status}${c.fault ? ` [${c.fault}]` : ''}`,
      )
      .join('\n    ');
    const ledger = this.ledger
      .filter((e) => e.key === key)
      .map(
        (e) =>
          `${new Date(e.at).toISOString().slice(11, 23)} ${e.kind} ${JSON.stringify(e.properties ?? {})}`,
      )
      .join('\n    ');
    return `key ${key} (${k?.stack}/${k?.name}, creations ${k?.creations}, deletions ${k?.deletions}, failed ${k?.failed})\n  calls:\n    ${calls}\n  ledger:\n    ${ledger}`;
  }

  // -------------------------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const key = decodeURIComponent((req.url ?? '').replace(/^\/things\/?/, ''));
    const text = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => resolve(data));
      req.on('error', () => resolve(data));
    });
    let body: Record<string, unknown> | null;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const method = req.method ?? 'GET';
    this.requests++;
    const headerKey = req.headers['idempotency-key'];
    if (headerKey !== key)
      this.anomaly(key, `Idempotency-Key header ${String(headerKey)} differs from the URL key`);
    const n = this.callNumber(key, method);
    const down = this.outage?.({ method, key, name: this.keys.get(key)?.name ?? str(body?.name) }) ?? 0;
    const decided =
      down > 0
        ? { status: down, reply: { message: 'outage' }, fault: `outage ${down}`, delayMs: 0 }
        : this.decide(method, key, body, n);
    const { status, reply } = decided;
    let { fault, delayMs } = decided;
    const held =
      this.hold?.({
        method,
        key,
        name: this.keys.get(key)?.name ?? str(body?.name),
        action: typeof body?.action === 'string' ? body.action : null,
      }) ?? 0;
    if (held > 0) {
      delayMs = Math.max(delayMs, held);
      fault = `${fault ? `${fault}, ` : ''}held ${held} ms`;
    }
    const record: CallRecord = {
      method,
      action: typeof body?.action === 'string' ? body.action : null,
      at: Date.now(),
      status,
      fault,
    };
    const list = this.calls.get(key);
    if (list) list.push(record);
    else this.calls.set(key, [record]);

    const send = () => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(reply === undefined ? '' : JSON.stringify(reply));
    };
    if (delayMs <= 0) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, delayMs);
    this.timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    });
  }

  private callNumber(key: string, method: string): number {
    const id = `${key} ${method}`;
    const n = (this.seen.get(id) ?? 0) + 1;
    this.seen.set(id, n);
    return n;
  }

  private u(...parts: Array<string | number>): number {
    return hashUnit(this.modes.seed, ...parts);
  }

  private between([min, max]: [number, number], ...parts: Array<string | number>): number {
    return Math.round(min + this.u(...parts) * (max - min));
  }

  /** Decides the fault (if any), applies the request unless the fault says not to, and shapes the reply. */
  private decide(
    method: string,
    key: string,
    body: Record<string, unknown> | null,
    n: number,
  ): { status: number; reply?: unknown; fault: string | null; delayMs: number } {
    const m = this.modes;
    // A burst of 503s before anything is applied (an overloaded gateway).
    if (this.inBrownout()) {
      this.faults.brownout503++;
      return { status: 503, reply: { message: 'service unavailable' }, fault: 'brown-out 503', delayMs: 0 };
    }
    if (m.burstRate > 0 && this.u(key, method, 'burst') < m.burstRate) {
      const length = 1 + Math.floor(this.u(key, method, 'burst-length') * m.burstMax);
      const first = 1 + Math.floor(this.u(key, method, 'burst-start') * (m.burstStartMax ?? 1));
      if (n >= first && n < first + length) {
        this.faults.burst503++;
        return { status: 503, reply: { message: 'overloaded, try again' }, fault: '503 burst', delayMs: 0 };
      }
    }
    const applied = this.apply(method, key, body);
    const roll = this.u(key, method, n, 'fault');
    // Replies to DELETE/PUT only; GETs never change anything, so losing them proves little.
    if (applied.status < 400 && method !== 'GET' && roll < m.lostReplyRate) {
      this.faults.lostReply++;
      return {
        status: 502,
        reply: { message: 'bad gateway' },
        fault: 'applied, reply lost (502)',
        delayMs: 0,
      };
    }
    if (roll >= m.lostReplyRate && roll < m.lostReplyRate + m.hangRate) {
      this.faults.hang++;
      return { ...applied, fault: `applied, answer held ${m.hangMs} ms`, delayMs: m.hangMs };
    }
    const slow = this.u(key, method, n, 'slow');
    if (slow < m.slowRate) {
      this.faults.slow++;
      const delayMs = this.between(m.slowMs, key, method, n, 'slow-ms');
      return { ...applied, fault: `slow ${delayMs} ms`, delayMs };
    }
    return { ...applied, fault: null, delayMs: 0 };
  }

  private apply(
    method: string,
    key: string,
    body: Record<string, unknown> | null,
  ): { status: number; reply?: unknown } {
    this.settleDeletes();
    const now = Date.now();
    const thing = this.things.get(key);
    switch (method) {
      case 'PUT': {
        const properties = (body?.properties as Record<string, unknown> | undefined) ?? {};
        const action = body?.action;
        const stack = str(body?.stack);
        const name = str(body?.name);
        if (properties.doom === 'refuse') {
          this.faults.refused++;
          this.record(key, stack, name).failed = true;
          return { status: 422, reply: { message: `${name} is refused by this endpoint` } };
        }
        if (thing && thing.deletingUntil !== null) {
          // A create of a key whose delete is still running (a retry after a failure removes the
          // failed thing first): the delete completes first.
          if (!this.keys.get(key)?.failed)
            this.anomaly(key, `PUT (${String(action)}) while its delete was still under way`);
          this.remove(thing);
        }
        const existing = this.things.get(key);
        if (existing) {
          if (existing.stack !== stack || existing.name !== name)
            this.anomaly(key, `PUT for ${stack}/${name} on a thing of ${existing.stack}/${existing.name}`);
          const changed = JSON.stringify(existing.properties) !== JSON.stringify(properties);
          existing.properties = properties;
          if (changed) {
            existing.updates++;
            existing.readyAt = now + this.readyDelay(key, 'u', existing.updates);
            this.ledger.push({ at: now, kind: 'update', key, stack, name, properties });
          }
          return { status: 200, reply: this.view(existing) };
        }
        if (action === 'UPDATE') {
          this.anomaly(key, 'UPDATE of a thing that does not exist');
          return { status: 404, reply: { message: 'no such thing to update' } };
        }
        const created: Thing = {
          key,
          id: physicalIdOf(key),
          stack,
          name,
          properties,
          readyAt: now + this.readyDelay(key, 'c', this.keys.get(key)?.creations ?? 0),
          createdAt: now,
          updates: 0,
          deletingUntil: null,
        };
        this.things.set(key, created);
        const rec = this.record(key, stack, name);
        rec.creations++;
        if (rec.creations > 1 && !rec.failed)
          this.anomaly(key, `created again (creation ${rec.creations}) without ever failing`);
        this.ledger.push({ at: now, kind: 'create', key, stack, name, properties });
        if (properties.doom === 'never') this.faults.neverReady++;
        return { status: 201, reply: this.view(created) };
      }
      case 'GET': {
        if (!thing) return { status: 404, reply: { message: 'no such thing' } };
        const view = this.view(thing);
        if (view.failed) {
          this.keys.get(key)!.failed = true;
          this.faults.failed++;
        }
        return { status: 200, reply: view };
      }
      case 'DELETE': {
        if (!thing) return { status: 404 };
        if (thing.deletingUntil !== null) return { status: 202 };
        if (this.u(key, 'async-delete', this.keys.get(key)?.deletions ?? 0) < this.modes.asyncDeleteRate) {
          this.faults.asyncDelete++;
          thing.deletingUntil = now + this.between(this.modes.asyncDeleteMs, key, 'async-delete-ms');
          this.deleting.add(thing);
          return { status: 202 };
        }
        this.remove(thing);
        return { status: 204 };
      }
      default:
        return { status: 405 };
    }
  }

  /** Brown-out windows, [start, end) in ms since the endpoint started, extended lazily. */
  private readonly brownouts: Array<[number, number]> = [];
  private startedAt = Date.now();

  private inBrownout(): boolean {
    const b = this.modes.brownout;
    if (!b) return false;
    const t = Date.now() - this.startedAt;
    while ((this.brownouts.at(-1)?.[1] ?? 0) <= t) {
      const i = this.brownouts.length;
      const begin = (this.brownouts.at(-1)?.[1] ?? 0) + this.between(b.everyMs, 'brownout-gap', i);
      this.brownouts.push([begin, begin + this.between(b.lengthMs, 'brownout-length', i)]);
    }
    return this.brownouts.some(([from, to]) => t >= from && t < to);
  }

  private record(key: string, stack: string, name: string): KeyRecord {
    let rec = this.keys.get(key);
    if (!rec) this.keys.set(key, (rec = { key, stack, name, creations: 0, deletions: 0, failed: false }));
    return rec;
  }

  private readyDelay(key: string, what: string, n: number): number {
    const m = this.modes;
    if (this.u(key, 'slow-ready') < m.slowReadyRate)
      return this.between(m.slowReadyMs, key, what, n, 'ready');
    return this.between(m.readyMs, key, what, n, 'ready');
  }

  private remove(thing: Thing): void {
    this.deleting.delete(thing);
    this.things.delete(thing.key);
    const rec = this.keys.get(thing.key);
    if (rec) rec.deletions++;
    this.ledger.push({
      at: Date.now(),
      kind: 'delete',
      key: thing.key,
      stack: thing.stack,
      name: thing.name,
    });
  }

  /** Completes accepted deletes whose time has come. */
  private settleDeletes(): void {
    const now = Date.now();
    for (const thing of [...this.deleting])
      if (thing.deletingUntil !== null && thing.deletingUntil <= now) this.remove(thing);
  }

  private view(thing: Thing) {
    const doom = thing.properties.doom;
    const due = Date.now() >= thing.readyAt;
    const failed = doom === 'fail' && due;
    const ready = thing.deletingUntil === null && due && doom !== 'fail' && doom !== 'never';
    return {
      id: thing.id,
      ready,
      ...(failed ? { failed: true, reason: `${thing.name} could not be built (doomed)` } : {}),
      attributes: { echo: thing.properties, key: thing.key },
    };
  }

  private anomaly(key: string, what: string): void {
    this.anomalies.push({ at: Date.now(), key, what });
  }
}
