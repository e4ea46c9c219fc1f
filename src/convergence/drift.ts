/**
 * Drift (Heat's `stack check`, CloudFormation's drift detection), as a pure rule: given what a
 * resource was converged with and what observing the real resource reported, its drift status and
 * the properties that differ. The engine supplies the observation; nothing here does I/O.
 *
 * Not yet wired to an operation: `checkStack` and repair are still to be built on it (issue #13).
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
