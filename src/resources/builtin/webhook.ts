import { setTimeout as sleep } from 'node:timers/promises';
import {
  PermanentActionError,
  type ActionContext,
  type ActionResult,
  type Observation,
  type ResourceType,
} from '../types.ts';

/**
 * Convergence::Webhook: the resource lives behind a user's HTTP API, addressed by the idempotency
 * key, so anything with an HTTP API can be orchestrated without writing TypeScript.
 *
 * Protocol (every request carries `Idempotency-Key: <key>` and the `headers` property):
 * - create / update: `PUT {url}/{key}` with JSON `{ action, properties, stack, name, resourceId }`;
 *   answer 200/201/202 with `{ id?, ready?, attributes? }` (`ready: true` ends the action at once).
 * - observe: `GET {url}/{key}`: `{ ready, failed?, reason?, id?, attributes? }`; 404 means "does not
 *   exist" (so a create lost in a crash is made again, and a delete is complete).
 * - delete: `DELETE {url}/{key}`: 200/204 (gone) or 202 (in progress, observed until 404); 404 is fine.
 * 5xx answers and network errors are retried with backoff (`retries` times); 4xx answers fail at
 * once with the endpoint's message; each request is bounded by `timeout_secs`.
 */

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

const TRANSIENT = (status: number) => status >= 500 || status === 429;

function settings(ctx: ActionContext) {
  const p = ctx.properties;
  const base = String(p.url).replace(/\/+$/, '');
  return {
    resourceUrl: `${base}/${encodeURIComponent(ctx.idempotencyKey)}`,
    headers: (p.headers as Record<string, string> | undefined) ?? {},
    timeoutMs: (typeof p.timeout_secs === 'number' ? p.timeout_secs : 10) * 1000,
    retries: typeof p.retries === 'number' ? p.retries : 3,
  };
}

async function call(ctx: ActionContext, method: string, body?: unknown): Promise<Reply> {
  const { resourceUrl, headers, timeoutMs, retries } = settings(ctx);
  let lastError = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(Math.min(200 * 2 ** (attempt - 1), 3000), undefined, { signal: ctx.signal });
    try {
      const res = await fetch(resourceUrl, {
        method,
        headers: {
          ...headers,
          'idempotency-key': ctx.idempotencyKey,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]),
      });
      const text = await res.text();
      let parsed: Record<string, unknown> = {};
      if (text) {
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { message: text.slice(0, 500) };
        }
      }
      if (TRANSIENT(res.status)) {
        lastError = `${method} ${resourceUrl} answered ${res.status}${describe(parsed)}`;
        continue;
      }
      return { status: res.status, body: parsed };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const e = error as Error;
      lastError =
        e.name === 'TimeoutError'
          ? `${method} ${resourceUrl} got no answer within ${timeoutMs / 1000} s`
          : `${method} ${resourceUrl} failed: ${(e.cause as Error | undefined)?.message ?? e.message}`;
    }
  }
  throw new Error(`${lastError} (after ${retries + 1} attempts)`);
}

function describe(body: Record<string, unknown>): string {
  const message = body.message ?? body.error ?? body.reason;
  return typeof message === 'string' ? `: ${message}` : '';
}

function refuse(method: string, reply: Reply): never {
  throw new PermanentActionError(`${method} was refused with ${reply.status}${describe(reply.body)}`);
}

function result(ctx: ActionContext, reply: Reply): ActionResult {
  const attributes = reply.body.attributes;
  return {
    physicalResourceId:
      typeof reply.body.id === 'string' ? reply.body.id : (ctx.physicalResourceId ?? ctx.idempotencyKey),
    ...(attributes && typeof attributes === 'object'
      ? { attributes: attributes as Record<string, unknown> }
      : {}),
    done: reply.body.ready === true,
  };
}

async function put(ctx: ActionContext): Promise<ActionResult> {
  const reply = await call(ctx, 'PUT', {
    action: ctx.action,
    properties: ctx.properties.properties ?? {},
    previousProperties: ctx.previousProperties?.properties ?? null,
    stack: ctx.stackName,
    name: ctx.name,
    resourceId: ctx.resourceId,
  });
  if (reply.status >= 400) refuse(`${ctx.action} (PUT)`, reply);
  return result(ctx, reply);
}

export const webhookType: ResourceType = {
  name: 'Convergence::Webhook',
  description: 'A resource managed by your own HTTP endpoint (see the README for the protocol).',
  properties: {
    url: {
      type: 'string',
      required: true,
      onChange: 'replace',
      description: 'Collection URL; the resource lives at {url}/{idempotency key}.',
      constraints: { pattern: 'https?://.+' },
    },
    headers: { type: 'map', onChange: 'update', description: 'Extra HTTP headers, e.g. Authorization.' },
    properties: {
      type: 'map',
      default: {},
      onChange: 'update',
      description: 'Desired state sent to the endpoint.',
    },
    replace_on: {
      type: 'list',
      items: { type: 'string' },
      default: [],
      onChange: 'update',
      description: 'Keys of `properties` whose change needs a new resource instead of an update.',
    },
    timeout_secs: {
      type: 'number',
      default: 10,
      onChange: 'update',
      constraints: { range: { min: 0.1, max: 600 } },
    },
    retries: { type: 'integer', default: 3, onChange: 'update', constraints: { range: { min: 0, max: 10 } } },
  },
  attributes: {},
  planUpdate(previous, next) {
    const keys = (next.replace_on as string[] | undefined) ?? [];
    const before = (previous.properties as Record<string, unknown> | undefined) ?? {};
    const after = (next.properties as Record<string, unknown> | undefined) ?? {};
    if (keys.some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))) return 'replace';
    return undefined;
  },
  create: put,
  update: put,
  async delete(ctx) {
    const reply = await call(ctx, 'DELETE');
    if (reply.status === 404 || reply.status === 200 || reply.status === 204) return { done: true };
    if (reply.status === 202) return { done: false };
    return refuse('DELETE', reply);
  },
  async observe(ctx): Promise<Observation> {
    const reply = await call(ctx, 'GET');
    if (reply.status === 404) return { state: 'missing' };
    if (reply.status >= 400)
      return { state: 'failed', reason: `GET was refused with ${reply.status}${describe(reply.body)}` };
    if (ctx.action === 'DELETE') return { state: 'pending' };
    if (reply.body.failed === true) {
      const reason =
        typeof reply.body.reason === 'string' ? reply.body.reason : 'the endpoint reported a failure';
      return { state: 'failed', reason };
    }
    if (reply.body.ready !== true) {
      const after = reply.body.retryAfterMs;
      return typeof after === 'number' ? { state: 'pending', retryAfterMs: after } : { state: 'pending' };
    }
    const { physicalResourceId, attributes } = result(ctx, reply);
    return {
      state: 'done',
      physicalResourceId: physicalResourceId ?? null,
      ...(attributes ? { attributes } : {}),
    };
  },
};
