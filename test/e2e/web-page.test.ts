import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { createStack, hot, mutate, waitForStack } from '../support/stacks.ts';

/**
 * The live graph page (web/, served at /ui/) in a real headless Chromium against the real
 * service: HTTP GraphQL for reads, graphql-ws for live events.
 */

let app: TestApp;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  // Launching may first install Debian's chromium (apt-get) on a fresh machine: a generous timeout.
  // The browser comes first, the service after: a service started during that install timed out
  // acquiring its first Neo4j connection on a busy CI machine.
  browser = await launchChromium();
  app = await startTestApp();
  origin = new URL(app.url).origin;
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const test = (value: string, dependsOn: string[] = []) => ({
  type: 'OS::Heat::TestResource',
  properties: { value, wait_secs: 0.5 },
  ...(dependsOn.length ? { depends_on: dependsOn } : {}),
});

async function newPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('requestfailed', (r) => {
    // Navigations (reload, new hash) abort the requests in flight: expected.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  return { page, problems };
}

/** Records every data-status a graph node takes, from now on, in the page (window.__seen). */
async function recordStatuses(page: Page) {
  await page.evaluate(() => {
    const seen: Array<[string, string]> = [];
    (window as any).__seen = seen;
    const record = (g: Element) => seen.push([g.getAttribute('data-name')!, g.getAttribute('data-status')!]);
    document.querySelectorAll('#graph g.node').forEach(record);
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        if (m.type === 'attributes') {
          // Records arrive after the fact: the old value is the status the node had before.
          const g = m.target as Element;
          seen.push([g.getAttribute('data-name')!, m.oldValue ?? '']);
          record(g);
        }
        for (const n of Array.from(m.addedNodes)) {
          if (!(n instanceof Element)) continue;
          if (n.matches('g.node')) record(n);
          n.querySelectorAll('g.node').forEach(record);
        }
      }
    }).observe(document.getElementById('graph')!, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeOldValue: true,
      attributeFilter: ['data-status'],
    });
  });
}

const nodeStates = (page: Page) =>
  page.$$eval('#graph g.node', (gs) =>
    Object.fromEntries(
      gs.map((g) => [
        g.getAttribute('data-name'),
        `${g.getAttribute('data-status')}${g.getAttribute('data-ready') === 'true' ? '+ready' : ''}`,
      ]),
    ),
  );

/**
 * Waits until the page's nodes are in these states; on a timeout the error also tells what the
 * API says, the live indicator and any error banner, to tell a page bug from a slow engine.
 */
async function untilNodes(page: Page, name: string, expected: Record<string, string>) {
  try {
    await expect.poll(() => nodeStates(page), { timeout: 60_000, interval: 100 }).toEqual(expected);
  } catch (error) {
    const api = await waitForStack(app.url, name, () => true);
    const diagnosis = {
      page: await nodeStates(page),
      live: await page.getAttribute('#live', 'data-state'),
      banner: await page.textContent('#error'),
      api: [
        `${api.status} v${api.version}`,
        ...api.resources.map((r: any) => `${r.name} ${r.status}${r.observedReady ? '+ready' : ''}`),
      ],
    };
    throw new Error(`${(error as Error).message}\n${JSON.stringify(diagnosis, null, 2)}`, { cause: error });
  }
}

describe('the live graph page', () => {
  it('draws the dependency graph, follows convergence live, shows details and diffs versions', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${origin}/`);
    expect(new URL(page.url()).pathname).toBe('/ui/');
    await page.locator('#stack-list').waitFor({ state: 'attached' });

    // a diamond with a tail: a -> (b, c) -> d -> e
    const name = uniqueName('web');
    await createStack(app.url, {
      name,
      template: hot({
        a: test('A'),
        b: test('B-1', ['a']),
        c: test('C', ['a']),
        d: test('D', ['b', 'c']),
        e: test('E', ['d']),
      }),
    });
    await page.click('#refresh-stacks');
    const item = page.locator(`#stack-list [data-stack="${name}"]`);
    await item.waitFor();
    await item.locator('button').click();

    // The graph: five nodes, edges from each dependency to what needs it, in layers.
    await page.locator('#graph g.node[data-name="e"]').waitFor();
    await recordStatuses(page);
    expect(await page.locator('#graph g.node').count()).toBe(5);
    const edges = await page.$$eval('#graph path.edge', (ps) =>
      ps.map((p) => `${p.getAttribute('data-from')}->${p.getAttribute('data-to')}`).sort(),
    );
    expect(edges).toEqual(['a->b', 'a->c', 'b->d', 'c->d', 'd->e']);
    expect(
      await page.$$eval('#graph path.edge', (ps) =>
        ps.every((p) => p.getAttribute('marker-end') === 'url(#arrow)'),
      ),
    ).toBe(true);
    const layout: Record<string, { layer: string | null; x: number }> = await page.$$eval(
      '#graph g.node',
      (gs) =>
        Object.fromEntries(
          gs.map((g) => [
            g.getAttribute('data-name'),
            {
              layer: g.getAttribute('data-layer'),
              x: Number(/translate\(([\d.]+)/.exec(g.getAttribute('transform') ?? '')?.[1]),
            },
          ]),
        ),
    );
    expect(Object.fromEntries(Object.entries(layout).map(([n, l]) => [n, l.layer]))).toEqual({
      a: '0',
      b: '1',
      c: '1',
      d: '2',
      e: '3',
    });
    const x = (n: string) => layout[n]!.x;
    expect(x('a')).toBeLessThan(x('b'));
    expect(x('b')).toBe(x('c'));
    expect(x('c')).toBeLessThan(x('d'));
    expect(x('d')).toBeLessThan(x('e'));

    // Live: some node is seen in progress, then every node completes and is observed ready.
    await page.locator('#graph g.node[data-status$="_IN_PROGRESS"]').first().waitFor({ timeout: 30_000 });
    await untilNodes(page, name, {
      a: 'CREATE_COMPLETE+ready',
      b: 'CREATE_COMPLETE+ready',
      c: 'CREATE_COMPLETE+ready',
      d: 'CREATE_COMPLETE+ready',
      e: 'CREATE_COMPLETE+ready',
    });
    await page.locator('#live[data-state="live"]').waitFor();
    await page.locator('#readiness[data-ready="5"][data-total="5"]').waitFor();
    await page.locator('#stack-status[data-status="CREATE_COMPLETE"]').waitFor();
    // The last resource started after the page had drawn it: its run was followed live.
    const seen: Array<[string, string]> = await page.evaluate(() => (window as any).__seen);
    const eStates = seen.filter(([n]) => n === 'e').map(([, s]) => s);
    expect(eStates).toContain('CREATE_IN_PROGRESS');
    expect(eStates.indexOf('CREATE_COMPLETE')).toBeGreaterThan(eStates.indexOf('CREATE_IN_PROGRESS'));
    const stack = await waitForStack(app.url, name);
    expect(stack.status).toBe('CREATE_COMPLETE');

    // Details of a node: properties, attributes, physical id, retries, edges and its events.
    await page.locator('#graph g.node[data-name="b"]').click();
    await page.locator('#details[data-name="b"][data-loaded="true"]').waitFor();
    await expect.poll(() => page.locator('#details-properties').textContent()).toContain('"value": "B-1"');
    expect(await page.locator('#details-attributes').textContent()).toContain('"output": "B-1"');
    const b = stack.resources.find((r: { name: string }) => r.name === 'b');
    expect(await page.locator('#details [data-field="physicalResourceId"]').textContent()).toBe(
      b.physicalResourceId,
    );
    expect(await page.locator('#details [data-field="retryCount"]').textContent()).toBe('0');
    expect(await page.locator('#details [data-field="requires"]').textContent()).toBe('a');
    expect(await page.locator('#details [data-field="neededBy"]').textContent()).toBe('d');
    const bEvents = await page.$$eval('#details-events li[data-status]', (lis) =>
      lis.map((li) => li.getAttribute('data-status')),
    );
    expect(bEvents).toContain('CREATE_IN_PROGRESS');
    expect(bEvents).toContain('CREATE_COMPLETE');
    expect(await page.locator('#graph g.node.selected').getAttribute('data-name')).toBe('b');

    // An update: b changes, e goes, f comes. The page follows version 2 and shows the diff.
    await mutate(app.url, 'updateStack', {
      name,
      template: hot({
        a: test('A'),
        b: test('B-2', ['a']),
        c: test('C', ['a']),
        d: test('D', ['b', 'c']),
        f: test('F', ['a']),
      }),
    });
    await page.locator('#stack-view[data-version="2"]').waitFor();
    await page.locator('#diff[data-from="1"][data-to="2"] li.change').first().waitFor();
    expect(await page.$$eval('#diff-from option', (os) => os.map((o) => o.getAttribute('value')))).toEqual([
      '1',
      '2',
    ]);
    expect(await page.locator('#diff-from').inputValue()).toBe('1');
    expect(await page.locator('#diff-to').inputValue()).toBe('2');
    const changes = await page.$$eval('#diff li.change', (lis) =>
      Object.fromEntries(lis.map((li) => [li.getAttribute('data-resource'), li.getAttribute('data-change')])),
    );
    expect(changes).toEqual({
      a: 'UNCHANGED',
      b: 'UPDATED',
      c: 'UNCHANGED',
      d: 'UNCHANGED',
      e: 'REMOVED',
      f: 'ADDED',
    });
    expect(await page.locator('#diff li.change[data-resource="b"] .props').textContent()).toContain('value');
    await page.locator('#diff-hide-unchanged').check();
    expect(await page.locator('#diff li.change').count()).toBe(3);

    // The graph of version 2 converges (unchanged resources keep their status); the removed
    // resource stays drawn, faded, until the page is reloaded.
    await untilNodes(page, name, {
      a: 'CREATE_COMPLETE+ready',
      b: 'UPDATE_COMPLETE+ready',
      c: 'CREATE_COMPLETE+ready',
      d: 'CREATE_COMPLETE+ready',
      e: 'DELETE_COMPLETE',
      f: 'CREATE_COMPLETE+ready',
    });
    expect(await page.locator('#graph g.node.ghost').getAttribute('data-name')).toBe('e');
    expect(await page.locator('#graph g.node[data-name="f"]').getAttribute('data-change')).toBe('ADDED');
    await page.locator('#version-table tr[data-version="2"][data-status="COMPLETE"]').waitFor();
    await page.locator('#readiness[data-ready="5"][data-total="5"]').waitFor();
    // The open panel followed b's update.
    await expect.poll(() => page.locator('#details-attributes').textContent()).toContain('"output": "B-2"');

    // Choosing two versions by hand diffs those.
    await page.locator('#diff-hide-unchanged').uncheck();
    await page.selectOption('#diff-to', '1');
    await page.locator('#diff[data-from="1"][data-to="1"]').waitFor();
    expect(
      await page.$$eval('#diff li.change', (lis) => lis.map((li) => li.getAttribute('data-change'))),
    ).toEqual(['UNCHANGED', 'UNCHANGED', 'UNCHANGED', 'UNCHANGED', 'UNCHANGED']);

    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows in the version diff what the engine did: a resource replaced through get_attr says REPLACED', async () => {
    const name = uniqueName('web');
    const template = (server: string) =>
      hot({
        server: { type: 'OS::Heat::TestResource', properties: { value: server, update_replace: true } },
        balancer: {
          type: 'OS::Heat::TestResource',
          properties: { update_replace_value: { get_attr: ['server', 'output'] } },
        },
      });
    await createStack(app.url, { name, template: template('a') });
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
    const { page, problems } = await newPage();
    await page.goto(`${origin}/ui/#stack=${name}`);
    await page.locator('#stack-view[data-version="1"]').waitFor();
    await mutate(app.url, 'updateStack', { name, template: template('b') });
    // The templates alone call balancer UNCHANGED; once the engine settled it, the page shows the record.
    await page
      .locator('#diff[data-from="1"][data-to="2"] li.change[data-resource="balancer"][data-recorded="true"]')
      .waitFor({ timeout: 60_000 });
    const changes = await page.$$eval('#diff li.change', (lis) =>
      Object.fromEntries(lis.map((li) => [li.getAttribute('data-resource'), li.getAttribute('data-change')])),
    );
    expect(changes).toEqual({ server: 'REPLACED', balancer: 'REPLACED' });
    expect(await page.locator('#diff li.change[data-resource="balancer"] .reason').textContent()).toContain(
      'update_replace_value',
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sends the saved bearer token over HTTP and in the graphql-ws connection_init', async () => {
    const name = uniqueName('tok');
    await createStack(app.url, { name, template: hot({ only: test('X') }) });
    const { page, problems } = await newPage();
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => frames.push(String(f.payload))));
    await page.goto(`${origin}/ui/`);
    await page.fill('#token', 'tok-123');
    const authorized = page.waitForRequest(
      (r) => r.url().endsWith('/graphql') && r.headers().authorization === 'Bearer tok-123',
    );
    await page.click('#token-save');
    await authorized;

    // Kept across a reload (localStorage), and used for the live socket of an opened stack.
    await page.goto(`${origin}/ui/#stack=${encodeURIComponent(name)}`);
    await page.reload();
    expect(await page.inputValue('#token')).toBe('tok-123');
    await page.locator('#live[data-state="live"]').waitFor();
    await page
      .locator('#graph g.node[data-name="only"][data-status="CREATE_COMPLETE"][data-ready="true"]')
      .waitFor({
        timeout: 30_000,
      });
    const sent = frames.map((f) => JSON.parse(f));
    expect(sent).toContainEqual({ type: 'connection_init', payload: { authorization: 'Bearer tok-123' } });
    expect(sent.find((m) => m.type === 'subscribe' && /stackEvents/.test(m.payload.query))).toMatchObject({
      payload: { variables: { name, after: expect.any(Number) } },
    });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('falls back to polling over HTTP while the socket is down, and still follows the stack', async () => {
    const { page, problems } = await newPage();
    let attempts = 0;
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      attempts++;
      void ws.close({ code: 1011, reason: 'test: no sockets today' });
    });
    const name = uniqueName('poll');
    await createStack(app.url, {
      name,
      template: hot({ p: test('P'), q: test('Q', ['p']), r: test('R', ['q']) }),
    });
    await page.goto(`${origin}/ui/#stack=${encodeURIComponent(name)}`);
    await recordStatuses(page);
    await page.locator('#live[data-state="polling"]').waitFor();
    await untilNodes(page, name, {
      p: 'CREATE_COMPLETE+ready',
      q: 'CREATE_COMPLETE+ready',
      r: 'CREATE_COMPLETE+ready',
    });
    await page.locator('#readiness[data-ready="3"][data-total="3"]').waitFor();
    await page.locator('#stack-status[data-status="CREATE_COMPLETE"]').waitFor();
    // Polled event pages are applied in order: the page went through r's run, not just its end.
    const seen: Array<[string, string]> = await page.evaluate(() => (window as any).__seen);
    expect(seen.filter(([n]) => n === 'r').map(([, st]) => st)).toContain('CREATE_IN_PROGRESS');
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('picks up a stack opened by link before it exists; filters, keeps JSON whole, refits and zooms around the selection', async () => {
    const name = uniqueName('later');
    const { page, problems } = await newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${origin}/ui/#stack=${encodeURIComponent(name)}`);
    await page.locator('#error', { hasText: 'waiting for it to appear' }).waitFor();
    await page.locator('#live[data-state="waiting"]').waitFor();

    // A chain wide enough to need fitting, a fan of similarly named nodes, and a long value.
    const chain = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`c${i}`, test(`C${i}`, i ? [`c${i - 1}`] : [])]),
    );
    const fan = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`web-${i}`, test(`W${i}`, ['c0'])]));
    await createStack(app.url, {
      name,
      template: hot({
        ...chain,
        ...fan,
        big: { type: 'OS::Heat::Value', properties: { value: `${'x'.repeat(3000)} END` } },
      }),
    });
    await page.locator('#graph g.node[data-name="big"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#error').isHidden()).toBe(true);
    await page.locator('#live[data-state="live"]').waitFor();
    // Live events come through graphql-ws's own client, served by the service from npm.
    expect(requested.some((u) => u === `${origin}/ui/vendor/graphql-ws/client.js`)).toBe(true);
    expect(requested.every((u) => u.startsWith(origin) || u.startsWith(origin.replace('http', 'ws')))).toBe(
      true,
    );

    // Find resources: non-matching nodes are dimmed, Enter opens the first match.
    await page.fill('#node-filter', 'web-1');
    await page.locator('#node-filter-count[data-count="3"]').waitFor();
    expect(await page.locator('#graph g.node.dimmed').count()).toBe(21 - 3);
    expect(await page.locator('#graph g.node.match').count()).toBe(3);

    const wrapWidth = () => page.$eval('#graph-wrap', (el) => el.clientWidth);
    const svgWidth = () => page.$eval('#graph', (el) => Number(el.getAttribute('width')));
    const before = { wrap: await wrapWidth(), svg: await svgWidth() };
    await page.press('#node-filter', 'Enter');
    await page.locator('#details[data-name="web-1"]').waitFor();
    // The panel took room from the graph, and the drawing was refitted into what is left.
    const after = { wrap: await wrapWidth(), svg: await svgWidth() };
    expect(after.wrap).toBeLessThan(before.wrap);
    expect(after.svg).toBeLessThan(before.svg);
    expect(after.svg).toBeLessThanOrEqual(after.wrap);

    await page.fill('#node-filter', '');
    expect(await page.locator('#graph g.node.dimmed').count()).toBe(0);

    // The details show the whole value: no box of their own that cuts it off.
    await page.click('#graph g.node[data-name="big"]');
    await page.locator('#details[data-name="big"][data-loaded="true"]').waitFor();
    const pre = await page.$eval('#details-properties', (el) => ({
      text: el.textContent ?? '',
      overflowY: el.scrollHeight - el.clientHeight,
      overflowX: el.scrollWidth - el.clientWidth,
    }));
    expect(pre.text).toContain(' END');
    expect(pre.overflowY).toBeLessThanOrEqual(1);
    expect(pre.overflowX).toBeLessThanOrEqual(1);

    // Zooming keeps the selected node in view, centred.
    await page.click('#graph g.node[data-name="c7"]');
    await page.locator('#details[data-name="c7"]').waitFor();
    for (let i = 0; i < 4; i++) await page.click('#zoom-in');
    const view = await page.$eval('#graph-wrap', (el) => el.getBoundingClientRect().toJSON());
    const node = await page.$eval('#graph g.node[data-name="c7"]', (el) =>
      el.getBoundingClientRect().toJSON(),
    );
    const centre = { x: node.x + node.width / 2, y: node.y + node.height / 2 };
    expect(centre.x).toBeGreaterThan(view.x);
    expect(centre.x).toBeLessThan(view.x + view.width);
    expect(centre.y).toBeGreaterThan(view.y);
    expect(centre.y).toBeLessThan(view.y + view.height);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws a stack of thousands of resources compact, without labels, and stays usable', async () => {
    // The API is stubbed here (HTTP and the socket): converging thousands of real resources is
    // not what this checks, drawing them is.
    const layers = 50;
    const width = 50;
    const resources: any[] = [];
    for (let l = 0; l < layers; l++) {
      for (let i = 0; i < width; i++) {
        resources.push({
          name: `r_${l}_${i}`,
          type: 'OS::Heat::None',
          status: l < 25 ? 'CREATE_COMPLETE' : 'INIT_COMPLETE',
          statusReason: null,
          observedReady: l < 25,
          physicalResourceId: l < 25 ? `p-${l}-${i}` : null,
          requires: l === 0 ? [] : [{ name: `r_${l - 1}_${i}` }, { name: `r_${l - 1}_${(i + 1) % width}` }],
        });
      }
    }
    const stack = {
      name: 'huge',
      status: 'CREATE_IN_PROGRESS',
      statusReason: null,
      version: 1,
      lastGoodVersion: null,
      readiness: { ready: 1250, total: resources.length },
      versions: [
        {
          number: 1,
          status: 'IN_PROGRESS',
          action: 'CREATE',
          rollbackOf: null,
          description: null,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      ],
      resources,
      events: [],
    };
    const { page, problems } = await newPage();
    await page.route('**/graphql', async (route) => {
      const { query, variables } = route.request().postDataJSON();
      const op = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
      const data =
        op === 'Stacks'
          ? {
              stacks: [
                { name: 'huge', status: stack.status, version: 1, readiness: stack.readiness, cursor: 'c' },
              ],
            }
          : op === 'OpenStack' || op === 'StackSnapshot'
            ? { stack }
            : op === 'StackEventsPage'
              ? { stack: { ...stack, events: [] } }
              : op === 'ResourceDetails'
                ? {
                    stack: {
                      version: 1,
                      resource: {
                        ...resources.find((r) => r.name === variables.resource),
                        id: 'id-1',
                        retryCount: 0,
                        properties: { note: 'stubbed' },
                        attributes: {},
                        deletionPolicy: 'Delete',
                        version: 1,
                        updatedAt: '2026-01-01T00:00:00.000Z',
                        neededBy: [],
                      },
                    },
                  }
                : null;
      await route.fulfill({ json: data ? { data } : { errors: [{ message: `unexpected ${op}` }] } });
    });
    // A graphql-ws server that acknowledges and then streams one event.
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      ws.onMessage((raw) => {
        const msg = JSON.parse(String(raw));
        if (msg.type === 'connection_init') ws.send(JSON.stringify({ type: 'connection_ack' }));
        if (msg.type === 'subscribe' && /stackEvents/.test(msg.payload.query))
          ws.send(
            JSON.stringify({
              id: msg.id,
              type: 'next',
              payload: {
                data: {
                  stackEvents: {
                    sequence: 1,
                    at: '2026-01-01T00:00:01.000Z',
                    type: 'RESOURCE',
                    resourceName: 'r_25_7',
                    resourceId: 'x',
                    status: 'CREATE_IN_PROGRESS',
                    reason: 'State changed',
                    observedReady: null,
                    physicalResourceId: null,
                    version: 1,
                  },
                },
              },
            }),
          );
      });
    });

    const started = Date.now();
    await page.goto(`${origin}/ui/#stack=huge`);
    await page.locator('#graph g.node[data-name="r_49_49"]').waitFor();
    const elapsed = Date.now() - started;
    console.log(`drew ${resources.length} resources in ${elapsed} ms`);
    expect(elapsed).toBeLessThan(15_000);
    expect(await page.locator('#graph g.node').count()).toBe(2500);
    expect(await page.locator('#graph text.label').count()).toBe(0);
    expect(await page.locator('#graph path.edges-bulk').count()).toBe(1);
    expect(await page.locator('#graph-notice').isVisible()).toBe(true);
    expect(await page.locator('#graph-notice').textContent()).toContain('2500 resources');
    await page.locator('#graph g.node[data-name="r_25_7"][data-status="CREATE_IN_PROGRESS"]').waitFor();
    expect(
      await page.locator('#graph g.node[data-status="CREATE_COMPLETE"][data-ready="true"]').count(),
    ).toBe(1250);

    await page.locator('#graph g.node[data-name="r_30_3"]').click();
    await page.locator('#details[data-name="r_30_3"][data-loaded="true"]').waitFor();
    expect(await page.locator('#details-properties').textContent()).toContain('stubbed');
    expect(problems).toEqual([]);
    await page.close();
  });
});
