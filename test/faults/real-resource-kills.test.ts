import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRabbitManagement, ensureServer, runPrefix } from '../integration/resources-support.ts';
import { uniqueName } from '../support/app.ts';
import type { FaultStackEventsSubscription } from '../support/gql/graphql.ts';
import { wsClient } from '../support/graphql.ts';
import { postgresAdmin, rabbitAdmin } from '../support/servers.ts';
import { hot } from '../support/stacks.ts';
import { emptyFigures, recordPhase } from './support/figures.ts';
import { mutation, runPhase, type WorkerPool } from './support/harness.ts';
import {
  EVENT_SUBSCRIPTION,
  eventViolations,
  readEvents,
  readStack,
  type EventRow,
  type StackView,
} from './support/invariants.ts';
import { useKilledWorkers } from './support/killed-workers.ts';
import { faultSeeds, Rng } from './support/random.ts';
import { subscribersViolations, type Subscriber } from './support/subscribers.ts';

/**
 * Worker processes SIGKILLed while a stack of real resources converges: PostgreSQL roles, a
 * database and schemas, a RabbitMQ virtual host with an exchange, queues and bindings, a NATS
 * stream with consumers (the servers of this machine, through the service's local connections).
 * The kills are tied to progress, not to a clock: each phase picks (seeded) which of its
 * resources' `*_IN_PROGRESS` events trigger a kill of one worker or of both, so they land while
 * actions run on the real servers; the killed workers are started again at once. After create,
 * an update (a database renamed = replaced with its schemas, a role's connection limit and a
 * stream's limit changed in place) and delete, the servers hold exactly what the template says
 * (every object once, the replaced database gone, the role updated in place, not recreated), and
 * then nothing of the run; the stored events and a subscriber's satisfy the suite's invariants.
 */
const SEEDS = faultSeeds([55]);
const SCENARIO = 'real-resource-kills';
const figures = emptyFigures(
  'Worker processes (2, WORKER_CONCURRENCY=8, LEASE_SECONDS=2) SIGKILLed when seeded resources of a real-systems stack (PostgreSQL roles, database, schemas; RabbitMQ vhost, exchange, queues, bindings; NATS stream, consumers) start their actions, through create, update (replace + in place) and delete; the real servers checked after each phase.',
  SEEDS,
);
const started = Date.now();
const setup = useKilledWorkers(SCENARIO, figures, started);
const log = (line: string) => console.log(`[${SCENARIO}] ${line}`);

const prefix = runPrefix('kills');
const pgAdmin = postgresAdmin();
let nc: NatsConnection;
const seg = encodeURIComponent;

interface Version {
  connectionLimit: number;
  database: string;
  maxMsgs: number;
}

const V1: Version = { connectionLimit: 5, database: `${prefix}app`, maxMsgs: 100 };
const V2: Version = { connectionLimit: 9, database: `${prefix}app2`, maxMsgs: 50 };
const PASSWORD = `Kill-${prefix}pw`;

function template(v: Version): string {
  const p = prefix;
  return hot({
    app_role: {
      type: 'PostgreSQL::Role',
      properties: { name: `${p}app`, login: true, password: PASSWORD, connection_limit: v.connectionLimit },
    },
    reader: { type: 'PostgreSQL::Role', properties: { name: `${p}reader` } },
    app_db: {
      type: 'PostgreSQL::Database',
      properties: { name: v.database, owner: { get_attr: ['app_role', 'name'] } },
    },
    orders: {
      type: 'PostgreSQL::Schema',
      properties: {
        database: { get_attr: ['app_db', 'name'] },
        name: 'orders',
        owner: { get_attr: ['app_role', 'name'] },
      },
    },
    audit: {
      type: 'PostgreSQL::Schema',
      properties: { database: { get_attr: ['app_db', 'name'] }, name: 'audit' },
    },
    vhost: { type: 'RabbitMQ::VirtualHost', properties: { name: `${p}v` } },
    exchange: {
      type: 'RabbitMQ::Exchange',
      properties: { vhost: { get_resource: 'vhost' }, name: 'events', type: 'topic' },
    },
    q_orders: {
      type: 'RabbitMQ::Queue',
      properties: { vhost: { get_resource: 'vhost' }, name: 'orders', type: 'quorum' },
    },
    q_audit: {
      type: 'RabbitMQ::Queue',
      properties: { vhost: { get_resource: 'vhost' }, name: 'audit' },
    },
    b_orders: {
      type: 'RabbitMQ::Binding',
      properties: {
        vhost: { get_resource: 'vhost' },
        source: { get_attr: ['exchange', 'name'] },
        destination: { get_attr: ['q_orders', 'name'] },
        routing_key: 'order.*',
      },
    },
    b_audit: {
      type: 'RabbitMQ::Binding',
      properties: {
        vhost: { get_resource: 'vhost' },
        source: { get_attr: ['exchange', 'name'] },
        destination: { get_attr: ['q_audit', 'name'] },
        routing_key: '#',
      },
    },
    stream: {
      type: 'NATS::Stream',
      properties: { name: `${p}EVENTS`, subjects: [`${p}ev.>`], max_msgs: v.maxMsgs },
    },
    c_billing: {
      type: 'NATS::Consumer',
      properties: { stream: { get_resource: 'stream' }, name: 'billing', filter_subject: `${p}ev.billing` },
    },
    c_audit: {
      type: 'NATS::Consumer',
      properties: { stream: { get_resource: 'stream' }, name: 'audit', filter_subject: `${p}ev.audit` },
    },
  });
}
const RESOURCES = 14;

/** What exists on the servers with this run's prefix, as comparable lists. */
interface RealState {
  roles: string[];
  databases: string[];
  schemas: string[];
  vhosts: string[];
  exchanges: string[];
  queues: string[];
  bindings: string[];
  streams: string[];
  consumers: string[];
}

/** What the servers must hold for a version (null: nothing at all). */
function expectedState(v: Version | null): RealState {
  if (!v)
    return {
      roles: [],
      databases: [],
      schemas: [],
      vhosts: [],
      exchanges: [],
      queues: [],
      bindings: [],
      streams: [],
      consumers: [],
    };
  const p = prefix;
  return {
    roles: [`${p}app login limit=${v.connectionLimit}`, `${p}reader`],
    databases: [`${v.database} owner=${p}app`],
    schemas: [`${v.database}.audit`, `${v.database}.orders owner=${p}app`],
    vhosts: [`${p}v`],
    exchanges: [`${p}v/events topic`],
    queues: [`${p}v/audit classic`, `${p}v/orders quorum`],
    bindings: [`${p}v/events->audit #`, `${p}v/events->orders order.*`],
    streams: [`${p}EVENTS max_msgs=${v.maxMsgs}`],
    consumers: [`${p}EVENTS/audit ${p}ev.audit`, `${p}EVENTS/billing ${p}ev.billing`],
  };
}

async function realState(): Promise<RealState> {
  const like = `${prefix}%`;
  const roles = await pgAdmin.query<{ rolname: string; rolcanlogin: boolean; rolconnlimit: number }>(
    'SELECT rolname, rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname LIKE $1',
    [like],
  );
  const dbs = await pgAdmin.query<{ datname: string; owner: string }>(
    'SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname LIKE $1',
    [like],
  );
  const schemas: string[] = [];
  for (const { datname } of dbs.rows) {
    const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: datname });
    await client.connect();
    try {
      const rows = await client.query<{ nspname: string; owner: string }>(
        "SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname IN ('orders', 'audit')",
      );
      for (const r of rows.rows)
        schemas.push(`${datname}.${r.nspname}${r.owner === 'postgres' ? '' : ` owner=${r.owner}`}`);
    } finally {
      await client.end();
    }
  }
  const vhosts = ((await rabbitAdmin('GET', 'vhosts')).body as unknown as Array<{ name: string }>)
    .map((v) => v.name)
    .filter((n) => n.startsWith(prefix));
  const exchanges: string[] = [];
  const queues: string[] = [];
  const bindings: string[] = [];
  for (const vhost of vhosts) {
    const ex = (await rabbitAdmin('GET', `exchanges/${seg(vhost)}`)).body as unknown as Array<{
      name: string;
      type: string;
    }>;
    for (const e of ex ?? [])
      if (e.name !== '' && !e.name.startsWith('amq.')) exchanges.push(`${vhost}/${e.name} ${e.type}`);
    const qs = (await rabbitAdmin('GET', `queues/${seg(vhost)}`)).body as unknown as Array<{
      name: string;
      type: string;
    }>;
    for (const q of qs ?? []) queues.push(`${vhost}/${q.name} ${q.type}`);
    const bs = (await rabbitAdmin('GET', `bindings/${seg(vhost)}`)).body as unknown as Array<{
      source: string;
      destination: string;
      routing_key: string;
    }>;
    for (const b of bs ?? [])
      if (b.source !== '') bindings.push(`${vhost}/${b.source}->${b.destination} ${b.routing_key}`);
  }
  const jsm = await nc.jetstreamManager();
  const streams: string[] = [];
  const consumers: string[] = [];
  for await (const s of jsm.streams.list()) {
    if (!s.config.name.startsWith(prefix)) continue;
    streams.push(`${s.config.name} max_msgs=${s.config.max_msgs}`);
    for await (const c of jsm.consumers.list(s.config.name))
      consumers.push(`${s.config.name}/${c.name} ${c.config.filter_subject ?? ''}`);
  }
  const sorted = (xs: string[]) => [...xs].sort();
  return {
    roles: sorted(
      roles.rows.map((r) => `${r.rolname}${r.rolcanlogin ? ` login limit=${r.rolconnlimit}` : ''}`),
    ),
    databases: sorted(dbs.rows.map((d) => `${d.datname} owner=${d.owner}`)),
    schemas: sorted(schemas),
    vhosts: sorted(vhosts),
    exchanges: sorted(exchanges),
    queues: sorted(queues),
    bindings: sorted(bindings),
    streams: sorted(streams),
    consumers: sorted(consumers),
  };
}

async function oid(catalog: 'pg_roles' | 'pg_database', name: string): Promise<number | undefined> {
  const column = catalog === 'pg_roles' ? 'rolname' : 'datname';
  const r = await pgAdmin.query<{ oid: number }>(
    `SELECT oid::int AS oid FROM ${catalog} WHERE ${column} = $1`,
    [name],
  );
  return r.rows[0]?.oid;
}

async function sweep(): Promise<void> {
  const like = `${prefix}%`;
  for (const { datname } of (
    await pgAdmin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [like])
  ).rows)
    await pgAdmin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  for (const { rolname } of (
    await pgAdmin.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [like])
  ).rows)
    await pgAdmin.query(`DROP ROLE IF EXISTS "${rolname}"`).catch(() => undefined);
  await rabbitAdmin('DELETE', `vhosts/${seg(`${prefix}v`)}`);
  const jsm = await nc.jetstreamManager();
  for await (const s of jsm.streams.list())
    if (s.config.name.startsWith(prefix)) await jsm.streams.delete(s.config.name);
}

/** A stackEvents subscriber (as the suite's) whose events also reach `listeners`, to trigger kills. */
function watch(url: string, name: string): Subscriber & { listeners: Set<(e: EventRow) => void> } {
  const client = wsClient(url.replace(/^http/, 'ws'));
  const received: EventRow[] = [];
  const listeners = new Set<(e: EventRow) => void>();
  const finished = new Promise<string | null>((resolve) => {
    const dispose = client.subscribe<FaultStackEventsSubscription>(
      { query: String(EVENT_SUBSCRIPTION), variables: { name } },
      {
        next: (msg) => {
          if (msg.errors) {
            dispose();
            resolve(`errors: ${JSON.stringify(msg.errors)}`);
            return;
          }
          const e = msg.data!.stackEvents;
          received.push(e);
          for (const l of listeners) l(e);
          if (e.type === 'STACK' && e.status === 'DELETE_COMPLETE') {
            dispose();
            resolve(null);
          }
        },
        error: (error) =>
          resolve(`subscription error: ${error instanceof Error ? error.message : JSON.stringify(error)}`),
        complete: () => resolve('the subscription completed before the delete did'),
      },
    );
  });
  return { label: 'subscriber', received, finished, client, listeners };
}

/**
 * Kills worker processes when the phase's `at`-th resource action starts (its `*_IN_PROGRESS`
 * event, counted from sequence `from`): one worker, or both with `killAllChance`; each is started
 * again at once. Kills run one after another, in event order. `stop()` waits for the last restart
 * and leaves every worker running.
 */
function killOnProgress(
  watcher: ReturnType<typeof watch>,
  pool: WorkerPool,
  rng: Rng,
  options: { from: number; at: number[]; killAllChance: number },
  note: (line: string) => void,
): { stop(): Promise<number> } {
  let started = 0;
  let kills = 0;
  let chain: Promise<void> = Promise.resolve();
  const listener = (e: EventRow) => {
    if (e.sequence <= options.from || e.type !== 'RESOURCE' || !e.status.endsWith('_IN_PROGRESS')) return;
    started++;
    if (!options.at.includes(started)) return;
    const trigger = `${e.resourceName} ${e.status} (#${started}, sequence ${e.sequence})`;
    chain = chain.then(async () => {
      const alive = pool.alive();
      if (alive.length === 0) return;
      const victims = rng.chance(options.killAllChance) ? alive : [rng.pick(alive)];
      await Promise.all(victims.map((i) => pool.kill(i)));
      kills += victims.length;
      note(`SIGKILL worker(s) ${victims.join(',')} at ${trigger}`);
      await Promise.all(victims.map((i) => pool.restart(i)));
    });
  };
  watcher.listeners.add(listener);
  return {
    async stop() {
      watcher.listeners.delete(listener);
      await chain;
      await pool.ensureAll();
      return kills;
    },
  };
}

/** `count` distinct action numbers in [1, max], seeded. */
function triggers(rng: Rng, count: number, max: number): number[] {
  const out = new Set<number>();
  while (out.size < Math.min(count, max)) out.add(rng.int(1, max));
  return [...out].sort((a, b) => a - b);
}

/** The stack's own invariants: its status, every resource converged and observed, the events. */
function stackViolations(stack: StackView, expected: string, resources: number, events: EventRow[]) {
  const violations: string[] = [];
  if (stack.status !== expected)
    violations.push(`ended ${stack.status} (${stack.statusReason}), expected ${expected}`);
  if (expected !== 'DELETE_COMPLETE') {
    if (stack.resources.length !== resources)
      violations.push(`the stack has ${stack.resources.length} resources, the template ${resources}`);
    for (const r of stack.resources)
      if (!r.status.endsWith('_COMPLETE') || !r.observedReady || !r.physicalResourceId)
        violations.push(
          `${r.name}: ${r.status} observedReady=${r.observedReady} physical=${r.physicalResourceId} (${r.statusReason})`,
        );
  }
  violations.push(...eventViolations(events, stack));
  return violations;
}

beforeAll(async () => {
  await Promise.all([ensureServer('postgresql', 5432), ensureServer('nats', 4222), ensureRabbitManagement()]);
  nc = await connect({ servers: '127.0.0.1:4222' });
  await sweep();
});

afterAll(async () => {
  await sweep().catch(() => undefined);
  await pgAdmin.end();
  await nc?.drain();
});

describe('worker processes killed while real resources converge', () => {
  it.each(SEEDS)(
    'seed %i: create, update (replace + in place) and delete under kills; the servers hold exactly the template, then nothing',
    async (seed) => {
      const rng = new Rng(seed);
      const url = setup.api.url;
      const name = uniqueName(`real-kill${seed}`);
      const pool = setup.pool;
      figures.runs++;
      const violations: string[] = [];
      let watcher: ReturnType<typeof watch> | null = null;

      const phase = async (
        which: 'create' | 'update' | 'delete',
        start: () => Promise<void>,
        options: { expected: string; actions: number; kills: number; target: Version | null },
      ) => {
        const from = (await readStack(url, name).catch(() => null))?.lastEventSequence ?? 0;
        const at = triggers(rng, options.kills, options.actions);
        log(`seed ${seed} ${which}: kills when actions #${at.join(', #')} start`);
        const control: { killer?: { stop(): Promise<number> } } = {};
        const result = await runPhase(
          url,
          name,
          async () => {
            await start();
            watcher ??= watch(url, name);
            control.killer = killOnProgress(watcher, pool, rng, { from, at, killAllChance: 0.3 }, (line) =>
              log(`seed ${seed} ${which}: ${line}`),
            );
          },
          { timeoutMs: 180_000, stallMs: 90_000 },
        );
        // The kills this phase triggered are over (restarts included) before anything is checked.
        const kills = (await control.killer?.stop()) ?? 0;
        recordPhase(figures, {
          seed,
          run: `seed ${seed}`,
          phase: which,
          resources: RESOURCES,
          status: result.stack.status,
          ms: result.ms,
        });
        figures.notes[`${which}Kills`] = (figures.notes[`${which}Kills`] ?? 0) + kills;
        log(`seed ${seed} ${which}: ${result.stack.status} in ${result.ms} ms, ${kills} worker kills`);
        const events = await readEvents(url, name);
        figures.eventsChecked += events.length;
        const found = stackViolations(result.stack, options.expected, RESOURCES, events);
        const real = await realState();
        figures.notes.realStateChecks = (figures.notes.realStateChecks ?? 0) + 1;
        const expected = expectedState(options.target);
        for (const key of Object.keys(expected) as Array<keyof RealState>)
          if (JSON.stringify(real[key]) !== JSON.stringify(expected[key]))
            found.push(
              `on the servers, ${key} are ${JSON.stringify(real[key])}, expected ${JSON.stringify(expected[key])}`,
            );
        violations.push(...found.map((v) => `${which}: ${v}`));
        return result.stack;
      };

      try {
        await phase('create', () => mutation(url, 'createStack', { name, template: template(V1) }), {
          expected: 'CREATE_COMPLETE',
          actions: RESOURCES - 2,
          kills: 3,
          target: V1,
        });
        const roleOid = await oid('pg_roles', `${prefix}app`);
        const dbOid = await oid('pg_database', V1.database);
        expect(roleOid).toBeDefined();

        // Update: the role and the stream in place, the database (and its schemas) replaced.
        await phase('update', () => mutation(url, 'updateStack', { name, template: template(V2) }), {
          expected: 'UPDATE_COMPLETE',
          // role, stream, database, two schemas, then the old schemas' and database's deletes
          actions: 6,
          kills: 2,
          target: V2,
        });
        if ((await oid('pg_roles', `${prefix}app`)) !== roleOid)
          violations.push('update: the role was recreated, not updated in place');
        if ((await oid('pg_database', V2.database)) === dbOid)
          violations.push('update: the renamed database kept the old OID');

        await phase('delete', () => mutation(url, 'deleteStack', { name }), {
          expected: 'DELETE_COMPLETE',
          actions: RESOURCES - 2,
          kills: 3,
          target: null,
        });
        const stored = await readEvents(url, name);
        if (watcher) violations.push(...(await subscribersViolations([watcher], stored, figures)));

        figures.violations.push(...violations.map((v) => `seed ${seed}: ${v}`));
        if (violations.length === 0) figures.runsSurvived++;
        else log(`seed ${seed}: ${violations.length} violations\n${violations.join('\n')}`);
        expect(violations).toEqual([]);
        expect(pool.kills).toBeGreaterThan(0);
      } catch (error) {
        if (!figures.violations.some((v) => v.startsWith(`seed ${seed}:`)))
          figures.violations.push(`seed ${seed}: ${(error as Error).message.slice(0, 2000)}`);
        throw error;
      } finally {
        await (watcher as ReturnType<typeof watch> | null)?.client.dispose();
      }
    },
  );
});
