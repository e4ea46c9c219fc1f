import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  key: string;
  at: number;
  body: Record<string, unknown> | null;
  headers: Record<string, string | string[] | undefined>;
  status: number;
}

export interface StoredThing {
  key: string;
  id: string;
  properties: Record<string, unknown>;
  /** Epoch ms at which it becomes ready. */
  readyAt: number;
  /** How many times a PUT created it (a correct engine creates each key once). */
  creations: number;
  updates: number;
}

export interface RecordingServerOptions {
  /** Milliseconds between a PUT and readiness (0: ready in the PUT's answer). */
  readyAfterMs?: number;
  /** Answer the first N requests of each key with 503 (to exercise retries). */
  failFirst?: number;
  /** Keys whose create fails permanently (the GET reports failed). */
  failing?: Set<string>;
  /** Answers a request instead of the protocol ('hang' never answers); undefined falls through. */
  intercept?: (
    method: string,
    key: string,
    body: Record<string, unknown> | null,
  ) => { status: number; body?: unknown } | 'hang' | undefined;
}

/**
 * A real HTTP endpoint implementing the webhook protocol, with a ledger of every call and of
 * every physical "thing" it holds: the provider side of Convergence::Webhook tests.
 */
export class RecordingServer {
  readonly calls: RecordedCall[] = [];
  readonly things = new Map<string, StoredThing>();
  /** Keys ever deleted, with how many times. */
  readonly deletions = new Map<string, number>();
  private readonly seen = new Map<string, number>();
  private server: Server | null = null;
  url = '';

  constructor(public options: RecordingServerOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/things`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Things that exist now (not deleted). */
  live(): StoredThing[] {
    return [...this.things.values()];
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const key = decodeURIComponent((req.url ?? '').replace(/^\/things\//, ''));
    const text = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => resolve(data));
    });
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    const intercepted = this.options.intercept?.(req.method ?? 'GET', key, body);
    if (intercepted === 'hang') {
      this.calls.push({
        method: req.method ?? 'GET',
        key,
        at: Date.now(),
        body,
        headers: req.headers,
        status: 0,
      });
      return new Promise(() => {});
    }
    const reply = intercepted ?? this.reply(req.method ?? 'GET', key, body);
    this.calls.push({
      method: req.method ?? 'GET',
      key,
      at: Date.now(),
      body,
      headers: req.headers,
      status: reply.status,
    });
    return reply;
  }

  private reply(
    method: string,
    key: string,
    body: Record<string, unknown> | null,
  ): { status: number; body?: unknown } {
    const count = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, count);
    if (count <= (this.options.failFirst ?? 0)) return { status: 503, body: { message: 'try again' } };
    const thing = this.things.get(key);
    const delay = this.options.readyAfterMs ?? 0;
    switch (method) {
      case 'PUT': {
        const properties = (body?.properties as Record<string, unknown>) ?? {};
        if (thing) {
          thing.properties = properties;
          thing.readyAt = Date.now() + delay;
          if (body?.action === 'UPDATE') thing.updates++;
          else thing.creations++;
          return { status: 200, body: this.view(thing) };
        }
        const created: StoredThing = {
          key,
          id: `thing-${key.slice(0, 8)}`,
          properties,
          readyAt: Date.now() + delay,
          creations: 1,
          updates: 0,
        };
        this.things.set(key, created);
        return { status: 201, body: this.view(created) };
      }
      case 'GET':
        return thing
          ? { status: 200, body: this.view(thing) }
          : { status: 404, body: { message: 'no such thing' } };
      case 'DELETE':
        this.deletions.set(key, (this.deletions.get(key) ?? 0) + 1);
        if (!thing) return { status: 404 };
        this.things.delete(key);
        return { status: 204 };
      default:
        return { status: 405 };
    }
  }

  private view(thing: StoredThing) {
    const failed = this.options.failing?.has(thing.key) ?? false;
    const ready = !failed && Date.now() >= thing.readyAt;
    return {
      id: thing.id,
      ready,
      failed: failed && Date.now() >= thing.readyAt,
      reason: failed ? 'the endpoint could not build it' : undefined,
      attributes: { echo: thing.properties, key: thing.key },
    };
  }
}
