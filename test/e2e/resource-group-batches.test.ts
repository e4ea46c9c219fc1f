/**
 * OS::Heat::ResourceGroup's update_policy timing and attribute paths (issue 12), on the real
 * service: `batch_create` / `rolling_update` run their batches in order with `pause_time` between
 * them (read back from the nested stack's recorded events: no sleeping here), and `get_attr` on a
 * group answers Heat's paths (`resource.N, attr`, a path applied to every member, `attributes`,
 * `refs_map`, and through members that are template resources).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gql } from '../support/graphql.ts';
import { createStack, eventually, hot, mutate, waitForStack } from '../support/stacks.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

/** The stack once it settles; generous, since a first stack on a busy machine is slow to start. */
function settled(name: string) {
  return waitForStack(app.url, name, (s) => !String(s.status).endsWith('_IN_PROGRESS'), 180_000);
}

interface NestedEvent {
  sequence: number;
  stackName: string | null;
  resourceName: string | null;
  status: string;
  at: string;
}

/** The nested stack's resource events (the group's members), in their stack's sequence order. */
async function memberEvents(name: string): Promise<NestedEvent[]> {
  const res = await gql(
    app.url,
    `query($n: String!) { stack(name: $n) { events(nested: true, first: 1000) { sequence stackName resourceName status at } } }`,
    { n: name },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return (res.data!.stack.events as NestedEvent[])
    .filter((e) => e.stackName !== name && e.resourceName !== null)
    .sort((a, b) => a.sequence - b.sequence);
}

/** When each member started (`*_IN_PROGRESS`) and finished (`*_COMPLETE`) the given action. */
function timings(events: NestedEvent[], action: 'CREATE' | 'UPDATE') {
  const started = new Map<string, NestedEvent>();
  const completed = new Map<string, NestedEvent>();
  for (const e of events) {
    if (e.status === `${action}_IN_PROGRESS` && !started.has(e.resourceName!))
      started.set(e.resourceName!, e);
    if (e.status === `${action}_COMPLETE`) completed.set(e.resourceName!, e);
  }
  return { started, completed };
}

/**
 * Every member of batch k+1 starts after every member of batch k completed (by the nested
 * stack's event sequence), and at least `pauseMs` later (by the events' times), less `slackMs`:
 * a claim's event takes its time just before the claim statement, which then waits for the pause
 * in Neo4j's own clock.
 */
function expectPausedBatches(
  events: NestedEvent[],
  action: 'CREATE' | 'UPDATE',
  batches: string[][],
  pauseMs: number,
  slackMs = 200,
) {
  const { started, completed } = timings(events, action);
  for (const name of batches.flat()) {
    expect(started.get(name), `${name} started`).toBeDefined();
    expect(completed.get(name), `${name} completed`).toBeDefined();
  }
  const gaps: number[] = [];
  for (let k = 1; k < batches.length; k++) {
    const previous = batches[k - 1]!.map((n) => completed.get(n)!);
    const lastDone = Math.max(...previous.map((e) => Date.parse(e.at)));
    const lastDoneSeq = Math.max(...previous.map((e) => e.sequence));
    for (const name of batches[k]!) {
      const start = started.get(name)!;
      expect(start.sequence, `${name} after batch ${k - 1}`).toBeGreaterThan(lastDoneSeq);
      gaps.push(Date.parse(start.at) - lastDone);
    }
  }
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(pauseMs - slackMs);
  return gaps;
}

function valueGroup(count: number, prefix: string, policy: Record<string, unknown>) {
  return hot({
    g: {
      type: 'OS::Heat::ResourceGroup',
      update_policy: policy,
      properties: {
        count,
        resource_def: { type: 'OS::Heat::Value', properties: { value: `${prefix}-%index%` } },
      },
    },
  });
}

describe('ResourceGroup batches with pause_time', { timeout: 400_000 }, () => {
  it('batch_create: batches are created in order, pause_time apart', async () => {
    const name = uniqueName('grpp');
    const policy = { batch_create: { max_batch_size: 1, pause_time: 1 } };
    await createStack(app.url, { name, template: valueGroup(3, 'v', policy) });
    const stack = await settled(name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    const gaps = expectPausedBatches(await memberEvents(name), 'CREATE', [['0'], ['1'], ['2']], 1000);
    expect(gaps).toHaveLength(2);
  });

  it('pausing holds no worker slot and no lease: the next batch waits as a READY item with a later notBefore', async () => {
    const name = uniqueName('grpw');
    const policy = { batch_create: { max_batch_size: 1, pause_time: 120 } };
    await createStack(app.url, { name, template: valueGroup(2, 'v', policy) });
    // Wait (by polling the state, not by sleeping) until the first batch is done.
    const paused = await eventually(
      async () => {
        const res = await gql(
          app.url,
          `query($n: String!) { stack(name: $n) { status nested { name frontier resources { name status } } } }`,
          { n: name },
        );
        const child = res.data?.stack?.nested?.[0] as
          | { name: string; frontier: string[]; resources: Array<{ name: string; status: string }> }
          | undefined;
        const zero = child?.resources.find((r) => r.name === '0');
        return zero?.status === 'CREATE_COMPLETE' ? { stack: res.data!.stack, child: child! } : null;
      },
      'the first batch completes',
      180_000,
    );
    expect(paused.stack.status).toBe('CREATE_IN_PROGRESS');
    // Member 1 is ready to go but not claimed: not started, no lease, not before the pause ends.
    expect(paused.child.frontier).toEqual(['1']);
    expect(paused.child.resources.find((r) => r.name === '1')?.status).toBe('INIT_COMPLETE');
    const rows = await app.db.runText(
      `MATCH (s:Stack {name: $child})-[:CURRENT_VERSION]->(:StackVersion)-[:HAS_RESOURCE]->(r:Resource {name: '1'})
       RETURN r.workState AS workState, r.leaseToken AS leaseToken, r.notBefore - timestamp() AS waitMs`,
      { child: paused.child.name },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.workState).toBe('READY');
    expect(rows[0]!.leaseToken).toBeNull();
    expect(Number(rows[0]!.waitMs)).toBeGreaterThan(60_000);
    // A delete during the pause ends the stack at once: nothing was waiting inside a worker.
    await mutate(app.url, 'deleteStack', { name });
    const deleted = await settled(name);
    expect(deleted.status).toBe('DELETE_COMPLETE');
  });

  it('rolling_update: a changed resource_def is applied batch by batch, pause_time apart', async () => {
    const name = uniqueName('grpr');
    const policy = { rolling_update: { max_batch_size: 2, min_in_service: 0, pause_time: 1 } };
    await createStack(app.url, { name, template: valueGroup(4, 'v', policy) });
    expect((await settled(name)).status).toBe('CREATE_COMPLETE');
    // Creating with rolling_update alone is one step: no member waited for another.
    const created = timings(await memberEvents(name), 'CREATE');
    expect([...created.completed.keys()].sort()).toEqual(['0', '1', '2', '3']);

    await mutate(app.url, 'updateStack', { name, template: valueGroup(4, 'w', policy) });
    const stack = await settled(name);
    expect(stack.status).toBe('UPDATE_COMPLETE');
    // Heat's rolling update reaches the highest indices first.
    const gaps = expectPausedBatches(
      await memberEvents(name),
      'UPDATE',
      [
        ['3', '2'],
        ['1', '0'],
      ],
      1000,
    );
    expect(gaps).toHaveLength(2);
  });
});

const MEMBER = `heat_template_version: 2018-08-31
parameters:
  index: {type: string}
resources:
  inner:
    type: OS::Heat::Value
    properties:
      value: {list_join: ['-', [inner, {get_param: index}]]}
outputs:
  label: {value: {list_join: ['-', [label, {get_param: index}]]}}
`;

describe('get_attr paths on a ResourceGroup', { timeout: 400_000 }, () => {
  it('answers resource.N with a path, a path on every member, attributes, refs_map', async () => {
    const name = uniqueName('grpa');
    const template = hot(
      {
        g: {
          type: 'OS::Heat::ResourceGroup',
          properties: {
            count: 2,
            resource_def: {
              type: 'OS::Heat::Value',
              properties: { value: { label: 'v-%index%', nums: ['%index%', 'x'] } },
            },
          },
        },
        reader: {
          type: 'OS::Heat::Value',
          properties: {
            value: {
              oneThenPath: { get_attr: ['g', 'resource.1', 'value', 'label'] },
              dottedThenPath: { get_attr: ['g', 'resource.0.value', 'nums', 0] },
              ref: { get_attr: ['g', 'resource.1'] },
              eachMember: { get_attr: ['g', 'value', 'label'] },
              byName: { get_attr: ['g', 'attributes', 'value', 'label'] },
              refsMap: { get_attr: ['g', 'refs_map'] },
              refs: { get_attr: ['g', 'refs'] },
            },
          },
        },
      },
      { outputs: { second: { value: { get_attr: ['g', 'resource.1', 'value', 'label'] } } } },
    );
    await createStack(app.url, { name, template });
    const stack = await settled(name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    const value = stack.resources.find((r: { name: string }) => r.name === 'reader').attributes.value;
    expect(value.oneThenPath).toBe('v-1');
    expect(value.dottedThenPath).toBe('0');
    expect(value.eachMember).toEqual(['v-0', 'v-1']);
    expect(value.byName).toEqual({ '0': 'v-0', '1': 'v-1' });
    expect(value.refs).toHaveLength(2);
    expect(value.refsMap).toEqual({ '0': value.refs[0], '1': value.refs[1] });
    expect(value.ref).toBe(value.refs[1]);
    // Outputs read the same way.
    expect(stack.outputs).toEqual({ second: 'v-1' });
  });

  it('reads through members that are template resources (resource.N.resource.INNER.attr)', async () => {
    const name = uniqueName('grpn');
    const template = hot({
      g: {
        type: 'OS::Heat::ResourceGroup',
        properties: { count: 2, resource_def: { type: 'member.yaml', properties: { index: '%index%' } } },
      },
      reader: {
        type: 'OS::Heat::Value',
        properties: {
          value: {
            inner: { get_attr: ['g', 'resource.1.resource.inner.value'] },
            innerThenAttr: { get_attr: ['g', 'resource.0', 'resource.inner.value'] },
            labels: { get_attr: ['g', 'label'] },
            label: { get_attr: ['g', 'resource.1.label'] },
          },
        },
      },
    });
    await createStack(app.url, { name, template, files: { 'member.yaml': MEMBER } });
    const stack = await settled(name);
    expect(stack.status).toBe('CREATE_COMPLETE');
    const value = stack.resources.find((r: { name: string }) => r.name === 'reader').attributes.value;
    expect(value).toEqual({
      inner: 'inner-1',
      innerThenAttr: 'inner-0',
      labels: ['label-0', 'label-1'],
      label: 'label-1',
    });
  });
});
