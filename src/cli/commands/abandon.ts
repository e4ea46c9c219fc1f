import { writeFile } from 'node:fs/promises';
import { abandonStack } from '../api.ts';
import { NAME_OPTION, requiredString, stringValue } from '../args.ts';
import type { Command } from '../context.ts';
import { EXIT } from '../errors.ts';

export const abandon: Command = {
  spec: {
    name: 'abandon',
    summary: 'stop managing a stack without deleting anything; print or save its adopt data',
    usage: 'abandon --name STACK [--output FILE]',
    description: [
      'Calls abandonStack: the stack is no longer managed (its name is free again) and no physical',
      'resource is deleted. The adopt data (template, environment, files, parameters, resources',
      'with physical ids and attributes; sealed values stay sealed) is written to FILE, or printed',
      'as JSON on stdout.',
    ].join('\n'),
    options: {
      ...NAME_OPTION,
      output: { type: 'string', short: 'o', value: 'FILE', description: 'write the adopt data to FILE' },
    },
  },

  async run(ctx, values) {
    const name = requiredString(values, 'name', 'abandon');
    const output = stringValue(values, 'output');
    const result = await abandonStack(ctx.http, name);
    if (output) {
      await writeFile(output, `${JSON.stringify(result.adoptData, null, 2)}\n`, { mode: 0o600 });
      ctx.out.line(`Stack ${name}: ${ctx.out.status(result.stack.status)}; adopt data written to ${output}`);
    } else {
      ctx.out.jsonLine(result.adoptData);
    }
    return EXIT.OK;
  },
};
