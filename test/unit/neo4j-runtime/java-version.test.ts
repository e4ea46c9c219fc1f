import { describe, expect, it } from 'vitest';
import { parseJavaVersion, SUPPORTED_JAVA_MAJORS } from '../../../scripts/neo4j/java.ts';

describe('parseJavaVersion', () => {
  it('reads OpenJDK 17 `java -version` output', () => {
    const out = [
      'openjdk version "17.0.15" 2025-04-15',
      'OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)',
      'OpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)',
    ].join('\n');
    expect(parseJavaVersion(out)).toEqual({ major: 17, version: '17.0.15' });
  });

  it('reads a bare feature release and early-access builds', () => {
    expect(parseJavaVersion('openjdk version "21" 2023-09-19')?.major).toBe(21);
    expect(parseJavaVersion('openjdk version "22-ea" 2024-03-19')?.major).toBe(22);
  });

  it('reads the legacy 1.x scheme of Java 8', () => {
    expect(parseJavaVersion('java version "1.8.0_292"\nJava(TM) SE Runtime Environment')).toEqual({
      major: 8,
      version: '1.8.0_292',
    });
  });

  it('picks java.home out of -XshowSettings:properties output', () => {
    const out = [
      'Property settings:',
      '    java.class.version = 69.0',
      '    java.home = /usr/lib/jvm/temurin-25-jdk-amd64',
      '    java.specification.version = 25',
      '    java.version = 25.0.3',
      '',
      'openjdk version "25.0.3" 2026-04-21 LTS',
    ].join('\n');
    expect(parseJavaVersion(out)).toEqual({
      major: 25,
      version: '25.0.3',
      home: '/usr/lib/jvm/temurin-25-jdk-amd64',
    });
  });

  it('returns undefined for output without a version', () => {
    expect(parseJavaVersion('bash: java: command not found')).toBeUndefined();
    expect(parseJavaVersion('')).toBeUndefined();
  });

  it('supports exactly Java 17 and 21 for Neo4j 5.26', () => {
    expect(SUPPORTED_JAVA_MAJORS).toEqual([17, 21]);
  });
});
