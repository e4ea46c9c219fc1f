/**
 * What converging one resource of the target version means, decided when its dependencies are
 * ready and its properties can be resolved. Pure.
 */
import type { ResourceTypeSchema } from '../resources/types.ts';
import { planPropertyChange } from '../graph/diff.ts';

export interface CopyCandidate {
  id: string;
  type: string;
  status: string;
  /** Properties the physical resource was last successfully created or updated with. */
  appliedProperties: Record<string, unknown> | null;
  version: number;
}

export type Decision<C extends CopyCandidate = CopyCandidate> =
  | { kind: 'CREATE' }
  | { kind: 'REPLACE'; base: C; reason: string }
  | { kind: 'UPDATE'; base: C }
  | { kind: 'NOOP'; base: C };

function isHealthy(c: CopyCandidate): boolean {
  return c.appliedProperties !== null && !c.status.endsWith('_FAILED');
}

/**
 * Chooses which live copy of the resource to build on, and how: keep it, update it in place, or
 * replace it. A copy already matching the desired properties wins (so a rollback reuses the
 * original physical resource), then healthy copies, then the newest. As in Heat, a failed copy is
 * replaced rather than updated.
 */
export function decideConvergence<C extends CopyCandidate>(
  type: ResourceTypeSchema,
  desired: Record<string, unknown>,
  candidates: readonly C[],
): Decision<C> {
  if (candidates.length === 0) return { kind: 'CREATE' };
  const scored = candidates.map((c) => {
    const plan =
      c.type === type.name && isHealthy(c) ? planPropertyChange(type, c.appliedProperties!, desired) : null;
    const score = (plan === 'none' ? 100 : 0) + (isHealthy(c) ? 10 : 0) + (c.type === type.name ? 5 : 0);
    return { c, plan, score };
  });
  scored.sort((a, b) => b.score - a.score || b.c.version - a.c.version);
  const best = scored[0]!;
  if (best.c.type !== type.name)
    return { kind: 'REPLACE', base: best.c, reason: `type changed from ${best.c.type}` };
  if (!isHealthy(best.c))
    return { kind: 'REPLACE', base: best.c, reason: `previous copy is ${best.c.status}` };
  if (best.plan === 'none') return { kind: 'NOOP', base: best.c };
  if (best.plan === 'update') return { kind: 'UPDATE', base: best.c };
  return { kind: 'REPLACE', base: best.c, reason: 'a changed property requires replacement' };
}
