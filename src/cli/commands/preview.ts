import { previewStack, type PlannedChange } from '../api.ts';
import type { Command } from '../context.ts';
import { EXIT } from '../errors.ts';
import type { Output } from '../output.ts';
import { sourceArguments, TEMPLATE_OPTIONS, templateInput } from './apply.ts';

/** Terraform's plan symbols and wording, per action. */
const SHOWN: Record<string, { symbol: string; style: 'green' | 'yellow' | 'magenta' | 'red'; says: string }> =
  {
    ADD: { symbol: '+', style: 'green', says: 'will be created' },
    UPDATE: { symbol: '~', style: 'yellow', says: 'will be updated in place' },
    REPLACE: { symbol: '-/+', style: 'magenta', says: 'must be replaced' },
    DELETE: { symbol: '-', style: 'red', says: 'will be deleted' },
  };
const ORDER = ['REPLACE', 'UPDATE', 'ADD', 'DELETE'];

function value(v: unknown): string {
  return JSON.stringify(v);
}

/** One resource of the plan, as `terraform plan` prints one: a header line, then its properties. */
function renderResource(out: Output, change: PlannedChange): string[] {
  const shown = SHOWN[change.action]!;
  const lines = [
    `${out.paint(shown.style, shown.symbol.padStart(3))} ${change.name} (${change.type}) ${shown.says}` +
      (change.reason ? `: ${change.reason}` : ''),
  ];
  for (const p of change.properties) {
    const next = p.knownAfterApply ? out.paint('dim', '(known after apply)') : value(p.new);
    const line =
      change.action === 'ADD'
        ? `      + ${p.name} = ${next}`
        : `      ~ ${p.name}: ${value(p.old)} -> ${next}`;
    lines.push(p.forcesReplacement ? `${line} ${out.paint('magenta', '# forces replacement')}` : line);
  }
  return lines;
}

export const preview: Command = {
  spec: {
    name: 'preview',
    summary: 'show the plan applying a template would run, without changing anything',
    usage: 'preview -f FILE [-e ENV ...] --name STACK [--param NAME=VALUE ...]',
    description:
      "Computes the plan (previewStack) from the stack's live resources to the template and prints it\nlike `terraform plan`: each resource to add (+), update in place (~), replace (-/+, with the\nproperty that forces it) or delete (-), old -> new values per property (secrets masked, values\nthat depend on changing resources shown as (known after apply)), then the summary line\n`N to add, N to update in place, N to replace, N to delete`.",
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
        ? `Stack ${name}: plan from version ${result.fromVersion ?? '?'}`
        : `Stack ${name} does not exist: applying would create it`,
    );
    if (result.noChange) {
      out.line(`No changes. Stack ${name} already matches this template, environment, files and parameters.`);
      return EXIT.OK;
    }
    const changes = result.plan
      .filter((c) => c.action !== 'UNCHANGED')
      .sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action) || a.name.localeCompare(b.name));
    out.line();
    for (const change of changes) for (const line of renderResource(out, change)) out.line(line);
    if (changes.some((c) => c.knownAfterApply)) {
      out.line();
      out.line(
        out.paint(
          'dim',
          'Values shown as (known after apply) depend on resources that change; the engine decides on the actual values.',
        ),
      );
    }
    out.line();
    const unchanged = result.summary.unchanged > 0 ? ` (${result.summary.unchanged} unchanged)` : '';
    out.line(`Plan: ${result.summary.text}.${unchanged}`);
    return EXIT.OK;
  },
};
