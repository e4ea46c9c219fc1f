import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import { decideConvergence } from '../graph/decide.ts';
import type { ResourceTypeRegistry } from '../resources/registry.ts';
import { normaliseProperties } from '../resources/properties.ts';
import {
  PermanentActionError,
  type ActionContext,
  type ActionResult,
  type Observation,
  type ResourceType,
} from '../resources/types.ts';
import type { Database } from '../store/database.ts';
import { isUnavailable } from '../store/database.ts';
import { resolveValue, selectPath } from '../template/index.ts';
import { Committer } from './committer.ts';
import type { EventPublisher } from './events.ts';
import { retryDelay, type ResourceEvent } from './ledger.ts';
import { noMetrics, type EngineMetrics } from './metrics.ts';
import { Observer } from './observer.ts';
import {
  claimItems,
  leaseKey,
  type ClaimedItem,
  type CommitEntry,
  type CommitResult,
  type ItemRef,
} from './store.ts';

export interface WorkerOptions {
  /** Resource actions running at once in this process. */
  concurrency: number;
  /** Most items one claim statement takes. */
  claimBatch: number;
  leaseMs: number;
  pollIntervalMs: number;
  retryLimit: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Upper bound for one action plus its observation when the stack has no deadline. */
  actionTimeoutMs: number;
  /** How long `stop()` waits for running actions before releasing their claims. */
  shutdownGraceMs?: number;
  /** Only work on stacks of these tenants (dedicated worker pools); null or empty for all. */
  tenants?: readonly string[] | null;
}

export type WorkerState = 'initial' | 'running' | 'stopping' | 'stopped';

type Verb = 'CREATE' | 'UPDATE' | 'DELETE';

const STACK_TIMEOUT_GRACE_MS = 5000;
/** Actions quicker than this on average are claimed in full batches (see claimCapacity). */
const QUICK_ACTION_MS = 2;

/** Raised when the engine gives up on an action because the stack moved on or the worker is stopping. */
class Superseded extends Error {}

/**
 * A convergence worker: claims ready work items from Neo4j, runs resource actions with bounded
 * concurrency, hands started resources to the observer, and commits outcomes in batches.
 * Several workers (in one or many processes) can share a database; claims are leases.
 *
 * Lifecycle: initial -> running -> stopping (no new claims, running actions finish or are
 * released after the grace period) -> stopped.
 */
export class Worker {
  readonly owner: string;
  state: WorkerState = 'initial';
  private readonly committer: Committer;
  private readonly observer: Observer;
  /** Claims being worked on, by `leaseKey`: an item re-claimed after its lease expired may briefly be held twice. */
  private readonly held = new Map<string, { item: ClaimedItem; abort: AbortController }>();
  private activeActions = 0;
  private slotWaiters: Array<() => void> = [];
  private wakeUp: (() => void) | null = null;
  private loops: Promise<void>[] = [];
  private leaseTimer: NodeJS.Timeout | null = null;
  /** Counters for metrics and tests. */
  readonly stats = { claimed: 0, actions: 0, converged: 0, failed: 0, retried: 0 };

  constructor(
    private readonly db: Database,
    private readonly registry: ResourceTypeRegistry,
    private readonly publisher: EventPublisher,
    private readonly log: Logger,
    private readonly options: WorkerOptions,
    private readonly onCommitted: (result: CommitResult) => void = () => {},
    private readonly metrics: EngineMetrics = noMetrics,
  ) {
    this.owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.committer = new Committer(db, log, (result) => this.committed(result), 2000, metrics);
    this.observer = new Observer(log, 256, (type) => metrics.observerPoll(type));
  }

  /** Queues a write with this worker's batched commits (the sweeper uses it too). */
  submit(entry: CommitEntry) {
    return this.committer.submit(entry);
  }

  get observing(): number {
    return this.observer.size;
  }

  get observerPolls(): number {
    return this.observer.polls;
  }

  start(): void {
    if (this.state !== 'initial') throw new Error(`worker is ${this.state}`);
    this.state = 'running';
    this.loops.push(this.claimLoop());
    this.leaseTimer = setInterval(() => void this.renewLeases(), Math.max(250, this.options.leaseMs / 3));
    this.log.info({ owner: this.owner, concurrency: this.options.concurrency }, 'worker started');
  }

  /** Asks the claim loop to look for work now (new stack, or successors made ready elsewhere). */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    this.wake();
    await Promise.all(this.loops);
    const grace = this.options.shutdownGraceMs ?? 10_000;
    const deadline = Date.now() + grace;
    while (this.activeActions > 0 && Date.now() < deadline) await sleep(25);
    // Whatever is still held (slow actions, resources being observed) goes back to the pool:
    // another worker observes it first, so nothing is created twice.
    this.observer.stop();
    for (const { abort } of this.held.values()) abort.abort(new Superseded('worker stopping'));
    const releases = [...this.held.values()].map(({ item }) =>
      this.committer.submit({ kind: 'expire', item: ref(item), force: true }).catch(() => undefined),
    );
    await Promise.race([Promise.all(releases), sleep(5000)]);
    await Promise.race([this.committer.drain(), sleep(5000)]);
    this.committer.abandon();
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.state = 'stopped';
    this.log.info({ owner: this.owner, released: releases.length }, 'worker stopped');
  }

  private committed(result: CommitResult): void {
    this.publisher.publish(result.events);
    for (const r of result.readiness) this.publisher.publishReadiness(r);
    // Finished items free claim capacity and successors may have become ready. Wake the claim loop
    // only after the finished items' own continuations have run, so it sees the freed capacity.
    setImmediate(() => this.wake());
    this.onCommitted(result);
  }

  private async claimLoop(): Promise<void> {
    let backoff = 100;
    while (this.state === 'running') {
      const capacity = this.claimCapacity();
      if (capacity <= 0) {
        await this.idle(this.options.pollIntervalMs);
        continue;
      }
      let claimed: ClaimedItem[];
      try {
        const token = randomUUID();
        const started = performance.now();
        const result = await claimItems(
          this.db,
          this.owner,
          token,
          Math.min(this.options.claimBatch, capacity),
          this.options.leaseMs,
          this.options.tenants?.length ? this.options.tenants : null,
        );
        claimed = result.items;
        this.metrics.claimed(claimed.length, (performance.now() - started) / 1000);
        this.publisher.publish(result.events);
        backoff = 100;
      } catch (error) {
        if (!isUnavailable(error)) this.log.error({ err: error }, 'claim failed');
        else
          this.log.warn(
            { err: (error as Error).message, retryInMs: backoff },
            'Neo4j unavailable; claims paused',
          );
        await this.idle(backoff);
        backoff = Math.min(backoff * 2, 5000);
        continue;
      }
      if (claimed.length === 0) {
        await this.idle(this.options.pollIntervalMs);
        continue;
      }
      this.stats.claimed += claimed.length;
      for (const item of claimed) {
        const abort = new AbortController();
        this.held.set(leaseKey(item), { item, abort });
        void this.process(item, abort.signal);
      }
    }
  }

  /**
   * How many items to claim now. Quick actions (no-op types, local computations) are claimed in
   * large batches, since the batch's round trips are the only cost; slow actions are claimed about
   * as fast as slots free up, so other processes get their share of a latency-bound stack.
   */
  private claimCapacity(): number {
    const pending = this.pendingLocal();
    if (this.actionMs !== null && this.actionMs < QUICK_ACTION_MS) {
      // Every claim costs a round trip under the stack lock whatever its size: claim a full batch
      // once at most half a batch is still on its way through, rather than topping up in crumbs.
      return pending <= this.options.claimBatch / 2 ? this.options.claimBatch : 0;
    }
    return this.options.concurrency * 2 - pending;
  }

  /** Moving average of action durations in ms (null until the first action ends). */
  private actionMs: number | null = null;

  private recordActionTime(ms: number): void {
    this.actionMs = this.actionMs === null ? ms : this.actionMs * 0.9 + ms * 0.1;
  }

  /** Items claimed but not yet handed to the observer or finished. */
  private pendingLocal(): number {
    return this.held.size - this.observer.size;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this; // eslint-disable-line @typescript-eslint/no-this-alias
      function done() {
        clearTimeout(timer);
        if (self.wakeUp === done) self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async renewLeases(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      const items = [...this.held.values()].map(({ item }) => ({ id: item.id, token: item.token }));
      await this.db.run('engine/renew-leases', { items, leaseMs: Math.round(this.options.leaseMs) });
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'lease renewal failed');
    }
  }

  private async slot(): Promise<void> {
    if (this.activeActions < this.options.concurrency) {
      this.activeActions++;
      return;
    }
    await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.slotWaiters.shift();
    if (next) next();
    else this.activeActions--;
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
      await this.fail(item, verbOf(item), error, true).catch(() => undefined);
    } finally {
      if (!this.watching.has(leaseKey(item))) this.held.delete(leaseKey(item));
    }
  }

  private readonly watching = new Set<string>();

  private type(item: ClaimedItem): ResourceType {
    const type = this.registry.get(item.type);
    if (!type) throw new PermanentActionError(`Unknown resource type ${item.type}`);
    return type;
  }

  private resolveProperties(item: ClaimedItem, type: ResourceType): Record<string, unknown> {
    const deps = new Map(item.dependencies.map((d) => [d.name, d]));
    const resolved = resolveValue(item.properties, {
      parameter: (name) => item.parameterValues[name],
      resourceReference: (name) => deps.get(name)?.physicalResourceId ?? null,
      attribute: (name, path) => selectPath(deps.get(name)?.attributes ?? {}, path),
    }) as Record<string, unknown>;
    return normaliseProperties(type, resolved);
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
    let previous: {
      properties: Record<string, unknown> | null;
      physicalResourceId: string | null;
      attributes: Record<string, unknown>;
      copyId?: string | null;
    } = {
      properties: item.appliedProperties,
      physicalResourceId: item.physicalResourceId,
      attributes: item.attributes,
    };
    let startedAt = item.actionStartedAt ?? Date.now();

    if (item.plannedAction === 'CREATE') {
      verb = 'CREATE';
      if (item.retryCount > 0 && item.physicalResourceId) {
        // A failed attempt may have left a broken physical resource behind: remove it first, as Heat does.
        await this.callAction(
          type,
          'delete',
          this.context(item, 'DELETE', item.appliedProperties ?? properties, startedAt, signal),
        ).catch(() => undefined);
      }
    } else if (item.plannedAction === 'UPDATE') {
      verb = 'UPDATE';
      startedAt = Date.now();
      const begun = await this.begin(item, {
        set: {
          status: 'UPDATE_IN_PROGRESS',
          statusReason: `Retry ${item.retryCount}`,
          action: 'UPDATE',
          actionStartedAt: startedAt,
        },
        event: event(item, 'UPDATE_IN_PROGRESS', `Retry ${item.retryCount}`),
      });
      if (!begun) return;
    } else {
      const decision = decideConvergence(type, properties, item.candidates);
      startedAt = Date.now();
      if (decision.kind === 'NOOP' || decision.kind === 'UPDATE') {
        const base = decision.base;
        const keep = decision.kind === 'NOOP';
        const status = keep ? base.status : 'UPDATE_IN_PROGRESS';
        const set: Record<string, unknown> = {
          live: true,
          copyId: base.copyId,
          physicalResourceId: base.physicalResourceId,
          attributes: JSON.stringify(base.attributes),
          appliedProperties: JSON.stringify(base.appliedProperties),
          refs: [...new Set([...base.refs, ...dependencyCopies])],
          plannedAction: keep ? 'NOOP' : 'UPDATE',
          status,
          statusReason: keep ? 'Unchanged: kept as is' : 'State changed',
          properties: JSON.stringify(properties),
        };
        if (!keep) Object.assign(set, { action: 'UPDATE', actionStartedAt: startedAt });
        if (keep) {
          // Taking over an unchanged copy is one write: begin and finish commit together.
          const [begun] = await Promise.all([
            this.begin(item, { set, baseId: base.id, link: 'SUCCEEDS' }),
            this.finish(item, {
              set: { observedReady: true, refs: dependencyCopies },
              workState: 'DONE',
              observed: true,
              requiresBegin: true,
              event: {
                ...event(item, status, 'Unchanged'),
                observedReady: true,
                physicalResourceId: base.physicalResourceId,
              },
            }),
          ]);
          if (begun) this.stats.converged++;
          this.metrics.converged(1);
          return;
        }
        const begun = await this.begin(item, {
          set,
          baseId: base.id,
          link: 'SUCCEEDS',
          event: {
            ...event(item, 'UPDATE_IN_PROGRESS', 'State changed'),
            physicalResourceId: base.physicalResourceId,
          },
        });
        if (!begun) return;
        verb = 'UPDATE';
        previous = {
          properties: base.appliedProperties,
          physicalResourceId: base.physicalResourceId,
          attributes: base.attributes,
          copyId: base.copyId,
        };
        item.physicalResourceId = base.physicalResourceId;
      } else {
        const reason = decision.kind === 'REPLACE' ? `Replacing: ${decision.reason}` : 'State changed';
        const begun = await this.begin(item, {
          set: {
            live: true,
            copyId: item.id,
            refs: dependencyCopies,
            plannedAction: 'CREATE',
            status: 'CREATE_IN_PROGRESS',
            statusReason: reason,
            action: 'CREATE',
            actionStartedAt: startedAt,
            properties: JSON.stringify(properties),
          },
          ...(decision.kind === 'REPLACE' ? { baseId: decision.base.id, link: 'REPLACES' as const } : {}),
          event: event(item, 'CREATE_IN_PROGRESS', reason),
        });
        if (!begun) return;
        verb = 'CREATE';
        previous = { properties: null, physicalResourceId: null, attributes: {}, copyId: item.id };
        item.physicalResourceId = null;
      }
    }

    const ctx = this.context(item, verb, properties, startedAt, signal, previous);
    await this.runAction(item, type, ctx, dependencyCopies);
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
    if (verb !== 'CREATE') {
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
    // Record the physical id before waiting, so a crash while observing still knows the resource.
    if (result.physicalResourceId !== undefined || result.attributes) {
      const set: Record<string, unknown> = {};
      if (result.physicalResourceId !== undefined) set.physicalResourceId = result.physicalResourceId;
      if (result.attributes) set.attributes = JSON.stringify(result.attributes);
      await this.committer.submit({ kind: 'progress', item: ref(item), set });
    }
    this.watch(item, type, ctx, dependencyCopies);
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
      const status = 'DELETE_COMPLETE';
      await this.finish(item, {
        set: { live: null, status, statusReason: 'State changed', observedReady: false, retryCount: 0 },
        workState: 'DONE',
        event: {
          ...event(item, status, 'State changed'),
          physicalResourceId: ctx.physicalResourceId ?? null,
        },
      });
      return;
    }
    if (observation.state === 'missing')
      return this.fail(item, ctx.action, new Error('the physical resource does not exist'));
    const physicalResourceId = observation.physicalResourceId ?? ctx.physicalResourceId ?? null;
    const attributes = observation.attributes ?? ctx.attributes ?? {};
    const status = `${ctx.action}_COMPLETE`;
    this.stats.converged++;
    this.metrics.converged(1);
    // Write only what changed: at thousands of resources per second, every property write counts.
    const set: Record<string, unknown> = {
      status,
      observedReady: true,
      appliedProperties: JSON.stringify(ctx.properties),
    };
    if (item.statusReason !== 'State changed') set.statusReason = 'State changed';
    if (physicalResourceId !== item.physicalResourceId) set.physicalResourceId = physicalResourceId;
    const attributesJson = JSON.stringify(attributes);
    if (attributesJson !== JSON.stringify(item.attributes)) set.attributes = attributesJson;
    if (dependencyCopies.join() !== item.refs.join())
      set.refs = dependencyCopies.length > 0 ? dependencyCopies : null;
    if (!item.live) set.live = true;
    await this.finish(item, {
      set,
      workState: 'DONE',
      observed: true,
      event: { ...event(item, status, 'State changed'), observedReady: true, physicalResourceId },
    });
  }

  private async fail(item: ClaimedItem, verb: Verb, error: unknown, permanent = false): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const isPermanent = permanent || error instanceof PermanentActionError;
    const attempt = item.retryCount;
    if (!isPermanent && attempt < this.options.retryLimit) {
      const delayMs = retryDelay(attempt, this.options.retryBaseMs, this.options.retryMaxMs);
      const statusReason = `Attempt ${attempt + 1} failed: ${reason}; retry ${attempt + 1} of ${this.options.retryLimit} in ${(delayMs / 1000).toFixed(1)} s`;
      this.stats.retried++;
      await this.finish(item, {
        set: { retryCount: attempt + 1, statusReason },
        workState: 'READY',
        delayMs,
        event: event(item, `${verb}_IN_PROGRESS`, statusReason),
      });
      return;
    }
    const status = `${verb}_FAILED`;
    this.stats.failed++;
    const why = attempt > 0 ? `${reason} (after ${attempt + 1} attempts)` : reason;
    await this.finish(item, {
      set: { status, statusReason: why, observedReady: false },
      workState: 'FAILED',
      failure: `Resource ${verb} failed: ${item.name}: ${why}`,
      event: event(item, status, why),
    });
  }

  private async cleanup(item: ClaimedItem, signal: AbortSignal): Promise<void> {
    if (!item.live) {
      // The target version took this copy over (or it never held a physical resource).
      await this.finish(item, { set: {}, workState: 'DONE' });
      return;
    }
    if (item.deletionPolicy === 'Retain') {
      const reason = 'Retained: the physical resource was kept and removed from the stack';
      await this.finish(item, {
        set: { live: null, status: 'DELETE_COMPLETE', statusReason: reason, observedReady: false },
        workState: 'DONE',
        event: { ...event(item, 'DELETE_COMPLETE', reason), physicalResourceId: item.physicalResourceId },
      });
      return;
    }
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
        ...event(item, 'DELETE_IN_PROGRESS', 'State changed'),
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
    previous?: {
      properties: Record<string, unknown> | null;
      physicalResourceId: string | null;
      attributes: Record<string, unknown>;
      copyId?: string | null;
    },
  ): ActionContext {
    return {
      resourceId: item.id,
      idempotencyKey: previous?.copyId ?? item.copyId ?? item.id,
      stackId: item.stack.id,
      stackName: item.stack.name,
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
    await this.slot();
    this.stats.actions++;
    const started = performance.now();
    let ok = false;
    try {
      const result = await type[verb](ctx);
      ok = true;
      return result;
    } finally {
      const ms = performance.now() - started;
      this.recordActionTime(ms);
      this.metrics.action(type.name, verb, ms / 1000, ok);
      this.releaseSlot();
    }
  }

  private async begin(
    item: ClaimedItem,
    entry: {
      set: Record<string, unknown>;
      baseId?: string;
      link?: 'SUCCEEDS' | 'REPLACES';
      event?: ResourceEvent;
    },
  ): Promise<boolean> {
    const result = await this.committer.submit({ kind: 'begin', item: ref(item), ...entry });
    return result.applied;
  }

  private async finish(
    item: ClaimedItem,
    entry: Omit<Extract<CommitEntry, { kind: 'finish' }>, 'kind' | 'item'>,
  ): Promise<void> {
    await this.committer.submit({ kind: 'finish', item: ref(item), ...entry });
  }
}

function ref(item: ClaimedItem): ItemRef {
  return { id: item.id, stackId: item.stack.id, token: item.token, actionTraversal: item.actionTraversal };
}

function verbOf(item: ClaimedItem): Verb {
  if (item.work === 'CLEANUP') return 'DELETE';
  return item.plannedAction === 'UPDATE' ? 'UPDATE' : 'CREATE';
}

function event(item: ClaimedItem, status: string, reason: string | null): ResourceEvent {
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

function pickDone(result: ActionResult): {
  physicalResourceId?: string | null;
  attributes?: Record<string, unknown>;
} {
  return {
    ...(result.physicalResourceId !== undefined ? { physicalResourceId: result.physicalResourceId } : {}),
    ...(result.attributes ? { attributes: result.attributes } : {}),
  };
}
