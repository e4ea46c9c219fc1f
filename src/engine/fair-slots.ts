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
  seq: number;
  grant: () => void;
}

/** The waiters of one stack, oldest first (a FIFO whose taken head is skipped, not shifted). */
interface StackQueue {
  tenant: string;
  key: string;
  waiters: Waiter[];
  head: number;
}

export class FairSlots {
  private active = 0;
  private readonly byTenant = new Map<string, number>();
  private readonly byStack = new Map<string, number>();
  /**
   * Waiters by stack. A release looks at one head per stack, not at every waiter: a claim of 500
   * quick items used to make each of its releases scan all of them (quadratic per batch, ~1 s of
   * CPU for 10,000 resources).
   */
  private readonly queues = new Map<string, StackQueue>();
  private readonly waitingByTenant = new Map<string, number>();
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
    // A cap as large as the capacity never holds anyone back on its own: a tenant at it holds
    // every slot. Counting its waiters would make the claim loop think it has room and poll for
    // other tenants' work that is not there (one empty claim per wake, in local mode).
    if (this.perTenant >= this.capacity) return 0;
    let held = 0;
    for (const [tenant, waiting] of this.waitingByTenant)
      if (this.heldBy(tenant) >= this.perTenant) held += waiting;
    return held;
  }

  /** Slots the tenant holds now. */
  heldBy(tenant: string): number {
    return this.byTenant.get(tenant) ?? 0;
  }

  acquire(owner: SlotOwner): Promise<void> {
    const key = stackKey(owner);
    if (this.active < this.capacity && this.heldBy(owner.tenant) < this.perTenant) {
      this.take(owner.tenant, key);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let queue = this.queues.get(key);
      if (!queue) {
        queue = { tenant: owner.tenant, key, waiters: [], head: 0 };
        this.queues.set(key, queue);
      }
      queue.waiters.push({ seq: this.seq++, grant: resolve });
      this.waitingByTenant.set(owner.tenant, (this.waitingByTenant.get(owner.tenant) ?? 0) + 1);
    });
  }

  release(owner: SlotOwner): void {
    this.active--;
    decrement(this.byTenant, owner.tenant);
    decrement(this.byStack, stackKey(owner));
    // Several waiters can become eligible at once (a freed tenant cap and a free slot).
    for (let next = this.next(); next; next = this.next()) {
      const waiter = next.waiters[next.head++]!;
      if (next.head === next.waiters.length) this.queues.delete(next.key);
      else if (next.head >= 1024 && next.head * 2 >= next.waiters.length) {
        // A stack that always has waiters never drains its queue: drop the granted part now and then.
        next.waiters.splice(0, next.head);
        next.head = 0;
      }
      decrement(this.waitingByTenant, next.tenant);
      this.take(next.tenant, next.key);
      waiter.grant();
    }
  }

  /**
   * The stack whose oldest waiter gets a free slot, or null (no free slot, or every waiter's
   * tenant at its cap): the tenant holding fewest slots, then the stack holding fewest, then the
   * oldest waiter.
   */
  private next(): StackQueue | null {
    if (this.active >= this.capacity) return null;
    let best: StackQueue | null = null;
    for (const queue of this.queues.values()) {
      if (this.heldBy(queue.tenant) >= this.perTenant) continue;
      if (!best || this.before(queue, best)) best = queue;
    }
    return best;
  }

  private before(a: StackQueue, b: StackQueue): boolean {
    const tenants = this.heldBy(a.tenant) - this.heldBy(b.tenant);
    if (tenants !== 0) return tenants < 0;
    const stacks = (this.byStack.get(a.key) ?? 0) - (this.byStack.get(b.key) ?? 0);
    if (stacks !== 0) return stacks < 0;
    return a.waiters[a.head]!.seq < b.waiters[b.head]!.seq;
  }

  private take(tenant: string, key: string): void {
    this.active++;
    this.byTenant.set(tenant, this.heldBy(tenant) + 1);
    this.byStack.set(key, (this.byStack.get(key) ?? 0) + 1);
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
