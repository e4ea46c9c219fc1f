import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { Database } from '../../src/store/database.ts';
import { neo4jTarget, testDatabase } from '../support/app.ts';

const log = createLogger('silent');
let db: Database;

beforeAll(() => {
  db = testDatabase();
});
afterAll(async () => db?.close());

/** Resolves once a running transaction whose query contains `marker` waits for a lock. */
async function blockedOnLock(marker: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await db.runText(
      `SHOW TRANSACTIONS YIELD currentQuery, status
       WHERE currentQuery CONTAINS $marker AND status STARTS WITH 'Blocked'
       RETURN count(*) AS blocked`,
      { marker },
    );
    if (Number(row!.blocked) > 0) return;
    if (Date.now() > deadline) throw new Error(`no transaction with ${marker} became blocked within 60 s`);
    await sleep(10);
  }
}

/**
 * A lease renewal does not take the stack lock, so the write that ends the lease (a finish or an
 * expiry) can commit between the renewal's read and its write. Reproduced deterministically: the
 * ending write holds the node's lock, uncommitted, while the renewal reads the old token and then
 * waits for that lock.
 */
describe('lease renewal racing the end of the lease', () => {
  it('never gives a released lease an expiry back', async () => {
    const id = randomUUID();
    const token = randomUUID();
    await db.runText(
      'CREATE (:Resource {id: $id, leaseToken: $token, leaseOwner: "w", leaseExpires: timestamp() + 1000, workState: "RUNNING"})',
      { id, token },
    );
    const ender = new Database({ ...neo4jTarget(), log });
    const session = ender.driver.session({ database: 'neo4j' });
    const tx = await session.beginTransaction();
    try {
      await tx.run(
        'MATCH (r:Resource {id: $id}) SET r.leaseToken = null, r.leaseOwner = null, r.leaseExpires = null, r.workState = "DONE"',
        { id },
      );
      const renewal = db.run<{ renewed: unknown }>('engine/renew-leases', {
        items: [{ id, token }],
        leaseMs: 60_000,
      });
      // The renewal reads the committed (old) token, then blocks on the node's lock: wait until
      // Neo4j itself says so, then end the lease.
      await blockedOnLock('leaseLock');
      await tx.commit();
      await renewal;
    } finally {
      await session.close();
      await ender.close();
    }
    const [row] = await db.runText(
      'MATCH (r:Resource {id: $id}) RETURN r.leaseExpires AS expires, r.leaseToken AS token, r.workState AS state',
      { id },
    );
    expect(row).toEqual({ expires: null, token: null, state: 'DONE' });
    await db.runText('MATCH (r:Resource {id: $id}) DELETE r', { id });
  });

  it('never gives a parked lease an expiry back (a parent waiting on its nested stack)', async () => {
    // Parking (stack/nested-link) keeps the token and clears the expiry: the parent item waits for
    // its child with no expiry and no renewal. A renewal that read the item before it was parked
    // must not give it an expiry back, or the sweeper expires the waiting parent and its action
    // runs again (seen as repeated nested actions in the CERN-shaped benchmark).
    const id = randomUUID();
    const token = randomUUID();
    await db.runText(
      'CREATE (:Resource {id: $id, leaseToken: $token, leaseOwner: "w", leaseExpires: timestamp() + 1000, workState: "RUNNING"})',
      { id, token },
    );
    const parker = new Database({ ...neo4jTarget(), log });
    const session = parker.driver.session({ database: 'neo4j' });
    const tx = await session.beginTransaction();
    try {
      await tx.run('MATCH (r:Resource {id: $id}) SET r.leaseExpires = null, r.nestedWait = true', { id });
      const renewal = db.run('engine/renew-leases', { items: [{ id, token }], leaseMs: 60_000 });
      await blockedOnLock('leaseLock');
      await tx.commit();
      await renewal;
    } finally {
      await session.close();
      await parker.close();
    }
    const [row] = await db.runText(
      'MATCH (r:Resource {id: $id}) RETURN r.leaseExpires AS expires, r.leaseToken AS token',
      { id },
    );
    expect(row).toEqual({ expires: null, token });
    await db.runText('MATCH (r:Resource {id: $id}) DELETE r', { id });
  });

  it('still renews a lease that is held', async () => {
    const id = randomUUID();
    const token = randomUUID();
    await db.runText('CREATE (:Resource {id: $id, leaseToken: $token, leaseExpires: timestamp() + 1000})', {
      id,
      token,
    });
    await db.run('engine/renew-leases', {
      items: [
        { id, token },
        { id, token: 'not-mine' },
      ],
      leaseMs: 60_000,
    });
    const [row] = await db.runText(
      'MATCH (r:Resource {id: $id}) RETURN r.leaseExpires - timestamp() AS left, r.leaseLock AS lock',
      { id },
    );
    expect(Number(row!.left)).toBeGreaterThan(50_000);
    expect(row!.lock).toBeNull();
    await db.runText('MATCH (r:Resource {id: $id}) DELETE r', { id });
  });
});
