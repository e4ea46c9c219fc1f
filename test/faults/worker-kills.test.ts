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
 * Scenario 1: worker processes killed with SIGKILL at random (seeded) moments while stacks of
 * hundreds to thousands of webhook resources are created, updated (with replacements) and deleted,
 * and restarted after a random while. The API runs in this process without workers; the endpoint
 * adds transient faults (slow answers, slow readiness, 5xx bursts, lost replies, hangs), which
 * widen the windows a kill can land in.
 */
const SEEDS = faultSeeds([11, 22, 33]);
/** Stack size per seed, cycling: hundreds to thousands. */
const SIZES = [500, 1000, 1500];
const SCENARIO = 'worker-kills';
const figures = emptyFigures(
  'Worker processes (2, WORKER_CONCURRENCY=8, LEASE_SECONDS=2) SIGKILLed at random moments and restarted, during create, update (replacements, in-place updates, removals, additions) and delete of layered webhook stacks, with transient endpoint faults.',
  SEEDS,
);
const started = Date.now();

/**
 * Transient faults that widen the windows a kill can land in: slow answers keep actions queued
 * behind a worker's slots after they began, bursts that start later and brown-outs of the whole
 * endpoint hit the observations a recovering worker makes.
 */
const killFaults = (seed: number) =>
  transientFaults(seed, {
    slowRate: 0.3,
    slowMs: [100, 800],
    burstStartMax: 4,
    brownout: { everyMs: [6000, 12_000], lengthMs: [1000, 2500] },
  });

const setup = useKilledWorkers(SCENARIO, figures, started);
const log = (line: string) => console.log(`[${SCENARIO}] ${line}`);

describe('worker processes killed with SIGKILL at random moments', () => {
  it.each(SEEDS.map((seed, i) => ({ seed, size: scaled(SIZES[i % SIZES.length]!) })))(
    'seed $seed: $size resources through create, update and delete; every invariant holds',
    async ({ seed, size }) => {
      const endpoint = await new FaultyEndpoint(killFaults(seed)).start();
      const rng = new Rng(seed);
      const name = uniqueName(`kill${seed}`);
      figures.runs++;
      const v1 = layeredSpec({ count: size, width: Math.round(size / 10), retainEvery: 97 });
      const v2 = updatedSpec(v1, { seed, replace: 0.2, update: 0.5, remove: 0.05, add: 20 });
      try {
        const { violations } = await lifecycle({
          url: setup.api.url,
          endpoint,
          name,
          seed,
          run: `seed ${seed}`,
          versions: [v1, v2],
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
              { gapMs: [500, 3000], downMs: [100, 2500], killAllChance: 0.2, maxKills: 15 },
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

  it('a delete sent while an update (with replacements) converges, under kills, leaves nothing behind', async () => {
    const seed = SEEDS[0]! + 1000;
    const endpoint = await new FaultyEndpoint(killFaults(seed)).start();
    const rng = new Rng(seed);
    const name = uniqueName('kill-del');
    figures.runs++;
    const v1 = layeredSpec({ count: scaled(400), width: 40 });
    const v2 = updatedSpec(v1, { seed, replace: 0.4, update: 0.4, remove: 0.05, add: 20 });
    try {
      const { violations } = await lifecycle({
        url: setup.api.url,
        endpoint,
        name,
        seed,
        run: `delete during update (seed ${seed})`,
        versions: [v1, v2],
        deleteDuringLastUpdate: true,
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
            { gapMs: [500, 3000], downMs: [100, 2500], killAllChance: 0.2, maxKills: 10 },
            (line) => log(`delete during update ${phase}: ${line}`),
          ),
      });
      figures.violations.push(...violations.map((v) => `delete during update: ${v}`));
      if (violations.length === 0) figures.runsSurvived++;
      expect(violations).toEqual([]);
    } catch (error) {
      if (!figures.violations.some((v) => v.startsWith('delete during update')))
        figures.violations.push(`delete during update: ${(error as Error).message.slice(0, 2000)}`);
      throw error;
    } finally {
      countLedger(figures, endpoint, name);
      addFaults(figures.faultsInjected, endpoint.faults);
      figures.endpointRequests += endpoint.requests;
      await endpoint.stop();
    }
  });
});
