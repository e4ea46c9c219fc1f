import { describe, expect, it } from 'vitest';
import {
  ENTRY_POINT,
  initialHeap,
  instanceLayout,
  isServerCommandLine,
  parseMemorySize,
  renderNeo4jConf,
  serverJvmArgs,
  setInitialPasswordArgs,
} from '../../../scripts/neo4j/conf.ts';

const layout = instanceLayout('/repo/.neo4j/instances/test');

function settings(conf: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of conf.split('\n')) {
    if (line.startsWith('#') || !line.includes('=')) continue;
    const at = line.indexOf('=');
    map.set(line.slice(0, at), line.slice(at + 1));
  }
  return map;
}

describe('renderNeo4jConf', () => {
  const conf = renderNeo4jConf({ layout, boltPort: 17687, httpPort: 17474, heap: '1g', pageCache: '256m' });
  const s = settings(conf);

  it('puts every directory inside the instance folder, as absolute paths', () => {
    expect(s.get('server.directories.data')).toBe('/repo/.neo4j/instances/test/data');
    expect(s.get('server.directories.logs')).toBe('/repo/.neo4j/instances/test/logs');
    expect(s.get('server.directories.run')).toBe('/repo/.neo4j/instances/test/run');
    expect(s.get('server.directories.plugins')).toBe('/repo/.neo4j/instances/test/plugins');
    expect(s.get('server.directories.import')).toBe('/repo/.neo4j/instances/test/import');
  });

  it('listens on and advertises 127.0.0.1 with the given ports', () => {
    expect(s.get('server.default_listen_address')).toBe('127.0.0.1');
    expect(s.get('server.bolt.listen_address')).toBe('127.0.0.1:17687');
    expect(s.get('server.bolt.advertised_address')).toBe('127.0.0.1:17687');
    expect(s.get('server.http.listen_address')).toBe('127.0.0.1:17474');
    expect(s.get('server.http.advertised_address')).toBe('127.0.0.1:17474');
    expect(s.get('server.https.enabled')).toBe('false');
  });

  it('keeps auth on, usage reports off, and sets memory', () => {
    expect(s.get('dbms.security.auth_enabled')).toBe('true');
    expect(s.get('dbms.usage_report.enabled')).toBe('false');
    expect(s.get('client.allow_telemetry')).toBe('false');
    expect(s.get('server.memory.heap.initial_size')).toBe('512m');
    expect(s.get('server.memory.heap.max_size')).toBe('1g');
    expect(s.get('server.memory.pagecache.size')).toBe('256m');
  });

  it('defines each setting once', () => {
    const keys = conf.split('\n').filter((l) => l.includes('=') && !l.startsWith('#'));
    expect(new Set(keys.map((l) => l.split('=')[0])).size).toBe(keys.length);
  });

  it('turns a header into comments', () => {
    const withHeader = renderNeo4jConf({
      layout,
      boltPort: 1,
      httpPort: 2,
      heap: '1g',
      pageCache: '256m',
      header: "instance 'test'\nsecond line",
    });
    expect(withHeader.startsWith("# instance 'test'\n# second line\n")).toBe(true);
  });

  it('rejects nonsense memory sizes', () => {
    expect(() =>
      renderNeo4jConf({ layout, boltPort: 1, httpPort: 2, heap: 'lots', pageCache: '256m' }),
    ).toThrow(/invalid memory size 'lots'/);
  });
});

describe('memory sizes', () => {
  it('parses JVM-style sizes', () => {
    expect(parseMemorySize('512m')).toBe(512 * 1024 ** 2);
    expect(parseMemorySize('1g')).toBe(1024 ** 3);
    expect(parseMemorySize('1048576k')).toBe(1024 ** 3);
    expect(parseMemorySize('4096')).toBe(4096);
  });

  it('starts the heap at 512m unless the maximum is smaller', () => {
    expect(initialHeap('1g')).toBe('512m');
    expect(initialHeap('2g')).toBe('512m');
    expect(initialHeap('256m')).toBe('256m');
  });
});

describe('JVM command lines', () => {
  it('runs the community entry point in console mode on the instance home', () => {
    const args = serverJvmArgs({ layout, libDir: '/repo/.neo4j/dist/5.26.30/lib', heap: '1g' });
    expect(args.slice(0, 2)).toEqual([
      '-cp',
      '/repo/.neo4j/instances/test/plugins/*:/repo/.neo4j/instances/test/conf/*:/repo/.neo4j/dist/5.26.30/lib/*',
    ]);
    expect(args).toContain('-Xms512m');
    expect(args).toContain('-Xmx1g');
    expect(args).toContain('--add-opens=java.base/java.nio=ALL-UNNAMED');
    expect(args.slice(-4)).toEqual([
      ENTRY_POINT,
      '--home-dir=/repo/.neo4j/instances/test',
      '--config-dir=/repo/.neo4j/instances/test/conf',
      '--console-mode',
    ]);
  });

  it('sets the initial password through neo4j-admin', () => {
    const args = setInitialPasswordArgs({ layout, libDir: '/lib', password: 'secret-pw' });
    expect(args.slice(-4)).toEqual([
      'org.neo4j.server.startup.Neo4jAdminCommand',
      'dbms',
      'set-initial-password',
      'secret-pw',
    ]);
  });

  it("recognises this instance's server process, and only it", () => {
    const args = serverJvmArgs({ layout, libDir: '/lib', heap: '1g' });
    const cmdline = ['/usr/bin/java', ...args].join('\0') + '\0';
    expect(isServerCommandLine(cmdline, layout)).toBe(true);
    expect(isServerCommandLine(['java', ...args].join(' '), layout)).toBe(true);
    expect(isServerCommandLine(cmdline, instanceLayout('/repo/.neo4j/instances/tes'))).toBe(false);
    const other = serverJvmArgs({
      layout: instanceLayout('/repo/.neo4j/instances/test2'),
      libDir: '/lib',
      heap: '1g',
    });
    expect(isServerCommandLine(other.join('\0'), layout)).toBe(false);
    expect(isServerCommandLine('java -jar something.jar', layout)).toBe(false);
  });
});
