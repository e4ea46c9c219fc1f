import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { startTestApp, uniqueName, uniqueTenant, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
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

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Called once the process started (e.g. to signal it). */
  started?: (child: ChildProcess) => void;
  endpoint?: string | null;
}

/** Runs `node bin/convergence.mjs ...args` as a real process against the test app. */
function cli(args: string[], options: CliOptions = {}): Promise<Run> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    CONVERGENCE_TOKEN: undefined,
    CONVERGENCE_ENDPOINT: options.endpoint === null ? undefined : (options.endpoint ?? app.url),
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
    }, 90_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Resolves once `child` printed something matching `pattern` on stdout. */
function printed(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const check = (chunk: Buffer) => {
      seen += chunk.toString();
      if (!pattern.test(seen)) return;
      child.stdout!.off('data', check);
      resolve();
    };
    child.stdout!.on('data', check);
  });
}

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

  it('previews a changed template: UPDATED, ADDED and UNCHANGED resources', async () => {
    const template = await file('changed.yaml', CHANGED);
    const run = await cli(['preview', '-f', template, '--name', name, '--param', 'greeting=hey']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('changes from version 1');
    expect(run.stdout).toMatch(/^worker +UPDATED +wait_secs/m);
    expect(run.stdout).toMatch(/^extra +ADDED/m);
    expect(run.stdout).toMatch(/^source +UNCHANGED/m);
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
    const run = await cli(['delete', '--name', name]);
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

  it('sends --param values as JSON when they parse, merged over --params-file', async () => {
    const name = uniqueName('cli-params');
    const template = await file(
      'params.yaml',
      `heat_template_version: 2021-04-16
parameters:
  count: { type: number }
  enabled: { type: boolean }
  label: { type: string }
  zone: { type: string }
resources:
  v: { type: OS::Heat::Value, properties: { value: { get_param: label } } }
`,
    );
    const params = await file('params.json', JSON.stringify({ zone: 'a', label: 'from-file', count: 1 }));
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
      '--no-wait',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Stack ${name}: CREATE accepted`);
    expect(run.stdout).toContain(`convergence events --follow --name ${name}`);
    const stack = await stackOf(name);
    expect(stack?.versions[0]?.parameters).toEqual({ zone: 'a', label: '007', count: 3, enabled: true });
    await waitForStack(app.url, name);
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
    const name = uniqueName('cli-cancel');
    const slow = (secs: number) =>
      hot({ slow: { type: 'OS::Heat::TestResource', properties: { wait_secs: secs, value: String(secs) } } });
    await createStack(app.url, { name, template: slow(0.1) });
    await waitForStack(app.url, name);
    const template = await file('cancel.yaml', slow(5));
    const update = await cli(['apply', '-f', template, '--name', name, '--no-wait']);
    expect(update.code).toBe(0);
    await waitForStack(app.url, name, (s) =>
      s.resources.some((r: { status: string }) => r.status === 'UPDATE_IN_PROGRESS'),
    );

    const cancel = await cli(['cancel', '--name', name]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain(`Stack ${name} UPDATE_FAILED (version 2): Stack UPDATE cancelled`);

    const rollback = await cli(['rollback', '--name', name]);
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain(`Stack ${name} ROLLBACK_COMPLETE (version 3)`);
    const stack = await waitForStack(app.url, name);
    expect(stack).toMatchObject({ status: 'ROLLBACK_COMPLETE', version: 3 });
    expect(stack.resources[0].properties.value).toBe('0.1');

    // Nothing is in progress any more.
    const again = await cli(['cancel', '--name', name]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('(INVALID_STATE)');
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
