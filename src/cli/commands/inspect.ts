/**
 * Read-only commands named like Heat's `openstack stack ...` verbs: list, show, output list/show,
 * resource list/show, event show, template show.
 */
import { eventBySequence, requireStack, resourceDetails, versionTemplate } from '../api.ts';
import { booleanValue, integerValue, NAME_OPTION, positional, requiredString } from '../args.ts';
import type { Command } from '../context.ts';
import { ApiError, EXIT } from '../errors.ts';
import { formatValue, outputLines, outputsOf, resourceTable } from '../render.ts';
import { status } from './status.ts';

export const list: Command = {
  spec: {
    name: 'list',
    summary: 'list the stacks of the tenant',
    usage: 'list [--all]',
    description:
      'Every stack of the tenant (all pages of stacks(first:, after:)), like openstack stack list.',
    options: { all: { type: 'boolean', short: 'a', description: 'include deleted stacks' } },
  },
  run: (ctx, values) => status.run(ctx, { ...values, name: undefined }),
};

export const show: Command = {
  spec: {
    name: 'show',
    summary: 'show a stack: status, version, readiness, resources and outputs',
    usage: 'show --name STACK',
    description: "The stack's status and reason, version, readiness, resources table and outputs.",
    options: { ...NAME_OPTION },
  },
  run: (ctx, values) => status.run(ctx, { ...values, name: requiredString(values, 'name', 'show') }),
};

export const outputList: Command = {
  spec: {
    name: 'output list',
    summary: "list a stack's outputs and their values",
    usage: 'output list --name STACK',
    description: 'Outputs of the current version, resolved from stored attributes (null until ready).',
    options: { ...NAME_OPTION },
  },
  async run(ctx, values) {
    const stack = await requireStack(ctx.http, requiredString(values, 'name', 'output list'));
    const { out } = ctx;
    if (out.json) out.jsonLine({ outputs: stack.outputs });
    else {
      const lines = outputLines(out, stack.outputs);
      out.line(
        lines.length > 0
          ? lines
              .slice(1)
              .map((l) => l.slice(2))
              .join('\n')
          : 'No outputs.',
      );
    }
    return EXIT.OK;
  },
};

export const outputShow: Command = {
  spec: {
    name: 'output show',
    summary: "print one output's value",
    usage: 'output show --name STACK OUTPUT',
    description:
      'The value of one output of the current version: strings as they are, anything else as JSON.',
    options: { ...NAME_OPTION },
    positionals: ['OUTPUT'],
  },
  async run(ctx, values) {
    const name = requiredString(values, 'name', 'output show');
    const key = positional(values, 0, 'an OUTPUT name', 'output show');
    const outputs = outputsOf((await requireStack(ctx.http, name)).outputs);
    if (!Object.hasOwn(outputs, key)) {
      const known = Object.keys(outputs).join(', ') || 'none';
      throw new ApiError([
        {
          message: `Stack ${name} has no output ${key} (outputs: ${known})`,
          extensions: { code: 'NOT_FOUND' },
        },
      ]);
    }
    const value = outputs[key];
    if (ctx.out.json) ctx.out.jsonLine({ output: key, value });
    else ctx.out.line(formatValue(value));
    return EXIT.OK;
  },
};

export const resourceList: Command = {
  spec: {
    name: 'resource list',
    summary: "list a stack's resources",
    usage: 'resource list --name STACK',
    description: 'Resources of the current version, dependencies first, with status, readiness and retries.',
    options: { ...NAME_OPTION },
  },
  async run(ctx, values) {
    const stack = await requireStack(ctx.http, requiredString(values, 'name', 'resource list'));
    const { out } = ctx;
    if (out.json) out.jsonLine({ resources: stack.resources });
    else out.line(stack.resources.length > 0 ? resourceTable(out, stack.resources) : 'No resources.');
    return EXIT.OK;
  },
};

export const resourceShow: Command = {
  spec: {
    name: 'resource show',
    summary: 'show one resource: status, physical id, properties, attributes, dependencies',
    usage: 'resource show --name STACK RESOURCE',
    description: 'One resource of the current version, with its resolved properties and attributes.',
    options: { ...NAME_OPTION },
    positionals: ['RESOURCE'],
  },
  async run(ctx, values) {
    const name = requiredString(values, 'name', 'resource show');
    const resource = positional(values, 0, 'a RESOURCE name', 'resource show');
    const r = await resourceDetails(ctx.http, name, resource);
    const { out } = ctx;
    if (out.json) {
      out.jsonLine(r);
      return EXIT.OK;
    }
    const rows: Array<[string, string]> = [
      ['Resource', out.paint('bold', r.name)],
      ['Type', r.type],
      ['Status', `${out.status(r.status)}${r.statusReason ? `  ${r.statusReason}` : ''}`],
      ...(r.failureReason ? [['Failure', r.failureReason] as [string, string]] : []),
      ['Ready', r.observedReady ? 'yes (observed)' : 'no'],
      ['Physical', r.physicalResourceId ?? '-'],
      ['Retries', String(r.retryCount)],
      ['Version', String(r.version)],
      ['Deletion', r.deletionPolicy],
      ['Requires', r.requires.map((x) => x.name).join(', ') || '-'],
      ['Needed by', r.neededBy.map((x) => x.name).join(', ') || '-'],
      ['Updated', r.updatedAt],
    ];
    for (const [k, v] of rows) out.line(`${k.padEnd(10)} ${v}`);
    out.line(out.paint('bold', 'Properties:'));
    out.line(indent(JSON.stringify(r.properties, null, 2)));
    out.line(out.paint('bold', 'Attributes:'));
    out.line(indent(JSON.stringify(r.attributes, null, 2)));
    return EXIT.OK;
  },
};

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export const eventShow: Command = {
  spec: {
    name: 'event show',
    summary: 'show one event by its sequence number',
    usage: 'event show --name STACK SEQUENCE',
    description: "One event of the stack (see 'convergence events' for the sequence numbers).",
    options: { ...NAME_OPTION },
    positionals: ['SEQUENCE'],
  },
  async run(ctx, values) {
    const name = requiredString(values, 'name', 'event show');
    const raw = positional(values, 0, 'a SEQUENCE number', 'event show');
    const sequence = integerValue({ sequence: raw }, 'sequence', 'event show', 1)!;
    const e = await eventBySequence(ctx.http, name, sequence);
    const { out } = ctx;
    if (out.json) {
      out.jsonLine(e);
      return EXIT.OK;
    }
    const rows: Array<[string, string]> = [
      ['Event', `#${e.sequence}`],
      ['At', e.at],
      ['Type', e.type],
      ['Resource', e.resourceName ?? `(stack ${name})`],
      ['Status', out.status(e.status)],
      ['Reason', e.reason ?? '-'],
      ['Ready', e.observedReady == null ? '-' : e.observedReady ? 'yes' : 'no'],
      ['Physical', e.physicalResourceId ?? '-'],
      ['Version', String(e.version)],
    ];
    for (const [k, v] of rows) out.line(`${k.padEnd(10)} ${v}`);
    return EXIT.OK;
  },
};

export const templateShow: Command = {
  spec: {
    name: 'template show',
    summary: 'print the template of the current (or a given) version, exactly as it was sent',
    usage: 'template show --name STACK [--version N] [--parameters]',
    description:
      'Prints the template text stored with the version (redirect it to a file to edit and apply).',
    options: {
      ...NAME_OPTION,
      version: { type: 'string', value: 'N', description: 'a past version (default: the current one)' },
      parameters: {
        type: 'boolean',
        description: "print the version's parameters as JSON instead (hidden ones masked)",
      },
    },
  },
  async run(ctx, values) {
    const name = requiredString(values, 'name', 'template show');
    const version = integerValue(values, 'version', 'template show', 1);
    const v = await versionTemplate(ctx.http, name, version);
    const { out } = ctx;
    if (out.json) out.jsonLine({ name, version: v.number, template: v.template, parameters: v.parameters });
    else if (booleanValue(values, 'parameters')) out.line(JSON.stringify(v.parameters, null, 2));
    else out.line(v.template.replace(/\n$/, ''));
    return EXIT.OK;
  },
};

export const INSPECT_COMMANDS: readonly Command[] = [
  list,
  show,
  outputList,
  outputShow,
  resourceList,
  resourceShow,
  eventShow,
  templateShow,
];
