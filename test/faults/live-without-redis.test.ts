import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, uniqueTenant } from '../support/app.ts';
import { startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { FaultyEndpoint, transientFaults } from './support/faulty-endpoint.ts';
import { addFaults, emptyFigures, saveFigures } from './support/figures.ts';
import { FAULT_WORKER_ENV, killWorkers, WorkerPool } from './support/harness.ts';
import { readEvents } from './support/invariants.ts';
import { countLedger, lifecycle } from './support/lifecycle.ts';
import { layeredSpec, updatedSpec } from './support/model.ts';
import { faultSeeds, Rng, scaled } from './support/random.ts';
import { subscribe, subscribersViolations, type Subscriber } from './support/subscribers.ts';

/**
 * Scenario (#14 §1): live events across processes without Redis. An API-only process and two
 * worker-only processes share one Neo4j and nothing else; worker processes are SIGKILLed at random
 * (seeded) moments and restarted. Subscribers on the API process must still receive every event
 * the workers commit, in order, with no gap and no duplicate: the API process tails the stored
 * events, Neo4j being the record.
 */
const SEEDS = faultSeeds([5, 6]);
const SIZES = [300, 600];
const SCENARIO = 'live-without-redis';
const TENANT = uniqueTenant('tailk');
const figures = emptyFigures(
  'An API-only process and two worker-only processes (WORKER_CONCURRENCY=8, LEASE_SECONDS=2) on one Neo4j, no Redis; workers SIGKILLed at random moments and restarted during create, update and delete; subscribers on the API process compared with the stored events.',
  SEEDS,
);
const started = Date.now();
const log = (line: string) => console.log(`[${SCENARIO}] ${line}`);

let api: ServiceProcess;
let pool: WorkerPool;
let url = '';

beforeAll(async () => {
  // No REDIS_URL anywhere: the event tail is the only way between processes.
  api = startServiceProcess('main', { PORT: '0', RUN_WORKERS: 'false', LOCAL_TENANT: TENANT, REDIS_URL: '' });
  pool = new WorkerPool(
    {
      WORKER_TENANTS: TENANT,
      ...FAULT_WORKER_ENV,
      LEASE_SECONDS: '2',
      ACTION_TIMEOUT_SECONDS: '60',
      REDIS_URL: '',
    },
    2,
  );
  const [listening] = await Promise.all([api.waitFor(/GraphQL API listening/, 120_000), pool.start()]);
  url = (JSON.parse(listening) as { url: string }).url;
  const redisLines = [...api.output, ...pool.grep(/./)].filter((l) =>
    l.includes('event bus connected to Redis'),
  );
  if (redisLines.length > 0) throw new Error(`a process connected to Redis: ${redisLines[0]}`);
});

afterAll(async () => {
  figures.workerKills = pool?.kills ?? 0;
  figures.workerRestarts = pool?.restarts ?? 0;
  figures.durationMs = Date.now() - started;
  await saveFigures(SCENARIO, figures);
  await pool?.stop();
  await api?.stop();
});

describe('live events without Redis while worker processes are killed', () => {
  it.each(SEEDS.map((seed, i) => ({ seed, size: scaled(SIZES[i % SIZES.length]!) })))(
    'seed $seed: $size resources; every subscriber on the API process gets every event in order',
    async ({ seed, size }) => {
      const endpoint = await new FaultyEndpoint(transientFaults(seed)).start();
      const rng = new Rng(seed);
      const name = uniqueName(`tailk${seed}`);
      const subscribers: Subscriber[] = [];
      figures.runs++;
      const v1 = layeredSpec({ count: size, width: Math.round(size / 10), retainEvery: 83 });
      const v2 = updatedSpec(v1, { seed, replace: 0.2, update: 0.5, remove: 0.05, add: 20 });
      const violations: string[] = [];
      try {
        const result = await lifecycle({
          url,
          endpoint,
          name,
          seed,
          run: `seed ${seed}`,
          versions: [v1, v2],
          template: { timeoutSecs: 1, retries: 3 },
          figures,
          log,
          diagnose: (resource) =>
            pool.grep(new RegExp(`"resource":"${resource}","stack":"${name}"`)).slice(-6),
          during: (phase, _i, done) => {
            // One subscriber from the start; another joins (replaying from 0) as the update starts.
            if (phase === 'create') subscribers.push(subscribe(url, 'from create', name));
            if (phase === 'update') subscribers.push(subscribe(url, 'from update', name));
            return killWorkers(
              pool,
              rng,
              done,
              { gapMs: [500, 3000], downMs: [100, 2500], killAllChance: 0.2, maxKills: 10 },
              (line) => log(`seed ${seed} ${phase}: ${line}`),
            );
          },
        });
        violations.push(...result.violations);
        const stored = await readEvents(url, name);
        violations.push(...(await subscribersViolations(subscribers, stored, figures)));
        log(
          `seed ${seed}: ${stored.length} events; subscribers received ${subscribers.map((s) => s.received.length).join(', ')}`,
        );
        figures.violations.push(...violations.map((v) => `seed ${seed}: ${v}`));
        if (violations.length === 0) figures.runsSurvived++;
        else log(`seed ${seed}: ${violations.length} violations\n${violations.slice(0, 30).join('\n')}`);
        expect(violations).toEqual([]);
      } catch (error) {
        if (!figures.violations.some((v) => v.startsWith(`seed ${seed}:`)))
          figures.violations.push(`seed ${seed}: ${(error as Error).message.slice(0, 2000)}`);
        throw error;
      } finally {
        for (const s of subscribers) void s.client.dispose();
        countLedger(figures, endpoint, name);
        addFaults(figures.faultsInjected, endpoint.faults);
        figures.endpointRequests += endpoint.requests;
        await endpoint.stop();
      }
    },
  );
});
