/**
 * What changes between two versions of a stack's template, resource by resource, and how a
 * change of properties is applied to an existing physical resource.
 */
import type { ResourceTypeSchema, TypeCatalog } from '../resources/types.ts';
import type { CompiledResource, CompiledTemplate } from '../template/index.ts';
import { jsonEqual } from '../template/index.ts';

export type PropertyChangePlan = 'none' | 'update' | 'replace';

export interface PropertyChangeExplanation {
  plan: PropertyChangePlan;
  /** Top-level property names whose values differ, sorted. */
  changed: string[];
  /** The changed properties that cannot be updated in place (when the schema decided). */
  forcingReplacement: string[];
  /** True when the type's own `planUpdate` made the decision. */
  decidedByType: boolean;
}

/**
 * How to apply a change of properties to an existing physical resource (used by the diff on
 * compiled properties and by the engine on resolved ones):
 * 1. no property differs (deep, JSON-wise; a property set to null counts as not set) → `none`;
 * 2. the type's `planUpdate`, when it returns a plan;
 * 3. any changed property whose schema does not say `onChange: 'update'` → `replace`
 *    (Heat's default). A property the schema does not list is `update` for types that accept
 *    any property (OS::Heat::None) and `replace` otherwise;
 * 4. otherwise `update`.
 */
export function planPropertyChange(
  schema: ResourceTypeSchema,
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
): PropertyChangePlan {
  return explainPropertyChange(schema, previous, next).plan;
}

/** {@link planPropertyChange}, with the reasons. */
export function explainPropertyChange(
  schema: ResourceTypeSchema,
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
): PropertyChangeExplanation {
  const changed = changedProperties(previous, next);
  if (changed.length === 0) return { plan: 'none', changed, forcingReplacement: [], decidedByType: false };

  const typePlan = schema.planUpdate?.(previous, next);
  if (typePlan !== undefined) return { plan: typePlan, changed, forcingReplacement: [], decidedByType: true };

  const forcingReplacement = changed.filter((name) => {
    const propertySchema = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (!propertySchema) return schema.acceptsAnyProperties !== true;
    return propertySchema.onChange !== 'update';
  });
  const plan = forcingReplacement.length > 0 ? 'replace' : 'update';
  return { plan, changed, forcingReplacement, decidedByType: false };
}

/** Top-level names whose values differ; null and absent are the same. Sorted. */
export function changedProperties(
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
): string[] {
  const names = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...names]
    .filter((name) => !jsonEqual(previous[name] ?? null, next[name] ?? null))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export type ResourceChangeKind = 'added' | 'removed' | 'unchanged' | 'updated' | 'replaced';

export type ReplacementReason =
  | { kind: 'type_changed'; from: string; to: string }
  /** The listed properties changed and cannot be updated in place. */
  | { kind: 'property_forces_replacement'; properties: string[] }
  /** The type's `planUpdate` asked for a replacement (e.g. TestResource with update_replace). */
  | { kind: 'type_requested' }
  /** The catalog no longer knows the type, so an in-place update cannot be planned. */
  | { kind: 'type_unknown' };

export interface ResourceChange {
  name: string;
  kind: ResourceChangeKind;
  /** The type in the new template (the old one for `removed`). */
  type: string;
  /** Top-level properties whose compiled values differ (empty for added/removed). */
  changedProperties: string[];
  metadataChanged: boolean;
  /**
   * depends_on, deletion_policy, update_policy or description differ. These never touch the
   * physical resource (depends_on only orders work), so alone they leave it `unchanged`.
   */
  definitionChanged: boolean;
  /** Set for `replaced`. */
  replacementReason?: ReplacementReason;
}

/**
 * Compares two compiled templates resource by resource (by logical name), as a preview of an
 * update. `from` is null for a new stack (everything is added).
 *
 * Rules: a metadata change is an update in place; a change of depends_on (or policies, or
 * description) alone changes nothing physical. Properties are compared as compiled, so a
 * property whose expression is unchanged but reads an attribute of a resource that changes
 * shows as unchanged here; the engine decides again on resolved values when it runs.
 *
 * @returns one change per resource name in either template, sorted by name.
 */
export function diffTemplates(
  from: CompiledTemplate | null,
  to: CompiledTemplate,
  catalog: TypeCatalog,
): ResourceChange[] {
  const before = new Map((from?.resources ?? []).map((resource) => [resource.name, resource]));
  const after = new Map(to.resources.map((resource) => [resource.name, resource]));
  const changes: ResourceChange[] = [];
  for (const resource of after.values()) {
    const previous = before.get(resource.name);
    changes.push(previous ? compareResource(previous, resource, catalog) : added(resource));
  }
  for (const resource of before.values()) {
    if (!after.has(resource.name)) changes.push(removed(resource));
  }
  return changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function added(resource: CompiledResource): ResourceChange {
  return base(resource, 'added');
}

function removed(resource: CompiledResource): ResourceChange {
  return base(resource, 'removed');
}

function base(resource: CompiledResource, kind: ResourceChangeKind): ResourceChange {
  return {
    name: resource.name,
    kind,
    type: resource.type,
    changedProperties: [],
    metadataChanged: false,
    definitionChanged: false,
  };
}

function compareResource(
  previous: CompiledResource,
  next: CompiledResource,
  catalog: TypeCatalog,
): ResourceChange {
  const change = base(next, 'unchanged');
  change.metadataChanged = !jsonEqual(previous.metadata, next.metadata);
  change.definitionChanged = !(
    jsonEqual([...previous.dependsOn].sort(), [...next.dependsOn].sort()) &&
    previous.deletionPolicy === next.deletionPolicy &&
    jsonEqual(previous.updatePolicy ?? null, next.updatePolicy ?? null) &&
    previous.description === next.description
  );

  if (previous.type !== next.type) {
    change.changedProperties = changedProperties(previous.properties, next.properties);
    return {
      ...change,
      kind: 'replaced',
      replacementReason: { kind: 'type_changed', from: previous.type, to: next.type },
    };
  }
  const schema = catalog.get(next.type);
  if (!schema) {
    change.changedProperties = changedProperties(previous.properties, next.properties);
    if (change.changedProperties.length === 0)
      return { ...change, kind: change.metadataChanged ? 'updated' : 'unchanged' };
    return { ...change, kind: 'replaced', replacementReason: { kind: 'type_unknown' } };
  }
  const explanation = explainPropertyChange(schema, previous.properties, next.properties);
  change.changedProperties = explanation.changed;
  if (explanation.plan === 'replace') {
    const replacementReason: ReplacementReason = explanation.decidedByType
      ? { kind: 'type_requested' }
      : { kind: 'property_forces_replacement', properties: explanation.forcingReplacement };
    return { ...change, kind: 'replaced', replacementReason };
  }
  const updated = explanation.plan === 'update' || change.metadataChanged;
  return { ...change, kind: updated ? 'updated' : 'unchanged' };
}
