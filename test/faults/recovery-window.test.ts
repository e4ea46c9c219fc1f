import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { FaultyEndpoint } from './support/faulty-endpoint.ts';
import { addFaults, emptyFigures, recordPhase, saveFigures } from './support/figures.ts';
import { mutation, runPhase } from './support/harness.ts';
import { canonical, eventViolations, readEvents, readStack } from './support/invariants.ts';

/**
 * Minimal, deterministic reproductions of a worker killed between starting an action (the
 * `begin` write: status *_IN_PROGRESS, `action` and `actionStartedAt` recorded) and the action's
 * call reaching the provider. A worker with one action slot claims two items, begins both, and
 * makes the first call, which the endpoint applies but answers slowly; the second waits for the
 * slot. The worker is then killed with SIGKILL and another one takes over after the lease.
 *
 * The correct outcome: the second resource's action is carried out (the provider sees it), as
 * the README promises ("a dead worker's work is picked up by others ... observed first").
 */
const SCENARIO = 'recovery-window';
const figures = emptyFigures(
  'Deterministic reproductions: a worker (WORKER_CONCURRENCY=1) SIGKILLed after beginning two actions, one of them still waiting for its slot; another worker takes over.',
  [],
);
const started = Date.now();
let api: TestApp;
let endpoint: FaultyEndpoint;
const processes: ServiceProcess[] = [];
const log = (line: string) => console.log(`[${SCENARIO}] ${line}`);

beforeAll(async () => {
  api = await startTestApp({ RUN_WORKERS: 'false' });
  endpoint = await new FaultyEndpoint().start();
});
afterEach(async () => {
  endpoint.hold = null;
  endpoint.outage = null;
  endpoint.modes = { ...endpoint.modes, readyMs: [0, 0] };
  await Promise.all(processes.splice(0).map((p) => p.kill()));
});
afterAll(async () => {
  figures.durationMs = Date.now() - started;
  addFaults(figures.faultsInjected, endpoint?.faults ?? {});
  for (const e of endpoint?.ledger ?? []) {
    if (e.kind === 'create') figures.resourcesCreated++;
    else if (e.kind === 'update') figures.resourcesUpdated++;
    else figures.resourcesDeleted++;
  }
  figures.endpointRequests = endpoint?.requests ?? 0;
  await saveFigures(SCENARIO, figures);
  await api?.stop();
  await endpoint?.stop();
});

function worker(env: Record<string, string> = {}): ServiceProcess {
  const p = startServiceProcess('worker', {
    WORKER_TENANTS: api.tenant,
    WORKER_CONCURRENCY: '1',
    LEASE_SECONDS: '2',
    POLL_INTERVAL_MS: '50',
    RETRY_BASE_MS: '50',
    // Bounds the observation of an action that never happens, so the reproduction ends.
    ACTION_TIMEOUT_SECONDS: '20',
    ...env,
  });
  processes.push(p);
  return p;
}

function template(v: number): string {
  const hook = (name: string) => ({
    type: 'Convergence::Webhook',
    properties: { url: endpoint.url, timeout_secs: 30, properties: { name, v } },
  });
  return JSON.stringify({ heat_template_version: '2021-04-16', resources: { a: hook('a'), b: hook('b') } });
}

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const calls = (method: string, action?: string) =>
  [...endpoint.calls.values()].flat().filter((c) => c.method === method && (!action || c.action === action));

/** Creates the two-resource stack with a first worker, which it returns (to be killed later). */
async function createdStack(name: string): Promise<ServiceProcess> {
  const first = worker();
  await first.waitFor(/worker started/, 120_000);
  const created = await runPhase(
    api.url,
    name,
    () => mutation(api.url, 'createStack', { name, template: template(1) }),
    {
      timeoutMs: 120_000,
    },
  );
  expect(created.stack.status).toBe('CREATE_COMPLETE');
  return first;
}

/**
 * Kills `victim` once it has begun both actions and sent exactly one call (held by the endpoint),
 * then lets a fresh worker finish the operation.
 */
async function killInTheWindow(
  name: string,
  victim: ServiceProcess,
  status: string,
  method: string,
  action?: string,
) {
  await waitUntil('both actions begun and one call sent', async () => {
    const stack = await readStack(api.url, name);
    return !!stack && stack.resources.every((r) => r.status === status) && calls(method, action).length === 1;
  });
  const before = calls(method, action).length;
  await victim.kill();
  figures.workerKills++;
  log(`${name}: killed the worker with both resources ${status} and ${before} ${method} sent`);
  endpoint.hold = null;
  const rescuer = worker();
  figures.workerRestarts++;
  await rescuer.waitFor(/worker started/, 120_000);
  return rescuer;
}

describe('a worker killed mid-action, and the worker that recovers its work', () => {
  it('delete: the resource whose DELETE was never sent is deleted by the worker that takes over', async () => {
    const name = uniqueName('window-delete');
    const first = await createdStack(name);
    const phaseStarted = Date.now();
    endpoint.hold = (c) => (c.method === 'DELETE' ? 8000 : 0);
    await mutation(api.url, 'deleteStack', { name });
    const rescuer = await killInTheWindow(name, first, 'DELETE_IN_PROGRESS', 'DELETE');
    const done = await runPhase(api.url, name, async () => {}, { timeoutMs: 120_000 });
    recordPhase(figures, {
      seed: 0,
      run: 'delete window',
      phase: 'delete',
      resources: 2,
      status: done.stack.status,
      ms: Date.now() - phaseStarted,
    });
    const events = await readEvents(api.url, name);
    figures.eventsChecked += events.length;
    figures.runs++;
    const live = endpoint.liveOf(name).map((t) => `${t.name} ${t.key}`);
    const report = [
      `stack ${done.stack.status} (${done.stack.statusReason})`,
      `still alive at the endpoint: ${live.join(', ') || 'nothing'}`,
      `DELETE requests received: ${calls('DELETE').length}`,
      ...rescuer.output
        .filter((l) => /recovered a started action|did not complete in time/.test(l))
        .slice(0, 4),
      ...endpoint.keysOf(name).map((k) => endpoint.describeKey(k.key)),
    ].join('\n');
    const ok =
      done.stack.status === 'DELETE_COMPLETE' &&
      live.length === 0 &&
      eventViolations(events, done.stack).length === 0;
    if (ok) figures.runsSurvived++;
    else {
      figures.violations.push(`delete window: ${report.split('\n').slice(0, 3).join('; ')}`);
      log(`delete window reproduction:\n${report}`);
    }
    expect(done.stack.status, report).toBe('DELETE_COMPLETE');
    expect(live, report).toEqual([]);
    expect(eventViolations(events, done.stack)).toEqual([]);
  });

  it('update: the resource whose PUT was never sent is updated by the worker that takes over', async () => {
    const name = uniqueName('window-update');
    const first = await createdStack(name);
    const phaseStarted = Date.now();
    endpoint.hold = (c) => (c.method === 'PUT' && c.action === 'UPDATE' ? 8000 : 0);
    await mutation(api.url, 'updateStack', { name, template: template(2) });
    const rescuer = await killInTheWindow(name, first, 'UPDATE_IN_PROGRESS', 'PUT', 'UPDATE');
    const done = await runPhase(api.url, name, async () => {}, { timeoutMs: 120_000 });
    recordPhase(figures, {
      seed: 0,
      run: 'update window',
      phase: 'update',
      resources: 2,
      status: done.stack.status,
      ms: Date.now() - phaseStarted,
    });
    const events = await readEvents(api.url, name);
    figures.eventsChecked += events.length;
    figures.runs++;
    const live = endpoint
      .liveOf(name)
      .map((t) => `${t.name}: ${canonical(t.properties)}`)
      .sort();
    const report = [
      `stack ${done.stack.status} (${done.stack.statusReason}); resources: ${done.stack.resources.map((r) => `${r.name} ${r.status}`).join(', ')}`,
      `live at the endpoint: ${live.join('; ')}`,
      `UPDATE PUTs received: ${calls('PUT', 'UPDATE').length}`,
      ...rescuer.output.filter((l) => /recovered a started action/.test(l)).slice(0, 4),
      ...endpoint.keysOf(name).map((k) => endpoint.describeKey(k.key)),
    ].join('\n');
    const expected = ['a: {"name":"a","v":2}', 'b: {"name":"b","v":2}'];
    const ok = done.stack.status === 'UPDATE_COMPLETE' && canonical(live) === canonical(expected);
    if (ok) figures.runsSurvived++;
    else {
      figures.violations.push(`update window: ${report.split('\n').slice(0, 3).join('; ')}`);
      log(`update window reproduction:\n${report}`);
    }
    expect(done.stack.status, report).toBe('UPDATE_COMPLETE');
    expect(live, report).toEqual(expected);
    expect(eventViolations(events, done.stack)).toEqual([]);
  });

  it('create: a transient observe error while recovering is not a failure of the resource (no delete and re-create)', async () => {
    const name = uniqueName('window-observe');
    const victim = worker();
    await victim.waitFor(/worker started/, 120_000);
    // Slow readiness: the victim is killed while it observes the thing it created.
    endpoint.modes = { ...endpoint.modes, readyMs: [6000, 6000] };
    const phaseStarted = Date.now();
    const one = JSON.stringify({
      heat_template_version: '2021-04-16',
      resources: {
        a: {
          type: 'Convergence::Webhook',
          properties: { url: endpoint.url, retries: 3, properties: { name: 'a' } },
        },
      },
    });
    await mutation(api.url, 'createStack', { name, template: one });
    await waitUntil('the create PUT', () => endpoint.keysOf(name).length === 1);
    await waitUntil('a first observation', () => calls('GET').some((c) => c.status === 200));
    await victim.kill();
    figures.workerKills++;
    // A brief outage of the endpoint's reads, as the next worker recovers the create: 4 answers
    // of 503 (the webhook's 1 + 3 retries), then the endpoint is fine again.
    let refused = 0;
    endpoint.outage = (c) => (c.method === 'GET' && refused++ < 4 ? 503 : 0);
    const rescuer = worker();
    figures.workerRestarts++;
    const done = await runPhase(api.url, name, async () => {}, { timeoutMs: 120_000 });
    recordPhase(figures, {
      seed: 0,
      run: 'observe window',
      phase: 'create',
      resources: 1,
      status: done.stack.status,
      ms: Date.now() - phaseStarted,
    });
    const events = await readEvents(api.url, name);
    figures.eventsChecked += events.length;
    figures.runs++;
    const keys = endpoint.keysOf(name);
    const report = [
      `stack ${done.stack.status} (${done.stack.statusReason})`,
      ...rescuer.output.filter((l) => /recovered|failed/.test(l)).slice(0, 4),
      ...keys.map((k) => endpoint.describeKey(k.key)),
    ].join('\n');
    const ok =
      done.stack.status === 'CREATE_COMPLETE' &&
      keys.length === 1 &&
      keys[0]!.creations === 1 &&
      keys[0]!.deletions === 0;
    if (ok) figures.runsSurvived++;
    else {
      figures.violations.push(
        `observe window: ${report.split('\n').slice(0, 2).join('; ')}; creations ${keys[0]?.creations}, deletions ${keys[0]?.deletions}`,
      );
      log(`observe window reproduction:\n${report}`);
    }
    expect(done.stack.status, report).toBe('CREATE_COMPLETE');
    expect(
      keys.map((k) => ({ creations: k.creations, deletions: k.deletions })),
      report,
    ).toEqual([{ creations: 1, deletions: 0 }]);
    expect(eventViolations(events, done.stack)).toEqual([]);
  });
});
