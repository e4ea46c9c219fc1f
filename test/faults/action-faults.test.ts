import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { FaultyEndpoint, transientFaults, type Doom } from './support/faulty-endpoint.ts';
import {
  addFaults,
  emptyFigures,
  recordPhase,
  saveFigures,
  type ScenarioFigures,
} from './support/figures.ts';
import { eventually, mutation, runPhase } from './support/harness.ts';
import {
  eventViolations,
  ledgerViolations,
  readEvents,
  readStack,
  type EventRow,
  type StackView,
} from './support/invariants.ts';
import { countLedger, lifecycle } from './support/lifecycle.ts';
import { layeredSpec, toTemplate, updatedSpec, type StackSpec } from './support/model.ts';
import { faultSeeds, scaled } from './support/random.ts';

/**
 * Scenario 3: resource actions that fail, hang past their timeout or succeed slowly. The endpoint
 * injects seeded transient faults (5xx bursts longer than the webhook's retries, replies lost
 * after the request was applied, answers held past `timeout_secs`, slow answers, slow readiness,
 * asynchronous deletes) and permanent ones (refused creates, things that fail, things that never
 * become ready). Workers run in this process.
 */
const SEEDS = faultSeeds([5, 6]);
const SCENARIO = 'action-faults';
const figures: ScenarioFigures = emptyFigures(
  'Endpoint faults: transient storms (503 bursts, lost replies, hangs past timeout_secs, slow answers and readiness, async deletes) through create, update, a superseding update and delete; permanent failures on create and update (automatic rollback); a resource that never becomes ready against the stack timeout.',
  SEEDS,
);
const started = Date.now();
let app: TestApp;
const log = (line: string) => console.log(`[${SCENARIO}] ${line}`);

beforeAll(async () => {
  app = await startTestApp({
    WORKER_CONCURRENCY: '16',
    RETRY_LIMIT: '4',
    RETRY_BASE_MS: '50',
    RETRY_MAX_MS: '500',
    LEASE_SECONDS: '5',
    ACTION_TIMEOUT_SECONDS: '120',
  });
});
afterAll(async () => {
  figures.durationMs = Date.now() - started;
  await saveFigures(SCENARIO, figures);
  await app?.stop();
});

/** Runs `body` with a fresh endpoint, folding its counts into the figures. */
async function withEndpoint(
  endpoint: FaultyEndpoint,
  stacks: string[],
  body: () => Promise<string[]>,
): Promise<string[]> {
  await endpoint.start();
  figures.runs++;
  try {
    const violations = await body();
    figures.violations.push(...violations);
    if (violations.length === 0) figures.runsSurvived++;
    else log(`${violations.length} violations:\n${violations.slice(0, 30).join('\n')}`);
    return violations;
  } catch (error) {
    figures.violations.push((error as Error).message.slice(0, 2000));
    throw error;
  } finally {
    for (const s of stacks) countLedger(figures, endpoint, s);
    addFaults(figures.faultsInjected, endpoint.faults);
    figures.endpointRequests += endpoint.requests;
    await endpoint.stop();
  }
}

async function settled(
  name: string,
  run: string,
  phase: string,
  start: () => Promise<void>,
  resources: number,
) {
  const result = await runPhase(app.url, name, start, { timeoutMs: 480_000 });
  recordPhase(figures, { seed: 0, run, phase, resources, status: result.stack.status, ms: result.ms });
  log(`${run} ${phase}: ${result.stack.status} (${result.stack.statusReason}) in ${result.ms} ms`);
  return result.stack;
}

async function checkedEvents(
  name: string,
  stack: StackView,
): Promise<{ events: EventRow[]; violations: string[] }> {
  const events = await eventually(() => readEvents(app.url, name));
  figures.eventsChecked += events.length;
  return { events, violations: eventViolations(events, stack) };
}

describe('resource actions that fail, hang past their timeout or succeed slowly', () => {
  it.each(SEEDS.map((seed, i) => ({ seed, size: scaled(i === 0 ? 1000 : 600) })))(
    'seed $seed: a transient storm on $size resources through create, update, a superseding update and delete; every invariant holds',
    async ({ seed, size }) => {
      const endpoint = new FaultyEndpoint(
        transientFaults(seed, {
          burstRate: 0.12,
          burstMax: 8,
          lostReplyRate: 0.05,
          hangRate: 0.03,
          slowRate: 0.2,
          slowReadyRate: 0.1,
          asyncDeleteRate: 0.5,
        }),
      );
      const name = uniqueName(`storm${seed}`);
      const v1 = layeredSpec({ count: size, width: Math.round(size / 10) });
      const v2 = updatedSpec(v1, { seed, replace: 0.25, update: 0.5, remove: 0.05, add: 25 });
      const v3 = updatedSpec(v2, { seed: seed + 1, replace: 0.2, update: 0.4, remove: 0.03, add: 10 });
      const violations = await withEndpoint(endpoint, [name], async () => {
        const result = await lifecycle({
          url: app.url,
          endpoint,
          name,
          seed,
          run: `storm seed ${seed}`,
          versions: [v1, v2, v3],
          supersede: [2],
          template: { timeoutSecs: 1, retries: 3 },
          figures,
          log,
        });
        return result.violations.map((v) => `seed ${seed}: ${v}`);
      });
      expect(violations).toEqual([]);
    },
  );

  it('a create with resources that fail permanently fails, names one of them, and rolls back to nothing', async () => {
    const seed = SEEDS[0]!;
    const endpoint = new FaultyEndpoint(transientFaults(seed));
    const name = uniqueName('doomed-create');
    const spec = layeredSpec({ count: scaled(300), width: 30 });
    const doom: Record<string, Doom> = { r40: 'fail', r77: 'refuse' };
    const violations = await withEndpoint(endpoint, [name], async () => {
      const found: string[] = [];
      const stack = await settled(
        name,
        'doomed create',
        'create + rollback',
        () =>
          mutation(app.url, 'createStack', { name, template: toTemplate(spec, { url: endpoint.url, doom }) }),
        spec.resources.length,
      );
      if (stack.status !== 'ROLLBACK_COMPLETE')
        found.push(`ended ${stack.status} (${stack.statusReason}), expected ROLLBACK_COMPLETE`);
      const { events, violations } = await checkedEvents(name, stack);
      found.push(...violations);
      const failed = events.find((e) => e.type === 'STACK' && e.status === 'CREATE_FAILED');
      if (!failed || !/r40|r77/.test(failed.reason ?? ''))
        found.push(`no CREATE_FAILED event naming a doomed resource: ${failed?.reason}`);
      found.push(...ledgerViolations(endpoint, stack, null, new Set()));
      return found;
    });
    expect(violations).toEqual([]);
  });

  it('an update with resources that fail permanently rolls back to exactly the last good version', async () => {
    const seed = SEEDS[0]!;
    const endpoint = new FaultyEndpoint(transientFaults(seed));
    const name = uniqueName('doomed-update');
    const v1 = layeredSpec({ count: scaled(400), width: 40 });
    const v2: StackSpec = updatedSpec(v1, { seed, replace: 0.3, update: 0.4, remove: 0.05, add: 10 });
    // The failures come late in the update (the last layer), once replacements have been made.
    const doom: Record<string, Doom> = {
      [v2.resources.at(-1)!.name]: 'fail',
      [v2.resources.at(-3)!.name]: 'refuse',
    };
    const violations = await withEndpoint(endpoint, [name], async () => {
      const found: string[] = [];
      const created = await settled(
        name,
        'doomed update',
        'create',
        () => mutation(app.url, 'createStack', { name, template: toTemplate(v1, { url: endpoint.url }) }),
        v1.resources.length,
      );
      if (created.status !== 'CREATE_COMPLETE')
        found.push(`create ended ${created.status} (${created.statusReason})`);
      found.push(...ledgerViolations(endpoint, created, v1, new Set()).map((v) => `create: ${v}`));

      const rolledBack = await settled(
        name,
        'doomed update',
        'update + rollback',
        () =>
          mutation(app.url, 'updateStack', { name, template: toTemplate(v2, { url: endpoint.url, doom }) }),
        v2.resources.length,
      );
      if (rolledBack.status !== 'ROLLBACK_COMPLETE')
        found.push(
          `update ended ${rolledBack.status} (${rolledBack.statusReason}), expected ROLLBACK_COMPLETE`,
        );
      const { events, violations } = await checkedEvents(name, rolledBack);
      found.push(...violations);
      const failed = events.find((e) => e.type === 'STACK' && e.status === 'UPDATE_FAILED');
      if (!failed || !Object.keys(doom).some((d) => failed.reason?.includes(d)))
        found.push(`no UPDATE_FAILED event naming a doomed resource: ${failed?.reason}`);
      // Exactly version 1's resources, with version 1's properties, and nothing of version 2.
      found.push(...ledgerViolations(endpoint, rolledBack, v1, new Set()).map((v) => `rollback: ${v}`));

      const deleted = await settled(
        name,
        'doomed update',
        'delete',
        () => mutation(app.url, 'deleteStack', { name }),
        v1.resources.length,
      );
      if (deleted.status !== 'DELETE_COMPLETE')
        found.push(`delete ended ${deleted.status} (${deleted.statusReason})`);
      found.push(...(await checkedEvents(name, deleted)).violations);
      found.push(...ledgerViolations(endpoint, deleted, null, new Set()).map((v) => `delete: ${v}`));
      return found;
    });
    expect(violations).toEqual([]);
  });

  it('a resource that never becomes ready fails the stack on its timeout, and the rollback removes everything', async () => {
    const endpoint = new FaultyEndpoint(transientFaults(SEEDS[0]!, { hangRate: 0 }));
    const name = uniqueName('never-ready');
    const spec = layeredSpec({ count: scaled(120), width: 12 });
    const doom: Record<string, Doom> = { r30: 'never' };
    const violations = await withEndpoint(endpoint, [name], async () => {
      const found: string[] = [];
      const stack = await settled(
        name,
        'never ready',
        'create + timeout + rollback',
        () =>
          mutation(app.url, 'createStack', {
            name,
            template: toTemplate(spec, { url: endpoint.url, doom }),
            timeoutSeconds: 20,
          }),
        spec.resources.length,
      );
      if (stack.status !== 'ROLLBACK_COMPLETE')
        found.push(`ended ${stack.status} (${stack.statusReason}), expected ROLLBACK_COMPLETE`);
      const { events, violations } = await checkedEvents(name, stack);
      found.push(...violations);
      const failed = events.find((e) => e.type === 'STACK' && e.status === 'CREATE_FAILED');
      if (!failed || !/timed out/.test(failed.reason ?? ''))
        found.push(`no CREATE_FAILED event for the timeout: ${failed?.reason}`);
      found.push(...ledgerViolations(endpoint, stack, null, new Set()));
      const final = await readStack(app.url, name);
      if (final?.status !== stack.status) found.push(`the stack moved on after settling: ${final?.status}`);
      return found;
    });
    expect(violations).toEqual([]);
  });
});
