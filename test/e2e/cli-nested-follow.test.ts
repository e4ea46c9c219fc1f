import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printedBy, runCli } from '../support/cli.ts';
import { startTestApp, uniqueName, type TestApp } from '../support/app.ts';
import { gatedTemplate, HeldGate } from '../support/held-gate.ts';
import { allEvents, createStack, waitForStack } from '../support/stacks.ts';

/**
 * Issue 12: `convergence events --follow` on the top stack (a real CLI process against the real
 * service) prints the nested stacks' events too, live, each line naming its stack.
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

const cli = (args: string[], started?: (child: ChildProcess) => void) =>
  runCli(args, { endpoint: app.url, ...(started ? { started } : {}) });
const printed = printedBy;

const TOP = `heat_template_version: 2018-08-31
resources:
  before:
    type: OS::Heat::None
  group:
    type: OS::Heat::ResourceGroup
    depends_on: [before]
    properties:
      count: 2
      resource_def: {type: leaf.yaml}
`;

describe('convergence events --follow with nested stacks', () => {
  it(
    "prints the nested stacks' events live, each with its stack, until the top stack settles",
    { timeout: 300_000 },
    async () => {
      endpoint.hold();
      const name = uniqueName('clifollow');
      await createStack(app.url, {
        name,
        template: TOP,
        files: { 'leaf.yaml': gatedTemplate(endpoint.url) },
      });
      let whileHeld = '';
      const run = await cli(['events', '--name', name, '--follow'], (child) => {
        // A member's gate, two levels down, in progress: seen live while the top stack is running.
        void printed(child, new RegExp(`${name}-group-\\S+-\\S+/gate\\s+CREATE_IN_PROGRESS`)).then((text) => {
          whileHeld = text;
          endpoint.release();
        });
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(whileHeld).not.toMatch(/stack \S+\s+CREATE_COMPLETE/);
      const top = await waitForStack(app.url, name);
      expect(top.status).toBe('CREATE_COMPLETE');

      // Every line is an event: `#SEQ  TIME  label  STATUS`, the label naming the stack for nested
      // ones (`nestedStack/resource`, `stack nestedStack`).
      const lines = run.stdout.trimEnd().split('\n');
      const parsed = lines.map((l) => {
        const m = /^\s*#(\d+)\s+\S+\s+(stack \S+|\S+)\s+([A-Z_]+)/.exec(l);
        if (!m) throw new Error(`not an event line: ${l}`);
        const label = m[2]!;
        const stack = label.startsWith('stack ')
          ? label.slice(6)
          : label.includes('/')
            ? label.split('/')[0]!
            : name;
        return { sequence: Number(m[1]), label, status: m[3]!, stack };
      });
      const stacks = [...new Set(parsed.map((p) => p.stack))];
      // The top stack, the group's nested stack and one per member.
      expect(stacks).toHaveLength(4);
      expect(stacks).toContain(name);
      // Each stack's events, every one exactly once and in order (nested ones replayed from their first).
      for (const stack of stacks) {
        const seqs = parsed.filter((p) => p.stack === stack).map((p) => p.sequence);
        const stored = await allEvents(app.url, stack);
        expect(seqs, stack).toEqual(stored.map((e) => e.sequence));
      }
      expect(parsed).toContainEqual({
        sequence: expect.any(Number),
        label: `stack ${name}`,
        status: 'CREATE_COMPLETE',
        stack: name,
      });
      const groupStack = stacks.find((s) => new RegExp(`^${name}-group-[^-]+$`).test(s))!;
      expect(groupStack).toBeDefined();
      for (const member of ['0', '1'])
        expect(parsed.map((p) => `${p.label} ${p.status}`)).toContain(
          `${groupStack}/${member} CREATE_COMPLETE`,
        );
      expect(parsed.filter((p) => p.label.endsWith('/gate') && p.status === 'CREATE_COMPLETE')).toHaveLength(
        2,
      );
    },
  );
});
