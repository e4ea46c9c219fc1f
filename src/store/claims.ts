/**
 * Claims: a worker leases ready work items of one stack. One write transaction with two
 * statements: `engine/claim-select` locks the stack and reads up to `limit` of its ready items in
 * queue order (index `resource_ready_queue`), the convergence
 * core decides what to take (`claimFromStack`), `engine/claim-apply` writes it.
 */
import type { ConvergeChange } from '../convergence/outcomes.ts';
import { claimFromStack, readyAfterSelect, type ReadyItem } from '../convergence/stack-state.ts';
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

export async function claimItems(db: Database, request: ClaimRequest): Promise<ClaimResult> {
  const { owner, token, now } = request;
  return db.transaction(async (tx) => {
    const selected = await tx.run<{
      stack: Raw;
      ready: ReadyItem[];
      drained: boolean;
      readyLeft: number;
      tenantRunning: number;
    }>('engine/claim-select', {
      tenants: request.tenants,
      saturated: saturatedTenants(request),
      limit: int(request.limit),
      tenantCap: request.tenantCap === undefined ? null : int(request.tenantCap),
    });
    const row = selected[0];
    if (!row) return { items: [], events: [] };
    const stack = decodeStackState(row.stack);
    const claimable = stack.status.endsWith('_IN_PROGRESS') && stack.failure === null;
    const localRoom =
      request.maxPerTenant === undefined
        ? Infinity
        : request.maxPerTenant - (request.tenantLoads?.get(row.stack.tenant as string) ?? 0);
    const readyTotal = readyAfterSelect({
      drained: row.drained,
      readyLeft: row.readyLeft,
      counted: stack.readyCount,
      read: row.ready.length,
    });
    const tenantRoom = Math.min(
      localRoom,
      request.tenantCap === undefined ? Infinity : request.tenantCap - Number(row.tenantRunning),
    );
    const decision = claimable
      ? claimFromStack(stack, row.ready, readyTotal, now, tenantRoom)
      : { claimed: [], starts: [], set: { readyCount: 0 }, events: [] };
    const rows = await tx.run<{ stack: ClaimedItem['stack']; parameterValues: string | null; item: Raw }>(
      'engine/claim-apply',
      {
        stackId: stack.id,
        set: withIntegers(decision.set),
        batches: toBatches(decision.events),
        claimed: decision.claimed.map((r) => r.id),
        startReasons: Object.fromEntries(decision.starts.map((s) => [s.id, s.statusReason])),
        owner,
        token,
        now: int(now),
        leaseMs: int(Math.round(request.leaseMs)),
      },
    );
    const parameterValues = parseJson(rows[0]?.parameterValues, {});
    const items = rows.map((r) => decodeClaimedItem(r.item, r.stack, parameterValues, token, now));
    return { items, events: decision.events };
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
    token,
    actionTraversal: stack.traversal,
    stack,
    parameterValues,
  };
}
