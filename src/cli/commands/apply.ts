import { createStack, lastEventSequence, stackBrief, updateStack, type StackBrief } from '../api.ts';
import {
  booleanValue,
  integerValue,
  listValue,
  NAME_OPTION,
  requiredString,
  stringValue,
  WAIT_OPTION,
  type Options,
  type Values,
} from '../args.ts';
import type { Command, Context } from '../context.ts';
import { ApiError } from '../errors.ts';
import { readParameters, readTemplate } from '../inputs.ts';
import { runOperation } from '../operation.ts';

/** -f and --param, shared with preview. */
export const TEMPLATE_OPTIONS: Options = {
  file: {
    type: 'string',
    short: 'f',
    value: 'FILE',
    description: 'HOT template, YAML or JSON (- reads stdin)',
  },
  ...NAME_OPTION,
  param: {
    type: 'string',
    short: 'p',
    multiple: true,
    value: 'NAME=VALUE',
    description: 'a parameter value; JSON when it parses (numbers, booleans), else a string',
  },
  'params-file': {
    type: 'string',
    value: 'FILE',
    description: 'parameters as a JSON (or YAML) object; --param values override it',
  },
};

export async function templateInput(ctx: Context, values: Values, command: string) {
  const file = requiredString(values, 'file', command);
  const name = requiredString(values, 'name', command);
  ctx.templateFile = file === '-' ? '<stdin>' : file;
  const [template, parameters] = await Promise.all([
    readTemplate(file),
    readParameters(listValue(values, 'param'), stringValue(values, 'params-file')),
  ]);
  return { name, template, parameters };
}

export const apply: Command = {
  spec: {
    name: 'apply',
    summary: 'create a stack, or update it if it exists, and follow it converging',
    usage: 'apply -f FILE --name STACK [--param NAME=VALUE ...] [options]',
    description: [
      'Creates the stack when no live stack has this name, else updates it to the template (its',
      'parameters are replaced by the ones given). Then shows live progress until the stack settles:',
      'exit 0 on *_COMPLETE, 1 when it fails (also when the automatic rollback completes).',
      'Ctrl-C stops watching only: the stack keeps converging.',
    ].join('\n'),
    options: {
      ...TEMPLATE_OPTIONS,
      'disable-rollback': {
        type: 'boolean',
        description:
          'keep a failed create or update failed instead of rolling back (an update without it keeps the current setting)',
      },
      timeout: {
        type: 'string',
        value: 'SECONDS',
        description: 'fail the operation if not complete in time',
      },
      ...WAIT_OPTION,
    },
  },

  async run(ctx, values) {
    const timeoutSeconds = integerValue(values, 'timeout', 'apply', 1);
    const disableRollback = booleanValue(values, 'disable-rollback');
    const { name, template, parameters } = await templateInput(ctx, values, 'apply');

    const existing = await stackBrief(ctx.http, name);
    let stack: StackBrief | undefined;
    let after = 0;
    let operation = 'CREATE';
    if (!existing || existing.status === 'DELETE_COMPLETE') {
      try {
        stack = await createStack(ctx.http, {
          name,
          template,
          parameters: parameters ?? null,
          disableRollback,
          ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
        });
      } catch (error) {
        // Someone created it since we looked: update it instead.
        if (!(error instanceof ApiError && error.code === 'STACK_EXISTS')) throw error;
      }
    }
    if (!stack) {
      operation = 'UPDATE';
      after = await lastEventSequence(ctx.http, name);
      stack = await updateStack(ctx.http, {
        name,
        template,
        parameters: parameters ?? null,
        ...(disableRollback ? { disableRollback: true } : {}),
        ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      });
    }
    return runOperation(ctx, {
      name,
      operation,
      stack,
      after,
      actions: ['CREATE', 'UPDATE'],
      succeeded: (status) => status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE',
      autoRollback: !stack.disableRollback,
      readiness: true,
      wait: !booleanValue(values, 'no-wait'),
    });
  },
};
