import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FairSlots, tenantSlotCap, type SlotOwner } from '../../../src/engine/fair-slots.ts';

/** Acquires a slot and records, synchronously, when it is granted. */
function acquire(slots: FairSlots, owner: SlotOwner, granted: string[], label: string) {
  void slots.acquire(owner).then(() => granted.push(label));
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('FairSlots', () => {
  it('never gives one tenant more than its share, leaving the other slots to other tenants', async () => {
    const slots = new FairSlots(4, 2);
    const granted: string[] = [];
    const attacker = { tenant: 'attacker', stack: 'a' };
    for (let i = 0; i < 6; i++) acquire(slots, attacker, granted, `a${i}`);
    await flush();
    expect(granted).toEqual(['a0', 'a1']);
    expect(slots.inUse).toBe(2);
    expect(slots.waitingOverCap).toBe(4);
    acquire(slots, { tenant: 'victim', stack: 'v' }, granted, 'v0');
    await flush();
    expect(granted).toEqual(['a0', 'a1', 'v0']);
    // A freed attacker slot goes to the attacker's next item: it is back under its share.
    slots.release(attacker);
    await flush();
    expect(granted).toEqual(['a0', 'a1', 'v0', 'a2']);
    expect(slots.heldBy('attacker')).toBe(2);
  });

  it('gives a freed slot to the tenant holding fewest, then the stack holding fewest, then the oldest', async () => {
    const slots = new FairSlots(3, 3);
    const granted: string[] = [];
    const big = (stack: string) => ({ tenant: 'big', stack });
    for (let i = 0; i < 3; i++) acquire(slots, big('s1'), granted, `big-s1-${i}`);
    await flush();
    acquire(slots, big('s1'), granted, 'big-s1-3');
    acquire(slots, big('s2'), granted, 'big-s2-0');
    acquire(slots, { tenant: 'small', stack: 'x' }, granted, 'small-0');
    await flush();
    slots.release(big('s1'));
    await flush();
    // big holds 2, small none: small first although it asked last.
    expect(granted.slice(3)).toEqual(['small-0']);
    slots.release(big('s1'));
    await flush();
    // Within big, stack s2 (none running) before s1's older waiter (s1 still runs one).
    expect(granted.slice(4)).toEqual(['big-s2-0']);
  });

  it('grants every waiter a release makes eligible', async () => {
    const slots = new FairSlots(3, 1);
    const granted: string[] = [];
    const t = (tenant: string) => ({ tenant, stack: 's' });
    acquire(slots, t('a'), granted, 'a0');
    acquire(slots, t('a'), granted, 'a1');
    acquire(slots, t('b'), granted, 'b0');
    await flush();
    expect(granted).toEqual(['a0', 'b0']);
    slots.release(t('a'));
    await flush();
    expect(granted).toEqual(['a0', 'b0', 'a1']);
    expect(slots.inUse).toBe(2);
  });

  it('counts no waiter as held back by a cap as large as the capacity (they wait for slots)', async () => {
    const slots = new FairSlots(2, 2);
    const granted: string[] = [];
    for (let i = 0; i < 4; i++) acquire(slots, { tenant: 'only', stack: 's' }, granted, `o${i}`);
    await flush();
    expect(granted).toEqual(['o0', 'o1']);
    expect(slots.waitingOverCap).toBe(0);
  });

  it('caps a tenant at the setting, else half the slots with several tenants, else not at all', () => {
    expect(tenantSlotCap(3, 16, true)).toBe(3);
    expect(tenantSlotCap(40, 16, false)).toBe(16);
    expect(tenantSlotCap(0, 16, true)).toBe(8);
    expect(tenantSlotCap(0, 1, true)).toBe(1);
    expect(tenantSlotCap(0, 16, false)).toBe(16);
  });
});

/** The rule stated plainly over every waiter: fewest tenant slots, then fewest stack slots, then oldest. */
class ReferenceSlots {
  private held = new Map<string, number>();
  private heldStack = new Map<string, number>();
  private active = 0;
  readonly waiting: { owner: SlotOwner; label: string; seq: number }[] = [];
  readonly granted: string[] = [];
  private seq = 0;
  constructor(
    private readonly capacity: number,
    private readonly perTenant: number,
  ) {}
  acquire(owner: SlotOwner, label: string) {
    if (this.active < this.capacity && (this.held.get(owner.tenant) ?? 0) < this.perTenant)
      this.take(owner, label);
    else this.waiting.push({ owner, label, seq: this.seq++ });
  }
  release(owner: SlotOwner) {
    this.active--;
    this.held.set(owner.tenant, this.held.get(owner.tenant)! - 1);
    this.heldStack.set(key(owner), this.heldStack.get(key(owner))! - 1);
    for (;;) {
      if (this.active >= this.capacity) return;
      const eligible = this.waiting.filter((w) => (this.held.get(w.owner.tenant) ?? 0) < this.perTenant);
      if (eligible.length === 0) return;
      const rank = (w: (typeof eligible)[number]) => [
        this.held.get(w.owner.tenant) ?? 0,
        this.heldStack.get(key(w.owner)) ?? 0,
        w.seq,
      ];
      eligible.sort((a, b) => {
        const [x, y] = [rank(a), rank(b)];
        return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
      });
      const next = eligible[0]!;
      this.waiting.splice(this.waiting.indexOf(next), 1);
      this.take(next.owner, next.label);
    }
  }
  private take(owner: SlotOwner, label: string) {
    this.active++;
    this.held.set(owner.tenant, (this.held.get(owner.tenant) ?? 0) + 1);
    this.heldStack.set(key(owner), (this.heldStack.get(key(owner)) ?? 0) + 1);
    this.granted.push(label);
  }
}
const key = (o: SlotOwner) => `${o.tenant}/${o.stack}`;

describe('FairSlots against the rule stated over every waiter', () => {
  it('grants in the same order for any sequence of acquires and releases', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(
          fc.record({
            release: fc.boolean(),
            tenant: fc.constantFrom('t1', 't2', 't3'),
            stack: fc.constantFrom('a', 'b'),
            pick: fc.nat(),
          }),
          { maxLength: 60 },
        ),
        async (capacity, perTenant, steps) => {
          const slots = new FairSlots(capacity, perTenant);
          const reference = new ReferenceSlots(capacity, slots.perTenant);
          const granted: string[] = [];
          const running: SlotOwner[] = [];
          const owners = new Map<string, SlotOwner>();
          let seen = 0;
          for (const [n, step] of steps.entries()) {
            if (step.release && running.length > 0) {
              const [owner] = running.splice(step.pick % running.length, 1);
              slots.release(owner!);
              reference.release(owner!);
            } else {
              const owner = { tenant: step.tenant, stack: step.stack };
              owners.set(`${n}`, owner);
              acquire(slots, owner, granted, `${n}`);
              reference.acquire(owner, `${n}`);
            }
            await flush();
            expect(granted).toEqual(reference.granted);
            for (; seen < granted.length; seen++) running.push(owners.get(granted[seen]!)!);
            expect(slots.inUse).toBe(running.length);
            expect(slots.waitingOverCap).toBe(
              slots.perTenant >= capacity
                ? 0
                : reference.waiting.filter((w) => slots.heldBy(w.owner.tenant) >= slots.perTenant).length,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
