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

export type CancelStackUpdateInput = {
  name: Scalars['String']['input'];
  rollback?: InputMaybe<Scalars['Boolean']['input']>;
};

export type CancelStackUpdatePayload = {
  __typename?: 'CancelStackUpdatePayload';
  stack: Stack;
};

export type CreateStackInput = {
  /** When true, a failed create stays failed instead of rolling back. */
  disableRollback?: InputMaybe<Scalars['Boolean']['input']>;
  name: Scalars['String']['input'];
  /** Parameter values by name. */
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  /** A HOT template, YAML or JSON. */
  template: Scalars['String']['input'];
  /** The create fails if not complete within this many seconds. */
  timeoutSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type CreateStackPayload = {
  __typename?: 'CreateStackPayload';
  stack: Stack;
};

export type DeleteStackInput = {
  name: Scalars['String']['input'];
};

export type DeleteStackPayload = {
  __typename?: 'DeleteStackPayload';
  stack: Stack;
};

/** A state change of a stack (resourceName null) or of one of its resources. */
export type Event = {
  __typename?: 'Event';
  at: Scalars['DateTime']['output'];
  observedReady?: Maybe<Scalars['Boolean']['output']>;
  /** The operation (traversal) that caused the event; see Stack.operation. */
  operation?: Maybe<Scalars['ID']['output']>;
  physicalResourceId?: Maybe<Scalars['String']['output']>;
  reason?: Maybe<Scalars['String']['output']>;
  resourceId?: Maybe<Scalars['ID']['output']>;
  resourceName?: Maybe<Scalars['String']['output']>;
  /** Per-stack sequence number: gap-free and increasing. */
  sequence: Scalars['Int']['output'];
  /** The new status (a StackStatus or ResourceStatus value). */
  status: Scalars['String']['output'];
  /** STACK or RESOURCE. */
  type: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

/** A page of a stack's events in sequence order. */
export type EventConnection = {
  __typename?: 'EventConnection';
  edges: Array<EventEdge>;
  pageInfo: PageInfo;
};

export type EventEdge = {
  __typename?: 'EventEdge';
  /** Opaque position of this event, for `after:`. */
  cursor: Scalars['String']['output'];
  node: Event;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Stops a running create or update; with rollback: true, rolls back instead. */
  cancelStackUpdate: CancelStackUpdatePayload;
  /** Validates the template, persists version 1 of a new stack and starts converging it. */
  createStack: CreateStackPayload;
  /** Deletes every physical resource the stack owns (any time, also during a create or update). */
  deleteStack: DeleteStackPayload;
  /** Removes the history (versions, resources, events) of deleted stacks with this name. Live stacks are refused. */
  purgeStack: PurgeStackPayload;
  /** Converges back to the last good version (to nothing after a failed first create). */
  rollbackStack: RollbackStackPayload;
  /** Persists a new version and converges to it, superseding any operation in progress. */
  updateStack: UpdateStackPayload;
};


export type MutationCancelStackUpdateArgs = {
  input: CancelStackUpdateInput;
};


export type MutationCreateStackArgs = {
  input: CreateStackInput;
};


export type MutationDeleteStackArgs = {
  input: DeleteStackInput;
};


export type MutationPurgeStackArgs = {
  input: PurgeStackInput;
};


export type MutationRollbackStackArgs = {
  input: RollbackStackInput;
};


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

export type PurgeStackInput = {
  name: Scalars['String']['input'];
};

export type PurgeStackPayload = {
  __typename?: 'PurgeStackPayload';
  /** Deleted stacks whose history was removed. */
  purged: Scalars['Int']['output'];
  /** Always null: the stack no longer exists. */
  stack?: Maybe<Stack>;
};

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


export type QueryPreviewStackArgs = {
  name: Scalars['String']['input'];
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  template?: InputMaybe<Scalars['String']['input']>;
};


export type QueryStackArgs = {
  name: Scalars['String']['input'];
};


export type QueryStacksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeDeleted?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryStacksConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeDeleted?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryValidateTemplateArgs = {
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  template: Scalars['String']['input'];
};

export type Readiness = {
  __typename?: 'Readiness';
  ready: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

/** Progress of a stack's current version. */
export type ReadinessUpdate = {
  __typename?: 'ReadinessUpdate';
  /** Resources that became ready since the previous update. */
  justReady: Array<Scalars['String']['output']>;
  ready: Scalars['Int']['output'];
  status: StackStatus;
  total: Scalars['Int']['output'];
};

export type Resource = {
  __typename?: 'Resource';
  attributes: Scalars['JSON']['output'];
  /** The resource as written in the template. */
  definition: Scalars['JSON']['output'];
  deletionPolicy: Scalars['String']['output'];
  /** Stable id of this resource in its version; also the idempotency key given to resource actions. */
  id: Scalars['ID']['output'];
  /** Logical name in the template. */
  name: Scalars['String']['output'];
  /** Resources that depend on this one. */
  neededBy: Array<Resource>;
  /** True once the observer confirmed the real resource is ready. */
  observedReady: Scalars['Boolean']['output'];
  physicalResourceId?: Maybe<Scalars['String']['output']>;
  /** Properties as resolved when the resource was converged (before that: as written, with parameters applied). */
  properties: Scalars['JSON']['output'];
  /** Resources this one depends on (they are NEEDED_BY it). */
  requires: Array<Resource>;
  /** Failed attempts retried so far. */
  retryCount: Scalars['Int']['output'];
  status: ResourceStatus;
  statusReason?: Maybe<Scalars['String']['output']>;
  type: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** The version this resource belongs to. */
  version: Scalars['Int']['output'];
};

export type ResourceChange = {
  __typename?: 'ResourceChange';
  /** ADDED, REMOVED, UNCHANGED, UPDATED or REPLACED. */
  change: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** Properties whose value differs. */
  properties: Array<Scalars['String']['output']>;
  /** For REPLACED: why the resource must be replaced. */
  reason?: Maybe<Scalars['String']['output']>;
};

/** A page of a version's resources in dependency order (dependencies first). */
export type ResourceConnection = {
  __typename?: 'ResourceConnection';
  edges: Array<ResourceEdge>;
  pageInfo: PageInfo;
};

export type ResourceEdge = {
  __typename?: 'ResourceEdge';
  /** Opaque position of this resource, for `after:`. */
  cursor: Scalars['String']['output'];
  node: Resource;
};

/** Heat's ACTION_STATUS form for resources; a resource starts at INIT_COMPLETE. */
export type ResourceStatus =
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'CREATE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'INIT_COMPLETE'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'UPDATE_IN_PROGRESS';

export type ResourceType = {
  __typename?: 'ResourceType';
  attributes: Scalars['JSON']['output'];
  description: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** Property schemas: name -> { type, required, default, onChange, constraints, description }. */
  properties: Scalars['JSON']['output'];
};

export type RollbackStackInput = {
  name: Scalars['String']['input'];
};

export type RollbackStackPayload = {
  __typename?: 'RollbackStackPayload';
  stack: Stack;
};

export type Stack = {
  __typename?: 'Stack';
  /** One version by number (null when there is none). */
  atVersion?: Maybe<StackVersion>;
  createdAt: Scalars['DateTime']['output'];
  /** Opaque cursor for `stacks(after:)`. */
  cursor: Scalars['String']['output'];
  /** DELETE_COMPLETE: the name may be reused; the history stays readable. */
  deleted: Scalars['Boolean']['output'];
  /** What changed between two versions of this stack. */
  diff: StackDiff;
  disableRollback: Scalars['Boolean']['output'];
  /**
   * Events in sequence order, after the given sequence number (0 = from the start).
   * @deprecated Use eventsConnection(first:, after:).
   */
  events: Array<Event>;
  /** Events in sequence order, a page at a time (`after`: a cursor from this connection). */
  eventsConnection: EventConnection;
  id: Scalars['ID']['output'];
  /** Sequence number of the newest event: subscribe with `after:` this to see only what follows. */
  lastEventSequence: Scalars['Int']['output'];
  /** The last version that converged completely, which rollback returns to. */
  lastGoodVersion?: Maybe<Scalars['Int']['output']>;
  name: Scalars['String']['output'];
  /** Id of the operation (traversal) the stack is on; events carry the operation that caused them. */
  operation?: Maybe<Scalars['ID']['output']>;
  /** Outputs of the current version, resolved from stored attributes (name -> value). Null values until resources are ready. */
  outputs: Scalars['JSON']['output'];
  /** Resources of the current version observed ready, and how many there are. */
  readiness: Readiness;
  resource?: Maybe<Resource>;
  /**
   * Resources of the current version, in dependency order (dependencies first). All of them: the
   * cost limit counts them at their real number, so large stacks need resourcesConnection.
   * @deprecated Use resourcesConnection(first:, after:).
   */
  resources: Array<Resource>;
  /** Resources of the current version in dependency order, a page at a time. */
  resourcesConnection: ResourceConnection;
  /** A failed create or update is about to roll back automatically. */
  rollbackPending: Scalars['Boolean']['output'];
  status: StackStatus;
  /** Why the stack is in its status; for failures, names the failing resource and the reason. */
  statusReason?: Maybe<Scalars['String']['output']>;
  timeoutSeconds?: Maybe<Scalars['Int']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  /** The current (target) version number; 1 after create, +1 per update or rollback. */
  version: Scalars['Int']['output'];
  versions: Array<StackVersion>;
};


export type StackAtVersionArgs = {
  number: Scalars['Int']['input'];
};


export type StackDiffArgs = {
  from: Scalars['Int']['input'];
  to: Scalars['Int']['input'];
};


export type StackEventsArgs = {
  after?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type StackEventsConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type StackResourceArgs = {
  name: Scalars['String']['input'];
};


export type StackResourcesConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of stacks, ordered by name. */
export type StackConnection = {
  __typename?: 'StackConnection';
  edges: Array<StackEdge>;
  pageInfo: PageInfo;
};

export type StackDiff = {
  __typename?: 'StackDiff';
  changes: Array<ResourceChange>;
  from: Scalars['Int']['output'];
  to: Scalars['Int']['output'];
};

export type StackEdge = {
  __typename?: 'StackEdge';
  /** Opaque position of this stack, for `after:`. */
  cursor: Scalars['String']['output'];
  node: Stack;
};

export type StackPreview = {
  __typename?: 'StackPreview';
  changes: Array<ResourceChange>;
  /** False when no stack has this name: applying would create it. */
  exists: Scalars['Boolean']['output'];
  /** The version the preview compares with (null for a new stack). */
  fromVersion?: Maybe<Scalars['Int']['output']>;
};

/** Heat's ACTION_STATUS form for stacks. */
export type StackStatus =
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'CREATE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'INIT_COMPLETE'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'UPDATE_IN_PROGRESS';

export type StackVersion = {
  __typename?: 'StackVersion';
  /** CREATE, UPDATE or ROLLBACK. */
  action: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  number: Scalars['Int']['output'];
  /** Parameters as given (hidden parameters are masked). */
  parameters: Scalars['JSON']['output'];
  resources: Array<Resource>;
  /** Resources of this version in dependency order, a page at a time. */
  resourcesConnection: ResourceConnection;
  /** For a rollback version: the version it returned to. */
  rollbackOf?: Maybe<Scalars['Int']['output']>;
  /** IN_PROGRESS, COMPLETE, FAILED or SUPERSEDED. */
  status: Scalars['String']['output'];
  template: Scalars['String']['output'];
};


export type StackVersionResourcesConnectionArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

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


export type SubscriptionResourceReadinessArgs = {
  name: Scalars['String']['input'];
};


export type SubscriptionStackEventsArgs = {
  after?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
};

/** One problem in a template, with where it is. */
export type TemplateProblem = {
  __typename?: 'TemplateProblem';
  code: Scalars['String']['output'];
  column?: Maybe<Scalars['Int']['output']>;
  line?: Maybe<Scalars['Int']['output']>;
  message: Scalars['String']['output'];
  /** Dotted location, e.g. resources.web.properties.image */
  path: Scalars['String']['output'];
};

export type TemplateValidation = {
  __typename?: 'TemplateValidation';
  problems: Array<TemplateProblem>;
  /** Resource names in dependency order, when valid. */
  resources: Array<Scalars['String']['output']>;
  valid: Scalars['Boolean']['output'];
};

export type UpdateStackInput = {
  disableRollback?: InputMaybe<Scalars['Boolean']['input']>;
  /** When given, the update fails with VERSION_CONFLICT unless the stack is at this version. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  /** The new template; omit to keep the current one and change only parameters (merged into the current ones). */
  template?: InputMaybe<Scalars['String']['input']>;
  timeoutSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type UpdateStackPayload = {
  __typename?: 'UpdateStackPayload';
  stack: Stack;
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
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CancelStackUpdateInput: CancelStackUpdateInput;
  CancelStackUpdatePayload: ResolverTypeWrapper<Omit<CancelStackUpdatePayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  CreateStackInput: CreateStackInput;
  CreateStackPayload: ResolverTypeWrapper<Omit<CreateStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteStackInput: DeleteStackInput;
  DeleteStackPayload: ResolverTypeWrapper<Omit<DeleteStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  Event: ResolverTypeWrapper<StoredEvent>;
  EventConnection: ResolverTypeWrapper<Omit<EventConnection, 'edges'> & { edges: Array<ResolversTypes['EventEdge']> }>;
  EventEdge: ResolverTypeWrapper<Omit<EventEdge, 'node'> & { node: ResolversTypes['Event'] }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PurgeStackInput: PurgeStackInput;
  PurgeStackPayload: ResolverTypeWrapper<Omit<PurgeStackPayload, 'stack'> & { stack?: Maybe<ResolversTypes['Stack']> }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Readiness: ResolverTypeWrapper<Readiness>;
  ReadinessUpdate: ResolverTypeWrapper<ReadinessUpdate>;
  Resource: ResolverTypeWrapper<ResourceRecord>;
  ResourceChange: ResolverTypeWrapper<ResourceChange>;
  ResourceConnection: ResolverTypeWrapper<Omit<ResourceConnection, 'edges'> & { edges: Array<ResolversTypes['ResourceEdge']> }>;
  ResourceEdge: ResolverTypeWrapper<Omit<ResourceEdge, 'node'> & { node: ResolversTypes['Resource'] }>;
  ResourceStatus: ResourceStatus;
  ResourceType: ResolverTypeWrapper<ResourceType>;
  RollbackStackInput: RollbackStackInput;
  RollbackStackPayload: ResolverTypeWrapper<Omit<RollbackStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
  Stack: ResolverTypeWrapper<StackRecord>;
  StackConnection: ResolverTypeWrapper<Omit<StackConnection, 'edges'> & { edges: Array<ResolversTypes['StackEdge']> }>;
  StackDiff: ResolverTypeWrapper<StackDiff>;
  StackEdge: ResolverTypeWrapper<Omit<StackEdge, 'node'> & { node: ResolversTypes['Stack'] }>;
  StackPreview: ResolverTypeWrapper<StackPreview>;
  StackStatus: StackStatus;
  StackVersion: ResolverTypeWrapper<VersionRecord>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TemplateProblem: ResolverTypeWrapper<TemplateProblem>;
  TemplateValidation: ResolverTypeWrapper<TemplateValidation>;
  UpdateStackInput: UpdateStackInput;
  UpdateStackPayload: ResolverTypeWrapper<Omit<UpdateStackPayload, 'stack'> & { stack: ResolversTypes['Stack'] }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Boolean: Scalars['Boolean']['output'];
  CancelStackUpdateInput: CancelStackUpdateInput;
  CancelStackUpdatePayload: Omit<CancelStackUpdatePayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
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
  PurgeStackInput: PurgeStackInput;
  PurgeStackPayload: Omit<PurgeStackPayload, 'stack'> & { stack?: Maybe<ResolversParentTypes['Stack']> };
  Query: Record<PropertyKey, never>;
  Readiness: Readiness;
  ReadinessUpdate: ReadinessUpdate;
  Resource: ResourceRecord;
  ResourceChange: ResourceChange;
  ResourceConnection: Omit<ResourceConnection, 'edges'> & { edges: Array<ResolversParentTypes['ResourceEdge']> };
  ResourceEdge: Omit<ResourceEdge, 'node'> & { node: ResolversParentTypes['Resource'] };
  ResourceType: ResourceType;
  RollbackStackInput: RollbackStackInput;
  RollbackStackPayload: Omit<RollbackStackPayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
  Stack: StackRecord;
  StackConnection: Omit<StackConnection, 'edges'> & { edges: Array<ResolversParentTypes['StackEdge']> };
  StackDiff: StackDiff;
  StackEdge: Omit<StackEdge, 'node'> & { node: ResolversParentTypes['Stack'] };
  StackPreview: StackPreview;
  StackVersion: VersionRecord;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  TemplateProblem: TemplateProblem;
  TemplateValidation: TemplateValidation;
  UpdateStackInput: UpdateStackInput;
  UpdateStackPayload: Omit<UpdateStackPayload, 'stack'> & { stack: ResolversParentTypes['Stack'] };
};

export type CancelStackUpdatePayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CancelStackUpdatePayload'] = ResolversParentTypes['CancelStackUpdatePayload']> = {
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
};

export type CreateStackPayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CreateStackPayload'] = ResolversParentTypes['CreateStackPayload']> = {
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
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
  cancelStackUpdate?: Resolver<ResolversTypes['CancelStackUpdatePayload'], ParentType, ContextType, RequireFields<MutationCancelStackUpdateArgs, 'input'>>;
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
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  neededBy?: Resolver<Array<ResolversTypes['Resource']>, ParentType, ContextType>;
  observedReady?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  physicalResourceId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  properties?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  requires?: Resolver<Array<ResolversTypes['Resource']>, ParentType, ContextType>;
  retryCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
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
};

export type ResourceConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ResourceConnection'] = ResolversParentTypes['ResourceConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ResourceEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
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
  events?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType, RequireFields<StackEventsArgs, 'after' | 'first'>>;
  eventsConnection?: Resolver<ResolversTypes['EventConnection'], ParentType, ContextType, Partial<StackEventsConnectionArgs>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastEventSequence?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastGoodVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  operation?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  outputs?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  readiness?: Resolver<ResolversTypes['Readiness'], ParentType, ContextType>;
  resource?: Resolver<Maybe<ResolversTypes['Resource']>, ParentType, ContextType, RequireFields<StackResourceArgs, 'name'>>;
  resources?: Resolver<Array<ResolversTypes['Resource']>, ParentType, ContextType>;
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

export type StackPreviewResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StackPreview'] = ResolversParentTypes['StackPreview']> = {
  changes?: Resolver<Array<ResolversTypes['ResourceChange']>, ParentType, ContextType>;
  exists?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fromVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type StackVersionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StackVersion'] = ResolversParentTypes['StackVersion']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  parameters?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  resources?: Resolver<Array<ResolversTypes['Resource']>, ParentType, ContextType>;
  resourcesConnection?: Resolver<ResolversTypes['ResourceConnection'], ParentType, ContextType, Partial<StackVersionResourcesConnectionArgs>>;
  rollbackOf?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  template?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  resourceReadiness?: SubscriptionResolver<ResolversTypes['ReadinessUpdate'], "resourceReadiness", ParentType, ContextType, RequireFields<SubscriptionResourceReadinessArgs, 'name'>>;
  stackEvents?: SubscriptionResolver<ResolversTypes['Event'], "stackEvents", ParentType, ContextType, RequireFields<SubscriptionStackEventsArgs, 'name'>>;
};

export type TemplateProblemResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TemplateProblem'] = ResolversParentTypes['TemplateProblem']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  column?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  line?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TemplateValidationResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TemplateValidation'] = ResolversParentTypes['TemplateValidation']> = {
  problems?: Resolver<Array<ResolversTypes['TemplateProblem']>, ParentType, ContextType>;
  resources?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  valid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type UpdateStackPayloadResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['UpdateStackPayload'] = ResolversParentTypes['UpdateStackPayload']> = {
  stack?: Resolver<ResolversTypes['Stack'], ParentType, ContextType>;
};

export type Resolvers<ContextType = ApiContext> = {
  CancelStackUpdatePayload?: CancelStackUpdatePayloadResolvers<ContextType>;
  CreateStackPayload?: CreateStackPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteStackPayload?: DeleteStackPayloadResolvers<ContextType>;
  Event?: EventResolvers<ContextType>;
  EventConnection?: EventConnectionResolvers<ContextType>;
  EventEdge?: EventEdgeResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PurgeStackPayload?: PurgeStackPayloadResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Readiness?: ReadinessResolvers<ContextType>;
  ReadinessUpdate?: ReadinessUpdateResolvers<ContextType>;
  Resource?: ResourceResolvers<ContextType>;
  ResourceChange?: ResourceChangeResolvers<ContextType>;
  ResourceConnection?: ResourceConnectionResolvers<ContextType>;
  ResourceEdge?: ResourceEdgeResolvers<ContextType>;
  ResourceType?: ResourceTypeResolvers<ContextType>;
  RollbackStackPayload?: RollbackStackPayloadResolvers<ContextType>;
  Stack?: StackResolvers<ContextType>;
  StackConnection?: StackConnectionResolvers<ContextType>;
  StackDiff?: StackDiffResolvers<ContextType>;
  StackEdge?: StackEdgeResolvers<ContextType>;
  StackPreview?: StackPreviewResolvers<ContextType>;
  StackVersion?: StackVersionResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TemplateProblem?: TemplateProblemResolvers<ContextType>;
  TemplateValidation?: TemplateValidationResolvers<ContextType>;
  UpdateStackPayload?: UpdateStackPayloadResolvers<ContextType>;
};

