import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  PermanentActionError,
  type ActionContext,
  type ActionResult,
  type Observation,
  type ResourceType,
} from '../types.ts';
import {
  DEFAULT_WEBHOOK_SETTINGS,
  WebhookGuard,
  WebhookRefusal,
  excerpt,
  type WebhookGuardSettings,
} from './webhook-guard.ts';

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
/** Same-origin 307/308 redirects followed per request; anything else is refused. */
const MAX_REDIRECTS = 3;

/** The resource's URL: the key is always the last path segment, whatever the collection URL ends with. */
export function resourceUrl(collection: string, key: string): URL {
  const url = new URL(collection);
  url.hash = '';
  // Drops a bare trailing `?` too (search is '' then).
  if (!url.search) url.search = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(key)}`;
  return url;
}

/** Timeout and retries of one call, bounded so one call never outlasts WEBHOOK_MAX_CALL_SECONDS. */
export function callBudget(
  properties: Record<string, unknown>,
  maxCallSeconds: number,
): { timeoutMs: number; retries: number } {
  const timeout = typeof properties.timeout_secs === 'number' ? properties.timeout_secs : 10;
  const asked = typeof properties.retries === 'number' ? properties.retries : 3;
  const timeoutSecs = Math.min(timeout, maxCallSeconds);
  const retries = Math.max(0, Math.min(asked, Math.floor(maxCallSeconds / timeoutSecs) - 1));
  return { timeoutMs: timeoutSecs * 1000, retries };
}

interface RawAnswer {
  status: number;
  location: string | undefined;
  text: string;
}

/** One HTTP exchange, connected through the guard, reading at most maxResponseBytes of the answer. */
function exchange(
  guard: WebhookGuard,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<RawAnswer> {
  guard.checkLiteral(url.hostname);
  const max = guard.settings.maxResponseBytes;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) },
        lookup: guard.lookup(),
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > max) {
            res.destroy();
            req.destroy();
            reject(
              new WebhookRefusal(
                'WEBHOOK_RESPONSE_TOO_LARGE',
                `${method} ${url.origin} answered more than ${max} bytes (WEBHOOK_MAX_RESPONSE_BYTES)`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function decode(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { message: excerpt(text) };
  } catch {
    return { message: excerpt(text) };
  }
}

async function call(guard: WebhookGuard, ctx: ActionContext, method: string, body?: unknown): Promise<Reply> {
  const p = ctx.properties;
  const target = resourceUrl(String(p.url), ctx.idempotencyKey);
  const shown = `${method} ${target.origin}${target.pathname}`;
  const { timeoutMs, retries } = callBudget(p, guard.settings.maxCallSeconds);
  const headers: Record<string, string> = {
    ...((p.headers as Record<string, string> | undefined) ?? {}),
    'idempotency-key': ctx.idempotencyKey,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const payload = body === undefined ? undefined : JSON.stringify(body);
  let lastError = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep(Math.min(200 * 2 ** (attempt - 1), 3000), undefined, { signal: ctx.signal });
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
    try {
      let url = target;
      let answer = await exchange(guard, url, method, headers, payload, signal);
      for (let hop = 0; answer.status >= 300 && answer.status < 400; hop++) {
        const next = answer.location ? new URL(answer.location, url) : null;
        // Following a redirect elsewhere would send the template's headers (credentials) there
        // and let an endpoint point the service at any address: only same-origin 307/308 are followed.
        if (!next || next.origin !== url.origin || (answer.status !== 307 && answer.status !== 308))
          throw new WebhookRefusal(
            'WEBHOOK_REDIRECT_REFUSED',
            `${shown} answered ${answer.status}${next ? ` to ${next.origin}` : ''}: only same-origin 307/308 redirects are followed`,
          );
        if (hop >= MAX_REDIRECTS)
          throw new WebhookRefusal(
            'WEBHOOK_REDIRECT_REFUSED',
            `${shown}: more than ${MAX_REDIRECTS} redirects`,
          );
        url = next;
        answer = await exchange(guard, url, method, headers, payload, signal);
      }
      const parsed = decode(answer.text);
      if (TRANSIENT(answer.status)) {
        lastError = `${shown} answered ${answer.status}${describe(parsed)}`;
        continue;
      }
      return { status: answer.status, body: parsed };
    } catch (error) {
      if (ctx.signal.aborted || error instanceof PermanentActionError) throw error;
      const e = error as Error;
      lastError =
        e.name === 'TimeoutError' || (e.name === 'AbortError' && signal.aborted)
          ? `${shown} got no answer within ${timeoutMs / 1000} s`
          : `${shown} failed: ${excerpt((e.cause as Error | undefined)?.message ?? e.message)}`;
    }
  }
  throw new Error(`${lastError} (after ${retries + 1} attempts)`);
}

function describe(body: Record<string, unknown>): string {
  const message = body.message ?? body.error ?? body.reason;
  return typeof message === 'string' ? `: ${excerpt(message)}` : '';
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

async function put(guard: WebhookGuard, ctx: ActionContext): Promise<ActionResult> {
  const reply = await call(guard, ctx, 'PUT', {
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

/** The webhook type calling only where `settings` allow (see webhook-guard.ts). */
export function createWebhookType(settings: WebhookGuardSettings = DEFAULT_WEBHOOK_SETTINGS): ResourceType {
  const guard = new WebhookGuard(settings);
  return {
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
      retries: {
        type: 'integer',
        default: 3,
        onChange: 'update',
        constraints: { range: { min: 0, max: 10 } },
      },
    },
    attributes: {},
    planUpdate(previous, next) {
      const keys = (next.replace_on as string[] | undefined) ?? [];
      const before = (previous.properties as Record<string, unknown> | undefined) ?? {};
      const after = (next.properties as Record<string, unknown> | undefined) ?? {};
      if (keys.some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))) return 'replace';
      return undefined;
    },
    validate(properties) {
      const timeout = properties.timeout_secs;
      const retries = properties.retries;
      if (typeof timeout !== 'number' || typeof retries !== 'number') return [];
      const total = timeout * (retries + 1);
      return total > settings.maxCallSeconds
        ? [
            `timeout_secs × (retries + 1) is ${total} s; the service allows at most ${settings.maxCallSeconds} s per call (WEBHOOK_MAX_CALL_SECONDS)`,
          ]
        : [];
    },
    create: (ctx) => put(guard, ctx),
    update: (ctx) => put(guard, ctx),
    async delete(ctx) {
      const reply = await call(guard, ctx, 'DELETE');
      if (reply.status === 404 || reply.status === 200 || reply.status === 204) return { done: true };
      if (reply.status === 202) return { done: false };
      return refuse('DELETE', reply);
    },
    async observe(ctx): Promise<Observation> {
      const reply = await call(guard, ctx, 'GET');
      if (reply.status === 404) return { state: 'missing' };
      if (reply.status >= 400)
        return { state: 'failed', reason: `GET was refused with ${reply.status}${describe(reply.body)}` };
      if (ctx.action === 'DELETE') return { state: 'pending' };
      if (reply.body.failed === true) {
        const reason =
          typeof reply.body.reason === 'string'
            ? excerpt(reply.body.reason, 500)
            : 'the endpoint reported a failure';
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
}

/** With the strictest defaults (no loopback): the service builds its own from the settings. */
export const webhookType: ResourceType = createWebhookType();
