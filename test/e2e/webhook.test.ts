import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { RecordingServer } from '../support/recording-server.ts';
import { allEvents, byName, createStack, hot, mutate, waitForStack } from '../support/stacks.ts';

let app: TestApp;
let endpoint: RecordingServer;
beforeAll(async () => {
  app = await startTestApp({ RETRY_LIMIT: '1' });
  endpoint = await new RecordingServer({ readyAfterMs: 200 }).start();
});
afterAll(async () => {
  await app?.stop();
  await endpoint?.stop();
});

const hook = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'Convergence::Webhook',
  properties: { url: endpoint.url, ...props },
  ...extra,
});
const callsFor = (key: string) => endpoint.calls.filter((c) => c.key === key);

describe('Convergence::Webhook against a recording HTTP server', () => {
  it('creates through PUT with the idempotency key, headers and properties, observes readiness, and exposes attributes', async () => {
    const name = uniqueName('hook');
    await createStack(app.url, {
      name,
      template: hot({
        bucket: hook({
          headers: { Authorization: 'Bearer s3cret', 'X-Team': 'infra' },
          properties: { size: 10, tags: ['a'] },
        }),
        reader: { type: 'OS::Heat::Value', properties: { value: { get_attr: ['bucket', 'echo', 'size'] } } },
      }),
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    const bucket = byName(
      stack.resources as Array<{
        name: string;
        id: string;
        physicalResourceId: string;
        attributes: Record<string, unknown>;
      }>,
    ).bucket!;
    const [put, ...rest] = callsFor(bucket.id);
    expect(put).toMatchObject({
      method: 'PUT',
      status: 201,
      body: { action: 'CREATE', properties: { size: 10, tags: ['a'] }, stack: name, name: 'bucket' },
    });
    expect(put!.headers).toMatchObject({
      authorization: 'Bearer s3cret',
      'x-team': 'infra',
      'idempotency-key': bucket.id,
    });
    // Not ready in the PUT's answer: the observer polled with GET until it was.
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((c) => c.method === 'GET')).toBe(true);
    expect(bucket.physicalResourceId).toBe(`thing-${bucket.id.slice(0, 8)}`);
    expect(bucket.attributes).toEqual({ echo: { size: 10, tags: ['a'] }, key: bucket.id });
    expect(
      byName(stack.resources as Array<{ name: string; attributes: Record<string, unknown> }>).reader!
        .attributes,
    ).toEqual({ value: 10 });
  });

  it('updates in place with PUT action UPDATE on the same key, replaces on `replace_on` keys, and deletes with DELETE', async () => {
    const name = uniqueName('hook-update');
    await createStack(app.url, {
      name,
      template: hot({ thing: hook({ properties: { size: 1, zone: 'a' }, replace_on: ['zone'] }) }),
    });
    const v1 = (await waitForStack(app.url, name)).resources[0];
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({ thing: hook({ properties: { size: 2, zone: 'a' }, replace_on: ['zone'] }) }),
    });
    const v2 = (await waitForStack(app.url, name)).resources[0];
    expect(v2.physicalResourceId).toBe(v1.physicalResourceId);
    expect(
      callsFor(v1.id)
        .filter((c) => c.method === 'PUT')
        .map((c) => c.body?.action),
    ).toEqual(['CREATE', 'UPDATE']);
    expect(endpoint.things.get(v1.id)?.properties).toEqual({ size: 2, zone: 'a' });

    await mutate(app.url, 'updateStack', {
      name,
      template: hot({ thing: hook({ properties: { size: 2, zone: 'b' }, replace_on: ['zone'] }) }),
    });
    const v3 = (await waitForStack(app.url, name)).resources[0];
    expect(v3.physicalResourceId).not.toBe(v1.physicalResourceId);
    expect(endpoint.things.has(v1.id)).toBe(false);
    expect(endpoint.deletions.get(v1.id)).toBe(1);
    expect(endpoint.things.get(v3.id)?.properties).toEqual({ size: 2, zone: 'b' });

    await mutate(app.url, 'deleteStack', { name });
    expect((await waitForStack(app.url, name)).status).toBe('DELETE_COMPLETE');
    expect(endpoint.things.has(v3.id)).toBe(false);
  });

  it('retries 5xx answers within the action and then succeeds', async () => {
    let failures = 2;
    endpoint.options.intercept = (method) =>
      method === 'PUT' && failures-- > 0 ? { status: 503, body: { message: 'busy' } } : undefined;
    try {
      const name = uniqueName('hook-5xx');
      await createStack(app.url, { name, template: hot({ flaky: hook({ properties: { n: 1 } }) }) });
      const stack = await waitForStack(app.url, name);
      expect(stack.status).toBe('CREATE_COMPLETE');
      expect(stack.resources[0].retryCount).toBe(0);
      expect(
        callsFor(stack.resources[0].id)
          .filter((c) => c.method === 'PUT')
          .map((c) => c.status),
      ).toEqual([503, 503, 201]);
    } finally {
      endpoint.options.intercept = undefined;
    }
  });

  it("fails at once with the endpoint's message on a 4xx answer", async () => {
    endpoint.options.intercept = (method) =>
      method === 'PUT' ? { status: 422, body: { message: 'size must be positive' } } : undefined;
    try {
      const name = uniqueName('hook-4xx');
      await createStack(app.url, {
        name,
        disableRollback: true,
        template: hot({ bad: hook({ properties: { size: -1 } }) }),
      });
      const stack = await waitForStack(app.url, name);
      expect(stack.status).toBe('CREATE_FAILED');
      expect(stack.resources[0]).toMatchObject({ status: 'CREATE_FAILED', retryCount: 0 });
      expect(stack.resources[0].statusReason).toBe(
        'CREATE (PUT) was refused with 422: size must be positive',
      );
      expect(callsFor(stack.resources[0].id).filter((c) => c.method === 'PUT')).toHaveLength(1);
    } finally {
      endpoint.options.intercept = undefined;
    }
  });

  it('gives up on an endpoint that does not answer within timeout_secs, saying so', async () => {
    endpoint.options.intercept = (method) => (method === 'PUT' ? 'hang' : undefined);
    try {
      const name = uniqueName('hook-hang');
      await createStack(app.url, {
        name,
        disableRollback: true,
        template: hot({ slow: hook({ timeout_secs: 0.3, retries: 1, properties: {} }) }),
      });
      const stack = await waitForStack(app.url, name);
      expect(stack.status).toBe('CREATE_FAILED');
      expect(stack.resources[0].statusReason).toMatch(/got no answer within 0\.3 s \(after 2 attempts\)/);
      const events = await allEvents(app.url, name);
      expect(events.some((e) => /Attempt 1 failed: PUT .* got no answer/.test(e.reason ?? ''))).toBe(true);
    } finally {
      endpoint.options.intercept = undefined;
    }
  });
});
