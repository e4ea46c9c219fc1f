/**
 * `convergence`: the command-line client of the convergence engine's GraphQL API. `main` parses
 * the command line, runs one command and resolves to the exit code; `bin/convergence.mjs` calls
 * `runCli`, which also exits the process.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import {
  commandHelp,
  DEFAULT_ENDPOINT,
  parseCommandLine,
  stringValue,
  topLevelHelp,
  type CommandSpec,
} from './args.ts';
import { abandon } from './commands/abandon.ts';
import { adopt } from './commands/adopt.ts';
import { apply } from './commands/apply.ts';
import { check } from './commands/check.ts';
import { events } from './commands/events.ts';
import { graph } from './commands/graph.ts';
import { INSPECT_COMMANDS } from './commands/inspect.ts';
import { cancel, deleteCommand, rollback } from './commands/lifecycle.ts';
import { preview } from './commands/preview.ts';
import { status } from './commands/status.ts';
import { validate } from './commands/validate.ts';
import type { Command, Context } from './context.ts';
import { describeError, errorJson, EXIT, UsageError } from './errors.ts';
import { GraphQLClient } from './http.ts';
import { Output } from './output.ts';
import { SubscriptionClient } from './subscriptions.ts';

export const COMMANDS: readonly Command[] = [
  apply,
  preview,
  validate,
  ...INSPECT_COMMANDS,
  status,
  check,
  abandon,
  adopt,
  events,
  deleteCommand,
  rollback,
  cancel,
  graph,
];

const FOLLOWING = new Set(['apply', 'delete', 'rollback', 'cancel', 'events']);

/** A yes/no question on the terminal (default no). */
async function askTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

function endpointOf(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const endpoint = flag ?? (env.CONVERGENCE_ENDPOINT || DEFAULT_ENDPOINT);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`--endpoint must be a URL, got '${endpoint}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint must be an http:// or https:// URL, got '${endpoint}'`);
  }
  return endpoint;
}

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  out?: Output;
  /** Confirmation prompts; default: the terminal when stdin and stderr are terminals. */
  confirm?: ((question: string) => Promise<boolean>) | null;
}

export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  // Known before parsing, so that even a usage error is reported as JSON when asked for.
  const json = argv.includes('--json');
  const out = options.out ?? new Output({ json, env });
  const specs: CommandSpec[] = COMMANDS.map((c) => c.spec);
  let ctx: Context | undefined;
  let commandName: string | undefined;
  try {
    // `convergence help [command]` is the same as `convergence [command] --help`.
    if (argv[0] === 'help') {
      const topic =
        specs.find((s) => s.name === `${argv[1]} ${argv[2]}`) ?? specs.find((s) => s.name === argv[1]);
      if (argv[1] !== undefined && !topic) throw new UsageError(`unknown command '${argv[1]}'`);
      out.line(topic ? commandHelp(topic) : topLevelHelp(specs));
      return EXIT.OK;
    }
    const { command, values } = parseCommandLine(argv, specs);
    commandName = command?.name;
    if (values.version === true) {
      out.line(out.json ? JSON.stringify({ version: cliVersion() }) : `convergence ${cliVersion()}`);
      return EXIT.OK;
    }
    if (!command) {
      if (values.help === true) {
        out.line(topLevelHelp(specs));
        return EXIT.OK;
      }
      out.notice(topLevelHelp(specs));
      return EXIT.USAGE;
    }
    if (values.help === true) {
      out.line(commandHelp(command));
      return EXIT.OK;
    }
    const endpoint = endpointOf(stringValue(values, 'endpoint'), env);
    const token = stringValue(values, 'token') ?? (env.CONVERGENCE_TOKEN || undefined);
    ctx = {
      endpoint,
      out,
      http: new GraphQLClient({ endpoint, token }),
      subscriptions: () => new SubscriptionClient(endpoint, token),
    };
    const confirm =
      options.confirm !== undefined
        ? options.confirm
        : process.stdin.isTTY && process.stderr.isTTY
          ? askTerminal
          : null;
    if (confirm) ctx.confirm = confirm;
    const run = COMMANDS.find((c) => c.spec.name === command.name)!;
    // Commands that follow progress load the WebSocket libraries while their first requests run,
    // so subscribing right after the mutation costs no extra time.
    if (FOLLOWING.has(command.name) && values['no-wait'] !== true)
      void SubscriptionClient.load().catch(() => {});
    return await run.run(ctx, values);
  } catch (error) {
    out.endProgress();
    if (out.json) out.jsonLine(errorJson(error));
    if (error instanceof UsageError) {
      out.error(`error: ${error.message}`);
      const topic = error.command ?? commandName;
      out.notice(`Run 'convergence ${topic ? `${topic} ` : ''}--help' for usage.`);
      return EXIT.USAGE;
    }
    for (const line of describeError(error, ctx?.templateFile)) out.error(line);
    if (env.CONVERGENCE_DEBUG && error instanceof Error && error.stack) out.notice(error.stack);
    return EXIT.FAILURE;
  }
}

/** Runs `main` with the process's arguments and exits with its code once output is flushed. */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  // `convergence events ... | head -1`: the reader left, so there is nobody to tell; stop quietly
  // instead of dying on an unhandled EPIPE with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(EXIT.OK);
      throw error;
    });
  }
  const code = await main(argv);
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}
