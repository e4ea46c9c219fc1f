import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder of the value in help, e.g. FILE. */
  value?: string;
  description: string;
}

export type Options = Record<string, OptionSpec>;

export interface CommandSpec {
  name: string;
  /** One line, for the command list. */
  summary: string;
  /** After `convergence `, e.g. `apply -f FILE --name STACK [options]`. */
  usage: string;
  /** Paragraphs below the usage line. */
  description: string;
  options: Options;
  /** Names of the positional arguments it takes, e.g. ['OUTPUT'] (none when absent). */
  positionals?: readonly string[];
}

export type Values = Record<string, string | boolean | Array<string | boolean> | undefined>;

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4000/graphql';

export const GLOBAL_OPTIONS: Options = {
  endpoint: {
    type: 'string',
    value: 'URL',
    description: `GraphQL endpoint (default: $CONVERGENCE_ENDPOINT, else ${DEFAULT_ENDPOINT})`,
  },
  token: {
    type: 'string',
    value: 'TOKEN',
    description: 'bearer token (default: $CONVERGENCE_TOKEN)',
  },
  json: {
    type: 'boolean',
    description: 'machine-readable output: one JSON document, or JSON lines when following progress',
  },
  help: { type: 'boolean', short: 'h', description: 'show help' },
  version: { type: 'boolean', description: 'print the CLI version' },
};

/** Options shared by the commands that follow a stack operation. */
export const WAIT_OPTION: Options = {
  'no-wait': {
    type: 'boolean',
    description: 'return once the operation is accepted instead of following its progress',
  },
};

export const NAME_OPTION: Options = {
  name: { type: 'string', short: 'n', value: 'STACK', description: 'stack name' },
};

export interface ParsedCommandLine {
  /** Undefined when no command was given. */
  command: CommandSpec | undefined;
  values: Values;
}

/**
 * Splits `argv` into a command and its options. Global options are accepted before and after the
 * command, the command's own options after it; unknown commands, unknown options and stray
 * arguments are usage errors.
 */
export function parseCommandLine(
  argv: readonly string[],
  commands: readonly CommandSpec[],
): ParsedCommandLine {
  const index = commandIndex(argv);
  if (index === -1) return { command: undefined, values: parse([...argv], GLOBAL_OPTIONS, undefined) };
  const name = argv[index]!;
  // Two-word commands (`output list`, `resource show`), as in `openstack stack ...`.
  const pair = `${name} ${argv[index + 1] ?? ''}`;
  const twoWords = commands.find((c) => c.name === pair);
  const command = twoWords ?? commands.find((c) => c.name === name);
  if (!command) {
    const subcommands = commands
      .filter((c) => c.name.startsWith(`${name} `))
      .map((c) => c.name.slice(name.length + 1));
    if (subcommands.length > 0) {
      throw new UsageError(`'${name}' needs a subcommand: ${subcommands.join(', ')}`, undefined);
    }
    throw new UsageError(`unknown command '${name}' (commands: ${commands.map((c) => c.name).join(', ')})`);
  }
  const rest = [...argv.slice(0, index), ...argv.slice(index + (twoWords ? 2 : 1))];
  return { command, values: parse(rest, { ...GLOBAL_OPTIONS, ...command.options }, command) };
}

/** The first argument that is neither an option nor a global option's value. */
function commandIndex(argv: readonly string[]): number {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(GLOBAL_OPTIONS)) {
    if (spec.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (spec.short) takesValue.add(`-${spec.short}`);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (!arg.startsWith('-') || arg === '-') return i;
    if (takesValue.has(arg)) i++;
  }
  return -1;
}

/** The positional arguments of a command are under this key of its values. */
export const POSITIONALS = '_';

function parse(args: string[], options: Options, spec: CommandSpec | undefined): Values {
  const command = spec?.name;
  const allowed = spec?.positionals ?? [];
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({
      args,
      options: config,
      strict: true,
      allowPositionals: allowed.length > 0,
    });
    if (positionals.length > allowed.length) {
      throw new UsageError(`unexpected argument '${positionals[allowed.length]}' for '${command}'`, command);
    }
    return { ...values, [POSITIONALS]: positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(describeParseError(error as Error & { code?: string }, command), command);
  }
}

function describeParseError(error: Error & { code?: string }, command: string | undefined): string {
  const where = command ? ` for '${command}'` : '';
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted ?? error.message}'${where}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted ?? error.message}'${where}`;
    default:
      return error.message.split('. ')[0]!.replace(/^Option/, 'option');
  }
}

export function stringValue(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function booleanValue(values: Values, name: string): boolean {
  return values[name] === true;
}

export function listValue(values: Values, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The positional argument `label` (the spec's positionals name them), required. */
export function positional(values: Values, index: number, label: string, command: string): string {
  const list = values[POSITIONALS];
  const v = Array.isArray(list) ? list[index] : undefined;
  if (typeof v !== 'string' || v === '') throw new UsageError(`'${command}' needs ${label}`, command);
  return v;
}

export function requiredString(values: Values, name: string, command: string): string {
  const v = stringValue(values, name);
  if (v === undefined || v === '') throw new UsageError(`'${command}' needs --${name}`, command);
  return v;
}

/** A whole number option, or undefined when absent. */
export function integerValue(values: Values, name: string, command: string, min: number): number | undefined {
  const raw = stringValue(values, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\s*-?\d+\s*$/.test(raw) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got '${raw}'`, command);
  }
  return n;
}

function optionLines(options: Options): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`;
    return [flag, o.description + (o.multiple ? ' (repeatable)' : '')] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}

export function commandHelp(command: CommandSpec): string {
  return [
    `Usage: convergence ${command.usage}`,
    '',
    command.description,
    '',
    'Options:',
    ...optionLines(command.options),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
  ].join('\n');
}

export function topLevelHelp(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: convergence <command> [options]',
    '',
    'A client for the convergence engine: applies templates to stacks and follows them converging.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    "Run 'convergence <command> --help' for a command's options.",
    'Exit codes: 0 success, 1 API error or failed stack, 2 usage error, 130 interrupted (Ctrl-C).',
  ].join('\n');
}
