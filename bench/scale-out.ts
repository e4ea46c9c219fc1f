/**
 * Does a second worker process speed up a stack whose actions are slow (a slow API: each create
 * call holds a worker slot for `busy` seconds)? Runs the same stack with one, then two worker
 * processes (`npm run worker` equivalents), the API in this process without workers.
 *
 *   npm run bench -- scale-out [resources=200] [busy=0.2] [concurrency=8]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchEnv, gqlPost, machine, waitTerminal } from './support.ts';

const n = Number(process.argv[2] ?? 200);
const busy = Number(process.argv[3] ?? 0.2);
const concurrency = Number(process.argv[4] ?? 8);
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
      { type: 'OS::Heat::TestResource', properties: { busy_secs: busy, value: `v${i}` } },
    ]),
  );
  const name = `scale-${workers}-${Date.now()}`;
  const t0 = performance.now();
  await gqlPost(
    env.app.api!.url,
    'mutation($i: CreateStackInput!) { createStack(input: $i) { stack { id } } }',
    { i: { name, template: JSON.stringify({ heat_template_version: '2021-04-16', resources }) } },
  );
  const status = await waitTerminal(env.app, 'default', name);
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
  const one = await run(1);
  const two = await run(2);
  console.log(
    JSON.stringify(
      {
        benchmark: 'scale-out',
        resources: n,
        busySecondsEach: busy,
        concurrencyPerProcess: concurrency,
        runs: [one, two],
        speedup: Number((one.seconds / two.seconds).toFixed(2)),
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
