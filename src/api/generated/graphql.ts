import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { StackRecord, VersionRecord, ResourceRecord, StoredEvent } from '../../store/reads.ts';
import type { ApiContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 timestamp in UTC, e.g. 2026-11-25T09:17:50.123Z. */
  DateTime: { input: number; output: number; }
  /** Any JSON value (objects, lists, strings, numbers, booleans, null). */
  JSON: { input: unknown; output: unknown; }
};

/** Arguments of abandonStack. */
export type AbandonStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** Result of abandonStack. */
export type AbandonStackPayload = {
  __typename?: 'AbandonStackPayload';
  /**
   * The adopt data: name, template, environment, files, parameters, and resources by name with type,
   * physicalResourceId, status, properties and attributes. Values stored sealed (hidden parameters,
   * secret properties and attributes, literal secrets in the template text) stay sealed (enc:v1:...):
   * only a service with the same SECRETS_KEY can open them; they are never returned in clear.
   */
  adoptData: Scalars['JSON']['output'];
  /** The stack, now ABANDON_COMPLETE (no longer live). */
  stack: Stack;
};

/** Arguments of cancelStackUpdate. */
export type CancelStackUpdateInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
  /** True: converge back to the last good version; false: stop (in-flight actions finish, nothing new starts). */
  rollback?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Result of cancelStackUpdate. */
export type CancelStackUpdatePayload = {
  __typename?: 'CancelStackUpdatePayload';
  /** The stack as the operation left it (its status says what runs now). */
  stack: Stack;
};

/** How many resources of a plan each action touches. */
export type ChangeSummary = {
  __typename?: 'ChangeSummary';
  /** Resources to create. */
  add: Scalars['Int']['output'];
  /** Resources to delete. */
  delete: Scalars['Int']['output'];
  /** Resources to replace. */
  replace: Scalars['Int']['output'];
  /** Terraform's summary line: `N to add, N to update in place, N to replace, N to delete`. */
  text: Scalars['String']['output'];
  /** Resources kept as they are. */
  unchanged: Scalars['Int']['output'];
  /** Resources to update in place. */
  update: Scalars['Int']['output'];
};

/** Arguments of checkStack. */
export type CheckStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** Result of checkStack. */
export type CheckStackPayload = {
  __typename?: 'CheckStackPayload';
  /** The stack once checked (CHECK_COMPLETE or CHECK_FAILED); each resource's finding is its drift. */
  stack: Stack;
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

/** Result of createStack. */
export type CreateStackPayload = {
  __typename?: 'CreateStackPayload';
  /** The stack as the operation left it (its status says what runs now). */
  stack: Stack;
  /** What Heat accepts silently but you should know about (duplicate keys, constraints only a cloud can check...). */
  warnings: Array<TemplateWarning>;
};

/** Arguments of deleteStack. */
export type DeleteStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** Result of deleteStack. */
export type DeleteStackPayload = {
  __typename?: 'DeleteStackPayload';
  /** The stack as the operation left it (its status says what runs now). */
  stack: Stack;
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

/** A state change of a stack (resourceName null) or of one of its resources. */
export type Event = {
  __typename?: 'Event';
  /** When the change was committed. */
  at: Scalars['DateTime']['output'];
  /** For resource events: whether the observer has confirmed the real resource ready. */
  observedReady?: Maybe<Scalars['Boolean']['output']>;
  /** The operation (traversal) that caused the event; see Stack.operation. */
  operation?: Maybe<Scalars['ID']['output']>;
  /** The id of the real resource, once it has one. */
  physicalResourceId?: Maybe<Scalars['String']['output']>;
  /** Why the status changed, e.g. the failure message of an action. */
  reason?: Maybe<Scalars['String']['output']>;
  /** The resource's id in its version (see Resource.id); null for stack events. */
  resourceId?: Maybe<Scalars['ID']['output']>;
  /** The resource the event is about; null for an event of the stack itself. */
  resourceName?: Maybe<Scalars['String']['output']>;
  /** Per-stack sequence number: gap-free and increasing. */
  sequence: Scalars['Int']['output'];
  /** The stack the event belongs to: a nested stack's own id for its events (see Stack.events(nested: true)). */
  stackId: Scalars['ID']['output'];
  /** The name of that stack. */
  stackName?: Maybe<Scalars['String']['output']>;
  /** The new status (a StackStatus or ResourceStatus value). */
  status: Scalars['String']['output'];
  /** STACK or RESOURCE. */
  type: Scalars['String']['output'];
  /** The stack version the resource (or the operation, for stack events) belongs to. */
  version: Scalars['Int']['output'];
};

/** A page of a stack's events in sequence order. */
export type EventConnection = {
  __typename?: 'EventConnection';
  /** The events of this page, each with its cursor. */
  edges: Array<EventEdge>;
  /** Whether more follow, and where this page ends. */
  pageInfo: PageInfo;
};

/** One event of a page, with its position. */
export type EventEdge = {
  __typename?: 'EventEdge';
  /** Opaque position of this event, for `after:`. */
  cursor: Scalars['String']['output'];
  /** The event. */
  node: Event;
};

/** Operations that change stacks (editor role). Each answers at once; follow the progress with Subscription.stackEvents. */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Heat's stack abandon: stops managing the stack without deleting anything (its name is free again,
   * its history stays readable, status ABANDON_COMPLETE) and returns the adopt data. Refused while the
   * stack is in progress.
   */
  abandonStack: AbandonStackPayload;
  /** Stops a running create or update; with rollback: true, rolls back instead. */
  cancelStackUpdate: CancelStackUpdatePayload;
  /**
   * Heat's stack check: observes every live resource and compares the real state with the properties it
   * was converged with. Each resource's latest finding is on Resource.drift; the stack ends CHECK_COMPLETE,
   * or CHECK_FAILED when any resource drifted (MODIFIED or DELETED), as in Heat. Returns once the check is done;
   * its events stream on stackEvents like any operation's. Refused while the stack is in progress.
   */
  checkStack: CheckStackPayload;
  /** Validates the template, persists version 1 of a new stack and starts converging it. */
  createStack: CreateStackPayload;
  /** Deletes every physical resource the stack owns (any time, also during a create or update). */
  deleteStack: DeleteStackPayload;
  /** Removes the history (versions, resources, events) of deleted stacks with this name. Live stacks are refused. */
  purgeStack: PurgeStackPayload;
  /** Converges back to the last good version (to nothing after a failed first create). */
  rollbackStack: RollbackStackPayload;
  /** Persists a new version and converges to it, superseding any operation in progress. An update that changes nothing creates no version (changed: false). */
  updateStack: UpdateStackPayload;
};


/** Operations that change stacks (editor role). Each answers at once; follow the progress with Subscription.stackEvents. */
export type MutationAbandonStackArgs = {
  input: AbandonStackInput;
};


/** Operations that change stacks (editor role). Each answers at once; follow the progress with Subscription.stackEvents. */
export type MutationCancelStackUpdateArgs = {
  input: CancelStackUpdateInput;
};


/** Operations that change stacks (editor role). Each answers at once; follow the progress with Subscription.stackEvents. */
export type MutationCheckStackArgs = {
  input: CheckStackInput;
};


/** Operations that change stacks (editor role). Each answers at once; follow the progress with Subscription.stackEvents. */
export type MutationCreateStackArgs = {
  input: CreateStackInput;
};


/** Operations that change stacks (editor role). Each answers at once; follow the progress with Subscription.stackEvents. */
export type MutationDeleteStackArgs = {
  input: DeleteStackInput;
};


/** Operations that change stacks (editor role). Each answers at once; follow the progress with Subscription.stackEvents. */
export type MutationPurgeStackArgs = {
  input: PurgeStackInput;
};


/** Operations that change stacks (editor role). Each answers at once; follow the progress with Subscription.stackEvents. */
export type MutationRollbackStackArgs = {
  input: RollbackStackInput;
};


/** Operations that change stacks (editor role). Each answers at once; follow the progress with Subscription.stackEvents. */
export type MutationUpdateStackArgs = {
  input: UpdateStackInput;
};

/** Where a page of a connection ends (Relay cursor connections). */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item of this page (null for an empty page). */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow this page: pass `endCursor` as `after` to read them. */
  hasNextPage: Scalars['Boolean']['output'];
};

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

/** One property's change in a plan. Secret values and values containing a hidden parameter are shown as ******. */
export type PlannedPropertyChange = {
  __typename?: 'PlannedPropertyChange';
  /** Changing this property replaces the physical resource. */
  forcesReplacement: Scalars['Boolean']['output'];
  /** The new value is only known once the resources it reads have converged. */
  knownAfterApply: Scalars['Boolean']['output'];
  /** The top-level property name. */
  name: Scalars['String']['output'];
  /** The value it will have (null when known after apply, or when the property is removed). */
  new?: Maybe<Scalars['JSON']['output']>;
  /** The value the physical resource has now (null when added). */
  old?: Maybe<Scalars['JSON']['output']>;
};

/** One resource in a plan (previewStack). */
export type PlannedResourceChange = {
  __typename?: 'PlannedResourceChange';
  /** What the engine will do to it. */
  action: PlannedAction;
  /**
   * Some new values depend on resources that change in this update (through get_attr or
   * get_resource): they are known after apply. The engine decides on the actual values, so such a
   * resource may still be kept when the value turns out unchanged.
   */
  knownAfterApply: Scalars['Boolean']['output'];
  /** The resource's name in the template. */
  name: Scalars['String']['output'];
  /** The properties whose value changes (or may change, when known after apply). */
  properties: Array<PlannedPropertyChange>;
  /**
   * For REPLACE: why (the properties that cannot be updated in place, a type change, a failed copy).
   * For an UPDATE of a nested stack whose properties are the same: its nested template, files or
   * environment changed.
   */
  reason?: Maybe<Scalars['String']['output']>;
  /** Its type in the new template (the current one for DELETE). */
  type: Scalars['String']['output'];
};

/** One property a check found different. */
export type PropertyDifference = {
  __typename?: 'PropertyDifference';
  /** The value the real resource has (null when it has none). */
  actual?: Maybe<Scalars['JSON']['output']>;
  /** The value the resource was converged with. */
  expected?: Maybe<Scalars['JSON']['output']>;
  /** The property's name. */
  property: Scalars['String']['output'];
};

/** Arguments of purgeStack. */
export type PurgeStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** Result of purgeStack. */
export type PurgeStackPayload = {
  __typename?: 'PurgeStackPayload';
  /** Deleted stacks whose history was removed. */
  purged: Scalars['Int']['output'];
  /** Always null: the stack no longer exists. */
  stack?: Maybe<Stack>;
};

/** Reads (reader and editor roles). */
export type Query = {
  __typename?: 'Query';
  /**
   * What `updateStack` (or `createStack`, for a name that does not exist) would change, without changing
   * anything: resource by resource, added, removed, unchanged, updated in place or replaced.
   * Template problems are reported as TEMPLATE_INVALID errors.
   */
  previewStack: StackPreview;
  /** Resource types the engine knows, with their property and attribute schemas. */
  resourceTypes: Array<ResourceType>;
  /** A stack by name; null when there is no such stack (or it belongs to another tenant). */
  stack?: Maybe<Stack>;
  /**
   * Stacks, ordered by name. Pagination: pass the last stack's `cursor` as `after` to get the next page.
   * Deleted stacks are included only with `includeDeleted: true`.
   * @deprecated Use stacksConnection (Relay connection with pageInfo).
   */
  stacks: Array<Stack>;
  /**
   * Stacks, ordered by name, a page at a time (`first` defaults to DEFAULT_PAGE_SIZE, at most
   * MAX_PAGE_SIZE). Deleted stacks are included only with `includeDeleted: true`.
   */
  stacksConnection: StackConnection;
  /** Validates a template and parameters without changing anything; problems come back as data. */
  validateTemplate: TemplateValidation;
};


/** Reads (reader and editor roles). */
export type QueryPreviewStackArgs = {
  environment?: InputMaybe<Array<Scalars['String']['input']>>;
  files?: InputMaybe<Scalars['JSON']['input']>;
  name: Scalars['String']['input'];
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  template?: InputMaybe<Scalars['String']['input']>;
};


/** Reads (reader and editor roles). */
export type QueryStackArgs = {
  name: Scalars['String']['input'];
};


/** Reads (reader and editor roles). */
export type QueryStacksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeDeleted?: InputMaybe<Scalars['Boolean']['input']>;
};


/** Reads (reader and editor roles). */
export type QueryStacksConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeDeleted?: InputMaybe<Scalars['Boolean']['input']>;
};


/** Reads (reader and editor roles). */
export type QueryValidateTemplateArgs = {
  environment?: InputMaybe<Array<Scalars['String']['input']>>;
  files?: InputMaybe<Scalars['JSON']['input']>;
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  template: Scalars['String']['input'];
};

/** How many resources of the current version are observed ready. */
export type Readiness = {
  __typename?: 'Readiness';
  /** Resources observed ready. */
  ready: Scalars['Int']['output'];
  /** Resources in the version. */
  total: Scalars['Int']['output'];
};

/** Progress of a stack's current version. */
export type ReadinessUpdate = {
  __typename?: 'ReadinessUpdate';
  /** Resources that became ready since the previous update. */
  justReady: Array<Scalars['String']['output']>;
  /** Resources of the current version observed ready. */
  ready: Scalars['Int']['output'];
  /** The stack's status at this update. */
  status: StackStatus;
  /** Resources in the current version. */
  total: Scalars['Int']['output'];
};

/** A resource of one stack version: the desired state from the template and what the engine knows of the real resource. */
export type Resource = {
  __typename?: 'Resource';
  /** Attributes the resource type reported (what get_attr reads), name -> value. */
  attributes: Scalars['JSON']['output'];
  /** The resource as written in the template. */
  definition: Scalars['JSON']['output'];
  /** Delete or Retain (the template's deletion_policy). */
  deletionPolicy: Scalars['String']['output'];
  /** The latest checkStack finding on this resource's physical resource; null when never checked. */
  drift?: Maybe<ResourceDrift>;
  /** Why its last action failed for good (with the number of attempts); kept when a rollback later deletes or replaces it, which overwrites statusReason. Null if it never failed. */
  failureReason?: Maybe<Scalars['String']['output']>;
  /** Stable id of this resource in its version; also the idempotency key given to resource actions. */
  id: Scalars['ID']['output'];
  /** Logical name in the template. */
  name: Scalars['String']['output'];
  /** Resources that depend on this one. */
  neededBy: Array<Resource>;
  /** True once the observer confirmed the real resource is ready. */
  observedReady: Scalars['Boolean']['output'];
  /** The id of the real resource, once created. */
  physicalResourceId?: Maybe<Scalars['String']['output']>;
  /** Properties as resolved when the resource was converged (before that: as written, with parameters applied). */
  properties: Scalars['JSON']['output'];
  /** Resources this one depends on (they are NEEDED_BY it). */
  requires: Array<Resource>;
  /** Failed attempts retried so far by its last create or update; a later delete (e.g. by a rollback) does not reset it. */
  retryCount: Scalars['Int']['output'];
  /** The name of the stack the resource belongs to, when listed through nested stacks (resources(nested: true)); null otherwise. */
  stackName?: Maybe<Scalars['String']['output']>;
  /** Heat's ACTION_STATUS: the last action taken on it and how it went. */
  status: ResourceStatus;
  /** Why it is in its status; for failures, the error of the action. */
  statusReason?: Maybe<Scalars['String']['output']>;
  /** The resource type, e.g. OS::Heat::TestResource (see Query.resourceTypes). */
  type: Scalars['String']['output'];
  /** When the resource last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** The version this resource belongs to. */
  version: Scalars['Int']['output'];
};

/** A resource's change between two versions (or between the stack and a template). */
export type ResourceChange = {
  __typename?: 'ResourceChange';
  /** ADDED, REMOVED, UNCHANGED, UPDATED or REPLACED. */
  change: Scalars['String']['output'];
  /** The resource's name in the template. */
  name: Scalars['String']['output'];
  /** Properties whose value differs. */
  properties: Array<Scalars['String']['output']>;
  /** For REPLACED: why the resource was (or must be) replaced. */
  reason?: Maybe<Scalars['String']['output']>;
  /**
   * True when this is what the engine did, as it recorded when it converged the resource (a
   * version's history, read by `diff`); false when it has not acted on the resource (yet) and the
   * change is what the templates imply (always false in a preview).
   */
  recorded: Scalars['Boolean']['output'];
};

/** A page of a version's resources in dependency order (dependencies first). */
export type ResourceConnection = {
  __typename?: 'ResourceConnection';
  /** The resources of this page, each with its cursor. */
  edges: Array<ResourceEdge>;
  /** Whether more follow, and where this page ends. */
  pageInfo: PageInfo;
};

/** A checkStack finding on one resource. */
export type ResourceDrift = {
  __typename?: 'ResourceDrift';
  /** When the check observed the resource. */
  checkedAt: Scalars['DateTime']['output'];
  /** For MODIFIED: each property that differs (secret properties are never compared; hidden values are masked). */
  differences: Array<PropertyDifference>;
  /** IN_SYNC, MODIFIED, DELETED or NOT_CHECKED. */
  status: DriftStatus;
};

/** One resource of a page, with its position. */
export type ResourceEdge = {
  __typename?: 'ResourceEdge';
  /** Opaque position of this resource, for `after:`. */
  cursor: Scalars['String']['output'];
  /** The resource. */
  node: Resource;
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

/** A resource type the engine can manage. */
export type ResourceType = {
  __typename?: 'ResourceType';
  /** Attribute schemas (what get_attr may read): name -> { description }. */
  attributes: Scalars['JSON']['output'];
  /** What the type manages. */
  description: Scalars['String']['output'];
  /** The name used as `type:` in templates, e.g. OS::Heat::Value. */
  name: Scalars['String']['output'];
  /** Property schemas: name -> { type, required, default, onChange, constraints, description }. */
  properties: Scalars['JSON']['output'];
};

/** Arguments of rollbackStack. */
export type RollbackStackInput = {
  /** The stack's name (unique per tenant among live stacks). */
  name: Scalars['String']['input'];
};

/** Result of rollbackStack. */
export type RollbackStackPayload = {
  __typename?: 'RollbackStackPayload';
  /** The stack as the operation left it (its status says what runs now). */
  stack: Stack;
};

/** A stack: resources declared by a template, converged version after version. */
export type Stack = {
  __typename?: 'Stack';
  /** One version by number (null when there is none). */
  atVersion?: Maybe<StackVersion>;
  /** When the stack was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Opaque cursor for `stacks(after:)`. */
  cursor: Scalars['String']['output'];
  /** DELETE_COMPLETE: the name may be reused; the history stays readable. */
  deleted: Scalars['Boolean']['output'];
  /** What changed between two versions of this stack. */
  diff: StackDiff;
  /** True: a failed create or update stays failed instead of rolling back automatically. */
  disableRollback: Scalars['Boolean']['output'];
  /**
   * Events in sequence order, after the given sequence number (0 = from the start).
   * @deprecated Use eventsConnection(first:, after:).
   */
  events: Array<Event>;
  /** Events in sequence order, a page at a time (`after`: a cursor from this connection). */
  eventsConnection: EventConnection;
  /** The failure of the last create or update: while the stack is failed, and kept through the rollback that undid it (also once that rollback completed). Null when the last create or update succeeded. */
  failureReason?: Maybe<Scalars['String']['output']>;
  /** The ready frontier of the current version: names of resources that are not yet observed ready but whose dependencies all are (claimable or being converged now), in name order. */
  frontier: Array<Scalars['String']['output']>;
  /** Stable id; differs between a deleted stack and a new one with the same name. */
  id: Scalars['ID']['output'];
  /** Sequence number of the newest event: subscribe with `after:` this to see only what follows. */
  lastEventSequence: Scalars['Int']['output'];
  /** The last version that converged completely, which rollback returns to. */
  lastGoodVersion?: Maybe<Scalars['Int']['output']>;
  /** Unique per tenant among live stacks. */
  name: Scalars['String']['output'];
  /** The live nested stacks of this stack, down to `depth` levels (1: its own children), parents before children. */
  nested: Array<Stack>;
  /** Id of the operation (traversal) the stack is on; events carry the operation that caused them. */
  operation?: Maybe<Scalars['ID']['output']>;
  /** Outputs of the current version, resolved from stored attributes (name -> value). Null values until resources are ready. */
  outputs: Scalars['JSON']['output'];
  /** For a nested stack: the stack and the resource that own it; null for a top-level stack. */
  parent?: Maybe<StackParent>;
  /** Resources of the current version observed ready, and how many there are. */
  readiness: Readiness;
  /** One resource of the current version by its name in the template (null when there is none). */
  resource?: Maybe<Resource>;
  /**
   * Resources of the current version, in dependency order (dependencies first). All of them: the
   * cost limit counts them at their real number, so large stacks need resourcesConnection.
   * @deprecated Use resourcesConnection(first:, after:).
   */
  resources: Array<Resource>;
  /**
   * Resources of the current version in dependency order, a page at a time, shown as `resources`
   * shows them: one the current version has not reached yet (after a cancel or a failure elsewhere,
   * or not yet) is its live copy from an older version (status, physical id, that copy's version).
   */
  resourcesConnection: ResourceConnection;
  /** A failed create or update is about to roll back automatically. */
  rollbackPending: Scalars['Boolean']['output'];
  /** Where the stack is, in Heat's ACTION_STATUS form. */
  status: StackStatus;
  /** Why the stack is in its status; for failures, names the failing resource and the reason. */
  statusReason?: Maybe<Scalars['String']['output']>;
  /** An operation not complete within this many seconds fails (null: no limit). */
  timeoutSeconds?: Maybe<Scalars['Int']['output']>;
  /** When the stack last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** The current (target) version number; 1 after create, +1 per update or rollback. */
  version: Scalars['Int']['output'];
  /** Every version, oldest first. */
  versions: Array<StackVersion>;
};


/** A stack: resources declared by a template, converged version after version. */
export type StackAtVersionArgs = {
  number: Scalars['Int']['input'];
};


/** A stack: resources declared by a template, converged version after version. */
export type StackDiffArgs = {
  from: Scalars['Int']['input'];
  to: Scalars['Int']['input'];
};


/** A stack: resources declared by a template, converged version after version. */
export type StackEventsArgs = {
  after?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  nested?: InputMaybe<Scalars['Boolean']['input']>;
};


/** A stack: resources declared by a template, converged version after version. */
export type StackEventsConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A stack: resources declared by a template, converged version after version. */
export type StackNestedArgs = {
  depth?: InputMaybe<Scalars['Int']['input']>;
};


/** A stack: resources declared by a template, converged version after version. */
export type StackResourceArgs = {
  name: Scalars['String']['input'];
};


/** A stack: resources declared by a template, converged version after version. */
export type StackResourcesArgs = {
  nested?: InputMaybe<Scalars['Boolean']['input']>;
};


/** A stack: resources declared by a template, converged version after version. */
export type StackResourcesConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of stacks, ordered by name. */
export type StackConnection = {
  __typename?: 'StackConnection';
  /** The stacks of this page, each with its cursor. */
  edges: Array<StackEdge>;
  /** Whether more follow, and where this page ends. */
  pageInfo: PageInfo;
};

/**
 * What changed between two versions of a stack: for each resource, what the engine recorded it did
 * (created, updated in place, replaced, kept, removed), including changes that flowed through
 * `get_attr` / `get_resource` from other resources; the templates' comparison only where the engine
 * has not acted yet.
 */
export type StackDiff = {
  __typename?: 'StackDiff';
  /** What changed for each resource. */
  changes: Array<ResourceChange>;
  /** The older version. */
  from: Scalars['Int']['output'];
  /** The newer version. */
  to: Scalars['Int']['output'];
};

/** One stack of a page, with its position. */
export type StackEdge = {
  __typename?: 'StackEdge';
  /** Opaque position of this stack, for `after:`. */
  cursor: Scalars['String']['output'];
  /** The stack. */
  node: Stack;
};

/** The owner of a nested stack. */
export type StackParent = {
  __typename?: 'StackParent';
  /** The name of that resource in its stack's template. */
  resource: Scalars['String']['output'];
  /** The stack whose resource owns the nested stack. */
  stack: Stack;
};

/**
 * The outcome of previewStack: the plan an update would run, computed by the same change set the
 * engine applies (a resource carried over as UNCHANGED gets no work item).
 */
export type StackPreview = {
  __typename?: 'StackPreview';
  /** What would happen to each resource (the plan in the older form: ADDED, UPDATED, REPLACED, REMOVED, UNCHANGED). */
  changes: Array<ResourceChange>;
  /** False when no stack has this name: applying would create it. */
  exists: Scalars['Boolean']['output'];
  /** The version the preview compares with (null for a new stack). */
  fromVersion?: Maybe<Scalars['Int']['output']>;
  /** True when applying would change nothing: updateStack would create no version. */
  noChange: Scalars['Boolean']['output'];
  /** Each resource's action as the engine will take it, with old and new values per property, sorted by name. */
  plan: Array<PlannedResourceChange>;
  /** How many resources each action touches. */
  summary: ChangeSummary;
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

/** One version of a stack: the template and parameters it was given, and its resources. */
export type StackVersion = {
  __typename?: 'StackVersion';
  /** CREATE, UPDATE or ROLLBACK. */
  action: Scalars['String']['output'];
  /** When the version was created. */
  createdAt: Scalars['DateTime']['output'];
  /** The template's description. */
  description?: Maybe<Scalars['String']['output']>;
  /** The environments exactly as they were sent, in order. */
  environment: Array<Scalars['String']['output']>;
  /** The files sent with the template (path -> content). */
  files: Scalars['JSON']['output'];
  /** 1 for the create, +1 per update or rollback. */
  number: Scalars['Int']['output'];
  /** Parameters as given (hidden parameters are masked). */
  parameters: Scalars['JSON']['output'];
  /** The resources of this version, in dependency order. */
  resources: Array<Resource>;
  /** Resources of this version in dependency order, a page at a time. */
  resourcesConnection: ResourceConnection;
  /** For a rollback version: the version it returned to. */
  rollbackOf?: Maybe<Scalars['Int']['output']>;
  /** IN_PROGRESS, COMPLETE, FAILED or SUPERSEDED. */
  status: Scalars['String']['output'];
  /** The template as it was sent, with literal secrets (values written for secret properties, hidden parameters' defaults, strings holding one) shown as ******. */
  template: Scalars['String']['output'];
};


/** One version of a stack: the template and parameters it was given, and its resources. */
export type StackVersionResourcesConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Live streams over WebSocket (graphql-ws protocol, on the same path as HTTP). */
export type Subscription = {
  __typename?: 'Subscription';
  /** Readiness counts of a stack's current version, first the current counts, then one update per change. */
  resourceReadiness: ReadinessUpdate;
  /**
   * Events of a stack as they are committed. With `after`, events after that sequence number are replayed
   * first (0 = the whole history), then live ones follow, with no gap and no duplicate.
   */
  stackEvents: Event;
};


/** Live streams over WebSocket (graphql-ws protocol, on the same path as HTTP). */
export type SubscriptionResourceReadinessArgs = {
  name: Scalars['String']['input'];
  nested?: InputMaybe<Scalars['Boolean']['input']>;
};


/** Live streams over WebSocket (graphql-ws protocol, on the same path as HTTP). */
export type SubscriptionStackEventsArgs = {
  after?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  nested?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A parameter the template declares. */
export type TemplateParameter = {
  __typename?: 'TemplateParameter';
  /** Each constraint as the template writes it, e.g. {range: {min: 1}, description: ...}. */
  constraints: Array<Scalars['JSON']['output']>;
  /** The default, after the environments' parameter_defaults; ****** when the parameter is hidden; null when there is none. */
  default?: Maybe<Scalars['JSON']['output']>;
  /** The parameter's description, if any. */
  description?: Maybe<Scalars['String']['output']>;
  /** True for hidden: true, or when an environment lists it in encrypted_param_names. */
  hidden: Scalars['Boolean']['output'];
  /** True when a stack update may not change the value. */
  immutable: Scalars['Boolean']['output'];
  /** The parameter's label, if any. */
  label?: Maybe<Scalars['String']['output']>;
  /** The parameter's name. */
  name: Scalars['String']['output'];
  /** string, number, boolean, json or comma_delimited_list. */
  type: Scalars['String']['output'];
};

/** A group of parameters (parameter_groups). */
export type TemplateParameterGroup = {
  __typename?: 'TemplateParameterGroup';
  /** The group's description, if any. */
  description?: Maybe<Scalars['String']['output']>;
  /** The group's label, if any. */
  label?: Maybe<Scalars['String']['output']>;
  /** The parameters in the group, in order. */
  parameters: Array<Scalars['String']['output']>;
};

/** One problem in a template, with where it is. */
export type TemplateProblem = {
  __typename?: 'TemplateProblem';
  /** A stable code, e.g. UNKNOWN_RESOURCE_TYPE or MISSING_RESOURCE (see the README). */
  code: Scalars['String']['output'];
  /** 1-based column in the template text, when known. */
  column?: Maybe<Scalars['Int']['output']>;
  /** 1-based line in the template text, when known. */
  line?: Maybe<Scalars['Int']['output']>;
  /** What is wrong, in words. */
  message: Scalars['String']['output'];
  /** Dotted location, e.g. resources.web.properties.image */
  path: Scalars['String']['output'];
};

/** The outcome of validateTemplate. */
export type TemplateValidation = {
  __typename?: 'TemplateValidation';
  /** The template's parameter_groups, for user interfaces. */
  parameterGroups: Array<TemplateParameterGroup>;
  /** The declared parameters, in template order (as Heat's template validate lists them); given even when the template has problems. */
  parameters: Array<TemplateParameter>;
  /** Every problem found, each with where it is. */
  problems: Array<TemplateProblem>;
  /** Resource names in dependency order, when valid. */
  resources: Array<Scalars['String']['output']>;
  /** True when there is no problem. */
  valid: Scalars['Boolean']['output'];
  /** What Heat accepts silently but you should know about. */
  warnings: Array<TemplateWarning>;
};

/** Something a template does that Heat accepts but that deserves attention (e.g. DUPLICATE_KEY, UNKNOWN_CUSTOM_CONSTRAINT). */
export type TemplateWarning = {
  __typename?: 'TemplateWarning';
  /** A stable code. */
  code: Scalars['String']['output'];
  /** 1-based column, when known. */
  column?: Maybe<Scalars['Int']['output']>;
  /** 1-based line, when known. */
  line?: Maybe<Scalars['Int']['output']>;
  /** What to know, in words. */
  message: Scalars['String']['output'];
  /** Dotted location. */
  path: Scalars['String']['output'];
};

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

/** Result of updateStack. */
export type UpdateStackPayload = {
  __typename?: 'UpdateStackPayload';
  /**
   * False when the update changed nothing (the same template, environments, files and parameters
   * as the current version, every resource unchanged, the stack complete): no version was created
   * and nothing runs.
   */
  changed: Scalars['Boolean']['output'];
  /** A sentence saying what the update did ("No changes: ..." when changed is false). */
  message: Scalars['String']['output'];
  /** The stack as the operation left it (its status says what runs now). */
  stack: Stack;
  /** What Heat accepts silently but you should know about. */
  warnings: Array<TemplateWarning>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AbandonStackInput: AbandonStackInput;
  AbandonStackPayload: ResolverTypeWrapper<Omit<AbandonStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CancelStackUpdateInput: CancelStackUpdateInput;
  CancelStackUpdatePayload: ResolverTypeWrapper<Omit<CancelStackUpdatePayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  ChangeSummary: ResolverTypeWrapper<ChangeSummary>;
  CheckStackInput: CheckStackInput;
  CheckStackPayload: ResolverTypeWrapper<Omit<CheckStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  CreateStackInput: CreateStackInput;
  CreateStackPayload: ResolverTypeWrapper<Omit<CreateStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteStackInput: DeleteStackInput;
  DeleteStackPayload: ResolverTypeWrapper<Omit<DeleteStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  DriftStatus: DriftStatus;
  Event: ResolverTypeWrapper<StoredEvent>;
  EventConnection: ResolverTypeWrapper<Omit<EventConnection, 'edges'> & { edges: Array<ResolversTypes['EventEdge']> }>;
  EventEdge: ResolverTypeWrapper<Omit<EventEdge, 'node'> & { node: ResolversTypes['Event'] }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PlannedAction: PlannedAction;
  PlannedPropertyChange: ResolverTypeWrapper<PlannedPropertyChange>;
  PlannedResourceChange: ResolverTypeWrapper<PlannedResourceChange>;
  PropertyDifference: ResolverTypeWrapper<PropertyDifference>;
  PurgeStackInput: PurgeStackInput;
  PurgeStackPayload: ResolverTypeWrapper<Omit<PurgeStackPayload, 'stack'> & { stack?: Maybe<ResolversTypes['Stack']> }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Readiness: ResolverTypeWrapper<Readiness>;
  ReadinessUpdate: ResolverTypeWrapper<ReadinessUpdate>;
  Resource: ResolverTypeWrapper<ResourceRecord>;
  ResourceChange: ResolverTypeWrapper<ResourceChange>;
  ResourceConnection: ResolverTypeWrapper<Omit<ResourceConnection, 'edges'> & { edges: Array<ResolversTypes['ResourceEdge']> }>;
  ResourceDrift: ResolverTypeWrapper<ResourceDrift>;
  ResourceEdge: ResolverTypeWrapper<Omit<ResourceEdge, 'node'> & { node: ResolversTypes['Resource'] }>;
  ResourceStatus: ResourceStatus;
  ResourceType: ResolverTypeWrapper<ResourceType>;
  RollbackStackInput: RollbackStackInput;
  RollbackStackPayload: ResolverTypeWrapper<Omit<RollbackStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  Stack: ResolverTypeWrapper<StackRecord>;
  StackConnection: ResolverTypeWrapper<Omit<StackConnection, 'edges'> & { edges: Array<ResolversTypes['StackEdge']> }>;
  StackDiff: ResolverTypeWrapper<StackDiff>;
  StackEdge: ResolverTypeWrapper<Omit<StackEdge, 'node'> & { node: ResolversTypes['Stack'] }>;
  StackParent: ResolverTypeWrapper<Omit<StackParent, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  StackPreview: ResolverTypeWrapper<StackPreview>;
  StackStatus: StackStatus;
  StackVersion: ResolverTypeWrapper<VersionRecord>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TemplateParameter: ResolverTypeWrapper<TemplateParameter>;
  TemplateParameterGroup: ResolverTypeWrapper<TemplateParameterGroup>;
  TemplateProblem: ResolverTypeWrapper<TemplateProblem>;
  TemplateValidation: ResolverTypeWrapper<TemplateValidation>;
  TemplateWarning: ResolverTypeWrapper<TemplateWarning>;
  UpdateStackInput: UpdateStackInput;
  UpdateStackPayload: ResolverTypeWrapper<Omit<UpdateStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AbandonStackInput: AbandonStackInput;
  AbandonStackPayload: Omit<AbandonStackPayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
  Boolean: Scalars['Boolean']['output'];
  CancelStackUpdateInput: CancelStackUpdateInput;
  CancelStackUpdatePayload: Omit<CancelStackUpdatePayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
  ChangeSummary: ChangeSummary;
  CheckStackInput: CheckStackInput;
  CheckStackPayload: Omit<CheckStackPayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
  CreateStackInput: CreateStackInput;
  CreateStackPayload: Omit<CreateStackPayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
  DateTime: Scalars['DateTime']['output'];
  DeleteStackInput: DeleteStackInput;
  DeleteStackPayload: Omit<DeleteStackPayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
  Event: StoredEvent;
  EventConnection: Omit<EventConnection, 'edges'> & { edges: Array<ResolversParentTypes['EventEdge']> };
  EventEdge: Omit<EventEdge, 'node'> & { node: ResolversParentTypes['Event'] };
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  PlannedPropertyChange: PlannedPropertyChange;
  PlannedResourceChange: PlannedResourceChange;
  PropertyDifference: PropertyDifference;
  PurgeStackInput: PurgeStackInput;
  PurgeStackPayload: Omit<PurgeStackPayload, 'stack'> & { stack?: Maybe<ResolversParentTypes['Stack']> };
  Query: Record<PropertyKey, never>;
  Readiness: Readiness;
  ReadinessUpdate: ReadinessUpdate;
  Resource: ResourceRecord;
  ResourceChange: ResourceChange;
  ResourceConnection: Omit<ResourceConnection, 'edges'> & { edges: Array<ResolversParentTypes['ResourceEdge']> };
  ResourceDrift: ResourceDrift;
  ResourceEdge: Omit<ResourceEdge, 'node'> & { node: ResolversParentTypes['Resource'] };
  ResourceType: ResourceType;
  RollbackStackInput: RollbackStackInput;
  RollbackStackPayload: Omit<RollbackStackPayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
  Stack: StackRecord;
  StackConnection: Omit<StackConnection, 'edges'> & { edges: Array<ResolversParentTypes['StackEdge']> };
  StackDiff: StackDiff;
  StackEdge: Omit<StackEdge, 'node'> & { node: ResolversParentTypes['Stack'] };
  StackParent: Omit<StackParent, 'stack'> & { stack: ResolversParentTypes['Stack'] };
  StackPreview: StackPreview;
  StackVersion: VersionRecord;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  TemplateParameter: TemplateParameter;
  TemplateParameterGroup: TemplateParameterGroup;
  TemplateProblem: TemplateProblem;
  TemplateValidation: TemplateValidation;
  TemplateWarning: TemplateWarning;
  UpdateStackInput: UpdateStackInput;
  UpdateStackPayload: Omit<UpdateStackPayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
};

export type AbandonStackPayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AbandonStackPayload'] = ResolversParentTypes['AbandonStackPayload']> = {
  adoptData?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
};

export type CancelStackUpdatePayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CancelStackUpdatePayload'] = ResolversParentTypes['CancelStackUpdatePayload']> = {
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
};

export type ChangeSummaryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ChangeSummary'] = ResolversParentTypes['ChangeSummary']> = {
  add?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  delete?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  replace?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unchanged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  update?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CheckStackPayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CheckStackPayload'] = ResolversParentTypes['CheckStackPayload']> = {
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
};

export type CreateStackPayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CreateStackPayload'] = ResolversParentTypes['CreateStackPayload']> = {
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['TemplateWarning']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteStackPayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['DeleteStackPayload'] = ResolversParentTypes['DeleteStackPayload']> = {
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
};

export type EventResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Event'] = ResolversParentTypes['Event']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  observedReady?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  operation?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  physicalResourceId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resourceId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  resourceName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sequence?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  stackId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  stackName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type EventConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['EventConnection'] = ResolversParentTypes['EventConnection']> = {
  edges?: Resolver<Array<ResolversTypes['EventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type EventEdgeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['EventEdge'] = ResolversParentTypes['EventEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  abandonStack?: Resolver<ResolversTypes['AbandonStackPayload'], ParentType, ContextType, RequireFields<MutationAbandonStackArgs, 'input'>>;
  cancelStackUpdate?: Resolver<ResolversTypes['CancelStackUpdatePayload'], ParentType, ContextType, RequireFields<MutationCancelStackUpdateArgs, 'input'>>;
  checkStack?: Resolver<ResolversTypes['CheckStackPayload'], ParentType, ContextType, RequireFields<MutationCheckStackArgs, 'input'>>;
  createStack?: Resolver<ResolversTypes['CreateStackPayload'], ParentType, ContextType, RequireFields<MutationCreateStackArgs, 'input'>>;
  deleteStack?: Resolver<ResolversTypes['DeleteStackPayload'], ParentType, ContextType, RequireFields<MutationDeleteStackArgs, 'input'>>;
  purgeStack?: Resolver<ResolversTypes['PurgeStackPayload'], ParentType, ContextType, RequireFields<MutationPurgeStackArgs, 'input'>>;
  rollbackStack?: Resolver<ResolversTypes['RollbackStackPayload'], ParentType, ContextType, RequireFields<MutationRollbackStackArgs, 'input'>>;
  updateStack?: Resolver<ResolversTypes['UpdateStackPayload'], ParentType, ContextType, RequireFields<MutationUpdateStackArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PlannedPropertyChangeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PlannedPropertyChange'] = ResolversParentTypes['PlannedPropertyChange']> = {
  forcesReplacement?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  knownAfterApply?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  new?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  old?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
};

export type PlannedResourceChangeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PlannedResourceChange'] = ResolversParentTypes['PlannedResourceChange']> = {
  action?: Resolver<ResolversTypes['PlannedAction'], ParentType, ContextType>;
  knownAfterApply?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  properties?: Resolver<Array<ResolversTypes['PlannedPropertyChange']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PropertyDifferenceResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PropertyDifference'] = ResolversParentTypes['PropertyDifference']> = {
  actual?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  expected?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  property?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PurgeStackPayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PurgeStackPayload'] = ResolversParentTypes['PurgeStackPayload']> = {
  purged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  stack?: Resolver<Maybe<ResolversTypes['Stack']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  previewStack?: Resolver<ResolversTypes['StackPreview'], ParentType, ContextType, RequireFields<QueryPreviewStackArgs, 'name'>>;
  resourceTypes?: Resolver<Array<ResolversTypes['ResourceType']>, ParentType, ContextType>;
  stack?: Resolver<Maybe<ResolversTypes['Stack']>, ParentType, ContextType, RequireFields<QueryStackArgs, 'name'>>;
  stacks?: Resolver<Array<ResolversTypes['Stack']>, ParentType, ContextType, RequireFields<QueryStacksArgs, 'first' | 'includeDeleted'>>;
  stacksConnection?: Resolver<ResolversTypes['StackConnection'], ParentType, ContextType, RequireFields<QueryStacksConnectionArgs, 'includeDeleted'>>;
  validateTemplate?: Resolver<ResolversTypes['TemplateValidation'], ParentType, ContextType, RequireFields<QueryValidateTemplateArgs, 'template'>>;
};

export type ReadinessResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Readiness'] = ResolversParentTypes['Readiness']> = {
  ready?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ReadinessUpdateResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ReadinessUpdate'] = ResolversParentTypes['ReadinessUpdate']> = {
  justReady?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  ready?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['StackStatus'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ResourceResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Resource'] = ResolversParentTypes['Resource']> = {
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  definition?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  deletionPolicy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  drift?: Resolver<Maybe<ResolversTypes['ResourceDrift']>, ParentType, ContextType>;
  failureReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  neededBy?: Resolver<Array<ResolversTypes['Resource']>, ParentType, ContextType>;
  observedReady?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  physicalResourceId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  properties?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  requires?: Resolver<Array<ResolversTypes['Resource']>, ParentType, ContextType>;
  retryCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  stackName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ResourceStatus'], ParentType, ContextType>;
  statusReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ResourceChangeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ResourceChange'] = ResolversParentTypes['ResourceChange']> = {
  change?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  properties?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  recorded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ResourceConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ResourceConnection'] = ResolversParentTypes['ResourceConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ResourceEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type ResourceDriftResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ResourceDrift'] = ResolversParentTypes['ResourceDrift']> = {
  checkedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  differences?: Resolver<Array<ResolversTypes['PropertyDifference']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['DriftStatus'], ParentType, ContextType>;
};

export type ResourceEdgeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ResourceEdge'] = ResolversParentTypes['ResourceEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Resource'], ParentType, ContextType>;
};

export type ResourceTypeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ResourceType'] = ResolversParentTypes['ResourceType']> = {
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  properties?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
};

export type RollbackStackPayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['RollbackStackPayload'] = ResolversParentTypes['RollbackStackPayload']> = {
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
};

export type StackResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Stack'] = ResolversParentTypes['Stack']> = {
  atVersion?: Resolver<Maybe<ResolversTypes['StackVersion']>, ParentType, ContextType, RequireFields<StackAtVersionArgs, 'number'>>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deleted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  diff?: Resolver<ResolversTypes['StackDiff'], ParentType, ContextType, RequireFields<StackDiffArgs, 'from' | 'to'>>;
  disableRollback?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType, RequireFields<StackEventsArgs, 'after' | 'first' | 'nested'>>;
  eventsConnection?: Resolver<ResolversTypes['EventConnection'], ParentType, ContextType, Partial<StackEventsConnectionArgs>>;
  failureReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  frontier?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastEventSequence?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastGoodVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nested?: Resolver<Array<ResolversTypes['Stack']>, ParentType, ContextType, RequireFields<StackNestedArgs, 'depth'>>;
  operation?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  outputs?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['StackParent']>, ParentType, ContextType>;
  readiness?: Resolver<ResolversTypes['Readiness'], ParentType, ContextType>;
  resource?: Resolver<Maybe<ResolversTypes['Resource']>, ParentType, ContextType, RequireFields<StackResourceArgs, 'name'>>;
  resources?: Resolver<Array<ResolversTypes['Resource']>, ParentType, ContextType, RequireFields<StackResourcesArgs, 'nested'>>;
  resourcesConnection?: Resolver<ResolversTypes['ResourceConnection'], ParentType, ContextType, Partial<StackResourcesConnectionArgs>>;
  rollbackPending?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['StackStatus'], ParentType, ContextType>;
  statusReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  timeoutSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['StackVersion']>, ParentType, ContextType>;
};

export type StackConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StackConnection'] = ResolversParentTypes['StackConnection']> = {
  edges?: Resolver<Array<ResolversTypes['StackEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type StackDiffResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StackDiff'] = ResolversParentTypes['StackDiff']> = {
  changes?: Resolver<Array<ResolversTypes['ResourceChange']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type StackEdgeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StackEdge'] = ResolversParentTypes['StackEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
};

export type StackParentResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StackParent'] = ResolversParentTypes['StackParent']> = {
  resource?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
};

export type StackPreviewResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StackPreview'] = ResolversParentTypes['StackPreview']> = {
  changes?: Resolver<Array<ResolversTypes['ResourceChange']>, ParentType, ContextType>;
  exists?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fromVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  noChange?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  plan?: Resolver<Array<ResolversTypes['PlannedResourceChange']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['ChangeSummary'], ParentType, ContextType>;
};

export type StackVersionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StackVersion'] = ResolversParentTypes['StackVersion']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  environment?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  files?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  parameters?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  resources?: Resolver<Array<ResolversTypes['Resource']>, ParentType, ContextType>;
  resourcesConnection?: Resolver<ResolversTypes['ResourceConnection'], ParentType, ContextType, Partial<StackVersionResourcesConnectionArgs>>;
  rollbackOf?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  template?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  resourceReadiness?: SubscriptionResolver<ResolversTypes['ReadinessUpdate'], "resourceReadiness", ParentType, ContextType, RequireFields<SubscriptionResourceReadinessArgs, 'name' | 'nested'>>;
  stackEvents?: SubscriptionResolver<ResolversTypes['Event'], "stackEvents", ParentType, ContextType, RequireFields<SubscriptionStackEventsArgs, 'name' | 'nested'>>;
};

export type TemplateParameterResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TemplateParameter'] = ResolversParentTypes['TemplateParameter']> = {
  constraints?: Resolver<Array<ResolversTypes['JSON']>, ParentType, ContextType>;
  default?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hidden?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  immutable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TemplateParameterGroupResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TemplateParameterGroup'] = ResolversParentTypes['TemplateParameterGroup']> = {
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  parameters?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type TemplateProblemResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TemplateProblem'] = ResolversParentTypes['TemplateProblem']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  column?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  line?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TemplateValidationResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TemplateValidation'] = ResolversParentTypes['TemplateValidation']> = {
  parameterGroups?: Resolver<Array<ResolversTypes['TemplateParameterGroup']>, ParentType, ContextType>;
  parameters?: Resolver<Array<ResolversTypes['TemplateParameter']>, ParentType, ContextType>;
  problems?: Resolver<Array<ResolversTypes['TemplateProblem']>, ParentType, ContextType>;
  resources?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  valid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['TemplateWarning']>, ParentType, ContextType>;
};

export type TemplateWarningResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TemplateWarning'] = ResolversParentTypes['TemplateWarning']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  column?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  line?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type UpdateStackPayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['UpdateStackPayload'] = ResolversParentTypes['UpdateStackPayload']> = {
  changed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['TemplateWarning']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = ApiContext> = {
  AbandonStackPayload?: AbandonStackPayloadResolvers<ContextType>;
  CancelStackUpdatePayload?: CancelStackUpdatePayloadResolvers<ContextType>;
  ChangeSummary?: ChangeSummaryResolvers<ContextType>;
  CheckStackPayload?: CheckStackPayloadResolvers<ContextType>;
  CreateStackPayload?: CreateStackPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteStackPayload?: DeleteStackPayloadResolvers<ContextType>;
  Event?: EventResolvers<ContextType>;
  EventConnection?: EventConnectionResolvers<ContextType>;
  EventEdge?: EventEdgeResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PlannedPropertyChange?: PlannedPropertyChangeResolvers<ContextType>;
  PlannedResourceChange?: PlannedResourceChangeResolvers<ContextType>;
  PropertyDifference?: PropertyDifferenceResolvers<ContextType>;
  PurgeStackPayload?: PurgeStackPayloadResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Readiness?: ReadinessResolvers<ContextType>;
  ReadinessUpdate?: ReadinessUpdateResolvers<ContextType>;
  Resource?: ResourceResolvers<ContextType>;
  ResourceChange?: ResourceChangeResolvers<ContextType>;
  ResourceConnection?: ResourceConnectionResolvers<ContextType>;
  ResourceDrift?: ResourceDriftResolvers<ContextType>;
  ResourceEdge?: ResourceEdgeResolvers<ContextType>;
  ResourceType?: ResourceTypeResolvers<ContextType>;
  RollbackStackPayload?: RollbackStackPayloadResolvers<ContextType>;
  Stack?: StackResolvers<ContextType>;
  StackConnection?: StackConnectionResolvers<ContextType>;
  StackDiff?: StackDiffResolvers<ContextType>;
  StackEdge?: StackEdgeResolvers<ContextType>;
  StackParent?: StackParentResolvers<ContextType>;
  StackPreview?: StackPreviewResolvers<ContextType>;
  StackVersion?: StackVersionResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TemplateParameter?: TemplateParameterResolvers<ContextType>;
  TemplateParameterGroup?: TemplateParameterGroupResolvers<ContextType>;
  TemplateProblem?: TemplateProblemResolvers<ContextType>;
  TemplateValidation?: TemplateValidationResolvers<ContextType>;
  TemplateWarning?: TemplateWarningResolvers<ContextType>;
  UpdateStackPayload?: UpdateStackPayloadResolvers<ContextType>;
};

