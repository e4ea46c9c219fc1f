/**
 * The error codes clients see in `extensions.code`. One table, used by every operation; the README's
 * "Errors" section documents each. Anything else is masked as INTERNAL_SERVER_ERROR.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: 'The request is malformed: a missing or invalid argument.',
  TEMPLATE_INVALID:
    'The template or its parameters are invalid; `details.problems` lists every problem with its location.',
  STACK_EXISTS: 'A stack with this name already exists for the tenant.',
  NOT_FOUND: 'No such stack (or it belongs to another tenant).',
  VERSION_CONFLICT:
    'expectedVersion does not match the current version; `details.currentVersion` says what it is.',
  INVALID_STATE: 'The operation does not apply to the stack in its current state.',
  UNAUTHENTICATED: 'A valid bearer token is required.',
  FORBIDDEN: 'The token does not allow this operation.',
  LIMIT_EXCEEDED: 'A configured limit was exceeded; `details.limit` names it.',
  QUERY_TOO_COMPLEX: 'The query is too deep or too complex.',
  UNAVAILABLE: 'A dependency (Neo4j) is not reachable right now; retry later.',
  INTERNAL_SERVER_ERROR: 'Unexpected error; `correlationId` identifies it in the service logs.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
