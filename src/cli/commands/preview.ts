import { previewStack } from '../api.ts';
import type { Command } from '../context.ts';
import { EXIT } from '../errors.ts';
import type { Output } from '../output.ts';
import { sourceArguments, TEMPLATE_OPTIONS, templateInput } from './apply.ts';

const ORDER = ['REPLACED', 'UPDATED', 'ADDED', 'REMOVED', 'UNCHANGED'];

function paintChange(out: Output, change: string): string {
  switch (change) {
    case 'ADDED':
      return out.paint('green', change);
    case 'REMOVED':
      return out.paint('red', change);
    case 'UPDATED':
      return out.paint('yellow', change);
    case 'REPLACED':
      return out.paint('magenta', change);
    default:
      return out.paint('dim', change);
  }
}

export const preview: Command = {
  spec: {
    name: 'preview',
    summary: 'show what applying a template would change, without changing anything',
    usage: 'preview -f FILE [-e ENV ...] --name STACK [--param NAME=VALUE ...]',
    description:
      "Compares the template with the stack's current version (previewStack) and lists each resource\nas ADDED, REMOVED, UPDATED (in place), REPLACED (with the reason) or UNCHANGED.",
    options: { ...TEMPLATE_OPTIONS },
  },

  async run(ctx, values) {
    const source = await templateInput(ctx, values, 'preview');
    const { name, template, parameters } = source;
    const extras = await sourceArguments(ctx, source, 'previewStack');
    const result = await previewStack(ctx.http, name, template, parameters, extras);
    const { out } = ctx;
    if (out.json) {
      out.jsonLine({ name, ...result });
      return EXIT.OK;
    }
    out.line(
      result.exists
        ? `Stack ${name}: changes from version ${result.fromVersion ?? '?'}`
        : `Stack ${name} does not exist: applying would create it`,
    );
    const changes = [...result.changes].sort(
      (a, b) => ORDER.indexOf(a.change) - ORDER.indexOf(b.change) || a.name.localeCompare(b.name),
    );
    if (changes.length > 0) {
      out.line(
        out.table(
          ['RESOURCE', 'CHANGE', 'PROPERTIES', 'REASON'],
          changes.map((c) => [
            c.name,
            paintChange(out, c.change),
            c.properties.join(', ') || '-',
            c.reason ?? '',
          ]),
        ),
      );
    } else {
      out.line('No resources.');
    }
    const counts = ORDER.map(
      (kind) => `${changes.filter((c) => c.change === kind).length} ${kind.toLowerCase()}`,
    );
    out.line(counts.join(', '));
    return EXIT.OK;
  },
};
