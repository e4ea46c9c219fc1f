/**
 * Issue 16's attacks against the service as its own OS process, with its peak RSS (`VmHWM` of
 * /proc/<pid>/status, reset before each attack through /proc/<pid>/clear_refs) and a victim's
 * `{ stacks { name } }` latency while the attack runs. A measurement for RELIABILITY.md, not a test.
 * Authentication is on: the attacker is one tenant, the victim another.
 *
 *   npx tsx bench/isolation-memory.ts                  # every attack
 *   npx tsx bench/isolation-memory.ts list subscriptions   # some: webhook, list, patterns, huge, subscriptions
 */
import type { ProbeWindow } from './lib/service-probe.ts';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { startInstance } from '../scripts/neo4j/runtime.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const ONLY = new Set(process.argv.slice(2));
const wanted = (attack: string) => ONLY.size === 0 || ONLY.has(attack);
const SECRET = randomBytes(24).toString('base64url');

function token(tenant: string, role: 'reader' | 'editor', sub: string): Promise<string> {
  return new SignJWT({ tenant, role, sub })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('4h')
    .sign(new TextEncoder().encode(SECRET));
}

function status(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(field));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, bearer = '') {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return JSON.parse(text) as {
      data?: Record<string, { status?: string; lastEventSequence?: number } | null>;
      errors?: Array<{ extensions?: { code?: string } }>;
    };
  } catch {
    return { errors: [{ extensions: { code: `HTTP ${res.status}` } }] };
  }
}

async function waitSettled(url: string, name: string, bearer: string): Promise<string> {
  for (;;) {
    const r = await gql(url, 'query($n: String!) { stack(name: $n) { status } }', { n: name }, bearer);
    const s = r.data?.stack?.status;
    if (s && !s.endsWith('_IN_PROGRESS')) return s;
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function main() {
  const neo4j = await startInstance({ name: 'iso-mem', fresh: true, heap: '768m', pageCache: '128m' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  // BENCH_CPU_PROF=<dir>: the service writes a CPU profile there when it exits (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/lib/service-with-probe.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEO4J_URI: neo4j.boltUri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SECRETS_KEY: randomBytes(32).toString('base64'),
      WEBHOOK_ALLOW: '127.0.0.1/32',
      MAX_TEMPLATE_BYTES: String(16 * 1024 * 1024),
      MAX_BODY_BYTES: String(32 * 1024 * 1024),
      AUTH_JWT_SECRET: SECRET,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  /** The probe's one-second windows since it was last asked (bench/lib/service-probe.ts). */
  const probe = () =>
    new Promise<ProbeWindow[]>((resolve) => {
      const on = (m: unknown) => {
        const windows = (m as { probe?: ProbeWindow[] }).probe;
        if (!windows) return;
        child.off('message', on);
        resolve(windows);
      };
      child.on('message', on);
      child.send('probe');
    });
  const pid = child.pid!;
  const attacker = await token('attacker', 'editor', 'mallory');
  const victimToken = await token('victim', 'reader', 'victor');
  for (;;) {
    try {
      if ((await gql(url, '{ stacks { name } }', {}, victimToken)).data) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  // A webhook endpoint answering 300 MB, streamed.
  const big: Server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let left = 300;
    const pump = () => {
      while (left > 0) {
        left--;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => {});
    pump();
  });
  await new Promise<void>((r) => big.listen(0, '127.0.0.1', r));
  const bigUrl = `http://127.0.0.1:${(big.address() as { port: number }).port}/things`;

  const rows: string[] = [];
  const pct = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
  async function measure(label: string, attack: () => Promise<string>) {
    await probe(); // drops the windows before this attack
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const before = status(pid, 'VmRSS');
    let done = false;
    const started = performance.now();
    let took = 0;
    const result = attack().finally(() => {
      done = true;
      took = performance.now() - started;
    });
    // The victim: another tenant's `{ stacks { name } }` (one Neo4j read) in a loop, and beside it
    // `{ __typename }` (no Neo4j), to tell waits for Neo4j from waits for the event loop.
    const victim = async (query: string, pause = 0) => {
      const times: Array<{ at: number; ms: number }> = [];
      while (!done) {
        const at = Date.now();
        const t = performance.now();
        await gql(url, query, {}, victimToken);
        times.push({ at, ms: performance.now() - t });
        // `{ __typename }` is answered in a few ms: paced, so its own garbage does not weigh on the
        // service's peak RSS.
        if (pause > 0) await new Promise((r) => setTimeout(r, pause));
      }
      return times;
    };
    const [victimMs, typenameMs] = await Promise.all([
      victim('{ stacks { name } }'),
      victim('{ __typename }', 100),
    ]);
    const outcome = await result;
    const peak = status(pid, 'VmHWM');
    const windows = await probe();
    const summary = (times: Array<{ ms: number }>) => {
      const sorted = times.map((x) => x.ms).sort((a, b) => a - b);
      return `max ${Math.round(sorted.at(-1) ?? 0)} ms, p99 ${Math.round(pct(sorted, 99))} ms, median ${Math.round(pct(sorted, 50))} ms over ${sorted.length} queries`;
    };
    const line = `| ${label} | ${outcome}; attack answered in ${Math.round(took)} ms | ${Math.round(before)} → peak ${Math.round(peak)} MiB (+${Math.round(peak - before)}) | ${summary(victimMs)} (\`{ __typename }\`: ${summary(typenameMs)}) |`;
    console.log(line);
    rows.push(line);
    const loopMax = Math.max(0, ...windows.map((w) => w.loopMaxMs));
    const gcMax = Math.max(0, ...windows.map((w) => w.gcMaxMs));
    const gcTotal = windows.reduce((n, w) => n + w.gcMs, 0);
    const inFlight = Math.max(0, ...windows.map((w) => w.inFlightMax));
    console.log(
      `  service: event-loop delay max ${Math.round(loopMax)} ms; GC ${Math.round(gcTotal)} ms in all, longest pause ${Math.round(gcMax)} ms; Neo4j statements in flight at most ${inFlight} (pool 50)`,
    );
    // The windows around the victim's worst wait.
    const worst = victimMs.reduce((a, b) => (b.ms > a.ms ? b : a), { at: 0, ms: 0 });
    for (const w of windows.filter((w) => w.t >= worst.at - 1000 && w.t <= worst.at + worst.ms + 2000))
      console.log(
        `  +${((w.t - worst.at) / 1000).toFixed(1)} s: loop max ${Math.round(w.loopMaxMs)} / p99 ${Math.round(w.loopP99Ms)} ms, GC ${Math.round(w.gcMs)} ms (longest ${Math.round(w.gcMaxMs)}), in flight ≤ ${w.inFlightMax}, slowest ${w.slowest} ${Math.round(w.slowestMs)} ms, RSS ${Math.round(w.rssMiB)} MiB, heap ${Math.round(w.heapMiB)} MiB`,
      );
  }

  const hot = (resources: Record<string, unknown>) =>
    JSON.stringify({ heat_template_version: '2021-04-16', resources });
  const code = (r: { errors?: Array<{ extensions?: { code?: string; details?: { limit?: string } } }> }) =>
    r.errors
      ? `${r.errors[0]?.extensions?.code} ${r.errors[0]?.extensions?.details?.limit ?? ''}`.trim()
      : 'ok';

  if (wanted('webhook'))
    await measure('webhook answering 300 MB (§5)', async () => {
      await gql(
        url,
        'mutation($t: String!) { createStack(input: {name: "big-answer", template: $t}) { stack { name } } }',
        {
          t: hot({ w: { type: 'Convergence::Webhook', properties: { url: bigUrl } } }),
        },
        attacker,
      );
      return waitSettled(url, 'big-answer', attacker);
    });

  const many = Object.fromEntries(
    Array.from({ length: 2000 }, (_, i) => [`r${i}`, { type: 'OS::Heat::None', properties: {} }]),
  );
  if (wanted('list') || wanted('subscriptions')) {
    await gql(
      url,
      'mutation($t: String!) { createStack(input: {name: "list", template: $t}) { stack { name } } }',
      { t: hot(many) },
      attacker,
    );
    await waitSettled(url, 'list', attacker);
  }
  if (wanted('list'))
    await measure(
      '400 aliases of `stack { resources { name properties } }` on 2,000 resources (§4)',
      async () => {
        const aliases = Array.from(
          { length: 400 },
          (_, i) => `a${i}: stack(name: "list") { resources { name properties } }`,
        ).join(' ');
        return code(await gql(url, `{ ${aliases} }`, {}, attacker));
      },
    );

  if (wanted('subscriptions')) {
    const last = (await gql(url, '{ stack(name: "list") { lastEventSequence } }', {}, attacker)).data?.stack
      ?.lastEventSequence;
    if (!last || last < 300) throw new Error(`the list stack has ${last} events, fewer than 300`);
    const wsUrl = url.replace(/^http/, 'ws');
    // §7: one reader, 20 connections × 100 subscriptions, each replaying the last 300 events.
    const reader = await token('attacker', 'reader', 'reader-1');
    await measure('one reader: 20 connections × 100 `stackEvents` replaying 300 events (§7)', () =>
      subscriptionsAttack(
        wsUrl,
        Array.from({ length: 20 }, () => reader),
        100,
        last - 300,
      ),
    );
    // The same tenant through 20 readers (one connection of 100 each): the tenant's limit holds.
    const readers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => token('attacker', 'reader', `reader-${i + 2}`)),
    );
    await measure('20 readers of one tenant: 20 × 100 `stackEvents` replaying 300 events (§7)', () =>
      subscriptionsAttack(wsUrl, readers, 100, last - 300),
    );
  }

  const catastrophic = [
    'heat_template_version: 2018-08-31',
    'parameters:',
    ...Array.from(
      { length: 40 },
      (_, i) =>
        `  p${i}: {type: string, default: "${'a'.repeat(34)}!", constraints: [{allowed_pattern: "(a+)+$"}]}`,
    ),
    'resources:',
    '  r: {type: OS::Heat::None}',
  ].join('\n');
  if (wanted('patterns'))
    await measure('3 × 40 catastrophic `allowed_pattern`s (§3)', async () => {
      const rs = await Promise.all(
        Array.from({ length: 3 }, () =>
          gql(
            url,
            'query($t: String!) { validateTemplate(template: $t) { valid } }',
            { t: catastrophic },
            attacker,
          ),
        ),
      );
      return rs.map(code).join(', ');
    });

  const huge = `{"heat_template_version":"2021-04-16","resources":{${Array.from({ length: 200_001 }, (_, i) => `"r${i}":{"type":"OS::Heat::None"}`).join(',')}}}`;
  if (wanted('huge'))
    await measure('200,001-resource template, 7.1 MB (§3)', async () =>
      code(
        await gql(
          url,
          'query($t: String!) { validateTemplate(template: $t) { valid } }',
          { t: huge },
          attacker,
        ),
      ),
    );

  console.log('\n' + rows.join('\n'));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  big.close();
  await neo4j.stop();
}

/**
 * Opens `perConnection` subscriptions on one connection per token, each replaying the stored events
 * after `after`, and waits until every one has replayed 300 events or was refused; then closes them.
 */
async function subscriptionsAttack(
  wsUrl: string,
  tokens: string[],
  perConnection: number,
  after: number,
): Promise<string> {
  const clients: Client[] = tokens.map((t) =>
    createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${t}` },
      lazy: true,
      retryAttempts: 0,
    }),
  );
  const refused = new Map<string, number>();
  const disposers: Array<() => void> = [];
  let events = 0;
  let replayed = 0;
  const subscriptions = clients.flatMap((client) =>
    Array.from(
      { length: perConnection },
      () =>
        new Promise<void>((resolve) => {
          let n = 0;
          const fail = (why: string) => {
            refused.set(why, (refused.get(why) ?? 0) + 1);
            resolve();
          };
          disposers.push(
            client.subscribe(
              {
                query:
                  'subscription($a: Int!) { stackEvents(name: "list", after: $a) { sequence resourceName status reason } }',
                variables: { a: after },
              },
              {
                next: () => {
                  events++;
                  if (++n === 300) {
                    replayed++;
                    resolve();
                  }
                },
                error: (error: unknown) => {
                  const first = (Array.isArray(error) ? error[0] : error) as {
                    message?: string;
                    extensions?: { code?: string; details?: { limit?: string } };
                  };
                  fail(
                    first?.extensions?.details?.limit ??
                      first?.extensions?.code ??
                      first?.message ??
                      'closed',
                  );
                },
                complete: () => (n < 300 ? fail('completed early') : resolve()),
              },
            ),
          );
        }),
    ),
  );
  await Promise.all(subscriptions);
  for (const dispose of disposers) dispose();
  for (const client of clients) void client.dispose();
  const refusals = [...refused].map(([why, n]) => `${n} refused ${why}`).join(', ');
  return `${replayed} replayed 300 events each (${events} events in all)${refusals ? `; ${refusals}` : ''}`;
}

await main();
