/** Exit codes of the `convergence` command. */
export const EXIT = {
  OK: 0,
  /** The API refused the request, the service could not be reached, or the stack ended badly. */
  FAILURE: 1,
  /** Unknown command or flag, a missing or malformed argument. */
  USAGE: 2,
  /** Ctrl-C while watching (128 + SIGINT). */
  INTERRUPTED: 130,
} as const;

/** A mistake in the command line; printed with a hint to `--help`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** One error of a GraphQL response, as the service formats it. */
export interface GraphQLErrorData {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; details?: Record<string, unknown>; [key: string]: unknown };
}

/** The API answered with errors. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly errors: readonly GraphQLErrorData[]) {
    super(errors[0]?.message ?? 'The API returned an error');
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** The service could not be reached, or answered with something that is not GraphQL. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${endpoint}: ${reason}`);
  }
}

/** A local problem before anything was sent (e.g. an unreadable template file). */
export class InputError extends Error {
  override name = 'InputError';
}

/** The clearest one-line reason of a failed `fetch` or socket. */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  if (cause instanceof AggregateError && cause.errors.length > 0) return networkReason(cause.errors[0]);
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    if (cause.name === 'TimeoutError') return 'the request timed out';
    if (typeof code === 'string' && !cause.message.includes(code)) return `${code} ${cause.message}`.trim();
    return cause.message || (typeof code === 'string' ? code : cause.name);
  }
  if (cause && typeof cause === 'object' && 'message' in cause) return String(cause.message);
  return String(cause);
}

export interface TemplateProblem {
  code: string;
  message: string;
  path: string;
  line?: number | null;
  column?: number | null;
}

/** `file:line:column  CODE  path  message`, one line per problem (the location part shrinks when unknown). */
export function formatProblem(problem: TemplateProblem, file: string): string {
  let where = file;
  if (problem.line != null) where += `:${problem.line}${problem.column != null ? `:${problem.column}` : ''}`;
  return `${where}  ${problem.code}  ${problem.path || '-'}  ${problem.message}`;
}

/** Long lists are cut here: a generated template can have hundreds of problems of one kind. */
export const PROBLEM_LIMIT = 20;

/**
 * One line per problem (prefixed with `label` when given), at most PROBLEM_LIMIT of them, then
 * "... and N more" (`--json` has them all).
 */
export function problemLines(
  problems: readonly TemplateProblem[],
  file: string,
  label?: string,
  limit = PROBLEM_LIMIT,
): string[] {
  const lines = problems.slice(0, limit).map((p) => `${label ? `${label}: ` : ''}${formatProblem(p, file)}`);
  if (problems.length > limit) {
    lines.push(
      `... and ${problems.length - limit} more ${label ? `${label}s` : 'problems'} (--json lists them all)`,
    );
  }
  return lines;
}

function problemsOf(error: GraphQLErrorData): TemplateProblem[] {
  const problems = error.extensions?.details?.problems;
  return Array.isArray(problems) ? (problems as TemplateProblem[]) : [];
}

/**
 * Readable lines for an error: the message and its code, and for TEMPLATE_INVALID every problem
 * with its location in `templateFile`.
 */
export function describeError(error: unknown, templateFile = 'template'): string[] {
  if (error instanceof ApiError) {
    const lines: string[] = [];
    for (const e of error.errors) {
      const code = e.extensions?.code;
      lines.push(`error: ${e.message}${code ? ` (${code})` : ''}`);
      if (code === 'TEMPLATE_INVALID') lines.push(...problemLines(problemsOf(e), templateFile));
      if (code === 'VERSION_CONFLICT') {
        const current = e.extensions?.details?.currentVersion;
        lines.push(
          `The stack changed since it was read${typeof current === 'number' ? ` (it is at version ${current} now)` : ''}: ` +
            "look at it ('convergence show'), then apply again, or apply --force to supersede it.",
        );
      }
      const correlationId = e.extensions?.correlationId;
      if (typeof correlationId === 'string') lines.push(`correlation id: ${correlationId}`);
    }
    return lines;
  }
  if (error instanceof NetworkError || error instanceof InputError) return [`error: ${error.message}`];
  if (error instanceof Error) return [`error: ${error.message}`];
  return [`error: ${String(error)}`];
}

/** The machine-readable form of an error, for `--json`. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (error instanceof ApiError) {
    const first = error.errors[0];
    return {
      error: {
        message: error.message,
        code: error.code ?? null,
        ...(first?.extensions?.details ? { details: first.extensions.details } : {}),
        ...(error.errors.length > 1 ? { errors: error.errors } : {}),
      },
    };
  }
  if (error instanceof NetworkError) {
    return { error: { message: error.message, code: 'UNREACHABLE', endpoint: error.endpoint } };
  }
  if (error instanceof UsageError) return { error: { message: error.message, code: 'USAGE' } };
  return { error: { message: error instanceof Error ? error.message : String(error), code: null } };
}
