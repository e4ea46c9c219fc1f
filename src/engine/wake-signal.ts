/**
 * "There may be work now": raised by whoever makes work available in this process (a committed
 * command, a commit that made successors ready), awaited by claim loops between polls. Injected
 * into both sides, so neither needs to know the other.
 *
 * A raise is never lost: a waiter reads `generation` before it looks for work, and `wait` with
 * that reading returns at once if a raise came in between (say, a commit made an item ready while
 * the waiter's claim was running and found nothing).
 */
export class WakeSignal {
  private waiters = new Set<() => void>();
  private raised = 0;

  /** How many times the signal was raised so far. */
  get generation(): number {
    return this.raised;
  }

  /** Wakes every current waiter. */
  raise(): void {
    this.raised++;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /**
   * Resolves on the next `raise()`, or after `timeoutMs`, whichever comes first; at once when
   * `since` (a `generation` read earlier) is given and the signal was raised after that reading.
   */
  wait(timeoutMs: number, since?: number): Promise<void> {
    if (since !== undefined && since !== this.raised) return Promise.resolve();
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
