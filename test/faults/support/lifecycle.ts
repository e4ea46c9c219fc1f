import { keyOfPhysicalId, type FaultyEndpoint } from './faulty-endpoint.ts';
import { recordPhase, type ScenarioFigures } from './figures.ts';
import { mutation, runPhase, StalledError, type PhaseResult } from './harness.ts';
import {
  eventViolations,
  isTerminal,
  ledgerViolations,
  readEvents,
  readStack,
  RetainTracker,
  type EventRow,
  type StackView,
} from './invariants.ts';
import { toTemplate, type StackSpec, type TemplateOptions } from './model.ts';
import { eventually } from './harness.ts';

export type PhaseName = 'create' | 'update' | 'delete';

export interface LifecycleOptions {
  url: string;
  endpoint: FaultyEndpoint;
  name: string;
  seed: number;
  run: string;
  /** Version 1, then each update's target. */
  versions: StackSpec[];
  template: Omit<TemplateOptions, 'url'>;
  figures: ScenarioFigures;
  /** Faults to inject while a phase converges (`done()` turns true once the stack is terminal). */
  during?: (phase: PhaseName, index: number, done: () => boolean) => Promise<unknown>;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Log lines of the service about a resource (by name and physical key), for stalled phases. */
  diagnose?: (name: string, key: string | null) => string[];
  /** Updates (numbered from 1) sent while the previous update is still converging. */
  supersede?: number[];
  /** Send the delete while the last update is still converging (do not use with Retain). */
  deleteDuringLastUpdate?: boolean;
}

export interface LifecycleResult {
  violations: string[];
  events: EventRow[];
  phases: Array<{ phase: PhaseName; result: PhaseResult }>;
}

/**
 * One run: create version 1, update to each later version (replacements, in-place updates,
 * removals, additions), delete; after every phase the stack must have reached the expected
 * terminal state on its own, and the endpoint's ledger and the event stream must satisfy the
 * invariants. Returns every violation found (empty when the run survived).
 */
export async function lifecycle(options: LifecycleOptions): Promise<LifecycleResult> {
  const { url, endpoint, name, figures } = options;
  const log = options.log ?? (() => {});
  const tracker = new RetainTracker();
  const violations: string[] = [];
  const reported = new Set<string>();
  const phases: LifecycleResult['phases'] = [];
  let events: EventRow[] = [];
  const templateOf = (spec: StackSpec) => toTemplate(spec, { ...options.template, url: endpoint.url });

  const check = async (
    phase: PhaseName,
    index: number,
    spec: StackSpec | null,
    expected: string,
    result: PhaseResult,
  ) => {
    const stack = result.stack;
    const label = `${options.run} ${phase}${index ? ` #${index}` : ''}`;
    recordPhase(figures, {
      seed: options.seed,
      run: options.run,
      phase: index ? `${phase} ${index}` : phase,
      resources: spec?.resources.length ?? stack.resources.length,
      status: stack.status,
      ms: result.ms,
    });
    log(`${label}: ${stack.status} in ${result.ms} ms`);
    if (stack.status !== expected)
      violations.push(`${label}: ended ${stack.status} (${stack.statusReason}), expected ${expected}`);
    tracker.afterPhase(stack, spec !== null);
    const found = ledgerViolations(endpoint, stack, spec, tracker.retained);
    events = await eventually(() => readEvents(url, name));
    figures.eventsChecked += events.length;
    found.push(...eventViolations(events, stack));
    // A violation about a key (e.g. created twice) stays true in later phases: report it once.
    let fresh = found.filter((v) => !reported.has(v));
    // Key histories (`key ...`) only illustrate new violations.
    if (fresh.every((v) => v.startsWith('key '))) fresh = [];
    for (const v of fresh) reported.add(v);
    for (const v of fresh) violations.push(`${label}: ${v}`);
    if (fresh.length > 0) log(`${label}: ${fresh.length} violations:\n${fresh.slice(0, 20).join('\n')}`);
  };

  const phase = async (
    which: PhaseName,
    index: number,
    start: () => Promise<void>,
    terminal?: (s: StackView) => boolean,
  ): Promise<PhaseResult> => {
    let result: PhaseResult;
    try {
      result = await runPhase(url, name, start, {
        ...(options.during ? { during: (done) => options.during!(which, index, done) } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(terminal ? { terminal } : {}),
      });
    } catch (error) {
      if (error instanceof StalledError && error.last) {
        // What the endpoint saw of the resources that never finished: the reproduction's material.
        const stuck = error.last.resources.filter((r) => !r.status.endsWith('_COMPLETE'));
        const histories = stuck
          .slice(0, 4)
          .map((r) => {
            const key = keyOfPhysicalId(r.physicalResourceId);
            const lines = options.diagnose?.(r.name, key) ?? [];
            return `${r.name} ${r.status} (${r.statusReason})\n${key ? endpoint.describeKey(key) : 'no physical id'}${lines.length ? `\n  logs:\n    ${lines.join('\n    ')}` : ''}`;
          })
          .join('\n');
        violations.push(`${options.run} ${which}: ${error.message}`);
        log(`${options.run} ${which} stalled; ${stuck.length} resources unfinished:\n${histories}`);
        throw new Error(`${error.message}\n${histories}`, { cause: error });
      }
      throw error;
    }
    phases.push({ phase: which, result });
    return result;
  };

  const [first, ...updates] = options.versions;
  tracker.beforePhase(endpoint, name, null);
  const created = await phase('create', 0, () =>
    mutation(url, 'createStack', { name, template: templateOf(first!) }),
  );
  await check('create', 0, first!, 'CREATE_COMPLETE', created);

  let current: StackSpec = first!;
  let superseded = false;
  for (const [i, next] of updates.entries()) {
    // Retain candidates come from the last version that completed; a superseded one never did.
    if (!superseded) tracker.beforePhase(endpoint, name, current);
    const supersedeNext =
      (options.supersede?.includes(i + 2) ?? false) ||
      (options.deleteDuringLastUpdate === true && i === updates.length - 1);
    const startSeq = (await eventually(() => readStack(url, name)))?.lastEventSequence ?? 0;
    const threshold = startSeq + Math.max(5, Math.round(next.resources.length / 4));
    const updated = await phase(
      'update',
      i + 1,
      () => mutation(url, 'updateStack', { name, template: templateOf(next) }),
      // Superseded: the next update is sent once a quarter of this one's events are in.
      supersedeNext ? (s) => isTerminal(s) || s.lastEventSequence >= threshold : undefined,
    );
    superseded = supersedeNext && updated.stack.status.endsWith('_IN_PROGRESS');
    if (superseded)
      log(`${options.run} update #${i + 1}: superseded at ${updated.stack.lastEventSequence} events`);
    else await check('update', i + 1, next, 'UPDATE_COMPLETE', updated);
    current = next;
  }

  if (!superseded) tracker.beforePhase(endpoint, name, current);
  const deleted = await phase('delete', 0, () => mutation(url, 'deleteStack', { name }));
  await check('delete', 0, null, 'DELETE_COMPLETE', deleted);
  return { violations, events, phases };
}

/** Adds the endpoint's counts for one stack to the scenario's figures. */
export function countLedger(figures: ScenarioFigures, endpoint: FaultyEndpoint, stack: string): void {
  for (const e of endpoint.ledgerOf(stack)) {
    if (e.kind === 'create') figures.resourcesCreated++;
    else if (e.kind === 'update') figures.resourcesUpdated++;
    else figures.resourcesDeleted++;
  }
}

export type { StackView };
