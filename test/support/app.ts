import { randomBytes, randomUUID } from 'node:crypto';
import { SecretCodec } from '../../src/secrets/sealing.ts';
import { inject } from 'vitest';
import { startApp, type App, type AppOverrides } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { Database } from '../../src/store/database.ts';
import { StackOperations } from '../../src/engine/stack-operations.ts';
import { WakeSignal } from '../../src/engine/wake-signal.ts';
import { LocalEventBus, type EventPublisher } from '../../src/events/bus.ts';
import { builtinRegistry } from '../../src/resources/registry.ts';
import { StackStore } from '../../src/store/stacks.ts';
import { nestedFinisher } from '../../src/engine/nested-stacks.ts';

export function neo4jTarget() {
  const n = inject('neo4j');
  return { uri: n.uri, user: n.user, password: n.password, database: 'neo4j' };
}

/** A unique tenant per test app: workers only converge their own tenant's stacks, so test files never see each other's work. */
export function uniqueTenant(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * The SECRETS_KEY of every service this test process starts (in process or as a child process),
 * so they all read what the others sealed; a test may override it.
 */
export const TEST_SECRETS_KEY = randomBytes(32).toString('base64');

export function uniqueName(prefix = 's'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface TestApp extends App {
  tenant: string;
  url: string;
  wsUrl: string;
}

/**
 * The real service in this process: migrations, workers, API on a free port, against the test
 * Neo4j. Defaults suit tests (fast retries, short leases and polls); `env` overrides any setting.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<TestApp> {
  const tenant = env.WORKER_TENANTS ?? uniqueTenant();
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RETRY_BASE_MS: '50',
    RETRY_MAX_MS: '200',
    LEASE_SECONDS: '5',
    POLL_INTERVAL_MS: '50',
    WORKER_TENANTS: tenant,
    SECRETS_KEY: TEST_SECRETS_KEY,
    ...env,
  });
  // With AUTH_* settings the real JWT verification runs; otherwise every request is this app's tenant.
  const realAuth = Boolean(env.AUTH_JWT_SECRET || env.AUTH_JWT_PUBLIC_KEY);
  const app = await startApp(config, neo4jTarget(), createLogger(config.LOG_LEVEL), {
    ...(realAuth ? {} : { authenticate: () => Promise.resolve({ tenant, role: 'editor' as const }) }),
    ...overrides,
  });
  const url = app.api?.url ?? '';
  return { ...app, tenant, url, wsUrl: url.replace(/^http/, 'ws') };
}

export function testDatabase(): Database {
  return new Database({ ...neo4jTarget(), log: createLogger('silent') });
}

/**
 * Stack commands on `db` without a service around them (tests that drive claims and commits by
 * hand). Events go to `publisher` (default: a local bus nobody listens to).
 */
export function testOperations(
  db: Database,
  publisher: EventPublisher = new LocalEventBus(),
): StackOperations {
  const registry = builtinRegistry();
  return new StackOperations(
    new StackStore(db, nestedFinisher(registry)),
    registry,
    publisher,
    createLogger('silent'),
    { maxTemplateBytes: 1e7, maxResourcesPerStack: 1e6 },
    new WakeSignal(),
    new SecretCodec(randomBytes(32)),
  );
}
