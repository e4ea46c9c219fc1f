import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { createStack, waitForStack } from '../support/stacks.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

const example = (file: string) => readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8');
const VALIDATE =
  'query($t: String!, $p: JSON) { validateTemplate(template: $t, parameters: $p) { valid problems { code path message } resources } }';

describe('examples/', () => {
  it('are all valid templates', async () => {
    for (const [file, parameters] of [
      ['web-app.yaml', {}],
      ['failing-app.yaml', {}],
      ['webhook.yaml', { endpoint: 'http://127.0.0.1:9/things' }],
    ] as const) {
      const res = await gql(app.url, VALIDATE, { t: example(file), p: parameters });
      expect(res.data?.validateTemplate, file).toMatchObject({ valid: true, problems: [] });
    }
  });

  it('web-app.yaml converges and resolves its outputs', async () => {
    const name = uniqueName('web-app');
    await createStack(app.url, {
      name,
      template: example('web-app.yaml'),
      parameters: { app_version: '2.1' },
    });
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(stack.readiness).toEqual({ ready: 6, total: 6 });
    expect(stack.outputs.app).toMatch(/^app 2\.1 db: test-.* cache: test-/);
    expect(stack.outputs.url).toMatch(/^http:\/\/test-.*\/$/);
  });

  it('failing-app.yaml fails on its migrations and rolls back to nothing', async () => {
    const name = uniqueName('failing-app');
    await createStack(app.url, { name, template: example('failing-app.yaml') });
    const stack = await waitForStack(app.url, name, (s) => /^ROLLBACK_(COMPLETE|FAILED)$/.test(s.status));
    expect(stack.status).toBe('ROLLBACK_COMPLETE');
    const events = await gql(
      app.url,
      'query($n: String!) { stack(name: $n) { events(first: 1000) { resourceName status reason } } }',
      { n: name },
    );
    const failed = events.data!.stack.events.find(
      (e: { status: string; resourceName: string | null }) =>
        e.status === 'CREATE_FAILED' && e.resourceName === null,
    );
    expect(failed.reason).toContain('migrations');
  });

  it('generate-large.mjs writes a valid layered template of the requested size that converges', async () => {
    const template = execFileSync(
      process.execPath,
      [new URL('../../examples/generate-large.mjs', import.meta.url).pathname, '300'],
      { encoding: 'utf8' },
    );
    const validation = await gql(app.url, VALIDATE, { t: template });
    expect(validation.data!.validateTemplate.resources).toHaveLength(300);
    const name = uniqueName('large');
    await createStack(app.url, { name, template });
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
  });

  it('generate-large.mjs with TestResource (600 test 0.3) writes a valid template with its dependencies', async () => {
    const template = execFileSync(
      process.execPath,
      [new URL('../../examples/generate-large.mjs', import.meta.url).pathname, '600', 'test', '0.3'],
      { encoding: 'utf8' },
    );
    const validation = await gql(app.url, VALIDATE, { t: template });
    expect(validation.data!.validateTemplate).toMatchObject({ valid: true, problems: [] });
    expect(validation.data!.validateTemplate.resources).toHaveLength(600);
    // Layers are 50 wide: r50 depends on r0 (and r3), so r0 comes first.
    const order: string[] = validation.data!.validateTemplate.resources;
    expect(order.indexOf('r0')).toBeLessThan(order.indexOf('r50'));
  });
});
