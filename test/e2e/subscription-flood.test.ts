import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_PAGES_PER_TENANT } from '../../src/api/subscriptions.ts';
import { startTestApp, uniqueName, uniqueTenant, type TestApp } from '../support/app.ts';
import { gql, wsClient } from '../support/graphql.ts';
import { createSettledAs, hot } from '../support/stacks.ts';

/**
 * Issue 16 §7 at small scale against a real authenticated service: one tenant opens hundreds of
 * subscriptions at once, each replaying a stack's history. Each subscribe reads its stack and its
 * replay pages from Neo4j; those reads take the tenant's turns, so the tenant never has more than
 * REPLAY_PAGES_PER_TENANT statements of its subscriptions in flight (before, one per subscribe,
 * all at once: 800 in flight for a pool of 50, and another tenant's query waited 13 s for a
 * connection), every replay still arrives whole and in order, and another tenant's simple query
 * stays within a generous bound meanwhile.
 */
const SECRET = 'subscription-flood-secret-0123456789';
const attacker = uniqueTenant('flood');
const victimTenant = uniqueTenant('flood-victim');
const STACK = uniqueName('history');
const CONNECTIONS = 4;
const PER_CONNECTION = 75;
/** Generous for a busy CI machine (the victim's query takes tens of ms when the machine is quiet). */
const VICTIM_BOUND_MS = 10_000;
let app: TestApp;

const token = (tenant: string, sub: string) =>
  new SignJWT({ tenant, role: 'reader', sub })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('30m')
    .sign(new TextEncoder().encode(SECRET));

/** The statements a subscription runs when it starts and replays. */
const SUBSCRIPTION_READS = new Set(['read/stack-by-name', 'read/events', 'read/stack-event-seq']);

beforeAll(async () => {
  app = await startTestApp({
    AUTH_JWT_SECRET: SECRET,
    WORKER_TENANTS: `${attacker},${victimTenant}`,
    MAX_SUBSCRIPTIONS_PER_CONNECTION: String(PER_CONNECTION),
    MAX_SUBSCRIPTIONS_PER_PRINCIPAL: String(CONNECTIONS * PER_CONNECTION),
    MAX_SUBSCRIPTIONS_PER_TENANT: String(CONNECTIONS * PER_CONNECTION),
  });
  const editor = await new SignJWT({ tenant: attacker, role: 'editor', sub: 'editor' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('30m')
    .sign(new TextEncoder().encode(SECRET));
  const resources = Object.fromEntries(
    Array.from({ length: 110 }, (_, i) => [`r${i}`, { type: 'OS::Heat::None', properties: { index: i } }]),
  );
  await createSettledAs(app.url, editor, { name: STACK, template: hot(resources) }, 240_000);
}, 360_000);
afterAll(async () => {
  await app?.stop();
});

describe('a flood of replaying subscriptions from one tenant', () => {
  it("keeps the tenant's subscription reads to its turns, replays every history whole, and leaves another tenant's query quick", async () => {
    const reader = await token(attacker, 'flood-reader');
    const victim = await token(victimTenant, 'victim');
    const last = (
      await gql(app.url, 'query($n: String!) { stack(name: $n) { lastEventSequence } }', { n: STACK }, reader)
    ).data!.stack.lastEventSequence as number;
    expect(last).toBeGreaterThan(200); // more than one replay page each
    // Warm the victim's path (a cold plan and Apollo's first request are slow alone).
    expect((await gql(app.url, '{ stacks { name } }', {}, victim)).errors).toBeUndefined();

    // Counts the attacker's subscription statements in flight, through the service's own Database.
    let inFlight = 0;
    let mostInFlight = 0;
    const run = app.db.run.bind(app.db);
    app.db.run = (async (statement: string, ...rest: unknown[]) => {
      const counted = SUBSCRIPTION_READS.has(statement);
      if (counted) mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await (run as (s: string, ...r: unknown[]) => Promise<unknown>)(statement, ...rest);
      } finally {
        if (counted) inFlight--;
      }
    }) as typeof app.db.run;

    const clients = Array.from({ length: CONNECTIONS }, () =>
      wsClient(app.wsUrl, { authorization: `Bearer ${reader}` }),
    );
    let done = false;
    const replays = Promise.all(
      clients.flatMap((client) =>
        Array.from(
          { length: PER_CONNECTION },
          () =>
            new Promise<number[]>((resolve, reject) => {
              const seqs: number[] = [];
              const dispose = client.subscribe<{ stackEvents: { sequence: number } }>(
                {
                  query: 'subscription($n: String!) { stackEvents(name: $n, after: 0) { sequence } }',
                  variables: { n: STACK },
                },
                {
                  next: (v) => {
                    if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
                    seqs.push(v.data!.stackEvents.sequence);
                    if (seqs.length === last) {
                      dispose();
                      resolve(seqs);
                    }
                  },
                  error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
                  complete: () => resolve(seqs),
                },
              );
            }),
        ),
      ),
    ).finally(() => (done = true));

    const victimMs: number[] = [];
    try {
      do {
        const started = performance.now();
        const r = await gql(app.url, '{ stacks { name } }', {}, victim);
        expect(r.errors).toBeUndefined();
        victimMs.push(performance.now() - started);
      } while (!done);
      const histories = await replays;
      const whole = Array.from({ length: last }, (_, i) => i + 1);
      for (const seqs of histories) expect(seqs).toEqual(whole);
    } finally {
      app.db.run = run;
      for (const client of clients) await client.dispose();
    }
    console.info(
      `subscription flood: ${CONNECTIONS * PER_CONNECTION} replays of ${last} events; the tenant's subscription reads in flight at most ${mostInFlight}; victim max ${Math.round(Math.max(...victimMs))} ms over ${victimMs.length} queries`,
    );
    expect(mostInFlight).toBeLessThanOrEqual(REPLAY_PAGES_PER_TENANT);
    expect(Math.max(...victimMs)).toBeLessThan(VICTIM_BOUND_MS);
  }, 240_000);
});
