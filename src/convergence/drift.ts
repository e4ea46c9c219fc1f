/**
 * Drift (Heat's `stack check`, CloudFormation's drift detection), as a pure rule: given what a
 * resource was converged with and what observing the real resource reported, its drift status and
 * the properties that differ. The engine supplies the observation; nothing here does I/O.
 *
 * `checkStack` (src/engine/stack-operations.ts) observes each live resource and applies these rules;
 * `checkVerdict` turns the resources' drift into the check's events and the stack's outcome.
 */
import type { Observation, ResourceTypeSchema } from '../resources/types.ts';

export type DriftStatus = 'IN_SYNC' | 'MODIFIED' | 'DELETED' | 'NOT_CHECKED';

export interface PropertyDifference {
  property: string;
  expected: unknown;
  actual: unknown;
}

export interface Drift {
  status: DriftStatus;
  differences: PropertyDifference[];
}

/**
 * The properties a type can check: those it also reports as an attribute of the same name (what
 * `observe` read back from the real system), except secrets, which no system gives back.
 */
export function checkableProperties(type: Pick<ResourceTypeSchema, 'properties' | 'attributes'>): string[] {
  return Object.entries(type.properties)
    .filter(([name, schema]) => !schema.secret && Object.hasOwn(type.attributes, name))
    .map(([name]) => name)
    .sort();
}

/**
 * `expected`: the properties the resource was last converged with; `checkable`: see
 * `checkableProperties`. A resource the observer finds missing is DELETED; one observed with no
 * checkable property, or whose observation did not settle, is NOT_CHECKED; otherwise MODIFIED with
 * each differing property, or IN_SYNC. Properties the template left unset are not compared.
 */
export function compareDrift(
  expected: Record<string, unknown>,
  observation: Observation,
  checkable: readonly string[],
): Drift {
  if (observation.state === 'missing') return { status: 'DELETED', differences: [] };
  if (observation.state !== 'done' || checkable.length === 0)
    return { status: 'NOT_CHECKED', differences: [] };
  const actual = observation.attributes ?? {};
  const differences: PropertyDifference[] = [];
  for (const property of checkable) {
    if (!Object.hasOwn(expected, property) || expected[property] === undefined || expected[property] === null)
      continue;
    if (!sameValue(expected[property], actual[property]))
      differences.push({ property, expected: expected[property], actual: actual[property] ?? null });
  }
  return { status: differences.length > 0 ? 'MODIFIED' : 'IN_SYNC', differences };
}

/** Deep equality where a scalar equals its text form (systems report `5` for `"5"` and back). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isScalar(a) && isScalar(b)) return String(a) === String(b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v: unknown, i) => sameValue(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k] ?? null, b[k] ?? null));
  }
  return a === b || (a == null && b == null);
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One resource's drift as a check found it. */
export interface ResourceDrift extends Drift {
  name: string;
}

/** What a check reports: each resource's event status and reason, and the stack's. */
export interface CheckVerdict {
  status: 'CHECK_COMPLETE' | 'CHECK_FAILED';
  reason: string;
  resources: Array<{ name: string; status: 'CHECK_COMPLETE' | 'CHECK_FAILED'; reason: string }>;
}

/**
 * As Heat's stack check: a resource that drifted (MODIFIED or DELETED) fails its check, and the
 * stack's check fails when any resource's does. IN_SYNC and NOT_CHECKED resources pass (a type
 * that cannot tell is not a failure; its status says so).
 */
export function checkVerdict(drifts: readonly ResourceDrift[]): CheckVerdict {
  const resources = drifts.map((d) => ({
    name: d.name,
    status:
      d.status === 'MODIFIED' || d.status === 'DELETED'
        ? ('CHECK_FAILED' as const)
        : ('CHECK_COMPLETE' as const),
    reason: driftReason(d),
  }));
  const drifted = drifts.filter((d) => d.status === 'MODIFIED' || d.status === 'DELETED');
  if (drifted.length === 0) {
    const unchecked = drifts.filter((d) => d.status === 'NOT_CHECKED').length;
    return {
      status: 'CHECK_COMPLETE',
      reason: `Stack CHECK completed: ${drifts.length - unchecked} in sync, ${unchecked} not checked`,
      resources,
    };
  }
  const list = drifted.map((d) => `${d.name} ${d.status}`).join(', ');
  return {
    status: 'CHECK_FAILED',
    reason: `${drifted.length} resource${drifted.length === 1 ? '' : 's'} drifted: ${list}`,
    resources,
  };
}

function driftReason(d: ResourceDrift): string {
  if (d.status === 'MODIFIED') return `MODIFIED: ${d.differences.map((x) => x.property).join(', ')}`;
  if (d.status === 'DELETED') return 'DELETED: the physical resource no longer exists';
  if (d.status === 'NOT_CHECKED') return 'NOT_CHECKED: the type cannot tell';
  return 'IN_SYNC';
}
