import { setTimeout as sleep } from 'node:timers/promises';
import { graphql } from './gql/index.ts';
import type { StackEventsPageQuery } from './gql/graphql.ts';
import { gql } from './graphql.ts';

export const STACK_FIELDS = `id name status statusReason version
  resources { id name type status statusReason observedReady retryCount physicalResourceId properties attributes requires { name } neededBy { name } }`;

export async function createStack(url: string, input: Record<string, unknown>) {
  const res = await gql(
    url,
    `mutation($input: CreateStackInput!) { createStack(input: $input) { stack { ${STACK_FIELDS} } } }`,
    { input },
  );
  if (res.errors) throw new Error(`createStack failed: ${JSON.stringify(res.errors)}`);
  return res.data!.createStack.stack as Record<string, any>;
}

const EVENTS_PAGE = graphql(`
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
`);

/** An event as the tests read it back (generated from the schema). */
export type EventView = NonNullable<StackEventsPageQuery['stack']>['events'][number];

/** Polls the stack until `done(stack)` holds; returns the stack with its events. */
export async function waitForStack(
  url: string,
  name: string,
  done: (stack: Record<string, any>) => boolean = (s) => !String(s.status).endsWith('_IN_PROGRESS'),
  timeoutMs = 60_000,
  /** Bearer token, for services with authentication on. */
  token?: string,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await gql(
      url,
      `query($name: String!) { stack(name: $name) { ${STACK_FIELDS} outputs readiness { ready total } } }`,
      { name },
      token,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const stack = res.data!.stack;
    if (stack && done(stack)) return stack as Record<string, any>;
    if (Date.now() > deadline)
      throw new Error(
        `stack ${name} did not settle in time: ${JSON.stringify(stack?.status)} ${stack?.statusReason}`,
      );
    await sleep(50);
  }
}

export async function allEvents(url: string, name: string): Promise<EventView[]> {
  const events: EventView[] = [];
  for (;;) {
    const after = events.at(-1)?.sequence ?? 0;
    const res = await gql(url, EVENTS_PAGE, { name, after });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const page = res.data!.stack?.events ?? [];
    events.push(...page);
    if (page.length < 1000) return events;
  }
}

/** Asserts, from the event sequence, that no resource started before all its dependencies were observed ready. */
export function startOrderViolations(events: EventView[], requires: Record<string, string[]>): string[] {
  const readyAt = new Map<string, number>();
  const startedAt = new Map<string, number>();
  for (const e of events) {
    if (!e.resourceName) continue;
    if (e.status.endsWith('_IN_PROGRESS') && !startedAt.has(e.resourceName))
      startedAt.set(e.resourceName, e.sequence);
    if (e.observedReady && !readyAt.has(e.resourceName)) readyAt.set(e.resourceName, e.sequence);
  }
  const violations: string[] = [];
  for (const [name, deps] of Object.entries(requires)) {
    const start = startedAt.get(name);
    for (const dep of deps) {
      const ready = readyAt.get(dep);
      if (start === undefined || ready === undefined || ready > start)
        violations.push(`${name} started at ${start} before ${dep} was ready at ${ready}`);
    }
  }
  return violations;
}

export function hot(resources: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ heat_template_version: '2021-04-16', resources, ...extra });
}

export async function mutate(
  url: string,
  mutation: 'updateStack' | 'deleteStack' | 'rollbackStack' | 'cancelStackUpdate',
  input: Record<string, unknown>,
) {
  const inputType = mutation.charAt(0).toUpperCase() + mutation.slice(1) + 'Input';
  const res = await gql(
    url,
    `mutation($input: ${inputType}!) { ${mutation}(input: $input) { stack { ${STACK_FIELDS} } } }`,
    { input },
  );
  if (res.errors)
    throw Object.assign(new Error(`${mutation} failed: ${JSON.stringify(res.errors)}`), {
      errors: res.errors,
    });
  return res.data![mutation].stack as Record<string, any>;
}

export function byName<T extends { name: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((i) => [i.name, i]));
}

/**
 * Resolves with `check()`'s first truthy result, asking again until `timeoutMs` has passed: for
 * state that settles asynchronously on the server (no event to wait on), with a deadline generous
 * enough for a busy machine.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  what: string,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(25);
  }
}

/**
 * Creates a stack as the bearer of `token` and waits until it settles, asking only for its status
 * (services under test may have a low cost limit on purpose).
 */
export async function createSettledAs(
  url: string,
  /** Bearer token; none for a service without authentication. */
  token: string | undefined,
  input: { name: string; template: string },
  timeoutMs: number,
): Promise<void> {
  const created = await gql(
    url,
    'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { name } } }',
    { input },
    token,
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  await eventually(
    async () => {
      const r = await gql(url, 'query($n: String!) { stack(name: $n) { status } }', { n: input.name }, token);
      return !String(r.data!.stack.status).endsWith('_IN_PROGRESS');
    },
    `stack ${input.name} settled`,
    timeoutMs,
  );
}
