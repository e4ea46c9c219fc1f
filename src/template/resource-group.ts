/**
 * OS::Heat::ResourceGroup as Heat builds it (heat/engine/resources/openstack/heat/resource_group.py):
 * a group is a nested stack whose template the type generates. Everything here is pure: the
 * member names (with removal policies' skiplist), the `%index%` replacement, the generated HOT
 * template, Heat's rolling-update batches, and the group's attributes from the nested stack.
 *
 * Deliberate differences from Heat (documented where they are made):
 * - Heat runs `batch_create` / `rolling_update` as a sequence of nested-stack updates, one per
 *   batch. Here the whole operation is one nested template in which each batch `depends_on` every
 *   member of the previous batch, so the engine's traversal runs the batches in order. Heat's
 *   temporary extra members (kept for `min_in_service`) are not created: `min_in_service` makes the
 *   batches smaller instead (`inServiceBatchSize`), and replacements are create-before-delete,
 *   which keeps a replaced member in service until its successor is ready.
 *   `pause_time` cannot be said in a template: it is returned as `pauses` and `startDelays`, and
 *   the engine makes each later batch's members ready that long after the previous batch's last
 *   member finished (a READY item's `notBefore`: nothing holds a slot or a lease meanwhile).
 * - The skiplist (Heat's resource data `name_blacklist`) is kept as the nested template's output
 *   `removed_rsrc_list`, so the next update reads it back from the nested stack.
 */
import type { NestedStackView } from '../resources/types.ts';
import { readNestedAttribute, type AttributeLookup } from './nested-attributes.ts';

/** Heat's default for `index_var`. */
export const DEFAULT_INDEX_VAR = '%index%';
/** Version of the generated nested templates (Heat's `_assemble_nested` default). */
export const GROUP_TEMPLATE_VERSION = '2015-04-30';
/** Outputs of the generated template that are the group's own bookkeeping, not members' values. */
export const REFS_MAP_OUTPUT = 'refs_map';
export const REMOVED_OUTPUT = 'removed_rsrc_list';
export const DEFINITION_DIGEST_OUTPUT = 'resource_def_digest';

export interface GroupResourceDef {
  type: string;
  properties?: Record<string, unknown> | null;
  metadata?: Record<string, unknown> | null;
}

/** The group's resolved properties (after the schema's defaults). */
export interface GroupProperties {
  count?: number;
  index_var?: string;
  resource_def: GroupResourceDef;
  removal_policies?: Array<{ resource_list?: unknown[] | null }> | null;
  removal_policies_mode?: 'append' | 'update';
}

export interface RollingUpdatePolicy {
  min_in_service?: number;
  max_batch_size?: number;
  pause_time?: number;
}

export interface BatchCreatePolicy {
  max_batch_size?: number;
  pause_time?: number;
}

/** The resource's `update_policy` section (validated against GROUP_UPDATE_POLICY_SCHEMA). */
export interface GroupUpdatePolicy {
  rolling_update?: RollingUpdatePolicy | null;
  batch_create?: BatchCreatePolicy | null;
}

/** What the nested stack currently standing says about the group (absent on create). */
export interface PreviousGroup {
  /** Every member of the nested stack (failed ones too), by name. */
  members: readonly string[];
  /** Member name → reference (what get_resource gives), to match removal policies given as refs. */
  refs: Readonly<Record<string, unknown>>;
  /** The skiplist stored by the previous operation. */
  skiplist: readonly string[];
  /** Digest of the resource_def the members were built from, when known. */
  definitionDigest?: string;
}

// ---------------------------------------------------------------------------------------------
// Names, index replacement, skiplist

/**
 * Heat's `_handle_repl_val`: replaces `indexVar` by the member's name in every string of the
 * value, recursively through lists and map values (map keys are left alone).
 */
export function replaceIndex(value: unknown, indexVar: string, name: string): unknown {
  if (typeof value === 'string') return value.split(indexVar).join(name);
  if (Array.isArray(value)) return value.map((item) => replaceIndex(item, indexVar, name));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = replaceIndex(item, indexVar, name);
    return out;
  }
  return value;
}

/** Heat's `_resource_names`: the first `count` names "0", "1", ... that are not skipped. */
export function memberNames(count: number, skiplist: Iterable<string>): string[] {
  const skipped = new Set(skiplist);
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) {
    const name = String(i);
    if (!skipped.has(name)) names.push(name);
  }
  return names;
}

/**
 * Heat's `_update_name_skiplist`: the names removal policies take out of the group for good.
 * Each `resource_list` entry is a member name (kept when it is a member, already skipped, or the
 * group is being created) or a member's reference (resolved to its name through `refs`); other
 * entries are ignored. Mode `append` (default) adds to the stored list, `update` replaces it.
 * @returns the new skiplist, sorted as Heat stores it.
 */
export function nameSkiplist(properties: GroupProperties, previous: PreviousGroup | undefined): string[] {
  const current = new Set(previous?.skiplist ?? []);
  const members = new Set(previous?.members ?? []);
  const result = new Set(properties.removal_policies_mode === 'update' ? [] : current);
  for (const policy of properties.removal_policies ?? []) {
    for (const entry of policy.resource_list ?? []) {
      const name = stringOf(entry);
      if (current.has(name) || previous === undefined || members.has(name)) {
        result.add(name);
      } else if (typeof entry === 'string') {
        const match = Object.entries(previous.refs).find(([, ref]) => ref === entry);
        if (match) result.add(match[0]);
      }
    }
  }
  return [...result].sort();
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Member definitions

/**
 * Heat's `build_resource_definition` after `get_resource_def()`: properties set to null are left
 * out (`_clean_props`), the index variable is replaced in the properties (not in the metadata).
 */
export function memberDefinition(
  definition: GroupResourceDef,
  name: string,
  indexVar: string = DEFAULT_INDEX_VAR,
): Record<string, unknown> {
  const member: Record<string, unknown> = { type: definition.type };
  if (isRecord(definition.properties)) {
    const cleaned: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(definition.properties)) {
      if (value !== null && value !== undefined) cleaned[key] = value;
    }
    if (Object.keys(cleaned).length > 0) member.properties = replaceIndex(cleaned, indexVar, name);
  }
  if (isRecord(definition.metadata) && Object.keys(definition.metadata).length > 0) {
    member.metadata = definition.metadata;
  }
  return member;
}

/** A stable digest of a resource_def (canonical JSON; keys sorted), to tell whether it changed. */
export function definitionDigest(definition: GroupResourceDef): string {
  return canonicalJson({
    type: definition.type,
    properties: definition.properties ?? {},
    metadata: definition.metadata ?? {},
  });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

// ---------------------------------------------------------------------------------------------
// Batches (heat/scaling/rolling_update.py and ResourceGroup._get_batches)

/** Heat's `rolling_update.needs_update`. */
function needsUpdate(target: number, current: number, upToDate: number): boolean {
  return !(upToDate >= current && current === target);
}

/** Heat's `rolling_update.next_batch`: [new capacity, members that may get the new definition]. */
function nextBatch(
  target: number,
  current: number,
  upToDate: number,
  batchSize: number,
  minInService: number,
): [number, number] {
  const effectiveMin = Math.min(minInService, target, current);
  const effectiveBatch = Math.min(batchSize, Math.max(target - upToDate, 0));
  const capacity = effectiveBatch + Math.max(Math.min(current, target - effectiveBatch), effectiveMin);
  return [capacity, effectiveBatch];
}

/**
 * Heat's `ResourceGroup._get_batches`: the successive (capacity, updates) of a batched create
 * (current 0) or rolling update.
 */
export function heatBatches(
  target: number,
  current: number,
  batchSize: number,
  minInService: number,
): Array<[number, number]> {
  const batches: Array<[number, number]> = [];
  let upToDate = 0;
  let capacity = current;
  while (needsUpdate(target, capacity, upToDate)) {
    const [next, total] = nextBatch(target, capacity, upToDate, batchSize, minInService);
    batches.push([next, total]);
    upToDate += total - Math.max(next - Math.max(capacity, target), 0);
    capacity = next;
  }
  return batches;
}

/**
 * Replays Heat's batched operation (`_replace` → `_assemble_for_rolling_update` per batch →
 * `scaling.template.member_definitions`) on names only, to learn which members get the new
 * definition in which batch.
 *
 * @param existing members standing with the old definition (skipped ones excluded).
 * @returns for each batch, the names given the new definition in it (created or updated).
 */
export function rollingBatches(
  target: number,
  existing: readonly string[],
  skiplist: readonly string[],
  batchSize: number,
  minInService: number,
): string[][] {
  const skipped = new Set(skiplist);
  let resources: Array<[string, 'old' | 'new']> = sortByIndex(existing.filter((n) => !skipped.has(n))).map(
    (n) => [n, 'old'],
  );
  const result: string[][] = [];
  for (const [capacity, maxUpdates] of heatBatches(target, resources.length, batchSize, minInService)) {
    const names = memberNames(capacity, skipped);
    const priority = (name: string): number => {
      const index = names.indexOf(name);
      if (index < 0) return 0;
      return index < target ? target - index : capacity;
    };
    // Python's sort is stable, and so is Array.prototype.sort.
    const old = resources.filter(([n]) => !skipped.has(n)).sort((a, b) => priority(a[0]) - priority(b[0]));
    const existingNames = new Set(old.map(([n]) => n));
    const fresh = names.filter((n) => !existingNames.has(n));
    let freshIndex = 0;
    const kept = old.slice(-capacity);
    const create = capacity - kept.length;
    let replace = maxUpdates - create;
    const next: Array<[string, 'old' | 'new']> = [];
    const updated: string[] = [];
    for (let i = 0; i < capacity; i++) {
      if (i < kept.length) {
        const [name, definition] = kept[i]!;
        if (definition !== 'new' && replace > 0) {
          replace -= 1;
          next.push([name, 'new']);
          updated.push(name);
        } else next.push([name, definition]);
      } else {
        const name = fresh[freshIndex++]!;
        next.push([name, 'new']);
        updated.push(name);
      }
    }
    result.push(updated);
    resources = sortByIndex(next.map(([n]) => n)).map((n) => [n, next.find(([m]) => m === n)![1]]);
  }
  return result;
}

function sortByIndex(names: readonly string[]): string[] {
  return [...names].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The batch size of a rolling update with `min_in_service`. Heat keeps its invariant "members in
 * service (capacity − members updated in the batch) ≥ min(min_in_service, target, current)" by
 * adding temporary members beyond the target; without them the capacity is at most the standing
 * members, so the batch shrinks instead: at most max(1, min(standing, target) − min_in_service)
 * members are updated at once (at least one, so the update progresses; Heat's effective minimum
 * is capped the same way). The batches are then Heat's with that size and no extra capacity.
 */
export function inServiceBatchSize(
  existing: readonly string[],
  skiplist: readonly string[],
  target: number,
  policy: RollingUpdatePolicy,
): number {
  const skipped = new Set(skiplist);
  const standing = existing.filter((n) => !skipped.has(n)).length;
  const maxBatch = policy.max_batch_size ?? 1;
  return Math.max(1, Math.min(maxBatch, Math.min(standing, target) - (policy.min_in_service ?? 0)));
}

// ---------------------------------------------------------------------------------------------
// The nested template

export interface GroupTemplateOptions {
  updatePolicy?: GroupUpdatePolicy | null;
  /** The parent stack's timeout, to refuse batches whose pauses alone exceed it (as Heat). */
  stackTimeoutMinutes?: number;
  /** Most members the nested stack may hold (MAX_RESOURCES_PER_STACK): more are refused before any is built. */
  maxMembers?: number;
}

export interface BatchPause {
  /** Zero-based index of the batch after which the engine would have to wait. */
  afterBatch: number;
  seconds: number;
}

export interface GroupTemplate {
  /** The nested stack's HOT template, as a value. */
  template: Record<string, unknown>;
  /** Members of the new template, in index order. */
  members: string[];
  /** The skiplist after this operation (also the template's `removed_rsrc_list` output). */
  skiplist: string[];
  /** Members given the (new) definition per batch, when the operation is batched; else empty. */
  batches: string[][];
  /** `pause_time` between batches: what the engine would need to wait; a template cannot say it. */
  pauses: BatchPause[];
  /** Members of the previous nested stack that this template removes. */
  removed: string[];
  /**
   * The pauses as the engine applies them: member name → milliseconds to wait, once the previous
   * batch's last member is ready, before starting it (every member of every batch but the first,
   * when pause_time > 0).
   */
  startDelays: Record<string, number>;
}

/** A coded refusal, thrown by groupTemplate for what only shows once the group runs. */
export class GroupTemplateError extends Error {
  override name = 'GroupTemplateError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * The nested template for the group (Heat's `_assemble_nested`, or the batched form for
 * `batch_create` on create and `rolling_update` on an update that changes `resource_def`).
 * Members are named "0", "1", ...; scaling down removes the highest indices unless removal
 * policies name others; skipped names are never reused. A member's definition only depends on
 * resource_def and its name, so members that do not change keep exactly their definition (a
 * batch's `depends_on` alone does not change a resource).
 */
export function groupTemplate(
  properties: GroupProperties,
  previous: PreviousGroup | undefined,
  options: GroupTemplateOptions = {},
): GroupTemplate {
  const count = properties.count ?? 1;
  if (options.maxMembers !== undefined && count > options.maxMembers) {
    // Refused before a single member (or a skipped name) is generated: a count of a million must
    // not build a million definitions for the nested stack's limit to refuse afterwards.
    throw new GroupTemplateError(
      'MAX_RESOURCES_PER_STACK',
      `count is ${count}; a nested stack may hold at most ${options.maxMembers} resources`,
    );
  }
  const indexVar = properties.index_var ?? DEFAULT_INDEX_VAR;
  const skiplist = nameSkiplist(properties, previous);
  const members = memberNames(count, skiplist);
  const digest = definitionDigest(properties.resource_def);

  let batches: string[][] = [];
  let pauseSeconds = 0;
  const policy = options.updatePolicy ?? {};
  if (previous === undefined && policy.batch_create && count > 0) {
    batches = rollingBatches(count, [], skiplist, policy.batch_create.max_batch_size ?? 1, 0);
    pauseSeconds = policy.batch_create.pause_time ?? 0;
  } else if (
    previous !== undefined &&
    policy.rolling_update &&
    previous.definitionDigest !== undefined &&
    previous.definitionDigest !== digest
  ) {
    const rolling = policy.rolling_update;
    batches = rollingBatches(
      count,
      previous.members,
      skiplist,
      inServiceBatchSize(previous.members, skiplist, count, rolling),
      0,
    );
    pauseSeconds = rolling.pause_time ?? 0;
  }
  const finalMembers = new Set(members);
  batches = batches.map((batch) => batch.filter((n) => finalMembers.has(n))).filter((b) => b.length > 0);
  if (batches.length > 1 && pauseSeconds > 0 && options.stackTimeoutMinutes !== undefined) {
    if (pauseSeconds * (batches.length - 1) >= options.stackTimeoutMinutes * 60) {
      throw new GroupTemplateError(
        'UPDATE_POLICY_TIMEOUT',
        'The current update policy will result in stack update timeout.',
      );
    }
  }

  const dependsOn = new Map<string, string[]>();
  batches.forEach((batch, index) => {
    if (index > 0) for (const name of batch) dependsOn.set(name, batches[index - 1]!);
  });

  const resources: Record<string, unknown> = {};
  for (const name of members) {
    const member = memberDefinition(properties.resource_def, name, indexVar);
    const after = dependsOn.get(name);
    if (after) member.depends_on = [...after];
    resources[name] = member;
  }
  const refsMap: Record<string, unknown> = {};
  for (const name of members) refsMap[name] = { get_resource: name };
  const template = {
    heat_template_version: GROUP_TEMPLATE_VERSION,
    resources,
    outputs: {
      [REFS_MAP_OUTPUT]: { value: refsMap },
      [REMOVED_OUTPUT]: { value: skiplist },
      [DEFINITION_DIGEST_OUTPUT]: { value: digest },
    },
  };
  const pauses =
    pauseSeconds > 0
      ? batches.slice(0, -1).map((_, afterBatch) => ({ afterBatch, seconds: pauseSeconds }))
      : [];
  const removed = (previous?.members ?? []).filter((n) => !finalMembers.has(n));
  const startDelays: Record<string, number> = {};
  for (const pause of pauses) {
    for (const name of batches[pause.afterBatch + 1] ?? [])
      startDelays[name] = Math.round(pause.seconds * 1000);
  }
  return { template, members, skiplist, batches, pauses, removed: sortByIndex(removed), startDelays };
}

/** What a standing nested stack says about the group, for the next `groupTemplate`. */
export function previousGroup(view: NestedStackView): PreviousGroup {
  const refs: Record<string, unknown> = {};
  for (const [name, resource] of Object.entries(view.resources)) refs[name] = resource.reference;
  const stored = view.outputs[REMOVED_OUTPUT];
  const digest = view.outputs[DEFINITION_DIGEST_OUTPUT];
  const previous: PreviousGroup = {
    members: sortByIndex(Object.keys(view.resources)),
    refs,
    skiplist: Array.isArray(stored) ? stored.map(stringOf) : [],
  };
  if (typeof digest === 'string') previous.definitionDigest = digest;
  return previous;
}

// ---------------------------------------------------------------------------------------------
// Attributes (ResourceGroup.get_attribute)

/** The group's members in the nested stack, in index order. */
function groupMembers(view: NestedStackView): string[] {
  return sortByIndex(Object.keys(view.resources));
}

function skiplistOf(view: NestedStackView): string[] {
  const stored = view.outputs[REMOVED_OUTPUT];
  return Array.isArray(stored) ? stored.map(stringOf) : [];
}

/** Heat's `attributes.select_from_attribute`: follows a path of keys/indices; missing → null. */
export function selectPath(value: unknown, path: readonly unknown[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (Array.isArray(current)) {
      const index = typeof key === 'number' ? key : Number(key);
      current = Number.isInteger(index) ? current[index] : undefined;
    } else if (isRecord(current)) {
      current = current[String(key)];
    } else return null;
    if (current === undefined) return null;
  }
  return current ?? null;
}

/**
 * Heat's `ResourceGroup.get_attribute(key, *path)` on a completed nested stack:
 * - `refs` → every member's reference (path selects); `refs_map` → name → reference;
 * - `removed_rsrc_list` → the skiplist;
 * - `attributes`, path → name → that member's attribute at path (no path: refused, as Heat);
 * - `resource.N` → member N's reference, `resource.N.attr` / `resource.N`, attr... → its attribute;
 * - any other key → the list of each member's attribute `key` at path.
 */
export function groupAttribute(view: NestedStackView, key: string, path: readonly unknown[] = []): unknown {
  const members = groupMembers(view);
  const ref = (name: string) => view.resources[name]?.reference ?? null;
  const attr = (name: string, attrPath: readonly unknown[]) =>
    selectPath(view.resources[name]?.attributes ?? {}, attrPath);
  if (key === REMOVED_OUTPUT) return skiplistOf(view);
  if (key === 'refs') return selectPath(members.map(ref), path);
  if (key === 'refs_map') return selectPath(Object.fromEntries(members.map((n) => [n, ref(n)])), path);
  if (key === 'attributes') {
    if (path.length === 0) {
      throw new GroupTemplateError('INVALID_ATTRIBUTE', 'the attribute "attributes" needs an attribute name');
    }
    return Object.fromEntries(members.map((n) => [n, attr(n, path)]));
  }
  if (key.startsWith('resource.')) {
    const [, target = '', ...rest] = key.split('.');
    const attrPath = [...(rest.length > 0 ? [rest.join('.')] : []), ...path];
    if (!Object.hasOwn(view.resources, target)) {
      throw new GroupTemplateError('INVALID_ATTRIBUTE', `Member '${target}' not found in group resource`);
    }
    return attrPath.length === 0 ? ref(target) : attr(target, attrPath);
  }
  return members.map((n) => attr(n, [key, ...path]));
}

/**
 * The group's attributes stored when its nested stack completes, for `get_attr: [group, name,
 * ...path]` reading a stored record: `refs`, `refs_map`, `removed_rsrc_list`, `resource.N`
 * (reference), `resource.N.attr`, `attributes` (attr → name → value, so `[group, attributes,
 * attr]` gives Heat's map) and, for every member attribute, the list over members.
 *
 * A plain selection in this record cannot give Heat's `[group, resource.N, attr]` (resource.N is
 * the reference) nor apply a path to each member in `[group, attr, key]`: `get_attr` reads it
 * through `readGroupAttribute` (the type's `readAttribute`), which does both.
 */
export function groupAttributes(view: NestedStackView): Record<string, unknown> {
  const members = groupMembers(view);
  const out: Record<string, unknown> = {
    refs: groupAttribute(view, 'refs'),
    refs_map: groupAttribute(view, 'refs_map'),
    [REMOVED_OUTPUT]: skiplistOf(view),
  };
  const names = new Set<string>();
  for (const name of members) {
    out[`resource.${name}`] = view.resources[name]?.reference ?? null;
    for (const [attr, value] of Object.entries(view.resources[name]?.attributes ?? {})) {
      out[`resource.${name}.${attr}`] = value;
      names.add(attr);
    }
  }
  const byAttribute: Record<string, unknown> = {};
  for (const attr of [...names].sort()) {
    byAttribute[attr] = Object.fromEntries(members.map((n) => [n, attrOrNull(view, n, attr)]));
    if (!Object.hasOwn(out, attr)) out[attr] = members.map((n) => attrOrNull(view, n, attr));
  }
  out.attributes = byAttribute;
  return out;
}

/**
 * `get_attr: [group, key, ...path]` on the group's stored attributes (`groupAttributes`), as
 * Heat's `ResourceGroup.get_attribute(key, *path)` answers it:
 * - `refs`, `refs_map`, `removed_rsrc_list`: the stored value at `path`;
 * - `resource.N` → member N's reference; `resource.N.attr, ...path` and `resource.N, attr, ...path`
 *   → member N's attribute (Heat's `key.split('.', 2)`), and through a member that is itself a
 *   nested stack: `resource.N.resource.INNER.attr` (see `readNestedAttribute`);
 * - `attributes, attr, ...path` → member name → that member's value (`attributes` alone: the
 *   stored attr → name → value map);
 * - any other `attr, ...path` → the list of each member's value at `attr, ...path`.
 * A member that does not exist (or lacks the attribute) gives null.
 */
export function readGroupAttribute(
  stored: Record<string, unknown>,
  path: readonly (string | number)[],
): unknown {
  if (path.length === 0) return null;
  const [first, ...rest] = path;
  const key = String(first);
  const own = (k: string): unknown => (Object.hasOwn(stored, k) ? stored[k] : undefined);
  if (key === 'refs' || key === REFS_MAP_OUTPUT || key === REMOVED_OUTPUT) return selectPath(stored, path);
  const member =
    (name: string): AttributeLookup =>
    (attr) =>
      own(`resource.${name}.${attr}`);
  const refsMap = stored[REFS_MAP_OUTPUT];
  const members = sortByIndex(
    typeof refsMap === 'object' && refsMap !== null && !Array.isArray(refsMap) ? Object.keys(refsMap) : [],
  );
  if (key === 'attributes') {
    if (rest.length === 0) return own('attributes') ?? null;
    return Object.fromEntries(members.map((n) => [n, readNestedAttribute(member(n), rest)]));
  }
  if (key.startsWith('resource.')) {
    const [, target = '', ...more] = key.split('.');
    const attrPath = more.length > 0 ? [more.join('.'), ...rest] : rest;
    if (attrPath.length === 0) return own(`resource.${target}`) ?? null;
    return readNestedAttribute(member(target), attrPath);
  }
  if (rest.length === 0 && own(key) !== undefined) return own(key);
  return members.map((n) => readNestedAttribute(member(n), path));
}

function attrOrNull(view: NestedStackView, member: string, attr: string): unknown {
  const attributes = view.resources[member]?.attributes ?? {};
  return Object.hasOwn(attributes, attr) ? attributes[attr] : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
