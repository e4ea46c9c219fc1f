/**
 * What one claim costs Neo4j as a stack's ready queue grows (issue 15 §2): for stacks of n
 * independent OS::Heat::None resources (all n ready at once, no worker running), `PROFILE` of
 * `engine/claim-select` (rolled back, so every run sees the same queue): total db hits and the
 * rows of each operator. A claim whose cost does not grow with the number of ready items shows
 * the same figures for every n.
 *
 *   npm run bench -- claim-profile [sizes=1000,5000,10000] [limit=500]
 */
import { benchEnv, gqlPost, machine } from './support.ts';

const sizes = (process.argv[2] ?? '1000,5000,10000').split(',').map(Number);
const limit = Number(process.argv[3] ?? 500);

function wideTemplate(n: number): string {
  const lines = ['heat_template_version: 2021-04-16', 'resources:'];
  for (let i = 0; i < n; i++) lines.push(`  r${i}:`, '    type: OS::Heat::None');
  return lines.join('\n') + '\n';
}

const env = await benchEnv({ RUN_WORKERS: 'false' });
const results = [];
try {
  for (const n of sizes) {
    const name = `claim-profile-${n}-${Date.now()}`;
    await gqlPost(
      env.app.api!.url,
      'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { id } } }',
      { input: { name, template: wideTemplate(n) } },
    );
    // Only this stack has ready work; the first run plans the statement, the second is measured.
    const params = { tenants: null, saturated: [], limit, tenantCap: null };
    await env.app.db.profile('engine/claim-select', params);
    const t0 = performance.now();
    const profile = await env.app.db.profile('engine/claim-select', params);
    const ms = performance.now() - t0;
    results.push({
      readyItems: n,
      dbHits: profile.dbHits,
      ms: Math.round(ms),
      operators: profile.operators.map(
        (o) => `${'  '.repeat(o.depth)}${o.operator} rows=${o.rows} dbHits=${o.dbHits}`,
      ),
    });
    // Nothing else claims from it later: cancel its readiness so the next size is alone.
    await env.app.db.run('bench/park-stack', { name });
  }
  console.log(
    JSON.stringify(
      { benchmark: 'claim-profile', limit, results, machine: machine(), date: new Date().toISOString() },
      null,
      2,
    ),
  );
} finally {
  await env.close();
}
