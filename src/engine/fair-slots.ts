/**
 * The action slots of one worker process, shared fairly. First-come slots let one tenant with
 * long actions (a webhook hanging for its whole timeout, `TestResource busy_secs`) hold every slot
 * while everyone else waits (issue 16 §2). Here:
 *
 * - a tenant holds at most `perTenant` slots at once, even when others are free, so a tenant that
 *   saturates its share always leaves `capacity - perTenant` slots to the others;
 * - a freed slot goes to the waiter whose tenant holds the fewest slots, then whose stack holds
 *   the fewest, then the oldest: tenants take turns, and so do a tenant's stacks.
 *
 * No I/O and no clock; `acquire` resolves when the slot is granted.
 */
export interface SlotOwner {
  tenant: string;
  stack: string;
}

interface Waiter {
  owner: SlotOwner;
  seq: number;
  grant: () => void;
}

export class FairSlots {
  private active = 0;
  private readonly byTenant = new Map<string, number>();
  private readonly byStack = new Map<string, number>();
  private readonly waiting: Waiter[] = [];
  private seq = 0;
  readonly perTenant: number;

  constructor(
    readonly capacity: number,
    /** Most slots one tenant may hold; at least 1, at most `capacity`. */
    perTenant: number,
  ) {
    this.perTenant = Math.max(1, Math.min(capacity, perTenant));
  }

  /** Slots in use. */
  get inUse(): number {
    return this.active;
  }

  /** Waiters held back only by their tenant's cap (they would not run even with a free slot). */
  get waitingOverCap(): number {
    return this.waiting.filter((w) => this.tenantCount(w.owner) >= this.perTenant).length;
  }

  /** Slots the tenant holds now. */
  heldBy(tenant: string): number {
    return this.byTenant.get(tenant) ?? 0;
  }

  acquire(owner: SlotOwner): Promise<void> {
    if (this.active < this.capacity && this.tenantCount(owner) < this.perTenant) {
      this.take(owner);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ owner, seq: this.seq++, grant: resolve }));
  }

  release(owner: SlotOwner): void {
    this.active--;
    decrement(this.byTenant, owner.tenant);
    decrement(this.byStack, stackKey(owner));
    // Several waiters can become eligible at once (a freed tenant cap and a free slot).
    for (let next = this.next(); next; next = this.next()) {
      this.waiting.splice(this.waiting.indexOf(next), 1);
      this.take(next.owner);
      next.grant();
    }
  }

  /** The waiter to grant a free slot to, or null (no free slot, or every waiter's tenant at its cap). */
  private next(): Waiter | null {
    if (this.active >= this.capacity) return null;
    let best: Waiter | null = null;
    for (const w of this.waiting) {
      if (this.tenantCount(w.owner) >= this.perTenant) continue;
      if (!best || this.before(w, best)) best = w;
    }
    return best;
  }

  private before(a: Waiter, b: Waiter): boolean {
    const tenants = this.tenantCount(a.owner) - this.tenantCount(b.owner);
    if (tenants !== 0) return tenants < 0;
    const stacks = (this.byStack.get(stackKey(a.owner)) ?? 0) - (this.byStack.get(stackKey(b.owner)) ?? 0);
    if (stacks !== 0) return stacks < 0;
    return a.seq < b.seq;
  }

  private take(owner: SlotOwner): void {
    this.active++;
    this.byTenant.set(owner.tenant, this.tenantCount(owner) + 1);
    this.byStack.set(stackKey(owner), (this.byStack.get(stackKey(owner)) ?? 0) + 1);
  }

  private tenantCount(owner: SlotOwner): number {
    return this.byTenant.get(owner.tenant) ?? 0;
  }
}

function stackKey(owner: SlotOwner): string {
  return `${owner.tenant}\u0000${owner.stack}`;
}

function decrement(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 0) - 1;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}

/**
 * The per-tenant cap a process applies: the setting when given; else half the slots (rounded up)
 * when several tenants share the service, and no cap in local mode (one tenant).
 */
export function tenantSlotCap(setting: number, concurrency: number, multiTenant: boolean): number {
  if (setting > 0) return Math.min(setting, concurrency);
  return multiTenant ? Math.ceil(concurrency / 2) : concurrency;
}
