/**
 * Latency-bound stacks: waiting for readiness holds no worker slot, so the makespan follows the
 * critical path, not the number of resources.
 *
 *   npm run bench -- latency [wide=500] [seconds=1] [chain=20] [chainSeconds=0.5] [cases=wide,layered,chain]
 *
 * 1. `wide`: N independent OS::Heat::TestResource that each take `seconds` to become ready.
 * 2. `layered`: 5 layers of N/5 with the same latency (critical path = 5 x seconds).
 * 3. `chain`: `chain` resources in a line, each `chainSeconds` (critical path = chain x chainSeconds).
 *
 * Besides the makespan, each case prints where the time between the layers goes (`breakdown`),
 * from the stack's stored events and a trace of this process's Neo4j transactions (the bench wraps
 * `Database.transaction`; nothing in the engine changes for it). Per layer boundary, for the last
 * resource of the layer (the one the next layer waits for):
 * - `observeToFinish`: its wait ended → its finish commit started (observer, commit queue);
 * - `finishCommit`: that commit transaction's duration;
 * - `wakeToClaim`: the commit ended → the claim that starts the next layer's last resource began
 *   (wake-up of the claim loop, claims in between);
 * - `total`: wait ended → next layer's claim (the claim's own time and the progress write are
 *   part of the next resource's wait, which starts at its claim).
 * `start` is createStack's answer and the first claim; `end` the last wait → stack terminal.
 * `makespanSeconds` runs from sending createStack to the end of the commit that made the stack
 * terminal (from the trace); `seenByPollSeconds` is when the bench's 100-ms poll saw it.
 */
import { loadavg } from 'node:os';
import { criticalPath } from '../src/graph/dag.ts';
import { Reads, type StoredEvent } from '../src/store/reads.ts';
import { benchEnv, gqlPost, machine, traceTransactions, waitTerminal, type TxTrace } from './support.ts';

const n = Number(process.argv[2] ?? 500);
const seconds = Number(process.argv[3] ?? 1);
const chainLength = Number(process.argv[4] ?? 20);
const chainSeconds = Number(process.argv[5] ?? 0.5);
const cases = (process.argv[6] ?? 'wide,layered,chain').split(',') as Kind[];

type Kind = 'wide' | 'layered' | 'chain';

interface Shape {
  text: string;
  requires: Map<string, string[]>;
  layerOf: (name: string) => number;
  waitSecs: number;
}

function template(kind: Kind, waitSecs: number): Shape {
  const resources: Record<string, unknown> = {};
  const requires = new Map<string, string[]>();
  const count = kind === 'chain' ? chainLength : n;
  const width = kind === 'wide' ? count : kind === 'chain' ? 1 : Math.ceil(count / 5);
  for (let i = 0; i < count; i++) {
    const deps = i >= width ? [`r${i - width}`] : [];
    requires.set(`r${i}`, deps);
    resources[`r${i}`] = {
      type: 'OS::Heat::TestResource',
      properties: { wait_secs: waitSecs, value: `v${i}` },
      ...(deps.length ? { depends_on: deps } : {}),
    };
  }
  return {
    text: JSON.stringify({ heat_template_version: '2021-04-16', resources }),
    requires,
    layerOf: (name) => Math.floor(Number(name.slice(1)) / width),
    waitSecs,
  };
}

const env = await benchEnv();
const reads = new Reads(env.app.db);
const traces = traceTransactions(env.app.db);
const kindOf = (t: TxTrace) =>
  t.statements[0] === 'engine/claim-select'
    ? 'claim'
    : t.statements[0] === 'engine/lock-stacks'
      ? 'commit'
      : 'other';
/** The first traced transaction of `kind` that started at or after `at` (epoch ms). */
const txAt = (kind: string, at: number) =>
  traces.find((t) => kindOf(t) === kind && t.start >= at && t.end > 0);

const ms = (x: number) => Math.round(x);
const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: ms(pick(0.5)), max: ms(sorted.at(-1) ?? 0) };
};

function breakdown(shape: Shape, events: StoredEvent[], t0: number, answeredAt: number, seenAt: number) {
  const claimAt = new Map<string, number>();
  const doneAt = new Map<string, number>();
  let terminalAt = 0;
  for (const e of events) {
    if (e.type === 'STACK') {
      if (!e.status.endsWith('_IN_PROGRESS')) terminalAt = e.at;
      continue;
    }
    if (e.status === 'CREATE_IN_PROGRESS' && !claimAt.has(e.resourceName!))
      claimAt.set(e.resourceName!, e.at);
    if (e.status === 'CREATE_COMPLETE') doneAt.set(e.resourceName!, e.at);
  }
  const layers: Array<{ lastClaim: number; lastDone: number }> = [];
  for (const [name, at] of claimAt) {
    const k = shape.layerOf(name);
    layers[k] ??= { lastClaim: 0, lastDone: 0 };
    layers[k].lastClaim = Math.max(layers[k].lastClaim, at);
    layers[k].lastDone = Math.max(layers[k].lastDone, doneAt.get(name) ?? 0);
  }
  const wait = shape.waitSecs * 1000;
  const boundaries: Array<Record<'observeToFinish' | 'finishCommit' | 'wakeToClaim' | 'total', number>> = [];
  for (let k = 0; k + 1 < layers.length; k++) {
    const waitEnd = layers[k]!.lastClaim + wait;
    const finish = txAt('commit', layers[k]!.lastDone);
    const finishEnd = finish?.end ?? layers[k]!.lastDone;
    boundaries.push({
      observeToFinish: ms(layers[k]!.lastDone - waitEnd),
      finishCommit: ms(finishEnd - layers[k]!.lastDone),
      wakeToClaim: ms(layers[k + 1]!.lastClaim - finishEnd),
      total: ms(layers[k + 1]!.lastClaim - waitEnd),
    });
  }
  const last = layers.at(-1)!;
  const lastFinish = txAt('commit', last.lastDone);
  const window = traces.filter((t) => t.start >= t0 && t.end > 0 && t.start <= seenAt);
  const txSummary = (kind: string) => {
    const xs = window.filter((t) => kindOf(t) === kind).map((t) => t.end - t.start);
    return { count: xs.length, ...stats(xs) };
  };
  const sum = (key: 'observeToFinish' | 'finishCommit' | 'wakeToClaim' | 'total') =>
    boundaries.reduce((a, b) => a + b[key], 0);
  return {
    start: {
      createStackAnswered: ms(answeredAt - t0),
      firstLayerLastClaim: ms(layers[0]!.lastClaim - t0),
    },
    perLayer:
      boundaries.length > 0
        ? {
            sumMs: {
              observeToFinish: sum('observeToFinish'),
              finishCommit: sum('finishCommit'),
              wakeToClaim: sum('wakeToClaim'),
              total: sum('total'),
            },
            meanTotalMs: ms(sum('total') / boundaries.length),
            boundaries:
              boundaries.length <= 20 ? boundaries.map((b) => Object.values(b).join('/')) : undefined,
            totalMs: stats(boundaries.map((b) => b.total)),
          }
        : undefined,
    /** When the commit that made the stack terminal ended (epoch ms). */
    terminalCommittedAt: txAt('commit', terminalAt)?.end ?? seenAt,
    end: {
      observeToFinish: ms(last.lastDone - (last.lastClaim + wait)),
      finishCommit: ms((lastFinish?.end ?? last.lastDone) - last.lastDone),
      stackTerminalEvent: ms(terminalAt - (last.lastClaim + wait)),
      stackTerminalCommitted: ms((txAt('commit', terminalAt)?.end ?? seenAt) - (last.lastClaim + wait)),
      seenByBench: ms(seenAt - (last.lastClaim + wait)),
    },
    transactions: { claim: txSummary('claim'), commit: txSummary('commit'), other: txSummary('other') },
    /** Statement by statement ([name, ms after the transaction began, ms]): createStack's transaction and the slowest commit. */
    timelines: {
      create: window.find((t) => kindOf(t) === 'other')?.timeline,
      slowestCommit: window
        .filter((t) => kindOf(t) === 'commit')
        .sort((a, b) => b.end - b.start - (a.end - a.start))[0]?.timeline,
    },
  };
}

try {
  // Warm-up: plan the queries once, and let it finish (on a busy machine it can outlast a fixed
  // pause, and its claims and commits then delay the first case's start).
  const warmup = `warmup-${Date.now()}`;
  await gqlPost(
    env.app.api!.url,
    'mutation($i: CreateStackInput!) { createStack(input: $i) { stack { id } } }',
    { i: { name: warmup, template: template('wide', 0).text } },
  );
  await waitTerminal(env.app, 'default', warmup);
  await new Promise((r) => setTimeout(r, 1000));
  const results = [];
  for (const kind of cases) {
    const shape = template(kind, kind === 'chain' ? chainSeconds : seconds);
    const names = [...shape.requires.keys()];
    const path = criticalPath(
      names,
      (x) => shape.requires.get(x) ?? [],
      () => shape.waitSecs,
    );
    const criticalPathSeconds = path.length;
    const name = `latency-${kind}-${Date.now()}`;
    const load = loadavg().map((x) => Number(x.toFixed(2)));
    env.app.db.statementTimes.clear();
    const t0 = Date.now();
    const created = (await gqlPost(
      env.app.api!.url,
      'mutation($i: CreateStackInput!) { createStack(input: $i) { stack { id } } }',
      { i: { name, template: shape.text } },
    )) as { createStack: { stack: { id: string } } };
    const answeredAt = Date.now();
    // Polled (not too often: every read loads the Neo4j the engine uses).
    const status = await waitTerminal(env.app, 'default', name, 600_000, 100);
    const seenAt = Date.now();
    const events = await reads.events(created.createStack.stack.id, 0, 1_000_000);
    const { terminalCommittedAt, ...details } = breakdown(shape, events, t0, answeredAt, seenAt);
    // createStack sent → the commit that made the stack terminal ended (this process's trace).
    // (A transaction's traced end includes closing its session, so the poll may see it first.)
    const makespan = (Math.min(terminalCommittedAt, seenAt) - t0) / 1000;
    results.push({
      kind,
      resources: names.length,
      secondsEach: shape.waitSecs,
      status,
      criticalPathSeconds,
      makespanSeconds: Number(makespan.toFixed(2)),
      overheadSeconds: Number((makespan - criticalPathSeconds).toFixed(2)),
      loadAverage: load,
      seenByPollSeconds: Number(((seenAt - t0) / 1000).toFixed(2)),
      breakdown: details,
      byStatement: Object.fromEntries(
        [...env.app.db.statementTimes]
          .sort(([, a], [, b]) => b.ms - a.ms)
          .slice(0, 8)
          .map(([s, { count, ms: t }]) => [s, { count, ms: Math.round(t) }]),
      ),
    });
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'latency',
        results,
        workerConcurrency: Number(process.env.WORKER_CONCURRENCY ?? 16),
        machine: machine(),
        date: new Date().toISOString(),
      },
      null,
      2,
    ),
  );
} finally {
  await env.close();
}
