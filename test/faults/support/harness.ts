import { setTimeout as sleep } from 'node:timers/promises';
import { gql } from '../../support/graphql.ts';
import { startServiceProcess, type ServiceProcess } from '../../support/processes.ts';
import { isTerminal, readStack, type StackView } from './invariants.ts';
import type { Rng } from './random.ts';

/** Worker processes that can be killed and restarted in place. */
/**
 * Worker settings shared by the scenarios with worker processes: 8 slots, quick polling, and fast,
 * bounded retries so that transient endpoint faults are retried within a phase.
 */
export const FAULT_WORKER_ENV = {
  WORKER_CONCURRENCY: '8',
  POLL_INTERVAL_MS: '50',
  RETRY_BASE_MS: '50',
  RETRY_MAX_MS: '500',
  RETRY_LIMIT: '4',
} as const;

export class WorkerPool {
  readonly slots: Array<ServiceProcess | null> = [];
  /** Output of every process that ever ran, for diagnostics. */
  readonly retired: string[][] = [];
  kills = 0;
  restarts = 0;

  constructor(
    private readonly env: Record<string, string>,
    readonly size: number,
  ) {}

  async start(): Promise<void> {
    for (let i = 0; i < this.size; i++) this.slots[i] = this.spawn();
    await Promise.all(this.slots.map((p) => p!.waitFor(/worker started/, 120_000)));
  }

  private spawn(): ServiceProcess {
    return startServiceProcess('worker', this.env);
  }

  alive(): number[] {
    return this.slots.flatMap((p, i) => (p ? [i] : []));
  }

  /** SIGKILL: nothing of the process's shutdown code runs. */
  async kill(i: number): Promise<void> {
    const p = this.slots[i];
    if (!p) return;
    this.slots[i] = null;
    await p.kill();
    this.retired.push(p.output);
    this.kills++;
  }

  /** Starts a fresh process in an empty slot; resolves once it claims work. */
  async restart(i: number): Promise<void> {
    if (this.slots[i]) return;
    const p = this.spawn();
    this.slots[i] = p;
    this.restarts++;
    await p.waitFor(/worker started/, 120_000).catch(() => undefined);
  }

  async ensureAll(): Promise<void> {
    await Promise.all(this.slots.flatMap((p, i) => (p ? [] : [this.restart(i)])));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.slots.map(async (p, i) => {
        if (!p) return;
        this.slots[i] = null;
        await Promise.race([p.stop(), sleep(20_000)]);
        if (p.child.exitCode === null) await p.kill();
        this.retired.push(p.output);
      }),
    );
  }

  /** Log lines of every process (dead or alive) matching `pattern`. */
  grep(pattern: RegExp): string[] {
    return [...this.retired, ...this.slots.flatMap((p) => (p ? [p.output] : []))]
      .flat()
      .filter((l) => pattern.test(l));
  }
}

/** Sleeps `ms`, waking early when `stop()` says so. */
export async function sleepUnless(ms: number, stop: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!stop() && Date.now() < until) await sleep(Math.min(100, until - Date.now()));
}

export interface ChaosOptions {
  /** Pause between kills. */
  gapMs: [number, number];
  /** How long a killed worker stays dead. */
  downMs: [number, number];
  /** Chance that every worker is killed at once. */
  killAllChance: number;
  /** Kills at most this many times in one phase. */
  maxKills: number;
}

/**
 * Kills worker processes at random moments (seeded pauses) until `done()`, restarting each after a
 * random while. Leaves every slot running again when it returns.
 */
export async function killWorkers(
  pool: WorkerPool,
  rng: Rng,
  done: () => boolean,
  options: ChaosOptions,
  log: (line: string) => void = () => {},
): Promise<number> {
  let kills = 0;
  while (!done() && kills < options.maxKills) {
    await sleepUnless(rng.int(...options.gapMs), done);
    if (done()) break;
    const alive = pool.alive();
    if (alive.length === 0) break;
    const victims = rng.chance(options.killAllChance) ? alive : [rng.pick(alive)];
    await Promise.all(victims.map((i) => pool.kill(i)));
    kills += victims.length;
    log(`killed worker(s) ${victims.join(',')} (SIGKILL)`);
    await sleep(rng.int(...options.downMs));
    await Promise.all(victims.map((i) => pool.restart(i)));
  }
  await pool.ensureAll();
  return kills;
}

/** A phase that never ended; `stack` is the last state seen, for diagnostics. */
export class StalledError extends Error {
  constructor(
    readonly last: StackView | null,
    message: string,
  ) {
    super(message);
  }
}

export interface PhaseResult {
  stack: StackView;
  ms: number;
  /** Errors seen while polling (e.g. while Neo4j was down). */
  pollErrors: number;
}

/**
 * Starts an operation and waits until the stack is terminal (not in progress, no rollback pending),
 * polling through outages, while `during` injects faults. Never nudges the stack.
 */
export async function runPhase(
  url: string,
  name: string,
  start: () => Promise<unknown>,
  options: {
    during?: (done: () => boolean) => Promise<unknown>;
    terminal?: (s: StackView) => boolean;
    timeoutMs?: number;
    /** Fails early when nothing at all changes for this long (no event, no status change). */
    stallMs?: number;
  } = {},
): Promise<PhaseResult> {
  const terminal = options.terminal ?? isTerminal;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const stallMs = options.stallMs ?? 240_000;
  let progressAt = Date.now();
  let progressMark = '';
  const started = Date.now();
  await start();
  let finished = false;
  let pollErrors = 0;
  let last: StackView | null = null;
  let lastError = '';
  const chaos = options.during?.(() => finished) ?? Promise.resolve();
  try {
    for (;;) {
      try {
        last = await readStack(url, name);
        if (last && terminal(last)) break;
        const mark = `${last?.status} ${last?.lastEventSequence}`;
        if (mark !== progressMark) {
          progressMark = mark;
          progressAt = Date.now();
        }
      } catch (error) {
        pollErrors++;
        lastError = (error as Error).message;
      }
      const stalled = Date.now() - progressAt > stallMs;
      if (Date.now() - started > timeoutMs || stalled) {
        throw new StalledError(
          last,
          `stack ${name} did not reach a terminal state ${stalled ? `(nothing changed for ${stallMs} ms)` : `within ${timeoutMs} ms`}: ${last?.status} ${last?.statusReason ?? ''}; last poll error: ${lastError}; not ready: ${last?.resources
            .filter((r) => !r.status.endsWith('_COMPLETE'))
            .slice(0, 10)
            .map((r) => `${r.name}=${r.status}(${r.statusReason})`)
            .join(', ')}`,
        );
      }
      await sleep(250);
    }
  } finally {
    finished = true;
    await chaos;
  }
  return { stack: last, ms: Date.now() - started, pollErrors };
}

export async function mutation(
  url: string,
  name: 'createStack' | 'updateStack' | 'deleteStack',
  input: Record<string, unknown>,
): Promise<void> {
  const type = name.charAt(0).toUpperCase() + name.slice(1) + 'Input';
  const res = await gql(
    url,
    `mutation($input: ${type}!) { ${name}(input: $input) { stack { id status } } }`,
    {
      input,
    },
  );
  if (res.errors) throw new Error(`${name} failed: ${JSON.stringify(res.errors)}`);
}

/** Retries `fn` while it throws (e.g. the API answering UNAVAILABLE), up to `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}
