/**
 * Updates whose cost follows the change (issue 15 §1): on a converged layered stack of
 * OS::Heat::None resources (default 10,000: 20 layers, each resource needing 2 of the previous
 * layer through get_resource), the time from `updateStack` (over HTTP) to UPDATE_COMPLETE for
 *   1. one property of one leaf changed;
 *   2. one property of a resource in the middle changed (the one whose transitive dependents are
 *      closest to 100: they read it through get_resource, so they are converged too);
 *   3. a parameter-only update (no template) that 1 % of the resources read.
 *
 *   npm run bench -- incremental-update [resources=10000] [warmup=1000]
 *
 * Targets: ≤ 1 s, ≤ 2 s, ≤ 1.5 s. A small warm-up stack goes through the same three updates first.
 */
import { benchEnv, gqlPost, machine, traceTransactions } from './support.ts';
import type { App } from '../src/app.ts';

const count = Number(process.argv[2] ?? 10_000);
const warmup = Number(process.argv[3] ?? 1000);

interface Shape {
  deps: number[][];
  width: number;
}

/** The same layered shape as bench/large-stack.ts. */
function shapeOf(n: number): Shape {
  const width = Math.ceil(n / 20);
  const deps: number[][] = [];
  for (let i = 0; i < n; i++) {
    const d: number[] = [];
    if (i >= width) {
      const layerStart = Math.floor(i / width) * width - width;
      d.push(layerStart + (i % width), layerStart + ((i * 7 + 3) % width));
    }
    deps.push([...new Set(d)]);
  }
  return { deps, width };
}

/** Resources reading the parameter: the last 1 % (leaves of the last layer). */
function readsParameter(n: number, i: number): boolean {
  return i >= n - Math.max(1, Math.round(n / 100));
}

function template(n: number, shape: Shape, changed: ReadonlySet<number> = new Set()): string {
  const lines = [
    'heat_template_version: 2021-04-16',
    'parameters:',
    '  release: { type: string, default: r1 }',
    'resources:',
  ];
  for (let i = 0; i < n; i++) {
    const props: string[] = [];
    if (shape.deps[i]!.length)
      props.push(`upstream: [${shape.deps[i]!.map((d) => `{ get_resource: r${d} }`).join(', ')}]`);
    if (readsParameter(n, i)) props.push('release: { get_param: release }');
    if (changed.has(i)) props.push('tag: changed');
    lines.push(`  r${i}:`, '    type: OS::Heat::None');
    if (props.length) lines.push(`    properties: { ${props.join(', ')} }`);
  }
  return lines.join('\n') + '\n';
}

/** Transitive dependents of every resource. */
function dependentCounts(shape: Shape): number[] {
  const n = shape.deps.length;
  const next: number[][] = Array.from({ length: n }, () => []);
  shape.deps.forEach((ds, i) => ds.forEach((d) => next[d]!.push(i)));
  return next.map((_, start) => {
    const seen = new Set<number>();
    const stack = [start];
    while (stack.length) {
      for (const s of next[stack.pop()!]!) {
        if (seen.has(s)) continue;
        seen.add(s);
        stack.push(s);
      }
    }
    return seen.size;
  });
}

async function waitStatus(app: App, name: string, version: number): Promise<string> {
  const { Reads } = await import('../src/store/reads.ts');
  const reads = new Reads(app.db);
  const deadline = Date.now() + 900_000;
  for (;;) {
    const stack = await reads.stackByName('default', name);
    if (stack && stack.version >= version && !stack.status.endsWith('_IN_PROGRESS')) return stack.status;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${name}: ${stack?.status}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const env = await benchEnv();
const url = env.app.api!.url;

/** The write transactions (statements and commit) since the last clear. */
const transactions = traceTransactions(env.app.db);

async function run(n: number, label: string) {
  const shape = shapeOf(n);
  const name = `bench-incremental-${label}-${n}-${Date.now()}`;
  const t0 = performance.now();
  await gqlPost(url, 'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id } } }', {
    input: { name, template: template(n, shape) },
  });
  const created = await waitStatus(env.app, name, 1);
  const createMs = performance.now() - t0;

  const counts = dependentCounts(shape);
  const leaf = n - shape.width; // first resource of the last layer (it reads no parameter)
  let middle = 0;
  for (let i = 0; i < n; i++) if (Math.abs(counts[i]! - 100) < Math.abs(counts[middle]! - 100)) middle = i;

  let version = 1;
  const update = async (input: Record<string, unknown>) => {
    env.app.db.statementTimes.clear();
    transactions.length = 0;
    const started = performance.now();
    const data = (await gqlPost(
      url,
      'mutation($input: UpdateStackInput!) { updateStack(input: $input) { stack { version } } }',
      { input: { name, ...input } },
    )) as { updateStack: { stack: { version: number } } };
    const accepted = performance.now() - started;
    // What the answer waited for: the write transactions that ran until then (statements and
    // commit; the longest is updateStack's own) and the statements' client and server times.
    const done = transactions.filter((t) => t.end > 0);
    const longest = done.reduce<(typeof done)[number] | null>(
      (a, t) => (a && a.end - a.start >= t.end - t.start ? a : t),
      null,
    );
    const answer = {
      // The longest transaction (updateStack's own) statement by statement: [name, sent at ms, ms];
      // the gaps are this process's own work (compile, change set, rows), the tail its commit.
      longestTimeline: longest
        ? [...longest.timeline, ['(commit done)', longest.end - longest.start, 0]]
        : [],
      transactionsMs: done.map((t) => t.end - t.start).sort((a, b) => b - a),
      statementsMs: Math.round([...env.app.db.statementTimes.values()].reduce((sum, t) => sum + t.ms, 0)),
      statementsServerMs: Math.round(
        [...env.app.db.statementTimes.values()].reduce((sum, t) => sum + t.serverMs, 0),
      ),
    };
    version = data.updateStack.stack.version;
    const status = await waitStatus(env.app, name, version);
    const totalMs = Math.round(performance.now() - started);
    // Where the database time went (the status polls of waitStatus left out): the costliest statements.
    const topStatements = Object.fromEntries(
      [...env.app.db.statementTimes]
        .filter(([statement]) => statement !== 'read/stack-by-name')
        .sort(([, a], [, b]) => b.ms - a.ms)
        .slice(0, 6)
        .map(([statement, { count, ms, serverMs }]) => [
          statement,
          `${count}× ${Math.round(ms)} ms (server ${Math.round(serverMs)})`,
        ]),
    );
    return { status, updateStackMs: Math.round(accepted), answer, totalMs, topStatements };
  };
  const leafChange = await update({ template: template(n, shape, new Set([leaf])) });
  const middleChange = await update({ template: template(n, shape, new Set([leaf, middle])) });
  const parameterOnly = await update({ parameters: { release: 'r2' } });
  return {
    resources: n,
    create: { status: created, totalMs: Math.round(createMs) },
    leafChange,
    middleChange: { resource: `r${middle}`, dependents: counts[middle], ...middleChange },
    parameterOnly: { resourcesReadingIt: Math.max(1, Math.round(n / 100)), ...parameterOnly },
  };
}

try {
  if (warmup > 0) {
    const w = await run(warmup, 'warmup');
    console.error(`warm-up (${warmup} resources): ${JSON.stringify(w)}`);
  }
  const statementsBefore = env.app.db.statementsRun;
  const result = await run(count, 'measured');
  console.log(
    JSON.stringify(
      {
        benchmark: 'incremental-update',
        ...result,
        targetsMs: { leafChange: 1000, middleChange: 2000, parameterOnly: 1500 },
        statements: env.app.db.statementsRun - statementsBefore,
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
