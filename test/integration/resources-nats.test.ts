import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connections } from '../../src/resources/clients.ts';
import { ConnectionSet, localDefaults } from '../../src/resources/connections.ts';
import { natsTypes } from '../../src/resources/nats/index.ts';
import type { ResourceType } from '../../src/resources/types.ts';
import {
  SWEEP_PREFIX,
  actionContext,
  createAndObserve,
  deleteAndConfirm,
  ensureServer,
  runPrefix,
} from './resources-support.ts';

const prefix = runPrefix('nats');
const connections = new Connections(new ConnectionSet(localDefaults()));
const types = new Map(natsTypes(connections).map((t) => [t.name, t]));
const type = (name: string): ResourceType => types.get(name)!;
let nc: NatsConnection;

async function sweep(start: string) {
  const jsm = await nc.jetstreamManager();
  for await (const s of jsm.streams.list()) {
    const name = s.config.name;
    if (name.startsWith(start) || name.startsWith(`KV_${start}`)) await jsm.streams.delete(name);
  }
}

beforeAll(async () => {
  await ensureServer('nats', 4222);
  nc = await connect({ servers: '127.0.0.1:4222' });
  await sweep(`${SWEEP_PREFIX}nats_`);
});

afterAll(async () => {
  await connections.close();
  await sweep(prefix);
  await nc.drain();
});

describe('NATS JetStream types against the real server', () => {
  it('stream and consumer: create, publish, consume, update in place, replace, delete', async () => {
    const streamName = `${prefix}ORDERS`;
    const subject = `${prefix}orders.>`;
    const s = actionContext('CREATE', {
      name: streamName,
      subjects: [subject],
      retention: 'limits',
      storage: 'file',
      max_msgs: 100,
    });
    expect((await createAndObserve(type('NATS::Stream'), s)).observed).toMatchObject({
      state: 'done',
      attributes: { name: streamName, max_msgs: 100, messages: 0 },
    });
    await type('NATS::Stream').create(s); // idempotent re-run
    const js = nc.jetstream();
    for (let i = 0; i < 3; i++)
      await js.publish(`${prefix}orders.created`, new TextEncoder().encode(`m${i}`));
    expect(await type('NATS::Stream').observe(s)).toMatchObject({ attributes: { messages: 3, last_seq: 3 } });

    // Limits update in place: the same stream keeps its messages.
    await type('NATS::Stream').update({
      ...s,
      action: 'UPDATE',
      properties: { ...s.properties, max_msgs: 2 },
    });
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(streamName);
    expect(info.config.max_msgs).toBe(2);
    expect(info.state.messages).toBe(2);
    expect(type('NATS::Stream').properties.retention!.onChange).toBe('replace');
    // A different retention on the same name is refused by the type (a replacement needs a new name).
    await expect(
      type('NATS::Stream').create({ ...s, properties: { ...s.properties, retention: 'workqueue' } }),
    ).rejects.toMatchObject({
      name: 'PermanentActionError',
    });

    const c = actionContext('CREATE', {
      stream: streamName,
      name: 'worker',
      filter_subject: `${prefix}orders.created`,
      ack_policy: 'explicit',
      deliver_policy: 'all',
      ack_wait: 30,
      max_deliver: -1,
    });
    expect((await createAndObserve(type('NATS::Consumer'), c)).observed).toMatchObject({
      attributes: { name: 'worker', num_pending: 2 },
    });
    await type('NATS::Consumer').create(c); // idempotent
    const consumer = await js.consumers.get(streamName, 'worker');
    const batch = await consumer.fetch({ max_messages: 2, expires: 2000 });
    const seen: string[] = [];
    for await (const m of batch) {
      seen.push(new TextDecoder().decode(m.data));
      m.ack();
    }
    expect(seen).toEqual(['m1', 'm2']);
    await type('NATS::Consumer').update({
      ...c,
      action: 'UPDATE',
      properties: { ...c.properties, max_deliver: 5 },
    });
    expect((await jsm.consumers.info(streamName, 'worker')).config.max_deliver).toBe(5);

    await deleteAndConfirm(type('NATS::Consumer'), c);
    await expect(jsm.consumers.info(streamName, 'worker')).rejects.toThrow(/consumer not found/);
    await deleteAndConfirm(type('NATS::Stream'), s);
    await expect(jsm.streams.info(streamName)).rejects.toThrow(/stream not found/);
    await expect(type('NATS::Stream').delete({ ...s, action: 'DELETE' })).resolves.toMatchObject({
      done: true,
    });
  });

  it('key-value bucket: values written by a client are observed; history updates in place', async () => {
    const bucket = `${prefix}config`;
    const kv = actionContext('CREATE', { bucket, history: 1, ttl: 0, max_bytes: -1, storage: 'file' });
    await createAndObserve(type('NATS::KeyValue'), kv);
    await type('NATS::KeyValue').create(kv);
    const store = await nc.jetstream().views.kv(bucket, { bindOnly: true });
    await store.put('feature', new TextEncoder().encode('on'));
    expect(await type('NATS::KeyValue').observe(kv)).toMatchObject({ attributes: { values: 1, history: 1 } });
    await type('NATS::KeyValue').update({
      ...kv,
      action: 'UPDATE',
      properties: { ...kv.properties, history: 5 },
    });
    expect(
      (await (await nc.jetstreamManager()).streams.info(`KV_${bucket}`)).config.max_msgs_per_subject,
    ).toBe(5);
    expect(new TextDecoder().decode((await store.get('feature'))!.value)).toBe('on');
    await deleteAndConfirm(type('NATS::KeyValue'), kv);
    await expect((await nc.jetstreamManager()).streams.info(`KV_${bucket}`)).rejects.toThrow(
      /stream not found/,
    );
  });
});
