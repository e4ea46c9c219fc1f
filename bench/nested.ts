/**
 * Nested stacks: a chain of template resources, each level one nested stack, against the same
 * number of OS::Heat::None resources in one flat chain. Nesting adds no polling delay: the leaf's
 * completion finishes every level above it in one commit.
 *
 *   npm run bench -- nested [levels=5] [runs=5]
 *
 * Reports the median makespan (createStack → CREATE_COMPLETE) of each shape, and the commit time
 * (event `at`) of every level's CREATE_COMPLETE (equal: one commit completes them all).
 */
import { benchEnv, gqlPost, machine, waitTerminal } from './support.ts';

const levels = Number(process.argv[2] ?? 5);
const runs = Number(process.argv[3] ?? 5);

const files: Record<string, string> = {
  [`level${levels}.yaml`]: 'heat_template_version: 2021-04-16\nresources:\n  leaf: {type: OS::Heat::None}\n',
};
for (let level = levels - 1; level >= 1; level--)
  files[`level${level}.yaml`] =
    `heat_template_version: 2021-04-16\nresources:\n  next: {type: level${level + 1}.yaml}\n`;
const nestedTemplate = 'heat_template_version: 2021-04-16\nresources:\n  top: {type: level1.yaml}\n';
const flat: Record<string, unknown> = {};
for (let i = 0; i <= levels; i++)
  flat[`r${i}`] = { type: 'OS::Heat::None', ...(i > 0 ? { depends_on: [`r${i - 1}`] } : {}) };
const flatTemplate = JSON.stringify({ heat_template_version: '2021-04-16', resources: flat });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const env = await benchEnv({ MAX_NESTED_STACK_DEPTH: String(Math.max(5, levels)) });
try {
  const url = env.app.api!.url;
  const create = (name: string, template: string, withFiles: boolean) =>
    gqlPost(url, 'mutation($i: CreateStackInput!) { createStack(input: $i) { stack { id } } }', {
      i: { name, template, ...(withFiles ? { files } : {}) },
    });
  // Warm-up: plan the queries once.
  await create(`warmup-${Date.now()}`, nestedTemplate, true);
  await waitTerminal(env.app, 'default', (await lastName()) ?? '');
  const times: Record<'nested' | 'flat', number[]> = { nested: [], flat: [] };
  let sameCommit = true;
  for (let run = 0; run < runs; run++) {
    for (const kind of ['nested', 'flat'] as const) {
      const name = `${kind}-${run}-${Date.now()}`;
      const t0 = performance.now();
      await create(name, kind === 'nested' ? nestedTemplate : flatTemplate, kind === 'nested');
      const status = await waitTerminal(env.app, 'default', name);
      if (status !== 'CREATE_COMPLETE') throw new Error(`${name}: ${status}`);
      times[kind].push(performance.now() - t0);
      if (kind === 'nested') {
        const res = (await gqlPost(
          url,
          `query($n: String!) { stack(name: $n) { events(first: 50) { type status at }
            nested(depth: ${levels}) { events(first: 50) { type status at } } } }`,
          { n: name },
        )) as { stack: { events: Ev[]; nested: Array<{ events: Ev[] }> } };
        const s = res.stack;
        const ats = [s, ...s.nested].map(
          (x) => x.events.find((e) => e.type === 'STACK' && e.status === 'CREATE_COMPLETE')?.at,
        );
        sameCommit &&= ats.length === levels + 1 && new Set(ats).size === 1;
      }
    }
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'nested',
        levels,
        runs,
        medianMs: { nested: Math.round(median(times.nested)), flat: Math.round(median(times.flat)) },
        allMs: { nested: times.nested.map(Math.round), flat: times.flat.map(Math.round) },
        everyLevelCompletedInOneCommit: sameCommit,
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

type Ev = { type: string; status: string; at: string };

async function lastName(): Promise<string | undefined> {
  const res = (await gqlPost(env.app.api!.url, '{ stacks { name } }', {})) as {
    stacks: Array<{ name: string }>;
  };
  return res.stacks.find((s) => s.name.startsWith('warmup-'))?.name;
}
