/**
 * What an action's outcome writes about its work item: the finish entry for a resource observed
 * ready, deleted, retained, retried or failed. Pure: the action runner (src/engine) runs actions
 * and observations, and submits what these functions return.
 */
import type { ResourceEvent } from '../events/record.ts';
import { decideRetry, type BackoffPolicy } from './retry.ts';
import type { CommitEntry } from './settlement.ts';

export type Verb = 'CREATE' | 'UPDATE' | 'DELETE';

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

/** The physical resource is gone (deleted, or found missing by a delete). */
export function deletedOutcome(item: OutcomeItem, physicalResourceId: string | null): FinishFields {
  const status = 'DELETE_COMPLETE';
  return {
    set: { live: null, status, statusReason: 'State changed', observedReady: false, retryCount: 0 },
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
    set: { status, statusReason: why, observedReady: false },
    workState: 'FAILED',
    failure: `Resource ${verb} failed: ${item.name}: ${why}`,
    event: resourceEvent(item, status, why),
    retried: false,
  };
}
