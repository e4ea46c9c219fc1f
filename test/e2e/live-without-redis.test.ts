import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, uniqueTenant } from '../support/app.ts';
import { collect, wsClient } from '../support/graphql.ts';
import { startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { allEvents, createStack, hot, type EventView } from '../support/stacks.ts';

/**
 * Two real service processes on one Neo4j and no Redis, as the README's "Running several
 * processes" allows: A serves the API only, B runs the workers only. Neo4j is the record, so a
 * subscriber on A must still receive every event B's workers commit (A tails the stored events),
 * and the readiness stream must reach the final count.
 */
const TENANT = uniqueTenant('tail');
let api: ServiceProcess;
let workers: ServiceProcess;
let url = '';

beforeAll(async () => {
  api = startServiceProcess('main', {
    PORT: '0',
    RUN_WORKERS: 'false',
    LOCAL_TENANT: TENANT,
    EVENT_TAIL_MS: '200',
  });
  workers = startServiceProcess('main', {
    RUN_API: 'false',
    WORKER_TENANTS: TENANT,
    WORKER_CONCURRENCY: '8',
    POLL_INTERVAL_MS: '50',
  });
  const [listening] = await Promise.all([
    api.waitFor(/GraphQL API listening/),
    workers.waitFor(/worker started/),
  ]);
  url = (JSON.parse(listening) as { url: string }).url;
});

afterAll(async () => {
  await Promise.all([api?.stop(), workers?.stop()]);
});

function chain(length: number): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < length; i++) {
    resources[`r${i}`] = {
      type: 'OS::Heat::TestResource',
      properties: { wait_secs: 0.1, value: `v${i}` },
      ...(i > 0 ? { depends_on: [`r${i - 1}`] } : {}),
    };
  }
  return hot(resources);
}

describe('live events across processes without Redis', () => {
  it('a subscriber on the API process receives every event and the final readiness of workers in another process', async () => {
    const name = uniqueName('tail');
    await createStack(url, { name, template: chain(5) });
    const client = wsClient(url.replace(/^http/, 'ws'));
    type Update = { ready: number; total: number; status: string };
    const [events, readiness] = await Promise.all([
      collect<{ stackEvents: EventView }>(
        client,
        `subscription($name: String!) { stackEvents(name: $name, after: 0) { sequence type resourceName status reason observedReady version } }`,
        { name },
        (values) => {
          const v = values.at(-1)!;
          return v.stackEvents.type === 'STACK' && /_(COMPLETE|FAILED)$/.test(v.stackEvents.status);
        },
        120_000,
      ),
      collect<{ resourceReadiness: Update }>(
        client,
        `subscription($name: String!) { resourceReadiness(name: $name) { ready total status } }`,
        { name },
        (values) => values.at(-1)!.resourceReadiness.status !== 'CREATE_IN_PROGRESS',
        120_000,
      ),
    ]);
    await client.dispose();
    const received = events.map((e) => e.stackEvents);
    expect(received.at(-1)!.status).toBe('CREATE_COMPLETE');
    expect(received.map((e) => e.sequence)).toEqual(received.map((_, i) => i + 1));
    expect(received).toEqual(await allEvents(url, name));
    expect(readiness.at(-1)!.resourceReadiness).toEqual({ ready: 5, total: 5, status: 'CREATE_COMPLETE' });
    const counts = readiness.map((r) => r.resourceReadiness.ready);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
