import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';

/**
 * Issue 12 end to end through the CLI (a real `convergence` process against the real service):
 * a parent template, an environment mapping a type to a template file, `files` collected from
 * disk (registry files, template-file types, a ResourceGroup's member type, get_file), and
 * `status`, `events` and `graph` showing the nesting.
 */
let app: TestApp;
let dir: string;
beforeAll(async () => {
  app = await startTestApp();
  dir = await mkdtemp(join(tmpdir(), 'convergence-cli-nested-'));
});
afterAll(async () => {
  await app?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { endpoint: app.url });

const PARENT = `heat_template_version: 2018-08-31
resources:
  web:
    type: My::Server
    properties: {greeting: hi}
  group:
    type: OS::Heat::ResourceGroup
    properties:
      count: 2
      resource_def:
        type: leaf.yaml
        properties: {label: 'member-%index%'}
outputs:
  motd: {value: {get_attr: [web, motd]}}
`;
const ENV = `resource_registry:
  My::Server: server.yaml
`;
const SERVER = `heat_template_version: 2018-08-31
parameters:
  greeting: {type: string}
resources:
  config:
    type: OS::Heat::Value
    properties:
      value: {list_join: [' ', [{get_param: greeting}, {get_file: motd.txt}]]}
  disk:
    type: leaf.yaml
    depends_on: [config]
    properties: {label: disk}
outputs:
  motd: {value: {get_attr: [config, value]}}
`;
const LEAF = `heat_template_version: 2018-08-31
parameters:
  label: {type: string}
resources:
  block:
    type: OS::Heat::Value
    properties: {value: {get_param: label}}
`;

describe('convergence CLI with nested stacks', () => {
  it('applies a template whose files come from disk, and status, events and graph show the nesting', async () => {
    const write = (name: string, text: string) => writeFile(join(dir, name), text);
    await Promise.all([
      write('parent.yaml', PARENT),
      write('env.yaml', ENV),
      write('server.yaml', SERVER),
      write('leaf.yaml', LEAF),
      write('motd.txt', 'welcome'),
    ]);
    const name = uniqueName('clinest');
    const applied = await cli([
      'apply',
      '-f',
      join(dir, 'parent.yaml'),
      '-e',
      join(dir, 'env.yaml'),
      '--name',
      name,
    ]);
    expect(applied.stderr + applied.stdout).toContain('CREATE_COMPLETE');
    expect(applied.code).toBe(0);

    // The files the service got: everything named from the template and environment, read from disk.
    const stored = await gql(
      app.url,
      `query($n: String!) { stack(name: $n) { outputs versions { files } } }`,
      {
        n: name,
      },
    );
    const stack = stored.data!.stack as {
      outputs: Record<string, string>;
      versions: Array<{ files: Record<string, string> }>;
    };
    expect(Object.keys(stack.versions[0]!.files).sort()).toEqual(['leaf.yaml', 'motd.txt', 'server.yaml']);
    expect(stack.outputs).toEqual({ motd: 'hi welcome' });

    const nested = await gql(
      app.url,
      `query($n: String!) { stack(name: $n) { nested(depth: 5) { name parent { stack { name } resource } } } }`,
      { n: name },
    );
    const children = (
      nested.data!.stack as {
        nested: Array<{ name: string; parent: { stack: { name: string }; resource: string } }>;
      }
    ).nested;
    const web = children.find((c) => c.parent.stack.name === name && c.parent.resource === 'web')!;
    const disk = children.find((c) => c.parent.stack.name === web.name && c.parent.resource === 'disk')!;
    expect(disk).toBeDefined();

    // status: nested resources indented under the resource that owns them, then the nested stacks.
    const status = await cli(['status', '--name', name]);
    expect(status.code).toBe(0);
    const lines = status.stdout.split('\n');
    const row = (label: RegExp) => lines.findIndex((l) => label.test(l));
    const webRow = row(/^web\s/);
    expect(webRow).toBeGreaterThan(-1);
    expect(lines[webRow + 1]).toMatch(/^└ config\s+OS::Heat::Value\s+CREATE_COMPLETE/);
    expect(lines[webRow + 2]).toMatch(/^└ disk\s+leaf\.yaml\s+CREATE_COMPLETE/);
    expect(lines[webRow + 3]).toMatch(/^ {2}└ block\s+OS::Heat::Value\s+CREATE_COMPLETE/);
    const groupRow = row(/^group\s/);
    expect(lines[groupRow + 1]).toMatch(/^└ 0\s+leaf\.yaml/);
    expect(lines[groupRow + 2]).toMatch(/^ {2}└ block\s/);
    expect(status.stdout).toContain('Nested stacks:');
    expect(status.stdout).toMatch(new RegExp(`${disk.name}\\s+CREATE_COMPLETE\\s+\\(${web.name}/disk\\)`));
    const json = JSON.parse((await cli(['status', '--name', name, '--json'])).stdout) as {
      nestedStacks: unknown[];
    };
    expect(json.nestedStacks).toHaveLength(children.length);

    // events: the nested stacks' events, each prefixed with its stack's name.
    const events = await cli(['events', '--name', name]);
    expect(events.code).toBe(0);
    expect(events.stdout).toMatch(new RegExp(`${web.name}/config\\s+CREATE_COMPLETE`));
    expect(events.stdout).toMatch(new RegExp(`${disk.name}/block\\s+CREATE_COMPLETE`));
    expect(events.stdout).toMatch(new RegExp(`stack ${disk.name}\\s+CREATE_COMPLETE`));
    const eventLines = events.stdout.split('\n');
    const at = (re: RegExp) => eventLines.findIndex((l) => re.test(l));
    // Merged by time: the nested stack completes before the resource that owns it.
    expect(at(new RegExp(`stack ${web.name}\\s+CREATE_COMPLETE`))).toBeLessThan(
      at(/\sweb\s+CREATE_COMPLETE/),
    );

    // graph: nested stacks as clusters, with edges into the owning resource.
    const dot = await cli(['graph', '--name', name]);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toContain(`subgraph "cluster_${web.name}" {`);
    expect(dot.stdout).toContain(`"${web.name}/config" -> "${web.name}/disk";`);
    expect(dot.stdout).toContain(`"${web.name}/disk" -> "web";`);
    expect(dot.stdout).toContain(`"${disk.name}/block" -> "${web.name}/disk";`);
    const mermaid = await cli(['graph', '--name', name, '--format', 'mermaid']);
    expect(mermaid.stdout).toMatch(/subgraph nested_\d+\[/);
  });
});
