import { authEnabled, webhookSettings, type Config } from './config.ts';
import type { Logger } from './log.ts';
import { createAuthenticator, type Authenticate } from './api/auth.ts';
import { startApiServer, type ApiServer } from './api/server.ts';
import { Engine } from './engine/index.ts';
import { CompilePool, defaultCompileThreads } from './engine/compile-pool.ts';
import { tenantSlotCap } from './engine/fair-slots.ts';
import { StackOperations } from './engine/stack-operations.ts';
import { nestedFinisher } from './engine/nested-stacks.ts';
import { WakeSignal } from './engine/wake-signal.ts';
import { LocalEventBus } from './events/bus.ts';
import { RedisEventBus } from './events/redis-bus.ts';
import { TailingSubscriber, type EventSource } from './events/tail.ts';
import { Metrics } from './metrics/prometheus.ts';
import { builtinRegistry, type ResourceTypeRegistry } from './resources/registry.ts';
import { loadSecretsKey } from './secrets/index.ts';
import { SecretCodec } from './secrets/sealing.ts';
import { Database } from './store/database.ts';
import { migrate } from './store/migrations.ts';
import { Reads } from './store/reads.ts';
import { StackStore } from './store/stacks.ts';

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
  /** Maps a bearer token to a principal; default: JWT verification as configured, or the local mode. */
  authenticate?: Authenticate;
}

/** Composition root shared by the service entry points and the end-to-end tests. */
export async function startApp(
  config: Config,
  neo4jTarget: Neo4jTarget,
  log: Logger,
  overrides: AppOverrides = {},
): Promise<App> {
  const registry = overrides.registry ?? builtinRegistry({ webhook: webhookSettings(config) });
  // Templates compile in threads with the built-in types; a registry of a test's own cannot travel there.
  const compiler = overrides.registry
    ? null
    : new CompilePool(config.COMPILE_THREADS || defaultCompileThreads(), {
        webhook: webhookSettings(config),
      });
  const db = new Database({ ...neo4jTarget, log });
  await db.verify();
  await migrate(db, log);
  // In the background: the service answers meanwhile (a statement asked for first is planned by
  // its own run, as without this).
  let stopping: Promise<void> | null = null;
  const started = performance.now();
  const preparing = db
    .prepareKeptPlans(() => stopping !== null)
    .then((planned) =>
      log.debug({ planned, ms: Math.round(performance.now() - started) }, 'kept plans prepared'),
    )
    .catch((error: unknown) =>
      log.warn({ err: error }, 'preparing kept plans failed; statements plan on first use'),
    );
  // With REDIS_URL, events travel between service processes; without it this process works alone.
  const redisBus = config.REDIS_URL ? new RedisEventBus(config.REDIS_URL, log) : null;
  try {
    await redisBus?.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const bus = redisBus ?? new LocalEventBus();
  const metrics = new Metrics(db);
  const workAvailable = new WakeSignal();
  // Without SECRETS_KEY, local mode (no authentication) keeps a generated key in .convergence/.
  const secrets = new SecretCodec(
    loadSecretsKey({
      env: { SECRETS_KEY: config.SECRETS_KEY },
      local: !config.AUTH_JWT_SECRET && !config.AUTH_JWT_PUBLIC_KEY,
    }),
  );
  const operations = new StackOperations(
    new StackStore(db, nestedFinisher(registry), config.VERSION_CHUNK_RESOURCES),
    registry,
    bus,
    log,
    {
      maxTemplateBytes: config.MAX_TEMPLATE_BYTES,
      maxResourcesPerStack: config.MAX_RESOURCES_PER_STACK,
      strictCustomConstraints: config.STRICT_CUSTOM_CONSTRAINTS,
      maxVersionBytes: config.MAX_VERSION_BYTES,
      maxCompileMs: config.MAX_COMPILE_SECONDS * 1000,
      defaultStackConcurrency: config.STACK_CONCURRENCY,
      maxNestedDepth: config.MAX_NESTED_STACK_DEPTH,
    },
    workAvailable,
    secrets,
    compiler,
  );

  let engine: Engine | null = null;
  if (config.RUN_WORKERS) {
    engine = new Engine(
      db,
      registry,
      bus,
      operations,
      workAvailable,
      log,
      {
        concurrency: config.WORKER_CONCURRENCY,
        perTenant: tenantSlotCap(
          config.MAX_RUNNING_ACTIONS_PER_TENANT,
          config.WORKER_CONCURRENCY,
          authEnabled(config),
        ),
        // Set explicitly, the cap also holds across worker processes (claims count the tenant's
        // running items in Neo4j); the default share is per process.
        ...(config.MAX_RUNNING_ACTIONS_PER_TENANT > 0
          ? { tenantCap: config.MAX_RUNNING_ACTIONS_PER_TENANT }
          : {}),
        claimBatch: config.CLAIM_BATCH,
        leaseMs: config.LEASE_SECONDS * 1000,
        pollIntervalMs: config.POLL_INTERVAL_MS,
        retryLimit: config.RETRY_LIMIT,
        retryBaseMs: config.RETRY_BASE_MS,
        retryMaxMs: config.RETRY_MAX_MS,
        actionTimeoutMs: config.ACTION_TIMEOUT_SECONDS * 1000,
        tenants: config.WORKER_TENANTS,
        secrets,
        stagedVersionTtlMs: config.STAGED_VERSION_TTL_SECONDS * 1000,
      },
      metrics.engine,
    );
    engine.start();
  }

  let api: ApiServer | null = null;
  let tail: TailingSubscriber | null = null;
  if (config.RUN_API) {
    const reads = new Reads(db, secrets);
    tail = new TailingSubscriber(bus, eventSource(reads), log, config.EVENT_TAIL_MS);
    tail.start();
    const auth = await createAuthenticator({
      secret: config.AUTH_JWT_SECRET,
      publicKey: config.AUTH_JWT_PUBLIC_KEY,
      tenantClaim: config.AUTH_TENANT_CLAIM,
      roleClaim: config.AUTH_ROLE_CLAIM,
      issuer: config.AUTH_JWT_ISSUER,
      audience: config.AUTH_JWT_AUDIENCE,
      localTenant: config.LOCAL_TENANT,
      requireExp: config.AUTH_REQUIRE_EXP,
      clockSkewSeconds: config.AUTH_CLOCK_SKEW_SECONDS,
      maxClaimLength: config.AUTH_MAX_CLAIM_LENGTH,
    });
    if (!auth.enabled && !overrides.authenticate) {
      log.warn(
        { tenant: config.LOCAL_TENANT, host: config.HOST },
        'AUTHENTICATION IS OFF (local mode): every request acts as the local tenant with the editor role; listening on loopback only. Set AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY to require bearer tokens.',
      );
    }
    api = await startApiServer({
      host: config.HOST,
      port: config.PORT,
      limits: {
        maxBodyBytes: config.MAX_BODY_BYTES,
        maxDepth: config.MAX_QUERY_DEPTH,
        maxComplexity: config.MAX_QUERY_COMPLEXITY,
        maxSubscriptionsPerConnection: config.MAX_SUBSCRIPTIONS_PER_CONNECTION,
        maxSubscriptionsPerPrincipal: config.MAX_SUBSCRIPTIONS_PER_PRINCIPAL,
        maxSubscriptionsPerTenant: config.MAX_SUBSCRIPTIONS_PER_TENANT,
        maxResponseBytes: config.MAX_RESPONSE_BYTES,
        maxCompilesPerRequest: config.MAX_COMPILES_PER_REQUEST,
        maxCompileMsPerRequest: config.MAX_COMPILE_SECONDS_PER_REQUEST * 1000,
        defaultPageSize: config.DEFAULT_PAGE_SIZE,
        maxPageSize: config.MAX_PAGE_SIZE,
      },
      services: { reads, operations, events: tail, registry },
      db,
      log,
      authenticate: overrides.authenticate ?? auth.authenticate,
      routes: (app) => metrics.route(app, { token: config.METRICS_TOKEN, open: !auth.enabled }),
      plugins: [metrics.apolloPlugin()],
      onSubscription: metrics.subscriptionDelta,
    });
  }

  return {
    db,
    operations,
    engine,
    api,
    registry,
    stop() {
      stopping ??= (async () => {
        await api?.close();
        await compiler?.close();
        await tail?.stop();
        await engine?.stop();
        // After the engine: no action uses a connection pool any more.
        await registry.close();
        // After the engine: stopping workers commit (and publish) their last releases.
        await redisBus?.stop();
        // It stops at its next statement.
        await preparing;
        await db.close();
      })();
      return stopping;
    },
  };
}

/** The store as the event tail sees it. */
function eventSource(reads: Reads): EventSource {
  return {
    latestSeqs: (stackIds) => reads.latestEventSeqs(stackIds),
    eventsAfter: async (stackId, after, limit) =>
      (await reads.events(stackId, after, limit)).map(({ operation, ...e }) => ({
        ...e,
        traversal: operation,
      })),
    readiness: async (stackId) => {
      const r = await reads.readiness(stackId);
      return (
        r && {
          stackId,
          observedCount: r.ready,
          total: r.total,
          status: r.status,
          eventSeq: r.eventSeq,
          justReady: [],
        }
      );
    },
  };
}
