import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../log.ts';
import type { Database } from '../store/database.ts';
import { createContext, type ApiContext, type Principal, type Services } from './context.ts';
import { formatError } from './errors.ts';
import { buildSchema } from './schema.ts';

export interface ApiServerOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  services: Services;
  db: Database;
  log: Logger;
  /** Who a request acts as; the local (no-auth) mode gives everyone the default tenant as editor. */
  authenticate?: (token: string | undefined) => Principal;
  /** Extra routes (metrics, the web page) mounted before the GraphQL endpoint. */
  routes?: (app: express.Express) => void;
}

export interface ApiServer {
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

export const LOCAL_PRINCIPAL: Principal = { tenant: 'default', role: 'editor' };

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

/**
 * The GraphQL API over HTTP (Apollo Server on Express) and WebSocket (graphql-ws) on the same
 * server and path, plus `/healthz` (the process is up) and `/readyz` (Neo4j answers).
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { services, log } = options;
  const authenticate = options.authenticate ?? (() => LOCAL_PRINCIPAL);
  const schema = buildSchema();
  const format = formatError(log);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);

  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: options.maxBodyBytes,
  });
  const wsCleanup = useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      schema,
      context: (ctx): ApiContext => createContext(services, ctx.extra.principal ?? LOCAL_PRINCIPAL),
      onConnect: (ctx) => {
        const raw =
          ctx.connectionParams?.authorization ??
          ctx.connectionParams?.Authorization ??
          ctx.connectionParams?.token;
        const token = typeof raw === 'string' ? (bearer(raw) ?? raw) : undefined;
        try {
          ctx.extra.principal = authenticate(token);
          return true;
        } catch {
          return false;
        }
      },
      onNext: (_ctx, _id, _payload, _args, result) => formatResult(result, format),
    },
    wsServer,
  );

  const apollo = new ApolloServer<ApiContext>({
    schema,
    formatError: format,
    includeStacktraceInErrorResponses: false,
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
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    options.db.verify().then(
      () => res.json({ status: 'ready' }),
      (error: unknown) => res.status(503).json({ status: 'unavailable', reason: (error as Error).message }),
    );
  });
  // The live graph page: static files from web/, nothing loaded from elsewhere.
  app.use('/ui', express.static(WEB_DIR, { index: 'index.html', fallthrough: true }));
  app.get('/', (_req, res) => res.redirect('/ui/'));
  options.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: options.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        Promise.resolve(createContext(services, authenticate(bearer(req.headers.authorization)))),
    }),
  );
  app.use(
    (error: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
      if (error.type === 'entity.too.large') {
        res.status(413).json({
          errors: [
            {
              message: `Request body exceeds ${options.maxBodyBytes} bytes`,
              extensions: {
                code: 'LIMIT_EXCEEDED',
                details: { limit: 'MAX_BODY_BYTES', max: options.maxBodyBytes },
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
      next(error);
    },
  );

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
