/**
 * Following a stack live: `stackEvents(after:)` (gap-free, resumable) plus `resourceReadiness`,
 * until a "settler" decides the stack reached the state being waited for, or Ctrl-C. Ctrl-C only
 * stops watching; nothing is sent to the service.
 */
import {
  READINESS_SUBSCRIPTION,
  STACK_EVENTS_SUBSCRIPTION,
  stackBrief,
  type EventData,
  type ReadinessData,
  type StackBrief,
} from './api.ts';
import type { Context } from './context.ts';
import { SubscriptionClient } from './subscriptions.ts';
import { ApiError, NetworkError } from './errors.ts';

export const isInProgress = (status: string): boolean => status.endsWith('_IN_PROGRESS');
/** CREATE, UPDATE, DELETE, ROLLBACK or INIT. */
export const actionOf = (status: string): string => status.slice(0, status.indexOf('_'));

export interface Outcome {
  /** The event that ended following (normally the stack's terminal event). */
  event: EventData;
  /** For an operation that failed and was rolled back automatically: the failure event. */
  failure?: EventData;
  /** Another operation started on the stack before this one ended. */
  superseded?: boolean;
  /** The outcome was read from the stack itself because the event stream went quiet. */
  polled?: boolean;
}

/** Decides, event by event, when following is over; may finish later (e.g. after a grace period). */
export interface Settler {
  onEvent(event: EventData, finish: (outcome: Outcome) => void): void;
  dispose?(): void;
}

export type FollowResult = ({ kind: 'settled' } & Outcome) | { kind: 'interrupted' };

export interface FollowOptions {
  name: string;
  /** Events after this sequence number are delivered (replayed first if already committed). */
  after: number;
  settler: Settler;
  /** Also subscribe to readiness counts. */
  readiness: boolean;
  /**
   * Also the nested stacks' events, every level (`stackEvents(nested: true)`; each event names its
   * stack). They reach `onEvent` once each, in each stack's order; only the stack's own events
   * count for `after`, resuming and the settler.
   */
  nested?: boolean;
  onEvent(event: EventData): void;
  onReadiness?(update: ReadinessData): void;
  /**
   * Safety net: whether the stack, as read over HTTP, is in the state being waited for. Checked
   * every `pollMs`; when it holds twice in a row with no event in between, following ends with
   * that state (an event stream that went quiet must not make the CLI wait forever).
   */
  settledState?(stack: StackBrief): boolean;
  pollMs?: number;
}

const MAX_RECONNECTS = 5;
const POLL_MS = 5_000;

/** A stack event standing for the state read from the stack itself. */
export function stateEvent(stack: StackBrief): EventData {
  return {
    sequence: 0,
    stackName: stack.name,
    at: new Date().toISOString(),
    type: 'STACK',
    resourceName: null,
    status: stack.status,
    reason: stack.statusReason,
    observedReady: null,
    physicalResourceId: null,
    version: stack.version,
  };
}

/**
 * Follows the stack until the settler finishes (or SIGINT). A dropped connection is resumed from
 * the last sequence number seen, so no event is lost or repeated; API errors (e.g. NOT_FOUND) end
 * it with that error.
 */
export async function follow(ctx: Context, options: FollowOptions): Promise<FollowResult> {
  await SubscriptionClient.load();
  return new Promise((resolve, reject) => {
    let last = options.after;
    /** Nested stack name -> the last sequence number delivered (a resumed stream replays them). */
    const nestedLast = new Map<string, number>();
    let failures = 0;
    let settled = false;
    let client = ctx.subscriptions();
    let stopEvents = () => {};
    let stopReadiness = () => {};
    let retryTimer: NodeJS.Timeout | undefined;
    let pollTimer: NodeJS.Timeout | undefined;
    let eventsSincePoll = 0;
    let settledPolls = 0;

    const cleanup = () => {
      settled = true;
      clearTimeout(retryTimer);
      clearTimeout(pollTimer);
      process.off('SIGINT', onSigint);
      options.settler.dispose?.();
      stopEvents();
      stopReadiness();
      void client.dispose().catch(() => {});
    };
    const finish = (outcome: Outcome) => {
      if (settled) return;
      cleanup();
      resolve({ kind: 'settled', ...outcome });
    };
    const fail = (error: Error) => {
      if (settled) return;
      cleanup();
      reject(error);
    };
    const onSigint = () => {
      if (settled) return;
      cleanup();
      resolve({ kind: 'interrupted' });
    };
    process.on('SIGINT', onSigint);

    const lost = (error: ApiError | NetworkError) => {
      if (settled) return;
      if (error instanceof ApiError || failures >= MAX_RECONNECTS) {
        fail(error);
        return;
      }
      failures++;
      stopEvents();
      stopReadiness();
      void client.dispose().catch(() => {});
      const delay = 250 * 2 ** failures;
      ctx.out.notice(`${error.reason}; reconnecting in ${delay / 1000} s (attempt ${failures})`);
      retryTimer = setTimeout(() => {
        client = ctx.subscriptions();
        subscribe();
      }, delay);
    };

    const subscribe = () => {
      stopEvents = client.subscribe(
        STACK_EVENTS_SUBSCRIPTION,
        { name: options.name, after: last, ...(options.nested ? { nested: true } : {}) },
        {
          next: ({ stackEvents: event }) => {
            if (settled) return;
            if (options.nested && event.stackName != null && event.stackName !== options.name) {
              if (event.sequence <= (nestedLast.get(event.stackName) ?? 0)) return;
              nestedLast.set(event.stackName, event.sequence);
              failures = 0;
              options.onEvent(event);
              return;
            }
            if (event.sequence <= last) return;
            last = event.sequence;
            failures = 0;
            eventsSincePoll++;
            options.onEvent(event);
            options.settler.onEvent(event, finish);
          },
          error: lost,
          complete: () => lost(new NetworkError(ctx.endpoint, 'the service ended the event stream')),
        },
      );
      if (options.readiness) {
        stopReadiness = client.subscribe(
          READINESS_SUBSCRIPTION,
          { name: options.name },
          {
            next: ({ resourceReadiness }) => {
              if (!settled) options.onReadiness?.(resourceReadiness);
            },
            // Readiness is only decoration: the event stream reports connection problems and outcomes.
            error: () => {},
          },
        );
      }
    };
    const poll = async () => {
      try {
        const stack = await stackBrief(ctx.http, options.name);
        if (settled) return;
        const quiet = eventsSincePoll === 0;
        eventsSincePoll = 0;
        settledPolls = stack && quiet && options.settledState!(stack) ? settledPolls + 1 : 0;
        if (stack && settledPolls >= 2) {
          ctx.out.notice(
            `No final event arrived; stack ${options.name} is ${stack.status} (read from the API).`,
          );
          finish({ event: stateEvent(stack), polled: true });
          return;
        }
      } catch {
        // The event stream reports connection problems; polling is only a safety net.
      }
      if (!settled) pollTimer = setTimeout(() => void poll(), options.pollMs ?? POLL_MS);
    };
    subscribe();
    if (options.settledState) pollTimer = setTimeout(() => void poll(), options.pollMs ?? POLL_MS);
  });
}

export interface OperationSettlerOptions {
  /** The version the operation's mutation answered with; older events are not its own. */
  minVersion: number;
  /** Actions whose terminal event ends the operation (e.g. CREATE and UPDATE for apply). */
  actions: readonly string[];
  /** The stack rolls back automatically when a create or update fails: wait for the rollback too. */
  autoRollback: boolean;
  /**
   * How long to wait for the automatic rollback to start after a failure. The API does not say
   * whether one is pending (a cancelled operation does not roll back), so this is a bounded wait.
   */
  rollbackGraceMs?: number;
}

/**
 * Ends following at the terminal event of the operation just started (its first `*_IN_PROGRESS`
 * stack event at or after `minVersion`), after the automatic rollback when one follows a failure,
 * or as soon as another operation supersedes it.
 */
export function operationSettler(options: OperationSettlerOptions): Settler {
  let started: EventData | null = null;
  let failure: EventData | null = null;
  let timer: NodeJS.Timeout | undefined;
  return {
    onEvent(event, finish) {
      if (event.type !== 'STACK' || event.version < options.minVersion) return;
      const action = actionOf(event.status);
      const running = isInProgress(event.status);
      if (!started) {
        if (running && options.actions.includes(action)) started = event;
        return;
      }
      // The same operation saying how it goes (a failure or cancel waiting for in-flight actions).
      if (running && event.status === started.status && event.version === started.version) return;
      if (failure) {
        if (action !== 'ROLLBACK') {
          finish({ event, failure, superseded: running });
        } else if (running) {
          clearTimeout(timer);
        } else {
          finish({ event, failure });
        }
        return;
      }
      if (running) {
        finish({ event, superseded: true });
        return;
      }
      if (!options.actions.includes(action)) return;
      // A cancelled operation never rolls back on its own; the API only says so in the reason.
      const rollsBack =
        options.autoRollback &&
        event.status.endsWith('_FAILED') &&
        (action === 'CREATE' || action === 'UPDATE') &&
        !/\bcancelled\b/i.test(event.reason ?? '');
      if (!rollsBack) {
        finish({ event });
        return;
      }
      failure = event;
      const failed = event;
      timer = setTimeout(() => finish({ event: failed }), options.rollbackGraceMs ?? 10_000);
    },
    dispose() {
      clearTimeout(timer);
    },
  };
}

/**
 * For `events --follow`: ends once every event up to `lastSequence` (the newest when following
 * started) was delivered and the latest stack event seen is not `*_IN_PROGRESS`. `openAtStart`
 * is whether the stack was in progress, read before `lastSequence`.
 */
export function historySettler(lastSequence: number, openAtStart: boolean): Settler & { open(): boolean } {
  let open = openAtStart;
  return {
    open: () => open,
    onEvent(event, finish) {
      if (event.type === 'STACK') open = isInProgress(event.status);
      if (event.sequence >= lastSequence && !open) finish({ event });
    },
  };
}
