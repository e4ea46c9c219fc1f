// Long on purpose: assembling, configuring, starting and supervising a local Neo4j is one lifecycle with shared paths and state.
/**
 * A real Neo4j Community server, assembled from Maven Central jars and run without Docker.
 *
 * Layout (under `<repo>/.neo4j/`, or `$NEO4J_RUNTIME_DIR`):
 *   dist/<version>/lib/           the server's jars, shared by all instances (+ complete.json marker)
 *   instances/<name>/             one Neo4j home per instance: conf, data, logs, run, plugins, import
 *   instances/<name>/instance.json   pid, ports and credentials, so other processes can find it
 *
 * @example
 *   const neo4j = await startInstance({ name: 'test', fresh: true, log: console.log });
 *   // ... neo4j.boltUri, neo4j.user, neo4j.password ...
 *   if (neo4j.startedByUs) await neo4j.stop();
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';
import {
  instanceLayout,
  isServerCommandLine,
  renderNeo4jConf,
  serverJvmArgs,
  setInitialPasswordArgs,
  type InstanceLayout,
} from './conf.ts';
import { findJava, type JavaRuntime } from './java.ts';
import { checkMaven, copyDependencies, formatBytes } from './maven.ts';
import { NEO4J_BROWSER_VERSION, NEO4J_VERSION, POM_PATH, POM_XML, SCRIPT_DIR } from './versions.ts';

export { NEO4J_VERSION, NEO4J_BROWSER_VERSION };

export const DEFAULT_USER = 'neo4j';
export const DEFAULT_PASSWORD = 'convergence-local';
/** Default ports of the 'dev' instance (Neo4j's and Neo4j Browser's defaults). */
export const DEV_BOLT_PORT = 7687;
export const DEV_HTTP_PORT = 7474;
const MIN_PASSWORD_LENGTH = 8;

export interface Neo4jInstance {
  name: string;
  /** `bolt://127.0.0.1:<port>` */
  boltUri: string;
  /** `http://127.0.0.1:<port>` */
  httpUrl: string;
  /** Neo4j Browser: `http://127.0.0.1:<port>/browser/` */
  browserUrl: string;
  user: string;
  password: string;
  pid: number;
  /** False when an already running server was reused. */
  startedByUs: boolean;
  /** Stops the server (SIGTERM, SIGKILL after 30 s), whoever started it. Idempotent. */
  stop(): Promise<void>;
}

export interface InstanceStatus {
  running: boolean;
  pid?: number;
  boltUri?: string;
  httpUrl?: string;
  /** Bolt accepted a connection (the server finished starting). Only set when running. */
  ready?: boolean;
  user?: string;
  /** The password recorded for this instance (the one it last accepted). */
  password?: string;
}

export interface StartOptions {
  /** Instance name: 'dev', 'test', or anything matching /^[A-Za-z0-9][A-Za-z0-9_-]*$/. */
  name: string;
  /**
   * Bolt port. 'dev': $NEO4J_BOLT_PORT, else 7687. Other instances: a free port chosen at start.
   * A fixed port that is taken by anything but this instance makes the start fail.
   */
  boltPort?: number;
  /** HTTP port (Neo4j Browser). 'dev': $NEO4J_HTTP_PORT, else 7474. Others: a free port. */
  httpPort?: number;
  /** Wipe the instance's data before starting (stops it first if it is running). Default false. */
  fresh?: boolean;
  /** Progress lines (Maven progress, start-up). Default: silent. */
  log?: (line: string) => void;
  /** Maximum heap, JVM syntax. Default `1g` (initial heap 512m). */
  heap?: string;
  /** Page cache size. Default `512m` for 'dev', `256m` for other instances. */
  pageCache?: string;
  /** Password of user `neo4j`. Default: $NEO4J_LOCAL_PASSWORD, else the one recorded for the
   * instance, else 'convergence-local'. At least 8 characters. */
  password?: string;
  /** How long to wait for Bolt to answer, ms. Default 120000. */
  timeoutMs?: number;
  /** Aborting stops a server this call started and rejects. */
  signal?: AbortSignal;
}

interface InstanceRecord {
  name: string;
  neo4jVersion: string;
  pid: number | null;
  boltPort: number;
  httpPort: number;
  user: string;
  /** The password the server last accepted (or was initialised with). Local, git-ignored file. */
  password: string | null;
  java: string;
  startedAt: string;
}

interface DistMarker {
  neo4jVersion: string;
  browserVersion: string;
  pomSha256: string;
  jars: number;
  bytes: number;
  assembledAt: string;
}

// ---------------------------------------------------------------------------------------------
// Paths

const REPO_ROOT = resolve(SCRIPT_DIR, '..', '..');

/** `<repo>/.neo4j`, or `$NEO4J_RUNTIME_DIR`. */
export function runtimeDir(): string {
  return resolve(process.env.NEO4J_RUNTIME_DIR ?? join(REPO_ROOT, '.neo4j'));
}

function distDir(): string {
  return join(runtimeDir(), 'dist', NEO4J_VERSION);
}

/** `.neo4j/instances/<name>` */
export function instanceDir(name: string): string {
  validateName(name);
  return join(runtimeDir(), 'instances', name);
}

function validateName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) {
    throw new Error(`invalid instance name '${name}' (letters, digits, '-' and '_' only)`);
  }
}

const recordPath = (layout: InstanceLayout) => join(layout.home, 'instance.json');
const pidFilePath = (layout: InstanceLayout) => join(layout.run, 'neo4j.pid');
const consoleLogPath = (layout: InstanceLayout) => join(layout.logs, 'console.log');

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const noop = () => {};

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function writeJsonAtomic(path: string, value: unknown, mode = 0o644): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  await rename(tmp, path);
}

/** Alive and not a zombie. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
  } catch {
    // no /proc (macOS): trust kill(0)
  }
  return true;
}

async function commandLineOf(pid: number): Promise<string | undefined> {
  try {
    return await readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return new Promise((done) => {
      execFile('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }, (error, stdout) =>
        done(error ? undefined : stdout.trim()),
      );
    });
  }
}

async function tailOf(path: string, lines = 30): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no console output)';
  }
}

const inProcessLocks = new Map<string, Promise<unknown>>();

/**
 * Cross-process mutex: a lock file created with O_EXCL holding the owner's pid; a lock whose
 * owner is dead is taken over. Calls within one process are queued.
 */
async function withLock<T>(
  path: string,
  what: string,
  log: (line: string) => void,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const previous = inProcessLocks.get(path) ?? Promise.resolve();
  const run = previous.catch(noop).then(async () => {
    await mkdir(join(path, '..'), { recursive: true });
    const deadline = Date.now() + timeoutMs;
    let announced = false;
    for (;;) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        break;
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if ((Number.isNaN(holder) && age > 2000) || (!Number.isNaN(holder) && !isAlive(holder))) {
        await rm(path, { force: true });
        continue;
      }
      if (!announced) log(`waiting for ${what} in another process (pid ${holder})...`);
      announced = true;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what} in process ${holder} (lock file ${path})`);
      }
      await sleep(250);
    }
    try {
      return await fn();
    } finally {
      await rm(path, { force: true });
    }
  });
  inProcessLocks.set(path, run);
  try {
    return await run;
  } finally {
    if (inProcessLocks.get(path) === run) inProcessLocks.delete(path);
  }
}

// ---------------------------------------------------------------------------------------------
// Distribution

async function readCompleteMarker(): Promise<DistMarker | undefined> {
  const marker = await readJson<DistMarker>(join(distDir(), 'complete.json'));
  const pomSha256 = createHash('sha256').update(POM_XML).digest('hex');
  return marker?.pomSha256 === pomSha256 && marker.neo4jVersion === NEO4J_VERSION ? marker : undefined;
}

/**
 * Makes sure `.neo4j/dist/<version>/lib` holds the server's jars and returns that folder.
 * Reuses a complete one (marker file, same pom); otherwise checks Java and Maven, runs
 * `mvn dependency:copy-dependencies` into a temporary folder (progress through `log`) and renames
 * it into place, so an interrupted run never leaves a half-assembled lib.
 */
export async function ensureDistribution(opts: { log?: (line: string) => void } = {}): Promise<string> {
  const log = opts.log ?? noop;
  const dist = distDir();
  const lib = join(dist, 'lib');
  if (await readCompleteMarker()) return lib;
  const lock = join(runtimeDir(), 'dist', `${NEO4J_VERSION}.lock`);
  return withLock(lock, 'the Neo4j distribution to be assembled', log, 60 * 60_000, async () => {
    if (await readCompleteMarker()) return lib;
    const started = Date.now();
    const java = await findJava(log);
    const env = { ...process.env, JAVA_HOME: java.home };
    const maven = await checkMaven(env);
    log(
      `assembling Neo4j ${NEO4J_VERSION} + Neo4j Browser ${NEO4J_BROWSER_VERSION} into ${dist} ` +
        `(${maven}, Java ${java.version}); the first run downloads ~170 MB into the local Maven repository (~/.m2)`,
    );
    // Leftovers of interrupted runs (only the lock holder creates these, and that is us now).
    for (const entry of await readdir(join(runtimeDir(), 'dist'))) {
      if (entry.startsWith('.tmp-'))
        await rm(join(runtimeDir(), 'dist', entry), { recursive: true, force: true });
    }
    const tmp = join(runtimeDir(), 'dist', `.tmp-${NEO4J_VERSION}-${process.pid}-${Date.now()}`);
    await mkdir(tmp, { recursive: true });
    try {
      const progress = await copyDependencies({ pom: POM_PATH, outputDir: join(tmp, 'lib'), env, log });
      const jars = (await readdir(join(tmp, 'lib'))).filter((f) => f.endsWith('.jar'));
      for (const required of [`neo4j-${NEO4J_VERSION}.jar`, `neo4j-browser-${NEO4J_BROWSER_VERSION}.jar`]) {
        if (!jars.includes(required)) throw new Error(`Maven finished but ${required} is missing in ${tmp}`);
      }
      let bytes = 0;
      for (const jar of jars) bytes += (await stat(join(tmp, 'lib', jar))).size;
      const marker: DistMarker = {
        neo4jVersion: NEO4J_VERSION,
        browserVersion: NEO4J_BROWSER_VERSION,
        pomSha256: createHash('sha256').update(POM_XML).digest('hex'),
        jars: jars.length,
        bytes,
        assembledAt: new Date().toISOString(),
      };
      await writeFile(join(tmp, 'pom.xml'), POM_XML);
      await writeJsonAtomic(join(tmp, 'complete.json'), marker);
      if (existsSync(dist)) {
        const old = `${tmp}-old`;
        await rename(dist, old);
        await rename(tmp, dist);
        await rm(old, { recursive: true, force: true });
      } else {
        await rename(tmp, dist);
      }
      const downloaded =
        progress.files > 0 ? `, downloaded ${progress.files} files (${formatBytes(progress.bytes)})` : '';
      log(
        `assembled ${jars.length} jars (${formatBytes(bytes)}) in ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s${downloaded}`,
      );
      return lib;
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Processes

/** The pid of this instance's server JVM if one is alive; removes a stale `run/neo4j.pid`. */
async function findServerPid(layout: InstanceLayout, record: InstanceRecord | undefined) {
  const fromPidFile = Number.parseInt(await readFile(pidFilePath(layout), 'utf8').catch(() => ''), 10);
  for (const pid of [fromPidFile, record?.pid ?? Number.NaN]) {
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) continue;
    const commandLine = await commandLineOf(pid);
    if (commandLine && isServerCommandLine(commandLine, layout)) return pid;
  }
  if (!Number.isNaN(fromPidFile)) await rm(pidFilePath(layout), { force: true });
  return undefined;
}

/** Exit events of servers spawned by this process, so stopping them also reaps them. */
const childExits = new Map<number, Promise<void>>();

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Resolves once the process is gone. */
async function terminate(pid: number, graceMs = 30_000): Promise<void> {
  const reaped = async () => {
    const exit = childExits.get(pid);
    if (exit) await Promise.race([exit, sleep(2000)]);
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return reaped();
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (!isAlive(pid)) return reaped();
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return reaped();
  }
  const killDeadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < killDeadline) await sleep(100);
  return reaped();
}

async function stopServer(layout: InstanceLayout, pid: number): Promise<void> {
  await terminate(pid);
  await rm(pidFilePath(layout), { force: true });
  const record = await readJson<InstanceRecord>(recordPath(layout));
  if (record && record.pid === pid)
    await writeJsonAtomic(recordPath(layout), { ...record, pid: null }, 0o600);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
  });
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((done, fail) => {
          const server = createServer();
          server.once('error', fail);
          server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => done(server));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (!address || typeof address === 'string') throw new Error('could not determine a free port');
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  return ports;
}

function envPort(variable: string): number | undefined {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${variable}=${raw} is not a valid port number`);
  }
  return port;
}

interface PortChoice {
  boltPort: number;
  httpPort: number;
  automatic: boolean;
}

async function choosePorts(opts: StartOptions): Promise<PortChoice> {
  const dev = opts.name === 'dev';
  const fixedBolt = opts.boltPort ?? (dev ? (envPort('NEO4J_BOLT_PORT') ?? DEV_BOLT_PORT) : undefined);
  const fixedHttp = opts.httpPort ?? (dev ? (envPort('NEO4J_HTTP_PORT') ?? DEV_HTTP_PORT) : undefined);
  const [autoBolt, autoHttp] = await freePorts(2);
  const boltPort = fixedBolt ?? autoBolt!;
  let httpPort = fixedHttp ?? autoHttp!;
  if (httpPort === boltPort && fixedHttp === undefined) httpPort = autoBolt!;
  if (httpPort === boltPort) throw new Error(`Bolt and HTTP cannot share port ${boltPort}`);
  const checks = [
    { port: fixedBolt, what: 'Bolt', variable: 'NEO4J_BOLT_PORT', option: 'boltPort / --bolt-port' },
    { port: fixedHttp, what: 'HTTP', variable: 'NEO4J_HTTP_PORT', option: 'httpPort / --http-port' },
  ];
  for (const { port, what, variable, option } of checks) {
    if (port === undefined || (await portFree(port))) continue;
    const then =
      what === 'Bolt'
        ? `, and point the service at it (NEO4J_URI=bolt://127.0.0.1:${port + 1})`
        : ` (Neo4j Browser is then at http://127.0.0.1:${port + 1}/browser/)`;
    const change = dev
      ? `set ${variable} to another port (e.g. ${variable}=${port + 1} npm run neo4j -- start)${then}`
      : `pass another ${option}, or leave it unset to get a free port`;
    throw new Error(
      `Port ${port} (${what}) on 127.0.0.1 is already in use by another process, not by Neo4j instance ` +
        `'${opts.name}'. Stop that process (find it with \`ss -ltnp | grep :${port}\`) or ${change}.`,
    );
  }
  return { boltPort, httpPort, automatic: fixedBolt === undefined || fixedHttp === undefined };
}

// ---------------------------------------------------------------------------------------------
// Readiness

class AuthRejected extends Error {}

type Probe = 'ready' | 'unreachable';

async function probeBolt(boltUri: string, user: string, password: string): Promise<Probe> {
  const driver = neo4j.driver(boltUri, neo4j.auth.basic(user, password), {
    connectionTimeout: 2000,
    connectionAcquisitionTimeout: 3000,
    maxConnectionPoolSize: 1,
    maxTransactionRetryTime: 0,
  });
  try {
    await driver.verifyConnectivity();
    const session = driver.session();
    try {
      await session.run('RETURN 1');
    } finally {
      await session.close();
    }
    return 'ready';
  } catch (error) {
    const code = errorCode(error) ?? '';
    if (code === 'Neo.ClientError.Security.Unauthorized' || code.includes('AuthenticationRateLimit')) {
      throw new AuthRejected(message(error));
    }
    return 'unreachable';
  } finally {
    await driver.close();
  }
}

async function httpAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

interface WaitOptions {
  name: string;
  layout: InstanceLayout;
  pid: number;
  boltUri: string;
  httpUrl: string;
  user: string;
  password: string;
  timeoutMs: number;
  exited: () => string | undefined;
  signal: AbortSignal | undefined;
}

function authMessage(name: string, user: string): string {
  return (
    `Neo4j instance '${name}' rejected user '${user}' with the given password: its data was set up ` +
    `with a different password. Use that one (NEO4J_LOCAL_PASSWORD), or wipe the instance's data: ` +
    `npm run neo4j -- restart --instance ${name} --fresh`
  );
}

/** Polls Bolt (250 ms) until `RETURN 1` works, then HTTP; fails early if the JVM exits. */
async function waitUntilReady(w: WaitOptions): Promise<void> {
  const deadline = Date.now() + w.timeoutMs;
  const failIfGone = async () => {
    const exit = w.exited() ?? (isAlive(w.pid) ? undefined : 'exited');
    if (exit === undefined) return;
    throw new Error(
      `Neo4j instance '${w.name}' (pid ${w.pid}) ${exit} during start-up. ` +
        `Last lines of ${consoleLogPath(w.layout)}:\n${await tailOf(consoleLogPath(w.layout))}`,
    );
  };
  for (let ready = false; !ready;) {
    if (w.signal?.aborted) throw new Error(`start of Neo4j instance '${w.name}' aborted`);
    await failIfGone();
    try {
      ready = (await probeBolt(w.boltUri, w.user, w.password)) === 'ready';
    } catch (error) {
      if (error instanceof AuthRejected) throw new Error(authMessage(w.name, w.user), { cause: error });
      throw error;
    }
    if (ready) break;
    if (Date.now() > deadline) {
      throw new Error(
        `Neo4j instance '${w.name}' (pid ${w.pid}) did not answer on ${w.boltUri} within ` +
          `${Math.round(w.timeoutMs / 1000)} s. Last lines of ${consoleLogPath(w.layout)}:\n` +
          (await tailOf(consoleLogPath(w.layout))),
      );
    }
    await sleep(250);
  }
  // Bolt comes up a moment before the HTTP connector (Neo4j Browser).
  while (!(await httpAnswers(`${w.httpUrl}/`)) && Date.now() < deadline) {
    await failIfGone();
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------
// Instances

function makeInstance(record: InstanceRecord, pid: number, password: string, startedByUs: boolean) {
  const layout = instanceLayout(instanceDir(record.name));
  const instance: Neo4jInstance = {
    name: record.name,
    boltUri: `bolt://127.0.0.1:${record.boltPort}`,
    httpUrl: `http://127.0.0.1:${record.httpPort}`,
    browserUrl: `http://127.0.0.1:${record.httpPort}/browser/`,
    user: record.user,
    password,
    pid,
    startedByUs,
    async stop() {
      if (!isAlive(pid)) return;
      const commandLine = await commandLineOf(pid);
      if (commandLine && isServerCommandLine(commandLine, layout)) await stopServer(layout, pid);
    },
  };
  return instance;
}

function portsFromConf(layout: InstanceLayout): { boltPort: number; httpPort: number } | undefined {
  try {
    const conf = readFileSync(join(layout.conf, 'neo4j.conf'), 'utf8');
    const bolt = /^server\.bolt\.listen_address=.*:(\d+)$/m.exec(conf)?.[1];
    const http = /^server\.http\.listen_address=.*:(\d+)$/m.exec(conf)?.[1];
    return bolt && http ? { boltPort: Number(bolt), httpPort: Number(http) } : undefined;
  } catch {
    return undefined;
  }
}

async function setInitialPassword(
  layout: InstanceLayout,
  libDir: string,
  java: JavaRuntime,
  password: string,
) {
  const args = setInitialPasswordArgs({ layout, libDir, password });
  const env = { ...process.env, JAVA_HOME: java.home, NEO4J_HOME: layout.home, NEO4J_CONF: layout.conf };
  await new Promise<void>((done, fail) => {
    execFile(
      java.java,
      args,
      { cwd: layout.home, env, timeout: 120_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error && /Changed password/i.test(stdout)) done();
        else {
          const output = `${stdout}\n${stderr}`.trim().replaceAll(password, '<password>');
          fail(new Error(`neo4j-admin dbms set-initial-password failed: ${output || error?.message}`));
        }
      },
    );
  });
}

function isInitialised(layout: InstanceLayout): boolean {
  return existsSync(join(layout.data, 'databases', 'system'));
}

async function spawnServer(layout: InstanceLayout, libDir: string, java: JavaRuntime, heap: string) {
  const consoleLog = consoleLogPath(layout);
  if (existsSync(consoleLog)) await rename(consoleLog, `${consoleLog}.1`);
  const out = openSync(consoleLog, 'w');
  let exit: string | undefined;
  try {
    const child = spawn(java.java, serverJvmArgs({ layout, libDir, heap }), {
      cwd: layout.home,
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, JAVA_HOME: java.home, NEO4J_HOME: layout.home, NEO4J_CONF: layout.conf },
    });
    child.once('error', (error) => (exit = `could not be started (${error.message})`));
    const exited = new Promise<void>((done) =>
      child.once('exit', (code, signal) => {
        exit = `exited (${signal ? `signal ${signal}` : `code ${code}`})`;
        done();
      }),
    );
    child.unref();
    const pid = child.pid;
    if (pid === undefined) {
      await sleep(50);
      throw new Error(`could not start ${java.java}: ${exit ?? 'no pid'}`);
    }
    childExits.set(pid, exited);
    void exited.then(() => childExits.delete(pid));
    return { pid, exited: () => exit };
  } finally {
    closeSync(out);
  }
}

/**
 * Starts (or reuses) a Neo4j instance and resolves once Bolt answers `RETURN 1` with its
 * credentials. An instance already running (live server JVM for this folder, Bolt answering) is
 * reused with `startedByUs: false`. The server is detached (survives this process) and logs to
 * `.neo4j/instances/<name>/logs/console.log`; stop it with `instance.stop()`, `stopInstance(name)`
 * or `stopOnExit(instance)`.
 */
export async function startInstance(opts: StartOptions): Promise<Neo4jInstance> {
  validateName(opts.name);
  const log = opts.log ?? noop;
  const layout = instanceLayout(instanceDir(opts.name));
  await mkdir(layout.home, { recursive: true });
  const lock = join(layout.home, 'start.lock');
  const what = `the start of Neo4j instance '${opts.name}'`;
  return withLock(lock, what, log, 15 * 60_000, () => startLocked(opts, layout, log));
}

async function startLocked(
  opts: StartOptions,
  layout: InstanceLayout,
  log: (line: string) => void,
): Promise<Neo4jInstance> {
  const { name } = opts;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const user = DEFAULT_USER;
  let record = await readJson<InstanceRecord>(recordPath(layout));
  const password =
    opts.password ??
    (process.env.NEO4J_LOCAL_PASSWORD || undefined) ??
    (opts.fresh ? undefined : (record?.password ?? undefined)) ??
    DEFAULT_PASSWORD;
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`the Neo4j password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }

  const running = await findServerPid(layout, record);
  if (running !== undefined && opts.fresh) {
    log(`stopping instance '${name}' (pid ${running}) to wipe its data`);
    await stopServer(layout, running);
  } else if (running !== undefined) {
    const ports =
      (record && { boltPort: record.boltPort, httpPort: record.httpPort }) ?? portsFromConf(layout);
    if (!ports)
      throw new Error(`instance '${name}' runs (pid ${running}) but its ports are unknown; stop it`);
    record = {
      name,
      neo4jVersion: record?.neo4jVersion ?? NEO4J_VERSION,
      pid: running,
      ...ports,
      user,
      password: record?.password ?? null,
      java: record?.java ?? 'unknown',
      startedAt: record?.startedAt ?? new Date().toISOString(),
    };
    for (const [asked, actual, what] of [
      [opts.boltPort, ports.boltPort, 'Bolt'],
      [opts.httpPort, ports.httpPort, 'HTTP'],
    ] as const) {
      if (asked !== undefined && asked !== actual) {
        log(`instance '${name}' is already running with ${what} on ${actual} (not ${asked}); reusing it`);
      }
    }
    log(`Neo4j instance '${name}' is already running (pid ${running}); reusing it`);
    await waitUntilReady({
      name,
      layout,
      pid: running,
      boltUri: `bolt://127.0.0.1:${ports.boltPort}`,
      httpUrl: `http://127.0.0.1:${ports.httpPort}`,
      user,
      password,
      timeoutMs,
      exited: () => undefined,
      signal: opts.signal,
    });
    await writeJsonAtomic(recordPath(layout), { ...record, password }, 0o600);
    return makeInstance(record, running, password, false);
  }

  let ports = await choosePorts(opts);
  const libDir = await ensureDistribution({ log });
  const java = await findJava(log);
  const heap = opts.heap ?? '1g';
  const pageCache = opts.pageCache ?? (name === 'dev' ? '512m' : '256m');

  if (opts.fresh && existsSync(layout.data)) {
    log(`wiping ${layout.data}`);
    await rm(layout.data, { recursive: true, force: true });
    record = record && { ...record, password: null };
  }
  for (const dir of [layout.conf, layout.data, layout.logs, layout.run, layout.plugins, layout.import]) {
    await mkdir(dir, { recursive: true });
  }
  await rm(pidFilePath(layout), { force: true });

  let recordedPassword = record?.password ?? null;
  if (!isInitialised(layout)) {
    await setInitialPassword(layout, libDir, java, password);
    recordedPassword = password;
  }

  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) ports = await choosePorts(opts);
    await writeFile(
      join(layout.conf, 'neo4j.conf'),
      renderNeo4jConf({
        layout,
        ...ports,
        heap,
        pageCache,
        header: `Neo4j ${NEO4J_VERSION} instance '${name}'`,
      }),
    );
    log(
      `starting Neo4j ${NEO4J_VERSION} instance '${name}' (Bolt ${ports.boltPort}, HTTP ${ports.httpPort}, ` +
        `heap ${heap}, page cache ${pageCache}, Java ${java.version})`,
    );
    const started = Date.now();
    const server = await spawnServer(layout, libDir, java, heap);
    const current: InstanceRecord = {
      name,
      neo4jVersion: NEO4J_VERSION,
      pid: server.pid,
      boltPort: ports.boltPort,
      httpPort: ports.httpPort,
      user,
      password: recordedPassword,
      java: java.java,
      startedAt: new Date().toISOString(),
    };
    await writeJsonAtomic(recordPath(layout), current, 0o600);
    // Signal the JVM at once on abort: the caller may exit right after aborting.
    const onAbort = () => {
      try {
        process.kill(server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await waitUntilReady({
        name,
        layout,
        pid: server.pid,
        boltUri: `bolt://127.0.0.1:${ports.boltPort}`,
        httpUrl: `http://127.0.0.1:${ports.httpPort}`,
        user,
        password,
        timeoutMs,
        exited: server.exited,
        signal: opts.signal,
      });
    } catch (error) {
      if (isAlive(server.pid)) await stopServer(layout, server.pid);
      const collided = /Address already in use/.test(message(error));
      if (collided && ports.automatic && attempt < 3) {
        log(`a chosen port was taken meanwhile; retrying with other ports`);
        continue;
      }
      throw error;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
    await writeJsonAtomic(recordPath(layout), { ...current, password }, 0o600);
    log(
      `Neo4j instance '${name}' ready in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${server.pid})`,
    );
    return makeInstance(current, server.pid, password, true);
  }
}

/** Whether the instance's server JVM is alive, and where it listens. Probes Bolt for `ready`. */
export async function instanceStatus(name: string): Promise<InstanceStatus> {
  const layout = instanceLayout(instanceDir(name));
  const record = await readJson<InstanceRecord>(recordPath(layout));
  const pid = await findServerPid(layout, record);
  if (pid === undefined) return { running: false };
  const ports = (record && { boltPort: record.boltPort, httpPort: record.httpPort }) ?? portsFromConf(layout);
  const status: InstanceStatus = { running: true, pid };
  if (!ports) return status;
  status.boltUri = `bolt://127.0.0.1:${ports.boltPort}`;
  status.httpUrl = `http://127.0.0.1:${ports.httpPort}`;
  status.user = record?.user ?? DEFAULT_USER;
  if (record?.password) status.password = record.password;
  try {
    const probe = await probeBolt(status.boltUri, status.user, record?.password ?? DEFAULT_PASSWORD);
    status.ready = probe === 'ready';
  } catch (error) {
    status.ready = error instanceof AuthRejected; // it answered, only the password is unknown
  }
  return status;
}

/** Stops the instance if it runs (SIGTERM, SIGKILL after 30 s). Resolves true if it was running. */
export async function stopInstance(name: string): Promise<boolean> {
  const layout = instanceLayout(instanceDir(name));
  const record = await readJson<InstanceRecord>(recordPath(layout));
  const pid = await findServerPid(layout, record);
  if (pid === undefined) return false;
  await stopServer(layout, pid);
  return true;
}

/**
 * Opt-in: stop `instance` when this process exits (normal exit, SIGINT, SIGTERM, SIGHUP), if this
 * process started it. Sends SIGTERM without waiting; the server shuts down cleanly on its own.
 * Returns a function that removes the handlers. Signal handlers re-raise the signal when they are
 * the only ones, so the process still terminates as it would have.
 */
export function stopOnExit(instance: Neo4jInstance): () => void {
  if (!instance.startedByUs) return noop;
  const kill = () => {
    try {
      process.kill(instance.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    kill();
    if (process.listenerCount(signal) === 1) {
      remove();
      process.kill(process.pid, signal);
    }
  };
  const remove = () => {
    process.off('exit', kill);
    for (const signal of signals) process.off(signal, onSignal);
  };
  process.once('exit', kill);
  for (const signal of signals) process.on(signal, onSignal);
  return remove;
}
