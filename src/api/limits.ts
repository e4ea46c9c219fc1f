import {
  getNamedType,
  isListType,
  isNonNullType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** Page size assumed for a list field that takes no `first` argument (e.g. a stack's resources). */
const DEFAULT_LIST_SIZE = 100;

/** Lists known to be short, whatever the stack's size. */
const LIST_SIZE_HINTS: Record<string, number> = {
  'Resource.requires': 5,
  'Resource.neededBy': 5,
  'Stack.versions': 10,
  'StackDiff.changes': 100,
  'TemplateValidation.problems': 10,
};

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function numberArgument(
  field: FieldNode,
  name: string,
  variables: Record<string, unknown>,
): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

interface Measure {
  depth: number;
  cost: number;
}

/**
 * Measures an operation before it runs: its selection depth, and an estimated cost where every
 * field costs 1 and a list field multiplies the cost of its selection by its page size (`first`,
 * else DEFAULT_LIST_SIZE). Fragments are followed (and cycles among them are already refused by
 * GraphQL validation).
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): Measure {
  const root = schema.getRootType(operation.operation);
  const visit = (
    selectionSet: SelectionSetNode,
    parent: ReturnType<GraphQLSchema['getQueryType']>,
    seen: Set<string>,
  ): Measure => {
    let depth = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const fieldDef =
          parent && 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
        let child: Measure = { depth: 0, cost: 0 };
        if (selection.selectionSet && fieldDef) {
          const named = getNamedType(fieldDef.type);
          child = visit(selection.selectionSet, 'getFields' in named ? (named as typeof parent) : null, seen);
        }
        const hint = parent ? LIST_SIZE_HINTS[`${parent.name}.${selection.name.value}`] : undefined;
        const multiplier =
          fieldDef && isList(fieldDef.type)
            ? Math.max(1, numberArgument(selection, 'first', variables) ?? hint ?? DEFAULT_LIST_SIZE)
            : 1;
        depth = Math.max(depth, 1 + child.depth);
        cost += 1 + multiplier * child.cost;
      } else {
        const inner =
          selection.kind === Kind.INLINE_FRAGMENT
            ? selection.selectionSet
            : fragments[selection.name.value]?.selectionSet;
        if (!inner || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) continue;
        const next =
          selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
        const m = visit(inner, parent, next);
        depth = Math.max(depth, m.depth);
        cost += m.cost;
      }
    }
    return { depth, cost };
  };
  return visit(operation.selectionSet, root ?? null, new Set());
}
