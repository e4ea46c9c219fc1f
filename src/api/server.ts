// Long on purpose: the HTTP and WebSocket servers are composed here in start-up and shutdown order; each part is a short function.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  parse,
  validate,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Database } from '../store/database.ts';
import type { Authenticate } from './auth.ts';
import { CostMeter, createContext, type ApiContext, type Principal, type Services } from './context.ts';
import { CompileBudget } from '../engine/stack-operations.ts';
import { formatError } from './errors.ts';
import {
  DEFAULT_COST_SETTINGS,
  measureOperation,
  realListSize,
  sizeQuestions,
  type CostSettings,
  type ListSize,
} from './limits.ts';
import { buildSchema } from './schema.ts';
import { graphiqlPage, mountWebAssets } from './web-assets.ts';

export interface ApiLimits {
  maxBodyBytes: number;
  maxDepth: number;
  maxComplexity: number;
  maxSubscriptionsPerConnection: number;
  /** Across every connection of one principal (tenant + subject). */
  maxSubscriptionsPerPrincipal?: number;
  /** Across every connection of one tenant. */
  maxSubscriptionsPerTenant?: number;
  /** Largest HTTP answer, in bytes. */
  maxResponseBytes?: number;
  /** Template compilations (validateTemplate, previewStack, diff) one operation may ask for. */
  maxCompilesPerRequest?: number;
  /** Compile time one request may spend in all, in ms (validateTemplate, previewStack, mutations). */
  maxCompileMsPerRequest?: number;
  defaultPageSize?: number;
  maxPageSize?: number;
}

/** setTimeout's longest delay (about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ApiServerOptions {
  host: string;
  port: number;
  limits: ApiLimits;
  services: Services;
  db: Database;
  log: Logger;
  /** Turns a bearer token into a principal, or throws UNAUTHENTICATED. */
  authenticate: Authenticate;
  /** Extra routes (metrics) mounted before the GraphQL endpoint. */
  routes?: (app: express.Express) => void;
  /** Extra Apollo plugins (metrics). */
  plugins?: ApolloServerPlugin<ApiContext>[];
  /** Called when a subscription operation starts and ends (metrics). */
  onSubscription?: (delta: 1 | -1) => void;
}

export interface ApiServer {
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

function bearer(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return (match?.[1] ?? header).trim() || undefined;
}

function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof AppError) {
    const status = error.code === 'UNAUTHENTICATED' ? 401 : error.code === 'FORBIDDEN' ? 403 : 400;
    return new GraphQLError(error.message, {
      extensions: {
        code: error.code,
        ...(error.details ? { details: error.details } : {}),
        http: { status },
      },
    });
  }
  return error instanceof GraphQLError ? error : new GraphQLError(String(error));
}

function costSettings(limits: ApiLimits): CostSettings {
  return {
    defaultPageSize: limits.defaultPageSize ?? DEFAULT_COST_SETTINGS.defaultPageSize,
    maxPageSize: limits.maxPageSize ?? DEFAULT_COST_SETTINGS.maxPageSize,
  };
}

function limitError(message: string, limit: string, max: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'LIMIT_EXCEEDED', details: { limit, max } } });
}

/**
 * Checks an operation's depth and estimated cost against the limits before it runs. The
 * unpaginated lists it asks for (`SIZED_LISTS`) are counted at their real lengths, read in one
 * statement from the stacks' and versions' counters (`Reads.listSizes`) for the principal's tenant,
 * so a query that would read too much is refused before any resolver reads it.
 */
async function checkOperation(
  schema: GraphQLSchema,
  limits: ApiLimits,
  document: ReturnType<typeof parse>,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  sized?: { reads: Services['reads']; tenant: string },
): Promise<GraphQLError | null> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return null;
  let listSize: ListSize | undefined;
  const questions = sized ? sizeQuestions(schema, operation, fragments, variables) : null;
  if (sized && questions)
    listSize = realListSize(
      await sized.reads.listSizes(
        sized.tenant,
        questions.names,
        questions.wholeTenant,
        questions.versionResources,
      ),
    );
  const { depth, cost, compiles } = measureOperation(
    schema,
    operation,
    fragments,
    variables,
    costSettings(limits),
    listSize,
  );
  const refuse = (message: string, limit: string, max: number, actual: number, code = 'QUERY_TOO_COMPLEX') =>
    new GraphQLError(message, {
      extensions: { code, details: { limit, max, actual }, http: { status: 400 } },
    });
  const maxCompiles = limits.maxCompilesPerRequest ?? Number.MAX_SAFE_INTEGER;
  if (compiles > maxCompiles)
    return refuse(
      `The operation asks for up to ${compiles} template compilations (validateTemplate, previewStack, diff); the limit is ${maxCompiles}`,
      'MAX_COMPILES_PER_REQUEST',
      maxCompiles,
      compiles,
      'LIMIT_EXCEEDED',
    );
  if (depth > limits.maxDepth)
    return refuse(
      `The operation is ${depth} levels deep; the limit is ${limits.maxDepth}`,
      'MAX_QUERY_DEPTH',
      limits.maxDepth,
      depth,
    );
  if (cost > limits.maxComplexity) {
    return refuse(
      `The operation's estimated cost is ${cost}; the limit is ${limits.maxComplexity}`,
      'MAX_QUERY_COMPLEXITY',
      limits.maxComplexity,
      cost,
    );
  }
  return null;
}

/**
 * The GraphQL API over HTTP (Apollo Server on Express) and WebSocket (graphql-ws) on the same
 * server and path, plus `/healthz` (the process is up), `/readyz` (Neo4j answers) and the live
 * graph page under `/ui/`. Every request is authenticated first (bearer token on HTTP, the
 * `authorization` connection parameter on WebSocket) and measured against the limits before it runs.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { services, log, limits, authenticate } = options;
  const schema = buildSchema();
  const format = formatError(log);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);

  interface ConnectionState {
    principal?: Principal;
    subscriptions: number;
    /** Releases of this connection's counted subscriptions, by operation id. */
    held?: Map<string, () => void>;
    expiry?: NodeJS.Timeout;
    socket: WebSocket;
  }
  // Subscriptions held per principal and per tenant across connections: one reader with many
  // connections must not hold the whole process's memory in replay buffers.
  const perPrincipal = new Map<string, number>();
  const perTenant = new Map<string, number>();
  const principalKey = (p: Principal) => JSON.stringify([p.tenant, p.subject ?? null]);
  const bump = (map: Map<string, number>, key: string, delta: number) => {
    const n = (map.get(key) ?? 0) + delta;
    if (n <= 0) map.delete(key);
    else map.set(key, n);
  };
  const releaseAll = (extra: Partial<ConnectionState>) => {
    for (const release of [...(extra.held?.values() ?? [])]) release();
  };
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: limits.maxBodyBytes,
  });
  const wsCleanup = useServer<Record<string, unknown>, Partial<ConnectionState>>(
    {
      schema,
      context: (ctx): ApiContext =>
        createContext(
          services,
          ctx.extra.principal!,
          new CostMeter(limits.maxComplexity, costSettings(limits)),
          new CompileBudget(limits.maxCompileMsPerRequest),
        ),
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const token = bearer(params.authorization ?? params.Authorization ?? params.token);
        try {
          const principal = await authenticate(token);
          ctx.extra.principal = principal;
          ctx.extra.subscriptions = 0;
          if (principal.expiresAt) {
            // The connection lives no longer than its credential. Far expiries are reached in
            // steps: setTimeout fires at once for delays beyond about 24.8 days.
            const socket = ctx.extra.socket;
            const expiresAtMs = principal.expiresAt * 1000;
            const arm = () => {
              const left = expiresAtMs - Date.now();
              if (left <= 0) socket?.close(4401, 'Token expired');
              else ctx.extra.expiry = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
            };
            arm();
          }
          return true;
        } catch (error) {
          log.info({ reason: (error as Error).message }, 'WebSocket connection refused');
          return false;
        }
      },
      onDisconnect: (ctx) => {
        if (ctx.extra.expiry) clearTimeout(ctx.extra.expiry);
        releaseAll(ctx.extra);
      },
      onClose: (ctx) => {
        if (ctx.extra.expiry) clearTimeout(ctx.extra.expiry);
        releaseAll(ctx.extra);
      },
      onSubscribe: async (ctx, id, payload) => {
        const count = (ctx.extra.subscriptions ?? 0) + 1;
        if (count > limits.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(
              `A connection may hold at most ${limits.maxSubscriptionsPerConnection} subscriptions`,
              {
                extensions: {
                  code: 'LIMIT_EXCEEDED',
                  details: {
                    limit: 'MAX_SUBSCRIPTIONS_PER_CONNECTION',
                    max: limits.maxSubscriptionsPerConnection,
                  },
                },
              },
            ),
          ];
        }
        // The limits are checked before the document is parsed and validated (a refusal costs
        // next to nothing, even for thousands of subscribes at once), and the subscription is
        // counted before its cost is checked (which may read sizes from Neo4j), so concurrent
        // subscribes cannot all pass the limits; a refusal or a close frees it.
        const principal = ctx.extra.principal!;
        const who = principalKey(principal);
        const maxPrincipal = limits.maxSubscriptionsPerPrincipal ?? Number.MAX_SAFE_INTEGER;
        const maxTenant = limits.maxSubscriptionsPerTenant ?? Number.MAX_SAFE_INTEGER;
        if ((perPrincipal.get(who) ?? 0) >= maxPrincipal)
          return [
            limitError(
              `A principal may hold at most ${maxPrincipal} subscriptions across its connections`,
              'MAX_SUBSCRIPTIONS_PER_PRINCIPAL',
              maxPrincipal,
            ),
          ];
        if ((perTenant.get(principal.tenant) ?? 0) >= maxTenant)
          return [
            limitError(
              `A tenant may hold at most ${maxTenant} subscriptions across its connections`,
              'MAX_SUBSCRIPTIONS_PER_TENANT',
              maxTenant,
            ),
          ];
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        bump(perPrincipal, who, 1);
        bump(perTenant, principal.tenant, 1);
        ctx.extra.subscriptions = count;
        const held = (ctx.extra.held ??= new Map());
        const release = () => {
          if (held.get(id) !== release) return;
          held.delete(id);
          bump(perPrincipal, who, -1);
          bump(perTenant, principal.tenant, -1);
          ctx.extra.subscriptions = Math.max(0, (ctx.extra.subscriptions ?? 1) - 1);
          options.onSubscription?.(-1);
        };
        held.set(id, release);
        options.onSubscription?.(1);
        let refused: GraphQLError | null;
        try {
          refused = await checkOperation(
            schema,
            limits,
            document,
            payload.operationName,
            payload.variables ?? {},
            { reads: services.reads, tenant: principal.tenant },
          );
        } catch (error) {
          refused = asGraphQLError(error);
        }
        if (refused) {
          release();
          return [refused];
        }
        // The document parsed and validated here: graphql-ws would otherwise do both again.
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        };
      },
      onComplete: (ctx, id) => {
        ctx.extra.held?.get(id)?.();
      },
      onNext: (_ctx, _id, _payload, _args, result) => formatResult(result, format),
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => {
          const f = format(e.toJSON(), e);
          return new GraphQLError(f.message, { extensions: f.extensions });
        }),
    },
    wsServer,
  );

  const limitsPlugin: ApolloServerPlugin<ApiContext> = {
    requestDidStart() {
      return Promise.resolve({
        async didResolveOperation({ document, request, operation, contextValue }) {
          if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
            throw new GraphQLError(
              'Subscriptions are served over WebSocket (graphql-ws) on this same path, not over HTTP',
              {
                extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
              },
            );
          }
          const refused = await checkOperation(
            schema,
            limits,
            document,
            request.operationName,
            request.variables ?? {},
            { reads: contextValue.reads, tenant: contextValue.principal.tenant },
          );
          if (refused) throw refused;
        },
      });
    },
  };

  const apollo = new ApolloServer<ApiContext>({
    schema,
    formatError: format,
    includeStacktraceInErrorResponses: false,
    // Automatic persisted queries are not offered: every request carries its document.
    persistedQueries: false,
    // The composition root owns shutdown (its order matters); Apollo must not race it on signals.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        serverWillStart() {
          return Promise.resolve({
            async drainServer() {
              await wsCleanup.dispose();
            },
          });
        },
      },
      limitsPlugin,
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    options.db.verify().then(
      () => res.json({ status: 'ready' }),
      // Terse: Neo4j's error text (addresses, users) is for the logs, not for anyone who asks.
      (error: unknown) => {
        log.warn({ err: error }, 'readiness check failed');
        res.status(503).json({ status: 'unavailable' });
      },
    );
  });
  // The live graph page: static files from web/, nothing loaded from elsewhere.
  mountWebAssets(app);
  app.use('/ui', express.static(WEB_DIR, { index: 'index.html', fallthrough: true }));
  app.get('/', (_req, res) => res.redirect('/ui/'));
  options.routes?.(app);
  // The GraphiQL IDE for browsers (offline, bundled from npm); API requests pass through.
  app.get('/graphql', graphiqlPage);
  app.use(
    '/graphql',
    express.json({ limit: limits.maxBodyBytes }),
    capResponse(limits.maxResponseBytes ?? Number.MAX_SAFE_INTEGER),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return createContext(
            services,
            await authenticate(bearer(req.headers.authorization)),
            new CostMeter(limits.maxComplexity, costSettings(limits)),
            new CompileBudget(limits.maxCompileMsPerRequest),
          );
        } catch (error) {
          throw asGraphQLError(error);
        }
      },
    }),
  );
  app.use(
    (error: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
      if (error.type === 'entity.too.large') {
        res.status(413).json({
          errors: [
            {
              message: `Request body exceeds ${limits.maxBodyBytes} bytes`,
              extensions: {
                code: 'LIMIT_EXCEEDED',
                details: { limit: 'MAX_BODY_BYTES', max: limits.maxBodyBytes },
              },
            },
          ],
        });
        return;
      }
      if (error.type === 'entity.parse.failed') {
        res.status(400).json({
          errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
        });
        return;
      }
      if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
        // Other body-parser refusals (bad encoding, charset, content type): coded, never a stack trace.
        res.status(error.status).json({
          errors: [
            {
              message: `The request body was refused: ${error.message}`,
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        });
        return;
      }
      next(error);
    },
  );
  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    const correlationId = randomUUID();
    log.error({ err: error, correlationId }, 'unexpected error in an HTTP request');
    res.status(500).json({
      errors: [
        {
          message: `Internal error (correlation id ${correlationId})`,
          extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
        },
      ],
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/graphql`;
  log.info({ url }, 'GraphQL API listening');
  return {
    url,
    port,
    httpServer,
    async close() {
      await apollo.stop();
    },
  };
}

function formatResult(result: ExecutionResult, format: ReturnType<typeof formatError>): ExecutionResult {
  if (!result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map((e) => {
      const f = format(e.toJSON(), e);
      return new GraphQLError(f.message, { path: e.path, extensions: f.extensions });
    }),
  };
}

/**
 * Refuses answers larger than `max` bytes with a coded error instead of sending them: the cost
 * estimate bounds the work, this bounds what one request can push onto the network.
 */
function capResponse(max: number) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const size = typeof body === 'string' || Buffer.isBuffer(body) ? Buffer.byteLength(body) : 0;
      if (size <= max) return send(body);
      res.status(400);
      res.setHeader('content-type', 'application/json; charset=utf-8');
      return send(
        JSON.stringify({
          errors: [
            {
              message: `The answer would be ${size} bytes; the limit is ${max}: ask for fewer fields or smaller pages`,
              extensions: {
                code: 'LIMIT_EXCEEDED',
                details: { limit: 'MAX_RESPONSE_BYTES', max, actual: size },
              },
            },
          ],
        }),
      );
    };
    next();
  };
}
