import {
  eventsAfter,
  lastEventSequence,
  nestedStacks,
  stackBrief,
  notFound,
  type EventData,
} from '../api.ts';
import { booleanValue, integerValue, NAME_OPTION, requiredString } from '../args.ts';
import type { Command } from '../context.ts';
import { EXIT } from '../errors.ts';
import { EventFormatter } from '../render.ts';
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
      '--follow one JSON line per event. Without --follow, the events of nested stacks are merged in',
      "by time, each prefixed with its nested stack's name (--after counts the top stack's events);",
      "with --follow, only the stack's own events are shown.",
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
      const nested = await nestedStacks(ctx.http, name);
      const all: EventData[] = [];
      if (nested.length === 0) {
        await eventsAfter(ctx.http, name, after, (page) => {
          if (out.json) all.push(...page);
          else for (const e of page) out.line(format.historyLine(e));
        });
      } else {
        // Each stack's events page by page, then merged by time; at the same time (a completion
        // settling a nested stack and its owner in one commit) the deeper stack's first.
        const depth = new Map<string, number>([[name, 0]]);
        for (const n of nested) depth.set(n.name, (depth.get(n.parent?.stack.name ?? name) ?? 0) + 1);
        for (const stackName of depth.keys()) {
          await eventsAfter(ctx.http, stackName, stackName === name ? after : 0, (page) => all.push(...page));
        }
        const level = (e: EventData) => depth.get(e.stackName ?? name) ?? 0;
        all.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || level(b) - level(a));
        if (!out.json) for (const e of all) out.line(format.historyLine(e));
      }
      if (out.json) out.jsonLine({ name, events: all });
      return EXIT.OK;
    }

    // Read the status first, then the newest sequence number: see historySettler.
    const stack = await stackBrief(ctx.http, name);
    if (!stack) throw notFound(name);
    const last = await lastEventSequence(ctx.http, name);
    const settler = historySettler(last, isInProgress(stack.status));
    if (after >= last && !settler.open()) {
      if (!out.json) out.line(`Stack ${name} is ${out.status(stack.status)}; no events after #${after}.`);
      return EXIT.OK;
    }
    const result = await follow(ctx, {
      name,
      after,
      settler,
      readiness: false,
      settledState: (s) => !isInProgress(s.status),
      onEvent: (e) =>
        out.json ? out.jsonLine({ type: 'event', event: e }) : out.line(format.historyLine(e)),
    });
    if (result.kind === 'interrupted') {
      out.notice('\nStopped following (the stack is not affected).');
      return EXIT.INTERRUPTED;
    }
    return EXIT.OK;
  },
};
