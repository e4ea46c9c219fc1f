import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a CLI process printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The service's GraphQL URL (CONVERGENCE_ENDPOINT); null: none set. */
  endpoint: string | null;
  /** Extra environment (a value of undefined removes the variable). */
  env?: Record<string, string | undefined>;
  /** Called once the process started (e.g. to signal it). */
  started?: (child: ChildProcess) => void;
  /** Killed and refused after this long (generous: CI machines can be busy). */
  timeoutMs?: number;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `node bin/convergence.mjs ...args` as a real process, without colours or a token. */
export function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    CONVERGENCE_TOKEN: undefined,
    CONVERGENCE_ENDPOINT: options.endpoint ?? undefined,
    ...options.env,
  };
  const child = spawn(process.execPath, ['bin/convergence.mjs', ...args], {
    cwd: ROOT,
    env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  options.started?.(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI timed out: ${args.join(' ')}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 240_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Resolves with what `child` printed on stdout once it matches `pattern`. */
export function printedBy(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    let seen = '';
    const check = (chunk: Buffer) => {
      seen += chunk.toString();
      if (!pattern.test(seen)) return;
      child.stdout!.off('data', check);
      resolve(seen);
    };
    child.stdout!.on('data', check);
  });
}
