import type { CommandSpec, Values } from './args.ts';
import type { GraphQLClient } from './http.ts';
import type { Output } from './output.ts';
import type { SubscriptionClient } from './subscriptions.ts';

/** What every command gets: where the service is, how to talk to it, and where to write. */
export interface Context {
  endpoint: string;
  out: Output;
  http: GraphQLClient;
  /** A new graphql-ws client (one WebSocket); the caller disposes it. */
  subscriptions(): SubscriptionClient;
  /**
   * Asks a yes/no question on the terminal; undefined when stdin or stderr is not a terminal
   * (scripts must then say --yes).
   */
  confirm?: (question: string) => Promise<boolean>;
  /** The -f file, so that template problems are reported against it. */
  templateFile?: string;
}

export interface Command {
  spec: CommandSpec;
  /** Resolves to the exit code; throws UsageError, ApiError, NetworkError or InputError. */
  run(ctx: Context, values: Values): Promise<number>;
}
