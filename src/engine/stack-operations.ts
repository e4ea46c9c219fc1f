// Long on purpose: every command shares locking, the start of a traversal and the failure paths; the rules they apply are in src/convergence.
import { randomUUID } from 'node:crypto';
import { isEmptyChangeSet, type ChangeCopy, type ChangeSet } from '../convergence/change-set.ts';
import {
  checkableProperties,
  checkVerdict,
  compareDrift,
  type Drift,
  type ResourceDrift,
} from '../convergence/drift.ts';
import { adoptIds, parseAdoptData, type AdoptProblem } from '../convergence/adopt.ts';
import { planTraversal, versionEdges } from '../convergence/plan.ts';
import {
  cancelStack,
  failStack,
  isInProgress,
  startTraversal,
  type StackAction,
} from '../convergence/stack-state.ts';
import { AppError } from '../errors.ts';
import type { EventPublisher } from '../events/bus.ts';
import { stackEvent, type EventRecord } from '../events/record.ts';
import type { Logger } from '../log.ts';
import type { ResourceTypeRegistry } from '../resources/registry.ts';
import type { Observation } from '../resources/types.ts';
import { parseJson, storedEnvironment, storedFiles } from '../store/records.ts';
import { secretPaths, transformSecrets } from '../secrets/index.ts';
import { addSecretValue, hiddenValues, type SecretCodec } from '../secrets/sealing.ts';
import type { StackStore } from '../store/stacks.ts';
import {
  DuplicateStackError,
  type NestedViewRow,
  isMemoryLimit,
  type LiveEntry,
  type LockedStack,
  type StackTransaction,
} from '../store/stacks.ts';
import {
  boundedJsonSize,
  compileTemplate,
  countDeclaredResources,
  environmentTypeMapper,
  jsonEqual,
  referencedResources,
  type CompiledTemplate,
  type CompileOptions,
  type CompileResult,
  type Warning,
} from '../template/index.ts';
import type { CompileJob, CompilePool } from './compile-pool.ts';
import {
  DEFAULT_MAX_NESTED_DEPTH,
  isTerminalStatus,
  nestedDepthProblem,
  nestedStackName,
} from '../convergence/nested.ts';
import type { NestedStackDefinition, NestedStackView } from '../resources/types.ts';
import { nestedView } from './nested-stacks.ts';
import { changeSetOf } from './resolution.ts';
import type { WakeSignal } from './wake-signal.ts';

/** How long a check may run before the sweeper fails it (its process is presumed lost). */
const CHECK_TIMEOUT_MS = 10 * 60_000;
/** Resources a check observes at once, and the longest one observation may take. */
const CHECK_CONCURRENCY = 16;
const CHECK_OBSERVE_TIMEOUT_MS = 30_000;

export interface OperationLimits {
  maxTemplateBytes: number;
  maxResourcesPerStack: number;
  /** Refuse custom constraints only a cloud can check (STRICT_CUSTOM_CONSTRAINTS); default false. */
  strictCustomConstraints?: boolean;
  /**
   * Largest resolved version, in bytes: what is stored for it once parameters are substituted
   * (resources' definitions, properties and metadata, outputs, parameter values). 0: no bound.
   */
  maxVersionBytes?: number;
  /** Longest one template may take to compile, in ms (in the compile threads); default 10 s. */
  maxCompileMs?: number;
  /** Cap on actions running at once per stack when a request gives none; 0 for no cap. */
  defaultStackConcurrency?: number;
  /** Deepest nesting of stacks (MAX_NESTED_STACK_DEPTH, Heat's max_nested_stack_depth); default 5. */
  maxNestedDepth?: number;
}

/** A parent resource's action on its child stack (see convergence/nested.ts). */
export interface NestedRequest {
  verb: 'CREATE' | 'UPDATE' | 'DELETE';
  parent: {
    stackId: string;
    resourceId: string;
    resourceName: string;
    token: string;
    /** The parent's idempotency key: one child per key, however often the action is repeated. */
    ownerKey: string;
    /** The child the parent's physical id names (updates and deletes). */
    childId: string | null;
  };
  /** The child's definition from the type's hook, given the parent version's files and environment. */
  define?: (parent: {
    files: Record<string, string>;
    environment: string[];
    previous?: NestedStackView;
    stackTimeoutMinutes?: number;
    /** MAX_RESOURCES_PER_STACK: a type generating the child's template refuses more before building it. */
    maxResources: number;
  }) => NestedStackDefinition;
  /** What finishing the parked parent needs. */
  wait: { properties: Record<string, unknown>; refs: string[] };
}

export type NestedStartResult =
  /** The parent no longer holds its lease: someone else acts. */
  | { kind: 'lost' }
  /** The child traversal runs; its completion finishes the parent item. */
  | { kind: 'parked'; childId: string }
  /** Nothing to wait for (empty template, no change, nothing to delete): finish now. */
  | { kind: 'settled'; view: NestedViewRow | null }
  /** The child cannot be made (template problems, too deep). */
  | { kind: 'invalid'; reason: string };

/** A stack inserted in this transaction has no resources yet: nothing live to read or compare. */
const FRESH_STACK = { existing: [] as LiveEntry[], changes: null };

/** What a nested action prepared before its transaction (see StackOperations.prepareNested). */
type NestedPrepare =
  | { kind: 'done'; out: NestedStartResult }
  | {
      kind: 'ready';
      /** The parent's version the compile used; the transaction checks it is still current. */
      versionId: string | null;
      /** The child the parent owned when read; the transaction checks it still does. */
      childId: string | null;
      /** The child's nesting depth (the parent's plus one). */
      depth: number;
      /** The child's compiled target (null for deletes and repeated creates). */
      compiled: {
        id: string;
        name: string;
        tenant: string;
        target: Target;
        timeoutSeconds: number | null;
        concurrency: number | null;
      } | null;
    };

/** Ends a nested action's transaction, undoing its writes, with this answer ('stale': prepare again). */
class NestedAbort extends Error {
  constructor(readonly out: NestedStartResult | { kind: 'stale' }) {
    super(`nested action aborted: ${out.kind}`);
  }
}

/**
 * The compile time one request may still spend (issue 16 §3): each compile is given at most what
 * is left, and spends what it took.
 */
export class CompileBudget {
  private deadline: number | null = null;
  constructor(readonly maxMs: number = Infinity) {}

  /** Time left; the request's clock starts at its first compile (compiles may run side by side). */
  remainingMs(now = performance.now()): number {
    this.deadline ??= now + this.maxMs;
    return this.deadline - now;
  }
}

/** What travels with a template, as `openstack stack create -t T -e E` sends it. */
export interface TemplateContext {
  /** The request's compile-time budget; none: only the per-template bound. */
  budget?: CompileBudget | null;
  /** Environment texts (YAML or JSON), merged in order. */
  environment?: readonly string[] | null;
  /** Files the template and environments refer to: path or URL → content. */
  files?: Readonly<Record<string, string>> | null;
}

/** A command's outcome: the stack, and what the template compiler warned about. */
export interface CommandResult {
  id: string;
  warnings: Warning[];
  /**
   * False when an update changed nothing (same template, environment, files and parameters, every
   * resource unchanged): no version was created and nothing runs.
   */
  changed: boolean;
}

/** What `previewUpdate` answers: the change set applying the request would run. */
export interface UpdatePreview {
  exists: boolean;
  fromVersion: number | null;
  changes: ChangeSet;
  /** Applying would change nothing: `updateStack` would create no version. */
  noChange: boolean;
}

export interface CreateStackRequest extends TemplateContext {
  tenant: string;
  name: string;
  /** Required unless `adopt` carries one. */
  template?: string | null;
  /**
   * Adopt data (what abandonStack returns): the stack is made from its template, environment,
   * files and parameters where the request omits them, and each resource it names with a
   * physical id is observed (taken over) instead of created. Rollback is disabled: a failed
   * adopt must never delete what it was adopting.
   */
  adopt?: unknown;
  parameters?: Record<string, unknown> | null;
  disableRollback?: boolean | null;
  timeoutSeconds?: number | null;
  /** Most actions running at once for this stack across all workers; null for no cap. */
  concurrency?: number | null;
}

export interface UpdateStackRequest extends TemplateContext {
  tenant: string;
  name: string;
  template?: string | null;
  parameters?: Record<string, unknown> | null;
  expectedVersion?: number | null;
  disableRollback?: boolean | null;
  timeoutSeconds?: number | null;
  /**
   * Converge drift too: the stack is checked first (checkStack), then resources found MODIFIED are
   * updated back (or replaced, as their changed property requires) and those found DELETED are
   * created again, even when the template and parameters are unchanged.
   */
  repair?: boolean | null;
}

/** What abandonStack returns: enough to adopt the same physical resources again (sealed values stay sealed). */
export interface AdoptData {
  name: string;
  template: string;
  environment: string[];
  files: Record<string, string>;
  parameters: Record<string, unknown>;
  resources: Record<
    string,
    {
      type: string;
      physicalResourceId: string | null;
      status: string;
      properties: Record<string, unknown>;
      attributes: Record<string, unknown>;
    }
  >;
}

/** The target of a traversal: a compiled template to persist as a new version, or nothing (delete). */
interface Target {
  compiled: CompiledTemplate;
  template: string;
  parameters: Record<string, unknown>;
  environment: readonly string[];
  files: Readonly<Record<string, string>>;
  rollbackOf?: number;
  /** Physical ids to take over by resource name (createStack's adopt data). */
  adopt?: ReadonlyMap<string, string>;
  /** Resource name → ms between its last dependency's finish and its start (a nested stack's). */
  startDelays?: Readonly<Record<string, number>>;
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,254}$/;

/**
 * Commands on stacks. Each one is a single transaction that locks the stack, persists what changed
 * and starts a new traversal whose work items the workers then converge. A new command supersedes
 * a running traversal instead of waiting for it.
 */
export class StackOperations {
  private readonly store: StackStore;

  /**
   * @param workAvailable raised after each committed command, so this process's workers look for
   *   work at once rather than at their next poll.
   */
  constructor(
    store: StackStore,
    private readonly registry: ResourceTypeRegistry,
    private readonly publisher: EventPublisher,
    private readonly log: Logger,
    private readonly limits: OperationLimits,
    private readonly workAvailable: WakeSignal,
    private readonly secrets: SecretCodec,
    /** Compile threads; null compiles on the calling thread (tests with their own resource types). */
    private readonly compiler: CompilePool | null = null,
  ) {
    this.store = store;
  }

  /** Validates a template and its parameters; throws TEMPLATE_INVALID with every problem. */
  async compile(
    template: string,
    parameters: Record<string, unknown> | null | undefined,
    context: TemplateContext = {},
  ): Promise<CompiledTemplate> {
    return (await this.check(template, parameters, context)).compiled;
  }

  /** `compile`, with the warnings. */
  async check(
    template: string,
    parameters: Record<string, unknown> | null | undefined,
    context: TemplateContext = {},
  ): Promise<{ compiled: CompiledTemplate; warnings: Warning[] }> {
    if (Buffer.byteLength(template, 'utf8') > this.limits.maxTemplateBytes) {
      throw new AppError('LIMIT_EXCEEDED', `The template exceeds ${this.limits.maxTemplateBytes} bytes`, {
        limit: 'MAX_TEMPLATE_BYTES',
        max: this.limits.maxTemplateBytes,
      });
    }
    // Before anything expensive: one pass over the text counts the declared resources.
    const max = this.limits.maxResourcesPerStack;
    if (countDeclaredResources(template, max) > max) {
      throw new AppError('LIMIT_EXCEEDED', `The template declares more than ${max} resources`, {
        limit: 'MAX_RESOURCES_PER_STACK',
        max,
      });
    }
    const result = await this.compileWithin(
      {
        template,
        parameters: parameters ?? {},
        options: {
          maxResources: this.limits.maxResourcesPerStack,
          strictCustomConstraints: this.limits.strictCustomConstraints ?? false,
          maxNestedDepth: this.limits.maxNestedDepth ?? DEFAULT_MAX_NESTED_DEPTH,
          ...(context.environment?.length ? { environment: context.environment } : {}),
          ...(context.files ? { files: context.files } : {}),
        },
      },
      context.budget ?? null,
    );
    if (!result.ok) {
      const tooMany = result.problems.find((p) => p.code === 'TOO_MANY_RESOURCES');
      if (tooMany) {
        throw new AppError('LIMIT_EXCEEDED', tooMany.message, {
          limit: 'MAX_RESOURCES_PER_STACK',
          max: this.limits.maxResourcesPerStack,
        });
      }
      const count = result.problems.length;
      throw new AppError(
        'TEMPLATE_INVALID',
        `The template has ${count} problem${count === 1 ? '' : 's'}: ${result.problems[0]?.message ?? ''}`,
        {
          problems: result.problems,
          warnings: result.warnings,
        },
      );
    }
    this.checkVersionSize(result.template);
    return { compiled: result.template, warnings: result.warnings };
  }

  /**
   * Compiles a stored version again (`diff`, rollback): in a compile thread like any other
   * compile, within the per-template bound and what the request (if any) has left.
   */
  async compileStored(
    template: string,
    parameters: Record<string, unknown>,
    options: CompileOptions,
    budget: CompileBudget | null,
  ): Promise<CompileResult> {
    return this.compileWithin({ template, parameters, options }, budget);
  }

  /**
   * Compiles in a compile thread within the per-template bound and what the request has left;
   * past either, the thread is stopped and the compile refused (LIMIT_EXCEEDED).
   */
  private async compileWithin(job: CompileJob, budget: CompileBudget | null): Promise<CompileResult> {
    if (!this.compiler) return compileTemplate(job.template, job.parameters, this.registry, job.options);
    const perTemplate = this.limits.maxCompileMs ?? 10_000;
    budget?.remainingMs();
    let requestBound = false;
    const outcome = await this.compiler.compile(job, () => {
      const left = budget?.remainingMs() ?? Infinity;
      requestBound = left < perTemplate;
      return Math.min(perTemplate, left);
    });
    if (outcome.kind === 'done') return outcome.result;
    // Only parameters can be too deep to copy, and the compiler refuses those (nested too deep)
    // before any expensive work: refuse them here, on this thread.
    if (outcome.kind === 'uncloneable')
      return compileTemplate(job.template, job.parameters, this.registry, job.options);
    throw requestBound
      ? compileBudgetExceeded('MAX_COMPILE_SECONDS_PER_REQUEST', budget?.maxMs ?? 0)
      : compileBudgetExceeded('MAX_COMPILE_SECONDS', perTemplate);
  }

  /** A parameter of 1 MB used by every resource is stored once per use: bound what is stored. */
  private checkVersionSize(compiled: CompiledTemplate): void {
    const max = this.limits.maxVersionBytes;
    if (!max) return;
    const stored = [
      compiled.parameterValues,
      compiled.outputs,
      compiled.resources.map((r) => [r.definition, r.properties, r.metadata]),
    ];
    if (boundedJsonSize(stored, max) > max) {
      throw new AppError(
        'LIMIT_EXCEEDED',
        `The resolved version (resources with parameters substituted) exceeds ${max} bytes`,
        { limit: 'MAX_VERSION_BYTES', max },
      );
    }
  }

  async createStack(request: CreateStackRequest): Promise<CommandResult> {
    validateName(request.name);
    validateTimeout(request.timeoutSeconds);
    if (request.adopt != null) request = this.withAdoptData(request);
    const template = request.template;
    // Only an absent template is missing: an empty or broken one is compiled and refused as
    // TEMPLATE_INVALID with its problems, as before the input became optional.
    if (template == null)
      throw new AppError('BAD_USER_INPUT', 'template is required (or adopt data carrying one)');
    const id = randomUUID();
    const { compiled, warnings } = await this.check(
      template,
      { ...request.parameters, ...pseudoParameters({ id, name: request.name, tenant: request.tenant }) },
      request,
    );
    let adopt: Map<string, string> | undefined;
    if (request.adopt != null) {
      const parsed = parseAdoptData(request.adopt);
      const matched = adoptIds(parsed.ok ? parsed.data.resources : {}, compiled.resources);
      if (matched.problems.length > 0) throw adoptProblems(matched.problems);
      adopt = matched.ids;
    }
    const events = await this.write(async (tx) => {
      let locked: LockedStack;
      try {
        locked = await tx.insertStack({
          id,
          tenant: request.tenant,
          name: request.name,
          disableRollback: request.adopt != null ? true : (request.disableRollback ?? false),
          timeoutSeconds: request.timeoutSeconds ?? null,
          concurrency: request.concurrency ?? this.limits.defaultStackConcurrency ?? null,
        });
      } catch (error) {
        if (error instanceof DuplicateStackError) {
          throw new AppError('STACK_EXISTS', `A stack named ${request.name} already exists`, {
            name: request.name,
          });
        }
        throw error;
      }
      return this.startTraversal(
        tx,
        locked,
        'CREATE',
        {
          compiled,
          template,
          parameters: request.parameters ?? {},
          environment: request.environment ?? [],
          files: request.files ?? {},
          ...(adopt ? { adopt } : {}),
        },
        {},
        FRESH_STACK,
      );
    });
    this.afterCommand(events);
    this.log.info(
      { stack: request.name, tenant: request.tenant, resources: compiled.resources.length },
      'stack create started',
    );
    return { id, warnings, changed: true };
  }

  /**
   * The request completed from its adopt data: template, environment, files and parameters the
   * request omits come from it (sealed values opened: only this service's SECRETS_KEY can).
   */
  private withAdoptData(request: CreateStackRequest): CreateStackRequest {
    const parsed = parseAdoptData(request.adopt);
    if (!parsed.ok) throw adoptProblems(parsed.problems);
    const data = parsed.data;
    return {
      ...request,
      template:
        request.template ??
        (data.template == null ? data.template : this.secrets.openTemplate(data.template)),
      environment:
        request.environment ?? data.environment?.map((e) => this.secrets.openEnvironment(e)) ?? null,
      files: request.files ?? (data.files ? this.secrets.openFiles(data.files) : data.files),
      parameters: request.parameters ?? (data.parameters ? this.secrets.open(data.parameters) : null),
    };
  }

  async updateStack(request: UpdateStackRequest): Promise<CommandResult> {
    validateTimeout(request.timeoutSeconds);
    if (request.repair) {
      // Fresh findings first; a stack in progress keeps the findings of its last check.
      const current = await this.store.current(request.tenant, request.name);
      if (current && !isInProgress(current.stack.status as string) && current.stack.action !== 'DELETE')
        await this.checkStack(request.tenant, request.name);
    }
    const result = await this.write(async (tx) => {
      const locked = await this.lockByName(tx, request.tenant, request.name);
      const current = locked.stack.version as number;
      if (request.expectedVersion != null && request.expectedVersion !== current) {
        throw new AppError(
          'VERSION_CONFLICT',
          `Stack ${request.name} is at version ${current}, not ${request.expectedVersion}`,
          {
            currentVersion: current,
            expectedVersion: request.expectedVersion,
          },
        );
      }
      if (locked.stack.status === 'DELETE_IN_PROGRESS') {
        throw new AppError('INVALID_STATE', `Stack ${request.name} is being deleted`);
      }
      const id = locked.stack.id as string;
      const prepared = await this.targetAndLiveCopies(tx, locked, request);
      const { target, warnings } = prepared;
      let existing = prepared.existing;
      const set: Record<string, unknown> = {};
      if (request.disableRollback != null) set.disableRollback = request.disableRollback;
      if (request.timeoutSeconds !== undefined) set.timeoutSeconds = request.timeoutSeconds;
      // After a failed check, converging with the current template is the repair the issue
      // describes (as in Heat, an update after `stack check` converges to the template): the last
      // check's findings are used, without checking again (`repair: true` checks afresh first).
      if (request.repair || locked.stack.status === 'CHECK_FAILED')
        existing = await this.markDrift(tx, locked, existing);
      const changes = this.changeSet(target, existing);
      if (this.isNoChange(locked, target, existing, changes) && sameFields(locked.stack, set)) {
        return { events: [], id, warnings, changed: false };
      }
      Object.assign(locked.stack, set);
      const events = await this.startTraversal(tx, locked, 'UPDATE', target, set, { existing, changes });
      return { events, id, warnings, changed: true };
    });
    if (result.changed) this.afterCommand(result.events);
    else this.log.info({ stack: request.name, tenant: request.tenant }, 'update changes nothing; no version');
    return { id: result.id, warnings: result.warnings, changed: result.changed };
  }

  /**
   * What `updateStack` (or `createStack`, for a name with no live stack) would do with this
   * request, resource by resource, without changing anything: the change set an update runs.
   */
  async previewUpdate(request: UpdateStackRequest): Promise<UpdatePreview> {
    const locked = await this.store.current(request.tenant, request.name);
    if (!locked) {
      if (!request.template)
        throw new AppError('BAD_USER_INPUT', 'template is required for a stack that does not exist', {
          field: 'template',
        });
      const identity = { id: '', name: request.name, tenant: request.tenant };
      const { compiled } = await this.check(
        request.template,
        { ...request.parameters, ...pseudoParameters(identity) },
        request,
      );
      const changes = changeSetOf(
        this.registry,
        compiled.resources,
        compiled.parameterValues,
        [],
        [...hiddenParameterTexts(compiled), ...this.secretTexts(compiled.resources)],
      );
      return { exists: false, fromVersion: null, changes, noChange: false };
    }
    const { target, existing } = await this.targetAndLiveCopies(this.store, locked, request);
    const changes = this.changeSet(target, existing, [
      ...hiddenParameterTexts(target.compiled),
      ...storedHiddenValues(locked.version, this.secrets),
      // Secret properties' values, literal ones included, wherever else they show (a DSN).
      ...this.secretTexts(target.compiled.resources),
      ...this.liveSecretTexts(existing),
    ]);
    return {
      exists: true,
      fromVersion: (locked.stack.version as number | null) ?? null,
      changes,
      noChange: this.isNoChange(locked, target, existing, changes),
    };
  }

  /**
   * The new version an update asks for, compiled, and the stack's live copies. They need nothing
   * from each other (a compile thread, Neo4j), so they run side by side: one after the other they
   * took ~0.65 s and ~0.45 s for a 10,000-resource stack. Both end before anything is thrown, so a
   * transaction is never rolled back under a statement still running; a compile error wins.
   */
  private async targetAndLiveCopies(
    source: { readLive(stackId: string): Promise<LiveEntry[]> },
    locked: LockedStack,
    request: UpdateStackRequest,
  ): Promise<{ target: Target; warnings: Warning[]; existing: LiveEntry[] }> {
    const [live, compiled] = await Promise.allSettled([
      this.liveCopies(source, locked.stack.id as string),
      this.updateTarget(locked, request),
    ]);
    if (compiled.status === 'rejected') throw compiled.reason;
    if (live.status === 'rejected') throw live.reason;
    return { ...compiled.value, existing: live.value };
  }

  /** The new version an update asks for: the template, parameters, environments and files, compiled. */
  private async updateTarget(
    locked: LockedStack,
    request: UpdateStackRequest,
  ): Promise<{ target: Target; warnings: Warning[] }> {
    // PATCH-style convenience: no template means "same template, new parameters".
    const stored = locked.version?.template as string | undefined;
    const template = request.template ?? (stored ? this.secrets.openTemplate(stored) : undefined);
    if (!template) throw new AppError('BAD_USER_INPUT', 'template is required');
    const previousParameters = this.secrets.open(parseJson(locked.version?.parameters, {}));
    const parameters =
      request.template == null
        ? { ...previousParameters, ...(request.parameters ?? {}) }
        : (request.parameters ?? {});
    // The environments and files go with the template: kept with it, replaced with it.
    const keep = request.template == null;
    const context = {
      environment: request.environment ?? (keep ? this.openedEnvironment(locked.version) : []),
      files: request.files ?? (keep ? this.openedFiles(locked.version) : {}),
    };
    const { compiled, warnings } = await this.check(
      template,
      { ...parameters, ...pseudoParameters(stackIdentity(locked)) },
      { ...context, budget: request.budget ?? null },
    );
    return { target: { compiled, template, parameters, ...context }, warnings };
  }

  /** The change set from the live copies to `target` (none to weigh for a stack that owns nothing). */
  private changeSet(
    target: Target,
    existing: readonly LiveEntry[],
    hidden: readonly string[] = [],
  ): ChangeSet {
    return changeSetOf(
      this.registry,
      target.compiled.resources,
      target.compiled.parameterValues,
      existing,
      hidden,
      this.nestedInputsOf(target),
    );
  }

  /**
   * The fingerprint of what a nested-stack resource's template is made from besides its
   * properties: the version's files and environment (clear, so that sealing, which is not
   * deterministic, does not make every version differ); null when the target has no nested-stack
   * resource. Stored on nested-stack resources; a copy made from other ones is updated although
   * its properties are the same (decide.ts).
   */
  private nestedInputsOf(target: Target): string | null {
    if (!target.compiled.resources.some((r) => this.isNestedType(r.type))) return null;
    return this.secrets.digest({ files: target.files, environment: target.environment });
  }

  private isNestedType(type: string): boolean {
    return this.registry.resolve(type)?.nested !== undefined;
  }

  /**
   * An update that would change nothing: the same template, parameters, environment and files,
   * every copy live, and nothing to converge.
   */
  private isNoChange(
    locked: LockedStack,
    target: Target,
    existing: readonly LiveEntry[],
    changes: ChangeSet,
  ): boolean {
    return sameInputs(locked, target, existing, this.secrets) && isEmptyChangeSet(changes);
  }

  async deleteStack(tenant: string, name: string): Promise<string> {
    const result = await this.write(async (tx) => {
      const locked = await this.lockByName(tx, tenant, name);
      return { events: await this.startTraversal(tx, locked, 'DELETE', null), id: locked.stack.id as string };
    });
    this.afterCommand(result.events);
    return result.id;
  }

  /**
   * A nested-stack resource's action: creates, updates or deletes its child stack and parks the
   * parent item's lease, in one transaction that acts only while the parent still holds its lease.
   * A repeated action (its worker was lost) finds the child its idempotency key made, so a child is
   * never created twice.
   *
   * The child's template is compiled before the transaction, from a read that takes no lock: a
   * ResourceGroup's members all lock the same parent stack, and compiling under that lock made
   * them take turns (issue 12: 1,000 members). The transaction checks that what the compile was
   * made from still holds (the parent's version, the child owned) and starts over when it does
   * not. A new child is written before the parent is locked, so the parent's lock is held only
   * for the link and the commit.
   */
  async startNested(request: NestedRequest): Promise<NestedStartResult> {
    for (let attempt = 1; ; attempt++) {
      const prepared = await this.prepareNested(request);
      if (prepared.kind === 'done') return prepared.out;
      try {
        const result = await this.write((tx) => this.applyNested(tx, request, prepared));
        this.afterCommand(result.events);
        return result.out;
      } catch (error) {
        if (!(error instanceof NestedAbort)) throw error;
        this.log.debug(
          {
            stackId: request.parent.stackId,
            resource: request.parent.resourceName,
            verb: request.verb,
            out: error.out.kind,
            attempt,
          },
          'nested action aborted',
        );
        if (error.out.kind !== 'stale') return error.out;
        // What the compile was made from changed meanwhile (rare: the parent's version moved on, or
        // a lost worker's repeat made the child): compile again from what is there now.
        if (attempt >= 3) return { kind: 'lost' };
      }
    }
  }

  /** Reads (no lock) and compiles what a nested action needs; `done` when the answer is known already. */
  private async prepareNested(request: NestedRequest): Promise<NestedPrepare> {
    const { parent } = request;
    const read = await this.store.nestedPrepare({
      stackId: parent.stackId,
      resourceId: parent.resourceId,
      token: parent.token,
      ownerKey: parent.ownerKey,
      childId: parent.childId,
    });
    if (!read || !read.leased) return { kind: 'done', out: { kind: 'lost' } };
    const depth = ((read.stack.nestedDepth as number | null) ?? 0) + 1;
    const base = {
      kind: 'ready' as const,
      versionId: (read.version?.id as string | undefined) ?? null,
      childId: read.child?.id ?? null,
      depth,
    };
    if (request.verb === 'DELETE') return { ...base, compiled: null };
    // A repeated create finds its child made: nothing to compile (see applyNested).
    if (read.child && request.verb === 'CREATE' && read.child.action === 'CREATE')
      return { ...base, compiled: null };
    const tooDeep = nestedDepthProblem(depth, this.limits.maxNestedDepth ?? DEFAULT_MAX_NESTED_DEPTH);
    if (tooDeep) return { kind: 'done', out: { kind: 'invalid', reason: tooDeep } };
    const version = read.version;
    const standing =
      read.child && request.verb === 'UPDATE' ? await this.store.nestedView(read.child.id) : null;
    const context = {
      files: this.openedFiles(version),
      environment: this.openedEnvironment(version),
      ...(standing ? { previous: nestedView(standing, this.registry) } : {}),
      ...(typeof read.stack.timeoutSeconds === 'number' && read.stack.timeoutSeconds > 0
        ? { stackTimeoutMinutes: read.stack.timeoutSeconds / 60 }
        : {}),
      maxResources: this.limits.maxResourcesPerStack,
    };
    let definition: NestedStackDefinition;
    try {
      definition = request.define!(context);
    } catch (error) {
      return { kind: 'done', out: { kind: 'invalid', reason: (error as Error).message } };
    }
    const template =
      typeof definition.template === 'string' ? definition.template : JSON.stringify(definition.template);
    const files = definition.files ?? context.files;
    const environment = definition.environment ?? context.environment;
    const tenant = read.stack.tenant as string;
    const id = read.child ? read.child.id : randomUUID();
    const name = read.child
      ? read.child.name
      : nestedStackName(
          read.stack.name as string,
          parent.resourceName,
          randomUUID().replaceAll('-', '').slice(0, 12),
        );
    // In a compile thread like every other compile (a big or hostile nested template must not
    // freeze this process's lease renewals), bounded by MAX_COMPILE_SECONDS.
    let compiled: CompileResult;
    try {
      compiled = await this.compileWithin(
        {
          template,
          parameters: { ...definition.parameters, ...pseudoParameters({ id, name, tenant }) },
          options: {
            environment,
            files,
            maxResources: this.limits.maxResourcesPerStack,
            nestedDepth: depth,
            maxNestedDepth: this.limits.maxNestedDepth ?? DEFAULT_MAX_NESTED_DEPTH,
          },
        },
        null,
      );
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'LIMIT_EXCEEDED')) throw error;
      const limit = (error.details as { limit?: string } | undefined)?.limit;
      const reason = `the nested template: ${error.message}${limit ? ` (${limit})` : ''}`;
      return { kind: 'done', out: { kind: 'invalid', reason } };
    }
    if (!compiled.ok) {
      const first = compiled.problems[0];
      const reason = `the nested template is invalid: ${first ? `${first.code}: ${first.message}` : 'problems'}`;
      return { kind: 'done', out: { kind: 'invalid', reason } };
    }
    return {
      ...base,
      compiled: {
        id,
        name,
        tenant,
        target: {
          compiled: compiled.template,
          template,
          parameters: definition.parameters,
          environment,
          files,
          ...(definition.startDelays ? { startDelays: definition.startDelays } : {}),
        },
        timeoutSeconds: definition.timeoutMinutes ? Math.round(definition.timeoutMinutes * 60) : null,
        concurrency: (read.stack.concurrency as number | null) ?? null,
      },
    };
  }

  /** The nested action's transaction; throws NestedAbort to undo what it wrote (lease lost, stale). */
  private async applyNested(
    tx: StackTransaction,
    request: NestedRequest,
    prepared: Extract<NestedPrepare, { kind: 'ready' }>,
  ): Promise<{ out: NestedStartResult; events: EventRecord[] }> {
    const { parent } = request;
    const compiled = prepared.compiled;
    const depth = prepared.depth;
    const link = async (childId: string, park: boolean) => {
      const linked = await tx.linkNested({
        resourceId: parent.resourceId,
        token: parent.token,
        childId,
        ownerKey: parent.ownerKey,
        depth,
        park,
        wait: {
          verb: request.verb,
          properties: JSON.stringify(request.wait.properties),
          refs: request.wait.refs,
        },
      });
      if (!linked) throw new NestedAbort({ kind: 'lost' });
      if (linked.parentVersionId !== prepared.versionId) throw new NestedAbort({ kind: 'stale' });
    };
    const settleOrPark = async (childId: string, events: EventRecord[]) => {
      const done = events.some((e) => e.type === 'STACK' && isTerminalStatus(e.status));
      await link(childId, !done);
      return {
        out: done
          ? ({ kind: 'settled', view: await tx.nestedView(childId) } as const)
          : ({ kind: 'parked', childId } as const),
        events,
      };
    };
    /** The parent's lock, and the check that the prepared compile still applies. */
    const lockParent = async () => {
      const locked = await tx.lockById(parent.stackId);
      if (!locked) throw new NestedAbort({ kind: 'lost' });
      if (((locked.version?.id as string | undefined) ?? null) !== prepared.versionId)
        throw new NestedAbort({ kind: 'stale' });
      return locked;
    };
    const owned = async () => {
      const owner = await tx.nestedOwner({
        resourceId: parent.resourceId,
        token: parent.token,
        ownerKey: parent.ownerKey,
        childId: parent.childId,
      });
      if (!owner) throw new NestedAbort({ kind: 'lost' });
      if (owner.childId !== prepared.childId) throw new NestedAbort({ kind: 'stale' });
      return owner;
    };

    if (!prepared.childId) {
      if (request.verb === 'DELETE') {
        await lockParent();
        await owned();
        return { out: { kind: 'settled', view: null }, events: [] };
      }
      // A new child: nobody else can see it before this commits, and the parent stack's lock is
      // not taken at all (a group's members would take turns on it): the link locks the parent
      // resource, writes only while its lease holds (every lease change writes the resource), and
      // says which version the parent has now. The child's own statements lock only the child.
      // No second owner read: prepareNested found no child, and a child made since then was made
      // by another action under another lease, so this link finds its own lease gone and aborts.
      const c = compiled!;
      const child = await tx.insertStack({
        id: c.id,
        tenant: c.tenant,
        name: c.name,
        // Heat: a nested stack never rolls back on its own; its parent decides.
        disableRollback: true,
        timeoutSeconds: c.timeoutSeconds,
        concurrency: c.concurrency,
      });
      return settleOrPark(c.id, await this.startTraversal(tx, child, 'CREATE', c.target, {}, FRESH_STACK));
    }

    // An existing child: parent first, then child, as every command that reaches children does.
    await lockParent();
    await owned();
    const childId = prepared.childId;
    const existing = await this.lockById(tx, childId);
    if (request.verb === 'DELETE')
      return settleOrPark(childId, await this.startTraversal(tx, existing, 'DELETE', null));
    if (request.verb === 'CREATE' && existing.stack.action === 'CREATE') {
      // A repeated create: the child exists already (its traversal runs or ended).
      if (isTerminalStatus(existing.stack.status as string)) {
        await link(childId, false);
        return { out: { kind: 'settled', view: await tx.nestedView(childId) }, events: [] };
      }
      await link(childId, true);
      return { out: { kind: 'parked', childId }, events: [] };
    }
    // Compiled for this child (prepareNested read it): an update, or a create over a child left by
    // another action.
    if (!compiled || compiled.id !== childId) throw new NestedAbort({ kind: 'stale' });
    const live = await this.liveCopies(tx, childId);
    const changes = this.changeSet(compiled.target, live);
    if (this.isNoChange(existing, compiled.target, live, changes)) {
      await link(childId, false);
      return { out: { kind: 'settled', view: await tx.nestedView(childId) }, events: [] };
    }
    const events = await this.startTraversal(
      tx,
      existing,
      'UPDATE',
      compiled.target,
      { timeoutSeconds: compiled.timeoutSeconds },
      { existing: live, changes },
    );
    return settleOrPark(childId, events);
  }

  /**
   * Heat's `stack check`: observes every live resource and compares the real state with the
   * properties it was converged with (`compareDrift`). Runs inline in the calling process, not as a
   * traversal of the workers: a check changes no physical resource and owns no work item, so a
   * crash loses nothing but the check itself; the CHECK_IN_PROGRESS stack carries a deadline, and
   * the sweeper fails a check whose process died (CHECK_FAILED, "timed out"), after which it can
   * simply be run again. Events go through the normal event path (stored under the stack lock,
   * then published), so subscriptions see CHECK_IN_PROGRESS at once and the findings when done.
   * Resolves when the check has finished; returns the stack's id.
   */
  async checkStack(tenant: string, name: string): Promise<string> {
    const checkId = randomUUID();
    const started = await this.write(async (tx) => {
      const locked = await this.lockByName(tx, tenant, name);
      const s = locked.stack;
      if (isInProgress(s.status as string) || s.action === 'DELETE' || !locked.version) {
        throw new AppError(
          'INVALID_STATE',
          `Stack ${name} cannot be checked while it is ${s.status as string}`,
          {
            status: s.status,
          },
        );
      }
      const now = Date.now();
      const seq = ((s.eventSeq as number) ?? 0) + 1;
      const events = [
        stackEvent(checkIdentity(locked), seq, 'CHECK_IN_PROGRESS', 'Stack CHECK started', now),
      ];
      await tx.writeStack(s.id as string, {
        set: {
          action: 'CHECK',
          status: 'CHECK_IN_PROGRESS',
          statusReason: 'Stack CHECK started',
          eventSeq: seq,
          checkId,
          deadline: now + CHECK_TIMEOUT_MS,
        },
        events,
        versionStatus: null,
      });
      await tx.countStatuses();
      const live = await this.liveCopies(tx, s.id as string);
      return {
        events,
        stackId: s.id as string,
        live,
        known: new Set([...storedHiddenValues(locked.version, this.secrets), ...this.liveSecretTexts(live)]),
      };
    });
    this.publisher.publish(started.events);

    // The newest live copy of each resource holds its physical resource.
    const newest = new Map<string, LiveEntry>();
    for (const entry of started.live)
      if (entry.live && (newest.get(entry.name)?.version ?? -1) < entry.version)
        newest.set(entry.name, entry);
    const copies = [...newest.values()].sort((a, b) => a.name.localeCompare(b.name));
    const drifts: Array<ResourceDrift & { id: string; physicalResourceId: string | null }> = [];
    for (let i = 0; i < copies.length; i += CHECK_CONCURRENCY) {
      const batch = copies.slice(i, i + CHECK_CONCURRENCY);
      drifts.push(
        ...(await Promise.all(
          batch.map(async (copy) => ({
            id: copy.id,
            name: copy.name,
            physicalResourceId: copy.physicalResourceId,
            ...(await this.driftOf(copy, started.stackId, name, tenant)),
          })),
        )),
      );
    }

    const verdict = checkVerdict(drifts);
    const checkedAt = Date.now();
    const finished = await this.write(async (tx) => {
      const locked = await this.lockById(tx, started.stackId);
      const s = locked.stack;
      // Another command took the stack over meanwhile (or the sweeper timed the check out).
      if (s.checkId !== checkId || s.status !== 'CHECK_IN_PROGRESS') return [];
      let seq = (s.eventSeq as number) ?? 0;
      const identity = checkIdentity(locked);
      const events: EventRecord[] = verdict.resources.map((r, index) => ({
        ...stackEvent(identity, ++seq, r.status, r.reason, checkedAt),
        type: 'RESOURCE' as const,
        resourceId: drifts[index]!.id,
        resourceName: r.name,
        physicalResourceId: drifts[index]!.physicalResourceId,
        observedReady: null,
      }));
      events.push(stackEvent(identity, ++seq, verdict.status, verdict.reason, checkedAt));
      await tx.setDrift(
        drifts.map((d) => ({
          id: d.id,
          checkedAt,
          drift: JSON.stringify(
            this.secrets.seal({ status: d.status, differences: d.differences }, started.known),
          ),
        })),
      );
      await tx.writeStack(s.id as string, {
        set: {
          status: verdict.status,
          statusReason: verdict.reason,
          eventSeq: seq,
          checkId: null,
          deadline: null,
        },
        events,
        versionStatus: null,
      });
      await tx.countStatuses();
      return events;
    });
    this.publisher.publish(finished);
    return started.stackId;
  }

  /**
   * Repair: what the last check found becomes what the stack knows of its live copies, so the
   * change set and the workers converge them like any change. A copy found DELETED stops being live
   * (its physical resource is gone: the new version creates one, there is nothing to clean up); a
   * copy found MODIFIED records the values the check saw as its applied properties, so deciding
   * updates it back in place (or replaces it when a changed property requires it).
   */
  private async markDrift(
    tx: StackTransaction,
    locked: LockedStack,
    existing: LiveEntry[],
  ): Promise<LiveEntry[]> {
    const known = new Set([
      ...storedHiddenValues(locked.version, this.secrets),
      ...this.liveSecretTexts(existing),
    ]);
    const updates: Array<{ id: string; set: Record<string, unknown> }> = [];
    const out: LiveEntry[] = [];
    for (const entry of existing) {
      const drift = entry.live && entry.drift ? this.secrets.open(entry.drift) : null;
      if (drift?.status === 'DELETED') {
        updates.push({
          id: entry.id,
          set: {
            live: false,
            status: 'DELETE_COMPLETE',
            statusReason: 'Deleted out of band (found DELETED by checkStack); recreated by repair',
            drift: null,
          },
        });
        continue;
      }
      if (drift?.status === 'MODIFIED' && entry.appliedProperties) {
        const seen = { ...entry.appliedProperties };
        for (const d of drift.differences) seen[d.property] = d.actual;
        updates.push({
          id: entry.id,
          set: {
            appliedProperties: JSON.stringify(
              this.secrets.sealProperties(this.registry.get(entry.type), seen, known),
            ),
            drift: null,
          },
        });
        out.push({ ...entry, appliedProperties: seen, drift: null });
        continue;
      }
      out.push(entry);
    }
    await tx.setWork(updates);
    return out;
  }

  /**
   * Heat's `stack abandon`: the stack stops being managed (its name is free again, as after a
   * delete) and nothing is deleted: its live copies stop being live, so no cleanup ever touches
   * their physical resources. Returns the adopt data: the current version's template, environments,
   * files and parameters, and each resource's type, physical id, properties and attributes. Values
   * stored sealed (hidden parameters, secret properties and attributes, literal secrets in the
   * template's text and files, anything holding a secret) stay sealed (`enc:v1:`): only a service with the same SECRETS_KEY can open them; never clear.
   * Refused while the stack is in progress.
   */
  async abandonStack(tenant: string, name: string): Promise<{ id: string; adopt: AdoptData }> {
    const result = await this.write(async (tx) => {
      const locked = await this.lockByName(tx, tenant, name);
      const s = locked.stack;
      const version = locked.version;
      if (isInProgress(s.status as string) || !version) {
        throw new AppError(
          'INVALID_STATE',
          `Stack ${name} cannot be abandoned while it is ${s.status as string}`,
          {
            status: s.status,
          },
        );
      }
      const id = s.id as string;
      const newest = new Map<string, LiveEntry>();
      for (const entry of await tx.readLive(id))
        if (entry.live && (newest.get(entry.name)?.version ?? -1) < entry.version)
          newest.set(entry.name, entry);
      const adopt: AdoptData = {
        name,
        template: version.template as string,
        environment: storedEnvironment(version),
        files: storedFiles(version),
        parameters: parseJson<Record<string, unknown>>(version.parameters, {}),
        resources: Object.fromEntries(
          [...newest.values()]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((r) => [
              r.name,
              {
                type: r.type,
                physicalResourceId: r.physicalResourceId,
                status: r.status,
                properties: r.appliedProperties ?? {},
                attributes: r.attributes,
              },
            ]),
        ),
      };
      await tx.setWork(
        (await tx.readLive(id))
          .filter((r) => r.live)
          .map((r) => ({ id: r.id, set: { live: false, statusReason: 'Abandoned: no longer managed' } })),
      );
      const now = Date.now();
      const seq = ((s.eventSeq as number) ?? 0) + 1;
      const reason = 'Stack ABANDON completed: nothing was deleted; no longer managed';
      const events = [stackEvent(checkIdentity(locked), seq, 'ABANDON_COMPLETE', reason, now)];
      await tx.writeStack(id, {
        set: {
          action: 'ABANDON',
          status: 'ABANDON_COMPLETE',
          statusReason: reason,
          eventSeq: seq,
          liveName: null,
          deadline: null,
        },
        events,
        versionStatus: null,
      });
      await tx.countStatuses();
      return { id, adopt, events };
    });
    this.publisher.publish(result.events);
    return { id: result.id, adopt: result.adopt };
  }

  /** One live copy's drift: its type's real `observe`, bounded in time, compared with what it was converged with. */
  private async driftOf(copy: LiveEntry, stackId: string, stackName: string, tenant: string): Promise<Drift> {
    const type = this.registry.get(copy.type);
    if (!type || !copy.appliedProperties) return { status: 'NOT_CHECKED', differences: [] };
    const signal = AbortSignal.timeout(CHECK_OBSERVE_TIMEOUT_MS);
    let observation: Observation;
    try {
      observation = await type.observe({
        resourceId: copy.id,
        idempotencyKey: copy.copyId ?? copy.id,
        stackId,
        stackName,
        tenant,
        name: copy.name,
        action: 'CREATE',
        properties: copy.appliedProperties,
        physicalResourceId: copy.physicalResourceId,
        attributes: copy.attributes,
        startedAt: Date.now(),
        attempt: 0,
        signal,
      });
    } catch (error) {
      this.log.warn({ err: error, resource: copy.name, stack: stackName }, 'check: observe failed');
      return { status: 'NOT_CHECKED', differences: [] };
    }
    return compareDrift(copy.appliedProperties, observation, checkableProperties(type));
  }

  /** Converges back to the last good version (or to nothing when there is none). */
  async rollbackStack(tenant: string, name: string, budget: CompileBudget | null = null): Promise<string> {
    const result = await this.write(async (tx) => {
      const locked = await this.lockByName(tx, tenant, name);
      return { events: await this.rollbackLocked(tx, locked, budget), id: locked.stack.id as string };
    });
    this.afterCommand(result.events);
    return result.id;
  }

  /**
   * Stops the running create or update: in-flight actions finish, nothing new starts. With
   * `rollback`, converges back to the last good version instead.
   */
  async cancelStackUpdate(
    tenant: string,
    name: string,
    rollback: boolean,
    budget: CompileBudget | null = null,
  ): Promise<string> {
    const result = await this.write(async (tx) => {
      const locked = await this.lockByName(tx, tenant, name);
      const status = locked.stack.status as string;
      const action = locked.stack.action as StackAction;
      if (!isInProgress(status) || (action !== 'CREATE' && action !== 'UPDATE')) {
        throw new AppError(
          'INVALID_STATE',
          `Stack ${name} has no create or update in progress (it is ${status})`,
          { status },
        );
      }
      if (rollback)
        return { events: await this.rollbackLocked(tx, locked, budget), id: locked.stack.id as string };
      return { events: await this.cancelLocked(tx, locked), id: locked.stack.id as string };
    });
    this.afterCommand(result.events);
    return result.id;
  }

  /**
   * Removes the history of deleted stacks with this name (versions, resources, events), in batches
   * so that a large history never needs one huge transaction. Refuses while a live stack has the name.
   */
  async purgeStack(tenant: string, name: string): Promise<number> {
    const stacks = await this.store.byName(tenant, name);
    if (stacks.length === 0) throw new AppError('NOT_FOUND', `No stack named ${name}`, { name });
    if (stacks.some((s) => s.live)) {
      throw new AppError(
        'INVALID_STATE',
        `Stack ${name} is not deleted; delete it before purging its history`,
        { name },
      );
    }
    let purged = 0;
    for (const { id } of stacks) purged += await this.store.purge(id);
    this.log.info({ stack: name, tenant, purged }, 'deleted stack history purged');
    return purged;
  }

  /** Fails a stack whose timeout passed, even if no worker is making progress. */
  async timeOut(stackId: string): Promise<boolean> {
    const events = await this.write(async (tx) => {
      const locked = await this.lockById(tx, stackId);
      const s = locked.stack;
      const deadline = s.deadline as number | null;
      if (!isInProgress(s.status as string) || deadline == null || deadline > Date.now() + 50) return [];
      return this.failLocked(
        tx,
        locked,
        `${s.action as string} timed out after ${s.timeoutSeconds as number} seconds`,
        true,
      );
    });
    this.afterCommand(events);
    return events.length > 0;
  }

  /** Starts the automatic rollback a failed create or update asked for (idempotent). */
  async startPendingRollback(stackId: string): Promise<boolean> {
    const events = await this.write(async (tx) => {
      const locked = await this.lockById(tx, stackId);
      if (locked.stack.rollbackPending !== true) return [];
      if (isInProgress(locked.stack.status as string)) {
        await tx.writeStack(stackId, { set: { rollbackPending: null }, events: [], versionStatus: null });
        return [];
      }
      return this.rollbackLocked(tx, locked);
    });
    this.afterCommand(events);
    return events.length > 0;
  }

  private async rollbackLocked(
    tx: StackTransaction,
    locked: LockedStack,
    budget: CompileBudget | null = null,
  ): Promise<EventRecord[]> {
    const lastGood = locked.stack.lastGoodVersion as number | null;
    const name = locked.stack.name as string;
    // The failure being undone stays readable on the stack once the rollback completes.
    const cause = {
      rollbackPending: null,
      rollbackCause: (locked.stack.statusReason as string | null) ?? null,
      // Stack.failureReason: the failure itself, without the stack's wording around it.
      rolledBackFailure: (locked.stack.failure as string | null) ?? null,
    };
    if (lastGood == null) return this.startTraversal(tx, locked, 'ROLLBACK', null, cause);
    const good = await tx.versionByNumber(locked.stack.id as string, lastGood);
    if (!good) throw new AppError('INVALID_STATE', `Version ${lastGood} of stack ${name} is missing`);
    const template = this.secrets.openTemplate(good.template as string);
    const parameters = this.secrets.open(parseJson(good.parameters, {}));
    const environment = this.openedEnvironment(good);
    const files = this.openedFiles(good);
    // In a compile thread, bounded (per template, and by the request's budget when a request asked).
    const result = await this.compileStored(
      template,
      { ...parameters, ...pseudoParameters(stackIdentity(locked)) },
      { environment, files },
      budget,
    );
    if (!result.ok) {
      // The registry changed since that version was accepted: fail rather than guess.
      return this.failLocked(
        tx,
        locked,
        `Cannot roll back: version ${lastGood} is no longer valid: ${result.problems[0]?.message ?? ''}`,
        false,
      );
    }
    return this.startTraversal(
      tx,
      locked,
      'ROLLBACK',
      { compiled: result.template, template, parameters, environment, files, rollbackOf: lastGood },
      cause,
    );
  }

  /** Supersedes the running traversal with an empty one and marks the stack failed with `reason`. */
  /** Nothing new starts; the stack fails (without rollback) once in-flight actions finish. */
  private async cancelLocked(tx: StackTransaction, locked: LockedStack): Promise<EventRecord[]> {
    const s = locked.stack;
    const stackId = s.id as string;
    const write = cancelStack(
      {
        id: stackId,
        action: s.action as StackAction,
        traversal: s.traversal as string | null,
        version: s.version as number,
        eventSeq: (s.eventSeq as number) ?? 0,
        running: (s.running as number) ?? 0,
      },
      await tx.observedLiveCount(stackId),
      Date.now(),
    );
    await tx.writeStack(stackId, write);
    return [...write.events, ...(await this.cancelChildren(tx, stackId))];
  }

  /**
   * Cancel, rollback, delete and timeouts propagate down: child stacks still creating or updating
   * for this stack's parked resources are cancelled (each cancels its own), so their parents are
   * released (and report up) as soon as their in-flight actions end.
   */
  private async cancelChildren(tx: StackTransaction, stackId: string): Promise<EventRecord[]> {
    const events: EventRecord[] = [];
    for (const childId of await tx.runningChildren(stackId)) {
      const child = await tx.lockById(childId);
      if (child && isInProgress(child.stack.status as string))
        events.push(...(await this.cancelLocked(tx, child)));
    }
    return events;
  }

  private async failLocked(
    tx: StackTransaction,
    locked: LockedStack,
    reason: string,
    allowRollback: boolean,
  ): Promise<EventRecord[]> {
    const s = locked.stack;
    const write = failStack(
      {
        id: s.id as string,
        action: s.action as StackAction,
        traversal: s.traversal as string | null,
        version: s.version as number,
        eventSeq: (s.eventSeq as number) ?? 0,
        disableRollback: s.disableRollback === true,
      },
      reason,
      allowRollback,
      Date.now(),
    );
    await tx.writeStack(s.id as string, write);
    return [...write.events, ...(await this.cancelChildren(tx, s.id as string))];
  }

  /**
   * Starts a traversal of `action` towards `target` (null: no resources, i.e. delete everything).
   * Reads the live copies, plans the work items, persists the new version and the plan, and
   * points the stack at the new traversal; the previous traversal is superseded.
   */
  private async startTraversal(
    tx: StackTransaction,
    locked: LockedStack,
    action: StackAction,
    target: Target | null,
    extraSet: Record<string, unknown> = {},
    prepared?: { existing: LiveEntry[]; changes: ChangeSet | null },
  ): Promise<EventRecord[]> {
    const s = locked.stack;
    const stackId = s.id as string;
    const traversal = randomUUID();
    const existing = prepared?.existing ?? (await this.liveCopies(tx, stackId));
    const versionNumber = target ? ((s.version as number) ?? 0) + 1 : ((s.version as number) ?? 0);

    const resources = target?.compiled.resources ?? [];
    // Resources the change set leaves unchanged and settled are carried over to the new version
    // without a work item: the traversal covers only what changes (and what reads what changes).
    const carried = new Map<string, ChangeCopy>();
    const changes =
      prepared?.changes ?? (target && existing.some((r) => r.live) ? this.changeSet(target, existing) : null);
    for (const r of changes?.resources ?? []) if (r.carriedFrom) carried.set(r.name, r.carriedFrom);
    const carriedBases = new Set([...carried.values()].map((c) => c.id));
    const liveCopies = existing.filter((r) => r.live && !carriedBases.has(r.id));
    // A carried-over resource is its live copy's node, shared with the versions before.
    const ids = new Map(resources.map((r) => [r.name, carried.get(r.name)?.id ?? randomUUID()]));
    const plan = planTraversal(
      resources
        .filter((r) => !carried.has(r.name))
        .map((r) => ({
          id: ids.get(r.name)!,
          name: r.name,
          requires: r.requires.filter((name) => !carried.has(name)),
        })),
      liveCopies,
    );
    if (plan.droppedCycles.length > 0) {
      this.log.warn(
        { stack: s.name, cycles: plan.droppedCycles },
        'cleanup references formed a cycle; some delete ordering was relaxed',
      );
    }
    const items = new Map(plan.items.map((i) => [i.id, i]));
    const targetIds = new Set<string>(ids.values());
    const work = (id: string) => {
      const item = items.get(id)!;
      // A converge item's successors in the target version are its NEEDED_BY edges (finish.cypher
      // follows them); only the others (cleanup items) are stored.
      const extra = item.work === 'CONVERGE' ? item.next.filter((n) => !targetIds.has(n)) : item.next;
      return {
        traversal,
        work: item.work,
        workState: item.pending === 0 ? 'READY' : 'WAITING',
        pending: item.pending,
        next: extra.length > 0 ? extra : null,
        notBefore: 0,
        plannedAction: item.plannedAction,
      };
    };

    if (target) {
      const sealed = this.sealTarget(target);
      const nestedInputs = this.nestedInputsOf(target);
      await tx.insertVersion({
        stackId,
        version: {
          id: randomUUID(),
          number: versionNumber,
          template: sealed.template,
          parameters: JSON.stringify(sealed.parameters),
          environment: sealed.environment.length > 0 ? JSON.stringify(sealed.environment) : null,
          files: Object.keys(sealed.files).length > 0 ? JSON.stringify(sealed.files) : null,
          parameterValues: JSON.stringify(sealed.parameterValues),
          hiddenParameters: target.compiled.hiddenParameters,
          outputs: JSON.stringify(sealed.outputs),
          description: target.compiled.description ?? null,
          status: 'IN_PROGRESS',
          action,
          resourceCount: resources.length,
          rollbackOf: target.rollbackOf ?? null,
        },
        resources: resources.map((r, index) => {
          // A carried-over resource is only linked (insert-version): its node stays as it is.
          const base = carried.get(r.name);
          if (base) return { fields: { order: index }, baseId: base.id };
          const fields: Record<string, unknown> = {
            id: ids.get(r.name)!,
            name: r.name,
            type: r.type,
            version: versionNumber,
            deletionPolicy: r.deletionPolicy,
            updatePolicy: r.updatePolicy ? JSON.stringify(r.updatePolicy) : null,
            description: r.description ?? null,
            definition: JSON.stringify(sealed.seal(r.definition)),
            metadata: Object.keys(r.metadata).length > 0 ? JSON.stringify(sealed.seal(r.metadata)) : null,
            retryCount: 0,
            order: index,
            nestedInputs: this.isNestedType(r.type) ? nestedInputs : null,
            // Taken over, not created (see ActionRunner.adopt); external_id resources always.
            adoptId: r.externalId ?? target.adopt?.get(r.name) ?? null,
            // decrement.cypher makes the item READY this much later (ResourceGroup's pause_time).
            startDelayMs:
              target.startDelays && Object.hasOwn(target.startDelays, r.name)
                ? target.startDelays[r.name]
                : null,
            ...work(ids.get(r.name)!),
            properties: JSON.stringify(sealed.sealProperties(r.type, r.properties)),
            status: 'INIT_COMPLETE',
            observedReady: false,
          };
          return { fields, baseId: null };
        }),
        edges: versionEdges(resources, carried, new Map(existing.map((e) => [e.id, e.linkedFrom ?? []]))),
      });
    }

    const updates: Array<{ id: string; set: Record<string, unknown> }> = [];
    for (const r of existing) {
      if (carriedBases.has(r.id)) continue;
      if (items.has(r.id)) {
        const set: Record<string, unknown> = work(r.id);
        const release = plan.onRelease.get(r.id);
        if (release) set.onRelease = release;
        updates.push({ id: r.id, set });
      } else {
        // Outstanding work of a superseded traversal on a copy that owns nothing: retire it.
        updates.push({ id: r.id, set: { workState: 'SUPERSEDED', traversal } });
      }
    }
    await tx.setWork(updates);

    const write = startTraversal({ id: stackId, eventSeq: (s.eventSeq as number) ?? 0 }, action, plan, {
      traversal,
      version: versionNumber,
      newVersion: target !== null,
      timeoutSeconds: (extraSet.timeoutSeconds ?? s.timeoutSeconds ?? null) as number | null,
      now: Date.now(),
      extraSet,
      carriedOver: [...carried].map(([name, copy]) => ({
        id: ids.get(name)!,
        name,
        status: copy.status,
        physicalResourceId: copy.physicalResourceId,
      })),
    });
    await tx.writeStack(stackId, write);
    if (action === 'DELETE' || action === 'ROLLBACK')
      return [...write.events, ...(await this.cancelChildren(tx, stackId))];
    return write.events;
  }

  /**
   * What of a target is stored sealed: hidden parameters by name (given values, compiled values,
   * environments), secret properties by schema, and anything else holding a hidden value or a
   * secret property's value (parameters included).
   */
  private sealTarget(target: Target) {
    const hidden = target.compiled.hiddenParameters;
    const known = hiddenValues({ ...target.parameters, ...target.compiled.parameterValues }, hidden);
    const template = this.sealTexts(target, known);
    for (const value of template.values) known.add(value);
    const sealByName = (values: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          hidden.includes(k) && v != null
            ? this.secrets.encrypt(typeof v === 'string' ? v : JSON.stringify(v))
            : v,
        ]),
      );
    return {
      template: template.text,
      files: template.files,
      // By name (hidden parameters), then by value: a parameter that is not hidden but feeds a
      // secret property (a password passed as a plain parameter) is as secret as the property.
      parameters: this.secrets.seal(sealByName(target.parameters), known),
      parameterValues: this.secrets.seal(sealByName(target.compiled.parameterValues), known),
      environment: target.environment.map((text) => this.secrets.sealEnvironment(text, hidden)),
      outputs: this.secrets.seal(target.compiled.outputs, known),
      seal: <T>(value: T) => this.secrets.seal(value, known),
      sealProperties: (type: string, properties: Record<string, unknown>) =>
        this.secrets.sealProperties(this.registry.get(type), properties, known),
    };
  }

  /**
   * The template text and files to persist, with their literal secrets sealed (secret properties of
   * each resource's type, hidden parameters' defaults, and any value holding one), and every clear
   * secret value the compiled resources carry in secret properties (literal or not), so that what
   * else of the version holds one (definitions, outputs) is sealed by value. Files (nested
   * templates, get_file texts) are sealed as templates and by every secret known for the version
   * (`hidden`: hidden parameters' values; the template's and every file's literal secrets).
   */
  private sealTexts(
    target: Target,
    hidden: ReadonlySet<string>,
  ): { text: string; files: Record<string, string>; values: string[] } {
    const paths = new Map<string, readonly string[]>();
    const pathsOf = (type: string | undefined): readonly string[] => {
      if (!type) return [];
      let found = paths.get(type);
      if (!found) {
        const schema = this.registry.get(type);
        found = schema ? secretPaths(schema) : [];
        paths.set(type, found);
      }
      return found;
    };
    const values = new Set(this.secretTexts(target.compiled.resources));
    const typeOf = new Map(target.compiled.resources.map((r) => [r.name, r.type]));
    const templatePaths = (name: string, declared: string | undefined) =>
      pathsOf(typeOf.get(name) ?? declared);
    const fileNames = Object.keys(target.files);
    if (fileNames.length === 0) {
      // Most templates hold no secret at all: no parse of the text for them.
      if (
        values.size === 0 &&
        target.compiled.hiddenParameters.length === 0 &&
        // Nested-stack types may carry a template inline (resource_def, template): parsed too.
        !target.compiled.resources.some((r) => this.registry.get(r.type)?.nested)
      )
        return { text: target.template, files: {}, values: [] };
      const sealed = this.secrets.sealTemplate(target.template, templatePaths);
      for (const v of sealed.values) values.add(v);
      return { text: sealed.text, files: {}, values: [...values] };
    }
    // A file's resources are typed by their declared type through the environment's registry.
    const mapType = environmentTypeMapper(target.environment, target.files);
    const filePaths = (name: string, declared: string | undefined) =>
      pathsOf(declared === undefined ? undefined : mapType(name, declared));
    // First every text's own literal secrets, then each text sealed by all of them: a password
    // written in a nested template and repeated in the top template (or another file) is sealed
    // in both.
    for (const name of fileNames)
      for (const v of this.secrets.sealTemplate(target.files[name]!, filePaths).values) values.add(v);
    const sealed = this.secrets.sealTemplate(target.template, templatePaths, values);
    for (const v of sealed.values) values.add(v);
    const known = new Set([...hidden, ...values]);
    const files: Record<string, string> = {};
    for (const name of fileNames)
      Object.defineProperty(files, name, {
        value: this.secrets.sealFile(target.files[name]!, filePaths, known).text,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return { text: sealed.text, files, values: [...values] };
  }

  /** `secretTexts` of live copies: what they were converged with (opened by liveCopies). */
  private liveSecretTexts(entries: readonly LiveEntry[]): string[] {
    return this.secretTexts(entries.map((e) => ({ type: e.type, properties: e.appliedProperties })));
  }

  /**
   * The clear values resources carry in properties their type marks secret (literal or from
   * parameters), to be masked or sealed wherever else they show. Evaluated values only: a call
   * left for run time (get_attr ...) holds names, not secrets.
   */
  private secretTexts(
    resources: ReadonlyArray<{ type: string; properties?: Record<string, unknown> | null }>,
  ): string[] {
    const values = new Set<string>();
    for (const r of resources) {
      const schema = this.registry.get(r.type);
      if (!schema || !r.properties) continue;
      transformSecrets(schema, r.properties, (v) => {
        // A list or map by its leaves, when it holds no call left for run time.
        if (typeof v === 'string' || typeof v === 'number') addSecretValue(values, v);
        else if (typeof v === 'object' && v !== null && referencedResources(v).size === 0)
          addSecretValue(values, v);
        return v;
      });
    }
    return [...values];
  }

  /** The live copies and outstanding items of a stack, with their stored secrets decrypted (to be compared, never written back). */
  private async liveCopies(
    source: { readLive(stackId: string): Promise<LiveEntry[]> },
    stackId: string,
  ): Promise<LiveEntry[]> {
    return this.secrets.open(await source.readLive(stackId));
  }

  /** A stored version's files with their sealed secrets opened, to compile them again. */
  private openedFiles(version: Parameters<typeof storedFiles>[0]): Record<string, string> {
    return this.secrets.openFiles(storedFiles(version));
  }

  /** A stored version's environments with their sealed values opened, to compile them again. */
  private openedEnvironment(version: Parameters<typeof storedEnvironment>[0]): string[] {
    return storedEnvironment(version).map((text) => this.secrets.openEnvironment(text));
  }

  private async lockByName(tx: StackTransaction, tenant: string, name: string): Promise<LockedStack> {
    const locked = await tx.lockByName(tenant, name);
    if (!locked) throw new AppError('NOT_FOUND', `No stack named ${name}`, { name });
    return locked;
  }

  private async lockById(tx: StackTransaction, id: string): Promise<LockedStack> {
    const locked = await tx.lockById(id);
    if (!locked) throw new AppError('NOT_FOUND', `No stack with id ${id}`);
    return locked;
  }

  private async write<T>(work: (tx: StackTransaction) => Promise<T>): Promise<T> {
    try {
      // A command that ends a child stack (timeout, cancel, nothing to do) finished its parent too.
      return await this.store.transaction(work, (nested) => {
        this.publisher.publish(nested.events);
        for (const t of nested.terminal)
          if (t.status.endsWith('_FAILED'))
            void this.startPendingRollback(t.id).catch((error: unknown) =>
              this.log.warn({ err: error, stackId: t.id }, 'could not start rollback now; the sweeper will'),
            );
        if (nested.becameReady > 0) this.workAvailable.raise();
      });
    } catch (error) {
      if (isMemoryLimit(error)) {
        throw new AppError(
          'LIMIT_EXCEEDED',
          "The stack is too large to persist within Neo4j's transaction memory; give Neo4j more heap (server.memory.heap.max_size, or NEO4J_LOCAL_HEAP for the local server) or split the stack",
          { limit: 'NEO4J_TRANSACTION_MEMORY' },
        );
      }
      throw error;
    }
  }

  private afterCommand(events: EventRecord[]): void {
    this.publisher.publish(events);
    this.workAvailable.raise();
  }
}

/** Heat's pseudo parameters, available to every template through get_param. */
export function pseudoParameters(stack: {
  id: string;
  name: string;
  tenant: string;
}): Record<string, unknown> {
  return { 'OS::stack_name': stack.name, 'OS::stack_id': stack.id, 'OS::project_id': stack.tenant };
}

/** The stack as its check's events name it: the operation is the last traversal's. */
function checkIdentity(locked: LockedStack) {
  const s = locked.stack;
  return {
    id: s.id as string,
    traversal: (s.traversal as string | null) ?? null,
    version: (s.version as number) ?? 0,
  };
}

function stackIdentity(locked: LockedStack) {
  return {
    id: locked.stack.id as string,
    name: locked.stack.name as string,
    tenant: locked.stack.tenant as string,
  };
}

/** Values of hidden parameters, masked wherever a preview shows a value containing one. */
function hiddenParameterTexts(compiled: CompiledTemplate): string[] {
  return compiled.hiddenParameters.map((name) => compiled.parameterValues[name]).flatMap(textOf);
}

function storedHiddenValues(version: Record<string, unknown> | null, secrets: SecretCodec): string[] {
  const values = secrets.open(parseJson<Record<string, unknown>>(version?.parameterValues, {}));
  const hidden = (version?.hiddenParameters as string[] | null) ?? [];
  return hidden.map((name) => values[name]).flatMap(textOf);
}

function textOf(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 0 ? [text] : [];
}

/**
 * An update that would change nothing: the stack stands complete, the request repeats its current
 * version's template, parameters, environments and files, and every resource is carried over.
 */
/** The same template, parameters, environment and files as the stack's version, every copy live. */
function sameInputs(
  locked: LockedStack,
  target: Target,
  existing: readonly LiveEntry[],
  secrets: SecretCodec,
): boolean {
  const { stack, version } = locked;
  if (!version || stack.action === 'DELETE' || !String(stack.status).endsWith('_COMPLETE')) return false;
  return (
    target.template === secrets.openTemplate(version.template as string) &&
    jsonEqual(target.parameters, secrets.open(parseJson(version.parameters, {}))) &&
    jsonEqual(
      [...target.environment],
      storedEnvironment(version).map((text) => secrets.openEnvironment(text)),
    ) &&
    jsonEqual({ ...target.files }, secrets.openFiles(storedFiles(version))) &&
    existing.every((r) => r.live)
  );
}

/** The request sets stack fields to the values they already have. */
function sameFields(stack: Record<string, unknown>, set: Record<string, unknown>): boolean {
  return Object.entries(set).every(([key, value]) => (stack[key] ?? null) === (value ?? null));
}

/** Adopt data problems as one BAD_USER_INPUT error: each problem with its path under `adopt`. */
function adoptProblems(problems: readonly AdoptProblem[]): AppError {
  return new AppError(
    'BAD_USER_INPUT',
    `Invalid adopt data: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    { field: 'adopt', problems },
  );
}

function validateName(name: string): void {
  if (!STACK_NAME.test(name)) {
    throw new AppError(
      'BAD_USER_INPUT',
      'A stack name starts with a letter and contains only letters, digits, "_", "-" and "." (at most 255 characters)',
      { field: 'name' },
    );
  }
}

function validateTimeout(timeoutSeconds: number | null | undefined): void {
  if (
    timeoutSeconds != null &&
    (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 7 * 86_400)
  ) {
    throw new AppError('BAD_USER_INPUT', 'timeoutSeconds must be an integer between 1 and 604800', {
      field: 'timeoutSeconds',
    });
  }
}

function compileBudgetExceeded(limit: string, ms: number): AppError {
  return new AppError(
    'LIMIT_EXCEEDED',
    `Compiling the template took longer than ${limit === 'MAX_COMPILE_SECONDS' ? 'one template' : 'this request'} may (${(ms / 1000).toFixed(1)} s); simplify it (allowed_pattern, size)`,
    { limit, max: Math.round(ms) / 1000 },
  );
}
