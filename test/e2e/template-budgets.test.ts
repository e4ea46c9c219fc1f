import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';

/**
 * Issue 16 §6 and §10 against the real API: templates whose text is small but whose expansion or
 * resolved version is large get a coded refusal from createStack, and validateTemplate agrees;
 * nothing is stored.
 */
const MB = 1024 * 1024;
const MAX_VERSION_BYTES = 8 * MB;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ MAX_VERSION_BYTES: String(MAX_VERSION_BYTES) });
});
afterAll(async () => {
  await app?.stop();
});

const CREATE = 'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { name } } }';
const VALIDATE = `query($t: String!, $p: JSON) { validateTemplate(template: $t, parameters: $p) {
  valid problems { code message } } }`;

async function exists(name: string): Promise<boolean> {
  const r = await gql(app.url, 'query($n: String!) { stack(name: $n) { name } }', { n: name });
  return r.data?.stack != null;
}

describe('template budgets', () => {
  it('refuses a 1 MB string aliased 1,000 times as TEMPLATE_INVALID (never INTERNAL_SERVER_ERROR), and validateTemplate agrees', async () => {
    const template = [
      'heat_template_version: 2018-08-31',
      'resources:',
      '  r:',
      '    type: OS::Heat::None',
      '    properties:',
      `      big: &s "${'x'.repeat(MB)}"`,
      `      copies: [${Array.from({ length: 1000 }, () => '*s').join(', ')}]`,
    ].join('\n');
    const name = uniqueName('aliases');
    const created = await gql(app.url, CREATE, { input: { name, template } });
    expect(created.errors?.[0]?.extensions?.code).toBe('TEMPLATE_INVALID');
    const problems = created.errors![0]!.extensions!.details!.problems as Array<{
      code: string;
      message: string;
    }>;
    expect(problems[0]).toMatchObject({ code: 'YAML_SYNTAX' });
    expect(problems[0]!.message).toMatch(/MiB of text/);
    const validated = await gql(app.url, VALIDATE, { t: template });
    expect(validated.errors).toBeUndefined();
    expect(validated.data!.validateTemplate.valid).toBe(false);
    expect(validated.data!.validateTemplate.problems[0]).toEqual({
      code: problems[0]!.code,
      message: problems[0]!.message,
    });
    expect(await exists(name)).toBe(false);
  });

  it('refuses a 1 MB parameter used by 12 resources as LIMIT_EXCEEDED MAX_VERSION_BYTES, and validateTemplate agrees', async () => {
    const resources = Array.from({ length: 12 }, (_, i) =>
      [`  r${i}:`, '    type: OS::Heat::None', '    properties:', '      v: {get_param: big}'].join('\n'),
    );
    const template = [
      'heat_template_version: 2018-08-31',
      'parameters:',
      '  big: {type: string}',
      'resources:',
      ...resources,
    ].join('\n');
    const parameters = { big: 'p'.repeat(MB) };
    const name = uniqueName('resolved');
    const created = await gql(app.url, CREATE, { input: { name, template, parameters } });
    expect(created.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(created.errors![0]!.extensions!.details).toMatchObject({
      limit: 'MAX_VERSION_BYTES',
      max: MAX_VERSION_BYTES,
    });
    const validated = await gql(app.url, VALIDATE, { t: template, p: parameters });
    expect(validated.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(validated.errors![0]!.extensions!.details).toMatchObject({ limit: 'MAX_VERSION_BYTES' });
    expect(await exists(name)).toBe(false);
    // Six uses of the same megabyte fit: the bound is on what is stored, not on the parameter.
    const fits = await gql(app.url, VALIDATE, { t: template.split('\n  r6:')[0]!, p: parameters });
    expect(fits.data?.validateTemplate.valid).toBe(true);
  });

  it('refuses a ResourceGroup of count 1,000,000 as LIMIT_EXCEEDED MAX_RESOURCES_PER_STACK without expanding it, and validateTemplate agrees', async () => {
    const template = [
      'heat_template_version: 2018-08-31',
      'resources:',
      '  group:',
      '    type: OS::Heat::ResourceGroup',
      '    properties:',
      '      count: 1000000',
      '      resource_def: {type: OS::Heat::None, properties: {n: "m-%index%"}}',
    ].join('\n');
    const name = uniqueName('group');
    const created = await gql(app.url, CREATE, { input: { name, template } });
    expect(created.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(created.errors![0]!.extensions!.details).toMatchObject({ limit: 'MAX_RESOURCES_PER_STACK' });
    expect(created.errors![0]!.message).toContain('1000000');
    const validated = await gql(app.url, VALIDATE, { t: template });
    expect(validated.errors?.[0]?.extensions?.details).toMatchObject({ limit: 'MAX_RESOURCES_PER_STACK' });
    expect(await exists(name)).toBe(false);
  });
});
