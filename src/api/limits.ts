import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInputObjectType,
  isEnumType,
  isInterfaceType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ListSizes, StackSizes } from '../store/reads.ts';

/**
 * Lists usually short, whatever the stack's size, estimated at these lengths before the query
 * runs. Where one can be longer (a resource many others need), its resolver charges the excess
 * as it resolves (`listHint`).
 */
const LIST_SIZE_HINTS: Record<string, number> = {
  'Resource.requires': 5,
  'Resource.neededBy': 5,
  'Stack.versions': 10,
  'StackDiff.changes': 100,
  'StackPreview.changes': 100,
  'StackPreview.plan': 100,
  'PlannedResourceChange.properties': 5,
  'TemplateValidation.problems': 10,
  'TemplateValidation.resources': 100,
  'Query.resourceTypes': 10,
};

/** The length a list field (`Type.field`) was estimated at before the query ran, if it has a hint. */
export function listHint(key: string): number | undefined {
  return LIST_SIZE_HINTS[key];
}

/** Fields that compile templates: each costs real CPU, so a request may ask for only a few. */
export const COMPILING_FIELDS = new Set(['Query.validateTemplate', 'Query.previewStack', 'Stack.diff']);

export interface CostSettings {
  /** Page size of list fields when `first` is not given. */
  defaultPageSize: number;
  /** Largest `first`; an unpaginated list is counted at this size before it runs. */
  maxPageSize: number;
}

export const DEFAULT_COST_SETTINGS: CostSettings = { defaultPageSize: 100, maxPageSize: 1000 };

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

function stringArgument(
  field: FieldNode,
  name: string,
  variables: Record<string, unknown>,
): string | undefined {
  const value = field.arguments?.find((a) => a.name.value === name)?.value;
  if (value?.kind === Kind.STRING) return value.value;
  if (value?.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

function booleanArgument(field: FieldNode, name: string, variables: Record<string, unknown>): boolean {
  const value = field.arguments?.find((a) => a.name.value === name)?.value;
  if (value?.kind === Kind.BOOLEAN) return value.value;
  if (value?.kind === Kind.VARIABLE) return variables[value.name.value] === true;
  return false;
}

/** Introspection lists counted at their real sizes in this schema (computed once per schema). */
const introspectionHints = new WeakMap<GraphQLSchema, Record<string, number>>();
function introspectionSizes(schema: GraphQLSchema): Record<string, number> {
  let hints = introspectionHints.get(schema);
  if (!hints) {
    const types = Object.values(schema.getTypeMap());
    const most = (f: (t: GraphQLNamedType) => number) => Math.max(1, ...types.map(f));
    const fieldsOf = (t: GraphQLNamedType) =>
      isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()) : [];
    hints = {
      '__Schema.types': types.length,
      '__Schema.directives': schema.getDirectives().length,
      '__Type.fields': most((t) => fieldsOf(t).length),
      '__Type.inputFields': most((t) => (isInputObjectType(t) ? Object.keys(t.getFields()).length : 0)),
      '__Type.enumValues': most((t) => (isEnumType(t) ? t.getValues().length : 0)),
      '__Type.interfaces': most((t) =>
        isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().length : 0,
      ),
      '__Type.possibleTypes': types.length,
      '__Field.args': most((t) => Math.max(0, ...fieldsOf(t).map((f) => f.args.length))),
      '__Directive.args': Math.max(1, ...schema.getDirectives().map((d) => d.args.length)),
      '__Directive.locations': 20,
    };
    introspectionHints.set(schema, hints);
  }
  return hints;
}

/**
 * What a whole introspection of this schema can cost at most: every type, field, argument, input
 * field and enum value once, each with a nested type reference (up to 8 levels, as GraphiQL asks).
 * Multiplying the largest list sizes together would price one ordinary introspection (an IDE
 * loading its docs) far above any real answer; each `__schema` is charged at most this instead, so
 * many aliases of it still add up.
 */
const introspectionCeilings = new WeakMap<GraphQLSchema, number>();
function introspectionCeiling(schema: GraphQLSchema): number {
  let ceiling = introspectionCeilings.get(schema);
  if (ceiling === undefined) {
    const TYPE_REF = 8 * 3;
    let elements = 0;
    for (const t of Object.values(schema.getTypeMap())) {
      elements += 1;
      if (isObjectType(t) || isInterfaceType(t))
        for (const f of Object.values(t.getFields())) elements += 1 + f.args.length;
      if (isInputObjectType(t)) elements += Object.keys(t.getFields()).length;
      if (isEnumType(t)) elements += t.getValues().length;
    }
    for (const d of schema.getDirectives()) elements += 1 + d.args.length;
    ceiling = elements * TYPE_REF;
    introspectionCeilings.set(schema, ceiling);
  }
  return ceiling;
}

/**
 * The unpaginated (deprecated) lists whose length grows with what a tenant stores. Before a query
 * runs, their real lengths are read in one statement from counters the nodes keep (`ListSizes`),
 * so a query that would read too much is refused before any resolver runs.
 */
export const SIZED_LISTS = new Set([
  'Stack.resources',
  'StackVersion.resources',
  'Stack.versions',
  'Stack.nested',
]);

/**
 * The real length of a sized list before the query runs. `stack` is the stack's name when the
 * query names it (`stack(name:)` and what is under it), null when the stack is reached some other
 * way (lists of stacks, mutation payloads, a parent); `nested` is `resources(nested: true)`.
 * Undefined: not known (the list is estimated at a page, then charged as it resolves).
 */
export type ListSize = (key: string, stack: string | null, nested: boolean) => number | undefined;

/** What to read before an operation runs: the stack names it asks about, and whether it needs the tenant's maxima. */
export interface SizeQuestions {
  names: string[];
  wholeTenant: boolean;
  /** A version's `resources` is asked for: the most resources of any version is needed. */
  versionResources: boolean;
}

const NO_SIZES: StackSizes = { resources: 0, versionResources: 0, versions: 0 };

/** The `ListSize` answering from sizes read before the operation runs. */
export function realListSize(sizes: ListSizes): ListSize {
  return (key, stack, nested) => {
    const of = stack === null ? sizes.most : (sizes.named.get(stack) ?? NO_SIZES);
    switch (key) {
      case 'Stack.resources':
        return of.resources + (nested ? sizes.nestedResources : 0);
      case 'StackVersion.resources':
        return of.versionResources;
      case 'Stack.versions':
        return of.versions;
      case 'Stack.nested':
        return sizes.nestedStacks;
      default:
        return undefined;
    }
  };
}

/**
 * Which sizes an operation needs (null: it has no sized list, so nothing needs reading): measures
 * it once with a `ListSize` that only records what it is asked.
 */
export function sizeQuestions(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): SizeQuestions | null {
  const names = new Set<string>();
  let wholeTenant = false;
  let versionResources = false;
  let asked = false;
  measureOperation(schema, operation, fragments, variables, DEFAULT_COST_SETTINGS, (key, stack, nested) => {
    asked = true;
    if (stack !== null) names.add(stack);
    if (stack === null || nested || key === 'Stack.nested') wholeTenant = true;
    if (key === 'StackVersion.resources') versionResources = true;
    return undefined;
  });
  return asked ? { names: [...names], wholeTenant, versionResources } : null;
}

export interface Measure {
  depth: number;
  cost: number;
  /** Template compilations the operation may trigger (COMPILING_FIELDS, times enclosing list sizes). */
  compiles: number;
}

type Parent = ReturnType<GraphQLSchema['getQueryType']>;

/**
 * Measures an operation before it runs: its selection depth, and an estimated cost where every
 * field costs 1 and a list field multiplies the cost of its selection by its page size (`first`,
 * else the argument's default, else a hint for lists known to be short, else the default page;
 * unpaginated lists are charged again at their real length as they resolve, see CostMeter). A
 * connection's `edges` count at the
 * connection's `first`. Introspection fields count like any other, at the schema's real sizes.
 * Fragments are followed (and cycles among them are already refused by GraphQL validation).
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
  settings: CostSettings = DEFAULT_COST_SETTINGS,
  listSize?: ListSize,
): Measure {
  const root = schema.getRootType(operation.operation);
  return measureSelection(
    schema,
    operation.selectionSet,
    root ?? null,
    fragments,
    variables,
    settings,
    listSize,
  );
}

function fieldDefinition(
  schema: GraphQLSchema,
  parent: Parent,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
  }
  return parent && 'getFields' in parent ? parent.getFields()[name] : undefined;
}

/** Measures a selection set under `parent` (also used by resolvers to price one item of a list). */
export function measureSelection(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  parent: Parent,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  settings: CostSettings = DEFAULT_COST_SETTINGS,
  listSize?: ListSize,
): Measure {
  const hints = { ...introspectionSizes(schema), ...LIST_SIZE_HINTS };
  const pageOf = (
    field: FieldNode,
    def: GraphQLField<unknown, unknown> | undefined,
    key: string,
    stack: string | null,
  ) => {
    const given = numberArgument(field, 'first', variables);
    if (given !== undefined) return Math.min(Math.max(1, given), settings.maxPageSize);
    const declared = def?.args.find((a) => a.name === 'first')?.defaultValue;
    if (typeof declared === 'number') return declared;
    if (def?.args.some((a) => a.name === 'first')) return settings.defaultPageSize;
    // An unpaginated (deprecated) list: at its real length when it was read before the query runs
    // (SIZED_LISTS), else at a default page; its resolver charges it again at its real length
    // (CostMeter), so the estimate cannot be gamed by size.
    const real = SIZED_LISTS.has(key)
      ? listSize?.(key, stack, booleanArgument(field, 'nested', variables))
      : undefined;
    return real ?? hints[key] ?? settings.defaultPageSize;
  };
  const visit = (
    set: SelectionSetNode,
    parentType: Parent,
    seen: Set<string>,
    connection: number,
    /** The stack the selection is about, when the query names it (`stack(name:)`). */
    stack: string | null,
  ): Measure => {
    let depth = 0;
    let cost = 0;
    let compiles = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const def = fieldDefinition(schema, parentType, name);
        const key = `${parentType?.name ?? ''}.${name}`;
        const named = def ? getNamedType(def.type) : null;
        const isConnection = named !== null && named.name.endsWith('Connection') && isObjectType(named);
        const edges = parentType?.name.endsWith('Connection') === true && name === 'edges';
        let child: Measure = { depth: 0, cost: 0, compiles: 0 };
        // Under `stack(name:)` the lists are that stack's; a stack reached otherwise is any of the tenant's.
        const childStack =
          parentType === schema.getQueryType() && name === 'stack'
            ? (stringArgument(selection, 'name', variables) ?? null)
            : named?.name === 'Stack'
              ? null
              : stack;
        if (selection.selectionSet && named) {
          child = visit(
            selection.selectionSet,
            'getFields' in named ? (named as Parent) : null,
            seen,
            isConnection ? pageOf(selection, def, key, stack) : 0,
            childStack,
          );
        }
        if ((name === '__schema' || name === '__type') && parentType === schema.getQueryType()) {
          // Introspection nests as deep as type references go (an IDE asks ~15 levels), which the
          // schema bounds; the depth limit is about data, so it is not charged here.
          child = { ...child, depth: 0 };
          if (name === '__schema') child.cost = Math.min(child.cost, introspectionCeiling(schema));
        }
        const multiplier = edges
          ? Math.max(1, connection)
          : def && isList(def.type)
            ? pageOf(selection, def, key, stack)
            : 1;
        depth = Math.max(depth, 1 + child.depth);
        cost += 1 + multiplier * child.cost;
        compiles += (COMPILING_FIELDS.has(key) ? 1 : 0) + multiplier * child.compiles;
      } else {
        const inner =
          selection.kind === Kind.INLINE_FRAGMENT
            ? selection.selectionSet
            : fragments[selection.name.value]?.selectionSet;
        if (!inner || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) continue;
        const next =
          selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
        const m = visit(inner, parentType, next, connection, stack);
        depth = Math.max(depth, m.depth);
        cost += m.cost;
        compiles += m.compiles;
      }
    }
    return { depth, cost, compiles };
  };
  return visit(selectionSet, parent, new Set(), 0, null);
}
