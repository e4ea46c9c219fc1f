import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, type ErrorCode } from '../errors.ts';
import { isUnavailable } from '../store/database.ts';
import type { Logger } from '../log.ts';

/** Codes graphql-js and Apollo assign themselves, passed through as they are. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The one mapping from errors to the wire: AppErrors keep their code, message and details;
 * GraphQL's own request errors pass through; anything else is masked and logged under a
 * correlation id that the client also receives.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Duck-typed: graphql may be loaded twice (ESM and CJS copies), which defeats instanceof.
    const original = unwrapResolverError(error);
    if (String(formatted.extensions?.code).startsWith('PERSISTED_QUERY')) {
      return {
        message: 'Persisted queries are not supported: send the query text',
        extensions: { code: 'BAD_REQUEST' },
      };
    }
    if (isAppError(original)) return appError(formatted, original);
    // Request errors (parsing, validation, variable values) come before any resolver runs: they
    // have no path and are always the client's doing, whatever graphql-js put in originalError.
    const requestError = !formatted.path && (error as { name?: unknown } | null)?.name === 'GraphQLError';
    if (
      requestError ||
      CLIENT_CODES.has(String(formatted.extensions?.code)) ||
      (original instanceof GraphQLError && !original.originalError)
    ) {
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code: extensions.code ?? 'BAD_USER_INPUT' } };
    }
    if (isUnavailable(original)) {
      return {
        message: 'Neo4j is not reachable right now; retry later',
        path: formatted.path,
        extensions: { code: 'UNAVAILABLE' satisfies ErrorCode },
      };
    }
    const correlationId = randomUUID();
    log.error(
      { err: original, correlationId, path: formatted.path },
      'unexpected error in GraphQL operation',
    );
    return {
      message: `Internal error (correlation id ${correlationId})`,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode, correlationId },
    };
  };
}

function isAppError(error: unknown): error is AppError {
  return (
    error instanceof AppError ||
    (error instanceof Error && error.name === 'AppError' && typeof (error as AppError).code === 'string')
  );
}

function appError(formatted: GraphQLFormattedError, error: AppError): GraphQLFormattedError {
  return {
    message: error.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: error.code, ...(error.details ? { details: error.details } : {}) },
  };
}
