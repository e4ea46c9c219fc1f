import { describe, expect, it } from 'vitest';
import { uniqueName } from '../support/app.ts';
import { FaultyEndpoint, transientFaults } from './support/faulty-endpoint.ts';
import { addFaults, emptyFigures } from './support/figures.ts';
import { killWorkers, mutation, runPhase } from './support/harness.ts';
import { useKilledWorkers } from './support/killed-workers.ts';
import { layeredSpec, toTemplate } from './support/model.ts';
import { faultSeeds, Rng, scaled } from './support/random.ts';

/**
 * Worker processes SIGKILLed at random (seeded) moments while a stack of template resources (each
 * a nested stack of webhook resources) is created and then deleted. A parent resource's action
 * makes its child stack and parks its lease in one transaction, so a worker killed mid-way never
 * makes a child twice: every member (webhook key) is created exactly once, each template resource
 * owns exactly one nested stack, and after the delete nothing is left at the endpoint.
 */
const SEEDS = faultSeeds([12]);
const SCENARIO = 'nested-kills';
const figures = emptyFigures(
  'Worker processes (2, WORKER_CONCURRENCY=8, LEASE_SECONDS=2) SIGKILLed at random moments and restarted while a stack of template resources (nested stacks of 5 webhook resources each) is created and deleted, with transient endpoint faults.',
  SEEDS,
);
const started = Date.now();
const MEMBER_SIZE = 5;

const setup = useKilledWorkers(SCENARIO, figures, started);
const log = (line: string) => console.log(`[${SCENARIO}] ${line}`);

describe('worker processes killed during nested creates and deletes', () => {
  it.each(SEEDS.map((seed) => ({ seed, members: scaled(20) })))(
    'seed $seed: $members template resources of 5 webhooks; no member created twice, none leaked',
    async ({ seed, members }) => {
      const endpoint = await new FaultyEndpoint(
        transientFaults(seed, { slowRate: 0.3, slowMs: [100, 600], burstStartMax: 4 }),
      ).start();
      const rng = new Rng(seed);
      const name = uniqueName(`nest${seed}`);
      figures.runs++;
      const member = toTemplate(layeredSpec({ count: MEMBER_SIZE, width: 2 }), {
        url: endpoint.url,
        timeoutSecs: 1,
        retries: 3,
      });
      const resources: Record<string, unknown> = {};
      for (let i = 0; i < members; i++) resources[`m${i}`] = { type: 'member.yaml' };
      const template = JSON.stringify({ heat_template_version: '2021-04-16', resources });
      const chaos = (done: () => boolean) =>
        killWorkers(
          setup.pool,
          rng,
          done,
          { gapMs: [300, 1500], downMs: [100, 1500], killAllChance: 0.2, maxKills: 10 },
          log,
        );
      const ours = () => [...endpoint.keys.values()].filter((k) => k.stack.startsWith(`${name}-`));
      try {
        const created = await runPhase(
          setup.api.url,
          name,
          () => mutation(setup.api.url, 'createStack', { name, template, files: { 'member.yaml': member } }),
          { during: chaos, timeoutMs: 180_000 },
        );
        log(`create: ${created.stack.status} in ${created.ms} ms`);
        expect(created.stack.status).toBe('CREATE_COMPLETE');
        const keys = ours();
        // Every member of every nested stack created exactly once; one nested stack per member.
        expect(
          keys.filter((k) => k.creations !== 1).map((k) => `${k.stack}/${k.name}: ${k.creations}`),
        ).toEqual([]);
        expect(keys).toHaveLength(members * MEMBER_SIZE);
        expect(new Set(keys.map((k) => k.stack)).size).toBe(members);
        expect(endpoint.anomalies).toEqual([]);

        const deleted = await runPhase(
          setup.api.url,
          name,
          () => mutation(setup.api.url, 'deleteStack', { name }),
          {
            during: chaos,
            timeoutMs: 180_000,
          },
        );
        log(`delete: ${deleted.stack.status} in ${deleted.ms} ms`);
        expect(deleted.stack.status).toBe('DELETE_COMPLETE');
        // Nothing leaked: no member of any nested stack is left at the endpoint.
        const leaked = [...new Set(ours().map((k) => k.stack))].flatMap((stack) =>
          endpoint.liveOf(stack).map((t) => `${stack}/${t.name}`),
        );
        expect(leaked).toEqual([]);
        expect(endpoint.anomalies).toEqual([]);
        figures.runsSurvived++;
        figures.resourcesCreated += keys.length;
      } finally {
        addFaults(figures.faultsInjected, endpoint.faults);
        figures.endpointRequests += endpoint.requests;
        await endpoint.stop();
      }
    },
  );
});
