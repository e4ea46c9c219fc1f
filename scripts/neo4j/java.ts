/**
 * Finds a Java runtime Neo4j 5.26 supports (17 or 21).
 * Order: $NEO4J_JAVA_HOME (strict), $JAVA_HOME, `java` on PATH, then JDKs under /usr/lib/jvm
 * (Linux) and /Library/Java/JavaVirtualMachines (macOS).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SUPPORTED_JAVA_MAJORS: readonly number[] = [17, 21];

export interface JavaVersionInfo {
  /** Feature release, e.g. 17 for `17.0.15`, 8 for `1.8.0_292`. */
  major: number;
  /** The quoted version string, e.g. `17.0.15`. */
  version: string;
  /** `java.home`, when the output came from `-XshowSettings:properties`. */
  home?: string;
}

/**
 * Parses the output (stderr) of `java -version` or `java -XshowSettings:properties -version`.
 * Returns undefined when no version line is found.
 */
export function parseJavaVersion(output: string): JavaVersionInfo | undefined {
  const quoted = /^\S+ version "([^"]+)"/m.exec(output);
  const specification = /^\s*java\.specification\.version = (\S+)/m.exec(output);
  const raw = quoted?.[1] ?? specification?.[1];
  if (!raw) return undefined;
  const parts = raw.split(/[.\-+_]/);
  const first = Number.parseInt(parts[0] ?? '', 10);
  const major = first === 1 ? Number.parseInt(parts[1] ?? '', 10) : first;
  if (!Number.isFinite(major)) return undefined;
  const home = /^\s*java\.home = (.+)$/m.exec(output)?.[1]?.trim();
  return home ? { major, version: raw, home } : { major, version: raw };
}

export const JAVA_INSTALL_ADVICE =
  'Java 17 or 21 is required to run Neo4j 5.26 (install OpenJDK 17: ' +
  '`sudo apt-get install openjdk-17-jre-headless`, or set JAVA_HOME to a Java 17/21 installation)';

export interface JavaRuntime {
  /** Absolute path of the `java` executable. */
  java: string;
  /** The installation directory (JAVA_HOME for child processes). */
  home: string;
  major: number;
  version: string;
}

interface Probe {
  java: string;
  source: string;
  info?: JavaVersionInfo;
  error?: string;
}

function probe(java: string, source: string): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(
      java,
      ['-XshowSettings:properties', '-version'],
      { timeout: 30_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const info = parseJavaVersion(`${stderr}\n${stdout}`);
        if (info) resolve({ java, source, info });
        else resolve({ java, source, error: error ? error.message.split('\n')[0] : 'no version in output' });
      },
    );
  });
}

function jdkDirectories(): string[] {
  const roots = [
    { dir: '/usr/lib/jvm', bin: 'bin/java' },
    { dir: '/Library/Java/JavaVirtualMachines', bin: 'Contents/Home/bin/java' },
  ];
  const found: string[] = [];
  for (const root of roots) {
    if (!existsSync(root.dir)) continue;
    for (const entry of readdirSync(root.dir).sort()) {
      const java = join(root.dir, entry, root.bin);
      if (existsSync(java)) found.push(java);
    }
  }
  return found;
}

function homeOf(p: Probe): string {
  if (p.info?.home) return p.info.home;
  let java = p.java;
  try {
    java = realpathSync(java);
  } catch {
    // keep the path as given
  }
  return dirname(dirname(java));
}

/** Locates a supported Java runtime, or throws an error with install advice. */
export async function findJava(log: (line: string) => void = () => {}): Promise<JavaRuntime> {
  const explicit = process.env.NEO4J_JAVA_HOME;
  if (explicit) {
    const p = await probe(join(explicit, 'bin', 'java'), 'NEO4J_JAVA_HOME');
    if (p.info && SUPPORTED_JAVA_MAJORS.includes(p.info.major)) {
      return { java: p.java, home: homeOf(p), major: p.info.major, version: p.info.version };
    }
    throw new Error(
      `NEO4J_JAVA_HOME=${explicit} is ${p.info ? `Java ${p.info.version}` : `not usable (${p.error})`}. ` +
        JAVA_INSTALL_ADVICE,
    );
  }

  const tried: Probe[] = [];
  const seen = new Set<string>();
  const candidates: { java: string; source: string }[] = [];
  if (process.env.JAVA_HOME) {
    candidates.push({ java: join(process.env.JAVA_HOME, 'bin', 'java'), source: 'JAVA_HOME' });
  }
  candidates.push({ java: 'java', source: 'PATH' });
  for (const java of jdkDirectories()) candidates.push({ java, source: dirname(dirname(java)) });

  for (const candidate of candidates) {
    let key = candidate.java;
    try {
      if (candidate.java !== 'java') key = realpathSync(candidate.java);
    } catch {
      if (candidate.source === 'JAVA_HOME')
        log(`JAVA_HOME=${process.env.JAVA_HOME} has no bin/java; ignoring it`);
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    const p = await probe(candidate.java, candidate.source);
    if (p.info) {
      try {
        seen.add(realpathSync(join(homeOf(p), 'bin', 'java')));
      } catch {
        // not a regular layout; nothing to deduplicate
      }
    }
    tried.push(p);
    if (p.info && SUPPORTED_JAVA_MAJORS.includes(p.info.major)) {
      const runtime = { java: p.java, home: homeOf(p), major: p.info.major, version: p.info.version };
      if (runtime.java === 'java') runtime.java = join(runtime.home, 'bin', 'java');
      const skipped = tried.filter((t) => t !== p && t.info);
      if (skipped.length > 0) {
        log(
          `${skipped.map((t) => `${t.source} has Java ${t.info?.version}`).join('; ')}, ` +
            `which Neo4j 5.26 does not support; using Java ${runtime.version} from ${runtime.home}`,
        );
      }
      return runtime;
    }
  }
  const summary = tried
    .map((t) => `${t.source}: ${t.info ? `Java ${t.info.version}` : 'not found'}`)
    .join('; ');
  throw new Error(`${JAVA_INSTALL_ADVICE}. Found: ${summary || 'no java at all'}.`);
}
