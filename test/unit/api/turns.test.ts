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
