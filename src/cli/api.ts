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
  extras: { values: Record<string, unknown>; types: Record<string, string> } = { values: {}, types: {} },
): Promise<StackPreview> {
  // environment/files are declared only when the service has them (see capabilities.ts).
  const declared = Object.entries(extras.types)
    .map(([k, type]) => `, $${k}: ${type}`)
    .join('');
  const passed = Object.keys(extras.types)
    .map((k) => `, ${k}: $${k}`)
    .join('');
  const data = await client.request<{ previewStack: StackPreview }>(
    `query PreviewStack($name: String!, $template: String, $parameters: JSON${declared}) {
      previewStack(name: $name, template: $template, parameters: $parameters${passed}) {
        exists fromVersion changes { name change properties reason }
      }
    }`,
    { name, template, parameters: parameters ?? null, ...extras.values },
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

export interface ResourceDetails extends ResourceRow {
  id: string;
  version: number;
  deletionPolicy: string;
  properties: unknown;
  attributes: unknown;
  updatedAt: string;
  requires: Array<{ name: string }>;
  neededBy: Array<{ name: string }>;
}

export async function resourceDetails(
  client: GraphQLClient,
  name: string,
  resource: string,
): Promise<ResourceDetails> {
  const data = await client.request<{ stack: { resource: ResourceDetails | null } | null }>(
    `query ResourceDetails($name: String!, $resource: String!) {
      stack(name: $name) {
        resource(name: $resource) {
          id name type status statusReason observedReady retryCount physicalResourceId version
          deletionPolicy properties attributes updatedAt requires { name } neededBy { name }
        }
      }
    }`,
    { name, resource },
  );
  if (!data.stack) throw notFound(name);
  if (!data.stack.resource) {
    throw new ApiError([
      { message: `Stack ${name} has no resource named ${resource}`, extensions: { code: 'NOT_FOUND' } },
    ]);
  }
  return data.stack.resource;
}

/** One event by its sequence number. */
export async function eventBySequence(
  client: GraphQLClient,
  name: string,
  sequence: number,
): Promise<EventData> {
  const [event] = await eventsPage(client, name, sequence - 1, 1);
  if (!event || event.sequence !== sequence) {
    throw new ApiError([
      { message: `Stack ${name} has no event #${sequence}`, extensions: { code: 'NOT_FOUND' } },
    ]);
  }
  return event;
}

export interface VersionTemplate {
  number: number;
  template: string;
  parameters: unknown;
}

/** The template (and parameters) of the current version, or of version `version`. */
export async function versionTemplate(
  client: GraphQLClient,
  name: string,
  version: number | undefined,
): Promise<VersionTemplate> {
  const data = await client.request<{ stack: { version: number; atVersion: VersionTemplate | null } | null }>(
    `query VersionTemplate($name: String!, $number: Int!) {
      stack(name: $name) { version atVersion(number: $number) { number template parameters } }
    }`,
    { name, number: version ?? 0 },
  );
  if (!data.stack) throw notFound(name);
  if (version === undefined) return versionTemplate(client, name, data.stack.version);
  if (!data.stack.atVersion) {
    throw new ApiError([
      { message: `Stack ${name} has no version ${version}`, extensions: { code: 'NOT_FOUND' } },
    ]);
  }
  return data.stack.atVersion;
}

export interface Validation {
  valid: boolean;
  problems: Array<{
    code: string;
    message: string;
    path: string;
    line: number | null;
    column: number | null;
  }>;
  resources: string[];
  warnings?: Array<{
    code: string;
    message: string;
    path: string;
    line: number | null;
    column: number | null;
  }>;
  parameters?: unknown;
}

/**
 * `validateTemplate`; `extras` are the newer arguments (environment, files) the service declares,
 * `fields` the newer result fields it has (warnings, parameters).
 */
export async function validateTemplate(
  client: GraphQLClient,
  template: string,
  parameters: Record<string, unknown> | undefined,
  extras: { values: Record<string, unknown>; types: Record<string, string> },
  /** Scalar fields of TemplateValidation the service has (see capabilities.ts). */
  scalarFields: ReadonlySet<string>,
  /** Whether TemplateValidation has `warnings`. */
  hasWarnings: boolean,
): Promise<Validation> {
  const declared = Object.entries(extras.types)
    .map(([k, type]) => `, $${k}: ${type}`)
    .join('');
  const passed = Object.keys(extras.types)
    .map((k) => `, ${k}: $${k}`)
    .join('');
  const problem = 'code message path line column';
  const more = [
    hasWarnings ? `warnings { ${problem} }` : '',
    scalarFields.has('parameters') ? 'parameters' : '',
  ].join(' ');
  const data = await client.request<{ validateTemplate: Validation }>(
    `query ValidateTemplate($template: String!, $parameters: JSON${declared}) {
      validateTemplate(template: $template, parameters: $parameters${passed}) {
        valid problems { ${problem} } resources ${more}
      }
    }`,
    { template, parameters: parameters ?? null, ...extras.values },
  );
  return data.validateTemplate;
}
