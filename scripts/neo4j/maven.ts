/**
 * Runs Maven to copy the server's jars, condensing its output into a progress line per second.
 */
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export const MAVEN_INSTALL_ADVICE =
  'Maven is required to download the Neo4j jars from Maven Central (install it: `sudo apt-get install maven`)';

export type MavenLine =
  | { kind: 'downloading'; file: string; url: string }
  | { kind: 'downloaded'; file: string; url: string; bytes: number }
  | { kind: 'error'; text: string }
  | { kind: 'warning'; text: string }
  | { kind: 'result'; success: boolean };

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

const UNITS: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 };

/** Parses Maven's transfer sizes such as `247 kB`, `1.2 MB`, `512 B` (decimal units, as Maven prints). */
export function parseSize(text: string): number | undefined {
  const match = /^([\d.]+)\s*(B|kB|KB|MB|GB)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const value = Number.parseFloat(match[1]);
  const unit = UNITS[match[2]];
  return Number.isFinite(value) && unit !== undefined ? Math.round(value * unit) : undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** Classifies one line of `mvn -B` output; returns undefined for lines of no interest. */
export function parseMavenLine(rawLine: string): MavenLine | undefined {
  const line = rawLine.replace(ANSI, '').trimEnd();
  const transfer =
    /^\[INFO\] (Downloading|Downloaded) from [^:]+: (\S+)(?: \(([^)]*?)(?: at [^)]*)?\))?$/.exec(line);
  if (transfer?.[1] && transfer[2]) {
    const url = transfer[2];
    const file = url.slice(url.lastIndexOf('/') + 1);
    if (transfer[1] === 'Downloading') return { kind: 'downloading', file, url };
    return { kind: 'downloaded', file, url, bytes: parseSize(transfer[3] ?? '') ?? 0 };
  }
  if (/^\[INFO\] BUILD (SUCCESS|FAILURE)$/.test(line)) {
    return { kind: 'result', success: line.endsWith('SUCCESS') };
  }
  const level = /^\[(ERROR|WARNING)\] ?(.*)$/.exec(line);
  if (level?.[1] && level[2] !== undefined) {
    return level[1] === 'ERROR' ? { kind: 'error', text: level[2] } : { kind: 'warning', text: level[2] };
  }
  return undefined;
}

/** Accumulates Maven output into counters and a one-line summary. */
export class MavenProgress {
  files = 0;
  bytes = 0;
  current: string | undefined;
  success: boolean | undefined;
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  feed(rawLine: string): MavenLine | undefined {
    const parsed = parseMavenLine(rawLine);
    if (!parsed) return undefined;
    switch (parsed.kind) {
      case 'downloading':
        this.current = parsed.file;
        break;
      case 'downloaded':
        this.files += 1;
        this.bytes += parsed.bytes;
        break;
      case 'error':
        if (parsed.text.trim()) this.errors.push(parsed.text);
        break;
      case 'warning':
        if (parsed.text.trim()) this.warnings.push(parsed.text);
        break;
      case 'result':
        this.success = parsed.success;
        break;
    }
    return parsed;
  }

  summary(): string {
    if (this.files === 0 && !this.current) return 'resolving dependencies (nothing downloaded yet)';
    if (this.files === 0) return `starting downloads, current: ${this.current}`;
    const now = this.current ? `, current: ${this.current}` : '';
    return `downloaded ${this.files} files (${formatBytes(this.bytes)})${now}`;
  }
}

/** Runs `mvn -v`; resolves to its first line, or rejects with install advice. */
export function checkMaven(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'mvn',
      ['-v', '-B', '-Dstyle.color=never'],
      { env, timeout: 60_000, encoding: 'utf8' },
      (error, stdout) => {
        const first = stdout.replace(ANSI, '').split('\n')[0]?.trim() ?? '';
        if (error || !first.startsWith('Apache Maven')) {
          const why = error ? `: ${error.message.split('\n')[0]}` : '';
          reject(new Error(`\`mvn -v\` failed${why}. ${MAVEN_INSTALL_ADVICE}.`));
        } else resolve(first);
      },
    );
  });
}

export interface CopyDependenciesOptions {
  pom: string;
  outputDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Interval between progress lines, ms (default 1000). */
  progressIntervalMs?: number;
}

/** `mvn -B dependency:copy-dependencies`, reporting condensed progress through `log`. */
export function copyDependencies(opts: CopyDependenciesOptions): Promise<MavenProgress> {
  const progress = new MavenProgress();
  const tail: string[] = [];
  return new Promise((resolve, reject) => {
    const child = spawn(
      'mvn',
      [
        '-B',
        '-Dstyle.color=never',
        '-f',
        opts.pom,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${opts.outputDir}`,
      ],
      { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let lastReported = '';
    const report = () => {
      const line = progress.summary();
      if (line !== lastReported) opts.log(`maven: ${line}`);
      lastReported = line;
    };
    const timer = setInterval(report, opts.progressIntervalMs ?? 1000);
    const onLine = (line: string) => {
      progress.feed(line);
      tail.push(line.replace(ANSI, ''));
      if (tail.length > 40) tail.shift();
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('error', (error) => {
      clearInterval(timer);
      reject(new Error(`could not run mvn: ${error.message}. ${MAVEN_INSTALL_ADVICE}.`));
    });
    child.once('close', (code) => {
      clearInterval(timer);
      if (progress.files > 0) report();
      if (code === 0) {
        resolve(progress);
        return;
      }
      const detail = progress.errors.length > 0 ? progress.errors.slice(0, 15) : tail.slice(-20);
      reject(
        new Error(
          `Maven failed (exit code ${code}) resolving ${opts.pom}:\n  ${detail.join('\n  ')}\n` +
            'Check access to https://repo.maven.apache.org/maven2 (proxy or mirror settings go in ~/.m2/settings.xml).',
        ),
      );
    });
  });
}
