// Long on purpose: the resolver map is one object by GraphQL's design; each resolver is a few lines over loaders and operations.
import {
  GraphQLScalarType,
  Kind,
  getNamedType,
  isObjectType,
  type GraphQLResolveInfo,
  type ValueNode,
} from 'graphql';
import { listHint, measureSelection } from './limits.ts';
import { AppError } from '../errors.ts';
import { summaryLine, type ChangeAction } from '../convergence/change-set.ts';
import { diffTemplates, type ReplacementReason, type ResourceChange } from '../graph/diff.ts';
import { recordedChanges, type HistoryChange, type RecordedResource } from '../graph/history.ts';
import { parse as parseYaml } from 'yaml';
import {
  HIDDEN,
  notReached,
  withLiveCopies,
  type ResourceRecord,
  type StackRecord,
  type StoredEvent,
  type VersionRecord,
} from '../store/reads.ts';
import { describeParameters, resolveValue, type Warning } from '../template/index.ts';
import { pseudoParameters } from '../engine/stack-operations.ts';
import type { ApiContext } from './context.ts';
import type { ReadinessUpdate, Resolvers, TemplateProblem } from './generated/graphql.ts';
import { requireEditor } from './auth.ts';
import { readinessSubscription, stackEventsSubscription } from './subscriptions.ts';

function page(first: number | null | undefined, fallback: number, max = 1000): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new AppError('BAD_USER_INPUT', `first must be between 1 and ${max}`, { field: 'first' });
  }
  return n;
}

/** `first` of a connection: DEFAULT_PAGE_SIZE when absent, at most MAX_PAGE_SIZE. */
function connectionPage(ctx: ApiContext, first: number | null | undefined): number {
  return page(first, ctx.cost.pageSizes.defaultPageSize, ctx.cost.pageSizes.maxPageSize);
}

/** Opaque cursors of the connections: a kind and a position. */
function positionCursor(kind: 'event' | 'resource', position: number): string {
  return Buffer.from(JSON.stringify([kind, position])).toString('base64url');
}

function decodePosition(kind: 'event' | 'resource', cursor: string): number {
  try {
    const [k, n] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (k === kind && typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  } catch {
    // fall through to the coded error
  }
  throw new AppError('BAD_USER_INPUT', 'after is not a cursor returned by this connection', {
    field: 'after',
  });
}

function connection<T>(items: T[], first: number, cursor: (item: T) => string) {
  const shown = items.slice(0, first);
  const edges = shown.map((node) => ({ node, cursor: cursor(node) }));
  return { edges, pageInfo: { hasNextPage: items.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/**
 * Charges an unpaginated list at its real length: each item costs what its selection costs, so a
 * small estimate before execution cannot read a 200,000-resource stack whole.
 */
function chargeList(ctx: ApiContext, info: GraphQLResolveInfo, length: number, what: string): void {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return;
  let perItem = 0;
  for (const node of info.fieldNodes) {
    if (node.selectionSet)
      perItem += measureSelection(
        info.schema,
        node.selectionSet,
        type,
        info.fragments,
        info.variableValues,
        ctx.cost.pageSizes,
      ).cost;
  }
  ctx.cost.charge(length * Math.max(1, perItem), what);
}

/**
 * A list estimated at a hinted length before the query ran (`listHint`: a resource's dependencies
 * and dependents) charges what it holds beyond that as it resolves, so one resource that 1,000
 * others need cannot be read many times over for the price of five.
 */
function chargeBeyondHint(ctx: ApiContext, info: GraphQLResolveInfo, length: number, what: string): void {
  const hint = listHint(`${info.parentType.name}.${info.fieldName}`) ?? 0;
  if (length > hint) chargeList(ctx, info, length - hint, what);
}

async function resourcesConnection(
  ctx: ApiContext,
  versionId: string | null,
  args: { first?: number | null; after?: string | null },
  /** For a stack's current version: show each resource it has not reached as its live copy. */
  liveCopiesOf?: string,
) {
  const first = connectionPage(ctx, args.first);
  const after = args.after ? decodePosition('resource', args.after) : null;
  const rows = versionId ? await ctx.reads.resourcesPage(versionId, after, first + 1) : [];
  const orders = new Map(rows.map((r) => [r.resource.id, r.order]));
  let resources = rows.map((r) => r.resource);
  const unreached = resources.slice(0, first).filter(notReached);
  if (liveCopiesOf && unreached.length > 0) {
    // The same view as `resources` and `resource(name)`, read for this page's names only.
    const copies = await ctx.reads.liveCopiesByNames(
      liveCopiesOf,
      unreached.map((r) => r.name),
    );
    resources = withLiveCopies(resources, copies);
  }
  return connection(resources, first, (r) => positionCursor('resource', orders.get(r.id)!));
}

export function encodeCursor(stack: Pick<StackRecord, 'name' | 'id'>): string {
  return Buffer.from(JSON.stringify([stack.name, stack.id])).toString('base64url');
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    // fall through to the coded error
  }
  throw new AppError('BAD_USER_INPUT', 'after is not a cursor returned by this API', { field: 'after' });
}

function parseLiteral(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, parseLiteral(f.value)]));
    case Kind.LIST:
      return ast.values.map(parseLiteral);
    case Kind.NULL:
      return null;
    default:
      throw new TypeError(`JSON cannot represent ${ast.kind} literals`);
  }
}

const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral,
});

const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (typeof v === 'number' ? new Date(v).toISOString() : v),
  parseValue: (v) => (typeof v === 'string' ? Date.parse(v) : v),
});

async function stackOrThrow(ctx: ApiContext, id: string): Promise<StackRecord> {
  const stack = await ctx.loaders.stack.load(id);
  if (!stack) throw new AppError('NOT_FOUND', 'The stack no longer exists');
  return stack;
}

/** The current version's resources, each shown as its live copy (see `withLiveCopies`). */
/** Deepest nesting `resources(nested: true)` walks (beyond any allowed MAX_NESTED_STACK_DEPTH). */
const MAX_LISTED_DEPTH = 100;

/** Live nested stacks down to `depth` levels, parents before their children. */
async function nestedStacks(ctx: ApiContext, stack: StackRecord, depth: number): Promise<StackRecord[]> {
  if (depth < 1) throw new AppError('BAD_USER_INPUT', 'depth must be 1 or more', { field: 'depth' });
  const found: StackRecord[] = [];
  let level = [stack];
  for (let d = 0; d < depth && level.length > 0; d++) {
    const children = (await Promise.all(level.map((s) => ctx.loaders.nested.load(s.id)))).flat();
    const own = children.filter((c) => c.tenant === stack.tenant);
    found.push(...own);
    level = own;
  }
  return found;
}

async function currentResources(ctx: ApiContext, stack: StackRecord): Promise<ResourceRecord[]> {
  const version = await ctx.loaders.currentVersion.load(stack.id);
  if (!version) return [];
  const resources = await ctx.loaders.resources.load(version.id);
  if (!resources.some(notReached)) return resources;
  return withLiveCopies(resources, await ctx.loaders.liveCopies.load(stack.id));
}

function parameters(value: unknown): Record<string, unknown> | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('BAD_USER_INPUT', 'parameters must be a JSON object of name -> value', {
      field: 'parameters',
    });
  }
  return value as Record<string, unknown>;
}

/** `files`: a JSON object of path -> text content. */
function files(value: unknown): Record<string, string> | null {
  if (value == null) return null;
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.values(value as Record<string, unknown>).some((v) => typeof v !== 'string')
  ) {
    throw new AppError('BAD_USER_INPUT', 'files must be a JSON object of path -> text content', {
      field: 'files',
    });
  }
  return value as Record<string, string>;
}

/** Resolvers stay thin: they check arguments, call the engine's operations or the loaders, and shape results. */
export const resolvers: Resolvers = {
  JSON: JSONScalar,
  DateTime: DateTimeScalar,

  Query: {
    stack: (_: unknown, args: { name: string }, ctx: ApiContext) =>
      ctx.reads.stackByName(ctx.principal.tenant, args.name),
    stacks: (
      _: unknown,
      args: { first?: number | null; after?: string | null; includeDeleted?: boolean | null },
      ctx: ApiContext,
    ) =>
      ctx.reads.stacksPage(
        ctx.principal.tenant,
        page(args.first, 50),
        args.after ? decodeCursor(args.after) : null,
        args.includeDeleted === true,
      ),
    async stacksConnection(
      _: unknown,
      args: { first?: number | null; after?: string | null; includeDeleted?: boolean | null },
      ctx: ApiContext,
    ) {
      const first = connectionPage(ctx, args.first);
      const stacks = await ctx.reads.stacksPage(
        ctx.principal.tenant,
        first + 1,
        args.after ? decodeCursor(args.after) : null,
        args.includeDeleted === true,
      );
      return connection(stacks, first, encodeCursor);
    },
    resourceTypes: (_: unknown, __: unknown, ctx: ApiContext) =>
      ctx.registry.names().map((name) => {
        const t = ctx.registry.require(name);
        return {
          name: t.name,
          description: t.description,
          properties: t.properties,
          attributes: t.attributes,
        };
      }),
    async previewStack(
      _: unknown,
      args: {
        name: string;
        template?: string | null;
        parameters?: unknown;
        environment?: string[] | null;
        files?: unknown;
      },
      ctx: ApiContext,
    ) {
      const preview = await ctx.operations.previewUpdate({
        tenant: ctx.principal.tenant,
        name: args.name,
        template: args.template ?? null,
        parameters: parameters(args.parameters) ?? null,
        environment: args.environment ?? null,
        files: files(args.files),
        budget: ctx.compileBudget,
      });
      const plan = preview.changes.resources.map(({ carriedFrom: _, ...r }) => r);
      return {
        exists: preview.exists,
        fromVersion: preview.fromVersion,
        changes: plan.map((r) => ({
          name: r.name,
          change: PLAN_AS_CHANGE[r.action],
          properties: r.properties.map((p) => p.name),
          reason: r.reason,
          recorded: false,
        })),
        plan,
        summary: { ...preview.changes.summary, text: summaryLine(preview.changes.summary) },
        noChange: preview.noChange,
      };
    },
    validateTemplate: async (
      _: unknown,
      args: { template: string; parameters?: unknown; environment?: string[] | null; files?: unknown },
      ctx: ApiContext,
    ) => {
      // Only once the template passed the size checks of `check`.
      const shown = () => {
        const described = describeParameters(args.template, args.environment ?? []);
        return { parameters: described.parameters, parameterGroups: described.groups };
      };
      try {
        const { compiled, warnings } = await ctx.operations.check(
          args.template,
          parameters(args.parameters),
          { environment: args.environment ?? [], files: files(args.files) ?? {}, budget: ctx.compileBudget },
        );
        return {
          valid: true,
          problems: [],
          resources: compiled.resources.map((r) => r.name),
          warnings,
          ...shown(),
        };
      } catch (error) {
        if (error instanceof AppError && error.code === 'TEMPLATE_INVALID') {
          return {
            ...shown(),
            valid: false,
            problems: (error.details?.problems ?? []) as TemplateProblem[],
            resources: [],
            warnings: (error.details?.warnings ?? []) as Warning[],
          };
        }
        throw error;
      }
    },
  },

  Mutation: {
    async createStack(_: unknown, { input }: { input: Record<string, unknown> }, ctx: ApiContext) {
      requireEditor(ctx);
      const { id, warnings } = await ctx.operations.createStack({
        tenant: ctx.principal.tenant,
        name: input.name as string,
        template: (input.template as string | null) ?? null,
        adopt: input.adopt ?? null,
        parameters: parameters(input.parameters) ?? null,
        environment: (input.environment as string[] | null) ?? null,
        files: files(input.files),
        budget: ctx.compileBudget,
        disableRollback: (input.disableRollback as boolean | null) ?? false,
        timeoutSeconds: (input.timeoutSeconds as number | null) ?? null,
      });
      return { stack: await stackOrThrow(ctx, id), warnings };
    },
    async updateStack(_: unknown, { input }: { input: Record<string, unknown> }, ctx: ApiContext) {
      requireEditor(ctx);
      const { id, warnings, changed } = await ctx.operations.updateStack({
        tenant: ctx.principal.tenant,
        name: input.name as string,
        template: (input.template as string | null) ?? null,
        parameters: parameters(input.parameters) ?? null,
        environment: (input.environment as string[] | null) ?? null,
        files: files(input.files),
        budget: ctx.compileBudget,
        expectedVersion: (input.expectedVersion as number | null) ?? null,
        disableRollback: (input.disableRollback as boolean | null) ?? null,
        repair: (input.repair as boolean | null) ?? null,
        ...(input.timeoutSeconds !== undefined
          ? { timeoutSeconds: input.timeoutSeconds as number | null }
          : {}),
      });
      return {
        stack: await stackOrThrow(ctx, id),
        warnings,
        changed,
        message: changed
          ? `Update of stack ${input.name as string} started`
          : `No changes: stack ${input.name as string} already matches this template, environment, files and parameters; no version was created`,
      };
    },
    async deleteStack(_: unknown, { input }: { input: { name: string } }, ctx: ApiContext) {
      requireEditor(ctx);
      return {
        stack: await stackOrThrow(ctx, await ctx.operations.deleteStack(ctx.principal.tenant, input.name)),
      };
    },
    async rollbackStack(_: unknown, { input }: { input: { name: string } }, ctx: ApiContext) {
      requireEditor(ctx);
      return {
        stack: await stackOrThrow(
          ctx,
          await ctx.operations.rollbackStack(ctx.principal.tenant, input.name, ctx.compileBudget),
        ),
      };
    },
    async abandonStack(_: unknown, { input }: { input: { name: string } }, ctx: ApiContext) {
      requireEditor(ctx);
      const { id, adopt } = await ctx.operations.abandonStack(ctx.principal.tenant, input.name);
      return { stack: await stackOrThrow(ctx, id), adoptData: adopt };
    },
    async checkStack(_: unknown, { input }: { input: { name: string } }, ctx: ApiContext) {
      requireEditor(ctx);
      return {
        stack: await stackOrThrow(ctx, await ctx.operations.checkStack(ctx.principal.tenant, input.name)),
      };
    },
    async purgeStack(_: unknown, { input }: { input: { name: string } }, ctx: ApiContext) {
      requireEditor(ctx);
      return { purged: await ctx.operations.purgeStack(ctx.principal.tenant, input.name), stack: null };
    },
    async cancelStackUpdate(
      _: unknown,
      { input }: { input: { name: string; rollback?: boolean | null } },
      ctx: ApiContext,
    ) {
      requireEditor(ctx);
      const id = await ctx.operations.cancelStackUpdate(
        ctx.principal.tenant,
        input.name,
        input.rollback === true,
        ctx.compileBudget,
      );
      return { stack: await stackOrThrow(ctx, id) };
    },
  },

  Subscription: {
    stackEvents: { subscribe: stackEventsSubscription, resolve: (event: StoredEvent) => event },
    resourceReadiness: { subscribe: readinessSubscription, resolve: (update: ReadinessUpdate) => update },
  },

  Stack: {
    versions: (stack: StackRecord, _: unknown, ctx: ApiContext) => ctx.loaders.versions.load(stack.id),
    atVersion: async (stack: StackRecord, args: { number: number }, ctx: ApiContext) =>
      (await ctx.loaders.versions.load(stack.id)).find((v) => v.number === args.number) ?? null,
    parent: async (stack: StackRecord, _: unknown, ctx: ApiContext) => {
      if (!stack.parentStackId) return null;
      const parent = await ctx.loaders.stack.load(stack.parentStackId);
      return parent && parent.tenant === stack.tenant
        ? { stack: parent, resource: stack.parentResourceName ?? '' }
        : null;
    },
    nested: (stack: StackRecord, args: { depth?: number | null }, ctx: ApiContext) =>
      nestedStacks(ctx, stack, args.depth ?? 1),
    async resources(
      stack: StackRecord,
      args: { nested?: boolean | null },
      ctx: ApiContext,
      info: GraphQLResolveInfo,
    ) {
      let resources: ResourceRecord[] = await currentResources(ctx, stack);
      if (args.nested) {
        // Heat's --nested-depth: every level, each resource saying which stack it is in.
        const all = resources.map((r) => ({ ...r, stackName: stack.name }));
        for (const child of await nestedStacks(ctx, stack, MAX_LISTED_DEPTH))
          for (const r of await currentResources(ctx, child)) all.push({ ...r, stackName: child.name });
        resources = all;
      }
      chargeList(ctx, info, resources.length, `Stack ${stack.name}'s ${resources.length} resources`);
      return resources;
    },
    async resourcesConnection(
      stack: StackRecord,
      args: { first?: number | null; after?: string | null },
      ctx: ApiContext,
    ) {
      const version = await ctx.loaders.currentVersion.load(stack.id);
      return resourcesConnection(ctx, version?.id ?? null, args, stack.id);
    },
    async eventsConnection(
      stack: StackRecord,
      args: { first?: number | null; after?: string | null },
      ctx: ApiContext,
    ) {
      const first = connectionPage(ctx, args.first);
      const after = args.after ? decodePosition('event', args.after) : 0;
      const events = await ctx.loaders.events(after, first + 1).load(stack.id);
      return connection(events, first, (e) => positionCursor('event', e.seq));
    },
    resource: async (stack: StackRecord, args: { name: string }, ctx: ApiContext) =>
      (await currentResources(ctx, stack)).find((r) => r.name === args.name) ?? null,
    async outputs(stack: StackRecord, _: unknown, ctx: ApiContext) {
      const version = await ctx.loaders.currentVersion.load(stack.id);
      if (!version) return {};
      const byName = new Map((await ctx.loaders.resources.load(version.id)).map((r) => [r.name, r]));
      // Own properties even for names like __proto__ (Object.fromEntries defines, never assigns).
      const entries: Array<[string, unknown]> = [];
      for (const [name, output] of Object.entries(version.outputs)) {
        try {
          const value = resolveValue(output.value, {
            parameter: () => null,
            resourceReference: (ref) => byName.get(ref)?.physicalResourceId ?? null,
            attribute: (ref, path) => {
              const r = byName.get(ref);
              return r?.observedReady ? ctx.registry.readAttribute(r.type, r.attributes, path) : null;
            },
          });
          entries.push([name, value]);
        } catch {
          entries.push([name, null]);
        }
      }
      return Object.fromEntries(entries);
    },
    frontier: async (stack: StackRecord, _: unknown, ctx: ApiContext) => {
      const version = await ctx.loaders.currentVersion.load(stack.id);
      return version ? (await ctx.reads.frontier(stack.id, version.id)).map((r) => r.name) : [];
    },
    readiness: async (stack: StackRecord, _: unknown, ctx: ApiContext) => {
      const version = await ctx.loaders.currentVersion.load(stack.id);
      return { ready: stack.observedCount, total: version?.resourceCount ?? 0 };
    },
    async events(
      stack: StackRecord,
      args: { after?: number | null; first?: number | null; nested?: boolean | null },
      ctx: ApiContext,
    ) {
      const after = Math.max(0, args.after ?? 0);
      const first = page(args.first, 100);
      if (!args.nested) return ctx.loaders.events(after, first).load(stack.id);
      const stacks = [stack, ...(await nestedStacks(ctx, stack, MAX_LISTED_DEPTH))];
      const loader = ctx.loaders.events(after, first);
      const all = (await Promise.all(stacks.map((s) => loader.load(s.id)))).flat();
      const order = new Map(stacks.map((s, i) => [s.id, i]));
      return all
        .sort((a, b) => a.at - b.at || order.get(a.stackId)! - order.get(b.stackId)! || a.seq - b.seq)
        .slice(0, first);
    },
    async diff(stack: StackRecord, args: { from: number; to: number }, ctx: ApiContext) {
      const versions = await ctx.loaders.versions.load(stack.id);
      const find = (n: number) => {
        const v = versions.find((x) => x.number === n);
        if (!v) throw new AppError('NOT_FOUND', `Stack ${stack.name} has no version ${n}`, { version: n });
        return v;
      };
      const versionsCompared = [find(args.from), find(args.to)];
      const [[from, to], [fromResources, toResources]] = await Promise.all([
        Promise.all(versionsCompared.map((v) => compileVersion(ctx, stack, v))),
        Promise.all(versionsCompared.map((v) => ctx.loaders.resources.load(v.id))),
      ]);
      // What the engine recorded wins over what the templates imply (see graph/history.ts).
      const planned = diffTemplates(from!, to!, ctx.registry);
      return {
        from: args.from,
        to: args.to,
        changes: describeChanges(recordedChanges(history(fromResources!), history(toResources!), planned)),
      };
    },
    cursor: (stack: StackRecord) => encodeCursor(stack),
  },

  StackVersion: {
    template: async (version: VersionRecord, _: unknown, ctx: ApiContext) =>
      (await ctx.loaders.template.load(version.id))?.maskedTemplate ?? '',
    environment: async (version: VersionRecord, _: unknown, ctx: ApiContext) =>
      maskEnvironment(
        (await ctx.loaders.template.load(version.id))?.environment ?? [],
        version.hiddenParameters,
      ),
    files: async (version: VersionRecord, _: unknown, ctx: ApiContext) =>
      (await ctx.loaders.template.load(version.id))?.maskedFiles ?? {},
    async resources(version: VersionRecord, _: unknown, ctx: ApiContext, info: GraphQLResolveInfo) {
      const resources = await ctx.loaders.resources.load(version.id);
      chargeList(ctx, info, resources.length, `Version ${version.number}'s ${resources.length} resources`);
      return resources;
    },
    resourcesConnection: (
      version: VersionRecord,
      args: { first?: number | null; after?: string | null },
      ctx: ApiContext,
    ) => resourcesConnection(ctx, version.id, args),
  },

  Resource: {
    requires: async (resource: ResourceRecord, _: unknown, ctx: ApiContext, info: GraphQLResolveInfo) => {
      const graph = versionGraph(await ctx.loaders.resources.load(resource.versionId));
      const required = resource.requires
        .map((name) => graph.byName.get(name))
        .filter((r): r is ResourceRecord => r !== undefined);
      chargeBeyondHint(ctx, info, required.length, `${resource.name}'s ${required.length} dependencies`);
      return required;
    },
    neededBy: async (resource: ResourceRecord, _: unknown, ctx: ApiContext, info: GraphQLResolveInfo) => {
      const graph = versionGraph(await ctx.loaders.resources.load(resource.versionId));
      const dependents = graph.neededBy.get(resource.name) ?? [];
      chargeBeyondHint(ctx, info, dependents.length, `${resource.name}'s ${dependents.length} dependents`);
      return dependents;
    },
  },

  Event: {
    sequence: (event: StoredEvent) => event.seq,
    stackName: async (event: StoredEvent, _: unknown, ctx: ApiContext) =>
      (await ctx.loaders.stack.load(event.stackId))?.name ?? null,
  },
};

const graphs = new WeakMap<
  ResourceRecord[],
  { byName: Map<string, ResourceRecord>; neededBy: Map<string, ResourceRecord[]> }
>();

/** A version's resources indexed by name and by dependency, built once per loaded version. */
/** A version's resources as its history reads them. */
function history(resources: ResourceRecord[]): RecordedResource[] {
  return resources.map((r) => ({ name: r.name, live: r.live, ...r.history }));
}

function versionGraph(resources: ResourceRecord[]) {
  let graph = graphs.get(resources);
  if (!graph) {
    const byName = new Map(resources.map((r) => [r.name, r]));
    const neededBy = new Map<string, ResourceRecord[]>();
    for (const r of resources)
      for (const dep of r.requires) neededBy.set(dep, [...(neededBy.get(dep) ?? []), r]);
    graph = { byName, neededBy };
    graphs.set(resources, graph);
  }
  return graph;
}

async function compileVersion(ctx: ApiContext, stack: StackRecord, version: VersionRecord) {
  const stored = await ctx.loaders.template.load(version.id);
  if (!stored) throw new AppError('NOT_FOUND', `Version ${version.number} has no template`);
  // In a compile thread, within the per-template bound and the request's compile budget.
  const result = await ctx.operations.compileStored(
    stored.template,
    { ...stored.parameters, ...pseudoParameters(stack) },
    { environment: stored.environment, files: stored.files },
    ctx.compileBudget,
  );
  if (!result.ok)
    throw new AppError(
      'INVALID_STATE',
      `Version ${version.number} no longer compiles: ${result.problems[0]?.message ?? ''}`,
    );
  return result.template;
}

/** The plan's actions in the older `ResourceChange.change` vocabulary. */
const PLAN_AS_CHANGE: Record<ChangeAction, string> = {
  ADD: 'ADDED',
  UPDATE: 'UPDATED',
  REPLACE: 'REPLACED',
  DELETE: 'REMOVED',
  UNCHANGED: 'UNCHANGED',
};

function describeChanges(changes: Array<ResourceChange & Partial<HistoryChange>>) {
  return changes.map((c) => ({
    name: c.name,
    change: c.kind.toUpperCase(),
    properties: c.changedProperties,
    reason: c.recordedReason ?? (c.replacementReason ? describeReason(c.replacementReason) : null),
    recorded: c.recorded ?? false,
  }));
}

function describeReason(reason: ReplacementReason): string {
  switch (reason.kind) {
    case 'type_changed':
      return `type changed from ${reason.from} to ${reason.to}`;
    case 'property_forces_replacement':
      return `changing ${reason.properties.join(', ')} requires a new resource`;
    case 'type_requested':
      return 'the resource type asks for a replacement (e.g. update_replace)';
    case 'type_unknown':
      return 'the resource type is no longer known';
  }
}

/**
 * Environments as sent, except that values of hidden parameters (in `parameters` or
 * `parameter_defaults`) are masked: such an environment is shown re-serialised as JSON.
 */
export function maskEnvironment(environments: readonly string[], hidden: readonly string[]): string[] {
  if (hidden.length === 0) return [...environments];
  return environments.map((text) => {
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch {
      return text;
    }
    if (!parsed || typeof parsed !== 'object') return text;
    let masked = false;
    const copy = { ...(parsed as Record<string, unknown>) };
    for (const section of ['parameters', 'parameter_defaults']) {
      const values = copy[section];
      if (!values || typeof values !== 'object') continue;
      const next = { ...(values as Record<string, unknown>) };
      for (const name of hidden)
        if (Object.hasOwn(next, name)) {
          next[name] = HIDDEN;
          masked = true;
        }
      copy[section] = next;
    }
    return masked ? JSON.stringify(copy, null, 2) : text;
  });
}
