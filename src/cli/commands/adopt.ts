import { createStack } from '../api.ts';
import { NAME_OPTION, requiredString, stringValue } from '../args.ts';
import type { Command } from '../context.ts';
import { EXIT, InputError } from '../errors.ts';
import { readInputFile, readTemplate } from '../inputs.ts';

export const adopt: Command = {
  spec: {
    name: 'adopt',
    summary: 'create a stack that takes over existing resources (adopt data from abandon)',
    usage: 'adopt --name STACK --adopt-file FILE [--template FILE]',
    description: [
      'Calls createStack with the adopt data of FILE (what `abandon --output FILE` saved): the',
      "stack is made from the adopt data's template, environment, files and parameters (--template",
      'replaces its template), and every resource it names with a physical id is observed, not',
      'created; one whose real object no longer exists fails the create with',
      'ADOPT_RESOURCE_MISSING. Rollback is disabled: a failed adopt never deletes anything.',
      'Follow it with `status --name STACK` or `events --name STACK --follow`.',
    ].join('\n'),
    options: {
      ...NAME_OPTION,
      'adopt-file': { type: 'string', value: 'FILE', description: 'adopt data (JSON) as abandon wrote it' },
      template: {
        type: 'string',
        short: 'f',
        value: 'FILE',
        description: "a template replacing the adopt data's",
      },
    },
  },

  async run(ctx, values) {
    const name = requiredString(values, 'name', 'adopt');
    const file = requiredString(values, 'adopt-file', 'adopt');
    const templateFile = stringValue(values, 'template');
    let data: unknown;
    try {
      data = JSON.parse(await readInputFile(file, 'adopt data'));
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`adopt data ${file} is not JSON: ${(error as Error).message}`);
    }
    const stack = await createStack(ctx.http, {
      name,
      adopt: data,
      ...(templateFile ? { template: await readTemplate(templateFile) } : {}),
    });
    ctx.out.line(`Stack ${name}: ${ctx.out.status(stack.status)} (adopting existing resources)`);
    return EXIT.OK;
  },
};
