import { AsyncLocalStorage } from 'node:async_hooks';
import { cpus, totalmem } from 'node:os';
import { startApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import type { Database } from '../src/store/database.ts';
import { startInstance, type Neo4jInstance } from '../scripts/neo4j/runtime.ts';

export interface BenchEnv {
  app: App;
  neo4j: Neo4jInstance | null;
  close(): Promise<void>;
}

/** Engine settings a benchmark run may override from the environment, to compare settings. */
const TUNABLE = ['WORKER_CONCURRENCY', 'CLAIM_BATCH'] as const;

/**
 * Benchmarks run against their own Neo4j instance ("bench", wiped) unless BENCH_NEO4J_URI is set.
 * The benchmark's own settings come first; WORKER_CONCURRENCY and CLAIM_BATCH in the environment
 * override them.
 */
export async function benchEnv(env: Record<string, string> = {}): Promise<BenchEnv> {
  let neo4j: Neo4jInstance | null = null;
  let target = {
    uri: process.env.BENCH_NEO4J_URI ?? '',
    user: process.env.BENCH_NEO4J_USER ?? 'neo4j',
    password: process.env.BENCH_NEO4J_PASSWORD ?? '',
    database: 'neo4j',
  };
  if (!target.uri) {
    neo4j = await startInstance({
      name: 'bench',
      fresh: true,
      heap: process.env.BENCH_NEO4J_HEAP ?? '2g',
      pageCache: '512m',
    });
    target = { uri: neo4j.boltUri, user: neo4j.user, password: neo4j.password, database: 'neo4j' };
  }
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    MAX_BODY_BYTES: String(256 * 1024 * 1024),
    MAX_TEMPLATE_BYTES: String(256 * 1024 * 1024),
    ...env,
    ...Object.fromEntries(TUNABLE.flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : []))),
  });
  const app = await startApp(config, target, createLogger(config.LOG_LEVEL));
  return {
    app,
    neo4j,
    async close() {
      await app.stop();
      await neo4j?.stop();
    },
  };
}

/** One write transaction of this process: when it ran (epoch ms; `end` 0 while it runs) and which statements it sent. */
export interface TxTrace {
  start: number;
  end: number;
  statements: string[];
  /** Each statement: name, when it was sent (ms after `start`) and how long it took in this process. */
  timeline: Array<[string, number, number]>;
}

/**
 * Records every write transaction of this process from now on (engine claims and commits, API
 * commands) into the returned list, by wrapping `Database.transaction` and `Database.timed`:
 * nothing in the engine changes for it. Benchmarks only.
 */
export function traceTransactions(db: Database): TxTrace[] {
  const traces: TxTrace[] = [];
  const current = new AsyncLocalStorage<TxTrace>();
  const transaction = db.transaction.bind(db);
  const timed = db.timed.bind(db);
  db.transaction = <T>(work: Parameters<typeof transaction<T>>[0]) => {
    const trace: TxTrace = { start: Date.now(), end: 0, statements: [], timeline: [] };
    traces.push(trace);
    return current.run(trace, () => transaction(work)).finally(() => (trace.end = Date.now()));
  };
  db.timed = (statement, started, summary) => {
    const trace = current.getStore();
    if (trace) {
      trace.statements.push(statement);
      const ms = performance.now() - started;
      trace.timeline.push([statement, Math.round(Date.now() - ms - trace.start), Math.round(ms)]);
    }
    timed(statement, started, summary);
  };
  return traces;
}

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Polls the stack's status through the read model (every `pollMs`) until it leaves *_IN_PROGRESS. */
export async function waitTerminal(
  app: App,
  tenant: string,
  name: string,
  timeoutMs = 600_000,
  pollMs = 100,
): Promise<string> {
  const { Reads } = await import('../src/store/reads.ts');
  const reads = new Reads(app.db);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stack = await reads.stackByName(tenant, name);
    if (stack && !stack.status.endsWith('_IN_PROGRESS')) return stack.status;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${name}: ${stack?.status}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function gqlPost(url: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 2000));
  return body.data;
}
