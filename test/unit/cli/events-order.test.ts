import { describe, expect, it } from 'vitest';
import type { EventData } from '../../../src/cli/api.ts';
import { byTime } from '../../../src/cli/render.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms)).toISOString();
const event = (stackName: string, sequence: number, time: number): EventData => ({
  sequence,
  stackName,
  at: at(time),
  type: 'RESOURCE',
  resourceName: `r${sequence}`,
  status: 'CREATE_COMPLETE',
  reason: null,
  observedReady: true,
  physicalResourceId: null,
  version: 1,
});
const label = (e: EventData) => `${e.stackName}#${e.sequence}`;

describe('events of a stack and its nested stacks, merged by time (CLI events)', () => {
  const depth = new Map([
    ['top', 0],
    ['top-a', 1],
    ['top-b', 1],
    ['top-a-x', 2],
  ]);

  it('orders by time, then deeper stacks first, then stack name, then sequence', () => {
    const events = [
      event('top', 1, 0),
      event('top', 2, 5),
      event('top-b', 1, 5),
      event('top-a', 2, 5),
      event('top-a', 1, 5),
      event('top-a-x', 1, 5),
      event('top-a', 3, 9),
    ];
    expect(byTime(events, 'top', depth).map(label)).toEqual([
      'top#1',
      'top-a-x#1',
      'top-a#1',
      'top-a#2',
      'top-b#1',
      'top#2',
      'top-a#3',
    ]);
  });

  it('gives the same order whatever order the events were read in', () => {
    const events = [
      event('top-b', 2, 3),
      event('top-a', 1, 3),
      event('top-b', 1, 3),
      event('top', 4, 3),
      event('top-a', 2, 3),
      event('top-a-x', 7, 3),
      event('top-a-x', 6, 3),
    ];
    const expected = byTime(events, 'top', depth).map(label);
    expect(expected).toEqual(['top-a-x#6', 'top-a-x#7', 'top-a#1', 'top-a#2', 'top-b#1', 'top-b#2', 'top#4']);
    // Every rotation and the reverse of the input: one answer.
    for (let i = 0; i < events.length; i++) {
      const rotated = [...events.slice(i), ...events.slice(0, i)];
      expect(byTime(rotated, 'top', depth).map(label)).toEqual(expected);
      expect(byTime([...rotated].reverse(), 'top', depth).map(label)).toEqual(expected);
    }
  });

  it('counts an event without a stack name as the top stack’s, and leaves its input alone', () => {
    const own = { ...event('top', 3, 2), stackName: null };
    const events = [event('top-a', 1, 2), own];
    expect(byTime(events, 'top', depth)).toEqual([events[0], own]);
    expect(events.map((e) => e.stackName)).toEqual(['top-a', null]);
  });
});
