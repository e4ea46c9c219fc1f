import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { collect, wsClient } from '../support/graphql.ts';
import { gatedTemplate, HeldGate } from '../support/held-gate.ts';
import { createStack, waitForStack } from '../support/stacks.ts';

/**
 * Issue 12: the top stack's `stackEvents` and `resourceReadiness` subscriptions with `nested: true`
 * include the nested stacks, live, each event naming its stack.
 */
let app: TestApp;
let endpoint: HeldGate;
beforeAll(async () => {
  app = await startTestApp();
  endpoint = await new HeldGate().start();
});
afterAll(async () => {
  await app?.stop();
  await endpoint?.stop();
});

const PARENT = `heat_template_version: 2018-08-31
resources:
  before:
    type: OS::Heat::None
  inner:
    type: child.yaml
    depends_on: [before]
`;

interface Ev {
  stackId: string;
  stackName: string | null;
  sequence: number;
  type: string;
  resourceName: string | null;
  status: string;
}
const EVENTS = `subscription($name: String!, $nested: Boolean) {
  stackEvents(name: $name, nested: $nested) { stackId stackName sequence type resourceName status }
}`;
const READINESS = `subscription($name: String!) { resourceReadiness(name: $name, nested: true) { ready total justReady status } }`;

describe('subscriptions through nested stacks', () => {
  it('streams the nested stack events and readiness live to a subscriber on the top stack', async () => {
    endpoint.hold();
    const name = uniqueName('nlive');
    // The subscriber joins while the stack is being created, before the nested stack exists or not:
    // it asks for live events only, so what it sees of the nested stack arrived live.
    await createStack(app.url, {
      name,
      template: PARENT,
      files: { 'child.yaml': gatedTemplate(endpoint.url) },
    });
    const client = wsClient(app.wsUrl);
    const seen: Ev[] = [];
    const nestedSeen = collect<{ stackEvents: Ev }>(client, EVENTS, { name, nested: true }, (values) => {
      seen.splice(0, seen.length, ...values.map((v) => v.stackEvents));
      return seen.some(
        (e) => e.type === 'STACK' && e.stackName === name && /_(COMPLETE|FAILED)$/.test(e.status),
      );
    });
    const plain = collect<{ stackEvents: Ev }>(client, EVENTS, { name, nested: false }, (values) =>
      values.some((v) => v.stackEvents.type === 'STACK' && /_(COMPLETE|FAILED)$/.test(v.stackEvents.status)),
    );
    const readiness = collect<{
      resourceReadiness: { ready: number; total: number; justReady: string[]; status: string };
    }>(client, READINESS, { name }, (values) =>
      values.some((v) => v.resourceReadiness.status === 'CREATE_COMPLETE'),
    );
    // While the nested gate is held, the nested stack's events reach the top stack's subscriber.
    const childStack = await waitForStack(app.url, name, () => seen.some((e) => e.resourceName === 'gate'));
    expect(childStack.status).toBe('CREATE_IN_PROGRESS');
    const gate = seen.find((e) => e.resourceName === 'gate')!;
    expect(gate.status).toBe('CREATE_IN_PROGRESS');
    expect(gate.stackName).toMatch(new RegExp(`^${name}-inner-`));
    expect(gate.stackId).not.toBe(seen.find((e) => e.stackName === name)?.stackId);
    endpoint.release();

    // Every stream is read to its end before the client goes (the readiness stream's last value
    // may come after the events' last one).
    const [nestedValues, plainValues, readinessValues] = await Promise.all([nestedSeen, plain, readiness]);
    const events = nestedValues.map((v) => v.stackEvents);
    await client.dispose();
    const top = await waitForStack(app.url, name);
    expect(top.status).toBe('CREATE_COMPLETE');
    const childName = gate.stackName!;
    // Each stack's part of the stream is gap-free and in order.
    for (const stackName of [name, childName]) {
      const own = events.filter((e) => e.stackName === stackName).map((e) => e.sequence);
      expect(own.length).toBeGreaterThan(0);
      expect(own).toEqual(own.map((_, i) => own[0]! + i));
    }
    // The nested resources' completions and the nested stack's own completion came through.
    for (const r of ['first', 'gate'])
      expect(events).toContainEqual(
        expect.objectContaining({ stackName: childName, resourceName: r, status: 'CREATE_COMPLETE' }),
      );
    expect(events).toContainEqual(
      expect.objectContaining({ stackName: childName, type: 'STACK', status: 'CREATE_COMPLETE' }),
    );
    // The nested stack's completion comes before the top stack's.
    const at = (pred: (e: Ev) => boolean) => events.findIndex(pred);
    expect(
      at((e) => e.stackName === childName && e.type === 'STACK' && e.status === 'CREATE_COMPLETE'),
    ).toBeLessThan(at((e) => e.stackName === name && e.type === 'STACK' && e.status === 'CREATE_COMPLETE'));
    // Without nested: true, the stream is the top stack's alone (unchanged for existing clients).
    const own = plainValues.map((v) => v.stackEvents);
    expect(own.every((e) => e.stackName === name)).toBe(true);
    expect(own.some((e) => e.resourceName === 'inner' && e.status === 'CREATE_COMPLETE')).toBe(true);

    // Readiness counts the nested resources: 2 top + 2 nested.
    const updates = readinessValues.map((v) => v.resourceReadiness);
    const last = updates.at(-1)!;
    expect(last).toMatchObject({ status: 'CREATE_COMPLETE', ready: 4, total: 4 });
    expect(updates.flatMap((u) => u.justReady)).toContain(`${childName}/gate`);
  });
});
