// Long on purpose: RabbitMQ's seven types share one management-API client and its error handling.
import { createHash, randomBytes } from 'node:crypto';
import type { Connections } from '../clients.ts';
import type { RabbitSettings } from '../connections.ts';
import { connectionOf, connectionProperty, list, optionalText, text, textOr } from '../common.ts';
import {
  PermanentActionError,
  type ActionContext,
  type ActionResult,
  type Observation,
  type ResourceType,
} from '../types.ts';

/**
 * RabbitMQ::VirtualHost, ::Exchange, ::Queue, ::Binding, ::User, ::Permissions and ::Policy over
 * the management HTTP API (as the Terraform provider does), so no AMQP client is needed. Every
 * path segment is URL-encoded (the default vhost `/` is `%2F`).
 */

interface Reply {
  status: number;
  body: unknown;
  location: string | null;
}

const seg = (s: string) => encodeURIComponent(s);

async function api(
  s: RabbitSettings,
  ctx: ActionContext,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  let res: Response;
  try {
    res = await fetch(`${s.url}/api/${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${s.user}:${s.password}`).toString('base64')}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(15_000)]),
    });
  } catch (error) {
    // Transient (broker restarting, plugin not enabled yet): the engine retries.
    const e = error as Error;
    throw new Error(
      `RabbitMQ management API at ${s.url} did not answer (${(e.cause as Error | undefined)?.message ?? e.message}); is the rabbitmq_management plugin enabled?`,
      { cause: error },
    );
  }
  const textBody = await res.text();
  let parsed: unknown = null;
  if (textBody) {
    try {
      parsed = JSON.parse(textBody);
    } catch {
      parsed = { reason: textBody.slice(0, 300) };
    }
  }
  const reply = { status: res.status, body: parsed, location: res.headers.get('location') };
  if (res.status === 401 || res.status === 403)
    throw new PermanentActionError(
      `RabbitMQ refused the connection's credentials (${res.status})`,
      'CONNECTION_REFUSED',
    );
  if (res.status === 400 || res.status === 405)
    throw new PermanentActionError(
      `RabbitMQ refused ${method} ${decodeURIComponent(path)}: ${reason(parsed)}`,
      'REJECTED',
    );
  if (res.status >= 500) throw new Error(`RabbitMQ answered ${res.status} to ${method}: ${reason(parsed)}`);
  return reply;
}

function reason(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    return textOr(b.reason, textOr(b.error, JSON.stringify(b)));
  }
  return String(body);
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** A JSON shape with sorted keys, to compare arguments. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * A resource living at one management API path: PUT creates or updates it (idempotent), GET
 * observes it, DELETE removes it (404 = already gone).
 */
function pathResource(
  conns: Connections,
  def: Omit<ResourceType, 'create' | 'update' | 'delete' | 'observe'> & {
    path: (p: Record<string, unknown>) => string;
    id: (p: Record<string, unknown>) => string;
    body: (p: Record<string, unknown>) => unknown;
    attributes: ResourceType['attributes'];
    read: (body: Record<string, unknown>, p: Record<string, unknown>) => Record<string, unknown>;
    /** Ready once observed (queues); otherwise a successful PUT completes the action. */
    observeAfterPut?: boolean;
  },
): ResourceType {
  const settings = (ctx: ActionContext) => conns.rabbit(connectionOf(ctx), ctx.tenant);
  const put = async (ctx: ActionContext): Promise<ActionResult> => {
    const s = settings(ctx);
    await api(s, ctx, 'PUT', def.path(ctx.properties), def.body(ctx.properties));
    if (def.observeAfterPut) return { physicalResourceId: def.id(ctx.properties), done: false };
    const got = await api(s, ctx, 'GET', def.path(ctx.properties));
    return {
      physicalResourceId: def.id(ctx.properties),
      attributes: got.status === 200 ? def.read(record(got.body), ctx.properties) : {},
      done: true,
    };
  };
  const { path, id, body, read, observeAfterPut, ...schema } = def;
  void body;
  void observeAfterPut;
  return {
    ...schema,
    create: put,
    update: put,
    async delete(ctx) {
      await api(settings(ctx), ctx, 'DELETE', path(ctx.properties));
      return { done: true };
    },
    async observe(ctx): Promise<Observation> {
      const got = await api(settings(ctx), ctx, 'GET', path(ctx.properties));
      if (got.status === 404) return { state: 'missing' };
      if (ctx.action === 'DELETE') return { state: 'pending' };
      return {
        state: 'done',
        physicalResourceId: id(ctx.properties),
        attributes: read(record(got.body), ctx.properties),
      };
    },
  };
}

const vhostProperty = {
  type: 'string' as const,
  default: '/',
  onChange: 'replace' as const,
  description: 'Virtual host.',
};
const nameProperty = {
  type: 'string' as const,
  required: true,
  onChange: 'replace' as const,
  constraints: { length: { min: 1, max: 255 } },
};
const vhostOf = (p: Record<string, unknown>) => optionalText(p, 'vhost') ?? '/';

/** The management API's `rabbit_password_hashing_sha256`: the clear password never leaves the service. */
export function rabbitPasswordHash(password: string, salt: Buffer = randomBytes(4)): string {
  const digest = createHash('sha256')
    .update(Buffer.concat([salt, Buffer.from(password, 'utf8')]))
    .digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

export function rabbitmqTypes(conns: Connections): ResourceType[] {
  const vhost = pathResource(conns, {
    name: 'RabbitMQ::VirtualHost',
    description: 'A RabbitMQ virtual host.',
    properties: {
      connection: connectionProperty,
      name: nameProperty,
      description: { type: 'string', default: '', onChange: 'update' },
      tags: { type: 'list', items: { type: 'string' }, default: [], onChange: 'update' },
    },
    attributes: {
      name: { description: 'Virtual host name.', type: 'string' },
      description: { description: 'Description.', type: 'string' },
      tags: { description: 'Tags.', type: 'list' },
      messages: { description: 'Messages in all its queues.', type: 'integer' },
    },
    path: (p) => `vhosts/${seg(text(p, 'name'))}`,
    id: (p) => text(p, 'name'),
    body: (p) => ({ description: optionalText(p, 'description') ?? '', tags: list(p, 'tags').join(',') }),
    read: (b, p) => ({
      name: text(p, 'name'),
      description: b.description ?? '',
      tags: Array.isArray(b.tags) ? b.tags : [],
      messages: typeof b.messages === 'number' ? b.messages : 0,
    }),
  });

  const exchange = pathResource(conns, {
    name: 'RabbitMQ::Exchange',
    description: 'An exchange. RabbitMQ cannot change an exchange: every property change replaces it.',
    properties: {
      connection: connectionProperty,
      vhost: vhostProperty,
      name: nameProperty,
      type: {
        type: 'string',
        default: 'direct',
        onChange: 'replace',
        constraints: { pattern: '[a-z0-9.-]+' },
      },
      durable: { type: 'boolean', default: true, onChange: 'replace' },
      auto_delete: { type: 'boolean', default: false, onChange: 'replace' },
      internal: { type: 'boolean', default: false, onChange: 'replace' },
      arguments: { type: 'map', default: {}, onChange: 'replace' },
    },
    attributes: {
      name: { description: 'Exchange name.', type: 'string' },
      vhost: { description: 'Virtual host.', type: 'string' },
      type: { description: 'Exchange type.', type: 'string' },
      durable: { description: 'Survives a broker restart.', type: 'boolean' },
    },
    path: (p) => `exchanges/${seg(vhostOf(p))}/${seg(text(p, 'name'))}`,
    id: (p) => `${vhostOf(p)}/${text(p, 'name')}`,
    body: (p) => ({
      type: text(p, 'type'),
      durable: p.durable !== false,
      auto_delete: p.auto_delete === true,
      internal: p.internal === true,
      arguments: record(p.arguments),
    }),
    read: (b) => ({
      name: b.name,
      vhost: b.vhost,
      type: b.type,
      durable: b.durable,
      auto_delete: b.auto_delete,
    }),
  });

  const queue = pathResource(conns, {
    name: 'RabbitMQ::Queue',
    description:
      'A queue (classic, quorum or stream). RabbitMQ cannot change a queue: every property change replaces it.',
    properties: {
      connection: connectionProperty,
      vhost: vhostProperty,
      name: nameProperty,
      type: {
        type: 'string',
        default: 'classic',
        onChange: 'replace',
        constraints: { allowedValues: ['classic', 'quorum', 'stream'] },
      },
      durable: { type: 'boolean', default: true, onChange: 'replace' },
      auto_delete: { type: 'boolean', default: false, onChange: 'replace' },
      arguments: {
        type: 'map',
        default: {},
        onChange: 'replace',
        description: 'x-arguments, e.g. x-max-length.',
      },
    },
    attributes: {
      name: { description: 'Queue name.', type: 'string' },
      vhost: { description: 'Virtual host.', type: 'string' },
      type: { description: 'Queue type as the broker reports it.', type: 'string' },
      durable: { description: 'Survives a broker restart.', type: 'boolean' },
      messages: {
        description: 'Messages in the queue (the broker samples this every few seconds).',
        type: 'integer',
      },
      consumers: { description: 'Consumers attached.', type: 'integer' },
      state: { description: 'Queue process state (running...).', type: 'string' },
    },
    validate: (p) =>
      (p.type === 'quorum' || p.type === 'stream') && p.durable === false
        ? [`${String(p.type)} queues are always durable: durable must be true`]
        : [],
    observeAfterPut: true,
    path: (p) => `queues/${seg(vhostOf(p))}/${seg(text(p, 'name'))}`,
    id: (p) => `${vhostOf(p)}/${text(p, 'name')}`,
    body: (p) => ({
      durable: p.durable !== false,
      auto_delete: p.auto_delete === true,
      arguments: { ...record(p.arguments), 'x-queue-type': optionalText(p, 'type') ?? 'classic' },
    }),
    read: (b) => ({
      name: b.name,
      vhost: b.vhost,
      type: b.type,
      durable: b.durable,
      messages: typeof b.messages === 'number' ? b.messages : 0,
      consumers: typeof b.consumers === 'number' ? b.consumers : 0,
      state: b.state ?? 'running',
    }),
  });

  const user = pathResource(conns, {
    name: 'RabbitMQ::User',
    description: 'A RabbitMQ user. The password is sent as its salted SHA-256 hash.',
    properties: {
      connection: connectionProperty,
      name: nameProperty,
      password: {
        type: 'string',
        secret: true,
        onChange: 'update',
        description: 'Omit for a user that cannot log in with a password.',
      },
      tags: {
        type: 'list',
        items: { type: 'string' },
        default: [],
        onChange: 'update',
        description: 'e.g. management, monitoring, administrator.',
      },
    },
    attributes: {
      name: { description: 'User name.', type: 'string' },
      tags: { description: 'Tags.', type: 'list' },
    },
    path: (p) => `users/${seg(text(p, 'name'))}`,
    id: (p) => text(p, 'name'),
    body: (p) => {
      const password = optionalText(p, 'password');
      return {
        password_hash: password === undefined ? '' : rabbitPasswordHash(password),
        hashing_algorithm: 'rabbit_password_hashing_sha256',
        tags: list(p, 'tags').join(','),
      };
    },
    read: (b, p) => ({
      name: text(p, 'name'),
      tags: Array.isArray(b.tags) ? b.tags : textOr(b.tags, '').split(',').filter(Boolean),
    }),
  });

  const permissions = pathResource(conns, {
    name: 'RabbitMQ::Permissions',
    description: "A user's configure/write/read permissions (regular expressions) on a virtual host.",
    properties: {
      connection: connectionProperty,
      vhost: vhostProperty,
      user: { type: 'string', required: true, onChange: 'replace' },
      configure: { type: 'string', default: '.*', onChange: 'update' },
      write: { type: 'string', default: '.*', onChange: 'update' },
      read: { type: 'string', default: '.*', onChange: 'update' },
    },
    attributes: {
      configure: { description: 'Configure pattern.', type: 'string' },
      write: { description: 'Write pattern.', type: 'string' },
      read: { description: 'Read pattern.', type: 'string' },
    },
    path: (p) => `permissions/${seg(vhostOf(p))}/${seg(text(p, 'user'))}`,
    id: (p) => `${text(p, 'user')}@${vhostOf(p)}`,
    body: (p) => ({
      configure: textOr(p.configure, '.*'),
      write: textOr(p.write, '.*'),
      read: textOr(p.read, '.*'),
    }),
    read: (b) => ({ configure: b.configure, write: b.write, read: b.read }),
  });

  const policy = pathResource(conns, {
    name: 'RabbitMQ::Policy',
    description:
      'A policy applying a definition (e.g. max-length, message-ttl) to matching queues or exchanges.',
    properties: {
      connection: connectionProperty,
      vhost: vhostProperty,
      name: nameProperty,
      pattern: { type: 'string', required: true, onChange: 'update' },
      definition: { type: 'map', required: true, onChange: 'update' },
      priority: { type: 'integer', default: 0, onChange: 'update' },
      apply_to: {
        type: 'string',
        default: 'all',
        onChange: 'update',
        constraints: {
          allowedValues: ['all', 'queues', 'exchanges', 'classic_queues', 'quorum_queues', 'streams'],
        },
      },
    },
    attributes: {
      pattern: { description: 'Pattern.', type: 'string' },
      definition: { description: 'Definition.', type: 'map' },
      priority: { description: 'Priority.', type: 'integer' },
      apply_to: { description: 'What it applies to.', type: 'string' },
    },
    path: (p) => `policies/${seg(vhostOf(p))}/${seg(text(p, 'name'))}`,
    id: (p) => `${vhostOf(p)}/${text(p, 'name')}`,
    body: (p) => ({
      pattern: text(p, 'pattern'),
      definition: record(p.definition),
      priority: typeof p.priority === 'number' ? p.priority : 0,
      'apply-to': optionalText(p, 'apply_to') ?? 'all',
    }),
    read: (b) => ({
      pattern: b.pattern,
      definition: b.definition,
      priority: b.priority,
      apply_to: b['apply-to'],
    }),
  });

  return [vhost, exchange, queue, bindingType(conns), user, permissions, policy];
}

function bindingType(conns: Connections): ResourceType {
  const settings = (ctx: ActionContext) => conns.rabbit(connectionOf(ctx), ctx.tenant);
  const base = (p: Record<string, unknown>) =>
    `bindings/${seg(vhostOf(p))}/e/${seg(text(p, 'source'))}/${p.destination_type === 'exchange' ? 'e' : 'q'}/${seg(text(p, 'destination'))}`;
  /** The binding matching the properties, or null; undefined when source or destination is gone. */
  const find = async (ctx: ActionContext) => {
    const got = await api(settings(ctx), ctx, 'GET', base(ctx.properties));
    if (got.status === 404) return undefined;
    const wantKey = textOr(ctx.properties.routing_key, '');
    const wantArgs = canonical(record(ctx.properties.arguments));
    const all = Array.isArray(got.body) ? (got.body as Array<Record<string, unknown>>) : [];
    return all.find((b) => b.routing_key === wantKey && canonical(record(b.arguments)) === wantArgs) ?? null;
  };
  const id = (p: Record<string, unknown>, key: unknown) =>
    `${vhostOf(p)}/${text(p, 'source')}->${textOr(p.destination_type, 'queue')}:${text(p, 'destination')}/${String(key)}`;
  return {
    name: 'RabbitMQ::Binding',
    description:
      'Binds a queue or exchange to a source exchange. Bindings cannot change: every property change replaces it.',
    properties: {
      connection: connectionProperty,
      vhost: vhostProperty,
      source: { type: 'string', required: true, onChange: 'replace', constraints: { length: { min: 1 } } },
      destination: { type: 'string', required: true, onChange: 'replace' },
      destination_type: {
        type: 'string',
        default: 'queue',
        onChange: 'replace',
        constraints: { allowedValues: ['queue', 'exchange'] },
      },
      routing_key: { type: 'string', default: '', onChange: 'replace' },
      arguments: { type: 'map', default: {}, onChange: 'replace' },
    },
    attributes: {
      properties_key: { description: 'The management API key of the binding.', type: 'string' },
      routing_key: { description: 'Routing key.', type: 'string' },
    },
    async create(ctx) {
      const existing = await find(ctx);
      if (existing === undefined)
        throw new Error('the source exchange or the destination does not exist (yet)');
      if (!existing)
        await api(settings(ctx), ctx, 'POST', base(ctx.properties), {
          routing_key: textOr(ctx.properties.routing_key, ''),
          arguments: record(ctx.properties.arguments),
        });
      const made = await find(ctx);
      if (!made) throw new Error('the binding was not found after it was made');
      return {
        physicalResourceId: id(ctx.properties, made.properties_key),
        attributes: { properties_key: made.properties_key, routing_key: made.routing_key },
        done: true,
      };
    },
    update: () => Promise.resolve({ done: true }),
    async delete(ctx) {
      const existing = await find(ctx);
      if (existing)
        await api(
          settings(ctx),
          ctx,
          'DELETE',
          `${base(ctx.properties)}/${seg(String(existing.properties_key))}`,
        );
      return { done: true };
    },
    async observe(ctx): Promise<Observation> {
      const existing = await find(ctx);
      if (!existing) return { state: 'missing' };
      if (ctx.action === 'DELETE') return { state: 'pending' };
      return {
        state: 'done',
        physicalResourceId: id(ctx.properties, existing.properties_key),
        attributes: { properties_key: existing.properties_key, routing_key: existing.routing_key },
      };
    },
  };
}
