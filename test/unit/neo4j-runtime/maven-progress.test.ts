import { describe, expect, it } from 'vitest';
import { formatBytes, MavenProgress, parseMavenLine, parseSize } from '../../../scripts/neo4j/maven.ts';

const BASE = 'https://repo.maven.apache.org/maven2';

describe('parseSize', () => {
  it('reads the decimal units Maven prints', () => {
    expect(parseSize('512 B')).toBe(512);
    expect(parseSize('18 kB')).toBe(18_000);
    expect(parseSize('1.2 MB')).toBe(1_200_000);
    expect(parseSize('2 GB')).toBe(2_000_000_000);
    expect(parseSize('lots')).toBeUndefined();
  });
});

describe('formatBytes', () => {
  it('picks a readable unit', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(247_000)).toBe('247 kB');
    expect(formatBytes(164_100_000)).toBe('164.1 MB');
    expect(formatBytes(1_500_000_000)).toBe('1.50 GB');
  });
});

describe('parseMavenLine', () => {
  it('recognises a download starting', () => {
    const url = `${BASE}/org/neo4j/neo4j-kernel/5.26.30/neo4j-kernel-5.26.30.jar`;
    expect(parseMavenLine(`[INFO] Downloading from central: ${url}`)).toEqual({
      kind: 'downloading',
      file: 'neo4j-kernel-5.26.30.jar',
      url,
    });
  });

  it('recognises a finished download with its size', () => {
    const url = `${BASE}/commons-beanutils/commons-beanutils/1.9.4/commons-beanutils-1.9.4.jar`;
    expect(parseMavenLine(`[INFO] Downloaded from central: ${url} (247 kB at 7.3 MB/s)`)).toEqual({
      kind: 'downloaded',
      file: 'commons-beanutils-1.9.4.jar',
      url,
      bytes: 247_000,
    });
  });

  it('ignores ANSI colour codes', () => {
    const line = `\u001b[0m\u001b[0m[INFO] Downloaded from central: ${BASE}/a/b/1/b-1.pom (18 kB at 75 kB/s)`;
    expect(parseMavenLine(line)).toMatchObject({ kind: 'downloaded', file: 'b-1.pom', bytes: 18_000 });
  });

  it('recognises the build result, errors and warnings', () => {
    expect(parseMavenLine('[INFO] BUILD SUCCESS')).toEqual({ kind: 'result', success: true });
    expect(parseMavenLine('[INFO] BUILD FAILURE')).toEqual({ kind: 'result', success: false });
    expect(parseMavenLine('[ERROR] Failed to execute goal')).toEqual({
      kind: 'error',
      text: 'Failed to execute goal',
    });
    expect(parseMavenLine('[WARNING] something odd')).toEqual({ kind: 'warning', text: 'something odd' });
  });

  it('ignores everything else', () => {
    expect(parseMavenLine('[INFO] Scanning for projects...')).toBeUndefined();
    expect(
      parseMavenLine('[INFO] ------------------------------------------------------------------------'),
    ).toBeUndefined();
    expect(parseMavenLine('')).toBeUndefined();
  });
});

describe('MavenProgress', () => {
  it('counts downloads and remembers the current artifact', () => {
    const progress = new MavenProgress();
    expect(progress.summary()).toBe('resolving dependencies (nothing downloaded yet)');
    progress.feed(`[INFO] Downloading from central: ${BASE}/x/a/1/a-1.pom`);
    expect(progress.summary()).toBe('starting downloads, current: a-1.pom');
    progress.feed(`[INFO] Downloaded from central: ${BASE}/x/a/1/a-1.pom (2 kB at 1 MB/s)`);
    progress.feed(`[INFO] Downloading from central: ${BASE}/x/a/1/a-1.jar`);
    progress.feed(`[INFO] Downloaded from central: ${BASE}/x/a/1/a-1.jar (1.5 MB at 9 MB/s)`);
    progress.feed('[INFO] Scanning for projects...');
    expect(progress.files).toBe(2);
    expect(progress.bytes).toBe(1_502_000);
    expect(progress.summary()).toBe('downloaded 2 files (1.5 MB), current: a-1.jar');
  });

  it('collects error lines and the result', () => {
    const progress = new MavenProgress();
    progress.feed('[ERROR] Failed to execute goal on project x: Could not resolve dependencies');
    progress.feed('[ERROR] ');
    progress.feed('[INFO] BUILD FAILURE');
    expect(progress.errors).toEqual(['Failed to execute goal on project x: Could not resolve dependencies']);
    expect(progress.success).toBe(false);
  });
});
