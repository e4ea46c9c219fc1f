import { z } from 'zod';
import { parseRules, type WebhookGuardSettings } from './resources/builtin/webhook-guard.ts';

/**
 * Every setting the service reads from its environment, parsed and validated once at start-up.
 * Each entry documents its default and unit; `.env.example` lists the same names.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  );

const schema = z.object({
  /** HTTP port of the GraphQL API (also serves WebSocket subscriptions on the same path). */
  PORT: int(0, 65535).default(4000),
  /** Interface to listen on. Without authentication the service refuses anything but loopback. */
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** Bolt URI of an existing Neo4j. When unset, a local Neo4j is assembled and started (see scripts/neo4j). */
  NEO4J_URI: z.string().url().optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  /** Maximum heap of the local Neo4j (JVM syntax). Large stacks need more: about 4g for 100,000 resources. */
  NEO4J_LOCAL_HEAP: z
    .string()
    .regex(/^\d+[mMgG]$/, 'JVM size such as 1g or 512m')
    .default('1g'),
  /** Name of the local instance started when NEO4J_URI is unset (its own data directory and ports). */
  NEO4J_LOCAL_INSTANCE: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('dev'),

  /**
   * Redis relaying events between service processes (`redis://[:password@]host:port[/db]`, or
   * `rediss://` for TLS). Unset: events reach subscriptions of this process only, which suits one
   * process doing everything. With API and worker processes apart, set it on all of them.
   */
  REDIS_URL: z
    .string()
    .url()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),

  /**
   * YAML or JSON file of connections for the PostgreSQL, MySQL, RabbitMQ and NATS types (see
   * src/resources/connections.ts); CONNECTION_<SYSTEM>_<NAME> variables add more. Unset in local mode:
   * a `default` connection per system at its standard local address.
   */
  CONNECTIONS_FILE: z.string().min(1).optional(),
  /**
   * AES-256-GCM key for secret values, 32 bytes as base64. Unset in local mode: generated once into
   * .convergence/secrets.key. Required with authentication on (checked by src/secrets loadSecretsKey).
   */
  SECRETS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64')
    .optional(),

  /** Run the GraphQL API in this process (default true). */
  RUN_API: bool.default(true),
  /** Run convergence workers in this process (default true). */
  RUN_WORKERS: bool.default(true),
  /**
   * Refuse templates whose parameters use a custom_constraint only a cloud can check
   * (nova.flavor, neutron.network...) with UNKNOWN_CUSTOM_CONSTRAINT; default false: accepted
   * with a warning naming the constraint.
   */
  STRICT_CUSTOM_CONSTRAINTS: bool.default(false),
  /** Resource actions running at once in this process (actions only; waiting for readiness holds no slot). */
  WORKER_CONCURRENCY: int(1, 10_000).default(16),
  /** Comma-separated tenants whose stacks this process's workers converge; empty means every tenant. */
  WORKER_TENANTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  /**
   * Most resource actions one tenant may run at once: set, across every worker process on the
   * database (claims count the tenant's running items in Neo4j) and in each process's slots (freed
   * slots go to the tenant, then the stack, running fewest). 0 (default): a per-process share, half
   * of WORKER_CONCURRENCY, rounded up, with authentication on; no cap in local mode (one tenant).
   */
  MAX_RUNNING_ACTIONS_PER_TENANT: int(0, 10_000).default(0),
  /** Default cap on actions running at once for one stack across all processes; 0 means no cap. */
  STACK_CONCURRENCY: int(0, 1_000_000).default(0),
  /** Resources claimed per claim statement. */
  CLAIM_BATCH: int(1, 10_000).default(500),
  /** How long a claim stays valid without renewal, in seconds. A dead worker's work is picked up after this. */
  LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(20),
  /**
   * How often subscriptions look in Neo4j for events committed by other processes, in
   * milliseconds. Neo4j is the record: without Redis this is how events of workers in another
   * process reach subscribers; with Redis it only covers what Redis lost.
   */
  EVENT_TAIL_MS: int(50, 60_000).default(500),
  /** Idle poll interval for new work from other processes, in milliseconds. */
  POLL_INTERVAL_MS: int(10, 60_000).default(200),
  /** Failed actions are retried this many times (so at most RETRY_LIMIT + 1 attempts). */
  RETRY_LIMIT: int(0, 100).default(3),
  /** First retry delay in milliseconds; doubles each attempt, with full jitter, capped at RETRY_MAX_MS. */
  RETRY_BASE_MS: int(0, 3_600_000).default(1000),
  RETRY_MAX_MS: int(0, 3_600_000).default(30_000),
  /** Upper bound for one resource action plus its observation when the stack has no timeout, in seconds. */
  ACTION_TIMEOUT_SECONDS: z.coerce
    .number()
    .min(1)
    .max(86_400 * 7)
    .default(3600),

  /** HS256 secret for bearer JWTs. Setting this (or AUTH_JWT_PUBLIC_KEY) turns authentication on. */
  AUTH_JWT_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  /** PEM public key (SPKI) for RS256/ES256 bearer JWTs from an identity provider. */
  AUTH_JWT_PUBLIC_KEY: z
    .string()
    .includes('BEGIN PUBLIC KEY', { message: 'expected a PEM "PUBLIC KEY" block' })
    .optional(),
  /** Claim holding the tenant, and claim holding the role (`reader` or `editor`). */
  AUTH_TENANT_CLAIM: z.string().min(1).default('tenant'),
  AUTH_ROLE_CLAIM: z.string().min(1).default('role'),
  /** Expected `iss` and `aud` of tokens, when set. */
  AUTH_JWT_ISSUER: z.string().optional(),
  AUTH_JWT_AUDIENCE: z.string().optional(),
  /** Without authentication (local mode), every request acts as this tenant with the editor role. */
  LOCAL_TENANT: z.string().min(1).default('default'),

  /** Deepest selection a GraphQL operation may have. */
  MAX_QUERY_DEPTH: int(1, 1000).default(12),
  /** Largest estimated cost of a GraphQL operation (fields, with lists counted by their page size). */
  MAX_QUERY_COMPLEXITY: int(1, 100_000_000).default(200_000),
  /** Subscriptions one WebSocket connection may hold at once. */
  MAX_SUBSCRIPTIONS_PER_CONNECTION: int(1, 100_000).default(100),
  /** Largest accepted HTTP request body, in bytes (a 10,000-resource template is about 1-2 MB). */
  MAX_BODY_BYTES: int(1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  /** Largest accepted template, in bytes. */
  MAX_TEMPLATE_BYTES: int(1, 1024 * 1024 * 1024).default(8 * 1024 * 1024),
  /**
   * Largest resolved version, in bytes: the template's resources, outputs and parameter values as
   * stored, with every parameter substituted where it is used. 0: no bound.
   */
  MAX_VERSION_BYTES: int(0, 4 * 1024 * 1024 * 1024).default(32 * 1024 * 1024),
  /**
   * A new stack whose version has more resources than this is written in chunks of this many, each
   * its own transaction, and made current in one last transaction (Neo4j's transaction memory then
   * bounds a chunk, not the stack).
   */
  VERSION_CHUNK_RESOURCES: int(1, 10_000_000).default(10_000),
  /** How long a version being written in chunks may stay unattached before the sweeper deletes it. */
  STAGED_VERSION_TTL_SECONDS: int(1, 7 * 24 * 3600).default(900),
  /** Most resources one stack may declare. */
  MAX_RESOURCES_PER_STACK: int(1, 10_000_000).default(200_000),
  /** Deepest nesting of stacks (template resources, OS::Heat::Stack), as Heat's max_nested_stack_depth. */
  MAX_NESTED_STACK_DEPTH: int(1, 100).default(5),

  /**
   * Convergence::Webhook targets exempt from the default deny of loopback, link-local, private and
   * unspecified addresses: comma-separated CIDRs (`10.1.0.0/16`), IPs and host patterns
   * (`api.internal`, `*.corp.example`). In local mode loopback is allowed anyway.
   */
  WEBHOOK_ALLOW: list,
  /** Webhook targets always refused (CIDRs, IPs, host patterns); wins over WEBHOOK_ALLOW. */
  WEBHOOK_DENY: list,
  /** Largest webhook answer read, in bytes; a larger one is cut off and the action fails. */
  WEBHOOK_MAX_RESPONSE_BYTES: int(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  /** Bound on a webhook call: timeout_secs × (retries + 1), in seconds. */
  WEBHOOK_MAX_CALL_SECONDS: int(1, 86_400).default(120),

  /** Tokens must carry `exp` (a token without one would never expire). */
  AUTH_REQUIRE_EXP: bool.default(true),
  /** Clock skew tolerated for `iat`/`nbf` in the future and `exp` just past, in seconds. */
  AUTH_CLOCK_SKEW_SECONDS: int(0, 3600).default(60),
  /** Longest tenant (and role, sub) claim accepted, in characters. */
  AUTH_MAX_CLAIM_LENGTH: int(1, 8192).default(256),

  /** Subscriptions one principal (tenant + `sub`) may hold across all its connections. */
  MAX_SUBSCRIPTIONS_PER_PRINCIPAL: int(1, 1_000_000).default(200),
  /** Subscriptions one tenant may hold across all its principals and connections. */
  MAX_SUBSCRIPTIONS_PER_TENANT: int(1, 1_000_000).default(1000),
  /** Page size of list fields when `first` is not given. */
  DEFAULT_PAGE_SIZE: int(1, 100_000).default(100),
  /** Largest `first` a list field accepts (cost limits count lists at this size when unbounded). */
  MAX_PAGE_SIZE: int(1, 100_000).default(1000),
  /** Largest GraphQL answer over HTTP, in bytes; a larger one is replaced by a LIMIT_EXCEEDED error. */
  MAX_RESPONSE_BYTES: int(1024, 1024 * 1024 * 1024).default(16 * 1024 * 1024),
  /** Threads compiling templates off the event loop; 0 (default): one per core but one, at least 1. */
  COMPILE_THREADS: int(0, 256).default(0),
  /** Longest one template may take to compile, in seconds; its thread is stopped past it (LIMIT_EXCEEDED). */
  MAX_COMPILE_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  /** Compile time one request may spend over all its templates, in seconds (LIMIT_EXCEEDED). */
  MAX_COMPILE_SECONDS_PER_REQUEST: z.coerce.number().min(0.1).max(3600).default(20),
  /** Template compilations (validateTemplate, previewStack, diff) one request may ask for. */
  MAX_COMPILES_PER_REQUEST: int(1, 1000).default(4),
  /** Bearer token `/metrics` requires; unset: `/metrics` is served only in local mode. */
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws ConfigError listing every bad value at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const raw = env[name];
        return `${name}=${JSON.stringify(raw)}: ${issue.message}`;
      }),
    );
  }
  const config = result.data;
  const problems: string[] = [];
  if (config.NEO4J_URI && !config.NEO4J_PASSWORD)
    problems.push('NEO4J_PASSWORD: required when NEO4J_URI is set');
  if (!authEnabled(config)) {
    if (config.NODE_ENV === 'production') {
      problems.push(
        'NODE_ENV=production requires authentication: set AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY',
      );
    }
    if (config.RUN_API && !isLoopback(config.HOST)) {
      problems.push(
        `HOST=${config.HOST}: without authentication the API only listens on loopback (127.0.0.1, ::1, localhost); set AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY to listen elsewhere`,
      );
    }
  }
  for (const name of ['WEBHOOK_ALLOW', 'WEBHOOK_DENY'] as const) {
    for (const problem of parseRules(config[name]).problems) problems.push(`${name}: ${problem}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export function authEnabled(config: Pick<Config, 'AUTH_JWT_SECRET' | 'AUTH_JWT_PUBLIC_KEY'>): boolean {
  return Boolean(config.AUTH_JWT_SECRET || config.AUTH_JWT_PUBLIC_KEY);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Where webhooks may call: loopback is the operator's own machine in local mode only. */
export function webhookSettings(config: Config): WebhookGuardSettings {
  return {
    allow: config.WEBHOOK_ALLOW,
    deny: config.WEBHOOK_DENY,
    allowLoopback: !authEnabled(config),
    maxResponseBytes: config.WEBHOOK_MAX_RESPONSE_BYTES,
    maxCallSeconds: config.WEBHOOK_MAX_CALL_SECONDS,
  };
}
