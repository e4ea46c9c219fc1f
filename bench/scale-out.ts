/**
 * Do more worker processes speed up one stack (issue 15 §3)? Runs the same stack with 1, 2, 4, ...
 * worker processes (`npm run worker` equivalents), the API in this process without workers:
 * actions that are slow (a slow API: each create call holds a worker slot for `busy` seconds) must
 * scale; with `busy` 0 (`OS::Heat::None`, the engine's own cost only) more processes must at least
 * never make it slower.
 *
 *   npm run bench -- scale-out [resources=200] [busy=0.2] [concurrency=8] [processes=1,2,4]
 *   npm run bench -- scale-out 10000 0 8 1,2,4
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchEnv, gqlPost, machine, waitTerminal } from './support.ts';

const n = Number(process.argv[2] ?? 200);
const busy = Number(process.argv[3] ?? 0.2);
const concurrency = Number(process.argv[4] ?? 8);
const processCounts = (process.argv[5] ?? '1,2,4').split(',').map(Number);
const root = fileURLToPath(new URL('../', import.meta.url));

const env = await benchEnv({ RUN_WORKERS: 'false' });
const target = env.neo4j!;

function worker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker-main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NEO4J_URI: target.boltUri,
      NEO4J_USER: target.user,
      NEO4J_PASSWORD: target.password,
      WORKER_CONCURRENCY: String(concurrency),
      POLL_INTERVAL_MS: '50',
      LOG_LEVEL: 'info',
      LOG_PRETTY: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) =>
    child.stdout.on('data', (d: Buffer) => d.toString().includes('worker started') && resolve(child)),
  );
}

async function run(workers: number) {
  const children = await Promise.all(Array.from({ length: workers }, worker));
  const resources = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `r${i}`,
      busy > 0
        ? { type: 'OS::Heat::TestResource', properties: { busy_secs: busy, value: `v${i}` } }
        : { type: 'OS::Heat::None', properties: { value: `v${i}` } },
    ]),
  );
  const name = `scale-${workers}-${Date.now()}`;
  const t0 = performance.now();
  await gqlPost(
    env.app.api!.url,
    'mutation($i: CreateStackInput!) { createStack(input: $i) { stack { id } } }',
    { i: { name, template: JSON.stringify({ heat_template_version: '2021-04-16', resources }) } },
  );
  const status = await waitTerminal(env.app, 'default', name, 1_800_000);
  const seconds = (performance.now() - t0) / 1000;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
  return {
    workers,
    status,
    seconds: Number(seconds.toFixed(2)),
    ideal: Number(((n * busy) / (concurrency * workers)).toFixed(2)),
  };
}

try {
  await run(1); // warm-up: query plans and JIT, not measured
  const runs = [];
  for (const workers of processCounts) runs.push(await run(workers));
  const one = runs[0]!;
  console.log(
    JSON.stringify(
      {
        benchmark: 'scale-out',
        resources: n,
        busySecondsEach: busy,
        concurrencyPerProcess: concurrency,
        runs,
        speedup: Object.fromEntries(
          runs
            .slice(1)
            .map((r) => [`${r.workers}/${one.workers}`, Number((one.seconds / r.seconds).toFixed(2))]),
        ),
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
