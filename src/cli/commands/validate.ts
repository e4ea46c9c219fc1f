import { validateTemplate } from '../api.ts';
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
      'order. Exit 0 when valid, 1 when not.',
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
      caps.validationAllFields.has('warnings'),
    );
    const { out } = ctx;
    if (out.json) {
      out.jsonLine(result);
      return result.valid ? EXIT.OK : EXIT.FAILURE;
    }
    const file = ctx.templateFile ?? 'template';
    for (const line of problemLines(result.warnings ?? [], file, 'warning')) out.notice(line);
    if (!result.valid) {
      out.error(`error: the template is not valid (${result.problems.length} problem(s))`);
      for (const line of problemLines(result.problems, file)) out.error(line);
      return EXIT.FAILURE;
    }
    out.line(`${out.paint('green', '✔')} ${file} is valid: ${result.resources.length} resource(s)`);
    if (result.resources.length > 0) out.line(`  in dependency order: ${result.resources.join(', ')}`);
    if (result.parameters !== undefined)
      out.line(`Parameters: ${JSON.stringify(result.parameters, null, 2)}`);
    return EXIT.OK;
  },
};
