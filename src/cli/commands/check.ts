import { checkStack } from '../api.ts';
import { NAME_OPTION, requiredString } from '../args.ts';
import type { Command } from '../context.ts';
import { EXIT } from '../errors.ts';

/** Terraform's plan symbols, per drift status: what a repair would do to bring each back. */
const SHOWN: Record<string, { symbol: string; style: 'yellow' | 'green' | 'dim'; says: string }> = {
  MODIFIED: { symbol: '~', style: 'yellow', says: 'has drifted: changed outside the engine' },
  DELETED: { symbol: '+', style: 'green', says: 'has drifted: deleted outside the engine' },
  NOT_CHECKED: { symbol: '?', style: 'dim', says: 'not checked (its type cannot tell)' },
};

function value(v: unknown): string {
  return JSON.stringify(v);
}

export const check: Command = {
  spec: {
    name: 'check',
    summary: "compare a stack's real resources with what it converged them to (drift)",
    usage: 'check --name STACK',
    description: [
      'Calls checkStack (observes every live resource on its real system) and prints the drift like',
      '`terraform plan` prints changes: each resource changed outside the engine (~, with expected ->',
      'actual per property) or deleted outside it (+: a repair creates it again), then the summary',
      'line. Exit 0 when everything is in sync (CHECK_COMPLETE), 1 on drift (CHECK_FAILED).',
      '`apply --repair` (updateStack repair: true) converges the drift back.',
    ].join('\n'),
    options: { ...NAME_OPTION },
  },

  async run(ctx, values) {
    const name = requiredString(values, 'name', 'check');
    const stack = await checkStack(ctx.http, name);
    const { out } = ctx;
    const ok = stack.status === 'CHECK_COMPLETE';
    if (out.json) {
      out.jsonLine(stack);
      return ok ? EXIT.OK : EXIT.FAILURE;
    }
    const resources = [...stack.resources].sort((a, b) => a.name.localeCompare(b.name));
    const count = (status: string) => resources.filter((r) => r.drift?.status === status).length;
    out.line(`Stack ${name}: ${out.status(stack.status)}`);
    const shown = resources.filter((r) => r.drift && r.drift.status !== 'IN_SYNC');
    if (shown.length > 0) out.line();
    for (const r of shown) {
      const s = SHOWN[r.drift!.status]!;
      out.line(`${out.paint(s.style, s.symbol.padStart(3))} ${r.name} (${r.type}) ${s.says}`);
      for (const d of r.drift!.differences)
        out.line(`      ~ ${d.property}: ${value(d.expected)} -> ${value(d.actual ?? null)}`);
    }
    out.line();
    out.line(
      `Drift: ${count('MODIFIED')} modified, ${count('DELETED')} deleted, ${count('IN_SYNC')} in sync, ${count('NOT_CHECKED')} not checked.`,
    );
    if (!ok)
      out.line(
        `Run \`convergence apply --repair\` with the stack's template, or updateStack with repair: true, to converge it back.`,
      );
    return ok ? EXIT.OK : EXIT.FAILURE;
  },
};
