/**
 * The GraphQL operations the CLI sends, with the shapes it reads back. One place, so the mapping
 * from commands to the API (see README.md) is easy to check against `schema/*.graphql`.
 */
import { ApiError } from './errors.ts';
import type { GraphQLClient } from './http.ts';

export interface StackBrief {
  name: string;
  status: string;
  statusReason: string | null;
  version: number;
  lastGoodVersion: number | null;
  disableRollback: boolean;
}

export interface ResourceRow {
  name: string;
  type: string;
  status: string;
  statusReason: string | null;
  observedReady: boolean;
  retryCount: number;
  physicalResourceId: string | null;
}

export interface StackDetails extends StackBrief {
  timeoutSeconds: number | null;
  createdAt: string;
  updatedAt: string;
  readiness: { ready: number; total: number };
  outputs: Record<string, unknown>;
  resources: ResourceRow[];
}

export interface StackListItem {
  name: string;
  status: string;
  version: number;
  readiness: { ready: number; total: number };
  updatedAt: string;
  cursor: string;
}

export interface EventData {
  sequence: number;
  at: string;
  type: string;
  resourceName: string | null;
  status: string;
  reason: string | null;
  observedReady: boolean | null;
  physicalResourceId: string | null;
  version: number;
}

export interface ReadinessData {
  ready: number;
  total: number;
  justReady: string[];
  status: string;
}

export interface ResourceChange {
  name: string;
  change: string;
  properties: string[];
  reason: string | null;
}

export interface StackPreview {
  exists: boolean;
  fromVersion: number | null;
  changes: ResourceChange[];
}

export interface GraphNode {
  name: string;
  type: string;
  status: string;
  requires: Array<{ name: string }>;
}

const BRIEF = 'name status statusReason version lastGoodVersion disableRollback';
const DETAILS = `${BRIEF} timeoutSeconds createdAt updatedAt readiness { ready total } outputs
  resources { name type status statusReason observedReady retryCount physicalResourceId }`;
export const EVENT_FIELDS =
  'sequence at type resourceName status reason observedReady physicalResourceId version';

export const STACK_EVENTS_SUBSCRIPTION = `subscription StackEvents($name: String!, $after: Int) {
  stackEvents(name: $name, after: $after) { ${EVENT_FIELDS} }
}`;
export const READINESS_SUBSCRIPTION = `subscription Readiness($name: String!) {
  resourceReadiness(name: $name) { ready total justReady status }
}`;

const EVENT_PAGE = 1000;
const STACK_PAGE = 100;

export async function stackBrief(client: GraphQLClient, name: string): Promise<StackBrief | null> {
  const data = await client.request<{ stack: StackBrief | null }>(
    `query StackBrief($name: String!) { stack(name: $name) { ${BRIEF} } }`,
    { name },
  );
  return data.stack;
}

export async function stackDetails(client: GraphQLClient, name: string): Promise<StackDetails | null> {
  const data = await client.request<{ stack: StackDetails | null }>(
    `query StackDetails($name: String!) { stack(name: $name) { ${DETAILS} } }`,
    { name },
  );
  return data.stack;
}

export async function requireStack(client: GraphQLClient, name: string): Promise<StackDetails> {
  const stack = await stackDetails(client, name);
  if (!stack) throw notFound(name);
  return stack;
}

/** The same error the API gives for an unknown stack in mutations and subscriptions. */
export function notFound(name: string): ApiError {
  return new ApiError([{ message: `No stack named ${name}`, extensions: { code: 'NOT_FOUND' } }]);
}

/** Every stack of the tenant, following `stacks(first:, after:)` pages to the end. */
export async function allStacks(client: GraphQLClient, includeDeleted: boolean): Promise<StackListItem[]> {
  const stacks: StackListItem[] = [];
  for (;;) {
    const data = await client.request<{ stacks: StackListItem[] }>(
      `query Stacks($first: Int!, $after: String, $includeDeleted: Boolean) {
        stacks(first: $first, after: $after, includeDeleted: $includeDeleted) {
          name status version readiness { ready total } updatedAt cursor
        }
      }`,
      { first: STACK_PAGE, after: stacks.at(-1)?.cursor ?? null, includeDeleted },
    );
    stacks.push(...data.stacks);
    if (data.stacks.length < STACK_PAGE) return stacks;
  }
}

async function eventsPage(
  client: GraphQLClient,
  name: string,
  after: number,
  first: number,
): Promise<EventData[]> {
  const data = await client.request<{ stack: { events: EventData[] } | null }>(
    `query Events($name: String!, $after: Int!, $first: Int!) {
      stack(name: $name) { events(after: $after, first: $first) { ${EVENT_FIELDS} } }
    }`,
    { name, after, first },
  );
  if (!data.stack) throw notFound(name);
  return data.stack.events;
}

/** Events after `after`, every page; `onPage` sees each page as it arrives. */
export async function eventsAfter(
  client: GraphQLClient,
  name: string,
  after: number,
  onPage: (events: EventData[]) => void,
): Promise<number> {
  let last = after;
  for (;;) {
    const page = await eventsPage(client, name, last, EVENT_PAGE);
    onPage(page);
    last = page.at(-1)?.sequence ?? last;
    if (page.length < EVENT_PAGE) return last;
  }
}

/**
 * The newest event's sequence number (0 when there is none). The Stack type has no field for it,
 * so it is found from `events(after:, first:)`: one page for small histories, else a galloping
 * then binary search on "is there an event after N?" (sequence numbers are gap-free).
 */
export async function lastEventSequence(client: GraphQLClient, name: string): Promise<number> {
  const first = await eventsPage(client, name, 0, EVENT_PAGE);
  if (first.length < EVENT_PAGE) return first.at(-1)?.sequence ?? 0;
  const exists = async (after: number) => (await eventsPage(client, name, after, 1)).length > 0;
  let lo = first.at(-1)!.sequence; // an event with this number exists
  let hi = lo * 2; // first probe beyond
  while (await exists(hi)) {
    lo = hi + 1;
    hi *= 2;
  }
  // lo exists, nothing after hi: the last one is in [lo, hi].
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (await exists(mid - 1)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const PAYLOAD = `stack { ${BRIEF} }`;

export async function createStack(
  client: GraphQLClient,
  input: Record<string, unknown>,
): Promise<StackBrief> {
  const data = await client.request<{ createStack: { stack: StackBrief } }>(
    `mutation CreateStack($input: CreateStackInput!) { createStack(input: $input) { ${PAYLOAD} } }`,
    { input },
  );
  return data.createStack.stack;
}

export async function updateStack(
  client: GraphQLClient,
  input: Record<string, unknown>,
): Promise<StackBrief> {
  const data = await client.request<{ updateStack: { stack: StackBrief } }>(
    `mutation UpdateStack($input: UpdateStackInput!) { updateStack(input: $input) { ${PAYLOAD} } }`,
    { input },
  );
  return data.updateStack.stack;
}

export async function deleteStack(client: GraphQLClient, name: string): Promise<StackBrief> {
  const data = await client.request<{ deleteStack: { stack: StackBrief } }>(
    `mutation DeleteStack($input: DeleteStackInput!) { deleteStack(input: $input) { ${PAYLOAD} } }`,
    { input: { name } },
  );
  return data.deleteStack.stack;
}

export async function rollbackStack(client: GraphQLClient, name: string): Promise<StackBrief> {
  const data = await client.request<{ rollbackStack: { stack: StackBrief } }>(
    `mutation RollbackStack($input: RollbackStackInput!) { rollbackStack(input: $input) { ${PAYLOAD} } }`,
    { input: { name } },
  );
  return data.rollbackStack.stack;
}

export async function cancelStackUpdate(
  client: GraphQLClient,
  name: string,
  rollback: boolean,
): Promise<StackBrief> {
  const data = await client.request<{ cancelStackUpdate: { stack: StackBrief } }>(
    `mutation CancelStackUpdate($input: CancelStackUpdateInput!) {
      cancelStackUpdate(input: $input) { ${PAYLOAD} }
    }`,
    { input: { name, rollback } },
  );
  return data.cancelStackUpdate.stack;
}

export async function previewStack(
  client: GraphQLClient,
  name: string,
  template: string,
  parameters: Record<string, unknown> | undefined,
): Promise<StackPreview> {
  const data = await client.request<{ previewStack: StackPreview }>(
    `query PreviewStack($name: String!, $template: String, $parameters: JSON) {
      previewStack(name: $name, template: $template, parameters: $parameters) {
        exists fromVersion changes { name change properties reason }
      }
    }`,
    { name, template, parameters: parameters ?? null },
  );
  return data.previewStack;
}

/** Resources with their dependencies: of the current version, or of version `version`. */
export async function graphNodes(
  client: GraphQLClient,
  name: string,
  version: number | undefined,
): Promise<{ version: number; nodes: GraphNode[] }> {
  const fields = 'name type status requires { name }';
  if (version === undefined) {
    const data = await client.request<{ stack: { version: number; resources: GraphNode[] } | null }>(
      `query Graph($name: String!) { stack(name: $name) { version resources { ${fields} } } }`,
      { name },
    );
    if (!data.stack) throw notFound(name);
    return { version: data.stack.version, nodes: data.stack.resources };
  }
  const data = await client.request<{
    stack: { versions: Array<{ number: number; resources: GraphNode[] }> } | null;
  }>(
    `query GraphVersions($name: String!) {
      stack(name: $name) { versions { number resources { ${fields} } } }
    }`,
    { name },
  );
  if (!data.stack) throw notFound(name);
  const found = data.stack.versions.find((v) => v.number === version);
  if (!found) {
    const known = data.stack.versions.map((v) => v.number).join(', ');
    throw new ApiError([
      {
        message: `Stack ${name} has no version ${version} (versions: ${known || 'none'})`,
        extensions: { code: 'NOT_FOUND' },
      },
    ]);
  }
  return { version, nodes: found.resources };
}
