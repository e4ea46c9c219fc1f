import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/events/record.ts';
import { fromBatch, toBatches } from '../../../src/store/event-batches.ts';

const event = (stackId: string, seq: number, extra: Partial<EventRecord> = {}): EventRecord => ({
  stackId,
  seq,
  at: 1_700_000_000_000 + seq,
  type: 'RESOURCE',
  status: 'CREATE_COMPLETE',
  reason: `r${seq}`,
  resourceId: `id${seq}`,
  resourceName: `n${seq}`,
  observedReady: true,
  physicalResourceId: null,
  version: 1,
  traversal: 't',
  ...extra,
});

/** What the driver hands back: Integers become numbers (the service uses disableLosslessIntegers). */
function stored(batch: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(batch, (_, v: unknown) => (neo4j.isInt(v) ? v.toNumber() : v)));
}

describe('event batches', () => {
  it('groups consecutive events of one stack and splits at gaps and other stacks', () => {
    const batches = toBatches([event('a', 3), event('b', 1), event('a', 1), event('a', 2), event('a', 5)]);
    expect(batches.map((b) => [b.stackId, stored(b).first, stored(b).last])).toEqual([
      ['a', 1, 3],
      ['a', 5, 5],
      ['b', 1, 1],
    ]);
  });

  it('round-trips every field, with nulls and stack events', () => {
    const events = [
      event('s', 7, {
        type: 'STACK',
        resourceId: null,
        resourceName: null,
        observedReady: null,
        reason: null,
        status: 'CREATE_IN_PROGRESS',
      }),
      event('s', 8, { physicalResourceId: 'phys-1', observedReady: false }),
    ];
    const [batch] = toBatches(events);
    const back = fromBatch(stored(batch!));
    expect(back).toEqual(events.map(({ traversal, ...rest }) => ({ ...rest, operation: traversal })));
  });

  it('skips events at or below the requested sequence number', () => {
    const [batch] = toBatches([event('s', 1), event('s', 2), event('s', 3)]);
    expect(fromBatch(stored(batch!), 2).map((e) => e.seq)).toEqual([3]);
  });
});
