/**
 * What converging one resource of the target version means, decided when its dependencies are
 * ready and its properties can be resolved. Pure.
 */
import type { ResourceTypeSchema } from '../resources/types.ts';
import { explainPropertyChange, type PropertyChangeExplanation } from '../graph/diff.ts';

export interface CopyCandidate {
  id: string;
  type: string;
  status: string;
  /** Properties the physical resource was last successfully created or updated with. */
  appliedProperties: Record<string, unknown> | null;
  version: number;
  /**
   * Nested-stack types only: the fingerprint of what the copy's nested template was made from
   * besides its properties (the stack version's files and environment); null or absent otherwise.
   */
  nestedInputs?: string | null;
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
 * replaced rather than updated. `nestedInputs`: for a nested-stack type, the fingerprint of what
 * its template is made of besides properties (see CopyCandidate.nestedInputs); null otherwise.
 */
export function decideConvergence<C extends CopyCandidate>(
  type: ResourceTypeSchema,
  desired: Record<string, unknown>,
  candidates: readonly C[],
  nestedInputs: string | null = null,
): Decision<C> {
  if (candidates.length === 0) return { kind: 'CREATE' };
  const scored = candidates.map((c) => {
    const explanation =
      c.type === type.name && isHealthy(c)
        ? explainPropertyChange(type, c.appliedProperties!, desired)
        : null;
    let plan = explanation?.plan ?? null;
    // A nested stack whose template file (or the environment mapping its type) changed is updated
    // even with the same properties, as Heat updates every nested stack: its own change set then
    // decides resource by resource.
    if (plan === 'none' && nestedInputs !== null && (c.nestedInputs ?? null) !== nestedInputs)
      plan = 'update';
    const score = (plan === 'none' ? 100 : 0) + (isHealthy(c) ? 10 : 0) + (c.type === type.name ? 5 : 0);
    return { c, plan, explanation, score };
  });
  scored.sort((a, b) => b.score - a.score || b.c.version - a.c.version);
  const best = scored[0]!;
  if (best.c.type !== type.name)
    return { kind: 'REPLACE', base: best.c, reason: `type changed from ${best.c.type}` };
  if (!isHealthy(best.c))
    return { kind: 'REPLACE', base: best.c, reason: `previous copy is ${best.c.status}` };
  if (best.plan === 'none') return { kind: 'NOOP', base: best.c };
  if (best.plan === 'update') return { kind: 'UPDATE', base: best.c };
  return { kind: 'REPLACE', base: best.c, reason: replacementReason(best.explanation!) };
}

/** Why a property change replaces the resource, naming the properties (the resolved values decided). */
function replacementReason(explanation: PropertyChangeExplanation): string {
  if (explanation.decidedByType)
    return `the type asked for a replacement (changed: ${explanation.changed.join(', ')})`;
  const names = explanation.forcingReplacement;
  return `${names.length === 1 ? 'property' : 'properties'} ${names.join(', ')} cannot be updated in place`;
}
