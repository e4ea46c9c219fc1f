import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Principal } from './api/context.ts';
import { startApiServer, type ApiServer } from './api/server.ts';
import { Engine } from './engine/index.ts';
import { LocalEventBus } from './engine/events.ts';
import { StackOperations } from './engine/stack-operations.ts';
import { builtinRegistry, type ResourceTypeRegistry } from './resources/registry.ts';
import { Database } from './store/database.ts';
import { migrate } from './store/migrations.ts';
import { Reads } from './store/reads.ts';

export interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
  database: string;
}

export interface App {
  db: Database;
  operations: StackOperations;
  engine: Engine | null;
  api: ApiServer | null;
  registry: ResourceTypeRegistry;
  /** Graceful shutdown in a fixed order: stop taking work, drain HTTP/WebSocket, release claims, close Neo4j. */
  stop(): Promise<void>;
}

export interface AppOverrides {
  registry?: ResourceTypeRegistry;
  /** Maps a bearer token to a principal; default: the local mode (one tenant, editor). */
  authenticate?: (token: string | undefined) => Principal;
}

/** Composition root shared by the service entry points and the end-to-end tests. */
export async function startApp(
  config: Config,
  neo4jTarget: Neo4jTarget,
  log: Logger,
  overrides: AppOverrides = {},
): Promise<App> {
  const registry = overrides.registry ?? builtinRegistry();
  const db = new Database({ ...neo4jTarget, log });
  await db.verify();
  await migrate(db, log);
  const bus = new LocalEventBus();
  const operations = new StackOperations(db, registry, bus, log, {
    maxTemplateBytes: config.MAX_TEMPLATE_BYTES,
    maxResourcesPerStack: config.MAX_RESOURCES_PER_STACK,
    defaultStackConcurrency: config.STACK_CONCURRENCY,
  });

  let engine: Engine | null = null;
  if (config.RUN_WORKERS) {
    engine = new Engine(db, registry, bus, operations, log, {
      concurrency: config.WORKER_CONCURRENCY,
      claimBatch: config.CLAIM_BATCH,
      leaseMs: config.LEASE_SECONDS * 1000,
      pollIntervalMs: config.POLL_INTERVAL_MS,
      retryLimit: config.RETRY_LIMIT,
      retryBaseMs: config.RETRY_BASE_MS,
      retryMaxMs: config.RETRY_MAX_MS,
      actionTimeoutMs: config.ACTION_TIMEOUT_SECONDS * 1000,
      tenants: config.WORKER_TENANTS,
    });
    engine.start();
  }

  let api: ApiServer | null = null;
  if (config.RUN_API) {
    api = await startApiServer({
      host: config.HOST,
      port: config.PORT,
      maxBodyBytes: config.MAX_BODY_BYTES,
      services: { reads: new Reads(db), operations, events: bus, registry },
      db,
      log,
      ...(overrides.authenticate ? { authenticate: overrides.authenticate } : {}),
    });
  }

  let stopping: Promise<void> | null = null;
  return {
    db,
    operations,
    engine,
    api,
    registry,
    stop() {
      stopping ??= (async () => {
        await api?.close();
        await engine?.stop();
        await db.close();
      })();
      return stopping;
    },
  };
}
