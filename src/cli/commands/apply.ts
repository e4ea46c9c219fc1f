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
import { readCapabilities } from '../capabilities.ts';
import { ApiError, EXIT, InputError } from '../errors.ts';
import { collectFiles } from '../files.ts';
import { readInputFile, readParameters, readTemplate } from '../inputs.ts';
import { runOperation } from '../operation.ts';

/** -f, -e and the parameters, shared with preview and validate (without --name). */
export const SOURCE_OPTIONS: Options = {
  file: {
    type: 'string',
    short: 'f',
    value: 'FILE',
    description: 'HOT template, YAML or JSON (- reads stdin)',
  },
  environment: {
    type: 'string',
    short: 'e',
    multiple: true,
    value: 'FILE',
    description: 'an environment file, merged in order like openstack stack create -e',
  },
  param: {
    type: 'string',
    short: 'p',
    multiple: true,
    value: 'NAME=VALUE',
    description: "a parameter value, sent as text: the parameter's declared type converts it",
  },
  'param-file': {
    type: 'string',
    multiple: true,
    value: 'NAME=FILE',
    description: "a parameter whose value is the file's content",
  },
  'params-file': {
    type: 'string',
    value: 'FILE',
    description: 'parameters as a JSON (or YAML) object; --param values override it',
  },
};

/** -f, --name and the parameters, shared with preview. */
export const TEMPLATE_OPTIONS: Options = { ...SOURCE_OPTIONS, ...NAME_OPTION };

export interface TemplateSource {
  template: string;
  parameters: Record<string, unknown> | undefined;
  environments: Array<{ path: string; text: string }>;
  /** What the template and environments refer to (get_file, template-file types), by path. */
  files: Record<string, string>;
}

/** Reads -f, every -e, the parameters, and every file they refer to. */
export async function readSource(ctx: Context, values: Values, command: string): Promise<TemplateSource> {
  const file = requiredString(values, 'file', command);
  ctx.templateFile = file === '-' ? '<stdin>' : file;
  const envPaths = listValue(values, 'environment');
  const [template, parameters, environments] = await Promise.all([
    readTemplate(file),
    readParameters(
      listValue(values, 'param'),
      stringValue(values, 'params-file'),
      listValue(values, 'param-file'),
    ),
    Promise.all(envPaths.map(async (path) => ({ path, text: await readInputFile(path, 'environment') }))),
  ]);
  const files = await collectFiles({ path: file, text: template }, environments, (p) =>
    readInputFile(p, 'file'),
  );
  return { template, parameters, environments, files };
}

export async function templateInput(ctx: Context, values: Values, command: string) {
  const name = requiredString(values, 'name', command);
  return { name, ...(await readSource(ctx, values, command)) };
}

/**
 * `environment` and `files` for a place of the schema (an input type's fields or a query's
 * arguments), sent only when there is something to send and only if the service declares them.
 */
export async function sourceExtras(
  ctx: Context,
  source: TemplateSource,
  place: 'createStack' | 'updateStack' | 'previewStack' | 'validateTemplate',
): Promise<Record<string, unknown>> {
  return (await sourceArguments(ctx, source, place)).values;
}

/** As sourceExtras, with the GraphQL type of each argument (for query variables). */
export async function sourceArguments(
  ctx: Context,
  source: TemplateSource,
  place: 'createStack' | 'updateStack' | 'previewStack' | 'validateTemplate',
): Promise<{ values: Record<string, unknown>; types: Record<string, string> }> {
  const hasFiles = Object.keys(source.files).length > 0;
  if (source.environments.length === 0 && !hasFiles) return { values: {}, types: {} };
  const accepted = (await readCapabilities(ctx.http))[place];
  const extras: Record<string, unknown> = {};
  const types: Record<string, string> = {};
  if (source.environments.length > 0) {
    const environment = accepted.get('environment');
    if (environment === undefined) {
      throw new InputError(`the service at ${ctx.endpoint} does not accept environments (-e) for ${place}`);
    }
    types.environment = environment.type;
    if (environment.list) extras.environment = source.environments.map((e) => e.text);
    else if (source.environments.length === 1) extras.environment = source.environments[0]!.text;
    else throw new InputError(`the service at ${ctx.endpoint} takes a single environment (-e) for ${place}`);
  }
  if (hasFiles) {
    const files = accepted.get('files');
    if (files === undefined) {
      const names = Object.keys(source.files).join(', ');
      throw new InputError(
        `the service at ${ctx.endpoint} does not accept files (needed: ${names}) for ${place}`,
      );
    }
    types.files = files.type;
    extras.files = source.files;
  }
  return { values: extras, types };
}

export const apply: Command = {
  spec: {
    name: 'apply',
    summary: 'create a stack, or update it if it exists, and follow it converging',
    usage: 'apply -f FILE [-e ENV ...] --name STACK [--param NAME=VALUE ...] [options]',
    description: [
      'Creates the stack when no live stack has this name, else updates it to the template (its',
      'parameters are replaced by the ones given). Files the template and environments refer to',
      '(get_file, template-file resource types) are read relative to the file naming them and sent.',
      'An update names the version it read (expectedVersion): if someone changed the stack since,',
      'it fails with VERSION_CONFLICT unless --force. Then shows live progress until the stack',
      'settles: exit 0 on *_COMPLETE, 1 when it fails (also when the automatic rollback completes).',
      'Ctrl-C stops watching only: the stack keeps converging.',
    ].join('\n'),
    options: {
      ...TEMPLATE_OPTIONS,
      force: {
        type: 'boolean',
        description: 'update even if the stack changed since it was read (no expectedVersion)',
      },
      'disable-rollback': {
        type: 'boolean',
        description:
          'keep a failed create or update failed instead of rolling back (an update without it keeps the current setting)',
      },
      repair: {
        type: 'boolean',
        description:
          'also converge drift (updateStack repair: true): resources changed or deleted outside the engine are set back or created again',
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
    const force = booleanValue(values, 'force');
    const repair = booleanValue(values, 'repair');
    const source = await templateInput(ctx, values, 'apply');
    const { name, template, parameters } = source;

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
          ...(await sourceExtras(ctx, source, 'createStack')),
          disableRollback,
          ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
        });
      } catch (error) {
        // Someone created it since we looked: updating it would supersede their stack unread.
        if (!(error instanceof ApiError && error.code === 'STACK_EXISTS') || !force) throw error;
      }
    }
    if (!stack) {
      operation = 'UPDATE';
      after = await lastEventSequence(ctx.http, name);
      const expected =
        !force && existing && existing.status !== 'DELETE_COMPLETE' ? existing.version : undefined;
      const updated = await updateStack(ctx.http, {
        name,
        template,
        parameters: parameters ?? null,
        ...(expected !== undefined ? { expectedVersion: expected } : {}),
        ...(await sourceExtras(ctx, source, 'updateStack')),
        ...(disableRollback ? { disableRollback: true } : {}),
        ...(repair ? { repair: true } : {}),
        ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      });
      stack = updated.stack;
      if (!updated.changed) {
        // A no-op: no version was created and nothing runs, so there is nothing to follow.
        if (ctx.out.json)
          ctx.out.jsonLine({ name, changed: false, version: stack.version, message: updated.message });
        else ctx.out.line(`No changes. ${updated.message}`);
        return EXIT.OK;
      }
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
