import {
  eventsAfter,
  lastEventSequence,
  nestedStacks,
  stackBrief,
  notFound,
  type EventData,
  type NestedStack,
} from '../api.ts';
import { booleanValue, integerValue, NAME_OPTION, requiredString } from '../args.ts';
import type { Command, Context } from '../context.ts';
import { ApiError, EXIT } from '../errors.ts';
import { byTime, EventFormatter } from '../render.ts';
import { follow, historySettler, isInProgress } from '../watch.ts';

export const events: Command = {
  spec: {
    name: 'events',
    summary: "print a stack's events; with --follow, keep printing until it settles",
    usage: 'events --name STACK [--after N] [--follow]',
    description: [
      'Prints the events after sequence number N (default 0: all of them). With --follow, prints',
      'them from the stackEvents subscription and keeps going until the stack is no longer',
      '*_IN_PROGRESS (or Ctrl-C). With --json, one JSON document ({"events": [...]}), or with',
      '--follow one JSON line per event. The events of nested stacks (every level) are shown too, each',
      "prefixed with its nested stack's name (--after counts the top stack's events): merged by time,",
      'or with --follow as they arrive live.',
    ].join('\n'),
    options: {
      ...NAME_OPTION,
      after: { type: 'string', value: 'N', description: 'only events after this sequence number' },
      follow: {
        type: 'boolean',
        short: 'F',
        description: 'keep printing live events until the stack settles',
      },
    },
  },

  async run(ctx, values) {
    const name = requiredString(values, 'name', 'events');
    const after = integerValue(values, 'after', 'events', 0) ?? 0;
    const { out } = ctx;
    const format = new EventFormatter(out, name);

    if (!booleanValue(values, 'follow')) {
      const all = await history(ctx, name, after);
      if (out.json) out.jsonLine({ name, events: all });
      else for (const e of all) out.line(format.historyLine(e));
      return EXIT.OK;
    }

    // Read the status first, then the newest sequence number: see historySettler.
    const stack = await stackBrief(ctx.http, name);
    if (!stack) throw notFound(name);
    const last = await lastEventSequence(ctx.http, name);
    const settler = historySettler(last, isInProgress(stack.status));
    const print = (e: EventData) =>
      out.json ? out.jsonLine({ type: 'event', event: e }) : out.line(format.historyLine(e));
    if (!settler.open()) {
      // Settled: the history (nested stacks' included, merged by time) is all there is to follow.
      const all = await history(ctx, name, after);
      if (all.length === 0 && !out.json)
        out.line(`Stack ${name} is ${out.status(stack.status)}; no events after #${after}.`);
      for (const e of all) print(e);
      return EXIT.OK;
    }
    // The nested stacks' events come in the same stream, each stack's in order.
    const seen = new Map<string, number>();
    const result = await follow(ctx, {
      name,
      after,
      settler,
      readiness: false,
      nested: true,
      settledState: (s) => !isInProgress(s.status),
      onEvent: (e) => {
        if (e.stackName != null && e.stackName !== name) seen.set(e.stackName, e.sequence);
        print(e);
      },
    });
    if (result.kind === 'interrupted') {
      out.notice('\nStopped following (the stack is not affected).');
      return EXIT.INTERRUPTED;
    }
    // Streams are merged as they come: a nested stack's last events may still have been on their
    // way when the stack's own final event arrived. They are read over HTTP and printed too.
    for (const e of await nestedAfter(ctx, name, seen)) print(e);
    return EXIT.OK;
  },
};

/** The stack's events after `after`, with every nested stack's merged in by time (see `byTime`). */
async function history(ctx: Context, name: string, after: number): Promise<EventData[]> {
  const nested = await nestedStacks(ctx.http, name);
  const all: EventData[] = [];
  if (nested.length === 0) {
    await eventsAfter(ctx.http, name, after, (page) => all.push(...page));
    return all;
  }
  const depth = depths(name, nested);
  for (const stackName of depth.keys()) {
    await eventsAfter(ctx.http, stackName, stackName === name ? after : 0, (page) => all.push(...page));
  }
  return byTime(all, name, depth);
}

/** The nested stacks' events not delivered yet (`seen`: stack name -> last sequence delivered). */
async function nestedAfter(ctx: Context, name: string, seen: Map<string, number>): Promise<EventData[]> {
  const nested = await nestedStacks(ctx.http, name);
  const depth = depths(name, nested);
  // Stacks seen but gone since (deleted nested stacks) are still readable by name.
  for (const stackName of seen.keys()) if (!depth.has(stackName)) depth.set(stackName, 1);
  const all: EventData[] = [];
  for (const stackName of depth.keys()) {
    if (stackName === name) continue;
    try {
      await eventsAfter(ctx.http, stackName, seen.get(stackName) ?? 0, (page) => all.push(...page));
    } catch (error) {
      // A nested stack purged meanwhile has nothing more to tell.
      if (!(error instanceof ApiError && error.code === 'NOT_FOUND')) throw error;
    }
  }
  return byTime(all, name, depth);
}

/** Stack name -> nesting level (the stack itself 0), parents before children. */
function depths(name: string, nested: readonly NestedStack[]): Map<string, number> {
  const depth = new Map<string, number>([[name, 0]]);
  for (const n of nested) depth.set(n.name, (depth.get(n.parent?.stack.name ?? name) ?? 0) + 1);
  return depth;
}
