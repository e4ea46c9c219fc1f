import { rm } from 'node:fs/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { instanceDir, startInstance, type Neo4jInstance } from '../../scripts/neo4j/runtime.ts';
import { allEvents, createStack, hot, waitForStack } from '../support/stacks.ts';
import { uniqueName } from '../support/app.ts';

// This test stops and restarts Neo4j, so it runs on a Neo4j instance of its own.
const name = `outage-${process.pid}`;
let neo4j: Neo4jInstance;
let app: App;
let url: string;
/** The service's error logs, so that a masked error in a failure message can be looked up by correlation id. */
const serverErrors: string[] = [];

beforeAll(async () => {
  neo4j = await startInstance({ name, fresh: true });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LEASE_SECONDS: '5',
    RETRY_BASE_MS: '50',
    POLL_INTERVAL_MS: '50',
  });
  app = await startApp(
    config,
    { uri: neo4j.boltUri, user: neo4j.user, password: neo4j.password, database: 'neo4j' },
    pino({ level: 'error' }, { write: (line: string) => void serverErrors.push(line) }),
  );
  url = app.api!.url;
});
afterAll(async () => {
  await app?.stop();
  await neo4j?.stop();
  await rm(instanceDir(name), { recursive: true, force: true });
});

describe('Neo4j becoming unreachable mid-convergence', () => {
  it('workers back off and resume when it returns; no transition is lost or applied twice', async () => {
    const stack = uniqueName('outage');
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 24; i++) {
      resources[`r${i}`] = {
        type: 'OS::Heat::TestResource',
        properties: { wait_secs: 0.3, value: `v${i}` },
        ...(i >= 4 ? { depends_on: [`r${i - 4}`] } : {}),
      };
    }
    await createStack(url, { name: stack, template: hot(resources) });
    await waitForStack(
      url,
      stack,
      (s) => s.resources.filter((r: { observedReady: boolean }) => r.observedReady).length >= 4,
    );

    await neo4j.stop();
    await new Promise((r) => setTimeout(r, 3000));
    // Same ports: the service keeps its driver (and its address) across the outage.
    neo4j = await startInstance({
      name,
      boltPort: Number(new URL(neo4j.boltUri).port),
      httpPort: Number(new URL(neo4j.httpUrl).port),
    });

    const done = await waitForStack(url, stack, undefined, 120_000).catch((error: Error) => {
      const ids = [...error.message.matchAll(/"correlationId":"([^"]+)"/g)].map((m) => m[1]!);
      const logged = serverErrors.filter((line) => ids.some((id) => line.includes(id)));
      throw new Error(`${error.message}\nserver log:\n${logged.join('\n')}`);
    });
    expect(done.status).toBe('CREATE_COMPLETE');
    expect(done.resources.every((r: { observedReady: boolean }) => r.observedReady)).toBe(true);
    const events = await allEvents(url, stack);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    const completes = new Map<string, number>();
    for (const e of events)
      if (e.status === 'CREATE_COMPLETE' && e.resourceName)
        completes.set(e.resourceName, (completes.get(e.resourceName) ?? 0) + 1);
    expect(completes.size).toBe(24);
    expect([...completes.values()].every((n) => n === 1)).toBe(true);
  });
});
