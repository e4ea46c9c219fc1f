import { describe, expect, it } from 'vitest';
import { Turns } from '../../../src/api/subscriptions.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Turns: one tenant’s replay reads take turns (issue 16 §7)', () => {
  it('runs at most `limit` at once, the rest in the order they asked, and says when it is idle', async () => {
    let idle = 0;
    const turns = new Turns(2, () => idle++);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let most = 0;
    const runs = gates.map((gate, i) =>
      turns.run(async () => {
        started.push(i);
        most = Math.max(most, turns.active);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(turns.active).toBe(0);
    expect(idle).toBe(1);
  });

  it('frees the turn when the work fails', async () => {
    const turns = new Turns(1);
    await expect(turns.run(() => Promise.reject(new Error('read failed')))).rejects.toThrow('read failed');
    expect(await turns.run(() => Promise.resolve('next'))).toBe('next');
    expect(turns.active).toBe(0);
  });
});

describe('Turns.hold: a page keeps its turn while it is delivered', () => {
  it('keeps the turn after the work until released, then hands it to the next waiter', async () => {
    const turns = new Turns(1);
    const first = await turns.hold(() => Promise.resolve('page 1'), 60_000);
    expect(first.value).toBe('page 1');
    expect(turns.active).toBe(1);
    let second: { value: string; release: () => void } | null = null;
    const waiting = turns.hold(() => Promise.resolve('page 2'), 60_000).then((h) => (second = h));
    await Promise.resolve();
    await Promise.resolve();
    expect(second).toBeNull();
    first.release();
    first.release(); // a second release changes nothing
    await waiting;
    expect(second!.value).toBe('page 2');
    expect(turns.active).toBe(1);
    second!.release();
    expect(turns.active).toBe(0);
  });

  it('frees the turn by itself after holdMs when the holder never releases it', async () => {
    const turns = new Turns(1);
    await turns.hold(() => Promise.resolve('never released'), 20);
    const next = await turns.hold(() => Promise.resolve('next'), 60_000);
    expect(next.value).toBe('next');
    next.release();
    expect(turns.active).toBe(0);
  });

  it('frees the turn when the read fails', async () => {
    const turns = new Turns(1);
    await expect(turns.hold(() => Promise.reject(new Error('read failed')), 60_000)).rejects.toThrow(
      'read failed',
    );
    expect(turns.active).toBe(0);
  });
});
