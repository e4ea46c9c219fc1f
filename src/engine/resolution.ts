/**
 * Resolving a resource's compiled properties into what its action receives, shared by the action
 * runner (at run time, against its dependencies' stored state) and the change set (at update time,
 * against the live copies of carried-over dependencies), so both decide on the same values.
 */
import {
  computeChangeSet,
  type ChangeCopy,
  type ChangeSet,
  type ChangeSetContext,
  type ChangeTarget,
} from '../convergence/change-set.ts';
import { normaliseProperties } from '../resources/properties.ts';
import type { ResourceTypeRegistry } from '../resources/registry.ts';
import type { ResourceTypeSchema } from '../resources/types.ts';
import type { LiveEntry } from '../store/stacks.ts';
import { referencedResources, resolveValue } from '../template/index.ts';

export interface DependencyState {
  type: string | null;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
}

/** The properties an action receives: references resolved, schema defaults and scalar types applied. */
export function resolveProperties(
  registry: ResourceTypeRegistry,
  type: ResourceTypeSchema,
  properties: Record<string, unknown>,
  parameterValues: Record<string, unknown>,
  dependencies: ReadonlyMap<string, DependencyState>,
): Record<string, unknown> {
  const resolved = resolveValue(properties, {
    parameter: (name) => parameterValues[name],
    resourceReference: (name) => {
      const dep = dependencies.get(name);
      // Some types answer get_resource with an attribute (RandomString: the string), as in Heat.
      const attribute = dep?.type ? registry.resolve(dep.type)?.referenceAttribute : undefined;
      return (attribute ? dep?.attributes[attribute] : dep?.physicalResourceId) ?? null;
    },
    attribute: (name, path) => {
      const dep = dependencies.get(name);
      return registry.readAttribute(dep?.type, dep?.attributes ?? {}, path);
    },
  }) as Record<string, unknown>;
  return normaliseProperties(type, resolved);
}

/**
 * The change set from a stack's live copies to a compiled template's resources.
 * @param hiddenValues values to mask in the answer (hidden parameters'), for previews.
 * @param nestedInputs the fingerprint of the target's files and environment (see
 *   `CopyCandidate.nestedInputs`): a nested-stack resource whose copy was made from others is
 *   updated even with the same properties.
 */
export function changeSetOf(
  registry: ResourceTypeRegistry,
  targets: readonly ChangeTarget[],
  parameterValues: Record<string, unknown>,
  live: readonly LiveEntry[],
  hiddenValues: readonly string[] = [],
  nestedInputs: string | null = null,
): ChangeSet {
  const context: ChangeSetContext = {
    types: (name) => registry.resolve(name),
    references: referencedResources,
    resolve: (target, properties, dependencies) =>
      resolveProperties(
        registry,
        registry.resolve(target.type) ?? registry.require(target.type),
        properties,
        parameterValues,
        dependencies,
      ),
    hiddenValues,
  };
  const withInputs =
    nestedInputs === null
      ? targets
      : targets.map((t) => (registry.resolve(t.type)?.nested ? { ...t, nestedInputs } : t));
  return computeChangeSet(withInputs, live.filter((c) => c.live).map(toChangeCopy), context);
}

function toChangeCopy(entry: LiveEntry): ChangeCopy {
  return {
    id: entry.id,
    name: entry.name,
    type: entry.type,
    status: entry.status,
    version: entry.version,
    appliedProperties: entry.appliedProperties,
    copyId: entry.copyId,
    physicalResourceId: entry.physicalResourceId,
    attributes: entry.attributes,
    nestedInputs: entry.nestedInputs ?? null,
    settled:
      !entry.busy &&
      entry.observedReady &&
      entry.status.endsWith('_COMPLETE') &&
      entry.status !== 'DELETE_COMPLETE' &&
      entry.appliedProperties !== null,
  };
}
