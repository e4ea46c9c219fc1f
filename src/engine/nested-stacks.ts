/**
 * Nested stacks in the engine: what a parent resource's action on its child stack does (through
 * `StackOperations.startNested`) and how the commit that completes a child finishes the parked
 * parent (`nestedFinisher`, handed to the committer). The rule itself is convergence/nested.ts.
 */
import { nestedOutcome, type ChildState } from '../convergence/nested.ts';
import type { FinishFields, OutcomeItem, Verb } from '../convergence/outcomes.ts';
import type { CommitEntry } from '../convergence/settlement.ts';
import type { ResourceTypeRegistry } from '../resources/registry.ts';
import type { NestedStackView, ResourceType } from '../resources/types.ts';
import type { NestedFinisher, NestedWaiterRow } from '../store/commits.ts';
import { parseJson } from '../store/records.ts';
import type { NestedViewRow } from '../store/stacks.ts';
import { resolveValue } from '../template/index.ts';

/** The child as the attribute mapper sees it: outputs resolved from its resources' stored state. */
export function nestedView(row: NestedViewRow, registry: ResourceTypeRegistry): NestedStackView {
  const resources: NestedStackView['resources'] = {};
  for (const r of row.resources) {
    resources[r.name] = {
      type: r.type,
      reference: r.physicalResourceId,
      physicalResourceId: r.physicalResourceId,
      attributes: parseJson(r.attributes, {}),
    };
  }
  const outputs: Record<string, unknown> = {};
  const compiled = parseJson<Record<string, { value: unknown }>>(row.outputs, {});
  for (const [name, output] of Object.entries(compiled)) {
    try {
      outputs[name] = resolveValue(output.value, {
        parameter: () => null,
        resourceReference: (ref) => resources[ref]?.physicalResourceId ?? null,
        attribute: (ref, path) =>
          registry.readAttribute(resources[ref]?.type, resources[ref]?.attributes ?? {}, path),
      });
    } catch {
      outputs[name] = null;
    }
  }
  return { stackId: row.child.id, stackName: row.child.name, outputs, resources };
}

/** The parent's attributes: the type's mapper, or the outputs plus `resource.NAME` (template resources). */
export function nestedAttributes(
  type: ResourceType | undefined,
  view: NestedStackView,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  if (type?.nested?.nestedAttributes) return type.nested.nestedAttributes(view, properties);
  const attributes: Record<string, unknown> = { ...view.outputs, 'OS::stack_id': view.stackId };
  for (const [name, r] of Object.entries(view.resources)) attributes[`resource.${name}`] = r.attributes;
  return attributes;
}

/** The parent's finish for a child in `view`'s state (null view: there is no child, e.g. a delete of nothing). */
export function nestedFinish(
  registry: ResourceTypeRegistry,
  parent: OutcomeItem & { type: string },
  verb: Verb,
  view: NestedViewRow | null,
  properties: Record<string, unknown>,
  refs: readonly string[],
): FinishFields {
  const child: ChildState = view
    ? view.child
    : { id: parent.physicalResourceId ?? '', name: '(none)', status: 'DELETE_COMPLETE', statusReason: null };
  const attributes =
    view && verb !== 'DELETE'
      ? nestedAttributes(registry.resolve(parent.type), nestedView(view, registry), properties)
      : {};
  return nestedOutcome(parent, verb, child, { properties, attributes, dependencyCopies: refs });
}

/** What the committer runs for the parents parked on children a commit completed. */
export function nestedFinisher(registry: ResourceTypeRegistry): NestedFinisher {
  return (rows: NestedWaiterRow[]): CommitEntry[] =>
    rows.map((row) => {
      const p = row.parent;
      const parent = {
        id: p.id as string,
        name: p.name as string,
        type: p.type as string,
        version: p.version as number,
        physicalResourceId: (p.physicalResourceId as string | null) ?? null,
        statusReason: (p.statusReason as string | null) ?? null,
        attributes: parseJson(p.attributes, {}),
        refs: (p.refs as string[] | null) ?? [],
        live: p.live === true,
        retryCount: (p.retryCount as number | null) ?? 0,
        change: (p.change as OutcomeItem['change']) ?? null,
      };
      const verb = ((p.nestedVerb as string | null) ?? 'CREATE') as Verb;
      const finish = nestedFinish(
        registry,
        parent,
        verb,
        row,
        parseJson(p.nestedProperties, {}),
        (p.nestedRefs as string[] | null) ?? [],
      );
      return {
        kind: 'finish',
        item: {
          id: parent.id,
          stackId: p.stackId as string,
          token: p.leaseToken as string,
          actionTraversal: p.actionTraversal as string,
        },
        ...finish,
        set: { ...finish.set, nestedWait: null, nestedVerb: null, nestedProperties: null, nestedRefs: null },
      } satisfies CommitEntry;
    });
}
