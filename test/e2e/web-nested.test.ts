import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { gatedTemplate, HeldGate } from '../support/held-gate.ts';
import { createStack, waitForStack } from '../support/stacks.ts';

/**
 * Issue 12 on the live graph page (web/), in a real headless Chromium against the real service:
 * a ResourceGroup of template resources (two levels of nested stacks) expanded in place, the
 * nested resources' states arriving live, their details, and collapsing.
 */
let browser: Browser;
let app: TestApp;
let origin: string;
let endpoint: HeldGate;

beforeAll(async () => {
  // The browser first (it may be installed with apt-get on a fresh machine), then the service.
  browser = await launchChromium();
  app = await startTestApp();
  origin = new URL(app.url).origin;
  endpoint = await new HeldGate().start();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await endpoint?.stop();
});

const TOP = `heat_template_version: 2018-08-31
resources:
  base:
    type: OS::Heat::None
  group:
    type: OS::Heat::ResourceGroup
    depends_on: [base]
    properties:
      count: 2
      resource_def: {type: member.yaml}
`;

async function newPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  return { page, problems };
}

/** key -> status (+ready) of every drawn node. */
const nodeStates = (page: Page) =>
  page.$$eval('#graph g.node', (gs) =>
    Object.fromEntries(
      gs.map((g) => [
        g.getAttribute('data-key'),
        `${g.getAttribute('data-status')}${g.getAttribute('data-ready') === 'true' ? '+ready' : ''}`,
      ]),
    ),
  );

/** Waits until the listed nodes are in these states (others may be anything). */
async function untilStates(page: Page, name: string, expected: Record<string, string>) {
  const pick = (all: Record<string, string>) =>
    Object.fromEntries(Object.keys(expected).map((k) => [k, all[k] ?? '(not drawn)']));
  try {
    await expect
      .poll(async () => pick(await nodeStates(page)), { timeout: 60_000, interval: 100 })
      .toEqual(expected);
  } catch (error) {
    const api = await waitForStack(app.url, name, () => true);
    const diagnosis = {
      page: await nodeStates(page),
      live: await page.getAttribute('#live', 'data-state'),
      banner: await page.textContent('#error'),
      api: `${api.status} v${api.version}`,
    };
    throw new Error(`${(error as Error).message}\n${JSON.stringify(diagnosis, null, 2)}`, { cause: error });
  }
}

/** The drawn box of a node (translate + its first rect), in drawing units. */
const box = (page: Page, key: string) =>
  page.$eval(`#graph g.node[data-key="${key}"]`, (g) => {
    const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute('transform') ?? '')!;
    const r = g.querySelector('rect')!;
    return {
      x: Number(m[1]),
      y: Number(m[2]),
      w: Number(r.getAttribute('width')),
      h: Number(r.getAttribute('height')),
    };
  });

describe('the live graph page with nested stacks', () => {
  it(
    'expands a ResourceGroup of template resources in place, two levels, following them live, and collapses',
    { timeout: 300_000 },
    async () => {
      endpoint.hold();
      const name = uniqueName('webnest');
      await createStack(app.url, {
        name,
        template: TOP,
        files: { 'member.yaml': gatedTemplate(endpoint.url) },
      });
      const { page, problems } = await newPage();
      // The subscriptions the page starts, as sent on its socket.
      const subscribed: Array<{ query: string; variables: Record<string, unknown> }> = [];
      page.on('websocket', (ws) =>
        ws.on('framesent', ({ payload }) => {
          const message = JSON.parse(String(payload));
          if (message.type === 'subscribe') subscribed.push(message.payload);
        }),
      );
      await page.goto(`${origin}/ui/#stack=${encodeURIComponent(name)}`);

      // The group owns a nested stack: it gets a toggle once that stack exists.
      const group = page.locator('#graph g.node[data-key="group"][data-owns-stack]');
      await group.waitFor({ timeout: 60_000 });
      expect(await group.getAttribute('data-expanded')).toBe('false');
      const groupStack = (await group.getAttribute('data-owns-stack'))!;
      expect(groupStack).toMatch(new RegExp(`^${name}-group-`));
      await group.locator('g.toggle').click();

      // Level 1: the group's members, each a template resource owning its own nested stack.
      for (const key of ['group/0', 'group/1'])
        await page.locator(`#graph g.node[data-key="${key}"][data-owns-stack]`).waitFor({ timeout: 60_000 });
      // The nested feed asks for new events only: no replay of every nested stack's history.
      const nestedFeeds = subscribed.filter((s) => s.query.includes('LiveNestedEvents'));
      expect(nestedFeeds).toHaveLength(1);
      expect(nestedFeeds[0]!.variables).toEqual({ name });
      expect(await group.getAttribute('data-expanded')).toBe('true');
      const members = await page.$$eval('#graph g.node[data-depth="1"]', (gs) =>
        gs.map((g) => [g.getAttribute('data-name'), g.getAttribute('data-stack')]).sort(),
      );
      expect(members).toEqual([
        ['0', groupStack],
        ['1', groupStack],
      ]);
      // Drawn inside the group's frame, which grew to hold them.
      const frame = await box(page, 'group');
      for (const key of ['group/0', 'group/1']) {
        const b = await box(page, key);
        expect(b.x).toBeGreaterThanOrEqual(frame.x);
        expect(b.y).toBeGreaterThan(frame.y);
        expect(b.x + b.w).toBeLessThanOrEqual(frame.x + frame.w);
        expect(b.y + b.h).toBeLessThanOrEqual(frame.y + frame.h);
      }

      // Level 2: a member's own resources, while its gate is held in progress.
      const member0 = page.locator('#graph g.node[data-key="group/0"]');
      const member0Stack = (await member0.getAttribute('data-owns-stack'))!;
      await member0.locator('g.toggle').click();
      await untilStates(page, name, {
        group: 'CREATE_IN_PROGRESS',
        'group/0': 'CREATE_IN_PROGRESS',
        'group/0/first': 'CREATE_COMPLETE+ready',
        'group/0/gate': 'CREATE_IN_PROGRESS',
      });
      expect(await page.getAttribute('#graph g.node[data-key="group/0/gate"]', 'data-stack')).toBe(
        member0Stack,
      );
      expect(
        await page.locator('#graph path.edge[data-from="group/0/first"][data-to="group/0/gate"]').count(),
      ).toBe(1);
      await page
        .locator('#graph g.node[data-key="group/0"][data-nested-ready="1"][data-nested-total="2"]')
        .waitFor();

      // From now on, record the status changes made to the drawn nested nodes in place (live events,
      // not a redraw): attribute changes on the same element.
      await page.evaluate(() => {
        const changes: Array<[string, string, string]> = [];
        (window as any).__changes = changes;
        new MutationObserver((mutations) => {
          for (const m of mutations) {
            const g = m.target as Element;
            changes.push([g.getAttribute('data-key')!, m.oldValue ?? '', g.getAttribute('data-status')!]);
          }
        }).observe(document.getElementById('graph')!, {
          subtree: true,
          attributes: true,
          attributeOldValue: true,
          attributeFilter: ['data-status'],
        });
      });

      // Details of a nested resource: read from its own stack.
      await page.locator('#graph g.node[data-key="group/0/gate"]').click({ position: { x: 10, y: 10 } });
      await page
        .locator(`#details[data-name="group/0/gate"][data-stack="${member0Stack}"][data-loaded="true"]`)
        .waitFor();
      await expect.poll(() => page.locator('#details-properties').textContent()).toContain(endpoint.url);
      expect(
        await page.locator('#details-events li[data-status="CREATE_IN_PROGRESS"]').count(),
      ).toBeGreaterThan(0);

      // Released: everything completes, and the nested nodes follow live.
      endpoint.release();
      await untilStates(page, name, {
        base: 'CREATE_COMPLETE+ready',
        group: 'CREATE_COMPLETE+ready',
        'group/0': 'CREATE_COMPLETE+ready',
        'group/1': 'CREATE_COMPLETE+ready',
        'group/0/first': 'CREATE_COMPLETE+ready',
        'group/0/gate': 'CREATE_COMPLETE+ready',
      });
      const changes: Array<[string, string, string]> = await page.evaluate(() => (window as any).__changes);
      expect(changes).toContainEqual(['group/0/gate', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
      await page
        .locator('#graph g.node[data-key="group/0"][data-nested-ready="2"][data-nested-total="2"]')
        .waitFor();
      await page
        .locator(
          '#graph g.node[data-key="group"][data-nested-ready="2"][data-nested-total="2"][data-nested-status="CREATE_COMPLETE"]',
        )
        .waitFor();
      await page.locator('#stack-status[data-status="CREATE_COMPLETE"]').waitFor();
      await expect
        .poll(() => page.locator('#details-events li[data-status="CREATE_COMPLETE"]').count())
        .toBeGreaterThan(0);
      expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');

      // Collapsing the group removes both levels (and closes the nested details).
      await group.locator('g.toggle').click();
      await expect.poll(() => page.locator('#graph g.node[data-depth]').count()).toBe(0);
      expect(await group.getAttribute('data-expanded')).toBe('false');
      expect(await page.locator('#details').isHidden()).toBe(true);
      expect(Object.keys(await nodeStates(page)).sort()).toEqual(['base', 'group']);

      // The owner's details name its nested stack and expand it again (the live feed restarts).
      await group.click({ position: { x: 10, y: 10 } });
      await page.locator('#details[data-name="group"]').waitFor();
      expect(await page.textContent('#details [data-field="nestedStack"]')).toContain(groupStack);
      await page.click('#details-expand');
      await untilStates(page, name, {
        'group/0': 'CREATE_COMPLETE+ready',
        'group/1': 'CREATE_COMPLETE+ready',
      });
      expect(await group.getAttribute('data-expanded')).toBe('true');
      await expect.poll(() => page.textContent('#details-expand')).toBe('Collapse');
      expect(problems).toEqual([]);
      await page.close();
    },
  );
});
