import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { startTestApp, uniqueName, uniqueTenant, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { collect, gql, wsClient } from '../support/graphql.ts';
import { hot } from '../support/stacks.ts';

/**
 * The GraphiQL IDE at GET /graphql in a real headless Chromium, against a service that requires
 * a token: it must work offline (every request goes to the service itself), run queries over
 * HTTP and subscriptions over graphql-ws with the token typed in its token field, and show the
 * schema's descriptions.
 */

const TOKEN = 'graphiql-test-token';
let app: TestApp;
let browser: Browser;
let origin: string;
const name = uniqueName('ide');

beforeAll(async () => {
  const tenant = uniqueTenant('ide');
  // The browser first (it may install Debian's chromium on a fresh machine), the service after: a
  // service started during that install timed out acquiring its first Neo4j connection.
  browser = await launchChromium();
  app = await startTestApp(
    { WORKER_TENANTS: tenant },
    {
      authenticate: (token) =>
        token === TOKEN
          ? Promise.resolve({ tenant, role: 'editor' as const })
          : Promise.reject(new AppError('UNAUTHENTICATED', 'A valid bearer token is required')),
    },
  );
  origin = new URL(app.url).origin;
  const created = await gql(
    app.url,
    'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { name } } }',
    { input: { name, template: hot({ only: { type: 'OS::Heat::None' } }) } },
    TOKEN,
  );
  expect(created.errors).toBeUndefined();
  // The replay of stackEvents ends with the terminal stack event: wait for it.
  await collect<{ stackEvents: { type: string; status: string } }>(
    wsClient(app.url.replace('http', 'ws'), { authorization: `Bearer ${TOKEN}` }),
    'subscription($name: String!) { stackEvents(name: $name, after: 0) { type status } }',
    { name },
    (values) =>
      values.some((v) => v.stackEvents.type === 'STACK' && v.stackEvents.status === 'CREATE_COMPLETE'),
  );
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function openIde(query?: string): Promise<{ page: Page; foreign: string[]; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const foreign: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith(origin.replace('http', 'ws')))
      foreign.push(r.url());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const search = query ? `?query=${encodeURIComponent(query)}` : '';
  await page.goto(`${origin}/graphql${search}`);
  await page.locator('.graphiql-container').waitFor();
  return { page, foreign, problems };
}

async function useToken(page: Page) {
  await page.fill('#ide-token', TOKEN);
  await page.click('#ide-token-save');
  await page.locator('#ide-status', { hasText: 'using the token' }).waitFor();
}

/** Runs the operation in the editor and waits for a result containing `expected`. */
async function run(page: Page, expected: string): Promise<string> {
  await page.locator('.graphiql-execute-button').click();
  const result = page.locator('.result-window', { hasText: expected });
  await result.waitFor();
  return (await result.innerText()).replace(/\u200b/g, '');
}

describe('GraphiQL at /graphql', () => {
  it('serves the IDE to browsers and the API to GraphQL clients on the same path', async () => {
    const html = await fetch(app.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    const text = await html.text();
    expect(text).toContain('ui/vendor/graphiql/graphiql.min.js');
    expect(text).not.toMatch(/https?:\/\//);
    const api = await gql(app.url, '{ __typename }', {}, TOKEN);
    expect(api.data).toEqual({ __typename: 'Query' });
  });

  it('renders offline, and runs a query over HTTP with the token from its token field', async () => {
    const { page, foreign, problems } = await openIde('query { stacks { name status } }');
    try {
      // Without a token the service refuses.
      expect(await run(page, 'UNAUTHENTICATED')).toContain('A valid bearer token is required');
      await useToken(page);
      const result = await run(page, name);
      expect(result).toContain(name);
      expect(result).toContain('CREATE_COMPLETE');
      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('runs a subscription over graphql-ws with the token', async () => {
    const { page, problems } = await openIde(
      `subscription { stackEvents(name: "${name}", after: 0) { sequence type status } }`,
    );
    try {
      await useToken(page);
      await page.locator('.graphiql-execute-button').click();
      // The replay ends with the stack's CREATE_COMPLETE event.
      await page.locator('.result-window', { hasText: 'CREATE_COMPLETE' }).waitFor();
      expect(await page.locator('.result-window').innerText()).toContain('"STACK"');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("shows the schema's descriptions in the documentation explorer", async () => {
    const { page } = await openIde();
    try {
      await useToken(page);
      await page.locator('button[aria-label="Show Documentation Explorer"]').click();
      const docs = page.locator('.graphiql-doc-explorer');
      await docs.getByText('Query', { exact: true }).first().click();
      await docs.getByText('A stack by name', { exact: false }).first().waitFor();
      await docs.getByText('stack', { exact: true }).first().click();
      await docs.getByText('Stack', { exact: true }).first().click();
      await docs.getByText('Why the stack is in its status', { exact: false }).first().waitFor();
    } finally {
      await page.close();
    }
  });
});

describe('schema descriptions', () => {
  it('describes every type, field, argument and enum value, custom scalars included', async () => {
    const res = await gql(
      app.url,
      `{ __schema { types { name kind description
          fields { name description args { name description } }
          inputFields { name description }
          enumValues { name description } } } }`,
      {},
      TOKEN,
    );
    const missing: string[] = [];
    for (const t of res.data!.__schema.types as any[]) {
      if (t.name.startsWith('__') || ['String', 'Int', 'Boolean', 'ID', 'Float'].includes(t.name)) continue;
      if (!t.description) missing.push(t.name);
      for (const f of t.fields ?? []) {
        if (!f.description) missing.push(`${t.name}.${f.name}`);
        for (const a of f.args) if (!a.description) missing.push(`${t.name}.${f.name}(${a.name})`);
      }
      for (const f of t.inputFields ?? []) if (!f.description) missing.push(`${t.name}.${f.name}`);
      for (const v of t.enumValues ?? []) if (!v.description) missing.push(`${t.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });
});
