/**
 * `npm start`: the GraphQL API and the convergence workers in one process. Without NEO4J_URI a
 * local Neo4j is assembled from Maven Central and started (and stopped again on exit if this
 * process started it).
 */
import { existsSync } from 'node:fs';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { startApp, type App, type Neo4jTarget } from './app.ts';

export async function resolveNeo4j(
  config: Config,
  log: Logger,
): Promise<{ target: Neo4jTarget; stop?: () => Promise<void> }> {
  if (config.NEO4J_URI) {
    return {
      target: {
        uri: config.NEO4J_URI,
        user: config.NEO4J_USER,
        password: config.NEO4J_PASSWORD!,
        database: config.NEO4J_DATABASE,
      },
    };
  }
  const { startInstance } = await import('../scripts/neo4j/runtime.ts');
  log.info(
    { instance: config.NEO4J_LOCAL_INSTANCE },
    'NEO4J_URI is not set: starting a local Neo4j (first run downloads it with Maven)',
  );
  const instance = await startInstance({
    name: config.NEO4J_LOCAL_INSTANCE,
    heap: config.NEO4J_LOCAL_HEAP,
    log: (line) => log.info(line),
  });
  log.info(
    { bolt: instance.boltUri, browser: instance.browserUrl, reused: !instance.startedByUs },
    'local Neo4j ready',
  );
  return {
    target: { uri: instance.boltUri, user: instance.user, password: instance.password, database: 'neo4j' },
    ...(instance.startedByUs ? { stop: () => instance.stop() } : {}),
  };
}

/**
 * Settings from `.env` in the working directory, if there is one (see `.env.example`). Variables
 * already in the environment win, as with every dotenv loader.
 */
export function readDotEnv(path = '.env'): NodeJS.ProcessEnv {
  if (!existsSync(path)) return {};
  const before = { ...process.env };
  const loaded: NodeJS.ProcessEnv = {};
  process.loadEnvFile(path);
  for (const [key, value] of Object.entries(process.env)) if (!(key in before)) loaded[key] = value;
  return loaded;
}

export async function run(role: { api: boolean; workers: boolean }): Promise<void> {
  let config: Config;
  try {
    readDotEnv();
    config = loadConfig({
      ...process.env,
      ...(role.api ? {} : { RUN_API: 'false' }),
      ...(role.workers ? {} : { RUN_WORKERS: 'false' }),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const neo4j = await resolveNeo4j(config, log);
  let app: App;
  try {
    app = await startApp(config, neo4j.target, log);
  } catch (error) {
    log.fatal({ err: error }, 'start-up failed');
    await neo4j.stop?.();
    process.exit(1);
  }
  let firstSignalAt = 0;
  const shutdown = (signal: string) => {
    // Ctrl-C reaches npm, tsx and this process alike, and tsx relays it: the same keypress can
    // arrive twice. Only a second signal well after the first forces an immediate exit.
    if (firstSignalAt) {
      if (Date.now() - firstSignalAt < 1500) return;
      log.warn('second signal: exiting now');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    log.info({ signal }, 'shutting down');
    app
      .stop()
      .then(() => neo4j.stop?.())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run({ api: true, workers: true });
}
