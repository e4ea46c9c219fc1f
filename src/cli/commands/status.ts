import { allStacks, nestedStacks, requireStack } from '../api.ts';
import { booleanValue, stringValue } from '../args.ts';
import type { Command } from '../context.ts';
import { EXIT } from '../errors.ts';
import { nestedRows, nestedStackLines, outputLines, resourceTable, stackHeader } from '../render.ts';

export const status: Command = {
  spec: {
    name: 'status',
    summary: 'show a stack (status, readiness, resources, outputs), or list the stacks',
    usage: 'status [--name STACK] [--all]',
    description:
      "With --name: the stack's status, version, readiness, a resources table (nested stacks' resources\nindented under the resource that owns them), its nested stacks and its outputs.\nWithout: every stack of the tenant (all pages of stacks(first:, after:)).",
    options: {
      name: { type: 'string', short: 'n', value: 'STACK', description: 'the stack to show' },
      all: { type: 'boolean', short: 'a', description: 'when listing, include deleted stacks' },
    },
  },

  async run(ctx, values) {
    const { out } = ctx;
    const name = stringValue(values, 'name');
    if (name === undefined) {
      const stacks = await allStacks(ctx.http, booleanValue(values, 'all'));
      if (out.json) {
        out.jsonLine({ stacks: stacks.map(({ cursor: _cursor, ...s }) => s) });
        return EXIT.OK;
      }
      if (stacks.length === 0) {
        out.line('No stacks.');
        return EXIT.OK;
      }
      out.line(
        out.table(
          ['NAME', 'STATUS', 'VERSION', 'READY', 'UPDATED'],
          stacks.map((s) => [
            s.name,
            out.status(s.status),
            String(s.version),
            `${s.readiness.ready}/${s.readiness.total}`,
            s.updatedAt,
          ]),
        ),
      );
      return EXIT.OK;
    }

    const stack = await requireStack(ctx.http, name);
    const nested = await nestedStacks(ctx.http, name);
    if (out.json) {
      out.jsonLine(nested.length > 0 ? { ...stack, nestedStacks: nested } : stack);
      return EXIT.OK;
    }
    for (const line of stackHeader(out, stack)) out.line(line);
    out.line();
    out.line(
      stack.resources.length > 0
        ? resourceTable(out, nestedRows(stack.name, stack.resources, nested))
        : 'No resources.',
    );
    const nestedLines = nestedStackLines(out, nested);
    if (nestedLines.length > 0) {
      out.line();
      for (const line of nestedLines) out.line(line);
    }
    const outputs = outputLines(out, stack.outputs);
    if (outputs.length > 0) {
      out.line();
      for (const line of outputs) out.line(line);
    }
    return EXIT.OK;
  },
};
