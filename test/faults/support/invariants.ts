import { graphql } from '../../support/gql/index.ts';
import type { FaultEventFragment, FaultStackQuery } from '../../support/gql/graphql.ts';
import { gql } from '../../support/graphql.ts';
import { keyOfPhysicalId, physicalIdOf, type FaultyEndpoint } from './faulty-endpoint.ts';
import type { StackSpec } from './model.ts';

/** The event fields every check of the suite reads (a fragment, so the type is generated once). */
export const FAULT_EVENT = graphql(`
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
`);

const STACK_QUERY = graphql(`
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
`);

const EVENTS_PAGE = graphql(`
  query FaultEventsPage($name: String!, $after: Int) {
    stack(name: $name) {
      events(after: $after, first: 1000) {
        ...FaultEvent
      }
    }
  }
`);

/** The live stack's events, as the fault suite's subscribers ask for them. */
export const EVENT_SUBSCRIPTION = graphql(`
  subscription FaultStackEvents($name: String!) {
    stackEvents(name: $name, after: 0) {
      ...FaultEvent
    }
  }
`);

/** The shapes the suite reads back, generated from the schema (never typed by hand). */
export type StackView = NonNullable<FaultStackQuery['stack']>;
export type ResourceView = StackView['resources'][number];
export type EventRow = FaultEventFragment;

/** The stack as the API sees it; throws on any error (callers polling through outages catch). */
export async function readStack(url: string, name: string): Promise<StackView | null> {
  const res = await gql(url, STACK_QUERY, { name });
  if (res.errors) throw new Error(`stack query failed: ${JSON.stringify(res.errors)}`);
  return res.data!.stack ?? null;
}

/** Every stored event of the stack, in pages. */
export async function readEvents(url: string, name: string): Promise<EventRow[]> {
  const events: EventRow[] = [];
  for (;;) {
    const after = events.at(-1)?.sequence ?? 0;
    const res = await gql(url, EVENTS_PAGE, { name, after });
    if (res.errors) throw new Error(`events query failed: ${JSON.stringify(res.errors)}`);
    const page = res.data!.stack?.events ?? [];
    events.push(...page);
    if (page.length < 1000) return events;
  }
}

export const isTerminal = (s: Pick<StackView, 'status' | 'rollbackPending'>) =>
  !s.status.endsWith('_IN_PROGRESS') && !s.rollbackPending;

/** JSON with sorted keys, so property maps compare by content. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * Keys of things that must outlive the stack's changes (`deletion_policy: Retain`). Before each
 * phase, remember the live things of resources that are Retain; after it, any of them that is no
 * longer the current copy of its name must still exist, forever.
 */
export class RetainTracker {
  readonly retained = new Set<string>();
  private candidates: string[] = [];

  beforePhase(endpoint: FaultyEndpoint, stack: string, spec: StackSpec | null): void {
    const retainNames = new Set(spec?.resources.filter((r) => r.retain).map((r) => r.name) ?? []);
    this.candidates = endpoint
      .liveOf(stack)
      .filter((t) => retainNames.has(t.name) && !this.retained.has(t.key))
      .map((t) => t.key);
  }

  afterPhase(current: StackView | null, converged: boolean): void {
    const currentKeys = new Set(
      converged ? (current?.resources.map((r) => keyOfPhysicalId(r.physicalResourceId)) ?? []) : [],
    );
    for (const key of this.candidates) if (!currentKeys.has(key)) this.retained.add(key);
    this.candidates = [];
  }
}

/**
 * The endpoint's ledger against what the stack should be. With `spec`, every resource of it has
 * exactly one live thing, the one the engine records, with the spec's properties (references
 * resolved to the physical ids of the current copies); with `spec` null, nothing of the stack is
 * left. Either way nothing else of the stack is alive except retained things, no key was created
 * twice unless it failed, and the endpoint noticed nothing a correct engine never does.
 */
export function ledgerViolations(
  endpoint: FaultyEndpoint,
  stack: StackView,
  spec: StackSpec | null,
  retained: ReadonlySet<string>,
): string[] {
  const violations: string[] = [];
  const name = stack.name;
  const live = endpoint.liveOf(name);
  const liveByKey = new Map(live.map((t) => [t.key, t]));
  const expectedKeys = new Set<string>(retained);
  const details = new Set<string>();

  if (spec) {
    const views = new Map(stack.resources.map((r) => [r.name, r]));
    const keyOf = (n: string) => keyOfPhysicalId(views.get(n)?.physicalResourceId);
    if (stack.resources.length !== spec.resources.length)
      violations.push(
        `the stack has ${stack.resources.length} resources, the target version ${spec.resources.length}`,
      );
    for (const r of spec.resources) {
      const view = views.get(r.name);
      const key = keyOf(r.name);
      if (!view || !key) {
        violations.push(
          `${r.name}: no physical resource recorded by the engine (${view?.status ?? 'missing'})`,
        );
        continue;
      }
      expectedKeys.add(key);
      const thing = liveByKey.get(key);
      if (!thing) {
        violations.push(`${r.name}: the engine's physical resource ${key} does not exist at the endpoint`);
        details.add(key);
        continue;
      }
      if (thing.deletingUntil !== null) violations.push(`${r.name}: ${key} is being deleted`);
      if (thing.name !== r.name) violations.push(`${r.name}: ${key} belongs to ${thing.name}`);
      const expected: Record<string, unknown> = { ...r.props };
      if (r.parent) {
        const parentKey = keyOf(r.parent);
        expected.parent = parentKey ? physicalIdOf(parentKey) : null;
      }
      if (canonical(thing.properties) !== canonical(expected)) {
        violations.push(
          `${r.name}: live properties ${canonical(thing.properties)} are not the target's ${canonical(expected)}`,
        );
        details.add(key);
      }
      if (!view.observedReady || !view.status.endsWith('_COMPLETE'))
        violations.push(`${r.name}: ${view.status} observedReady=${view.observedReady}`);
    }
  }

  const perName = new Map<string, number>();
  for (const t of live) {
    if (retained.has(t.key)) continue;
    perName.set(t.name, (perName.get(t.name) ?? 0) + 1);
    if (!expectedKeys.has(t.key)) {
      violations.push(`leaked: ${t.name} ${t.key} (${canonical(t.properties)}) is still alive`);
      details.add(t.key);
    }
  }
  for (const [n, count] of perName) if (count > 1) violations.push(`${n}: ${count} live physical resources`);
  for (const key of retained)
    if (!liveByKey.has(key)) violations.push(`retained ${key} (${endpoint.keys.get(key)?.name}) was deleted`);

  for (const k of endpoint.keysOf(name)) {
    if (k.creations > 1 && !k.failed) {
      violations.push(`${k.name}: key ${k.key} was created ${k.creations} times`);
      details.add(k.key);
    }
  }
  const keys = new Set(endpoint.keysOf(name).map((k) => k.key));
  for (const a of endpoint.anomalies)
    if (keys.has(a.key)) {
      violations.push(`endpoint anomaly on ${a.key}: ${a.what}`);
      details.add(a.key);
    }
  if (violations.length > 0) {
    // The history of a few keys involved, to reproduce from.
    for (const key of [...details].slice(0, 5)) violations.push(endpoint.describeKey(key));
  }
  return violations;
}

/** The stored event stream: sequences 1..N, no transition twice, ending with the stack's own status. */
export function eventViolations(events: EventRow[], stack: Pick<StackView, 'status'> | null): string[] {
  const violations: string[] = [];
  events.forEach((e, i) => {
    if (e.sequence !== i + 1 && violations.length < 10)
      violations.push(`event #${i + 1} has sequence ${e.sequence}`);
  });
  const seen = new Map<string, EventRow>();
  for (const e of events) {
    // A released claim repeats the resource's current status; it is not a transition.
    if (
      e.type !== 'RESOURCE' ||
      !/_(COMPLETE|FAILED)$/.test(e.status) ||
      e.reason?.startsWith('Claim released')
    )
      continue;
    const id = `${e.operation} ${e.resourceId} ${e.status}`;
    const previous = seen.get(id);
    if (previous !== undefined) {
      const history = events
        .filter((x) => x.resourceId === e.resourceId)
        .map(
          (x) =>
            `    ${x.sequence} ${x.status} (${x.reason}) op=${x.operation?.slice(0, 8)} phys=${x.physicalResourceId?.slice(5, 13)} ready=${x.observedReady}`,
        )
        .join('\n');
      const stackEvents = events
        .filter((x) => x.type === 'STACK')
        .map((x) => `    ${x.sequence} STACK ${x.status} op=${x.operation?.slice(0, 8)} v${x.version}`)
        .join('\n');
      violations.push(
        `${e.resourceName} ${e.status} twice in one operation (v${e.version}): sequences ${previous.sequence} and ${e.sequence}\n  events of ${e.resourceName} (${e.resourceId}):\n${history}\n  stack events:\n${stackEvents}`,
      );
    } else seen.set(id, e);
  }
  const last = events.at(-1);
  if (stack && (!last || last.type !== 'STACK' || last.status !== stack.status))
    violations.push(`the last event is ${last?.type} ${last?.status}, the stack is ${stack.status}`);
  return violations;
}

/** A subscriber's events against the stored ones: all of them, in order, nothing twice. */
export function subscriberViolations(received: EventRow[], stored: EventRow[]): string[] {
  const violations: string[] = [];
  const seqs = received.map((e) => e.sequence);
  for (let i = 0; i < seqs.length; i++) {
    if (seqs[i] !== i + 1) {
      violations.push(
        `subscriber: value #${i + 1} has sequence ${seqs[i]} (around: ${seqs.slice(Math.max(0, i - 3), i + 4).join(',')})`,
      );
      break;
    }
  }
  if (received.length !== stored.length)
    violations.push(`subscriber received ${received.length} events, ${stored.length} are stored`);
  const n = Math.min(received.length, stored.length);
  for (let i = 0; i < n; i++) {
    if (canonical(received[i]) !== canonical(stored[i])) {
      violations.push(
        `subscriber event ${i + 1} differs: ${canonical(received[i])} vs ${canonical(stored[i])}`,
      );
      break;
    }
  }
  return violations;
}
