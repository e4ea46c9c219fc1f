// Long on purpose: converge, recover, cleanup and settle share the held-item bookkeeping, the slots and the observer; the decisions themselves are in src/convergence.
/**
 * Runs the actions of claimed work items: decides keep / update / replace (the convergence core's
 * `decideConvergence`), calls the resource type's action within a bounded number of slots, hands
 * started resources to the observer, and submits each outcome (built by the core's `outcomes.ts`)
 * to the committer. Holds every item it works on until its outcome is committed or it is released.
 */
import { decideConvergence } from '../convergence/decide.ts';
import {
  adoptVerdict,
  convergeStart,
  deletedOutcome,
  failedOutcome,
  readyOutcome,
  resourceEvent,
  retainedOutcome,
  type BeginFields,
  type FinishFields,
  type Verb,
} from '../convergence/outcomes.ts';
import type { BackoffPolicy } from '../convergence/retry.ts';
import type { CommitEntry, EntryResult } from '../convergence/settlement.ts';
import type { ResourceEvent } from '../events/record.ts';
import { transformSecrets } from '../secrets/index.ts';
import { addSecretValue, redactText, type SecretCodec } from '../secrets/sealing.ts';
import { leaseKey, type ItemRef } from '../convergence/work-item.ts';
import type { Logger } from '../log.ts';
import type { ResourceTypeRegistry } from '../resources/registry.ts';
import {
  PermanentActionError,
  type ActionContext,
  type ActionResult,
  type Observation,
  type ResourceType,
} from '../resources/types.ts';
import type { ClaimedItem } from '../store/claims.ts';
import type { Committer } from './committer.ts';
import { FairSlots } from './fair-slots.ts';
import type { EngineMetrics } from './metrics.ts';
import { Observer } from './observer.ts';
import { resolveProperties } from './resolution.ts';
import { nestedFinish } from './nested-stacks.ts';
import type { NestedRequest, NestedStartResult } from './stack-operations.ts';

/** Starts a nested-stack action (StackOperations.startNested). */
export interface NestedStarter {
  startNested(request: NestedRequest): Promise<NestedStartResult>;
}

export interface ActionRunnerOptions {
  /** Resource actions running at once in this process. */
  concurrency: number;
  /** Most of those one tenant may hold at once (see `FairSlots`); defaults to `concurrency`. */
  perTenant?: number;
  retry: BackoffPolicy & { limit: number };
  /** Upper bound for one action plus its observation when the stack has no deadline. */
  actionTimeoutMs: number;
}

const STACK_TIMEOUT_GRACE_MS = 5000;

/** Raised when the engine gives up on an action because the stack moved on or the worker is stopping. */
export class Superseded extends Error {}

interface PreviousState {
  properties: Record<string, unknown> | null;
  physicalResourceId: string | null;
  attributes: Record<string, unknown>;
  copyId?: string | null;
}

export class ActionRunner {
  /** Claims being worked on, by `leaseKey`: an item re-claimed after its lease expired may briefly be held twice. */
  private readonly held = new Map<string, { item: ClaimedItem; abort: AbortController }>();
  private readonly watching = new Set<string>();
  /** Clear secret values each held item carries (opened from storage, or produced by its actions). */
  private readonly secretValues = new WeakMap<ClaimedItem, Set<string>>();
  private readonly observer: Observer;
  private readonly slots: FairSlots;
  /** Moving average of action durations in ms (null until the first action ends). */
  private averageActionMs: number | null = null;
  readonly stats = { actions: 0, converged: 0, failed: 0, retried: 0 };

  constructor(
    private readonly registry: ResourceTypeRegistry,
    private readonly committer: Pick<Committer, 'submit'>,
    private readonly log: Logger,
    private readonly options: ActionRunnerOptions,
    private readonly metrics: EngineMetrics,
    private readonly secrets: SecretCodec,
    /** Acts on child stacks for nested-stack types; without it they fail (tests without nesting). */
    private readonly nested: NestedStarter | null = null,
  ) {
    this.observer = new Observer(log, 256, (type) => metrics.observerPoll(type));
    this.slots = new FairSlots(options.concurrency, options.perTenant ?? options.concurrency);
  }

  /** Items held: being acted on or observed. */
  get heldCount(): number {
    return this.held.size;
  }

  /** Items claimed but not yet handed to the observer or finished. */
  get pendingCount(): number {
    return this.held.size - this.observer.size;
  }

  get observing(): number {
    return this.observer.size;
  }

  get observerPolls(): number {
    return this.observer.polls;
  }

  get actionsRunning(): number {
    return this.slots.inUse;
  }

  /** Most actions one tenant may run at once in this process. */
  get perTenant(): number {
    return this.slots.perTenant;
  }

  /** Claimed items not yet handed to the observer, by tenant (what each tenant asks of the slots). */
  tenantLoads(): Map<string, number> {
    const loads = new Map<string, number>();
    for (const [key, { item }] of this.held) {
      if (this.watching.has(key)) continue;
      loads.set(item.stack.tenant, (loads.get(item.stack.tenant) ?? 0) + 1);
    }
    return loads;
  }

  /** Items waiting for a slot only because their tenant holds its share: they cost no slot. */
  get waitingOverTenantCap(): number {
    return this.slots.waitingOverCap;
  }

  get actionMs(): number | null {
    return this.averageActionMs;
  }

  /** Leases to renew. */
  leases(): Array<{ id: string; token: string }> {
    return [...this.held.values()].map(({ item }) => ({ id: item.id, token: item.token }));
  }

  /** Starts working on a claimed item; resolves when its outcome is submitted (or it is released). */
  run(claimed: ClaimedItem): Promise<void> {
    const item = this.openSecrets(claimed);
    const abort = new AbortController();
    this.held.set(leaseKey(item), { item, abort });
    return this.process(item, abort.signal);
  }

  /**
   * Stops observing and aborts whatever is still held, returning the leases to give back:
   * another worker observes those items first, so nothing is created twice.
   */
  releaseAll(): ItemRef[] {
    this.observer.stop();
    const refs: ItemRef[] = [];
    for (const { item, abort } of this.held.values()) {
      abort.abort(new Superseded('worker stopping'));
      refs.push(ref(item));
    }
    return refs;
  }

  private async process(item: ClaimedItem, signal: AbortSignal): Promise<void> {
    try {
      if (item.work === 'CLEANUP') await this.cleanup(item, signal);
      else await this.converge(item, signal);
    } catch (error) {
      if (error instanceof Superseded || signal.aborted) return;
      this.log.error(
        { err: error, resource: item.name, stack: item.stack.name },
        'work item failed unexpectedly',
      );
      await this.fail(item, verbOf(item), error, true).catch((failure: unknown) =>
        this.log.error({ err: failure, resource: item.name }, 'could not record the failure'),
      );
    } finally {
      if (!this.watching.has(leaseKey(item))) this.held.delete(leaseKey(item));
    }
  }

  private type(item: ClaimedItem): ResourceType {
    const type = this.registry.resolve(item.type);
    if (!type) throw new PermanentActionError(`Unknown resource type ${item.type}`);
    return type;
  }

  private resolveProperties(item: ClaimedItem, type: ResourceType): Record<string, unknown> {
    const deps = new Map(item.dependencies.map((d) => [d.name, d]));
    return resolveProperties(this.registry, type, item.properties, item.parameterValues, deps);
  }

  private async converge(item: ClaimedItem, signal: AbortSignal): Promise<void> {
    const type = this.type(item);
    let properties: Record<string, unknown>;
    try {
      properties = this.resolveProperties(item, type);
    } catch (error) {
      return this.fail(item, 'CREATE', error, true);
    }
    const dependencyCopies = item.dependencies.map((d) => d.copyId).filter((c): c is string => !!c);

    if (item.recover && item.action && item.actionStartedAt) {
      return this.recover(item, type, item.action, properties, dependencyCopies, signal);
    }

    let verb: Verb;
    let previous: PreviousState = {
      properties: item.appliedProperties,
      physicalResourceId: item.physicalResourceId,
      attributes: item.attributes,
    };
    let startedAt = item.actionStartedAt ?? Date.now();

    if (item.plannedAction === 'CREATE') {
      verb = 'CREATE';
      if (item.retryCount > 0 && item.physicalResourceId && !type.nested && !item.adoptId) {
        // A failed attempt may have left a broken physical resource behind: remove it first, as Heat does.
        await this.callAction(
          type,
          'delete',
          this.context(item, 'DELETE', item.appliedProperties ?? properties, startedAt, signal),
        ).catch((error: unknown) =>
          this.log.warn(
            { err: (error as Error).message, resource: item.name, stack: item.stack.name },
            'could not delete what a failed create left behind; creating again anyway',
          ),
        );
      }
    } else if (item.plannedAction === 'UPDATE') {
      verb = 'UPDATE';
      startedAt = Date.now();
      const reason = `Retry ${item.retryCount}`;
      const begun = await this.begin(item, {
        set: {
          status: 'UPDATE_IN_PROGRESS',
          statusReason: reason,
          action: 'UPDATE',
          actionStartedAt: startedAt,
        },
        event: resourceEvent(item, 'UPDATE_IN_PROGRESS', reason),
      });
      if (!begun) return;
    } else {
      startedAt = Date.now();
      const start = convergeStart(
        item,
        decideConvergence(type, properties, item.candidates, item.nestedInputs),
        properties,
        dependencyCopies,
        startedAt,
      );
      if (start.kind === 'keep') {
        const [begun] = await Promise.all([this.begin(item, start.begin), this.finish(item, start.finish)]);
        // A refused begin (the stack moved on) converged nothing.
        if (begun) this.converged();
        return;
      }
      if (!(await this.begin(item, start.begin))) return;
      // The finish records what the begin said it would do (see ConvergeChange).
      item.change = start.change;
      if (start.kind === 'update') {
        verb = 'UPDATE';
        previous = {
          properties: start.base.appliedProperties,
          physicalResourceId: start.base.physicalResourceId,
          attributes: start.base.attributes,
          copyId: start.base.copyId,
        };
        item.physicalResourceId = start.base.physicalResourceId;
      } else {
        verb = 'CREATE';
        previous = { properties: null, physicalResourceId: null, attributes: {}, copyId: item.id };
        item.physicalResourceId = null;
      }
    }

    const ctx = this.context(item, verb, properties, startedAt, signal, previous);
    if (verb === 'CREATE' && item.adoptId) return this.adopt(item, type, ctx, dependencyCopies);
    await this.runAction(item, type, ctx, dependencyCopies);
  }

  /**
   * The create of an adopted resource (adopt data, `external_id`): nothing is created; the type's
   * `observe` looks at the existing object by its physical id, and the resource becomes ready with
   * it (or waits for it, or fails: `ADOPT_RESOURCE_MISSING` when it does not exist).
   */
  private async adopt(
    item: ClaimedItem,
    type: ResourceType,
    ctx: ActionContext,
    dependencyCopies: string[],
  ): Promise<void> {
    const id = item.adoptId!;
    if (type.nested) {
      return this.fail(
        item,
        'CREATE',
        new PermanentActionError(`${item.type} resources cannot be adopted`, 'ADOPT_NOT_SUPPORTED'),
      );
    }
    ctx.physicalResourceId = id;
    let observation: Observation;
    try {
      observation = await type.observe(ctx);
    } catch (error) {
      if (ctx.signal.aborted) throw new Superseded('aborted');
      return this.fail(item, 'CREATE', error);
    }
    const verdict = adoptVerdict(observation, item.type, id);
    if (verdict.kind === 'fail') {
      return this.fail(item, 'CREATE', new PermanentActionError(verdict.reason, verdict.code));
    }
    // Marked as this resource's own so its delete acts on it; a retained one (external_id) is
    // never deleted here, and its object is left exactly as it was.
    if (type.adopt && item.deletionPolicy !== 'Retain') {
      try {
        await type.adopt(ctx);
      } catch (error) {
        if (ctx.signal.aborted) throw new Superseded('aborted');
        return this.fail(item, 'CREATE', error);
      }
    }
    this.log.info({ resource: item.name, stack: item.stack.name, physicalResourceId: id }, 'adopted');
    if (verdict.kind === 'wait') {
      await this.submit(item, { kind: 'progress', item: ref(item), set: { physicalResourceId: id } });
    }
    await this.settle(item, type, ctx, observation, dependencyCopies);
  }

  /**
   * An action may have started before its worker was lost. A create is observed first: creating
   * again blindly could make a second physical resource. Updates and deletes are idempotent by
   * nature ("make it look like this", "make it gone") and observing cannot tell whether they ever
   * reached the provider, so they are run again with the same idempotency key.
   */
  private async recover(
    item: ClaimedItem,
    type: ResourceType,
    verb: Verb,
    properties: Record<string, unknown>,
    dependencyCopies: string[],
    signal: AbortSignal,
  ): Promise<void> {
    const ctx = this.context(
      item,
      verb,
      verb === 'DELETE' ? (item.appliedProperties ?? properties) : properties,
      item.actionStartedAt!,
      signal,
    );
    if (verb === 'CREATE' && item.adoptId) return this.adopt(item, type, ctx, dependencyCopies);
    if (verb !== 'CREATE' || type.nested) {
      this.log.info(
        { resource: item.name, stack: item.stack.name, action: verb },
        'recovering an interrupted action by running it again',
      );
      await this.runAction(item, type, { ...ctx, startedAt: Date.now() }, dependencyCopies);
      return;
    }
    let observation: Observation;
    try {
      observation = await type.observe(ctx);
    } catch (error) {
      // The provider could not answer (yet): that says nothing about the resource. Keep observing;
      // failing here would retry the create and make a second physical resource.
      this.log.warn(
        { err: (error as Error).message, resource: item.name, stack: item.stack.name },
        'observing a recovered create failed; will keep observing',
      );
      this.watch(item, type, ctx, dependencyCopies);
      return;
    }
    if (observation.state === 'missing') {
      // The lost create never reached the provider: create it now (same idempotency key).
      await this.runAction(item, type, { ...ctx, startedAt: Date.now() }, dependencyCopies);
      return;
    }
    this.log.info(
      { resource: item.name, stack: item.stack.name, state: observation.state },
      'recovered a started action by observing it',
    );
    await this.settle(item, type, ctx, observation, dependencyCopies);
  }

  private async runAction(
    item: ClaimedItem,
    type: ResourceType,
    ctx: ActionContext,
    dependencyCopies: string[],
  ): Promise<void> {
    if (type.nested) return this.runNested(item, type, ctx, dependencyCopies);
    let result: ActionResult;
    try {
      result = await this.callAction(type, ctx.action.toLowerCase() as 'create' | 'update' | 'delete', ctx);
    } catch (error) {
      if (ctx.signal.aborted) throw new Superseded('aborted');
      return this.fail(item, ctx.action, error);
    }
    if (result.physicalResourceId !== undefined) ctx.physicalResourceId = result.physicalResourceId;
    if (result.attributes) ctx.attributes = result.attributes;
    if (result.done) {
      return this.settle(
        item,
        type,
        ctx,
        { state: ctx.action === 'DELETE' ? 'missing' : 'done', ...pickDone(result) },
        dependencyCopies,
      );
    }
    // Record the physical id before the outcome, so a crash while observing still knows the
    // resource. Queued, not awaited: observing only reads, and the committer writes in submission
    // order, one transaction at a time (a progress and a finish in one batch: progress first), so
    // the finish an observation leads to is never written before it. A short wait then does not
    // also wait for this commit.
    if (result.physicalResourceId !== undefined || result.attributes) {
      const set: Record<string, unknown> = {};
      if (result.physicalResourceId !== undefined) set.physicalResourceId = result.physicalResourceId;
      if (result.attributes) set.attributes = JSON.stringify(result.attributes);
      void this.submit(item, { kind: 'progress', item: ref(item), set }).catch((error: unknown) =>
        this.log.error(
          { err: error, resource: item.name, stack: item.stack.name },
          'could not record the physical id before observing',
        ),
      );
    }
    this.watch(item, type, ctx, dependencyCopies);
  }

  /**
   * A nested-stack type's action: the child stack's traversal starts and the item's lease is
   * parked in the same transaction; the item then leaves this worker (no slot, no renewal) and
   * the commit that completes the child finishes it. Repeating it (after a lost worker) finds
   * the child made before.
   */
  private async runNested(
    item: ClaimedItem,
    type: ResourceType,
    ctx: ActionContext,
    dependencyCopies: string[],
  ): Promise<void> {
    if (!this.nested)
      return this.fail(item, ctx.action, new PermanentActionError('nested stacks are not enabled'));
    const hooks = type.nested!;
    const parentCtx = {
      stackId: item.stack.id,
      stackName: item.stack.name,
      tenant: item.stack.tenant,
      name: item.name,
      resourceId: item.id,
      // ResourceGroup's batch_create / rolling_update (GroupContext).
      updatePolicy: item.updatePolicy,
    };
    let started: NestedStartResult;
    // Starting a child is real work (a read, a compile, a write transaction), so it takes a slot
    // like any action: a group's members all become ready at once, and without the bound a
    // 1,000-member group started 1,000 children at once (queueing on the connection pool and on
    // each other's locks, and past its tenant's share). Waiting for the child takes none.
    const owner = { tenant: item.stack.tenant, stack: item.stack.id };
    await this.slots.acquire(owner);
    try {
      started = await this.nested.startNested({
        verb: ctx.action,
        parent: {
          stackId: item.stack.id,
          resourceId: item.id,
          resourceName: item.name,
          token: item.token,
          ownerKey: ctx.idempotencyKey,
          childId: ctx.physicalResourceId ?? null,
        },
        define: ({ files, environment, previous, stackTimeoutMinutes, maxResources }) =>
          hooks.nestedStack(ctx.properties, {
            ...parentCtx,
            files,
            environment,
            maxResources,
            ...(previous ? { previous } : {}),
            ...(stackTimeoutMinutes === undefined ? {} : { stackTimeoutMinutes }),
          }),
        wait: { properties: ctx.properties, refs: dependencyCopies },
      });
    } catch (error) {
      if (ctx.signal.aborted) throw new Superseded('aborted');
      return this.fail(item, ctx.action, error);
    } finally {
      this.slots.release(owner);
    }
    if (started.kind === 'lost' || started.kind === 'parked') return;
    if (started.kind === 'invalid')
      return this.fail(item, ctx.action, new PermanentActionError(started.reason), true);
    if (ctx.action !== 'DELETE' && started.view?.child.status.endsWith('_COMPLETE')) this.converged();
    await this.finish(
      item,
      nestedFinish(
        this.registry,
        { ...item, physicalResourceId: started.view?.child.id ?? item.physicalResourceId },
        ctx.action,
        started.view,
        ctx.properties,
        dependencyCopies,
      ),
    );
  }

  private watch(item: ClaimedItem, type: ResourceType, ctx: ActionContext, dependencyCopies: string[]): void {
    // The stack's own timeout is the sweeper's to declare; the watch ends a little later, so the
    // resource then records that it was cut short rather than racing the stack's failure.
    const stackDeadline =
      item.stack.deadline == null ? Infinity : item.stack.deadline + STACK_TIMEOUT_GRACE_MS;
    const deadline = Math.min(stackDeadline, ctx.startedAt + this.options.actionTimeoutMs);
    this.watching.add(leaseKey(item));
    this.observer.watch({
      type,
      ctx,
      deadline,
      onResult: (observation) => {
        const settled =
          observation.state === 'timeout'
            ? this.fail(item, ctx.action, new Error(`${ctx.action} did not complete in time`), true)
            : this.settle(item, type, ctx, observation, dependencyCopies);
        void settled
          .catch((error: unknown) =>
            this.log.error({ err: error, resource: item.name }, 'settling an observation failed'),
          )
          .finally(() => {
            this.watching.delete(leaseKey(item));
            this.held.delete(leaseKey(item));
          });
      },
    });
  }

  /** Turns an observation into the item's outcome. */
  private async settle(
    item: ClaimedItem,
    type: ResourceType,
    ctx: ActionContext,
    observation: Observation,
    dependencyCopies: string[],
  ): Promise<void> {
    if (observation.state === 'pending') return this.watch(item, type, ctx, dependencyCopies);
    if (observation.state === 'failed') return this.fail(item, ctx.action, new Error(observation.reason));
    if (ctx.action === 'DELETE') {
      // For a delete, `done` and `missing` both mean the physical resource is gone.
      return this.finish(item, deletedOutcome(item, ctx.physicalResourceId ?? null));
    }
    if (observation.state === 'missing')
      return this.fail(item, ctx.action, new Error('the physical resource does not exist'));
    this.converged();
    await this.finish(
      item,
      readyOutcome(item, ctx.action, {
        properties: ctx.properties,
        physicalResourceId: observation.physicalResourceId ?? ctx.physicalResourceId ?? null,
        attributes: observation.attributes ?? ctx.attributes ?? {},
        dependencyCopies,
      }),
    );
  }

  private converged(): void {
    this.stats.converged++;
    this.metrics.converged(1);
  }

  private async fail(item: ClaimedItem, verb: Verb, error: unknown, permanent = false): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const { retried, ...outcome } = failedOutcome(
      item,
      verb,
      reason,
      permanent || error instanceof PermanentActionError,
      this.options.retry,
    );
    if (retried) this.stats.retried++;
    else this.stats.failed++;
    await this.finish(item, outcome);
  }

  private async cleanup(item: ClaimedItem, signal: AbortSignal): Promise<void> {
    if (!item.live) {
      // The target version took this copy over (or it never held a physical resource).
      return this.finish(item, { set: {}, workState: 'DONE' });
    }
    if (item.deletionPolicy === 'Retain') return this.finish(item, retainedOutcome(item));
    const type = this.type(item);
    const properties = item.appliedProperties ?? item.properties;
    if (item.recover && item.action === 'DELETE' && item.actionStartedAt) {
      return this.recover(item, type, 'DELETE', properties, [], signal);
    }
    const startedAt = Date.now();
    const begun = await this.begin(item, {
      set: {
        status: 'DELETE_IN_PROGRESS',
        statusReason: 'State changed',
        action: 'DELETE',
        actionStartedAt: startedAt,
      },
      event: {
        ...resourceEvent(item, 'DELETE_IN_PROGRESS', 'State changed'),
        physicalResourceId: item.physicalResourceId,
      },
    });
    if (!begun) return;
    const ctx = this.context(item, 'DELETE', properties, startedAt, signal);
    await this.runAction(item, type, ctx, []);
  }

  private context(
    item: ClaimedItem,
    action: Verb,
    properties: Record<string, unknown>,
    startedAt: number,
    signal: AbortSignal,
    previous?: PreviousState,
  ): ActionContext {
    return {
      resourceId: item.id,
      idempotencyKey: previous?.copyId ?? item.copyId ?? item.id,
      stackId: item.stack.id,
      stackName: item.stack.name,
      tenant: item.stack.tenant,
      name: item.name,
      action,
      properties,
      ...(previous?.properties
        ? { previousProperties: previous.properties }
        : item.appliedProperties
          ? { previousProperties: item.appliedProperties }
          : {}),
      physicalResourceId: previous ? previous.physicalResourceId : item.physicalResourceId,
      attributes: previous ? previous.attributes : item.attributes,
      startedAt,
      attempt: item.retryCount,
      signal,
    };
  }

  private async callAction(
    type: ResourceType,
    verb: 'create' | 'update' | 'delete',
    ctx: ActionContext,
  ): Promise<ActionResult> {
    const owner = { tenant: ctx.tenant ?? '', stack: ctx.stackId };
    await this.slots.acquire(owner);
    this.stats.actions++;
    const started = performance.now();
    let ok = false;
    try {
      const result = await type[verb](ctx);
      ok = true;
      return result;
    } finally {
      const ms = performance.now() - started;
      this.averageActionMs = this.averageActionMs === null ? ms : this.averageActionMs * 0.9 + ms * 0.1;
      this.metrics.action(type.name, verb, ms / 1000, ok);
      this.slots.release(owner);
    }
  }

  private async begin(item: ClaimedItem, entry: BeginFields): Promise<boolean> {
    const result = await this.submit(item, { kind: 'begin', item: ref(item), ...entry });
    return result.applied;
  }

  private async finish(item: ClaimedItem, entry: FinishFields): Promise<void> {
    await this.submit(item, { kind: 'finish', item: ref(item), ...entry } satisfies CommitEntry);
  }

  /**
   * The claimed item with every stored secret decrypted: actions and decisions see clear values,
   * which never leave this process unsealed (see `submit`).
   */
  private openSecrets(item: ClaimedItem): ClaimedItem {
    const found = new Set<string>();
    const open = this.secrets.open(
      {
        properties: item.properties,
        appliedProperties: item.appliedProperties,
        attributes: item.attributes,
        parameterValues: item.parameterValues,
        dependencies: item.dependencies,
        candidates: item.candidates,
      },
      found,
    );
    const opened: ClaimedItem = { ...item, ...open };
    this.secretValues.set(opened, found);
    return opened;
  }

  /**
   * Writes an entry with its secrets sealed: properties and attributes the type marks secret, and
   * every stored value or free text (status reason, failure) holding a secret this item carries.
   */
  private submit(item: ClaimedItem, entry: CommitEntry): Promise<EntryResult> {
    if (entry.kind === 'expire') return this.committer.submit(entry);
    const known = this.secretValues.get(item) ?? new Set<string>();
    this.secretValues.set(item, known);
    const type = this.registry.resolve(item.type);
    const set: Record<string, unknown> = { ...entry.set };
    const decoded = new Map<string, Record<string, unknown>>();
    for (const field of ['properties', 'appliedProperties', 'attributes'] as const) {
      if (typeof set[field] !== 'string') continue;
      const value = JSON.parse(set[field]) as Record<string, unknown> | null;
      if (!value) continue;
      decoded.set(field, value);
      if (type && field === 'attributes') {
        for (const [name, schema] of Object.entries(type.attributes))
          if (schema.secret) addSecretValue(known, value[name]);
      } else if (type) {
        transformSecrets(type, value, (v) => (addSecretValue(known, v), v));
      }
    }
    for (const [field, value] of decoded)
      set[field] = JSON.stringify(
        field === 'attributes'
          ? this.secrets.sealAttributes(type, value, known)
          : this.secrets.sealProperties(type, value, known),
      );
    for (const [k, v] of Object.entries(set))
      if (typeof v === 'string' && !decoded.has(k)) set[k] = redactText(v, known);
    const sealed = { ...entry, set } as CommitEntry & { event?: ResourceEvent; failure?: string };
    if (sealed.event?.reason)
      sealed.event = { ...sealed.event, reason: redactText(sealed.event.reason, known) };
    if (sealed.failure) sealed.failure = redactText(sealed.failure, known);
    return this.committer.submit(sealed);
  }
}

export function ref(item: ClaimedItem): ItemRef {
  return { id: item.id, stackId: item.stack.id, token: item.token, actionTraversal: item.actionTraversal };
}

function verbOf(item: ClaimedItem): Verb {
  if (item.work === 'CLEANUP') return 'DELETE';
  return item.plannedAction === 'UPDATE' ? 'UPDATE' : 'CREATE';
}

function pickDone(result: ActionResult): {
  physicalResourceId?: string | null;
  attributes?: Record<string, unknown>;
} {
  return {
    ...(result.physicalResourceId !== undefined ? { physicalResourceId: result.physicalResourceId } : {}),
    ...(result.attributes ? { attributes: result.attributes } : {}),
  };
}
