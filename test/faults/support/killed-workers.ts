import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { saveFigures, type ScenarioFigures } from './figures.ts';
import { FAULT_WORKER_ENV, WorkerPool } from './harness.ts';

export interface KilledWorkersSetup {
  /** The API, in this process, without workers (set once `beforeAll` ran). */
  readonly api: TestApp;
  /** Two worker processes of the API's tenant that the scenario kills and restarts. */
  readonly pool: WorkerPool;
}

/**
 * Registers the hooks the worker-kill scenarios share: an API in this process without workers and
 * two worker processes (fault settings, 2 s leases, actions observed at most 60 s so a lost action
 * ends its phase as a failure instead of staying in progress for the default hour); afterwards the
 * kills, restarts and duration go into the scenario's figures and everything stops.
 */
export function useKilledWorkers(
  scenario: string,
  figures: ScenarioFigures,
  started: number,
): KilledWorkersSetup {
  let api: TestApp | undefined;
  let pool: WorkerPool | undefined;
  beforeAll(async () => {
    api = await startTestApp({ RUN_WORKERS: 'false' });
    pool = new WorkerPool(
      { WORKER_TENANTS: api.tenant, ...FAULT_WORKER_ENV, LEASE_SECONDS: '2', ACTION_TIMEOUT_SECONDS: '60' },
      2,
    );
    await pool.start();
  });
  afterAll(async () => {
    figures.workerKills = pool?.kills ?? 0;
    figures.workerRestarts = pool?.restarts ?? 0;
    figures.durationMs = Date.now() - started;
    await saveFigures(scenario, figures);
    await pool?.stop();
    await api?.stop();
  });
  return {
    get api() {
      if (!api) throw new Error('the API is started in beforeAll');
      return api;
    },
    get pool() {
      if (!pool) throw new Error('the worker pool is started in beforeAll');
      return pool;
    },
  };
}
