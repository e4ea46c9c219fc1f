/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Arguments of abandonStack. */
export type AbandonStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: string;
};

/** Arguments of cancelStackUpdate. */
export type CancelStackUpdateInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: string;
  /** True: converge back to the last good version; false: stop (in-flight actions finish, nothing new starts). */
  rollback?: boolean | null | undefined;
};

/** Arguments of checkStack. */
export type CheckStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: string;
};

/** Arguments of createStack. */
export type CreateStackInput = {
  /**
   * Adopt data, as `abandonStack` returns it (`{template, environment, files, parameters, resources: {name: {type, physicalResourceId, ...}}}`):
   * the stack is made from its template, environment, files and parameters where this input omits them, and every resource it names
   * with a physical id is taken over: observed, never created (one whose real object does not exist fails with ADOPT_RESOURCE_MISSING).
   * Resources of the template it does not name are created as usual. Rollback is disabled for an adopt. Shape problems: BAD_USER_INPUT.
   */
  adopt?: unknown;
  /** When true, a failed create stays failed instead of rolling back. */
  disableRollback?: boolean | null | undefined;
  /** Environment files (YAML or JSON), merged in order like repeated `openstack stack create -e`: parameters, parameter_defaults, resource_registry... */
  environment?: Array<string> | null | undefined;
  /** Files the template and environments refer to (get_file, template resource types), by path relative to the template or by URL: path -> content. */
  files?: unknown;
  /** The stack's name (unique per tenant among live stacks). */
  name: string;
  /** Parameter values by name. */
  parameters?: unknown;
  /** A HOT template, YAML or JSON. Required unless `adopt` carries one. */
  template?: string | null | undefined;
  /** The create fails if not complete within this many seconds. */
  timeoutSeconds?: number | null | undefined;
};

/** Arguments of deleteStack. */
export type DeleteStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: string;
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
  name: string;
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
  disableRollback?: boolean | null | undefined;
  /** Environment files as for createStack; omitted with the template omitted: the current version's are kept. */
  environment?: Array<string> | null | undefined;
  /** When given, the update fails with VERSION_CONFLICT unless the stack is at this version. */
  expectedVersion?: number | null | undefined;
  /** Files as for createStack; omitted with the template omitted: the current version's are kept. */
  files?: unknown;
  /** The stack's name (unique per tenant among live stacks). */
  name: string;
  /** Parameter values by name; without template, merged into the current ones, else replacing them. */
  parameters?: unknown;
  /**
   * Repair drift as well: the stack is checked first (checkStack), then resources found MODIFIED are
   * converged back and resources found DELETED are created again, even with the current template
   * (an update that would otherwise change nothing). Without it, an update of a stack whose last
   * check failed (CHECK_FAILED) repairs from that check's findings.
   */
  repair?: boolean | null | undefined;
  /** The new template; omit to keep the current one and change only parameters (merged into the current ones). */
  template?: string | null | undefined;
  /** The update fails if not complete within this many seconds. */
  timeoutSeconds?: number | null | undefined;
};

export type StackBriefFragment = { name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, disableRollback: boolean };

export type ResourceRowFragment = { name: string, type: string, status: ResourceStatus, statusReason: string | null, observedReady: boolean, retryCount: number, physicalResourceId: string | null };

export type StackDetailsFragment = { failureReason: string | null, timeoutSeconds: number | null, createdAt: string, updatedAt: string, outputs: unknown, name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, disableRollback: boolean, readiness: { ready: number, total: number }, resources: Array<{ name: string, type: string, status: ResourceStatus, statusReason: string | null, observedReady: boolean, retryCount: number, physicalResourceId: string | null }> };

export type PreviewResultFragment = { exists: boolean, fromVersion: number | null, noChange: boolean, plan: Array<{ name: string, type: string, action: PlannedAction, reason: string | null, knownAfterApply: boolean, properties: Array<{ name: string, old: unknown, new: unknown, knownAfterApply: boolean, forcesReplacement: boolean }> }>, summary: { add: number, update: number, replace: number, delete: number, unchanged: number, text: string } };

export type GraphNodeFragment = { name: string, type: string, status: ResourceStatus, requires: Array<{ name: string }> };

export type EventFieldsFragment = { sequence: number, stackName: string | null, at: string, type: string, resourceName: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number };

export type StackEventsSubscriptionVariables = Exact<{
  name: string;
  after?: number | null | undefined;
  nested?: boolean | null | undefined;
}>;


export type StackEventsSubscription = { stackEvents: { sequence: number, stackName: string | null, at: string, type: string, resourceName: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number } };

export type ReadinessSubscriptionVariables = Exact<{
  name: string;
}>;


export type ReadinessSubscription = { resourceReadiness: { ready: number, total: number, justReady: Array<string>, status: StackStatus } };

export type StackBriefByNameQueryVariables = Exact<{
  name: string;
}>;


export type StackBriefByNameQuery = { stack: { name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, disableRollback: boolean } | null };

export type StackDetailsByNameQueryVariables = Exact<{
  name: string;
}>;


export type StackDetailsByNameQuery = { stack: { failureReason: string | null, timeoutSeconds: number | null, createdAt: string, updatedAt: string, outputs: unknown, name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, disableRollback: boolean, readiness: { ready: number, total: number }, resources: Array<{ name: string, type: string, status: ResourceStatus, statusReason: string | null, observedReady: boolean, retryCount: number, physicalResourceId: string | null }> } | null };

export type StacksQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  includeDeleted?: boolean | null | undefined;
}>;


export type StacksQuery = { stacks: Array<{ name: string, status: StackStatus, version: number, updatedAt: string, cursor: string, readiness: { ready: number, total: number } }> };

export type EventsQueryVariables = Exact<{
  name: string;
  after: number;
  first: number;
}>;


export type EventsQuery = { stack: { events: Array<{ sequence: number, stackName: string | null, at: string, type: string, resourceName: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number }> } | null };

export type NestedStacksQueryVariables = Exact<{
  name: string;
  depth: number;
}>;


export type NestedStacksQuery = { stack: { nested: Array<{ id: string, name: string, status: StackStatus, parent: { resource: string, stack: { name: string } } | null, resources: Array<{ name: string, type: string, status: ResourceStatus, statusReason: string | null, observedReady: boolean, retryCount: number, physicalResourceId: string | null, requires: Array<{ name: string }> }> }> } | null };

export type CreateStackMutationVariables = Exact<{
  input: CreateStackInput;
}>;


export type CreateStackMutation = { createStack: { stack: { name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, disableRollback: boolean } } };

export type UpdateStackMutationVariables = Exact<{
  input: UpdateStackInput;
}>;


export type UpdateStackMutation = { updateStack: { changed: boolean, message: string, stack: { name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, disableRollback: boolean } } };

export type DeleteStackMutationVariables = Exact<{
  input: DeleteStackInput;
}>;


export type DeleteStackMutation = { deleteStack: { stack: { name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, disableRollback: boolean } } };

export type RollbackStackMutationVariables = Exact<{
  input: RollbackStackInput;
}>;


export type RollbackStackMutation = { rollbackStack: { stack: { name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, disableRollback: boolean } } };

export type CancelStackUpdateMutationVariables = Exact<{
  input: CancelStackUpdateInput;
}>;


export type CancelStackUpdateMutation = { cancelStackUpdate: { stack: { name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, disableRollback: boolean } } };

export type GraphQueryVariables = Exact<{
  name: string;
}>;


export type GraphQuery = { stack: { version: number, resources: Array<{ name: string, type: string, status: ResourceStatus, requires: Array<{ name: string }> }> } | null };

export type GraphVersionsQueryVariables = Exact<{
  name: string;
}>;


export type GraphVersionsQuery = { stack: { versions: Array<{ number: number, resources: Array<{ name: string, type: string, status: ResourceStatus, requires: Array<{ name: string }> }> }> } | null };

export type ResourceDetailsQueryVariables = Exact<{
  name: string;
  resource: string;
}>;


export type ResourceDetailsQuery = { stack: { resource: { id: string, failureReason: string | null, version: number, deletionPolicy: string, properties: unknown, attributes: unknown, updatedAt: string, name: string, type: string, status: ResourceStatus, statusReason: string | null, observedReady: boolean, retryCount: number, physicalResourceId: string | null, requires: Array<{ name: string }>, neededBy: Array<{ name: string }> } | null } | null };

export type VersionTemplateQueryVariables = Exact<{
  name: string;
  number: number;
}>;


export type VersionTemplateQuery = { stack: { version: number, atVersion: { number: number, template: string, parameters: unknown } | null } | null };

export type CheckStackMutationVariables = Exact<{
  input: CheckStackInput;
}>;


export type CheckStackMutation = { checkStack: { stack: { status: StackStatus, statusReason: string | null, resources: Array<{ name: string, type: string, drift: { status: DriftStatus, checkedAt: string, differences: Array<{ property: string, expected: unknown, actual: unknown }> } | null }> } } };

export type AbandonStackMutationVariables = Exact<{
  input: AbandonStackInput;
}>;


export type AbandonStackMutation = { abandonStack: { adoptData: unknown, stack: { status: StackStatus } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const StackBriefFragmentDoc = new TypedDocumentString(`
    fragment StackBrief on Stack {
  name
  status
  statusReason
  version
  lastGoodVersion
  disableRollback
}
    `, {"fragmentName":"StackBrief"}) as unknown as TypedDocumentString<StackBriefFragment, unknown>;
export const ResourceRowFragmentDoc = new TypedDocumentString(`
    fragment ResourceRow on Resource {
  name
  type
  status
  statusReason
  observedReady
  retryCount
  physicalResourceId
}
    `, {"fragmentName":"ResourceRow"}) as unknown as TypedDocumentString<ResourceRowFragment, unknown>;
export const StackDetailsFragmentDoc = new TypedDocumentString(`
    fragment StackDetails on Stack {
  ...StackBrief
  failureReason
  timeoutSeconds
  createdAt
  updatedAt
  readiness {
    ready
    total
  }
  outputs
  resources {
    ...ResourceRow
  }
}
    fragment StackBrief on Stack {
  name
  status
  statusReason
  version
  lastGoodVersion
  disableRollback
}
fragment ResourceRow on Resource {
  name
  type
  status
  statusReason
  observedReady
  retryCount
  physicalResourceId
}`, {"fragmentName":"StackDetails"}) as unknown as TypedDocumentString<StackDetailsFragment, unknown>;
export const PreviewResultFragmentDoc = new TypedDocumentString(`
    fragment PreviewResult on StackPreview {
  exists
  fromVersion
  noChange
  plan {
    name
    type
    action
    reason
    knownAfterApply
    properties {
      name
      old
      new
      knownAfterApply
      forcesReplacement
    }
  }
  summary {
    add
    update
    replace
    delete
    unchanged
    text
  }
}
    `, {"fragmentName":"PreviewResult"}) as unknown as TypedDocumentString<PreviewResultFragment, unknown>;
export const GraphNodeFragmentDoc = new TypedDocumentString(`
    fragment GraphNode on Resource {
  name
  type
  status
  requires {
    name
  }
}
    `, {"fragmentName":"GraphNode"}) as unknown as TypedDocumentString<GraphNodeFragment, unknown>;
export const EventFieldsFragmentDoc = new TypedDocumentString(`
    fragment EventFields on Event {
  sequence
  stackName
  at
  type
  resourceName
  status
  reason
  observedReady
  physicalResourceId
  version
}
    `, {"fragmentName":"EventFields"}) as unknown as TypedDocumentString<EventFieldsFragment, unknown>;
export const StackEventsDocument = new TypedDocumentString(`
    subscription StackEvents($name: String!, $after: Int, $nested: Boolean) {
  stackEvents(name: $name, after: $after, nested: $nested) {
    ...EventFields
  }
}
    fragment EventFields on Event {
  sequence
  stackName
  at
  type
  resourceName
  status
  reason
  observedReady
  physicalResourceId
  version
}`) as unknown as TypedDocumentString<StackEventsSubscription, StackEventsSubscriptionVariables>;
export const ReadinessDocument = new TypedDocumentString(`
    subscription Readiness($name: String!) {
  resourceReadiness(name: $name) {
    ready
    total
    justReady
    status
  }
}
    `) as unknown as TypedDocumentString<ReadinessSubscription, ReadinessSubscriptionVariables>;
export const StackBriefByNameDocument = new TypedDocumentString(`
    query StackBriefByName($name: String!) {
  stack(name: $name) {
    ...StackBrief
  }
}
    fragment StackBrief on Stack {
  name
  status
  statusReason
  version
  lastGoodVersion
  disableRollback
}`) as unknown as TypedDocumentString<StackBriefByNameQuery, StackBriefByNameQueryVariables>;
export const StackDetailsByNameDocument = new TypedDocumentString(`
    query StackDetailsByName($name: String!) {
  stack(name: $name) {
    ...StackDetails
  }
}
    fragment StackBrief on Stack {
  name
  status
  statusReason
  version
  lastGoodVersion
  disableRollback
}
fragment ResourceRow on Resource {
  name
  type
  status
  statusReason
  observedReady
  retryCount
  physicalResourceId
}
fragment StackDetails on Stack {
  ...StackBrief
  failureReason
  timeoutSeconds
  createdAt
  updatedAt
  readiness {
    ready
    total
  }
  outputs
  resources {
    ...ResourceRow
  }
}`) as unknown as TypedDocumentString<StackDetailsByNameQuery, StackDetailsByNameQueryVariables>;
export const StacksDocument = new TypedDocumentString(`
    query Stacks($first: Int!, $after: String, $includeDeleted: Boolean) {
  stacks(first: $first, after: $after, includeDeleted: $includeDeleted) {
    name
    status
    version
    readiness {
      ready
      total
    }
    updatedAt
    cursor
  }
}
    `) as unknown as TypedDocumentString<StacksQuery, StacksQueryVariables>;
export const EventsDocument = new TypedDocumentString(`
    query Events($name: String!, $after: Int!, $first: Int!) {
  stack(name: $name) {
    events(after: $after, first: $first) {
      ...EventFields
    }
  }
}
    fragment EventFields on Event {
  sequence
  stackName
  at
  type
  resourceName
  status
  reason
  observedReady
  physicalResourceId
  version
}`) as unknown as TypedDocumentString<EventsQuery, EventsQueryVariables>;
export const NestedStacksDocument = new TypedDocumentString(`
    query NestedStacks($name: String!, $depth: Int!) {
  stack(name: $name) {
    nested(depth: $depth) {
      id
      name
      status
      parent {
        stack {
          name
        }
        resource
      }
      resources {
        ...ResourceRow
        requires {
          name
        }
      }
    }
  }
}
    fragment ResourceRow on Resource {
  name
  type
  status
  statusReason
  observedReady
  retryCount
  physicalResourceId
}`) as unknown as TypedDocumentString<NestedStacksQuery, NestedStacksQueryVariables>;
export const CreateStackDocument = new TypedDocumentString(`
    mutation CreateStack($input: CreateStackInput!) {
  createStack(input: $input) {
    stack {
      ...StackBrief
    }
  }
}
    fragment StackBrief on Stack {
  name
  status
  statusReason
  version
  lastGoodVersion
  disableRollback
}`) as unknown as TypedDocumentString<CreateStackMutation, CreateStackMutationVariables>;
export const UpdateStackDocument = new TypedDocumentString(`
    mutation UpdateStack($input: UpdateStackInput!) {
  updateStack(input: $input) {
    stack {
      ...StackBrief
    }
    changed
    message
  }
}
    fragment StackBrief on Stack {
  name
  status
  statusReason
  version
  lastGoodVersion
  disableRollback
}`) as unknown as TypedDocumentString<UpdateStackMutation, UpdateStackMutationVariables>;
export const DeleteStackDocument = new TypedDocumentString(`
    mutation DeleteStack($input: DeleteStackInput!) {
  deleteStack(input: $input) {
    stack {
      ...StackBrief
    }
  }
}
    fragment StackBrief on Stack {
  name
  status
  statusReason
  version
  lastGoodVersion
  disableRollback
}`) as unknown as TypedDocumentString<DeleteStackMutation, DeleteStackMutationVariables>;
export const RollbackStackDocument = new TypedDocumentString(`
    mutation RollbackStack($input: RollbackStackInput!) {
  rollbackStack(input: $input) {
    stack {
      ...StackBrief
    }
  }
}
    fragment StackBrief on Stack {
  name
  status
  statusReason
  version
  lastGoodVersion
  disableRollback
}`) as unknown as TypedDocumentString<RollbackStackMutation, RollbackStackMutationVariables>;
export const CancelStackUpdateDocument = new TypedDocumentString(`
    mutation CancelStackUpdate($input: CancelStackUpdateInput!) {
  cancelStackUpdate(input: $input) {
    stack {
      ...StackBrief
    }
  }
}
    fragment StackBrief on Stack {
  name
  status
  statusReason
  version
  lastGoodVersion
  disableRollback
}`) as unknown as TypedDocumentString<CancelStackUpdateMutation, CancelStackUpdateMutationVariables>;
export const GraphDocument = new TypedDocumentString(`
    query Graph($name: String!) {
  stack(name: $name) {
    version
    resources {
      ...GraphNode
    }
  }
}
    fragment GraphNode on Resource {
  name
  type
  status
  requires {
    name
  }
}`) as unknown as TypedDocumentString<GraphQuery, GraphQueryVariables>;
export const GraphVersionsDocument = new TypedDocumentString(`
    query GraphVersions($name: String!) {
  stack(name: $name) {
    versions {
      number
      resources {
        ...GraphNode
      }
    }
  }
}
    fragment GraphNode on Resource {
  name
  type
  status
  requires {
    name
  }
}`) as unknown as TypedDocumentString<GraphVersionsQuery, GraphVersionsQueryVariables>;
export const ResourceDetailsDocument = new TypedDocumentString(`
    query ResourceDetails($name: String!, $resource: String!) {
  stack(name: $name) {
    resource(name: $resource) {
      ...ResourceRow
      id
      failureReason
      version
      deletionPolicy
      properties
      attributes
      updatedAt
      requires {
        name
      }
      neededBy {
        name
      }
    }
  }
}
    fragment ResourceRow on Resource {
  name
  type
  status
  statusReason
  observedReady
  retryCount
  physicalResourceId
}`) as unknown as TypedDocumentString<ResourceDetailsQuery, ResourceDetailsQueryVariables>;
export const VersionTemplateDocument = new TypedDocumentString(`
    query VersionTemplate($name: String!, $number: Int!) {
  stack(name: $name) {
    version
    atVersion(number: $number) {
      number
      template
      parameters
    }
  }
}
    `) as unknown as TypedDocumentString<VersionTemplateQuery, VersionTemplateQueryVariables>;
export const CheckStackDocument = new TypedDocumentString(`
    mutation CheckStack($input: CheckStackInput!) {
  checkStack(input: $input) {
    stack {
      status
      statusReason
      resources {
        name
        type
        drift {
          status
          checkedAt
          differences {
            property
            expected
            actual
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CheckStackMutation, CheckStackMutationVariables>;
export const AbandonStackDocument = new TypedDocumentString(`
    mutation AbandonStack($input: AbandonStackInput!) {
  abandonStack(input: $input) {
    adoptData
    stack {
      status
    }
  }
}
    `) as unknown as TypedDocumentString<AbandonStackMutation, AbandonStackMutationVariables>;