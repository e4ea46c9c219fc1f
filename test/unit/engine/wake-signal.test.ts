import { describe, expect, it } from 'vitest';
import { WakeSignal } from '../../../src/engine/wake-signal.ts';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('WakeSignal', () => {
  it('wakes a waiter at once when raised between reading the generation and waiting', async () => {
    const wake = new WakeSignal();
    const seen = wake.generation;
    // The raise lands while the waiter is still looking for work (its claim runs).
    wake.raise();
    let woken = false;
    void wake.wait(60_000, seen).then(() => (woken = true));
    await flush();
    expect(woken).toBe(true);
  });

  it('keeps waiting when nothing was raised since the reading, until the next raise', async () => {
    const wake = new WakeSignal();
    const seen = wake.generation;
    let woken = false;
    void wake.wait(60_000, seen).then(() => (woken = true));
    await flush();
    expect(woken).toBe(false);
    wake.raise();
    await flush();
    expect(woken).toBe(true);
    expect(wake.generation).toBe(seen + 1);
  });

  it('without a reading, waits for the next raise only (an earlier one is not remembered)', async () => {
    const wake = new WakeSignal();
    wake.raise();
    let woken = false;
    void wake.wait(60_000).then(() => (woken = true));
    await flush();
    expect(woken).toBe(false);
    wake.raise();
    await flush();
    expect(woken).toBe(true);
  });
});
