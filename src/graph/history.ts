/**
 * What happened between two versions of a stack, read from what the engine recorded on each
 * resource when it converged it, rather than re-derived from the templates. A template diff
 * cannot see changes that flow through `get_attr` / `get_resource` from replaced or updated
 * resources, nor replacements of failed copies; the record can.
 */
import { changedProperties, type ResourceChange } from './diff.ts';

/** What the engine did to a resource to converge its version (written when the item settled). */
export type ConvergeChange = 'CREATED' | 'UPDATED' | 'REPLACED' | 'UNCHANGED';

/** A version's resource, as far as its history goes. */
export interface RecordedResource {
  name: string;
  /** The physical resource it held; the versions that kept or updated it share it. */
  copyId: string | null;
  /** Null until the engine settled it (still converging, failed, or never reached). */
  outcome: ConvergeChange | null;
  /** Why it was replaced, when it was. */
  changeReason: string | null;
  /** Properties whose resolved values changed when it was updated or replaced. */
  changedProperties: string[];
  /** The resolved properties it was last converged with. */
  appliedProperties: Record<string, unknown> | null;
  /** It still holds its physical resource. */
  live: boolean;
}

export interface HistoryChange extends ResourceChange {
  /** True when this is what the engine did; false when it has not acted (yet) and the templates tell. */
  recorded: boolean;
  /** Why a recorded replacement happened (planned ones keep `replacementReason`). */
  recordedReason?: string;
}

/**
 * Each resource's change from version `from` to version `to`, from the record:
 * - a resource the engine has not settled in `to` keeps the template's `planned` change
 *   (`recorded: false`);
 * - in both versions with different physical resources: `replaced` (whatever the templates say);
 * - the same physical resource: `updated` when the engine updated it or its resolved properties
 *   differ, else `unchanged`;
 * - `from` never held one (it failed or stopped before): what the engine did in `to`
 *   (`added` for a create);
 * - only in `to`: `added`; only in `from`: `removed` (recorded once its copy is no longer live).
 *
 * @param planned the template diff of the same two versions (`diffTemplates`), one entry per name.
 * @returns one change per name, in `planned`'s order.
 */
export function recordedChanges(
  from: readonly RecordedResource[],
  to: readonly RecordedResource[],
  planned: readonly ResourceChange[],
): HistoryChange[] {
  const before = new Map(from.map((r) => [r.name, r]));
  const after = new Map(to.map((r) => [r.name, r]));
  return planned.map((change) => {
    const old = before.get(change.name);
    const next = after.get(change.name);
    if (!next) return { ...change, kind: 'removed', recorded: old !== undefined && !old.live };
    if (next.outcome === null) return { ...change, recorded: false };
    return { ...change, ...recordedChange(old, next), recorded: true };
  });
}

function recordedChange(
  old: RecordedResource | undefined,
  next: RecordedResource,
): Pick<HistoryChange, 'kind' | 'changedProperties' | 'replacementReason' | 'recordedReason'> {
  const none = { replacementReason: undefined, recordedReason: undefined };
  if (!old) return { ...none, kind: 'added', changedProperties: [] };
  if (old.copyId === null || next.copyId === null) {
    // The older version never held a physical resource: only what `to` did is known.
    if (next.outcome === 'CREATED') return { ...none, kind: 'added', changedProperties: [] };
    return { ...none, ...fromOutcome(next), changedProperties: next.changedProperties };
  }
  const properties =
    old.appliedProperties && next.appliedProperties
      ? changedProperties(old.appliedProperties, next.appliedProperties)
      : next.changedProperties;
  if (old.copyId !== next.copyId) {
    return {
      ...none,
      kind: 'replaced',
      changedProperties: properties,
      recordedReason:
        next.outcome === 'REPLACED' && next.changeReason
          ? next.changeReason
          : 'a new physical resource was created in its place',
    };
  }
  const updated = next.outcome === 'UPDATED' || properties.length > 0;
  return { ...none, kind: updated ? 'updated' : 'unchanged', changedProperties: properties };
}

function fromOutcome(next: RecordedResource): Pick<HistoryChange, 'kind' | 'recordedReason'> {
  switch (next.outcome) {
    case 'REPLACED':
      return { kind: 'replaced', recordedReason: next.changeReason ?? undefined };
    case 'UPDATED':
      return { kind: 'updated', recordedReason: undefined };
    default:
      return { kind: 'unchanged', recordedReason: undefined };
  }
}
