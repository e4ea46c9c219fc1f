import { describe, expect, it } from 'vitest';
import { uniqueName } from '../support/app.ts';
import { FaultyEndpoint, transientFaults } from './support/faulty-endpoint.ts';
import { addFaults, emptyFigures } from './support/figures.ts';
import { killWorkers } from './support/harness.ts';
import { useKilledWorkers } from './support/killed-workers.ts';
import { countLedger, lifecycle } from './support/lifecycle.ts';
import { layeredSpec, updatedSpec } from './support/model.ts';
import { faultSeeds, Rng, scaled } from './support/random.ts';

/**
 * Worker processes killed with SIGKILL at random (seeded) moments during incremental updates:
 * each update changes a few percent of a converged webhook stack, so most resources are carried
 * over to the new version without a work item while the changed ones (and what reads them) are
 * converged, replaced and removed under kills. Every invariant the other scenarios check holds
 * (the endpoint's physical resources match the model, nothing leaks or is touched twice, no stack
 * stays in progress).
 */
const SEEDS = faultSeeds([44]);
const SCENARIO = 'incremental-update-kills';
const figures = emptyFigures(
  'Worker processes (2, WORKER_CONCURRENCY=8, LEASE_SECONDS=2) SIGKILLed at random moments and restarted during incremental updates (a few percent of a layered webhook stack replaced, updated, removed or added per version; the rest carried over), with transient endpoint faults.',
  SEEDS,
);
const started = Date.now();

const setup = useKilledWorkers(SCENARIO, figures, started);
const log = (line: string) => console.log(`[${SCENARIO}] ${line}`);

describe('worker processes killed during incremental updates', () => {
  it.each(SEEDS.map((seed) => ({ seed, size: scaled(800) })))(
    'seed $seed: $size resources, two small updates under kills; every invariant holds',
    async ({ seed, size }) => {
      const endpoint = await new FaultyEndpoint(
        transientFaults(seed, { slowRate: 0.3, slowMs: [100, 800], burstStartMax: 4 }),
      ).start();
      const rng = new Rng(seed);
      const name = uniqueName(`incr${seed}`);
      figures.runs++;
      const v1 = layeredSpec({ count: size, width: Math.round(size / 10), retainEvery: 97 });
      const small = { seed, replace: 0.02, update: 0.03, remove: 0.01, add: 5 };
      const v2 = updatedSpec(v1, small);
      const v3 = updatedSpec(v2, small);
      try {
        const { violations } = await lifecycle({
          url: setup.api.url,
          endpoint,
          name,
          seed,
          run: `seed ${seed}`,
          versions: [v1, v2, v3],
          template: { timeoutSecs: 1, retries: 3 },
          figures,
          log,
          diagnose: (resource) =>
            setup.pool.grep(new RegExp(`"resource":"${resource}","stack":"${name}"`)).slice(-6),
          during: (phase, _i, done) =>
            killWorkers(
              setup.pool,
              rng,
              done,
              { gapMs: [300, 2000], downMs: [100, 2000], killAllChance: 0.2, maxKills: 12 },
              (line) => log(`seed ${seed} ${phase}: ${line}`),
            ),
        });
        figures.violations.push(...violations.map((v) => `seed ${seed}: ${v}`));
        if (violations.length === 0) figures.runsSurvived++;
        else log(`seed ${seed}: ${violations.length} violations\n${violations.slice(0, 30).join('\n')}`);
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
