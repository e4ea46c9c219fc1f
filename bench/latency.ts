/**
 * Latency-bound stacks: waiting for readiness holds no worker slot, so the makespan follows the
 * critical path, not the number of resources.
 *
 *   npm run bench -- latency [wide=500] [seconds=1]
 *
 * 1. `wide`: N independent OS::Heat::TestResource that each take `seconds` to become ready.
 * 2. `layered`: 5 layers of N/5 with the same latency (critical path = 5 x seconds).
 */
import { criticalPath } from '../src/graph/dag.ts';
import { benchEnv, gqlPost, machine, waitTerminal } from './support.ts';

const n = Number(process.argv[2] ?? 500);
const seconds = Number(process.argv[3] ?? 1);

function template(kind: 'wide' | 'layered'): { text: string; requires: Map<string, string[]> } {
  const resources: Record<string, unknown> = {};
  const requires = new Map<string, string[]>();
  const width = kind === 'wide' ? n : Math.ceil(n / 5);
  for (let i = 0; i < n; i++) {
    const deps = kind === 'layered' && i >= width ? [`r${i - width}`] : [];
    requires.set(`r${i}`, deps);
    resources[`r${i}`] = {
      type: 'OS::Heat::TestResource',
      properties: { wait_secs: seconds, value: `v${i}` },
      ...(deps.length ? { depends_on: deps } : {}),
    };
  }
  return { text: JSON.stringify({ heat_template_version: '2021-04-16', resources }), requires };
}

const env = await benchEnv();
try {
  // Warm-up: plan the queries once.
  await gqlPost(
    env.app.api!.url,
    'mutation($i: CreateStackInput!) { createStack(input: $i) { stack { id } } }',
    {
      i: {
        name: `warmup-${Date.now()}`,
        template: template('wide').text.replaceAll(`"wait_secs":${seconds}`, '"wait_secs":0'),
      },
    },
  );
  await new Promise((r) => setTimeout(r, 3000));
  const results = [];
  for (const kind of ['wide', 'layered'] as const) {
    const { text, requires } = template(kind);
    const names = [...requires.keys()];
    const path = criticalPath(
      names,
      (x) => requires.get(x) ?? [],
      () => seconds,
    );
    const name = `latency-${kind}-${Date.now()}`;
    const t0 = performance.now();
    await gqlPost(
      env.app.api!.url,
      'mutation($i: CreateStackInput!) { createStack(input: $i) { stack { id } } }',
      { i: { name, template: text } },
    );
    const status = await waitTerminal(env.app, 'default', name);
    const makespan = (performance.now() - t0) / 1000;
    results.push({
      kind,
      resources: n,
      secondsEach: seconds,
      status,
      criticalPathSeconds: path.length,
      makespanSeconds: Number(makespan.toFixed(2)),
      overheadSeconds: Number((makespan - path.length).toFixed(2)),
    });
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'latency',
        results,
        workerConcurrency: 16,
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
