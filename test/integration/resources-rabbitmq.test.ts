import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connections } from '../../src/resources/clients.ts';
import { ConnectionSet, localDefaults } from '../../src/resources/connections.ts';
import { rabbitmqTypes } from '../../src/resources/rabbitmq/index.ts';
import type { ResourceType } from '../../src/resources/types.ts';
import {
  SWEEP_PREFIX,
  actionContext,
  createAndObserve,
  deleteAndConfirm,
  ensureRabbitManagement,
  runPrefix,
} from './resources-support.ts';

const prefix = runPrefix('rmq');
const connections = new Connections(new ConnectionSet(localDefaults()));
const types = new Map(rabbitmqTypes(connections).map((t) => [t.name, t]));
const type = (name: string): ResourceType => types.get(name)!;
const seg = encodeURIComponent;

/** The broker's own management API, as guest: how the tests check what is really there. */
async function broker(method: string, path: string, body?: unknown, auth = 'guest:guest') {
  const res = await fetch(`http://127.0.0.1:15672/api/${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown> & unknown[]) : null,
  };
}

async function sweep(start: string) {
  const vhosts = (await broker('GET', 'vhosts')).body as Array<{ name: string }>;
  for (const v of vhosts.filter((x) => x.name.startsWith(start)))
    await broker('DELETE', `vhosts/${seg(v.name)}`);
  const users = (await broker('GET', 'users')).body as Array<{ name: string }>;
  for (const u of users.filter((x) => x.name.startsWith(start)))
    await broker('DELETE', `users/${seg(u.name)}`);
}

beforeAll(async () => {
  await ensureRabbitManagement();
  await sweep(`${SWEEP_PREFIX}rmq_`);
});

afterAll(async () => {
  await connections.close();
  await sweep(prefix);
});

describe('RabbitMQ types against the real broker (management API)', () => {
  it('vhost, exchange, quorum queue, binding: messages published to the exchange reach the queue', async () => {
    const vhostName = `${prefix}vh/one`;
    const vh = actionContext('CREATE', { name: vhostName, description: 'first', tags: [] });
    expect((await createAndObserve(type('RabbitMQ::VirtualHost'), vh)).observed).toMatchObject({
      state: 'done',
      attributes: { name: vhostName, description: 'first' },
    });
    await type('RabbitMQ::VirtualHost').create(vh); // idempotent
    await type('RabbitMQ::VirtualHost').update({
      ...vh,
      action: 'UPDATE',
      properties: { ...vh.properties, description: 'second' },
    });
    expect((await broker('GET', `vhosts/${seg(vhostName)}`)).body).toMatchObject({ description: 'second' });

    const ex = actionContext('CREATE', {
      vhost: vhostName,
      name: 'orders',
      type: 'topic',
      durable: true,
      auto_delete: false,
      internal: false,
      arguments: {},
    });
    expect((await createAndObserve(type('RabbitMQ::Exchange'), ex)).observed).toMatchObject({
      attributes: { type: 'topic', durable: true },
    });
    const q = actionContext('CREATE', {
      vhost: vhostName,
      name: 'orders.created',
      type: 'quorum',
      durable: true,
      auto_delete: false,
      arguments: { 'x-max-length': 1000 },
    });
    const { created, observed } = await createAndObserve(type('RabbitMQ::Queue'), q);
    expect(created.done).toBe(false); // readiness is observed
    expect(observed).toMatchObject({ attributes: { type: 'quorum', durable: true } });
    await type('RabbitMQ::Queue').create(q); // idempotent re-run
    // Changing a queue's type is a replacement; RabbitMQ itself refuses to redeclare it.
    expect(type('RabbitMQ::Queue').properties.type!.onChange).toBe('replace');
    await expect(
      type('RabbitMQ::Queue').create({ ...q, properties: { ...q.properties, type: 'classic' } }),
    ).rejects.toMatchObject({ name: 'PermanentActionError' });

    const b = actionContext('CREATE', {
      vhost: vhostName,
      source: 'orders',
      destination: 'orders.created',
      destination_type: 'queue',
      routing_key: 'order.*',
      arguments: {},
    });
    await createAndObserve(type('RabbitMQ::Binding'), b);
    await type('RabbitMQ::Binding').create(b); // no second binding
    const bindings = (await broker('GET', `bindings/${seg(vhostName)}/e/orders/q/orders.created`))
      .body as unknown[];
    expect(bindings).toHaveLength(1);

    const published = await broker('POST', `exchanges/${seg(vhostName)}/orders/publish`, {
      properties: {},
      routing_key: 'order.created',
      payload: 'hello',
      payload_encoding: 'string',
    });
    expect(published.body).toMatchObject({ routed: true });
    const got = await broker('POST', `queues/${seg(vhostName)}/orders.created/get`, {
      count: 1,
      ackmode: 'ack_requeue_false',
      encoding: 'auto',
    });
    expect((got.body as Array<{ payload: string }>)[0]!.payload).toBe('hello');

    await deleteAndConfirm(type('RabbitMQ::Binding'), b);
    const unrouted = await broker('POST', `exchanges/${seg(vhostName)}/orders/publish`, {
      properties: {},
      routing_key: 'order.created',
      payload: 'x',
      payload_encoding: 'string',
    });
    expect(unrouted.body).toMatchObject({ routed: false });
    await deleteAndConfirm(type('RabbitMQ::Queue'), q);
    await deleteAndConfirm(type('RabbitMQ::Exchange'), ex);
    expect((await broker('GET', `queues/${seg(vhostName)}/orders.created`)).status).toBe(404);
    await deleteAndConfirm(type('RabbitMQ::VirtualHost'), vh);
    expect((await broker('GET', `vhosts/${seg(vhostName)}`)).status).toBe(404);
    await expect(type('RabbitMQ::VirtualHost').delete({ ...vh, action: 'DELETE' })).resolves.toMatchObject({
      done: true,
    });
  });

  it('user, permissions and policy: the user logs in with its password and gets what it was granted', async () => {
    const vhostName = `${prefix}vh2`;
    const vh = actionContext('CREATE', { name: vhostName });
    await createAndObserve(type('RabbitMQ::VirtualHost'), vh);
    const userName = `${prefix}app`;
    const u = actionContext('CREATE', { name: userName, password: 's3cret-1', tags: ['management'] });
    expect((await createAndObserve(type('RabbitMQ::User'), u)).observed).toMatchObject({
      attributes: { tags: ['management'] },
    });
    expect((await broker('GET', 'whoami', undefined, `${userName}:s3cret-1`)).status).toBe(200);
    expect((await broker('GET', 'whoami', undefined, `${userName}:wrong`)).status).toBe(401);
    await type('RabbitMQ::User').update({
      ...u,
      action: 'UPDATE',
      properties: { ...u.properties, password: 's3cret-2' },
    });
    expect((await broker('GET', 'whoami', undefined, `${userName}:s3cret-1`)).status).toBe(401);
    expect((await broker('GET', 'whoami', undefined, `${userName}:s3cret-2`)).status).toBe(200);

    const perm = actionContext('CREATE', {
      vhost: vhostName,
      user: userName,
      configure: '^$',
      write: '.*',
      read: '.*',
    });
    await createAndObserve(type('RabbitMQ::Permissions'), perm);
    // configure '^$': the user may not declare queues in this vhost.
    const denied = await broker(
      'PUT',
      `queues/${seg(vhostName)}/mine`,
      { durable: true },
      `${userName}:s3cret-2`,
    );
    expect(denied.status).toBeGreaterThanOrEqual(400);
    await type('RabbitMQ::Permissions').update({
      ...perm,
      action: 'UPDATE',
      properties: { ...perm.properties, configure: '.*' },
    });
    const allowed = await broker(
      'PUT',
      `queues/${seg(vhostName)}/mine`,
      { durable: true },
      `${userName}:s3cret-2`,
    );
    expect(allowed.status).toBeLessThan(300);

    const pol = actionContext('CREATE', {
      vhost: vhostName,
      name: 'limit',
      pattern: '^mine$',
      definition: { 'max-length': 10 },
      priority: 1,
      apply_to: 'queues',
    });
    expect((await createAndObserve(type('RabbitMQ::Policy'), pol)).observed).toMatchObject({
      attributes: { definition: { 'max-length': 10 } },
    });
    await type('RabbitMQ::Policy').update({
      ...pol,
      action: 'UPDATE',
      properties: { ...pol.properties, definition: { 'max-length': 20 } },
    });
    expect((await broker('GET', `policies/${seg(vhostName)}/limit`)).body).toMatchObject({
      definition: { 'max-length': 20 },
    });

    await deleteAndConfirm(type('RabbitMQ::Policy'), pol);
    await deleteAndConfirm(type('RabbitMQ::Permissions'), perm);
    await deleteAndConfirm(type('RabbitMQ::User'), u);
    expect((await broker('GET', 'whoami', undefined, `${userName}:s3cret-2`)).status).toBe(401);
    await deleteAndConfirm(type('RabbitMQ::VirtualHost'), vh);
  });
});
