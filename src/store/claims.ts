/**
 * Claims: a worker leases ready work items of one tenant's stacks (one or several: see
 * claim-select.cypher). One write transaction with two statements: `engine/claim-select` locks the
 * stacks and reads up to `limit` ready items of each in queue order (index `resource_ready_queue`),
 * the convergence core decides what to take (`claimFromStacks`), `engine/claim-apply` writes it.
 */
import type { ConvergeChange } from '../convergence/outcomes.ts';
import { claimFromStacks, readyAfterSelect, type ReadyItem } from '../convergence/stack-state.ts';
import type { WorkKind } from '../convergence/work-item.ts';
import type { EventRecord } from '../events/record.ts';
import type { Database } from './database.ts';
import { toBatches } from './event-batches.ts';
import { decodeStackState, int, parseJson, withIntegers } from './records.ts';

export interface DependencyData {
  id: string;
  name: string;
  type: string | null;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
  copyId: string | null;
}

export interface CandidateCopy {
  id: string;
  type: string;
  status: string;
  appliedProperties: Record<string, unknown> | null;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
  copyId: string;
  refs: string[];
  version: number;
  /** Nested-stack types: what its child was made from besides properties (see decide.ts). */
  nestedInputs: string | null;
}

export type PlannedAction = 'CREATE' | 'DECIDE' | 'DELETE' | 'UPDATE' | 'NOOP';

/** A work item this worker holds a lease on, with everything needed to act on it. */
export interface ClaimedItem {
  id: string;
  name: string;
  type: string;
  version: number;
  work: WorkKind;
  plannedAction: PlannedAction;
  recover: boolean;
  action: 'CREATE' | 'UPDATE' | 'DELETE' | null;
  actionStartedAt: number | null;
  status: string;
  statusReason: string | null;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
  properties: Record<string, unknown>;
  appliedProperties: Record<string, unknown> | null;
  retryCount: number;
  live: boolean;
  /** The change its begin recorded (see `ConvergeChange`); null before any begin. */
  change: ConvergeChange | null;
  copyId: string | null;
  refs: string[];
  deletionPolicy: string;
  /** The resource's update_policy section as compiled (ResourceGroup's batches), or null. */
  updatePolicy: Record<string, unknown> | null;
  /**
   * The physical id of an existing resource to take over (adopt data or `external_id`): its
   * create observes it instead of creating anything. Null for an ordinary resource.
   */
  adoptId: string | null;
  dependencies: DependencyData[];
  candidates: CandidateCopy[];
  /** Nested-stack types: the fingerprint of the files and environment this version has (decide.ts). */
  nestedInputs: string | null;
  /** Lease identity: every write about this item is conditional on it. */
  token: string;
  actionTraversal: string;
  stack: { id: string; name: string; tenant: string; traversal: string; deadline: number | null };
  parameterValues: Record<string, unknown>;
}

export interface ClaimResult {
  items: ClaimedItem[];
  /** Events the claim wrote (creates that started): publish them once committed. */
  events: EventRecord[];
}

type Raw = Record<string, unknown>;

export interface ClaimRequest {
  owner: string;
  token: string;
  limit: number;
  leaseMs: number;
  /** Only stacks of these tenants; null for all. */
  tenants: readonly string[] | null;
  /**
   * Fair shares: a tenant may have at most `maxPerTenant` items with this claimer, and
   * `tenantLoads` says how many each already has (absent: none, no per-tenant limit). Tenants at
   * their share are skipped, so the claim serves someone else.
   */
  maxPerTenant?: number;
  tenantLoads?: ReadonlyMap<string, number>;
  /**
   * MAX_RUNNING_ACTIONS_PER_TENANT across every worker process on this database: a tenant's items
   * running anywhere (its stacks' `running`) never exceed it. Absent: no such cap.
   */
  tenantCap?: number;
  now: number;
}

/** Most stacks one claim takes items from (see claim-select.cypher). */
export const MAX_STACKS_PER_CLAIM = 64;

interface SelectedStack {
  stack: Raw;
  ready: ReadyItem[];
  drained: boolean;
  readyLeft: number;
  tenantRunning: number;
  lastTurn: number;
}

export async function claimItems(db: Database, request: ClaimRequest): Promise<ClaimResult> {
  const { owner, token, now } = request;
  return db.transaction(async (tx) => {
    const selected = await tx.run<SelectedStack>('engine/claim-select', {
      tenants: request.tenants,
      saturated: saturatedTenants(request),
      limit: int(request.limit),
      maxStacks: int(MAX_STACKS_PER_CLAIM),
      tenantCap: request.tenantCap === undefined ? null : int(request.tenantCap),
    });
    const first = selected[0];
    if (!first) return { items: [], events: [] };
    // One tenant per claim: its room is what this claimer may still give it, and what its stacks
    // may still run across every process (MAX_RUNNING_ACTIONS_PER_TENANT).
    const localRoom =
      request.maxPerTenant === undefined
        ? Infinity
        : request.maxPerTenant - (request.tenantLoads?.get(first.stack.tenant as string) ?? 0);
    const tenantRoom = Math.min(
      localRoom,
      request.tenantCap === undefined ? Infinity : request.tenantCap - Number(first.tenantRunning),
    );
    const turns = selected.map((row) => {
      const stack = decodeStackState(row.stack);
      const readyTotal = readyAfterSelect({
        drained: row.drained,
        readyLeft: row.readyLeft,
        counted: stack.readyCount,
        read: row.ready.length,
      });
      return { stack, ready: row.ready, readyTotal };
    });
    const decisions = claimFromStacks(turns, request.limit, now, tenantRoom);
    const rows = await tx.run<{ stack: ClaimedItem['stack']; parameterValues: string | null; item: Raw }>(
      'engine/claim-apply',
      {
        stacks: decisions.map((decision, i) => ({
          stackId: turns[i]!.stack.id,
          set: withIntegers(decision.set),
          batches: toBatches(decision.events),
          claimed: decision.claimed.map((r) => r.id),
          startReasons: Object.fromEntries(decision.starts.map((s) => [s.id, s.statusReason])),
          keepTurn: decision.keepTurn,
          lastTurn: int(Number(selected[i]!.lastTurn)),
        })),
        owner,
        token,
        now: int(now),
        leaseMs: int(Math.round(request.leaseMs)),
      },
    );
    // Parameter values are the same for every item of a stack: parsed once per stack.
    const parameters = new Map<string, Record<string, unknown>>();
    const items = rows.map((r) => {
      let values = parameters.get(r.stack.id);
      if (!values) parameters.set(r.stack.id, (values = parseJson(r.parameterValues, {})));
      return decodeClaimedItem(r.item, r.stack, values, token, now);
    });
    return { items, events: decisions.flatMap((d) => d.events) };
  });
}

function saturatedTenants(request: ClaimRequest): string[] {
  const { maxPerTenant, tenantLoads } = request;
  if (maxPerTenant === undefined || !tenantLoads) return [];
  return [...tenantLoads].filter(([, load]) => load >= maxPerTenant).map(([tenant]) => tenant);
}

/** First plain creates come back slim: the fields they leave out have known values. */
function decodeClaimedItem(
  raw: Raw,
  stack: ClaimedItem['stack'],
  parameterValues: Record<string, unknown>,
  token: string,
  now: number,
): ClaimedItem {
  const plannedAction = raw.plannedAction as PlannedAction;
  const isCreate = plannedAction === 'CREATE';
  const dependencies = (raw.dependencies as Raw[]).map((d) => ({
    id: d.id as string,
    name: d.name as string,
    type: (d.type as string | null) ?? null,
    physicalResourceId: (d.physicalResourceId as string | null) ?? null,
    copyId: (d.copyId as string | null) ?? null,
    attributes: parseJson(d.attributes, {}),
  }));
  const candidates = ((raw.candidates as Raw[] | null) ?? []).map((c): CandidateCopy => ({
    id: c.id as string,
    type: c.type as string,
    status: c.status as string,
    physicalResourceId: (c.physicalResourceId as string | null) ?? null,
    copyId: c.copyId as string,
    version: c.version as number,
    refs: (c.refs as string[] | null) ?? [],
    attributes: parseJson(c.attributes, {}),
    appliedProperties: c.appliedProperties ? parseJson(c.appliedProperties, {}) : null,
    nestedInputs: (c.nestedInputs as string | null) ?? null,
  }));
  return {
    id: raw.id as string,
    name: raw.name as string,
    type: raw.type as string,
    version: raw.version as number,
    plannedAction,
    work: (raw.work as WorkKind | null) ?? 'CONVERGE',
    recover: raw.recover === true,
    action: (raw.action as ClaimedItem['action']) ?? (isCreate ? 'CREATE' : null),
    actionStartedAt: (raw.actionStartedAt as number | null) ?? now,
    status: (raw.status as string | null) ?? 'CREATE_IN_PROGRESS',
    statusReason: (raw.statusReason as string | null) ?? 'State changed',
    physicalResourceId: (raw.physicalResourceId as string | null) ?? null,
    retryCount: (raw.retryCount as number | null) ?? 0,
    live: (raw.live as boolean | null) ?? isCreate,
    change: (raw.change as ConvergeChange | null) ?? null,
    copyId: (raw.copyId as string | null) ?? (isCreate ? (raw.id as string) : null),
    deletionPolicy: (raw.deletionPolicy as string | null) ?? 'Delete',
    updatePolicy: raw.updatePolicy ? parseJson(raw.updatePolicy, {}) : null,
    adoptId: (raw.adoptId as string | null) ?? null,
    refs: (raw.refs as string[] | null) ?? [],
    attributes: parseJson(raw.attributes, {}),
    properties: parseJson(raw.properties, {}),
    appliedProperties: raw.appliedProperties ? parseJson(raw.appliedProperties, {}) : null,
    dependencies,
    candidates,
    nestedInputs: (raw.nestedInputs as string | null) ?? null,
    token,
    actionTraversal: stack.traversal,
    stack,
    parameterValues,
  };
}
