/**
 * Issue 12's CERN-shaped stack: a top stack with an OS::Heat::ResourceGroup of N members, each a
 * template resource (a type the environment maps to a file sent in `files`) of 22 OS::Heat::None
 * with internal dependencies: ~22,000 resources for N = 1,000. Measures createStack →
 * CREATE_COMPLETE, then scaling the group by `scale` members (an update of the `count`
 * parameter) → UPDATE_COMPLETE, and the service's peak RSS.
 *
 *   npm run bench -- cern-shaped [members=1000] [scale=10]
 *
 * Targets (issue 12): create within 60 s, scale 1,000 → 1,010 within 5 s, RSS under 1 GiB.
 * Needs an engine that runs nested stacks: on one that does not, the template is refused
 * (OS::Heat::ResourceGroup is then an unknown type) and the benchmark says so and exits 2.
 */
import { cernShape, MEMBER_RESOURCES } from './lib/cern-shape.ts';
import { benchEnv, gqlPost, machine, waitTerminal } from './support.ts';

const members = Number(process.argv[2] ?? 1000);
const scale = Number(process.argv[3] ?? 10);

const env = await benchEnv();
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
try {
  const shape = cernShape(members);
  const name = `cern-${members}-${Date.now()}`;
  const url = env.app.api!.url;
  const statementsBefore = env.app.db.statementsRun;
  env.app.db.statementTimes.clear();
  const t0 = performance.now();
  try {
    await gqlPost(
      url,
      'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id status } } }',
      {
        input: {
          name,
          template: shape.template,
          environment: [shape.environment],
          files: shape.files,
          parameters: shape.parameters,
        },
      },
    );
  } catch (error) {
    if (/UNKNOWN_RESOURCE_TYPE|NESTED_STACK_UNSUPPORTED/.test(String(error))) {
      console.error('This engine does not run nested stacks yet (issue 12): nothing to measure.');
      process.exitCode = 2;
      throw error;
    }
    throw error;
  }
  const created = await waitTerminal(env.app, 'default', name);
  const createMs = performance.now() - t0;
  const createStatements = env.app.db.statementsRun - statementsBefore;
  const createByStatement = byStatement(env.app.db.statementTimes);
  env.app.db.statementTimes.clear();

  const t1 = performance.now();
  await gqlPost(
    url,
    'mutation($input: UpdateStackInput!) { updateStack(input: $input) { stack { id status } } }',
    {
      input: {
        name,
        template: shape.template,
        environment: [shape.environment],
        files: shape.files,
        parameters: { count: members + scale },
      },
    },
  );
  const scaled = await waitTerminal(env.app, 'default', name);
  const scaleMs = performance.now() - t1;
  clearInterval(sampler);
  console.log(
    JSON.stringify(
      {
        benchmark: 'cern-shaped',
        members,
        resourcesPerMember: MEMBER_RESOURCES,
        // The group, its members (each a template resource) and their resources.
        resources: 1 + members * (1 + MEMBER_RESOURCES),
        createStatus: created,
        createMs: Math.round(createMs),
        createStatements,
        scaledTo: members + scale,
        scaleStatus: scaled,
        scaleMs: Math.round(scaleMs),
        scaleStatements: env.app.db.statementsRun - statementsBefore - createStatements,
        createByStatement,
        scaleByStatement: byStatement(env.app.db.statementTimes),
        peakRssMiB: Math.round(peakRss / 2 ** 20),
        machine: machine(),
        date: new Date().toISOString(),
      },
      null,
      2,
    ),
  );
} finally {
  clearInterval(sampler);
  await env.close();
}

/** The costliest statements (summed time inside the process, count), to see where a phase went. */
function byStatement(times: ReadonlyMap<string, { count: number; ms: number }>): Record<string, string> {
  return Object.fromEntries(
    [...times]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .slice(0, 14)
      .map(([name, { count, ms }]) => [
        name,
        `${count} × ${(ms / Math.max(1, count)).toFixed(1)} ms = ${Math.round(ms)} ms`,
      ]),
  );
}
