// Long on purpose: NATS's three types share one connection, one JetStream manager and the same observe helpers.
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  NatsError,
  RetentionPolicy,
  StorageType,
  nanos,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamInfo,
} from 'nats';
import type { Connections } from '../clients.ts';
import { connectionOf, connectionProperty, list, optionalText, text } from '../common.ts';
import {
  PermanentActionError,
  type ActionContext,
  type ActionResult,
  type Observation,
  type ResourceType,
} from '../types.ts';

/** NATS::Stream, ::Consumer and ::KeyValue over the `nats` package (v2) and JetStream's API. */

const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

const apiCode = (error: unknown) => (error instanceof NatsError ? error.api_error?.err_code : undefined);
const notFound = (error: unknown) => {
  const code = apiCode(error);
  return code === STREAM_NOT_FOUND || code === CONSUMER_NOT_FOUND;
};

/** JetStream API errors (bad config, names in use) are the request's fault; connection trouble is not. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const code = apiCode(error);
    if (code !== undefined && !notFound(error))
      throw new PermanentActionError(
        `JetStream refused: ${(error as Error).message} (err_code ${code})`,
        'REJECTED',
      );
    throw error;
  }
}

async function jsm(conns: Connections, ctx: ActionContext): Promise<JetStreamManager> {
  const nc = await conns.natsConnection(connectionOf(ctx), ctx.tenant);
  return nc.jetstreamManager();
}

async function orMissing<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
}

const NAME = { pattern: '[A-Za-z0-9_-]{1,255}' };
const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
const seconds = (v: unknown) => nanos(Math.round(num(v, 0) * 1000));

function enumValue<T extends Record<string, string>>(values: T, given: unknown, what: string): T[keyof T] {
  const found = Object.values(values).find((v) => v === given);
  if (!found) throw new PermanentActionError(`unknown ${what}: ${String(given)}`, 'INVALID_PROPERTY');
  return found as T[keyof T];
}

// ---------------------------------------------------------------- Stream

function streamAttributes(info: StreamInfo) {
  return {
    name: info.config.name,
    subjects: info.config.subjects ?? [],
    retention: info.config.retention,
    max_msgs: info.config.max_msgs,
    messages: info.state.messages,
    bytes: info.state.bytes,
    first_seq: info.state.first_seq,
    last_seq: info.state.last_seq,
    consumer_count: info.state.consumer_count,
  };
}

function streamType(conns: Connections): ResourceType {
  const mutable = (p: Record<string, unknown>) => ({
    subjects: list(p, 'subjects').length ? list(p, 'subjects') : [text(p, 'name')],
    max_msgs: num(p.max_msgs, -1),
    max_bytes: num(p.max_bytes, -1),
    max_age: seconds(p.max_age),
    num_replicas: num(p.replicas, 1),
    discard: enumValue(DiscardPolicy, p.discard ?? 'old', 'discard policy'),
    description: optionalText(p, 'description') ?? '',
  });
  const apply = (ctx: ActionContext) =>
    guarded(async (): Promise<ActionResult> => {
      const p = ctx.properties;
      const name = text(p, 'name');
      const m = await jsm(conns, ctx);
      const existing = await orMissing(() => m.streams.info(name));
      let info: StreamInfo;
      if (existing) {
        // A re-run after a crash, or an update: bring the mutable settings to what is declared.
        if (existing.config.retention !== p.retention || existing.config.storage !== p.storage)
          throw new PermanentActionError(
            `stream ${name} already exists with another retention or storage`,
            'ALREADY_EXISTS',
          );
        info = await m.streams.update(name, mutable(p));
      } else {
        info = await m.streams.add({
          name,
          ...mutable(p),
          retention: enumValue(RetentionPolicy, p.retention, 'retention'),
          storage: enumValue(StorageType, p.storage, 'storage'),
        });
      }
      return { physicalResourceId: name, attributes: streamAttributes(info), done: true };
    });
  return {
    name: 'NATS::Stream',
    description:
      'A JetStream stream. Name, retention and storage replace it; limits and subjects update in place.',
    properties: {
      connection: connectionProperty,
      name: { type: 'string', required: true, onChange: 'replace', constraints: NAME },
      subjects: {
        type: 'list',
        items: { type: 'string' },
        default: [],
        onChange: 'update',
        description: 'Default: the name.',
      },
      retention: {
        type: 'string',
        default: 'limits',
        onChange: 'replace',
        constraints: { allowedValues: ['limits', 'interest', 'workqueue'] },
      },
      storage: {
        type: 'string',
        default: 'file',
        onChange: 'replace',
        constraints: { allowedValues: ['file', 'memory'] },
      },
      max_msgs: { type: 'integer', default: -1, onChange: 'update', constraints: { range: { min: -1 } } },
      max_bytes: { type: 'integer', default: -1, onChange: 'update', constraints: { range: { min: -1 } } },
      max_age: {
        type: 'number',
        default: 0,
        onChange: 'update',
        description: 'Seconds; 0: unlimited.',
        constraints: { range: { min: 0 } },
      },
      replicas: {
        type: 'integer',
        default: 1,
        onChange: 'update',
        constraints: { range: { min: 1, max: 5 } },
      },
      discard: {
        type: 'string',
        default: 'old',
        onChange: 'update',
        constraints: { allowedValues: ['old', 'new'] },
      },
      description: { type: 'string', onChange: 'update' },
    },
    attributes: {
      name: { description: 'Stream name.', type: 'string' },
      subjects: { description: 'Subjects.', type: 'list' },
      retention: { description: 'Retention policy.', type: 'string' },
      max_msgs: { description: 'Message limit.', type: 'integer' },
      messages: { description: 'Messages stored.', type: 'integer' },
      bytes: { description: 'Bytes stored.', type: 'integer' },
      first_seq: { description: 'First sequence.', type: 'integer' },
      last_seq: { description: 'Last sequence.', type: 'integer' },
      consumer_count: { description: 'Consumers.', type: 'integer' },
    },
    create: apply,
    update: apply,
    delete: (ctx) =>
      guarded(async () => {
        const m = await jsm(conns, ctx);
        await orMissing(() => m.streams.delete(text(ctx.properties, 'name')));
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        const m = await jsm(conns, ctx);
        const info = await orMissing(() => m.streams.info(text(ctx.properties, 'name')));
        if (!info) return { state: 'missing' };
        if (ctx.action === 'DELETE') return { state: 'pending' };
        return { state: 'done', physicalResourceId: info.config.name, attributes: streamAttributes(info) };
      }),
  };
}

// ---------------------------------------------------------------- Consumer

function consumerAttributes(info: ConsumerInfo) {
  return {
    name: info.name,
    stream: info.stream_name,
    num_pending: info.num_pending,
    num_ack_pending: info.num_ack_pending,
    num_redelivered: info.num_redelivered,
    delivered_stream_seq: info.delivered.stream_seq,
  };
}

function consumerType(conns: Connections): ResourceType {
  const mutable = (p: Record<string, unknown>) => ({
    max_deliver: num(p.max_deliver, -1),
    ack_wait: seconds(num(p.ack_wait, 30)),
    description: optionalText(p, 'description') ?? '',
  });
  const id = (p: Record<string, unknown>) => `${text(p, 'stream')}/${text(p, 'name')}`;
  const apply = (ctx: ActionContext) =>
    guarded(async (): Promise<ActionResult> => {
      const p = ctx.properties;
      const stream = text(p, 'stream');
      const name = text(p, 'name');
      const m = await jsm(conns, ctx);
      const existing = await orMissing(() => m.consumers.info(stream, name));
      const filter = optionalText(p, 'filter_subject');
      const info = existing
        ? await m.consumers.update(stream, name, mutable(p))
        : await m.consumers.add(stream, {
            durable_name: name,
            ...mutable(p),
            ...(filter ? { filter_subject: filter } : {}),
            ack_policy: enumValue(AckPolicy, p.ack_policy, 'ack policy'),
            deliver_policy: enumValue(DeliverPolicy, p.deliver_policy, 'deliver policy'),
          });
      return { physicalResourceId: id(p), attributes: consumerAttributes(info), done: true };
    });
  return {
    name: 'NATS::Consumer',
    description: 'A durable JetStream consumer on a stream.',
    properties: {
      connection: connectionProperty,
      stream: { type: 'string', required: true, onChange: 'replace', constraints: NAME },
      name: { type: 'string', required: true, onChange: 'replace', constraints: NAME },
      filter_subject: { type: 'string', onChange: 'replace' },
      ack_policy: {
        type: 'string',
        default: 'explicit',
        onChange: 'replace',
        constraints: { allowedValues: ['explicit', 'none', 'all'] },
      },
      deliver_policy: {
        type: 'string',
        default: 'all',
        onChange: 'replace',
        constraints: { allowedValues: ['all', 'last', 'new', 'last_per_subject'] },
      },
      max_deliver: { type: 'integer', default: -1, onChange: 'update' },
      ack_wait: {
        type: 'number',
        default: 30,
        onChange: 'update',
        description: 'Seconds.',
        constraints: { range: { min: 0.001 } },
      },
      description: { type: 'string', onChange: 'update' },
    },
    attributes: {
      name: { description: 'Consumer name.', type: 'string' },
      stream: { description: 'Stream name.', type: 'string' },
      num_pending: { description: 'Messages not yet delivered.', type: 'integer' },
      num_ack_pending: { description: 'Delivered, awaiting acknowledgement.', type: 'integer' },
      num_redelivered: { description: 'Redelivered messages.', type: 'integer' },
      delivered_stream_seq: { description: 'Last delivered stream sequence.', type: 'integer' },
    },
    create: apply,
    update: apply,
    delete: (ctx) =>
      guarded(async () => {
        const m = await jsm(conns, ctx);
        await orMissing(() =>
          m.consumers.delete(text(ctx.properties, 'stream'), text(ctx.properties, 'name')),
        );
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        const m = await jsm(conns, ctx);
        const info = await orMissing(() =>
          m.consumers.info(text(ctx.properties, 'stream'), text(ctx.properties, 'name')),
        );
        if (!info) return { state: 'missing' };
        if (ctx.action === 'DELETE') return { state: 'pending' };
        return {
          state: 'done',
          physicalResourceId: id(ctx.properties),
          attributes: consumerAttributes(info),
        };
      }),
  };
}

// ---------------------------------------------------------------- KeyValue

function kvType(conns: Connections): ResourceType {
  const streamOf = (p: Record<string, unknown>) => `KV_${text(p, 'bucket')}`;
  const attributes = (info: StreamInfo, bucket: string) => ({
    bucket,
    values: info.state.messages,
    bytes: info.state.bytes,
    history: info.config.max_msgs_per_subject,
  });
  return {
    name: 'NATS::KeyValue',
    description: 'A JetStream key-value bucket.',
    properties: {
      connection: connectionProperty,
      bucket: { type: 'string', required: true, onChange: 'replace', constraints: NAME },
      history: {
        type: 'integer',
        default: 1,
        onChange: 'update',
        constraints: { range: { min: 1, max: 64 } },
      },
      ttl: {
        type: 'number',
        default: 0,
        onChange: 'update',
        description: 'Seconds a value lives; 0: forever.',
        constraints: { range: { min: 0 } },
      },
      max_bytes: { type: 'integer', default: -1, onChange: 'update' },
      storage: {
        type: 'string',
        default: 'file',
        onChange: 'replace',
        constraints: { allowedValues: ['file', 'memory'] },
      },
    },
    attributes: {
      bucket: { description: 'Bucket name.', type: 'string' },
      values: { description: 'Stored values (all revisions kept).', type: 'integer' },
      bytes: { description: 'Bytes stored.', type: 'integer' },
      history: { description: 'Revisions kept per key.', type: 'integer' },
    },
    create: (ctx) =>
      guarded(async () => {
        const p = ctx.properties;
        const bucket = text(p, 'bucket');
        const nc = await conns.natsConnection(connectionOf(ctx), ctx.tenant);
        // views.kv creates the bucket when missing and binds to it when present (a re-run).
        await nc.jetstream().views.kv(bucket, {
          history: num(p.history, 1),
          ttl: Math.round(num(p.ttl, 0) * 1000),
          max_bytes: num(p.max_bytes, -1),
          storage: enumValue(StorageType, p.storage, 'storage'),
        });
        const m = await nc.jetstreamManager();
        const info = await m.streams.update(streamOf(p), {
          max_msgs_per_subject: num(p.history, 1),
          max_age: seconds(p.ttl),
          max_bytes: num(p.max_bytes, -1),
        });
        return { physicalResourceId: bucket, attributes: attributes(info, bucket), done: true };
      }),
    update: (ctx) =>
      guarded(async () => {
        const p = ctx.properties;
        const m = await jsm(conns, ctx);
        const info = await m.streams.update(streamOf(p), {
          max_msgs_per_subject: num(p.history, 1),
          max_age: seconds(p.ttl),
          max_bytes: num(p.max_bytes, -1),
        });
        return {
          physicalResourceId: text(p, 'bucket'),
          attributes: attributes(info, text(p, 'bucket')),
          done: true,
        };
      }),
    delete: (ctx) =>
      guarded(async () => {
        const m = await jsm(conns, ctx);
        await orMissing(() => m.streams.delete(streamOf(ctx.properties)));
        return { done: true };
      }),
    observe: (ctx) =>
      guarded(async (): Promise<Observation> => {
        const m = await jsm(conns, ctx);
        const info = await orMissing(() => m.streams.info(streamOf(ctx.properties)));
        if (!info) return { state: 'missing' };
        if (ctx.action === 'DELETE') return { state: 'pending' };
        const bucket = text(ctx.properties, 'bucket');
        return { state: 'done', physicalResourceId: bucket, attributes: attributes(info, bucket) };
      }),
  };
}

export function natsTypes(conns: Connections): ResourceType[] {
  return [streamType(conns), consumerType(conns), kvType(conns)];
}
