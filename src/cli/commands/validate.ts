import { validateTemplate } from '../api.ts';
import type { Validation } from '../api.ts';
import { readCapabilities } from '../capabilities.ts';
import type { Command } from '../context.ts';
import { EXIT, problemLines } from '../errors.ts';
import { readSource, SOURCE_OPTIONS, sourceArguments } from './apply.ts';

export const validate: Command = {
  spec: {
    name: 'validate',
    summary: 'check a template (with environments, files and parameters) without a stack',
    usage: 'validate -f FILE [-e ENV ...] [--param NAME=VALUE ...]',
    description: [
      'Sends the template to validateTemplate (like openstack orchestration template validate):',
      'prints every problem and warning with its line and column, or the resources in dependency',
      'order, then the parameters (type, default with hidden ones masked, constraints, groups).',
      'Exit 0 when valid, 1 when not.',
    ].join('\n'),
    options: { ...SOURCE_OPTIONS },
  },

  async run(ctx, values) {
    const source = await readSource(ctx, values, 'validate');
    const extras = await sourceArguments(ctx, source, 'validateTemplate');
    const caps = await readCapabilities(ctx.http);
    const result = await validateTemplate(
      ctx.http,
      source.template,
      source.parameters,
      extras,
      caps.validationFields,
      caps.validationAllFields,
    );
    const { out } = ctx;
    if (out.json) {
      out.jsonLine(result);
      return result.valid ? EXIT.OK : EXIT.FAILURE;
    }
    const file = ctx.templateFile ?? 'template';
    for (const line of problemLines(result.warnings ?? [], file, 'warning')) out.notice(line);
    if (!result.valid) {
      for (const line of parameterLines(result)) out.line(line);
      out.error(`error: the template is not valid (${result.problems.length} problem(s))`);
      for (const line of problemLines(result.problems, file)) out.error(line);
      return EXIT.FAILURE;
    }
    out.line(`${out.paint('green', '✔')} ${file} is valid: ${result.resources.length} resource(s)`);
    if (result.resources.length > 0) out.line(`  in dependency order: ${result.resources.join(', ')}`);
    for (const line of parameterLines(result)) out.line(line);
    return EXIT.OK;
  },
};

/** The parameters as Heat's template validate lists them, one block each, then the groups. */
export function parameterLines(result: Validation): string[] {
  const lines: string[] = [];
  const parameters = result.parameters ?? [];
  if (parameters.length > 0) lines.push('Parameters:');
  for (const p of parameters) {
    const flags = [p.hidden ? 'hidden' : '', p.immutable ? 'immutable' : ''].filter(Boolean);
    lines.push(`  ${p.name} (${p.type}${flags.length ? `, ${flags.join(', ')}` : ''})`);
    if (p.label) lines.push(`    label: ${p.label}`);
    if (p.description) lines.push(`    description: ${p.description}`);
    if (p.default !== null && p.default !== undefined)
      lines.push(`    default: ${JSON.stringify(p.default)}`);
    for (const constraint of p.constraints) lines.push(`    constraint: ${JSON.stringify(constraint)}`);
  }
  for (const group of result.parameterGroups ?? []) {
    lines.push(`Group ${group.label ?? '(no label)'}: ${group.parameters.join(', ')}`);
  }
  return lines;
}
