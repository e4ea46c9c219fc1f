import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { printedBy, runCli, type CliOptions, type CliRun } from '../support/cli.ts';
import { startTestApp, uniqueName, uniqueTenant, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { RecordingServer } from '../support/recording-server.ts';
import { allEvents, createStack, hot, waitForStack } from '../support/stacks.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let app: TestApp;
let dir: string;

beforeAll(async () => {
  app = await startTestApp({ RETRY_LIMIT: '1' });
  dir = await mkdtemp(join(tmpdir(), 'convergence-cli-'));
});
afterAll(async () => {
  await app?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Run = CliRun;

/** Runs the CLI as a real process against the test app (or the given endpoint; null: none). */
function cli(
  args: string[],
  options: Omit<CliOptions, 'endpoint'> & { endpoint?: string | null } = {},
): Promise<Run> {
  return runCli(args, {
    ...options,
    endpoint: options.endpoint === undefined ? app.url : options.endpoint,
    timeoutMs: 90_000,
  });
}

const printed = (child: ChildProcess, pattern: RegExp) => printedBy(child, pattern).then(() => undefined);

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const SMALL = `heat_template_version: 2021-04-16
parameters:
  greeting: { type: string, default: hello }
resources:
  source:
    type: OS::Heat::Value
    properties: { value: { get_param: greeting } }
  worker:
    type: OS::Heat::TestResource
    properties: { wait_secs: 0.2, value: { get_attr: [source, value] } }
outputs:
  message: { value: { get_attr: [worker, output] } }
`;

/** SMALL with worker changed in place and a new resource that needs it. */
const CHANGED = SMALL.replace('wait_secs: 0.2,', 'wait_secs: 0.3,').replace(
  'outputs:',
  `  extra:
    type: OS::Heat::TestResource
    depends_on: [worker]
    properties: { wait_secs: 0.2 }
outputs:`,
);

const FAILING = `heat_template_version: 2021-04-16
resources:
  fine: { type: OS::Heat::TestResource, properties: { wait_secs: 0.2 } }
  broken: { type: OS::Heat::TestResource, properties: { fail: true } }
`;

const INVALID =
  'heat_template_version: 2018-08-31\nresources:\n  a:\n    type: No::Such::Type\n  b:\n    type: OS::Heat::None\n    depends_on: [ghost]\n';

async function stackOf(name: string) {
  const res = await gql(
    app.url,
    `query($name: String!) { stack(name: $name) { status version versions { number parameters } } }`,
    { name },
  );
  return res.data?.stack as { status: string; version: number; versions: Array<{ parameters: any }> } | null;
}

describe('convergence apply', () => {
  const name = uniqueName('cli-app');

  it('creates a stack, showing progress and the final status, and exits 0', async () => {
    const template = await file('small.yaml', SMALL);
    const run = await cli(['apply', '-f', template, '--name', name, '--param', 'greeting=hey']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // One line per resource state change, plain progress lines (stdout is not a TTY), the outcome.
    expect(run.stdout).toMatch(/^source +CREATE_COMPLETE/m);
    expect(run.stdout).toMatch(/^worker +CREATE_IN_PROGRESS/m);
    expect(run.stdout).toMatch(/^worker +CREATE_COMPLETE/m);
    expect(run.stdout).toMatch(/^progress {2}\d\/2 ready/m);
    expect(run.stdout).toMatch(/^progress {2}2\/2 ready {2}CREATE_COMPLETE/m);
    expect(run.stdout).toContain(`Stack ${name} CREATE_COMPLETE (version 1)`);
    expect(run.stdout).toMatch(/^ {2}message +hey$/m);
    expect(run.stdout).not.toContain('\x1b[');
    expect((await stackOf(name))?.status).toBe('CREATE_COMPLETE');
  });

  it('previews a changed template like terraform plan: updated, added and unchanged resources', async () => {
    const template = await file('changed.yaml', CHANGED);
    const run = await cli(['preview', '-f', template, '--name', name, '--param', 'greeting=hey']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('plan from version 1');
    expect(run.stdout).toContain('  ~ worker (OS::Heat::TestResource) will be updated in place');
    expect(run.stdout).toContain('      ~ wait_secs: 0.2 -> 0.3');
    expect(run.stdout).toContain('  + extra (OS::Heat::TestResource) will be created');
    expect(run.stdout).not.toContain(' source (');
    expect(run.stdout).toContain(
      'Plan: 1 to add, 1 to update in place, 0 to replace, 0 to delete. (1 unchanged)',
    );
    // Nothing changed.
    expect((await stackOf(name))?.version).toBe(1);
  });

  it('applies the changed template as an update to version 2', async () => {
    const template = await file('changed.yaml', CHANGED);
    const run = await cli(['apply', '-f', template, '--name', name, '--param', 'greeting=hey']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('UPDATE started');
    expect(run.stdout).toMatch(/^worker +UPDATE_COMPLETE/m);
    expect(run.stdout).toMatch(/^extra +CREATE_COMPLETE/m);
    expect(run.stdout).toContain(`Stack ${name} UPDATE_COMPLETE (version 2)`);
    // Only this update's events were shown: none of version 1's.
    expect(run.stdout).not.toMatch(/CREATE_IN_PROGRESS +Stack CREATE started/);
    const stack = await stackOf(name);
    expect(stack).toMatchObject({ status: 'UPDATE_COMPLETE', version: 2 });
  });

  it('prints the stack status with its resources table and outputs', async () => {
    const run = await cli(['status', '--name', name]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Status +UPDATE_COMPLETE/m);
    expect(run.stdout).toMatch(/^Version +2 \(last good: 2\)/m);
    expect(run.stdout).toMatch(/^Readiness +3\/3 ready/m);
    expect(run.stdout).toMatch(/^RESOURCE +TYPE +STATUS +READY +RETRIES +PHYSICAL ID/m);
    expect(run.stdout).toMatch(/^extra +OS::Heat::TestResource +CREATE_COMPLETE +yes +0 +test-/m);
    expect(run.stdout).toMatch(/^ {2}message +hey$/m);

    const json = await cli(['status', '--name', name, '--json']);
    expect(json.code).toBe(0);
    const stack = JSON.parse(json.stdout);
    expect(stack).toMatchObject({ name, status: 'UPDATE_COMPLETE', version: 2, outputs: { message: 'hey' } });
    expect(stack.resources.map((r: { name: string }) => r.name).sort()).toEqual([
      'extra',
      'source',
      'worker',
    ]);
  });

  it('lists the stacks when no name is given', async () => {
    const run = await cli(['status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^NAME +STATUS +VERSION +READY +UPDATED/m);
    expect(run.stdout).toMatch(new RegExp(`^${name} +UPDATE_COMPLETE +2 +3/3`, 'm'));
  });

  it('prints the events, all of them or after a sequence number', async () => {
    const stored = await allEvents(app.url, name);
    const run = await cli(['events', '--name', name]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(stored.length);
    expect(lines[0]).toMatch(/^ +#1 +\S+ +stack \S+ +CREATE_IN_PROGRESS/);
    expect(lines.at(-1)).toMatch(/UPDATE_COMPLETE +Stack UPDATE completed successfully$/);

    const json = await cli(['events', '--name', name, '--after', '3', '--json']);
    expect(json.code).toBe(0);
    const { events } = JSON.parse(json.stdout) as { events: Array<{ sequence: number }> };
    expect(events.map((e) => e.sequence)).toEqual(stored.slice(3).map((e) => e.sequence));
  });

  it('draws the dependency graph as Mermaid and dot, edges from dependency to dependent', async () => {
    const mermaid = await cli(['graph', '--name', name, '--format', 'mermaid']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart LR$/m);
    expect(mermaid.stdout).toContain('source --> worker');
    expect(mermaid.stdout).toContain('worker --> extra');
    expect(mermaid.stdout).toContain('worker["worker<br/>UPDATE_COMPLETE"]');

    const dot = await cli(['graph', '--name', name, '--format', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph /);
    expect(dot.stdout).toContain('"source" -> "worker";');
    expect(dot.stdout).toContain('"worker" -> "extra";');
    expect(dot.stdout).toContain('label="extra\\nCREATE_COMPLETE"');

    // An earlier version has no `extra`.
    const v1 = await cli(['graph', '--name', name, '--format', 'dot', '--version', '1']);
    expect(v1.code).toBe(0);
    expect(v1.stdout).toContain('"source" -> "worker";');
    expect(v1.stdout).not.toContain('extra');
  });

  it('deletes the stack and follows it to DELETE_COMPLETE', async () => {
    // Without a terminal to ask on, deleting needs --yes.
    const refused = await cli(['delete', '--name', name]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect((await stackOf(name))?.status).toBe('UPDATE_COMPLETE');

    const run = await cli(['delete', '--name', name, '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^extra +DELETE_COMPLETE/m);
    expect(run.stdout).toContain(`Stack ${name} DELETE_COMPLETE`);
    expect((await stackOf(name))?.status).toBe('DELETE_COMPLETE');
    const list = await cli(['status']);
    expect(list.stdout).not.toContain(name);
  });
});

describe('convergence apply: failures and output modes', () => {
  it('exits 1 on a failed create, naming the failing resource and the reason', async () => {
    const name = uniqueName('cli-fail');
    const template = await file('failing.yaml', FAILING);
    const run = await cli(['apply', '-f', template, '--name', name, '--disable-rollback']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^broken +CREATE_FAILED +Test Resource failed/m);
    expect(run.stdout).toContain(`Stack ${name} CREATE_FAILED (version 1): Resource CREATE failed: broken`);
    expect(run.stdout).toMatch(/failed resource: broken +CREATE_FAILED +Test Resource failed/);
    expect((await stackOf(name))?.status).toBe('CREATE_FAILED');
  });

  it('exits 1 when the automatic rollback completes, reporting the original failure', async () => {
    const name = uniqueName('cli-rb');
    const template = await file('failing.yaml', FAILING);
    const run = await cli(['apply', '-f', template, '--name', name]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^stack \S+ +ROLLBACK_IN_PROGRESS/m);
    expect(run.stdout).toContain(`Stack ${name} CREATE_FAILED: Resource CREATE failed: broken`);
    expect(run.stdout).toMatch(/rolled back automatically: ROLLBACK_COMPLETE/);
    expect((await stackOf(name))?.status).toBe('ROLLBACK_COMPLETE');
  });

  it('prints newline-delimited JSON with --json, ending with the final status', async () => {
    const name = uniqueName('cli-json');
    const template = await file('small.yaml', SMALL);
    const run = await cli(['apply', '-f', template, '--name', name, '--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines[0]).toMatchObject({ type: 'started', operation: 'CREATE', stack: { name, version: 1 } });
    const events = lines.filter((l) => l.type === 'event').map((l) => l.event);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ type: 'STACK', status: 'CREATE_COMPLETE' });
    expect(lines.some((l) => l.type === 'readiness' && l.readiness.ready === 2)).toBe(true);
    expect(lines.at(-1)).toMatchObject({
      type: 'result',
      ok: true,
      status: 'CREATE_COMPLETE',
      stack: { name, status: 'CREATE_COMPLETE', outputs: { message: 'hello' } },
    });
  });

  it('reports every template problem with its line and column, and creates nothing', async () => {
    const name = uniqueName('cli-invalid');
    const template = await file('invalid.yaml', INVALID);
    const run = await cli(['apply', '-f', template, '--name', name]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(TEMPLATE_INVALID)');
    expect(run.stderr).toContain(
      `${template}:4:11  UNKNOWN_RESOURCE_TYPE  resources.a.type  unknown resource type "No::Such::Type"`,
    );
    expect(run.stderr).toMatch(
      new RegExp(
        `${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:\\d+  MISSING_RESOURCE  resources\\.b\\.depends_on\\.0`,
      ),
    );
    expect(await stackOf(name)).toBeNull();

    const json = await cli(['apply', '-f', template, '--name', name, '--json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.error.code).toBe('TEMPLATE_INVALID');
    expect(doc.error.details.problems).toHaveLength(2);
  });

  it("sends --param values as text for the parameter's type to convert, merged over --params-file", async () => {
    const name = uniqueName('cli-params');
    const template = await file(
      'params.yaml',
      `heat_template_version: 2021-04-16
parameters:
  count: { type: number }
  enabled: { type: boolean }
  label: { type: string }
  zone: { type: string }
  app_version: { type: string }
  script: { type: string }
resources:
  v: { type: OS::Heat::Value, properties: { value: { get_param: label } } }
  w: { type: OS::Heat::Value, properties: { value: { get_param: app_version } } }
  n: { type: OS::Heat::Value, properties: { value: { get_param: count } } }
  s: { type: OS::Heat::Value, properties: { value: { get_param: script } } }
`,
    );
    const params = await file('params.json', JSON.stringify({ zone: 'a', label: 'from-file', count: 1 }));
    const script = await file('script.sh', '#!/bin/sh\necho 2.0\n');
    const run = await cli([
      'apply',
      '-f',
      template,
      '--name',
      name,
      '--params-file',
      params,
      '--param',
      'count=3',
      '--param',
      'enabled=true',
      '--param',
      'label=007',
      '--param',
      'app_version=2.0',
      '--param-file',
      `script=${script}`,
      '--no-wait',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Stack ${name}: CREATE accepted`);
    expect(run.stdout).toContain(`convergence events --follow --name ${name}`);
    const stack = await stackOf(name);
    expect(stack?.versions[0]?.parameters).toEqual({
      zone: 'a',
      label: '007',
      count: '3',
      enabled: 'true',
      app_version: '2.0',
      script: '#!/bin/sh\necho 2.0\n',
    });
    const done = await waitForStack(app.url, name);
    expect(done.status).toBe('CREATE_COMPLETE');
    const value = (r: string) => done.resources.find((x: { name: string }) => x.name === r).properties.value;
    // "2.0" stays the text typed; the number parameter is converted by its declared type.
    expect(value('w')).toBe('2.0');
    expect(value('n')).toBe(3);
    expect(value('s')).toBe('#!/bin/sh\necho 2.0\n');
  });

  it('stops watching on Ctrl-C with exit 130 while the stack keeps converging', async () => {
    const name = uniqueName('cli-sigint');
    const template = await file(
      'slow.yaml',
      hot({ slow: { type: 'OS::Heat::TestResource', properties: { wait_secs: 2 } } }),
    );
    const run = await cli(['apply', '-f', template, '--name', name], {
      started: (child) => {
        void printed(child, /^slow +CREATE_IN_PROGRESS/m).then(() => child.kill('SIGINT'));
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`Stack ${name} keeps converging`);
    expect(run.stderr).toContain(`convergence events --follow --name ${name}`);
    expect(run.stdout).not.toContain('CREATE_COMPLETE');
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
  });

  it('follows the events of a stack in progress until it settles', async () => {
    const name = uniqueName('cli-follow');
    await createStack(app.url, {
      name,
      template: hot({
        first: { type: 'OS::Heat::TestResource', properties: { wait_secs: 1.5 } },
        second: { type: 'OS::Heat::TestResource', properties: { wait_secs: 1.5 }, depends_on: ['first'] },
      }),
    });
    const run = await cli(['events', '--name', name, '--follow']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/#1 .*CREATE_IN_PROGRESS/);
    expect(lines.at(-1)).toMatch(/stack \S+ +CREATE_COMPLETE/);
    expect(lines).toHaveLength((await allEvents(app.url, name)).length);

    // A settled stack: the history, then done.
    const again = await cli(['events', '--name', name, '--follow', '--after', '2']);
    expect(again.code).toBe(0);
    const replayed = again.stdout.trimEnd().split('\n');
    expect(replayed[0]).toMatch(/^ +#3 /);
    expect(replayed.at(-1)).toMatch(/CREATE_COMPLETE/);
  });

  it('cancels a running update, then rolls back to the last good version', async () => {
    // The update's observation is held by the endpoint until the cancel was answered, so the
    // update is still running when the cancel arrives however slow the machine is.
    let hold = false;
    const endpoint = await new RecordingServer({
      readyAfterMs: 1,
      intercept: (method) => (hold && method === 'GET' ? { status: 200, body: { ready: false } } : undefined),
    }).start();
    try {
      const name = uniqueName('cli-cancel');
      const hooked = (value: string) =>
        hot({
          slow: {
            type: 'Convergence::Webhook',
            properties: { url: endpoint.url, properties: { value } },
          },
        });
      await createStack(app.url, { name, template: hooked('v1') });
      await waitForStack(app.url, name);
      hold = true;
      const template = await file('cancel.yaml', hooked('v2'));
      const update = await cli(['apply', '-f', template, '--name', name, '--no-wait']);
      expect(update.code).toBe(0);
      await waitForStack(app.url, name, (s) =>
        s.resources.some((r: { status: string }) => r.status === 'UPDATE_IN_PROGRESS'),
      );

      // The cancel is followed until the stack's final state, which waits for the held update.
      const cancelling = cli(['cancel', '--name', name]);
      await waitForStack(app.url, name, (s) => /waiting for 1 in-flight action/.test(String(s.statusReason)));
      hold = false;
      const cancel = await cancelling;
      expect(cancel.code).toBe(0);
      expect(cancel.stdout).toContain(`Stack ${name} UPDATE_FAILED (version 2): Stack UPDATE cancelled`);

      const rollback = await cli(['rollback', '--name', name]);
      expect(rollback.code).toBe(0);
      expect(rollback.stdout).toContain(`Stack ${name} ROLLBACK_COMPLETE (version 3)`);
      const stack = await waitForStack(app.url, name);
      expect(stack).toMatchObject({ status: 'ROLLBACK_COMPLETE', version: 3 });
      expect(stack.resources[0].properties.properties.value).toBe('v1');

      // Nothing is in progress any more.
      const again = await cli(['cancel', '--name', name]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('(INVALID_STATE)');
    } finally {
      await endpoint.stop();
    }
  });
});

describe('convergence: usage, connection and API errors', () => {
  it('exits 2 on an unknown flag, an unknown command or a missing --name', async () => {
    const flag = await cli(['apply', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--bogus' for 'apply'");
    expect(flag.stderr).toContain("Run 'convergence apply --help'");

    const command = await cli(['frobnicate']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'frobnicate'");

    const missing = await cli(['events']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'events' needs --name");

    const badNumber = await cli(['events', '--name', 'x', '--after', 'soon']);
    expect(badNumber.code).toBe(2);
  });

  it('prints help for the CLI and for each command, and the version', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['apply', 'preview', 'status', 'events', 'delete', 'rollback', 'cancel', 'graph'])
      expect(top.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    const apply = await cli(['apply', '-h']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Usage: convergence apply');
    expect(apply.stdout).toContain('--disable-rollback');
    expect(apply.stdout).toContain('--endpoint URL');
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^convergence \d+\.\d+\.\d+$/);
  });

  it('reports an unreachable endpoint as "cannot reach" with exit 1', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const endpoint = `http://127.0.0.1:${port}/graphql`;
    const run = await cli(['status', '--endpoint', endpoint], { endpoint: null });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot reach ${endpoint}: `);
    expect(run.stderr).toContain('ECONNREFUSED');
  });

  it('prints API errors with their code', async () => {
    const run = await cli(['status', '--name', uniqueName('missing')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: No stack named \S+ \(NOT_FOUND\)/);
  });
});

describe('convergence --token', () => {
  let secured: TestApp;
  const TOKEN = 'cli-test-token';

  beforeAll(async () => {
    const tenant = uniqueTenant('cli');
    secured = await startTestApp(
      { WORKER_TENANTS: tenant },
      {
        authenticate: (token) =>
          token === TOKEN
            ? Promise.resolve({ tenant, role: 'editor' as const })
            : Promise.reject(new AppError('UNAUTHENTICATED', 'A valid bearer token is required')),
      },
    );
  });
  afterAll(async () => secured?.stop());

  it('sends the token over HTTP and WebSocket (flag or CONVERGENCE_TOKEN), and reports a refusal', async () => {
    const name = uniqueName('cli-token');
    const template = await file('small.yaml', SMALL);
    // Following progress needs the WebSocket connection to be accepted too.
    const run = await cli(['apply', '-f', template, '--name', name, '--token', TOKEN], {
      endpoint: secured.url,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^worker +CREATE_COMPLETE/m);

    const fromEnv = await cli(['events', '--name', name, '--follow'], {
      endpoint: secured.url,
      env: { CONVERGENCE_TOKEN: TOKEN },
    });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toMatch(/CREATE_COMPLETE +Stack CREATE completed successfully/);

    const refused = await cli(['status', '--name', name], { endpoint: secured.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('(UNAUTHENTICATED)');
  });
});

describe('convergence: the openstack-style read commands, validate and version conflicts', () => {
  const name = uniqueName('cli-read');

  beforeAll(async () => {
    const template = await file('read.yaml', SMALL);
    const run = await cli(['apply', '-f', template, '--name', name]);
    expect(run.code).toBe(0);
  });

  it('lists stacks and shows one', async () => {
    const list = await cli(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${name} +CREATE_COMPLETE +1 +2/2`, 'm'));
    const show = await cli(['show', '--name', name]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^Status +CREATE_COMPLETE/m);
    expect(show.stdout).toMatch(/^worker +OS::Heat::TestResource +CREATE_COMPLETE/m);
  });

  it('lists outputs and prints one', async () => {
    const list = await cli(['output', 'list', '--name', name]);
    expect(list.code).toBe(0);
    expect(list.stdout.trim()).toMatch(/^message +hello$/);
    const show = await cli(['output', 'show', '--name', name, 'message']);
    expect(show.code).toBe(0);
    expect(show.stdout).toBe('hello\n');
    const missing = await cli(['output', 'show', '--name', name, 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has no output nope (outputs: message) (NOT_FOUND)');
    const bare = await cli(['output']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("'output' needs a subcommand: list, show");
  });

  it('lists resources and shows one with its properties and dependencies', async () => {
    const list = await cli(['resource', 'list', '--name', name]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').filter((l) => /CREATE_COMPLETE/.test(l))).toHaveLength(2);
    const show = await cli(['resource', 'show', '--name', name, 'worker']);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^Requires +source$/m);
    expect(show.stdout).toContain('"value": "hello"');
    const json = JSON.parse((await cli(['resource', 'show', '--name', name, 'source', '--json'])).stdout);
    expect(json).toMatchObject({
      name: 'source',
      neededBy: [{ name: 'worker' }],
      attributes: { value: 'hello' },
    });
  });

  it('shows one event by sequence number', async () => {
    const show = await cli(['event', 'show', '--name', name, '1']);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^Event +#1$/m);
    expect(show.stdout).toMatch(/^Status +CREATE_IN_PROGRESS$/m);
    const missing = await cli(['event', 'show', '--name', name, '100000']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('(NOT_FOUND)');
  });

  it('prints the template exactly as it was sent', async () => {
    const show = await cli(['template', 'show', '--name', name]);
    expect(show.code).toBe(0);
    expect(`${show.stdout}`).toBe(SMALL);
  });

  it('validates a template without a stack, capping long problem lists', async () => {
    const good = await cli(['validate', '-f', await file('valid.yaml', SMALL)]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('is valid: 2 resource(s)');
    expect(good.stdout).toContain('in dependency order: source, worker');

    const many = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`r${i}`, { type: 'OS::Heat::None', depends_on: [`ghost${i}`] }]),
    );
    const bad = await cli(['validate', '-f', await file('many.yaml', hot(many))]);
    expect(bad.code).toBe(1);
    const problems = bad.stderr.split('\n').filter((l) => l.includes('many.yaml'));
    expect(problems).toHaveLength(20);
    expect(bad.stderr).toContain('... and 10 more problems (--json lists them all)');
    const json = JSON.parse(
      (await cli(['validate', '-f', await file('many.yaml', hot(many)), '--json'])).stdout,
    );
    expect(json.problems).toHaveLength(30);
  });

  it('refuses an apply when the stack changed since it was read (VERSION_CONFLICT), unless --force', async () => {
    // A real proxy in front of the service lets another client update the stack between the
    // CLI's read and its update: the race of two people applying at once, made deterministic.
    const target = new URL(app.url);
    let raced = false;
    const proxy = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          const body = Buffer.concat(chunks).toString();
          if (!raced && body.includes('mutation UpdateStack')) {
            raced = true;
            const other = await gql(
              app.url,
              'mutation($input: UpdateStackInput!) { updateStack(input: $input) { stack { version } } }',
              { input: { name, parameters: { greeting: 'from someone else' } } },
            );
            expect(other.errors).toBeUndefined();
          }
          const answer = await fetch(app.url, {
            method: req.method ?? 'POST',
            headers: { 'content-type': 'application/json' },
            body: req.method === 'GET' ? undefined : body,
          });
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(await answer.text());
        })();
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(proxy.address() as { port: number }).port}${target.pathname}`;
    try {
      const template = await file('conflict.yaml', SMALL.replace('default: hello', 'default: mine'));
      const conflict = await cli(['apply', '-f', template, '--name', name, '--no-wait'], { endpoint });
      expect(raced).toBe(true);
      expect(conflict.code).toBe(1);
      expect(conflict.stderr).toContain('(VERSION_CONFLICT)');
      expect(conflict.stderr).toMatch(/it is at version 2 now.*--force/);
      await waitForStack(app.url, name);
      expect((await stackOf(name))?.version).toBe(2);

      const forced = await cli(['apply', '-f', template, '--name', name, '--force']);
      expect(forced.code).toBe(0);
      expect(forced.stdout).toContain('UPDATE_COMPLETE (version 3)');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('asks before deleting on a terminal: no keeps the stack, yes deletes it', async () => {
    const doomed = uniqueName('cli-ask');
    await createStack(app.url, { name: doomed, template: hot({ only: { type: 'OS::Heat::None' } }) });
    await waitForStack(app.url, doomed);
    // `script` gives the CLI a real terminal; the answer is typed once the question is shown.
    const answer = (reply: string) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(
          'script',
          ['-qec', `node bin/convergence.mjs delete --name ${doomed}`, '/dev/null'],
          {
            cwd: ROOT,
            env: { ...process.env, NO_COLOR: '1', CONVERGENCE_ENDPOINT: app.url },
            stdio: ['pipe', 'pipe', 'pipe'],
          },
        );
        let output = '';
        child.stdout.on('data', (c: Buffer) => {
          output += c.toString();
          if (output.includes('[y/N]') && !child.stdin.writableEnded) child.stdin.end(`${reply}\n`);
        });
        child.once('exit', (code) => resolve({ code, output }));
      });
    const no = await answer('n');
    expect(no.output).toContain(`Delete stack ${doomed}`);
    expect(no.output).toContain('Not deleted.');
    expect(no.code).toBe(1);
    expect((await stackOf(doomed))?.status).toBe('CREATE_COMPLETE');
    const yes = await answer('y');
    expect(yes.code).toBe(0);
    expect(yes.output).toContain(`Stack ${doomed} DELETE_COMPLETE`);
  });

  it('ends quietly when the reader of its output goes away (events | head -1)', async () => {
    const big = uniqueName('cli-pipe');
    const resources = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [
        `resource-with-a-rather-long-name-${String(i).padStart(4, '0')}`,
        { type: 'OS::Heat::None' },
      ]),
    );
    await createStack(app.url, { name: big, template: hot(resources) });
    await waitForStack(app.url, big);
    const child = spawn(
      'bash',
      ['-c', `node bin/convergence.mjs events --name ${big} | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', CONVERGENCE_ENDPOINT: app.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stdout).toMatch(/#1 .*CREATE_IN_PROGRESS/);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/at \S+ \(/);
    expect(stderr.trim()).toBe('exit=0');
  });
});
