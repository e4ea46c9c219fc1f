/**
 * "There may be work now": raised by whoever makes work available in this process (a committed
 * command, a commit that made successors ready), awaited by claim loops between polls. Injected
 * into both sides, so neither needs to know the other.
 */
export class WakeSignal {
  private waiters = new Set<() => void>();

  /** Wakes every current waiter. */
  raise(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next `raise()`, or after `timeoutMs`, whichever comes first. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }
}
