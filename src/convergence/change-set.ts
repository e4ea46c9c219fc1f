/**
 * The change set of an update: for every resource, what the engine will do to it when the stack
 * converges from its live copies to a new template. Pure. It is both the preview users see
 * (`previewStack`) and the plan an update runs (`StackOperations`): resources it marks as carried
 * over get no work item at all; every other resource is converged, and the engine's run-time
 * decision (`decide.ts`) is the same `decideConvergence` this module applies now.
 *
 * Rules, per resource of the new template, in dependency order:
 * - no live copy of the name → ADD;
 * - a property whose expression reads (`get_resource`/`get_attr`) a resource that is not carried
 *   over is "known after apply": its value is only known once that resource has converged;
 * - otherwise its properties are resolved now against the live copies of what it reads, and the
 *   copy is weighed by `decideConvergence` exactly as at run time: UNCHANGED, UPDATE in place or
 *   REPLACE (with the property, type change or failed copy that forces it);
 * - a nested-stack type (a template resource, OS::Heat::Stack, a group) whose files or environment
 *   changed is updated even when its properties are the same (its template may have changed);
 * - an UNCHANGED resource is carried over (no work item) when nothing about it is uncertain: one
 *   live copy, settled (complete, observed ready, no action running), and no value known after apply.
 * Live copies whose name the new template no longer has → DELETE.
 *
 * A resource made UPDATE or REPLACE only by values known after apply may still be kept at run
 * time, when the value turns out unchanged (as with Terraform's "known after apply").
 */
import { topologicalOrder } from '../graph/dag.ts';
import { explainPropertyChange, changedProperties } from '../graph/diff.ts';
import type { ResourceTypeSchema } from '../resources/types.ts';
import { decideConvergence, type CopyCandidate } from './decide.ts';

export type ChangeAction = 'ADD' | 'UPDATE' | 'REPLACE' | 'DELETE' | 'UNCHANGED';

/** A resource of the new template, as compiled (parameters substituted, references unresolved). */
export interface ChangeTarget {
  name: string;
  type: string;
  properties: Record<string, unknown>;
  /** Every resource it needs (depends_on and references), as compiled. */
  requires: readonly string[];
  /** Nested-stack types: the fingerprint of the files and environment its template comes from. */
  nestedInputs?: string | null;
}

/** A live copy of the stack: a resource that owns a physical resource today. */
export interface ChangeCopy extends CopyCandidate {
  name: string;
  copyId: string;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
  /** Complete, observed ready, and no action of any traversal running on it. */
  settled: boolean;
}

/** What a dependency looks like to the resolver: the live copy a carried-over resource keeps. */
export interface ResolvedDependency {
  type: string;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
}

/** The template functions the change set needs, injected (the core does not import the template language). */
export interface ChangeSetContext {
  types: (name: string) => ResourceTypeSchema | undefined;
  /** Names a value reads through get_resource / get_attr. */
  references: (value: unknown) => Iterable<string>;
  /**
   * The properties as an action would receive them (references resolved against `dependencies`,
   * schema defaults filled in). Throws when they cannot be resolved.
   */
  resolve: (
    target: ChangeTarget,
    properties: Record<string, unknown>,
    dependencies: ReadonlyMap<string, ResolvedDependency>,
  ) => Record<string, unknown>;
  /** Values never to show in clear (hidden parameters' values); properties containing one are masked. */
  hiddenValues?: readonly string[];
}

export interface PropertyChange {
  name: string;
  /** The value the physical resource has now (null when added); masked when secret. */
  old: unknown;
  /** The value it will have (null when known after apply or removed); masked when secret. */
  new: unknown;
  /** The new value depends on a resource that changes in this update. */
  knownAfterApply: boolean;
  /** Changing this property replaces the physical resource. */
  forcesReplacement: boolean;
}

export interface ResourceChangePlan {
  name: string;
  /** The type in the new template (the live copy's for DELETE). */
  type: string;
  action: ChangeAction;
  /**
   * For REPLACE: why (the properties that force it, a type change, a failed copy); for an UPDATE
   * with the same properties: NESTED_INPUTS_CHANGED.
   */
  reason: string | null;
  /** Properties whose value changes (or may change, when known after apply), sorted by name. */
  properties: PropertyChange[];
  /** Some of its new values are only known once resources it reads have converged. */
  knownAfterApply: boolean;
  /** Set when the resource is carried over without a work item: the live copy it keeps. */
  carriedFrom: ChangeCopy | null;
}

export interface ChangeSummary {
  add: number;
  update: number;
  replace: number;
  delete: number;
  unchanged: number;
}

export interface ChangeSet {
  /** One entry per resource name of the new template or of the live copies, sorted by name. */
  resources: ResourceChangePlan[];
  summary: ChangeSummary;
}

/** Why a nested stack is updated although its properties are the same (see decide.ts). */
export const NESTED_INPUTS_CHANGED = 'its nested template, files or environment changed';

/** Shown instead of secret values. */
export const MASKED = '******';
/** Stands for a value known after apply while deciding: differs from every real value. */
const UNKNOWN = Object.freeze({ '(known after apply)': true });

export function computeChangeSet(
  targets: readonly ChangeTarget[],
  live: readonly ChangeCopy[],
  context: ChangeSetContext,
): ChangeSet {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const copies = new Map<string, ChangeCopy[]>();
  for (const copy of live) copies.set(copy.name, [...(copies.get(copy.name) ?? []), copy]);

  const plans = new Map<string, ResourceChangePlan>();
  // Compiled templates list their resources in dependency order already: no sort for them.
  const order = inDependencyOrder(targets, byName)
    ? targets.map((t) => t.name)
    : topologicalOrder(
        targets.map((t) => t.name),
        (name) => byName.get(name)?.requires ?? [],
      );
  for (const name of order) {
    const target = byName.get(name)!;
    plans.set(name, planResource(target, copies.get(name) ?? [], plans, context));
  }
  for (const [name, named] of copies) {
    if (byName.has(name)) continue;
    const copy = named[0]!;
    plans.set(name, {
      name,
      type: copy.type,
      action: 'DELETE',
      reason: null,
      properties: [],
      knownAfterApply: false,
      carriedFrom: null,
    });
  }
  const resources = [...plans.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { resources, summary: summarise(resources) };
}

/** Whether every target comes after the targets it requires (one pass, no sort). */
function inDependencyOrder(
  targets: readonly ChangeTarget[],
  byName: ReadonlyMap<string, ChangeTarget>,
): boolean {
  const seen = new Set<string>();
  for (const t of targets) {
    for (const dep of t.requires) if (byName.has(dep) && !seen.has(dep)) return false;
    seen.add(t.name);
  }
  return true;
}

/** True when applying would change nothing: every resource carried over, nothing deleted. */
export function isEmptyChangeSet(changes: ChangeSet): boolean {
  return changes.resources.every((r) => r.carriedFrom !== null);
}

export function summarise(resources: readonly Pick<ResourceChangePlan, 'action'>[]): ChangeSummary {
  const summary: ChangeSummary = { add: 0, update: 0, replace: 0, delete: 0, unchanged: 0 };
  for (const r of resources) {
    if (r.action === 'ADD') summary.add++;
    else if (r.action === 'UPDATE') summary.update++;
    else if (r.action === 'REPLACE') summary.replace++;
    else if (r.action === 'DELETE') summary.delete++;
    else summary.unchanged++;
  }
  return summary;
}

/** `N to add, N to update in place, N to replace, N to delete` (Terraform's plan summary). */
export function summaryLine(summary: ChangeSummary): string {
  return `${summary.add} to add, ${summary.update} to update in place, ${summary.replace} to replace, ${summary.delete} to delete`;
}

function planResource(
  target: ChangeTarget,
  candidates: readonly ChangeCopy[],
  decided: ReadonlyMap<string, ResourceChangePlan>,
  context: ChangeSetContext,
): ResourceChangePlan {
  const schema = context.types(target.type);
  const mask = masker(schema, context.hiddenValues ?? []);

  // Which properties read a resource that is not carried over: those are known after apply.
  const dependencies = new Map<string, ResolvedDependency>();
  const uncertain = new Set<string>();
  for (const dep of target.requires) {
    const plan = decided.get(dep);
    if (plan?.carriedFrom) dependencies.set(dep, plan.carriedFrom);
    else uncertain.add(dep);
  }
  const unknown = new Set<string>();
  const known: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(target.properties)) {
    if ([...context.references(value)].some((name) => uncertain.has(name))) unknown.add(property);
    else known[property] = value;
  }
  let desired: Record<string, unknown>;
  try {
    desired = context.resolve(target, known, dependencies);
  } catch {
    // It cannot be resolved now (e.g. a reference to an attribute that does not exist yet): the
    // engine resolves it when it runs; until then every property is uncertain.
    desired = {};
    for (const property of Object.keys(target.properties)) unknown.add(property);
  }
  for (const property of unknown) desired[property] = UNKNOWN;
  const knownAfterApply = unknown.size > 0;

  if (candidates.length === 0) {
    const properties = Object.keys(desired)
      .filter((name) => desired[name] != null)
      .sort()
      .map((name) => propertyChange(name, null, desired[name], unknown, false, mask));
    return { ...base(target, 'ADD', knownAfterApply), properties };
  }
  if (!schema) {
    const copy = candidates[0]!;
    return {
      ...base(target, 'REPLACE', knownAfterApply),
      reason: `type ${target.type} is not known to this engine`,
      properties: diffProperties(copy.appliedProperties ?? {}, desired, unknown, new Set(), mask),
    };
  }

  const decision = decideConvergence(schema, desired, candidates, target.nestedInputs ?? null);
  if (decision.kind === 'CREATE') return { ...base(target, 'ADD', knownAfterApply), properties: [] };
  const copy = decision.base;
  const previous = copy.appliedProperties ?? {};
  if (decision.kind === 'NOOP') {
    const carried = candidates.length === 1 && copy.settled && !knownAfterApply;
    return { ...base(target, 'UNCHANGED', false), carriedFrom: carried ? copy : null };
  }
  const explanation =
    copy.type === target.type && copy.appliedProperties
      ? explainPropertyChange(schema, previous, desired)
      : null;
  const forcing = new Set(explanation?.forcingReplacement ?? []);
  const properties = diffProperties(previous, desired, unknown, forcing, mask);
  if (decision.kind === 'UPDATE')
    return {
      ...base(target, 'UPDATE', knownAfterApply),
      // Same properties: what changed is the template its nested stack is made from.
      reason: properties.length === 0 ? NESTED_INPUTS_CHANGED : null,
      properties,
    };

  let reason = decision.reason;
  if (explanation?.decidedByType) reason = `${target.type} replaces on this change`;
  else if (forcing.size > 0) {
    const names = [...forcing].sort();
    const uncertainOnes = names.filter((n) => unknown.has(n));
    reason = `${names.length === 1 ? 'property' : 'properties'} ${names.join(', ')} cannot be updated in place`;
    if (uncertainOnes.length === names.length) reason += ' (if the value known after apply differs)';
  }
  return { ...base(target, 'REPLACE', knownAfterApply), reason, properties };
}

function base(target: ChangeTarget, action: ChangeAction, knownAfterApply: boolean): ResourceChangePlan {
  return {
    name: target.name,
    type: target.type,
    action,
    reason: null,
    properties: [],
    knownAfterApply,
    carriedFrom: null,
  };
}

function diffProperties(
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
  unknown: ReadonlySet<string>,
  forcing: ReadonlySet<string>,
  mask: (name: string, value: unknown) => unknown,
): PropertyChange[] {
  return changedProperties(previous, next).map((name) =>
    propertyChange(name, previous[name] ?? null, next[name] ?? null, unknown, forcing.has(name), mask),
  );
}

function propertyChange(
  name: string,
  old: unknown,
  next: unknown,
  unknown: ReadonlySet<string>,
  forcesReplacement: boolean,
  mask: (name: string, value: unknown) => unknown,
): PropertyChange {
  const knownAfterApply = unknown.has(name);
  return {
    name,
    old: mask(name, old),
    new: knownAfterApply ? null : mask(name, next),
    knownAfterApply,
    forcesReplacement,
  };
}

/** Masks secret properties (by schema) and any value containing a hidden parameter's value. */
function masker(
  schema: ResourceTypeSchema | undefined,
  hiddenValues: readonly string[],
): (name: string, value: unknown) => unknown {
  const hidden = hiddenValues.filter((v) => v.length > 0);
  return (name, value) => {
    if (value === null || value === undefined) return null;
    if (schema && Object.hasOwn(schema.properties, name) && schema.properties[name]!.secret) return MASKED;
    if (hidden.length > 0) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (hidden.some((h) => text.includes(h))) return MASKED;
    }
    return value;
  };
}
