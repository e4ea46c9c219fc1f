import { setTimeout as sleep } from 'node:timers/promises';
import type { ActionContext, Observation, ResourceType } from '../types.ts';

type Action = 'create' | 'update' | 'delete';

/** Seconds the action takes before the observer sees it done; -1 waits forever. */
export function waitSeconds(props: Record<string, unknown>, action: Action): number {
  const perAction = props.action_wait_secs as Partial<Record<Action, number>> | undefined;
  const specific = perAction?.[action];
  if (typeof specific === 'number') return specific;
  return typeof props.wait_secs === 'number' ? props.wait_secs : 0;
}

function actionOf(ctx: ActionContext): Action {
  return ctx.action.toLowerCase() as Action;
}

function outcome(ctx: ActionContext, now: number): Observation {
  const action = actionOf(ctx);
  const wait = waitSeconds(ctx.properties, action);
  if (wait < 0) return { state: 'pending', retryAfterMs: 60_000 };
  const remaining = ctx.startedAt + wait * 1000 - now;
  if (remaining > 0) return { state: 'pending', retryAfterMs: remaining };
  if (action === 'delete') return { state: 'missing' };
  if (ctx.properties.fail === true) return { state: 'failed', reason: 'Test Resource failed' };
  return {
    state: 'done',
    physicalResourceId: physicalId(ctx),
    attributes: { output: ctx.properties.value ?? 'test_string' },
  };
}

function physicalId(ctx: ActionContext): string {
  return ctx.physicalResourceId ?? `test-${ctx.resourceId}`;
}

async function act(ctx: ActionContext) {
  // busy_secs models a slow API call: the action itself holds a worker slot for that long.
  const busy = typeof ctx.properties.busy_secs === 'number' ? ctx.properties.busy_secs : 0;
  if (busy > 0) await sleep(busy * 1000, undefined, { signal: ctx.signal });
  const now = Date.now();
  const observed = outcome(ctx, now);
  if (observed.state === 'failed') throw new Error(observed.reason);
  // A failing create never sets a physical id (as in Heat).
  const failing = ctx.properties.fail === true && ctx.action !== 'DELETE';
  return {
    physicalResourceId: failing ? (ctx.physicalResourceId ?? null) : physicalId(ctx),
    attributes: observed.state === 'done' ? observed.attributes : undefined,
    done: observed.state === 'done' || observed.state === 'missing',
  };
}

/**
 * OS::Heat::TestResource, as in Heat: `value` (attribute `output`), `wait_secs` / `action_wait_secs`
 * (how long each action takes before the observer sees it done; fractions allowed), `fail`,
 * `update_replace` (updates replace instead of updating in place) and `update_replace_value`.
 * Extension: `busy_secs`, time the action call itself takes (a slow API), holding a worker slot.
 */
export const testResourceType: ResourceType = {
  name: 'OS::Heat::TestResource',
  description: 'A resource for testing latency, failure and replacement.',
  properties: {
    value: {
      type: 'string',
      default: 'test_string',
      onChange: 'update',
      description: 'Exposed as attribute `output`.',
    },
    update_replace: {
      type: 'boolean',
      default: false,
      onChange: 'update',
      description: 'Replace instead of updating in place.',
    },
    update_replace_value: { type: 'string', description: 'Any change forces a replacement.' },
    fail: {
      type: 'boolean',
      default: false,
      onChange: 'update',
      description: 'Create and update fail after the wait.',
    },
    wait_secs: {
      type: 'number',
      default: 0,
      onChange: 'update',
      description: 'Seconds every action takes; -1 forever.',
    },
    action_wait_secs: {
      type: 'map',
      onChange: 'update',
      description: 'Per-action override of wait_secs.',
      schema: {
        create: { type: 'number' },
        update: { type: 'number' },
        delete: { type: 'number' },
      },
    },
    attr_wait_secs: { type: 'number', default: 0, onChange: 'update' },
    // Bounded: a template must not hold a worker slot for ever (tenant isolation).
    busy_secs: {
      type: 'number',
      default: 0,
      onChange: 'update',
      constraints: { range: { min: 0, max: 60 } },
    },
    client_name: { type: 'string', onChange: 'update' },
    entity_name: { type: 'string', onChange: 'update' },
    constraint_prop_secs: { type: 'number', onChange: 'update' },
  },
  attributes: { output: { description: 'The value property.', type: 'string' } },
  planUpdate(previous, next) {
    const { update_replace: _a, ...prevRest } = previous;
    const { update_replace: _b, ...nextRest } = next;
    if (next.update_replace === true && JSON.stringify(prevRest) !== JSON.stringify(nextRest))
      return 'replace';
    return undefined;
  },
  create: act,
  update: act,
  delete: act,
  observe: (ctx) => Promise.resolve(outcome(ctx, Date.now())),
};
