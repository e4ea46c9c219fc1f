/**
 * Nested stacks: the rule that ties a parent resource's work item to its child stack. Pure.
 *
 * A resource whose type is a nested stack (template resources, OS::Heat::Stack, ResourceGroup)
 * acts by starting a traversal of its child stack (create, update or delete) and then *parks* its
 * lease: the item stays RUNNING under its lease token, without expiry and without a worker holding
 * it. The commit that brings the child stack to a terminal status finishes the parked parent item
 * in the same transaction (`nestedOutcome`), which may complete the parent stack and so finish its
 * own parent, level after level: no polling anywhere.
 */
import { deletedOutcome, readyOutcome, type FinishFields, type OutcomeItem, type Verb } from './outcomes.ts';

/** Heat's `max_nested_stack_depth` default. */
export const DEFAULT_MAX_NESTED_DEPTH = 5;

/** What a parked parent item is waiting for, as the commit that completes the child reads it. */
export interface ChildState {
  id: string;
  name: string;
  status: string;
  statusReason: string | null;
}

/**
 * The parent item's finish once its child stack reached `child.status` (terminal): ready after a
 * completed create or update (with the attributes the type maps from the child), gone after a
 * completed delete, failed with the nested reason otherwise (never retried: the child already
 * retried its own resources).
 */
export function nestedOutcome(
  parent: OutcomeItem,
  verb: Verb,
  child: ChildState,
  ready: {
    properties: Record<string, unknown>;
    attributes: Record<string, unknown>;
    dependencyCopies: readonly string[];
  },
): FinishFields {
  if (verb === 'DELETE') {
    if (child.status === 'DELETE_COMPLETE') return deletedOutcome(parent, child.id);
    return failure(parent, verb, child);
  }
  if (child.status === `${verb}_COMPLETE` || (verb === 'UPDATE' && child.status === 'CREATE_COMPLETE')) {
    return readyOutcome(parent, verb, { ...ready, physicalResourceId: child.id });
  }
  return failure(parent, verb, child);
}

function failure(parent: OutcomeItem, verb: Verb, child: ChildState): FinishFields {
  const why = nestedFailureReason(child);
  const status = `${verb}_FAILED`;
  return {
    set: { status, statusReason: why, observedReady: false },
    workState: 'FAILED',
    failure: `Resource ${verb} failed: ${parent.name}: ${why}`,
    event: {
      status,
      reason: why,
      resourceId: parent.id,
      resourceName: parent.name,
      observedReady: false,
      physicalResourceId: child.id,
      version: parent.version,
    },
  };
}

/** The nested reason, as Heat words it: the child's status and why. */
export function nestedFailureReason(child: ChildState): string {
  return `Nested stack ${child.name} is ${child.status}: ${child.statusReason ?? 'no reason given'}`;
}

/** Whether a stack status ends a traversal. */
export function isTerminalStatus(status: string): boolean {
  return status.endsWith('_COMPLETE') || status.endsWith('_FAILED');
}

const NAME_CHARACTER = /[^A-Za-z0-9_.-]/g;

/**
 * A child stack's name, as Heat derives it: `<parent stack>-<resource>-<random>`, made a valid
 * stack name (other characters become `_`) of at most 255 characters.
 */
export function nestedStackName(parentStack: string, resource: string, random: string): string {
  const suffix = `-${random}`;
  const base = `${parentStack}-${resource}`.replace(NAME_CHARACTER, '_');
  const name = base.slice(0, 255 - suffix.length) + suffix;
  return /^[A-Za-z]/.test(name) ? name : `n${name.slice(0, 254)}`;
}

/** Why a child at `depth` (the top stack is 0) may not exist, or null. */
export function nestedDepthProblem(depth: number, max: number): string | null {
  return depth > max
    ? `NESTED_STACK_TOO_DEEP: nested stacks may be at most ${max} levels deep (MAX_NESTED_STACK_DEPTH); this one would be level ${depth}`
    : null;
}
