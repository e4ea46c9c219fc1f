/**
 * What an action's outcome writes about its work item: the finish entry for a resource observed
 * ready, deleted, retained, retried or failed. Pure: the action runner (src/engine) runs actions
 * and observations, and submits what these functions return.
 */
import type { ResourceEvent } from '../events/record.ts';
import { changedProperties } from '../graph/diff.ts';
import type { ConvergeChange } from '../graph/history.ts';
import { decideRetry, type BackoffPolicy } from './retry.ts';
import type { CommitEntry } from './settlement.ts';

export type Verb = 'CREATE' | 'UPDATE' | 'DELETE';

/**
 * What the engine did to a resource ({@link ConvergeChange}) is recorded on it when its item
 * settles (`outcome`). The intended change is written when the action begins (`change`,
 * `changeReason`, `changedProperties`) and becomes the outcome only once the resource is observed
 * ready: a failed or superseded action records none.
 */
export type { ConvergeChange };

/** The fields of a claimed item that outcomes depend on. */
export interface OutcomeItem {
  id: string;
  name: string;
  version: number;
  physicalResourceId: string | null;
  statusReason: string | null;
  attributes: Record<string, unknown>;
  refs: readonly string[];
  live: boolean;
  retryCount: number;
  /** The change the begin recorded (null for a plain create, which has no begin). */
  change?: ConvergeChange | null;
}

export type FinishFields = Omit<Extract<CommitEntry, { kind: 'finish' }>, 'kind' | 'item'>;

export function resourceEvent(item: OutcomeItem, status: string, reason: string | null): ResourceEvent {
  return {
    status,
    reason,
    resourceId: item.id,
    resourceName: item.name,
    observedReady: false,
    physicalResourceId: item.physicalResourceId,
    version: item.version,
  };
}

/**
 * A resource observed ready after `verb`. Only what changed is written: at thousands of resources
 * per second, every property write counts.
 */
export function readyOutcome(
  item: OutcomeItem,
  verb: Exclude<Verb, 'DELETE'>,
  observed: {
    properties: Record<string, unknown>;
    physicalResourceId: string | null;
    attributes: Record<string, unknown>;
    dependencyCopies: readonly string[];
  },
): FinishFields {
  const status = `${verb}_COMPLETE`;
  const set: Record<string, unknown> = {
    status,
    observedReady: true,
    appliedProperties: JSON.stringify(observed.properties),
    outcome: item.change ?? (verb === 'UPDATE' ? 'UPDATED' : 'CREATED'),
  };
  if (item.statusReason !== 'State changed') set.statusReason = 'State changed';
  if (observed.physicalResourceId !== item.physicalResourceId)
    set.physicalResourceId = observed.physicalResourceId;
  const attributesJson = JSON.stringify(observed.attributes);
  if (attributesJson !== JSON.stringify(item.attributes)) set.attributes = attributesJson;
  if (observed.dependencyCopies.join() !== item.refs.join())
    set.refs = observed.dependencyCopies.length > 0 ? [...observed.dependencyCopies] : null;
  if (!item.live) set.live = true;
  return {
    set,
    workState: 'DONE',
    observed: true,
    event: {
      ...resourceEvent(item, status, 'State changed'),
      observedReady: true,
      physicalResourceId: observed.physicalResourceId,
    },
  };
}

/**
 * The physical resource is gone (deleted, or found missing by a delete). Its retry count and the
 * failure it may have ended with (`failureReason`) stay: a copy a rollback removed after it failed
 * still tells how and why it failed.
 */
export function deletedOutcome(item: OutcomeItem, physicalResourceId: string | null): FinishFields {
  const status = 'DELETE_COMPLETE';
  return {
    set: { live: null, status, statusReason: 'State changed', observedReady: false },
    workState: 'DONE',
    event: { ...resourceEvent(item, status, 'State changed'), physicalResourceId },
  };
}

/** `deletion_policy: Retain`: the physical resource stays, the stack forgets it. */
export function retainedOutcome(item: OutcomeItem): FinishFields {
  const reason = 'Retained: the physical resource was kept and removed from the stack';
  return {
    set: { live: null, status: 'DELETE_COMPLETE', statusReason: reason, observedReady: false },
    workState: 'DONE',
    event: { ...resourceEvent(item, 'DELETE_COMPLETE', reason), physicalResourceId: item.physicalResourceId },
  };
}

/** A failed attempt: retried after a jittered backoff unless permanent or out of retries. */
export function failedOutcome(
  item: OutcomeItem,
  verb: Verb,
  reason: string,
  permanent: boolean,
  retry: BackoffPolicy & { limit: number },
  random: () => number = Math.random,
): FinishFields & { retried: boolean } {
  const attempt = item.retryCount;
  const decision = decideRetry(attempt, permanent, retry.limit, retry, random);
  if (decision.retry) {
    const statusReason = `Attempt ${attempt + 1} failed: ${reason}; retry ${decision.attempt} of ${retry.limit} in ${(decision.delayMs / 1000).toFixed(1)} s`;
    return {
      set: { retryCount: decision.attempt, statusReason },
      workState: 'READY',
      delayMs: decision.delayMs,
      event: resourceEvent(item, `${verb}_IN_PROGRESS`, statusReason),
      retried: true,
    };
  }
  const status = `${verb}_FAILED`;
  const why = attempt > 0 ? `${reason} (after ${attempt + 1} attempts)` : reason;
  return {
    // failureReason outlives the statusReason that later actions (a rollback's delete) overwrite.
    set: { status, statusReason: why, failureReason: why, observedReady: false },
    workState: 'FAILED',
    failure: `Resource ${verb} failed: ${item.name}: ${why}`,
    event: resourceEvent(item, status, why),
    retried: false,
  };
}

/** A live copy the decision builds on (see `decide.ts`). */
export interface BaseCopy {
  id: string;
  status: string;
  copyId: string;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
  appliedProperties: Record<string, unknown> | null;
  refs: readonly string[];
}

export interface BeginFields {
  set: Record<string, unknown>;
  baseId?: string;
  link?: 'SUCCEEDS' | 'REPLACES';
  event?: ResourceEvent;
}

/**
 * How a converge item whose live copies were weighed starts, after `decideConvergence`:
 * - `keep`: take the unchanged copy over; begin and finish commit together;
 * - `update`: take the copy over and update it in place;
 * - `create`: a new physical resource (a replacement when `REPLACE`).
 */
export type ConvergeStart =
  | { kind: 'keep'; begin: BeginFields; finish: FinishFields; change: 'UNCHANGED' }
  | { kind: 'update'; begin: BeginFields; base: BaseCopy; change: 'UPDATED' }
  | { kind: 'create'; begin: BeginFields; change: 'CREATED' | 'REPLACED' };

export function convergeStart(
  item: OutcomeItem,
  decision:
    | { kind: 'CREATE' }
    | { kind: 'REPLACE'; base: BaseCopy; reason: string }
    | { kind: 'UPDATE' | 'NOOP'; base: BaseCopy },
  properties: Record<string, unknown>,
  dependencyCopies: readonly string[],
  now: number,
): ConvergeStart {
  if (decision.kind === 'NOOP' || decision.kind === 'UPDATE') {
    const base = decision.base;
    const keep = decision.kind === 'NOOP';
    const status = keep ? base.status : 'UPDATE_IN_PROGRESS';
    const set: Record<string, unknown> = {
      live: true,
      copyId: base.copyId,
      physicalResourceId: base.physicalResourceId,
      attributes: JSON.stringify(base.attributes),
      appliedProperties: JSON.stringify(base.appliedProperties),
      refs: [...new Set([...base.refs, ...dependencyCopies])],
      plannedAction: keep ? 'NOOP' : 'UPDATE',
      change: keep ? 'UNCHANGED' : 'UPDATED',
      changeReason: null,
      changedProperties: changedProperties(base.appliedProperties ?? {}, properties),
      status,
      statusReason: keep ? 'Unchanged: kept as is' : 'State changed',
      properties: JSON.stringify(properties),
    };
    if (keep) {
      return {
        kind: 'keep',
        change: 'UNCHANGED',
        begin: { set, baseId: base.id, link: 'SUCCEEDS' },
        finish: {
          set: { observedReady: true, refs: [...dependencyCopies], outcome: 'UNCHANGED' },
          workState: 'DONE',
          observed: true,
          requiresBegin: true,
          event: {
            ...resourceEvent(item, status, 'Unchanged'),
            observedReady: true,
            physicalResourceId: base.physicalResourceId,
          },
        },
      };
    }
    Object.assign(set, { action: 'UPDATE', actionStartedAt: now });
    return {
      kind: 'update',
      change: 'UPDATED',
      base,
      begin: {
        set,
        baseId: base.id,
        link: 'SUCCEEDS',
        event: {
          ...resourceEvent(item, 'UPDATE_IN_PROGRESS', 'State changed'),
          physicalResourceId: base.physicalResourceId,
        },
      },
    };
  }
  const reason = decision.kind === 'REPLACE' ? `Replacing: ${decision.reason}` : 'State changed';
  const change = decision.kind === 'REPLACE' ? 'REPLACED' : 'CREATED';
  return {
    kind: 'create',
    change,
    begin: {
      set: {
        live: true,
        copyId: item.id,
        refs: [...dependencyCopies],
        plannedAction: 'CREATE',
        change,
        changeReason: decision.kind === 'REPLACE' ? decision.reason : null,
        changedProperties:
          decision.kind === 'REPLACE'
            ? changedProperties(decision.base.appliedProperties ?? {}, properties)
            : [],
        status: 'CREATE_IN_PROGRESS',
        statusReason: reason,
        action: 'CREATE',
        actionStartedAt: now,
        properties: JSON.stringify(properties),
      },
      ...(decision.kind === 'REPLACE' ? { baseId: decision.base.id, link: 'REPLACES' as const } : {}),
      event: resourceEvent(item, 'CREATE_IN_PROGRESS', reason),
    },
  };
}

/** The coded reason of an adopted resource (adopt data or `external_id`) whose real object is gone. */
export const ADOPT_RESOURCE_MISSING = 'ADOPT_RESOURCE_MISSING';

/**
 * What an adopted resource's observation means. Adopting never creates: `missing` is a permanent
 * failure with the coded reason (retrying a create would make a new object, which adopt must not),
 * `pending` waits for the real object to become ready, `failed` fails as any create does, `done`
 * makes it ready with the adopted physical id.
 */
export type AdoptVerdict =
  { kind: 'ready' } | { kind: 'wait' } | { kind: 'fail'; reason: string; code?: string };

export function adoptVerdict(
  observation: { state: 'done' | 'pending' | 'missing' | 'failed'; reason?: string },
  type: string,
  physicalResourceId: string,
): AdoptVerdict {
  switch (observation.state) {
    case 'done':
      return { kind: 'ready' };
    case 'pending':
      return { kind: 'wait' };
    case 'missing':
      return {
        kind: 'fail',
        code: ADOPT_RESOURCE_MISSING,
        reason: `cannot adopt ${type} "${physicalResourceId}": it does not exist`,
      };
    default:
      return { kind: 'fail', reason: observation.reason ?? 'the adopted resource failed' };
  }
}
