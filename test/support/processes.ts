import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { neo4jTarget, TEST_SECRETS_KEY } from './app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  output: string[];
  /** SIGKILL: no shutdown code runs, as when a machine dies. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<number | null>;
  /** Resolves when a log line matching `pattern` appears. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/**
 * Starts the real service as a separate OS process (`src/worker-main.ts` or `src/main.ts`) against
 * the test Neo4j, with JSON logs captured.
 */
export function startServiceProcess(entry: 'worker' | 'main', env: Record<string, string>): ServiceProcess {
  const target = neo4jTarget();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', entry === 'worker' ? 'src/worker-main.ts' : 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NEO4J_URI: target.uri,
        NEO4J_USER: target.user,
        NEO4J_PASSWORD: target.password,
        LOG_LEVEL: 'info',
        LOG_PRETTY: '0',
        SECRETS_KEY: TEST_SECRETS_KEY,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      for (const l of listeners) l(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    waitFor(pattern, timeoutMs = 60_000) {
      const found = output.find((l) => pattern.test(l));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `no log line matching ${pattern} within ${timeoutMs} ms; last lines:\n${output.slice(-20).join('\n')}`,
            ),
          );
        }, timeoutMs);
        const check = (line: string) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(line);
        };
        listeners.add(check);
        void exited.then((code) => {
          if (!listeners.has(check)) return;
          clearTimeout(timer);
          listeners.delete(check);
          reject(
            new Error(
              `process exited (${code}) before logging ${pattern}; last lines:\n${output.slice(-20).join('\n')}`,
            ),
          );
        });
      });
    },
  };
}
