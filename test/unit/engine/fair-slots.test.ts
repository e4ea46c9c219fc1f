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

  it('caps a tenant at the setting, else half the slots with several tenants, else not at all', () => {
    expect(tenantSlotCap(3, 16, true)).toBe(3);
    expect(tenantSlotCap(40, 16, false)).toBe(16);
    expect(tenantSlotCap(0, 16, true)).toBe(8);
    expect(tenantSlotCap(0, 1, true)).toBe(1);
    expect(tenantSlotCap(0, 16, false)).toBe(16);
  });
});
