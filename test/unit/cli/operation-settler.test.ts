import { describe, expect, it } from 'vitest';
import type { EventData } from '../../../src/cli/api.ts';
import { operationSettler, type Outcome } from '../../../src/cli/watch.ts';

let sequence = 0;
const stackEvent = (status: string, version: number, reason = ''): EventData =>
  ({ sequence: ++sequence, type: 'STACK', status, reason, version }) as unknown as EventData;

function run(events: EventData[]): Outcome | null {
  let outcome: Outcome | null = null;
  const settler = operationSettler({ minVersion: 2, actions: ['UPDATE'], autoRollback: false });
  for (const e of events) settler.onEvent(e, (o) => (outcome ??= o));
  settler.dispose?.();
  return outcome;
}

describe('operationSettler', () => {
  it('a progress note of the same operation (failure or cancel waiting for in-flight actions) is not a supersede', () => {
    const outcome = run([
      stackEvent('UPDATE_IN_PROGRESS', 2, 'Stack UPDATE started'),
      stackEvent('UPDATE_IN_PROGRESS', 2, 'Stack UPDATE cancelled; waiting for 1 in-flight action to finish'),
      stackEvent('UPDATE_FAILED', 2, 'Stack UPDATE cancelled'),
    ]);
    expect(outcome).toMatchObject({ event: { status: 'UPDATE_FAILED' } });
    expect(outcome!.superseded).toBeUndefined();
  });

  it('a newer operation still supersedes', () => {
    const outcome = run([
      stackEvent('UPDATE_IN_PROGRESS', 2, 'Stack UPDATE started'),
      stackEvent('UPDATE_IN_PROGRESS', 3, 'Stack UPDATE started'),
    ]);
    expect(outcome).toMatchObject({ superseded: true, event: { version: 3 } });
  });
});
