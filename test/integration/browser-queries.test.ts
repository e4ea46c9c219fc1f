import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { createStack, hot, mutate, waitForStack } from '../support/stacks.ts';

const dir = new URL('../../cypher/browser/', import.meta.url);
let app: TestApp;
let name: string;

beforeAll(async () => {
  app = await startTestApp();
  name = uniqueName('browser');
  const resources = {
    db: { type: 'OS::Heat::TestResource', properties: { value: 'a', update_replace: true } },
    app: { type: 'OS::Heat::TestResource', properties: { value: { get_resource: 'db' } } },
  };
  await createStack(app.url, { name, template: hot(resources) });
  await waitForStack(app.url, name);
  await mutate(app.url, 'updateStack', {
    name,
    template: hot({
      ...resources,
      db: { type: 'OS::Heat::TestResource', properties: { value: 'b', update_replace: true } },
    }),
  });
  await waitForStack(app.url, name);
});
afterAll(async () => app?.stop());

/** Runs a saved query the way an operator does in Neo4j Browser, with `:param stack => '...'`. */
const run = (file: string, stack = name) =>
  app.db.runText(readFileSync(new URL(file, dir), 'utf8'), { stack });

describe('saved Neo4j Browser queries (cypher/browser/)', () => {
  it('all run against a real stack', async () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.cypher'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) await expect(run(file), file).resolves.toBeInstanceOf(Array);
  });

  it('show the current graph, the history and the events', async () => {
    const graph = await run('01-stack-graph.cypher');
    expect(graph.filter((row) => row.edge !== null)).toHaveLength(1);
    const history = await run('04-history.cypher');
    expect(history.map((h) => [h.version, h.status])).toEqual([
      [2, 'COMPLETE'],
      [1, 'COMPLETE'],
    ]);
    const events = await run('06-events.cypher');
    expect(events[0]).toMatchObject({ status: 'UPDATE_COMPLETE', resource: null });
    expect(await run('02-not-ready.cypher')).toEqual([]);
    const physical = await run('05-physical-resources.cypher');
    expect(new Set(physical.map((p) => (p.r as { properties: { name: string } }).properties.name))).toEqual(
      new Set(['db', 'app']),
    );
  });

  it("keep a deleted stack's history apart from a new stack with the same name", async () => {
    const stacks = await run('00-stacks.cypher');
    const old = stacks.find((s) => s.name === name) as { id: string; live: boolean };
    expect(old.live).toBe(true);
    const history = (await run('04-history.cypher')).map((h) => h.version);
    expect(history).toEqual([2, 1]);
    await mutate(app.url, 'deleteStack', { name });
    await waitForStack(app.url, name);
    await createStack(app.url, { name, template: hot({ only: { type: 'OS::Heat::None' } }) });
    await waitForStack(app.url, name);

    // By name: only the live stack, version 1 with one resource.
    expect((await run('04-history.cypher')).map((h) => h.version)).toEqual([1]);
    expect(
      (await run('01-stack-graph.cypher')).map(
        (row) => (row.r as { properties: { name: string } }).properties.name,
      ),
    ).toEqual(['only']);
    // By id: the deleted stack's own history.
    expect((await run('04-history.cypher', old.id)).map((h) => h.version)).toEqual(history);
    const listed = (await run('00-stacks.cypher')).filter((s) => s.name === name);
    expect(listed.map((s) => s.live).sort()).toEqual([false, true]);
  });
});

describe('saved Neo4j Browser query for nested stacks (08-nested-stacks.cypher)', () => {
  it('shows a stack with its nested stacks, every level, each with its owner', async () => {
    const top = uniqueName('browsernest');
    const leaf = `heat_template_version: 2018-08-31
resources:
  block: {type: OS::Heat::None}
`;
    const middle = `heat_template_version: 2018-08-31
resources:
  disk: {type: leaf.yaml}
  note: {type: OS::Heat::None}
`;
    await createStack(app.url, {
      name: top,
      template: hot({ web: { type: 'middle.yaml' }, plain: { type: 'OS::Heat::None' } }),
      files: { 'middle.yaml': middle, 'leaf.yaml': leaf },
    });
    expect((await waitForStack(app.url, top)).status).toBe('CREATE_COMPLETE');
    const rows = await run('08-nested-stacks.cypher', top);
    const view = rows.map((r) => ({
      depth: Number(r.depth),
      stack: r.stack as string,
      ownedBy: r.ownedBy as string | null,
      status: r.status,
      resources: Number(r.resources),
    }));
    expect(view).toHaveLength(3);
    expect(view[0]).toEqual({ depth: 0, stack: top, ownedBy: null, status: 'CREATE_COMPLETE', resources: 2 });
    const middleStack = view[1]!;
    expect(middleStack).toMatchObject({
      depth: 1,
      ownedBy: `${top}/web`,
      status: 'CREATE_COMPLETE',
      resources: 2,
    });
    expect(middleStack.stack).toMatch(new RegExp(`^${top}-web-`));
    expect(view[2]).toMatchObject({ depth: 2, ownedBy: `${middleStack.stack}/disk`, resources: 1 });
    // The deepest row's path runs through both owning resources.
    const chain = rows[2]!.chain as { segments: Array<{ relationship: { type: string } }> };
    expect(chain.segments.filter((s) => s.relationship.type === 'OWNS_STACK')).toHaveLength(2);
  });
});
