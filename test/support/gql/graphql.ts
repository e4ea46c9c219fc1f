/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

export type FaultEventFragment = { sequence: number, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number, operation: string | null };

export type FaultStackQueryVariables = Exact<{
  name: string;
}>;


export type FaultStackQuery = { stack: { id: string, name: string, status: StackStatus, statusReason: string | null, version: number, lastGoodVersion: number | null, rollbackPending: boolean, lastEventSequence: number, resources: Array<{ id: string, name: string, status: ResourceStatus, statusReason: string | null, observedReady: boolean, physicalResourceId: string | null }> } | null };

export type FaultEventsPageQueryVariables = Exact<{
  name: string;
  after?: number | null | undefined;
}>;


export type FaultEventsPageQuery = { stack: { events: Array<{ sequence: number, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number, operation: string | null }> } | null };

export type FaultStackEventsSubscriptionVariables = Exact<{
  name: string;
}>;


export type FaultStackEventsSubscription = { stackEvents: { sequence: number, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number, operation: string | null } };

export type LoadEventFragment = { sequence: number, at: string, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number, operation: string | null };

export type LoadEventsPageQueryVariables = Exact<{
  name: string;
  after?: number | null | undefined;
}>;


export type LoadEventsPageQuery = { stack: { events: Array<{ sequence: number, at: string, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number, operation: string | null }> } | null };

export type LoadStackEventsSubscriptionVariables = Exact<{
  name: string;
}>;


export type LoadStackEventsSubscription = { stackEvents: { sequence: number, at: string, type: string, resourceName: string | null, resourceId: string | null, status: string, reason: string | null, observedReady: boolean | null, physicalResourceId: string | null, version: number, operation: string | null } };

export type StackEventsPageQueryVariables = Exact<{
  name: string;
  after?: number | null | undefined;
}>;


export type StackEventsPageQuery = { stack: { events: Array<{ sequence: number, type: string, resourceName: string | null, status: string, reason: string | null, observedReady: boolean | null, version: number }> } | null };

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
export const FaultEventFragmentDoc = new TypedDocumentString(`
    fragment FaultEvent on Event {
  sequence
  type
  resourceName
  resourceId
  status
  reason
  observedReady
  physicalResourceId
  version
  operation
}
    `, {"fragmentName":"FaultEvent"}) as unknown as TypedDocumentString<FaultEventFragment, unknown>;
export const LoadEventFragmentDoc = new TypedDocumentString(`
    fragment LoadEvent on Event {
  sequence
  at
  type
  resourceName
  resourceId
  status
  reason
  observedReady
  physicalResourceId
  version
  operation
}
    `, {"fragmentName":"LoadEvent"}) as unknown as TypedDocumentString<LoadEventFragment, unknown>;
export const FaultStackDocument = new TypedDocumentString(`
    query FaultStack($name: String!) {
  stack(name: $name) {
    id
    name
    status
    statusReason
    version
    lastGoodVersion
    rollbackPending
    lastEventSequence
    resources {
      id
      name
      status
      statusReason
      observedReady
      physicalResourceId
    }
  }
}
    `) as unknown as TypedDocumentString<FaultStackQuery, FaultStackQueryVariables>;
export const FaultEventsPageDocument = new TypedDocumentString(`
    query FaultEventsPage($name: String!, $after: Int) {
  stack(name: $name) {
    events(after: $after, first: 1000) {
      ...FaultEvent
    }
  }
}
    fragment FaultEvent on Event {
  sequence
  type
  resourceName
  resourceId
  status
  reason
  observedReady
  physicalResourceId
  version
  operation
}`) as unknown as TypedDocumentString<FaultEventsPageQuery, FaultEventsPageQueryVariables>;
export const FaultStackEventsDocument = new TypedDocumentString(`
    subscription FaultStackEvents($name: String!) {
  stackEvents(name: $name, after: 0) {
    ...FaultEvent
  }
}
    fragment FaultEvent on Event {
  sequence
  type
  resourceName
  resourceId
  status
  reason
  observedReady
  physicalResourceId
  version
  operation
}`) as unknown as TypedDocumentString<FaultStackEventsSubscription, FaultStackEventsSubscriptionVariables>;
export const LoadEventsPageDocument = new TypedDocumentString(`
    query LoadEventsPage($name: String!, $after: Int) {
  stack(name: $name) {
    events(after: $after, first: 1000) {
      ...LoadEvent
    }
  }
}
    fragment LoadEvent on Event {
  sequence
  at
  type
  resourceName
  resourceId
  status
  reason
  observedReady
  physicalResourceId
  version
  operation
}`) as unknown as TypedDocumentString<LoadEventsPageQuery, LoadEventsPageQueryVariables>;
export const LoadStackEventsDocument = new TypedDocumentString(`
    subscription LoadStackEvents($name: String!) {
  stackEvents(name: $name, after: 0) {
    ...LoadEvent
  }
}
    fragment LoadEvent on Event {
  sequence
  at
  type
  resourceName
  resourceId
  status
  reason
  observedReady
  physicalResourceId
  version
  operation
}`) as unknown as TypedDocumentString<LoadStackEventsSubscription, LoadStackEventsSubscriptionVariables>;
export const StackEventsPageDocument = new TypedDocumentString(`
    query StackEventsPage($name: String!, $after: Int) {
  stack(name: $name) {
    events(after: $after, first: 1000) {
      sequence
      type
      resourceName
      status
      reason
      observedReady
      version
    }
  }
}
    `) as unknown as TypedDocumentString<StackEventsPageQuery, StackEventsPageQueryVariables>;