import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { collect, wsClient } from '../support/graphql.ts';
import { allEvents, createStack, hot, waitForStack, type EventView } from '../support/stacks.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

const EVENTS = `subscription($name: String!, $after: Int) { stackEvents(name: $name, after: $after) { sequence type resourceName status reason observedReady version } }`;
const terminal = (values: Array<{ stackEvents: EventView }>) =>
  values.some((v) => v.stackEvents.type === 'STACK' && /_(COMPLETE|FAILED)$/.test(v.stackEvents.status));

function layered(n: number) {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    resources[`r${i}`] = {
      type: 'OS::Heat::TestResource',
      properties: { wait_secs: 0.1 },
      ...(i >= 5 ? { depends_on: [`r${i - 5}`] } : {}),
    };
  }
  return hot(resources);
}

describe('stackEvents subscription', () => {
  it('streams every event live, in order, from the first one', async () => {
    const name = uniqueName('live');
    await createStack(app.url, { name, template: layered(15) });
    const client = wsClient(app.wsUrl);
    const values = await collect<{ stackEvents: EventView }>(client, EVENTS, { name, after: 0 }, terminal);
    await client.dispose();
    const sequences = values.map((v) => v.stackEvents.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(values.map((v) => v.stackEvents)).toEqual(await allEvents(app.url, name));
  });

  it('gives a late subscriber the missed events first, then live ones, with no gap and no duplicate', async () => {
    const name = uniqueName('late');
    await createStack(app.url, { name, template: layered(20) });
    // Join when part of the stack is done.
    await waitForStack(
      app.url,
      name,
      (s) => s.resources.filter((r: { observedReady: boolean }) => r.observedReady).length >= 6,
    );
    const client = wsClient(app.wsUrl);
    const values = await collect<{ stackEvents: EventView }>(client, EVENTS, { name, after: 0 }, terminal);
    await client.dispose();
    const sequences = values.map((v) => v.stackEvents.sequence);
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    const stored = await allEvents(app.url, name);
    expect(values.map((v) => v.stackEvents)).toEqual(stored);
    expect(stored.filter((e) => e.status === 'CREATE_COMPLETE' && e.resourceName)).toHaveLength(20);
  });

  it('resumes after a given sequence number', async () => {
    const name = uniqueName('resume');
    await createStack(app.url, { name, template: layered(5) });
    await waitForStack(app.url, name);
    const client = wsClient(app.wsUrl);
    const values = await collect<{ stackEvents: EventView }>(client, EVENTS, { name, after: 4 }, terminal);
    await client.dispose();
    expect(values[0]!.stackEvents.sequence).toBe(5);
    expect(values.map((v) => v.stackEvents.sequence)).toEqual(
      (await allEvents(app.url, name)).slice(4).map((e) => e.sequence),
    );
  });

  it('answers NOT_FOUND for an unknown stack', async () => {
    const client = wsClient(app.wsUrl);
    await expect(
      collect(client, EVENTS, { name: 'no-such-stack', after: 0 }, () => true, 5000),
    ).rejects.toThrow(/NOT_FOUND/);
    await client.dispose();
  });
});

describe('resourceReadiness subscription', () => {
  it('streams ready/total counts and the resources that just became ready until the stack completes', async () => {
    const name = uniqueName('ready');
    await createStack(app.url, { name, template: layered(10) });
    const client = wsClient(app.wsUrl);
    type Update = {
      resourceReadiness: { ready: number; total: number; justReady: string[]; status: string };
    };
    const values = await collect<Update>(
      client,
      `subscription($name: String!) { resourceReadiness(name: $name) { ready total justReady status } }`,
      { name },
      (vs) => vs.some((v) => v.resourceReadiness.status === 'CREATE_COMPLETE'),
    );
    await client.dispose();
    const counts = values.map((v) => v.resourceReadiness.ready);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(values.at(-1)!.resourceReadiness).toMatchObject({
      ready: 10,
      total: 10,
      status: 'CREATE_COMPLETE',
    });
    const announced = values.flatMap((v) => v.resourceReadiness.justReady);
    expect(new Set(announced).size).toBe(announced.length);
    expect(announced.length).toBeLessThanOrEqual(10);
  });
});
