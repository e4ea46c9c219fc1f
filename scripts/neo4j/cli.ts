/**
 * npm run neo4j -- start|stop|status|restart [--instance dev] [--fresh] [--bolt-port N] [--http-port N]
 *                  [--heap 1g] [--page-cache 512m]
 * Exit codes: 0 ok, 1 failure (message on stderr, usage errors included).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import {
  instanceDir,
  instanceStatus,
  NEO4J_VERSION,
  startInstance,
  stopInstance,
  type Neo4jInstance,
} from './runtime.ts';

const USAGE = `Usage: npm run neo4j -- <command> [options]

Runs a local Neo4j ${NEO4J_VERSION} Community server assembled from Maven Central (no Docker).

Commands:
  start     start the instance in the background (reuses it if it is already running)
  stop      stop the instance
  status    show whether it runs, and where
  restart   stop, then start

Options:
  --instance <name>   instance name (default: dev; 'dev' uses ports 7687/7474, others free ports)
  --fresh             wipe the instance's data before starting (start, restart)
  --bolt-port <port>  Bolt port (dev default: $NEO4J_BOLT_PORT or 7687)
  --http-port <port>  HTTP/Browser port (dev default: $NEO4J_HTTP_PORT or 7474)
  --heap <size>       maximum JVM heap (default 1g)
  --page-cache <size> page cache (default 512m for dev, 256m otherwise)
  -h, --help          this text

Password: $NEO4J_LOCAL_PASSWORD, else the one the instance was set up with, else 'convergence-local'.`;

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`${flag} must be a port number`);
  return n;
}

class UsageError extends Error {}

function printInstance(instance: Neo4jInstance): void {
  const how = instance.startedByUs ? 'started' : 'already running';
  console.log(`
Neo4j ${NEO4J_VERSION} instance '${instance.name}' ${how} (pid ${instance.pid})
  Bolt URI:  ${instance.boltUri}
  Browser:   ${instance.browserUrl}
  User:      ${instance.user}
  Password:  ${instance.password}
  Logs:      ${join(instanceDir(instance.name), 'logs')}

For the service:
  NEO4J_URI=${instance.boltUri} NEO4J_USER=${instance.user} NEO4J_PASSWORD=${instance.password}
Stop with: npm run neo4j -- stop${instance.name === 'dev' ? '' : ` --instance ${instance.name}`}`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      instance: { type: 'string', default: 'dev' },
      fresh: { type: 'boolean', default: false },
      'bolt-port': { type: 'string' },
      'http-port': { type: 'string' },
      heap: { type: 'string' },
      'page-cache': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
  const name = values.instance;
  const log = (line: string) => console.log(`[neo4j] ${line}`);

  const start = async () => {
    const controller = new AbortController();
    let interruptedAt = 0;
    const onSigint = () => {
      // tsx relays the terminal's SIGINT, so one Ctrl-C can arrive twice: exit on a later one.
      if (interruptedAt > 0 && Date.now() - interruptedAt > 1000) process.exit(130);
      if (interruptedAt > 0) return;
      interruptedAt = Date.now();
      log('interrupted; stopping the server being started (Ctrl-C again to quit at once)...');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      const instance = await startInstance({
        name,
        fresh: values.fresh,
        boltPort: port(values['bolt-port'], '--bolt-port'),
        httpPort: port(values['http-port'], '--http-port'),
        heap: values.heap,
        pageCache: values['page-cache'],
        log,
        signal: controller.signal,
      });
      printInstance(instance);
    } finally {
      process.off('SIGINT', onSigint);
    }
  };

  switch (command) {
    case 'start':
      await start();
      return 0;
    case 'stop': {
      const stopped = await stopInstance(name);
      console.log(
        stopped ? `Neo4j instance '${name}' stopped.` : `Neo4j instance '${name}' was not running.`,
      );
      return 0;
    }
    case 'restart':
      if (await stopInstance(name)) log(`stopped instance '${name}'`);
      await start();
      return 0;
    case 'status': {
      const status = await instanceStatus(name);
      if (!status.running) {
        console.log(`Neo4j instance '${name}' is not running.`);
        return 0;
      }
      const state = status.ready ? 'running' : 'running (not answering on Bolt yet)';
      console.log(`Neo4j ${NEO4J_VERSION} instance '${name}' is ${state} (pid ${status.pid})`);
      if (status.boltUri) console.log(`  Bolt URI:  ${status.boltUri}`);
      if (status.httpUrl) console.log(`  Browser:   ${status.httpUrl}/browser/`);
      if (status.user) console.log(`  User:      ${status.user}`);
      if (status.password) console.log(`  Password:  ${status.password}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

// Output piped into e.g. `head` must not kill a start half-way.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      console.error(`neo4j: ${error.message}\n\n${USAGE}`);
      process.exitCode = 1;
      return;
    }
    console.error(`neo4j: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
