/**
 * How long a large stack of OS::Heat::None resources takes from `createStack` (over HTTP) to
 * CREATE_COMPLETE, and the process's peak memory.
 *
 *   npm run bench -- large-stack [resources=10000] [shape=layered|wide|random] [warmup=2000]
 *
 * A warm-up stack (default 2,000 resources) runs first on the same service, so the figure is for
 * a running service rather than for a JVM that has never planned or compiled our queries.
 *
 * Then, on the same Neo4j, the floor (issue 15 §2, `src/store/floor.ts`): the same nodes and
 * edges written in one batched transaction plus one batched pass marking them complete with their
 * events. `floorRatio` is the engine's total over the floor's.
 */
import { isMemoryLimit } from '../src/store/stacks.ts';
import { measureFloor } from '../src/store/floor.ts';
import { benchEnv, gqlPost, machine, waitTerminal } from './support.ts';

const count = Number(process.argv[2] ?? 10_000);
const shape = process.argv[3] ?? 'layered';
const warmup = Number(process.argv[4] ?? 2000);

/** layered: 20 layers, each resource depends on 2 of the previous layer; wide: no edges; random: up to 3 earlier deps. */
export function largeShape(n: number, kind: string): number[][] {
  const width = Math.ceil(n / 20);
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const all: number[][] = [];
  for (let i = 0; i < n; i++) {
    const deps: number[] = [];
    if (kind === 'layered' && i >= width) {
      const layerStart = Math.floor(i / width) * width - width;
      deps.push(layerStart + (i % width), layerStart + ((i * 7 + 3) % width));
    } else if (kind === 'random' && i > 0) {
      for (let k = 0; k < 3; k++) deps.push(Math.floor(random() * i));
    }
    all.push([...new Set(deps)]);
  }
  return all;
}

export function largeTemplate(n: number, kind: string): string {
  const lines = ['heat_template_version: 2021-04-16', 'resources:'];
  const shapeDeps = largeShape(n, kind);
  for (let i = 0; i < n; i++) {
    const unique = shapeDeps[i]!;
    lines.push(`  r${i}:`, '    type: OS::Heat::None');
    if (unique.length)
      lines.push(
        `    properties: { upstream: [${unique.map((d) => `{ get_resource: r${d} }`).join(', ')}] }`,
      );
  }
  return lines.join('\n') + '\n';
}

const env = await benchEnv();
async function converge(n: number, label: string) {
  const template = largeTemplate(n, shape);
  const name = `bench-${label}-${shape}-${n}-${Date.now()}`;
  const t0 = performance.now();
  await gqlPost(
    env.app.api!.url,
    'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id status } } }',
    { input: { name, template } },
  );
  const persisted = performance.now() - t0;
  const status = await waitTerminal(env.app, 'default', name);
  return { template, status, persisted, total: performance.now() - t0 };
}
if (warmup > 0) {
  const w = await converge(warmup, 'warmup');
  console.error(`warm-up: ${warmup} resources ${w.status} in ${Math.round(w.total)} ms`);
}
const statementsBefore = env.app.db.statementsRun;
env.app.db.statementTimes.clear();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
try {
  const { template, status, persisted, total } = await converge(count, 'measured');
  clearInterval(sampler);
  const statements = env.app.db.statementsRun - statementsBefore;
  // The engine's statements only (the floor's own two come after).
  const byStatement = Object.fromEntries(
    [...env.app.db.statementTimes]
      .sort(([, a], [, b]) => b.ms - a.ms)
      // ms: waited for by the service (its event loop included); serverMs: what Neo4j reports.
      .map(([name, { count, ms, serverMs }]) => [
        name,
        { count, ms: Math.round(ms), serverMs: Math.round(serverMs) },
      ]),
  );
  // The floor, same run, same Neo4j: the same resources (with their resolved properties: physical
  // ids of their dependencies) and NEEDED_BY edges.
  const deps = largeShape(count, shape);
  // The floor is one transaction by definition: past Neo4j's transaction memory it has none.
  const floor = await measureFloor(
    env.app.db,
    deps.map((d, i) => ({
      name: `r${i}`,
      type: 'OS::Heat::None',
      properties: d.length ? { upstream: d.map((x) => `r${x}-physical-id`) } : {},
    })),
    deps.flatMap((d, i) => d.map((x): [number, number] => [x, i])),
  ).catch((error: unknown) => {
    if (!isMemoryLimit(error)) throw error;
    console.error(`floor: not measurable, ${(error as Error).message}`);
    return null;
  });
  const result = {
    benchmark: 'large-stack',
    resources: count,
    shape,
    templateBytes: Buffer.byteLength(template),
    status,
    createStackMs: Math.round(persisted),
    convergeMs: Math.round(total - persisted),
    totalMs: Math.round(total),
    floorMs: floor?.totalMs ?? null,
    floorWriteMs: floor?.writeMs ?? null,
    floorCompleteMs: floor?.completeMs ?? null,
    floorRatio: floor ? Math.round((total / floor.totalMs) * 10) / 10 : null,
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    warmupResources: warmup,
    statements,
    byStatement,
    machine: machine(),
    date: new Date().toISOString(),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  clearInterval(sampler);
  await env.close();
}
