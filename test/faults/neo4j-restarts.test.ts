import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceDir, startInstance, type Neo4jInstance } from '../../scripts/neo4j/runtime.ts';
import { startApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { uniqueName, uniqueTenant } from '../support/app.ts';
import { FaultyEndpoint, transientFaults } from './support/faulty-endpoint.ts';
import { addFaults, emptyFigures, saveFigures } from './support/figures.ts';
import { FAULT_WORKER_ENV, sleepUnless, WorkerPool } from './support/harness.ts';
import { countLedger, lifecycle } from './support/lifecycle.ts';
import { layeredSpec, updatedSpec } from './support/model.ts';
import { faultSeeds, Rng, scaled } from './support/random.ts';

/**
 * Scenario 2: Neo4j, the only store of truth, stopped (gracefully or with SIGKILL) and restarted
 * on the same ports in the middle of create, update and delete, on an instance of this file's
 * own. The API runs in this process, the workers in two separate processes; the endpoint adds
 * transient faults.
 */
const SEEDS = faultSeeds([7, 8]);
const SIZES = [600, 1200];
const SCENARIO = 'neo4j-restarts';
const INSTANCE = `faults-neo4j-${process.pid}`;
const TENANT = uniqueTenant('n4j');
const figures = emptyFigures(
  'Neo4j stopped (SIGTERM or SIGKILL, seeded) and restarted on the same ports during create, update and delete; API in the test process, 2 worker processes (LEASE_SECONDS=3), transient endpoint faults.',
  SEEDS,
);
const started = Date.now();
const log = (line: string) => console.log(`[${SCENARIO}] ${line}`);

let neo4j: Neo4jInstance;
let app: App;
let url = '';
let pool: WorkerPool;

beforeAll(async () => {
  neo4j = await startInstance({ name: INSTANCE, fresh: true });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RUN_WORKERS: 'false',
    WORKER_TENANTS: TENANT,
  });
  app = await startApp(
    config,
    { uri: neo4j.boltUri, user: neo4j.user, password: neo4j.password, database: 'neo4j' },
    createLogger(config.LOG_LEVEL),
    { authenticate: () => Promise.resolve({ tenant: TENANT, role: 'editor' as const }) },
  );
  url = app.api!.url;
  pool = new WorkerPool(
    {
      NEO4J_URI: neo4j.boltUri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      WORKER_TENANTS: TENANT,
      ...FAULT_WORKER_ENV,
      LEASE_SECONDS: '3',
      ACTION_TIMEOUT_SECONDS: '180',
    },
    2,
  );
  await pool.start();
});

afterAll(async () => {
  figures.workerKills = pool?.kills ?? 0;
  figures.workerRestarts = pool?.restarts ?? 0;
  figures.durationMs = Date.now() - started;
  await saveFigures(SCENARIO, figures);
  await pool?.stop();
  await app?.stop();
  await neo4j?.stop();
  await rm(instanceDir(INSTANCE), { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops Neo4j (gracefully or by SIGKILL) and starts it again on the same ports. */
async function restartNeo4j(rng: Rng, label: string): Promise<void> {
  const hard = rng.chance(0.5);
  const boltPort = Number(new URL(neo4j.boltUri).port);
  const httpPort = Number(new URL(neo4j.httpUrl).port);
  if (hard) {
    process.kill(neo4j.pid, 'SIGKILL');
    while (alive(neo4j.pid)) await sleep(50);
  } else {
    await neo4j.stop();
  }
  const down = rng.int(500, 4000);
  log(`${label}: Neo4j ${hard ? 'killed (SIGKILL)' : 'stopped'}; restarting in ${down} ms`);
  await sleep(down);
  const t0 = Date.now();
  neo4j = await startInstance({ name: INSTANCE, boltPort, httpPort });
  figures.neo4jRestarts++;
  log(`${label}: Neo4j back after ${Date.now() - t0} ms of start-up`);
}

describe('Neo4j stopped and restarted mid-convergence', () => {
  it.each(SEEDS.map((seed, i) => ({ seed, size: scaled(SIZES[i % SIZES.length]!) })))(
    'seed $seed: $size resources through create, update and delete; every invariant holds',
    async ({ seed, size }) => {
      const endpoint = await new FaultyEndpoint(transientFaults(seed)).start();
      const rng = new Rng(seed);
      const name = uniqueName(`neo${seed}`);
      figures.runs++;
      const v1 = layeredSpec({ count: size, width: Math.round(size / 10), retainEvery: 101 });
      const v2 = updatedSpec(v1, { seed, replace: 0.2, update: 0.5, remove: 0.05, add: 20 });
      try {
        const { violations } = await lifecycle({
          url,
          endpoint,
          name,
          seed,
          run: `seed ${seed}`,
          versions: [v1, v2],
          template: { timeoutSecs: 1, retries: 3 },
          figures,
          log,
          timeoutMs: 600_000,
          diagnose: (resource) =>
            pool.grep(new RegExp(`"resource":"${resource}","stack":"${name}"`)).slice(-6),
          during: async (phase, _i, done) => {
            // One restart per phase, at a seeded moment after the phase started.
            await sleepUnless(rng.int(1500, 6000), done);
            if (!done()) await restartNeo4j(rng, `seed ${seed} ${phase}`);
          },
        });
        figures.violations.push(...violations.map((v) => `seed ${seed}: ${v}`));
        if (violations.length === 0) figures.runsSurvived++;
        expect(violations).toEqual([]);
      } catch (error) {
        if (!figures.violations.some((v) => v.startsWith(`seed ${seed}:`)))
          figures.violations.push(`seed ${seed}: ${(error as Error).message.slice(0, 2000)}`);
        throw error;
      } finally {
        countLedger(figures, endpoint, name);
        addFaults(figures.faultsInjected, endpoint.faults);
        figures.endpointRequests += endpoint.requests;
        await endpoint.stop();
      }
    },
  );
});
