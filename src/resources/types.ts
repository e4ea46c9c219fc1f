/**
 * The resource-type plugin interface.
 *
 * A resource type describes its properties and attributes (used by template validation and by
 * the update planner) and implements the actions the engine runs. Actions start work and return
 * quickly; waiting for the real resource to become ready is the observer's job, which calls
 * `observe` with backoff without holding a worker slot.
 */

export type PropertyValueType = 'string' | 'number' | 'integer' | 'boolean' | 'map' | 'list' | 'any';

export interface PropertyConstraints {
  allowedValues?: readonly unknown[];
  /** Inclusive numeric range. */
  range?: { min?: number; max?: number };
  /** Inclusive length range for strings, lists and maps. */
  length?: { min?: number; max?: number };
  /** Anchored regular expression the whole string must match. */
  pattern?: string;
}

export interface PropertySchema {
  type: PropertyValueType;
  description?: string;
  /** Required properties must be present (after defaults) in every template using the type. */
  required?: boolean;
  default?: unknown;
  /**
   * What a change to this property does to an existing physical resource:
   * `update` applies it in place (same physical id), `replace` creates a new physical
   * resource first and deletes the old one afterwards. Defaults to `replace`, as in Heat
   * (a property is only update-allowed when the type says so).
   */
  onChange?: 'update' | 'replace';
  constraints?: PropertyConstraints;
  /** For `map` properties with a known shape. */
  schema?: Record<string, PropertySchema>;
  /** For `list` properties: the schema of each item. */
  items?: PropertySchema;
  /**
   * A password or token: stored encrypted, masked in API answers, events and logs (see
   * src/secrets: maskSecrets, encryptSecret).
   */
  secret?: boolean;
}

export interface AttributeSchema {
  description: string;
  type?: PropertyValueType;
  /** A generated password or token: stored encrypted and masked like secret properties. */
  secret?: boolean;
}

/** What the type catalog exposes to template validation and planning (no actions). */
export interface ResourceTypeSchema {
  name: string;
  description: string;
  properties: Record<string, PropertySchema>;
  attributes: Record<string, AttributeSchema>;
  /**
   * The attribute `get_resource` returns instead of the physical id, as Heat's
   * `get_reference_id` does for OS::Heat::RandomString (whose id is its name, not the secret).
   */
  referenceAttribute?: string;
  /** When true, properties not in `properties` are accepted as-is (OS::Heat::None). */
  acceptsAnyProperties?: boolean;
  /**
   * How many resources the nested stack this resource generates will hold, when its properties
   * say so at compile time (ResourceGroup: `count`); undefined when they do not (yet). The compiler
   * refuses more than MAX_RESOURCES_PER_STACK before anything is expanded.
   */
  generatedResources?(properties: Record<string, unknown>): number | undefined;
  /**
   * The keys this type reads from the resource's `update_policy` section (e.g. ResourceGroup's
   * `rolling_update`, `batch_create`), checked like properties; without it the section is not checked.
   */
  updatePolicy?: Record<string, PropertySchema>;
  /**
   * Optional type-level override of the update planner: given old and new resolved properties,
   * return how to apply the change. Used e.g. by OS::Heat::TestResource's `update_replace`.
   */
  planUpdate?(
    previous: Record<string, unknown>,
    next: Record<string, unknown>,
  ): 'none' | 'update' | 'replace' | undefined;
  /** Optional cross-property validation (e.g. RandomString: sum of minimums <= length). */
  validate?(properties: Record<string, unknown>): string[];
  /**
   * Attribute names are not fixed by the schema (template resources: the nested template's
   * outputs; ResourceGroup: `resource.N`...): get_attr is not checked against `attributes`.
   */
  dynamicAttributes?: boolean;
  /** Present on types whose resource is a nested stack (see NestedStackHooks). */
  nested?: NestedStackHooks;
}

/**
 * The plug-in point for types that are nested stacks (template resources, OS::Heat::Stack,
 * OS::Heat::ResourceGroup). Pure: no I/O. The engine calls it when the parent resource's
 * CREATE or UPDATE runs, persists the child stack's version in the same kind of transaction as
 * any stack operation, and finishes the parent resource when the child stack completes.
 */
export interface NestedStackContext {
  /** The parent stack. */
  stackId: string;
  stackName: string;
  tenant?: string;
  /** Logical name of the parent resource in the parent template. */
  name: string;
  /** Id of the parent (:Resource) copy. */
  resourceId: string;
  /** The parent version's files (path or URL → content), passed down as Heat does. */
  files: Readonly<Record<string, string>>;
  /** The parent version's environment texts, passed down as Heat does. */
  environment: readonly string[];
  /** The template (file name or type) of the nested stack currently standing, if any. */
  previous?: NestedStackView;
  /** The parent stack's timeout, when it has one (ResourceGroup refuses pauses that exceed it). */
  stackTimeoutMinutes?: number;
  /** Most resources the nested stack may hold (MAX_RESOURCES_PER_STACK), for types that generate it. */
  maxResources?: number;
}

/** What the child stack should be: the engine creates it, or updates it to this. */
export interface NestedStackDefinition {
  /** HOT text, or the template as a value (serialised by the engine). */
  template: string | Record<string, unknown>;
  parameters: Record<string, unknown>;
  /** Files the child's template may use; defaults to the parent's. */
  files?: Record<string, string>;
  /** Environment texts of the child; defaults to the parent's. */
  environment?: string[];
  /** Minutes before the child stack's operation times out; none when omitted. */
  timeoutMinutes?: number;
  /**
   * Child resource name → milliseconds the engine waits, once the resource's last dependency is
   * ready, before starting it (ResourceGroup's `pause_time` between batches). The resource stays
   * a READY work item with a later `notBefore`: no worker slot or lease is held meanwhile.
   */
  startDelays?: Record<string, number>;
}

/** A completed child stack, as the attribute mapper sees it. */
export interface NestedStackView {
  stackId: string;
  stackName: string;
  /** Resolved outputs of the child's current version. */
  outputs: Record<string, unknown>;
  /** The child's resources by logical name. */
  resources: Record<
    string,
    {
      type: string;
      reference: unknown;
      physicalResourceId: string | null;
      attributes: Record<string, unknown>;
    }
  >;
}

export interface NestedStackHooks {
  /** The child stack this resource stands for, from its resolved properties. */
  nestedStack(properties: Record<string, unknown>, ctx: NestedStackContext): NestedStackDefinition;
  /**
   * The parent resource's attributes once the child completes (stored like any action's
   * attributes; `get_attr: [res, name, ...path]` reads them). Without it: the child's outputs,
   * plus `resource.NAME` → that child resource's attributes, as template resources expose them.
   */
  nestedAttributes?(view: NestedStackView, properties: Record<string, unknown>): Record<string, unknown>;
  /**
   * What `get_resource` on the parent gives; default: the child stack's id (as Heat's
   * template resources and OS::Heat::Stack). ResourceGroup leaves it as the id too.
   */
  nestedReference?(view: NestedStackView): unknown;
  /**
   * How `get_attr: [res, key, ...path]` reads the parent's stored attributes (what
   * `nestedAttributes` gave), for the paths Heat's `get_attribute` allows beyond a plain
   * selection (ResourceGroup: `[g, resource.0, attr]`, a path applied to every member, ...).
   * Without it: the value at `path` in the stored attributes.
   */
  readAttribute?: (stored: Record<string, unknown>, path: readonly (string | number)[]) => unknown;
}

/** Looks up resource types by name; implemented by the registry. */
export interface TypeCatalog {
  get(typeName: string): ResourceTypeSchema | undefined;
  names(): string[];
}

export type ResourceAction = 'CREATE' | 'UPDATE' | 'DELETE';

export interface ActionContext {
  /** Id of the resource (one per stack version) the action runs for. */
  resourceId: string;
  /**
   * Identifies the physical resource across retries, crashes and versions (it is the id of the
   * resource that first created it): pass it to providers so a repeated create is recognised.
   */
  idempotencyKey: string;
  stackId: string;
  stackName: string;
  /**
   * Tenant owning the stack: connections limited to some tenants refuse the others. Types that
   * use connections refuse to act without it when the connection is limited.
   */
  tenant?: string;
  /** Logical name in the template. */
  name: string;
  action: ResourceAction;
  /** Resolved properties the physical resource must end up with (for DELETE: its last properties). */
  properties: Record<string, unknown>;
  /** Properties the physical resource had before this action (UPDATE, DELETE). */
  previousProperties?: Record<string, unknown>;
  /** Physical id, when one exists already (UPDATE, DELETE, and CREATE after a crash). */
  physicalResourceId?: string | null;
  /** Attributes stored by the last successful action. */
  attributes?: Record<string, unknown>;
  /** Epoch milliseconds at which this action was first started; stable across retries of observation. */
  startedAt: number;
  /** 0 for the first attempt, then 1, 2, ... for retries after failures. */
  attempt: number;
  /** Aborted when the engine gives up on the action (timeout, shutdown). */
  signal: AbortSignal;
}

export interface ActionResult {
  physicalResourceId?: string | null;
  attributes?: Record<string, unknown>;
  /** When true the action is already complete and no observation is needed. */
  done?: boolean;
}

export type Observation =
  | { state: 'done'; physicalResourceId?: string | null; attributes?: Record<string, unknown> }
  | { state: 'pending'; retryAfterMs?: number }
  | { state: 'failed'; reason: string }
  /** The physical resource does not exist (used to decide whether a lost CREATE must be redone). */
  | { state: 'missing' };

/** A resource type with its actions: what the engine runs. */
export interface ResourceType extends ResourceTypeSchema {
  create(ctx: ActionContext): Promise<ActionResult>;
  update(ctx: ActionContext): Promise<ActionResult>;
  delete(ctx: ActionContext): Promise<ActionResult>;
  /** Checks the real resource for the action in `ctx.action`. */
  observe(ctx: ActionContext): Promise<Observation>;
  /**
   * Takes over an existing object (adopt data or `external_id`) once observed: writes this
   * resource's ownership mark where the system holds one, so its own update and delete act on it
   * (an object still marked by the resource it was abandoned by would be left alone as another's).
   */
  adopt?(ctx: ActionContext): Promise<void>;
}

/** Raised by actions for failures that retrying cannot fix (bad credentials, invalid request). */
export class PermanentActionError extends Error {
  override name = 'PermanentActionError';
  /** A stable code for the failure (e.g. CONNECTION_NOT_ALLOWED), shown in the status reason. */
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(code ? `${code}: ${message}` : message);
  }
}
