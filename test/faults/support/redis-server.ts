import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const REDIS_BINARY = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Redis server of the test's own, on a free port (never the machine's shared one on 6379),
 * without persistence, that can be killed and started again on the same port.
 */
export class OwnRedis {
  private child: ChildProcess | null = null;
  port = 0;
  restarts = 0;
  readonly output: string[] = [];

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (!this.port) this.port = await freePort();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.spawn();
        return this;
      } catch (error) {
        // The port may still be held for a moment after a kill: try again.
        if (attempt >= 20) throw error;
        await sleep(250);
      }
    }
  }

  private spawn(): Promise<void> {
    const child = spawn(
      REDIS_BINARY,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${this.port}`)), 15_000);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        this.output.push(text);
        if (/Ready to accept connections/.test(text)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${this.output.slice(-3).join('')}`));
      });
    });
  }

  /** SIGKILL: connections drop at once, pub/sub messages in flight are lost. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async restart(downMs: number): Promise<void> {
    await this.kill();
    await sleep(downMs);
    await this.start();
    this.restarts++;
  }

  async stop(): Promise<void> {
    await this.kill();
  }
}
