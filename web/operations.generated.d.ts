/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 timestamp in UTC, e.g. 2026-11-25T09:17:50.123Z. */
  DateTime: { input: string; output: string; }
  /** Any JSON value (objects, lists, strings, numbers, booleans, null). */
  JSON: { input: unknown; output: unknown; }
};

/** Arguments of abandonStack. */
export type AbandonStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** Arguments of cancelStackUpdate. */
export type CancelStackUpdateInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
  /** True: converge back to the last good version; false: stop (in-flight actions finish, nothing new starts). */
  rollback?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Arguments of checkStack. */
export type CheckStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** Arguments of createStack. */
export type CreateStackInput = {
  /**
   * Adopt data, as `abandonStack` returns it (`{template, environment, files, parameters, resources: {name: {type, physicalResourceId, ...}}}`):
   * the stack is made from its template, environment, files and parameters where this input omits them, and every resource it names
   * with a physical id is taken over: observed, never created (one whose real object does not exist fails with ADOPT_RESOURCE_MISSING).
   * Resources of the template it does not name are created as usual. Rollback is disabled for an adopt. Shape problems: BAD_USER_INPUT.
   */
  adopt?: InputMaybe<Scalars['JSON']['input']>;
  /** When true, a failed create stays failed instead of rolling back. */
  disableRollback?: InputMaybe<Scalars['Boolean']['input']>;
  /** Environment files (YAML or JSON), merged in order like repeated `openstack stack create -e`: parameters, parameter_defaults, resource_registry... */
  environment?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Files the template and environments refer to (get_file, template resource types), by path relative to the template or by URL: path -> content. */
  files?: InputMaybe<Scalars['JSON']['input']>;
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
  /** Parameter values by name. */
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  /** A HOT template, YAML or JSON. Required unless `adopt` carries one. */
  template?: InputMaybe<Scalars['String']['input']>;
  /** The create fails if not complete within this many seconds. */
  timeoutSeconds?: InputMaybe<Scalars['Int']['input']>;
};

/** Arguments of deleteStack. */
export type DeleteStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** How a real resource compares with the properties it was converged with. */
export type DriftStatus =
  /** The real resource no longer exists. */
  | 'DELETED'
  /** The real resource matches every property its type can read back. */
  | 'IN_SYNC'
  /** The real resource differs: see differences. */
  | 'MODIFIED'
  /** The type cannot tell (it reads no property back), or observing it did not settle. */
  | 'NOT_CHECKED';

/** What an update does to one resource. */
export type PlannedAction =
  /** Created: no live copy of the name exists. */
  | 'ADD'
  /** Deleted: the new template no longer has the resource. */
  | 'DELETE'
  /** Replaced: a new physical resource is created first, the old one deleted once the new version stands. */
  | 'REPLACE'
  /** Kept as is: carried over to the new version without any action. */
  | 'UNCHANGED'
  /** Updated in place: the physical resource stays, its changed properties are applied. */
  | 'UPDATE';

/** Arguments of purgeStack. */
export type PurgeStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** Heat's ACTION_STATUS form for resources; a resource starts at INIT_COMPLETE. */
export type ResourceStatus =
  /** Created and observed ready. */
  | 'CREATE_COMPLETE'
  /** Creating failed after the retries. */
  | 'CREATE_FAILED'
  /** Being created (or observed until ready). */
  | 'CREATE_IN_PROGRESS'
  /** Deleted (or retained, with deletion_policy Retain). */
  | 'DELETE_COMPLETE'
  /** Deleting failed after the retries. */
  | 'DELETE_FAILED'
  /** Being deleted. */
  | 'DELETE_IN_PROGRESS'
  /** Not acted on yet. */
  | 'INIT_COMPLETE'
  /** Updated in place and observed ready. */
  | 'UPDATE_COMPLETE'
  /** Updating failed after the retries. */
  | 'UPDATE_FAILED'
  /** Being updated in place. */
  | 'UPDATE_IN_PROGRESS';

/** Arguments of rollbackStack. */
export type RollbackStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** Heat's ACTION_STATUS form for stacks. */
export type StackStatus =
  /** Abandoned (abandonStack): no longer managed, nothing deleted; the name may be reused. */
  | 'ABANDON_COMPLETE'
  /** The check found every resource in sync (or of a type that cannot tell). */
  | 'CHECK_COMPLETE'
  /** The check found drift (a resource MODIFIED or DELETED out of band), or timed out. */
  | 'CHECK_FAILED'
  /** A check (checkStack) is observing the real resources. */
  | 'CHECK_IN_PROGRESS'
  /** The first version converged: every resource observed ready. */
  | 'CREATE_COMPLETE'
  /** The create failed (a resource failed for good, a timeout, or a cancel). */
  | 'CREATE_FAILED'
  /** The first version is converging. */
  | 'CREATE_IN_PROGRESS'
  /** Deleted: the name may be reused; the history stays readable. */
  | 'DELETE_COMPLETE'
  /** Some resource could not be deleted. */
  | 'DELETE_FAILED'
  /** Physical resources are being deleted. */
  | 'DELETE_IN_PROGRESS'
  /** Nothing has run yet. */
  | 'INIT_COMPLETE'
  /** Back at the last good version (as a new version). */
  | 'ROLLBACK_COMPLETE'
  /** The rollback failed. */
  | 'ROLLBACK_FAILED'
  /** Converging back to the last good version. */
  | 'ROLLBACK_IN_PROGRESS'
  /** The update converged and old copies were cleaned up. */
  | 'UPDATE_COMPLETE'
  /** The update failed (a resource failed for good, a timeout, or a cancel). */
  | 'UPDATE_FAILED'
  /** A newer version is converging. */
  | 'UPDATE_IN_PROGRESS';

/** Arguments of updateStack. */
export type UpdateStackInput = {
  /** When given, replaces the stack's setting: true keeps a failed update failed instead of rolling back. */
  disableRollback?: InputMaybe<Scalars['Boolean']['input']>;
  /** Environment files as for createStack; omitted with the template omitted: the current version's are kept. */
  environment?: InputMaybe<Array<Scalars['String']['input']>>;
  /** When given, the update fails with VERSION_CONFLICT unless the stack is at this version. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  /** Files as for createStack; omitted with the template omitted: the current version's are kept. */
  files?: InputMaybe<Scalars['JSON']['input']>;
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
  /** Parameter values by name; without template, merged into the current ones, else replacing them. */
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  /**
   * Repair drift as well: the stack is checked first (checkStack), then resources found MODIFIED are
   * converged back and resources found DELETED are created again, even with the current template
   * (an update that would otherwise change nothing). Without it, an update of a stack whose last
   * check failed (CHECK_FAILED) repairs from that check's findings.
   */
  repair?: InputMaybe<Scalars['Boolean']['input']>;
  /** The new template; omit to keep the current one and change only parameters (merged into the current ones). */
  template?: InputMaybe<Scalars['String']['input']>;
  /** The update fails if not complete within this many seconds. */
  timeoutSeconds?: InputMaybe<Scalars['Int']['input']>;
};

/** Heat's ACTION_STATUS form for resources; a resource starts at INIT_COMPLETE. */
export type ResourceStatus =
  /** Created and observed ready. */
  | 'CREATE_COMPLETE'
  /** Creating failed after the retries. */
  | 'CREATE_FAILED'
  /** Being created (or observed until ready). */
  | 'CREATE_IN_PROGRESS'
  /** Deleted (or retained, with deletion_policy Retain). */
  | 'DELETE_COMPLETE'
  /** Deleting failed after the retries. */
  | 'DELETE_FAILED'
  /** Being deleted. */
  | 'DELETE_IN_PROGRESS'
  /** Not acted on yet. */
  | 'INIT_COMPLETE'
  /** Updated in place and observed ready. */
  | 'UPDATE_COMPLETE'
  /** Updating failed after the retries. */
  | 'UPDATE_FAILED'
  /** Being updated in place. */
  | 'UPDATE_IN_PROGRESS';

/** Heat's ACTION_STATUS form for stacks. */
export type StackStatus =
  /** Abandoned (abandonStack): no longer managed, nothing deleted; the name may be reused. */
  | 'ABANDON_COMPLETE'
  /** The check found every resource in sync (or of a type that cannot tell). */
  | 'CHECK_COMPLETE'
  /** The check found drift (a resource MODIFIED or DELETED out of band), or timed out. */
  | 'CHECK_FAILED'
  /** A check (checkStack) is observing the real resources. */
  | 'CHECK_IN_PROGRESS'
  /** The first version converged: every resource observed ready. */
  | 'CREATE_COMPLETE'
  /** The create failed (a resource failed for good, a timeout, or a cancel). */
  | 'CREATE_FAILED'
  /** The first version is converging. */
  | 'CREATE_IN_PROGRESS'
  /** Deleted: the name may be reused; the history stays readable. */
  | 'DELETE_COMPLETE'
  /** Some resource could not be deleted. */
  | 'DELETE_FAILED'
  /** Physical resources are being deleted. */
  | 'DELETE_IN_PROGRESS'
  /** Nothing has run yet. */
  | 'INIT_COMPLETE'
  /** Back at the last good version (as a new version). */
  | 'ROLLBACK_COMPLETE'
  /** The rollback failed. */
  | 'ROLLBACK_FAILED'
  /** Converging back to the last good version. */
  | 'ROLLBACK_IN_PROGRESS'
  /** The update converged and old copies were cleaned up. */
  | 'UPDATE_COMPLETE'
  /** The update failed (a resource failed for good, a timeout, or a cancel). */
  | 'UPDATE_FAILED'
  /** A newer version is converging. */
  | 'UPDATE_IN_PROGRESS';

export type PageEventFragment = { sequence: number, at: string, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number };

export type PageSnapshotFragment = { id: string, name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, readiness: { ready: number, total: number }, versions: Array<{ number: number, status: string, action: string, rollbackOf: number | null, description: string | null, createdAt: string }>, resources: Array<{ name: string, type: string, status: ResourceStatus, statusReason: string | null, observedReady: boolean, physicalResourceId: string | null, requires: Array<{ name: string }> }>, nested: Array<{ id: string, name: string, status: StackStatus, parent: { resource: string } | null }> };

export type PageNestedStackFragment = { id: string, name: string, status: StackStatus, parent: { resource: string } | null };

export type StacksQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  includeDeleted?: boolean | null | undefined;
}>;


export type StacksQuery = { stacks: Array<{ name: string, status: StackStatus, version: number, cursor: string, readiness: { ready: number, total: number } }> };

export type OpenStackQueryVariables = Exact<{
  name: string;
}>;


export type OpenStackQuery = { stack: { id: string, name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, events: Array<{ sequence: number, at: string, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number }>, readiness: { ready: number, total: number }, versions: Array<{ number: number, status: string, action: string, rollbackOf: number | null, description: string | null, createdAt: string }>, resources: Array<{ name: string, type: string, status: ResourceStatus, statusReason: string | null, observedReady: boolean, physicalResourceId: string | null, requires: Array<{ name: string }> }>, nested: Array<{ id: string, name: string, status: StackStatus, parent: { resource: string } | null }> } | null };

export type StackSnapshotQueryVariables = Exact<{
  name: string;
}>;


export type StackSnapshotQuery = { stack: { id: string, name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, readiness: { ready: number, total: number }, versions: Array<{ number: number, status: string, action: string, rollbackOf: number | null, description: string | null, createdAt: string }>, resources: Array<{ name: string, type: string, status: ResourceStatus, statusReason: string | null, observedReady: boolean, physicalResourceId: string | null, requires: Array<{ name: string }> }>, nested: Array<{ id: string, name: string, status: StackStatus, parent: { resource: string } | null }> } | null };

export type NestedOwnersQueryVariables = Exact<{
  name: string;
}>;


export type NestedOwnersQuery = { stack: { id: string, nested: Array<{ id: string, name: string, status: StackStatus, parent: { resource: string } | null }> } | null };

export type StackEventsPageQueryVariables = Exact<{
  name: string;
  after: number;
}>;


export type StackEventsPageQuery = { stack: { status: StackStatus, version: number, readiness: { ready: number, total: number }, events: Array<{ sequence: number, at: string, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number }> } | null };

export type ResourceDetailsQueryVariables = Exact<{
  name: string;
  resource: string;
}>;


export type ResourceDetailsQuery = { stack: { version: number, resource: { id: string, name: string, type: string, status: ResourceStatus, statusReason: string | null, failureReason: string | null, observedReady: boolean, retryCount: number, physicalResourceId: string | null, properties: unknown, attributes: unknown, deletionPolicy: string, version: number, updatedAt: string, requires: Array<{ name: string }>, neededBy: Array<{ name: string }> } | null } | null };

export type StackDiffQueryVariables = Exact<{
  name: string;
  from: number;
  to: number;
}>;


export type StackDiffQuery = { stack: { diff: { from: number, to: number, changes: Array<{ name: string, change: string, properties: Array<string>, reason: string | null, recorded: boolean }> } } | null };

export type LiveEventsSubscriptionVariables = Exact<{
  name: string;
  after?: number | null | undefined;
}>;


export type LiveEventsSubscription = { stackEvents: { sequence: number, at: string, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number } };

export type LiveReadinessSubscriptionVariables = Exact<{
  name: string;
}>;


export type LiveReadinessSubscription = { resourceReadiness: { ready: number, total: number, status: StackStatus } };

export type LiveNestedEventsSubscriptionVariables = Exact<{
  name: string;
  after?: number | null | undefined;
}>;


export type LiveNestedEventsSubscription = { stackEvents: { stackId: string, stackName: string | null, sequence: number, at: string, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number } };
