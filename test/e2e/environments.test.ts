import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { waitForStack } from '../support/stacks.ts';

/**
 * Templates as `openstack stack create -t T -e E` sends them: the CLI collects the files a template
 * and its environments name (get_file, relative to the file that names them) and sends them with
 * the environments; the service merges the environments in order, serves get_file from the files,
 * stores both with the version, and an update with another environment changes what it decides.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let app: TestApp;
let dir: string;

beforeAll(async () => {
  app = await startTestApp();
  dir = await mkdtemp(join(tmpdir(), 'convergence-env-'));
});
afterAll(async () => {
  await app?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/convergence.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', CONVERGENCE_ENDPOINT: app.url, CONVERGENCE_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI timed out: ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const TEMPLATE = `heat_template_version: 2018-08-31
parameters:
  greeting: {type: string, default: hello}
  size: {type: number}
resources:
  config:
    type: My::Value
    properties:
      value: {get_file: files/motd.txt}
  app:
    type: OS::Heat::TestResource
    properties:
      value:
        str_replace:
          template: "$g ($s)"
          params: {$g: {get_param: greeting}, $s: {get_param: size}}
outputs:
  motd: {value: {get_attr: [config, value]}}
  app: {value: {get_attr: [app, output]}}
`;

describe('environments and files', () => {
  it('creates from files on disk with an environment, then updates with another environment', async () => {
    await mkdir(join(dir, 'files'), { recursive: true });
    await mkdir(join(dir, 'env'), { recursive: true });
    await writeFile(join(dir, 'stack.yaml'), TEMPLATE);
    await writeFile(join(dir, 'files', 'motd.txt'), 'welcome aboard\n');
    await writeFile(
      join(dir, 'env', 'base.yaml'),
      'resource_registry:\n  "My::Value": OS::Heat::Value\nparameter_defaults:\n  size: 1\n',
    );
    await writeFile(join(dir, 'env', 'big.yaml'), 'parameters:\n  size: 3\n  greeting: hi\n');
    const name = uniqueName('env');

    const created = await cli([
      'apply',
      '-f',
      join(dir, 'stack.yaml'),
      '-e',
      join(dir, 'env', 'base.yaml'),
      '--name',
      name,
    ]);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const first = await waitForStack(app.url, name, (s) => s.status === 'CREATE_COMPLETE');
    expect(first.outputs).toEqual({ motd: 'welcome aboard\n', app: 'hello (1)' });

    const updated = await cli([
      'apply',
      '-f',
      join(dir, 'stack.yaml'),
      '-e',
      join(dir, 'env', 'base.yaml'),
      '-e',
      join(dir, 'env', 'big.yaml'),
      '--name',
      name,
    ]);
    expect(updated.code, updated.stdout + updated.stderr).toBe(0);
    const second = await waitForStack(app.url, name, (s) => s.status === 'UPDATE_COMPLETE');
    expect(second.outputs).toEqual({ motd: 'welcome aboard\n', app: 'hi (3)' });

    // The versions keep what was sent, exactly.
    const res = await gql(
      app.url,
      `query($n: String!) { stack(name: $n) { versions { number environment files } } }`,
      {
        n: name,
      },
    );
    expect(res.errors).toBeUndefined();
    const versions = res.data!.stack.versions as Array<{
      number: number;
      environment: string[];
      files: Record<string, string>;
    }>;
    expect(versions.map((v) => v.environment.length)).toEqual([1, 2]);
    expect(versions[1]!.environment[1]).toBe('parameters:\n  size: 3\n  greeting: hi\n');
    expect(versions[0]!.files).toEqual({ 'files/motd.txt': 'welcome aboard\n' });
  });

  it('refuses a get_file the files do not hold, naming the path, and reports warnings when valid', async () => {
    const missing = await gql(
      app.url,
      `query($t: String!) { validateTemplate(template: $t, parameters: {size: 1}) { valid problems { code message } warnings { code } } }`,
      { t: TEMPLATE.replace('My::Value', 'OS::Heat::Value') },
    );
    expect(missing.data!.validateTemplate.valid).toBe(false);
    expect(missing.data!.validateTemplate.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'MISSING_FILE', message: expect.stringContaining('files/motd.txt') }),
      ]),
    );
    const warned = await gql(
      app.url,
      `query($t: String!, $f: JSON) { validateTemplate(template: $t, files: $f, parameters: {size: 1}) { valid warnings { code line } } }`,
      {
        t: TEMPLATE.replace('My::Value', 'OS::Heat::Value').replace(
          'resources:\n',
          'resources:\n  app: {type: OS::Heat::None}\n',
        ),
        f: { 'files/motd.txt': 'x' },
      },
    );
    expect(warned.data!.validateTemplate.valid).toBe(true);
    expect(warned.data!.validateTemplate.warnings).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_KEY' }),
    ]);
  });

  it('an update with another environment flips a condition: the guarded resources are created, then deleted', async () => {
    const sub = join(dir, 'cond');
    await mkdir(join(sub, 'files'), { recursive: true });
    await writeFile(
      join(sub, 'stack.yaml'),
      `heat_template_version: 2021-04-16
parameters:
  tier: {type: string, default: dev}
conditions:
  prod: {equals: [{get_param: tier}, prod]}
  dev: {not: prod}
resources:
  banner:
    type: OS::Heat::Value
    properties:
      value: {get_file: files/banner.txt}
  replica:
    type: OS::Heat::Value
    condition: prod
    properties:
      value: {get_attr: [banner, value]}
  scratch:
    type: OS::Heat::None
    condition: dev
outputs:
  mode: {value: {if: [prod, {get_attr: [replica, value]}, development]}}
  replica: {value: {get_resource: replica}, condition: prod}
`,
    );
    await writeFile(join(sub, 'files', 'banner.txt'), 'made in prod');
    await writeFile(join(sub, 'dev.yaml'), 'parameter_defaults:\n  tier: dev\n');
    await writeFile(join(sub, 'prod.yaml'), 'parameter_defaults:\n  tier: prod\n');
    const name = uniqueName('cond');
    const resourcesOf = async () => {
      const res = await gql(app.url, `query($n: String!) { stack(name: $n) { resources { name status } } }`, {
        n: name,
      });
      expect(res.errors).toBeUndefined();
      return (res.data!.stack.resources as Array<{ name: string }>).map((r) => r.name).sort();
    };
    const apply = (env: string) =>
      cli(['apply', '-f', join(sub, 'stack.yaml'), '-e', join(sub, env), '--name', name]);

    const created = await apply('dev.yaml');
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const first = await waitForStack(app.url, name, (s) => s.status === 'CREATE_COMPLETE');
    expect(first.outputs).toEqual({ mode: 'development', replica: null });
    expect(await resourcesOf()).toEqual(['banner', 'scratch']);

    const toProd = await apply('prod.yaml');
    expect(toProd.code, toProd.stdout + toProd.stderr).toBe(0);
    const second = await waitForStack(app.url, name, (s) => s.status === 'UPDATE_COMPLETE');
    expect(second.outputs).toMatchObject({ mode: 'made in prod' });
    expect(await resourcesOf()).toEqual(['banner', 'replica']);

    const back = await apply('dev.yaml');
    expect(back.code, back.stdout + back.stderr).toBe(0);
    await waitForStack(app.url, name, (s) => s.status === 'UPDATE_COMPLETE' && s.version === 3);
    expect(await resourcesOf()).toEqual(['banner', 'scratch']);
  });

  it('validate lists the parameters as Heat does, through the API and the CLI', async () => {
    const sub = join(dir, 'validate');
    await mkdir(sub, { recursive: true });
    const template = `heat_template_version: 2018-08-31
parameter_groups:
  - {label: Access, parameters: [password, port]}
parameters:
  password: {type: string, hidden: true, default: hunter2}
  port:
    type: number
    default: 80
    description: where to listen
    constraints: [{range: {min: 1, max: 65535}}]
resources:
  r: {type: OS::Heat::None}
`;
    await writeFile(join(sub, 't.yaml'), template);
    await writeFile(join(sub, 'e.yaml'), 'parameter_defaults:\n  port: 8080\n');
    const res = await gql(
      app.url,
      `query($t: String!, $e: [String!]) { validateTemplate(template: $t, environment: $e) {
        valid parameters { name type default hidden description constraints } parameterGroups { label parameters } } }`,
      { t: template, e: ['parameter_defaults:\n  port: 8080\n'] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.validateTemplate).toEqual({
      valid: true,
      parameters: [
        {
          name: 'password',
          type: 'string',
          default: '******',
          hidden: true,
          description: null,
          constraints: [],
        },
        {
          name: 'port',
          type: 'number',
          default: 8080,
          hidden: false,
          description: 'where to listen',
          constraints: [{ range: { min: 1, max: 65535 } }],
        },
      ],
      parameterGroups: [{ label: 'Access', parameters: ['password', 'port'] }],
    });

    const printed = await cli(['validate', '-f', join(sub, 't.yaml'), '-e', join(sub, 'e.yaml')]);
    expect(printed.code, printed.stdout + printed.stderr).toBe(0);
    expect(printed.stdout).toContain('password (string, hidden)');
    expect(printed.stdout).toContain('default: "******"');
    expect(printed.stdout).toContain('default: 8080');
    expect(printed.stdout).not.toContain('hunter2');
    expect(printed.stdout).toContain('Group Access: password, port');
  });

  it('template fixtures are created or refused by the service as the compiler says (test/fixtures/templates)', async () => {
    const fixtures = join(ROOT, 'test', 'fixtures', 'templates');
    const create = async (file: string, extra: Record<string, unknown> = {}) => {
      const name = uniqueName('fixture');
      const template = await readFile(join(fixtures, file), 'utf8');
      const res = await gql(
        app.url,
        `mutation($input: CreateStackInput!) { createStack(input: $input) { stack { name } } }`,
        { input: { name, template, ...extra } },
      );
      return { name, res };
    };
    for (const [file, code] of [
      ['reference-to-disabled.yaml', 'DISABLED_RESOURCE'],
      ['condition-circular.yaml', 'INVALID_CONDITION'],
      ['release-name-unknown.yaml', 'UNKNOWN_VERSION'],
    ] as const) {
      const { res } = await create(file);
      expect(res.errors?.[0]?.extensions?.code, file).toBe('TEMPLATE_INVALID');
      const problems = (res.errors?.[0]?.extensions?.details as { problems: Array<{ code: string }> })
        .problems;
      expect(
        problems.map((p) => p.code),
        file,
      ).toContain(code);
    }
    const banner = await readFile(join(fixtures, 'banner.txt'), 'utf8');
    const { name, res } = await create('conditions-env-flip.yaml', {
      files: { 'banner.txt': banner },
      environment: ['parameter_defaults: {tier: prod}'],
    });
    expect(res.errors).toBeUndefined();
    const stack = await waitForStack(app.url, name, (s) => s.status === 'CREATE_COMPLETE');
    expect((stack.resources as Array<{ name: string }>).map((r) => r.name).sort()).toEqual([
      'always',
      'banner',
      'replica',
    ]);
    expect(stack.outputs).toMatchObject({ mode: banner });
  });
});
