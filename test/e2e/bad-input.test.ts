/**
 * Proof of reliability: bad input. Thousands of generated malformed or hostile inputs go through
 * the real API (HTTP and WebSocket): broken YAML, YAML tricks (alias bombs, tags, merge keys),
 * templates with defects (cycles, dangling references, wrong types), huge and deeply nested values,
 * hostile strings (injections, bidi controls, joiners, NUL and control characters, lone
 * surrogates, emoji, very long strings), GraphQL variables of the wrong type, malformed documents
 * and HTTP bodies, and protocol abuse over WebSocket. For every input:
 *
 * 1. the API answers with a documented error code (never INTERNAL_SERVER_ERROR, never a hang, no
 *    stack trace), template problems each with a known code and a path; or, when the input is in
 *    fact valid, accepts it and stores it verbatim (read back and compared);
 * 2. the server stays up: /healthz answers after every batch, and a normal create works at the end;
 * 3. refused inputs write nothing: this tenant's nodes and relationships (stacks, versions,
 *    resources, event batches and their relationships) are counted before and after every batch.
 *
 * Violations are collected rather than thrown, so one run reports every kind of failure with its
 * input; each category then asserts it has none. Figures (inputs per category, seed, duration) go
 * to tmp/reliability-bad-input.json. FC_SEED=<int> replays another seed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERROR_CODES } from '../../src/errors.ts';
import type { Database } from '../../src/store/database.ts';
import {
  canonicalJson,
  corruptedTemplateCase,
  DEFAULT_SEED,
  EXISTING_NAME,
  fcSeed,
  FRESH_NAME,
  graphqlConfusionCase,
  graphqlDocumentCase,
  hostileString,
  hostileValidCase,
  hugeCase,
  invalidTemplateCase,
  isDeepValue,
  KNOWN_PROBLEM_CODES,
  rawHttpCase,
  rawWebSocketCase,
  stringBombCase,
  subscriptionCase,
  TEST_MAX_RESOURCES,
  yamlTrickCase,
  type GraphQLCase,
  type HugeCase,
  type TemplateCase,
} from '../support/arbitraries.ts';
import { startTestApp, testDatabase, uniqueName, uniqueTenant, type TestApp } from '../support/app.ts';
import { wsClient } from '../support/graphql.ts';
import { startServiceProcess, type ServiceProcess } from '../support/processes.ts';
import { hot, waitForStack } from '../support/stacks.ts';

const seed = fcSeed();
const FIGURES = fileURLToPath(new URL('../../tmp/reliability-bad-input.json', import.meta.url));
/** A request unanswered for this long has hung (generous: the slowest legitimate answer here takes well under a second). */
const HANG_MS = 30_000;
/**
 * The bombs go to a separate process, whose event loop a bomb may block: unanswered after this
 * long is a hang (a correct refusal takes milliseconds; the bombs below take minutes or crash).
 */
const BOMB_HANG_MS = 10_000;
/** Requests in flight at once. */
const CONCURRENCY = 4;
const LIMITS = {
  MAX_BODY_BYTES: 2 * 1024 * 1024,
  MAX_TEMPLATE_BYTES: 512 * 1024,
  MAX_RESOURCES_PER_STACK: TEST_MAX_RESOURCES,
};

/** Codes a refusal may carry: the documented table (less the two that are never the client's fault) and GraphQL's own. */
const ALLOWED_CODES = new Set<string>([
  ...Object.keys(ERROR_CODES).filter((c) => c !== 'INTERNAL_SERVER_ERROR' && c !== 'UNAVAILABLE'),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);
const KNOWN_PROBLEMS = new Set<string>(KNOWN_PROBLEM_CODES);
const TEMPLATE_REFUSALS = ['TEMPLATE_INVALID', 'LIMIT_EXCEEDED'];
/** A JavaScript stack frame, e.g. "at parse (/srv/app/src/x.ts:12:5)" or "at node:internal/...:1:2". */
const STACK_FRAME = /\bat (?:\S+ )?\(?(?:\/|file:\/\/|node:)[^\s)]*:\d+:\d+/;

const CREATE = `mutation($input: CreateStackInput!) { createStack(input: $input) {
  stack { name version versions { number template parameters } } } }`;
const UPDATE =
  'mutation($input: UpdateStackInput!) { updateStack(input: $input) { stack { name version } } }';
const VALIDATE =
  'query($t: String!, $p: JSON) { validateTemplate(template: $t, parameters: $p) { valid problems { code message path line column } } }';
const PREVIEW =
  'query($n: String!, $t: String, $p: JSON) { previewStack(name: $n, template: $t, parameters: $p) { exists changes { name change } } }';

// ---------------------------------------------------------------------------------------------
// Bookkeeping: figures per category and violations
// ---------------------------------------------------------------------------------------------

interface Tally {
  inputs: number;
  requests: number;
  refused: number;
  accepted: number;
  batches: number;
  codes: Record<string, number>;
}
interface Violation {
  category: string;
  label: string;
  kind: string;
  input: string;
  answer: string;
}

const tallies = new Map<string, Tally>();
const violations: Violation[] = [];
const startedAt = Date.now();

function tally(category: string): Tally {
  let t = tallies.get(category);
  if (!t) {
    t = { inputs: 0, requests: 0, refused: 0, accepted: 0, batches: 0, codes: {} };
    tallies.set(category, t);
  }
  return t;
}

function clip(value: unknown, max = 600): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  text ??= String(value);
  return text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text;
}

function violate(category: string, label: string, kind: string, input: unknown, answer: unknown): void {
  violations.push({ category, label, kind, input: clip(input), answer: clip(answer) });
}

/** Violations grouped by kind, with how often each happened and its first input and answer. */
function groupedViolations(category?: string) {
  const byKind = new Map<
    string,
    { category: string; label: string; kind: string; count: number; input: string; answer: string }
  >();
  for (const v of violations) {
    if (category !== undefined && v.category !== category) continue;
    const key = `${v.category}\u0000${v.label}\u0000${v.kind}`;
    const entry = byKind.get(key);
    if (entry) entry.count++;
    else byKind.set(key, { ...v, count: 1 });
  }
  return [...byKind.values()];
}

function violationsOf(category: string): string[] {
  return groupedViolations(category).map(
    (v) => `${v.label}: ${v.kind} (x${v.count})\n    input: ${v.input}\n    answer: ${v.answer}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  body: any;
  text: string;
  /** Set when no HTTP answer came: hang (timeout) or a dropped connection. */
  failure?: string;
}

async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array },
  hangMs = HANG_MS,
): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: init.method ?? 'POST',
      headers: init.headers ?? { 'content-type': 'application/json' },
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : Buffer.from(init.body) }
        : {}),
      signal: AbortSignal.timeout(hangMs),
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body, text };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const failure =
      e.name === 'TimeoutError' ? `no answer within ${hangMs} ms` : `${e.message} ${e.cause?.code ?? ''}`;
    return { status: 0, body: undefined, text: '', failure };
  }
}

function graphql(query: string, variables?: unknown): Promise<Answer> {
  return send(app.url, { body: JSON.stringify(variables === undefined ? { query } : { query, variables }) });
}

type Verdict = 'refused' | 'accepted' | 'violation';

interface Expectation {
  /** The input is invalid: acceptance is a violation. */
  mustRefuse?: boolean;
  /** Refusals must carry one of these codes. */
  codes?: readonly string[];
}

/**
 * Checks an answer against requirement 1 and returns whether the input was refused or accepted.
 * Every refusal carries an allowed code, template problems are well formed, nothing leaks a stack
 * trace; a hang, a dropped connection, a 5xx or an uncoded answer is a violation.
 */
function judge(
  category: string,
  label: string,
  input: unknown,
  answer: Answer,
  expect: Expectation = {},
): Verdict {
  const t = tally(category);
  t.requests++;
  const bad = (kind: string, detail: unknown = answer.body ?? answer.text) => {
    violate(category, label, kind, input, detail);
    return 'violation' as const;
  };
  if (answer.failure) return bad(`no answer (${answer.failure})`, answer.failure);
  if (STACK_FRAME.test(answer.text)) return bad('stack trace in the answer', answer.text);
  if (answer.status >= 500) return bad(`HTTP ${answer.status}`);
  if (answer.body === null || typeof answer.body !== 'object' || Array.isArray(answer.body))
    return bad(`answer is not a GraphQL JSON object (HTTP ${answer.status})`, answer.text);
  const errors = answer.body.errors as any[] | undefined;
  if (errors !== undefined && (!Array.isArray(errors) || errors.length === 0))
    return bad('errors is not a non-empty list');
  if (!errors) {
    if (answer.status !== 200) return bad(`HTTP ${answer.status} without errors`);
    if (expect.mustRefuse) return bad('invalid input accepted');
    t.accepted++;
    return 'accepted';
  }
  for (const error of errors) {
    const code = error?.extensions?.code;
    if (typeof code !== 'string') return bad('error without extensions.code', error);
    t.codes[code] = (t.codes[code] ?? 0) + 1;
    if (!ALLOWED_CODES.has(code)) return bad(`error code ${code}`, error);
    if (typeof error.message !== 'string' || error.message === '')
      return bad('error without a message', error);
    if ('stacktrace' in error.extensions || 'exception' in error.extensions)
      return bad('stack trace in extensions', error);
    if (expect.codes && !expect.codes.includes(code))
      return bad(`unexpected code ${code} (expected ${expect.codes.join(' or ')})`, error);
    if (code === 'TEMPLATE_INVALID') {
      const problem = badProblem(error.extensions.details?.problems);
      if (problem) return bad(`malformed details.problems: ${problem}`, error);
    }
    if (code === 'LIMIT_EXCEEDED' && typeof error.extensions.details?.limit !== 'string')
      return bad('LIMIT_EXCEEDED without details.limit', error);
  }
  t.refused++;
  return 'refused';
}

/** Why a problem list is malformed, or undefined when every problem has a known code, a message and a path. */
function badProblem(problems: unknown): string | undefined {
  if (!Array.isArray(problems) || problems.length === 0) return 'not a non-empty list';
  for (const p of problems) {
    if (!KNOWN_PROBLEMS.has(p?.code)) return `unknown problem code ${clip(p?.code, 80)}`;
    if (typeof p.message !== 'string' || p.message === '')
      return `problem without a message (${clip(p, 200)})`;
    if (typeof p.path !== 'string') return `problem without a string path (${clip(p, 200)})`;
    for (const key of ['line', 'column'] as const)
      if (p[key] != null && !(Number.isInteger(p[key]) && p[key] >= 1))
        return `bad ${key} ${clip(p[key], 40)}`;
  }
  return undefined;
}

/** Runs `work` over `items`, at most CONCURRENCY at once. */
async function inPool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

/** Replaces the name placeholders of generated GraphQL variables. */
function withNames(value: unknown, fresh: () => string): unknown {
  if (value === FRESH_NAME) return fresh();
  if (value === EXISTING_NAME) return existing;
  if (Array.isArray(value)) return value.map((v) => withNames(v, fresh));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(result, k, {
        value: withNames(v, fresh),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return result;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The database: nothing may change when input is refused
// ---------------------------------------------------------------------------------------------

const COUNT = `
MATCH (s:Stack {tenant: $tenant}) WHERE NOT s.name IN $exclude
WITH collect(s) AS stacks, collect(s.id) AS ids
CALL (ids) { MATCH (v:StackVersion) WHERE v.stackId IN ids RETURN collect(v) AS versions }
CALL (ids) { MATCH (r:Resource) WHERE r.stackId IN ids RETURN collect(r) AS resources }
CALL (ids) { MATCH (b:EventBatch) WHERE b.stackId IN ids RETURN collect(b) AS batches }
WITH stacks + versions + resources + batches AS nodes
CALL (nodes) { UNWIND nodes AS n MATCH (n)-[rel]-() RETURN count(DISTINCT rel) AS relationships }
RETURN size(nodes) AS nodes, relationships`;

/** Nodes and relationships of this tenant's stacks, leaving out stacks that valid input created. */
async function countGraph(): Promise<string> {
  const result = await db.driver.executeQuery(
    COUNT,
    { tenant: app.tenant, exclude: [...acceptedNames] },
    { database: db.name },
  );
  const record = result.records[0];
  return `${String(record?.get('nodes'))} nodes, ${String(record?.get('relationships'))} relationships`;
}

// ---------------------------------------------------------------------------------------------
// Properties: each fast-check run is a batch of inputs sent concurrently, with the graph counted
// before and after and /healthz checked after
// ---------------------------------------------------------------------------------------------

async function runCategory<T>(
  category: string,
  arbitrary: fc.Arbitrary<T>,
  { batches, batchSize }: { batches: number; batchSize: number },
  handle: (input: T) => Promise<void>,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(arbitrary, { minLength: batchSize, maxLength: batchSize }), async (batch) => {
      const before = await countGraph();
      await inPool(batch, async (input) => {
        tally(category).inputs++;
        await handle(input);
      });
      tally(category).batches++;
      const health = await send(app.url.replace('/graphql', '/healthz'), { method: 'GET', headers: {} });
      if (health.status !== 200)
        violate(category, 'after a batch', '/healthz does not answer', batch, health);
      const after = await countGraph();
      if (after !== before) {
        violate(category, 'batch', `the graph changed: ${before} before, ${after} after`, batch, '');
        // A write went through (e.g. an update of the existing stack): let it settle, so that the
        // next batches are judged on their own.
        await waitForStack(app.url, existing).catch(() => undefined);
      }
    }),
    { numRuns: batches, seed, endOnFailure: true },
  );
}

function expectNoViolations(category: string): void {
  const t = tally(category);
  console.log(
    `[bad-input] ${category}: ${t.inputs} inputs, ${t.requests} requests, ${t.refused} refused, ${t.accepted} accepted, codes ${JSON.stringify(t.codes)}`,
  );
  expect(violationsOf(category)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Templates through createStack, updateStack, previewStack and validateTemplate
// ---------------------------------------------------------------------------------------------

/**
 * createStack with a template: refused with a well-formed coded error, or accepted and stored
 * verbatim (the version's template and parameters read back equal what was sent). validateTemplate
 * must agree on validity.
 */
async function createWithTemplate(
  category: string,
  c: TemplateCase,
  parametersText?: string,
): Promise<{ verdict: Verdict; name: string }> {
  const name = uniqueName('bad');
  const input = { name, template: c.text, parameters: c.parameters };
  const body =
    parametersText === undefined
      ? JSON.stringify({ query: CREATE, variables: { input } })
      : `{"query":${JSON.stringify(CREATE)},"variables":{"input":{"name":${JSON.stringify(name)},"template":${JSON.stringify(c.text)},"parameters":${parametersText}}}}`;
  const answer = await send(app.url, { body });
  const verdict = judge(category, c.label, c.text, answer, {
    mustRefuse: c.mustFail,
    codes: TEMPLATE_REFUSALS,
  });
  if (verdict === 'accepted') {
    acceptedNames.add(name);
    const stack = answer.body.data?.createStack?.stack;
    const version = stack?.versions?.[0];
    if (stack?.name !== name || version?.template !== c.text) {
      violate(category, c.label, 'template not stored verbatim', c.text, version?.template);
    } else if (
      parametersText === undefined &&
      canonicalJson(version.parameters) !== canonicalJson(c.parameters)
    ) {
      violate(category, c.label, 'parameters not stored verbatim', c.parameters, version.parameters);
    }
  }
  return { verdict, name };
}

async function validateAgrees(category: string, c: TemplateCase, created: Verdict): Promise<void> {
  const answer = await graphql(VALIDATE, { t: c.text, p: c.parameters });
  const verdict = judge(category, `${c.label} (validateTemplate)`, c.text, answer, {
    codes: ['LIMIT_EXCEEDED'],
  });
  if (verdict !== 'accepted') return;
  const result = answer.body.data.validateTemplate;
  const problem = result.valid ? undefined : badProblem(result.problems);
  if (problem) violate(category, c.label, `validateTemplate problems malformed: ${problem}`, c.text, result);
  if (c.mustFail && result.valid)
    violate(category, c.label, 'validateTemplate says an invalid template is valid', c.text, result);
  if (created === 'accepted' && !result.valid)
    violate(category, c.label, 'createStack accepted what validateTemplate refuses', c.text, result);
  if (created === 'refused' && result.valid && Buffer.byteLength(c.text) <= LIMITS.MAX_TEMPLATE_BYTES)
    violate(category, c.label, 'createStack refused what validateTemplate accepts', c.text, result);
}

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

let app: TestApp;
let db: Database;
/** A settled stack that refused updates, cancels and subscriptions aim at; it must never change. */
let existing: string;
/** Stacks created by valid input: left out of the graph counts. */
const acceptedNames = new Set<string>();
let bombsRun: Promise<void> = Promise.resolve();

beforeAll(async () => {
  app = await startTestApp({
    MAX_BODY_BYTES: String(LIMITS.MAX_BODY_BYTES),
    MAX_TEMPLATE_BYTES: String(LIMITS.MAX_TEMPLATE_BYTES),
    MAX_RESOURCES_PER_STACK: String(LIMITS.MAX_RESOURCES_PER_STACK),
  });
  db = testDatabase();
  existing = uniqueName('bad-input-existing');
  const created = await graphql(CREATE, {
    input: {
      name: existing,
      template: hot({
        a: { type: 'OS::Heat::None', properties: { x: 1 } },
        b: { type: 'OS::Heat::Value', properties: { value: { get_resource: 'a' } } },
      }),
    },
  });
  expect(created.body?.errors).toBeUndefined();
  expect((await waitForStack(app.url, existing)).status).toBe('CREATE_COMPLETE');
  // The bombs go to processes of their own: they run while the other properties run here.
  bombsRun = runBombs().catch((error: unknown) => {
    violate(BOMBS, 'harness', 'the bomb run failed', '', error instanceof Error ? error.stack : error);
  });
});

afterAll(async () => {
  const durationMs = Date.now() - startedAt;
  const categories = Object.fromEntries([...tallies].sort(([a], [b]) => a.localeCompare(b)));
  const totals = [...tallies.values()].reduce(
    (sum, t) => ({ inputs: sum.inputs + t.inputs, requests: sum.requests + t.requests }),
    { inputs: 0, requests: 0 },
  );
  console.log(
    `[bad-input] seed ${seed}: ${totals.inputs} inputs, ${totals.requests} requests in ${(durationMs / 1000).toFixed(1)} s; ${violations.length} violations`,
  );
  for (const [name, t] of Object.entries(categories))
    console.log(
      `[bad-input]   ${name.padEnd(34)} ${String(t.inputs).padStart(5)} inputs ${String(t.requests).padStart(5)} requests`,
    );
  await writeFigures({
    description:
      'End-to-end bad-input property run (test/e2e/bad-input.test.ts): generated malformed and hostile inputs per category, through the real HTTP and WebSocket API.',
    updatedAt: new Date().toISOString(),
    seed,
    defaultSeed: DEFAULT_SEED,
    seedOverride: 'FC_SEED=<int>',
    fastCheck: fc.__version,
    node: process.version,
    durationSeconds: Math.round(durationMs / 100) / 10,
    concurrency: CONCURRENCY,
    limits: LIMITS,
    totals: { ...totals, violations: violations.length },
    categories,
    violations: groupedViolations(),
  });
  await db?.close();
  await app?.stop();
});

async function writeFigures(e2e: Record<string, unknown>): Promise<void> {
  let figures: Record<string, unknown> = {};
  try {
    figures = JSON.parse(await readFile(FIGURES, 'utf8')) as Record<string, unknown>;
  } catch {
    // first run
  }
  figures.description =
    'Figures of the bad-input reliability tests: "e2e" from test/e2e/bad-input.test.ts, "unit" from test/unit/template/hostile-templates.test.ts, each from its latest run.';
  figures.e2e = e2e;
  await mkdir(dirname(FIGURES), { recursive: true });
  await writeFile(FIGURES, `${JSON.stringify(figures, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

const LONG = 150_000;

describe('bad input over HTTP: coded refusals, no writes, server up', () => {
  it(
    'malformed template text: broken YAML, alias bombs, tags, merge keys, several documents, corruption',
    async () => {
      const category = 'templates: malformed text';
      await runCategory(
        category,
        fc.oneof(yamlTrickCase, corruptedTemplateCase),
        { batches: 20, batchSize: 8 },
        async (c) => {
          const { verdict } = await createWithTemplate(category, c);
          await validateAgrees(category, c, verdict);
        },
      );
      expectNoViolations(category);
    },
    LONG,
  );

  it(
    'templates with defects: cycles, dangling references, wrong types, unknown types and functions, bad parameters',
    async () => {
      const category = 'templates: defects';
      await runCategory(category, invalidTemplateCase, { batches: 20, batchSize: 8 }, async (c) => {
        const expectation = { mustRefuse: true, codes: TEMPLATE_REFUSALS };
        await createWithTemplate(category, c);
        judge(
          category,
          `${c.label} (updateStack)`,
          c.text,
          await graphql(UPDATE, { input: { name: existing, template: c.text, parameters: c.parameters } }),
          expectation,
        );
        judge(
          category,
          `${c.label} (previewStack)`,
          c.text,
          await graphql(PREVIEW, { n: uniqueName('preview'), t: c.text, p: c.parameters }),
          expectation,
        );
        await validateAgrees(category, c, 'refused');
      });
      expectNoViolations(category);
    },
    LONG,
  );

  it(
    'huge and deeply nested values in templates and parameters',
    async () => {
      const category = 'templates: huge and deep values';
      await runCategory(category, hugeCase, { batches: 15, batchSize: 4 }, async (c) => {
        const { verdict, name } = await createWithTemplate(category, c, c.parametersText);
        if (verdict === 'accepted') await readBackHuge(category, c, name);
      });
      expectNoViolations(category);
    },
    LONG,
  );

  it(
    'functions that expand a tiny template enormously',
    async () => {
      const category = 'templates: function amplification';
      await runCategory(category, stringBombCase, { batches: 5, batchSize: 4 }, async (c) => {
        await createWithTemplate(category, c);
      });
      expectNoViolations(category);
    },
    LONG,
  );

  it(
    'hostile strings in resource names, properties, parameters, descriptions and outputs are stored verbatim',
    async () => {
      const category = 'values: hostile strings stored verbatim';
      await runCategory(category, hostileValidCase, { batches: 20, batchSize: 4 }, async (c) => {
        const name = uniqueName('hostile');
        const input = { name, template: c.text, parameters: c.parameters };
        const answer = await graphql(CREATE, { input });
        const verdict = judge(category, 'hostile valid template', input, answer, {
          codes: c.illFormed ? ['BAD_USER_INPUT', 'TEMPLATE_INVALID'] : [],
        });
        if (verdict !== 'accepted') return;
        acceptedNames.add(name);
        // Read back with a fresh request: what Neo4j holds, not what the mutation returned.
        const read = await graphql(
          `
            query ($n: String!) {
              stack(name: $n) {
                name
                outputs
                versions {
                  template
                  parameters
                  description
                }
                resources {
                  name
                  properties
                  definition
                }
              }
            }
          `,
          { n: name },
        );
        if (judge(category, 'read back', name, read, { mustRefuse: false }) !== 'accepted') return;
        const stack = read.body.data.stack;
        const version = stack?.versions?.[0];
        const differences: string[] = [];
        if (version?.template !== c.text) differences.push('template');
        if (canonicalJson(version?.parameters) !== canonicalJson(c.parameters))
          differences.push('parameters');
        if (version?.description !== c.description) differences.push('description');
        const names = (stack?.resources ?? []).map((r: any) => r.name).sort();
        if (canonicalJson(names) !== canonicalJson(Object.keys(c.properties).sort()))
          differences.push('resource names');
        for (const r of stack?.resources ?? []) {
          if (canonicalJson(r.properties) !== canonicalJson(c.properties[r.name]))
            differences.push(`properties of ${JSON.stringify(r.name)}`);
        }
        if (canonicalJson(stack?.outputs) !== canonicalJson(c.outputs)) differences.push('outputs');
        if (differences.length > 0)
          violate(
            category,
            'hostile valid template',
            `not stored verbatim: ${differences.join(', ')}`,
            input,
            stack,
          );
      });
      expectNoViolations(category);
    },
    LONG,
  );

  it(
    'hostile stack names: refused by createStack, unknown to queries and mutations',
    async () => {
      const category = 'names: hostile stack names';
      const invalidName = hostileString({ maxLong: 5000 }).filter(
        (n) => !/^[A-Za-z][A-Za-z0-9_.-]{0,254}$/.test(n),
      );
      const template = hot({ a: { type: 'OS::Heat::None' } });
      await runCategory(category, invalidName, { batches: 25, batchSize: 8 }, async (name) => {
        judge(category, 'createStack', name, await graphql(CREATE, { input: { name, template } }), {
          mustRefuse: true,
          codes: ['BAD_USER_INPUT'],
        });
        const read = await graphql('query($n: String!) { stack(name: $n) { name } }', { n: name });
        if (judge(category, 'stack(name:)', name, read) === 'accepted' && read.body.data.stack !== null)
          violate(category, 'stack(name:)', 'found a stack that was never created', name, read.body);
        const mutation = (['deleteStack', 'rollbackStack', 'cancelStackUpdate', 'updateStack'] as const)[
          name.length % 4
        ]!;
        const type = `${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Input`;
        const extra = mutation === 'updateStack' ? { template } : {};
        judge(
          category,
          mutation,
          name,
          await graphql(`mutation($i: ${type}!) { ${mutation}(input: $i) { stack { name } } }`, {
            i: { name, ...extra },
          }),
          { mustRefuse: true, codes: ['NOT_FOUND'] },
        );
      });
      expectNoViolations(category);
    },
    LONG,
  );

  it(
    'GraphQL variables of the wrong type: lists for maps, strings for numbers, nulls, extra fields',
    async () => {
      const category = 'graphql: variable confusion';
      await runCategory(category, graphqlConfusionCase, { batches: 50, batchSize: 8 }, async (c) => {
        await sendGraphQLCase(category, c);
      });
      expectNoViolations(category);
    },
    LONG,
  );

  it(
    'malformed, invalid, too deep and too costly GraphQL documents',
    async () => {
      const category = 'graphql: malformed documents';
      await runCategory(category, graphqlDocumentCase, { batches: 30, batchSize: 8 }, async (c) => {
        await sendGraphQLCase(category, c);
      });
      expectNoViolations(category);
    },
    LONG,
  );

  it(
    'malformed HTTP requests: bodies, content types, encodings, methods',
    async () => {
      const category = 'http: malformed requests';
      await runCategory(category, rawHttpCase, { batches: 30, batchSize: 8 }, async (c) => {
        const answer = await send(app.url + (c.search ?? ''), {
          method: c.method,
          headers: c.headers,
          ...(c.body !== undefined ? { body: c.body } : {}),
        });
        judge(
          category,
          c.label,
          { ...c, body: typeof c.body === 'string' ? c.body : `${c.body?.length ?? 0} bytes` },
          answer,
        );
      });
      // A body above MAX_BODY_BYTES, once: 413 with LIMIT_EXCEEDED.
      const big = await send(app.url, {
        body: JSON.stringify({ query: VALIDATE, variables: { t: 'x'.repeat(LIMITS.MAX_BODY_BYTES + 1) } }),
      });
      judge(category, 'body above MAX_BODY_BYTES', 'x'.repeat(100), big, {
        mustRefuse: true,
        codes: ['LIMIT_EXCEEDED'],
      });
      expectNoViolations(category);
    },
    LONG,
  );
});

async function sendGraphQLCase(category: string, c: GraphQLCase): Promise<void> {
  const fresh: string[] = [];
  const variables = withNames(c.variables, () => {
    const n = uniqueName('var');
    fresh.push(n);
    return n;
  });
  const answer = await graphql(c.query, variables);
  const verdict = judge(category, c.label, { query: c.query, variables }, answer, {
    ...(c.refusedWith ? { mustRefuse: true, codes: c.refusedWith } : {}),
  });
  // Valid after all (e.g. an optional argument): whatever it created is not a refused write.
  if (verdict === 'accepted') for (const n of fresh) acceptedNames.add(n);
}

async function readBackHuge(category: string, c: HugeCase, name: string): Promise<void> {
  const read = await graphql('query($n: String!) { stack(name: $n) { resources { name properties } } }', {
    n: name,
  });
  if (judge(category, `${c.label} (read back)`, name, read) !== 'accepted') return;
  const v = read.body.data.stack?.resources?.[0]?.properties?.v;
  const same =
    c.expected.kind === 'deep'
      ? isDeepValue(v, c.expected.depth, c.expected.shape)
      : canonicalJson(v) === canonicalJson(c.expected.value);
  if (!same) violate(category, c.label, 'value not stored verbatim', c.text, v);
}

// ---------------------------------------------------------------------------------------------
// WebSocket
// ---------------------------------------------------------------------------------------------

interface WsOutcome {
  errors?: any[];
  data?: unknown;
  failure?: string;
}

/** One operation over graphql-ws: its first result (errors or data), or why none came. */
function wsOperation(
  client: ReturnType<typeof wsClient>,
  query: string,
  variables: unknown,
): Promise<WsOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let dispose = () => {};
    const done = (outcome: WsOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
      setImmediate(() => dispose());
    };
    const timer = setTimeout(() => done({ failure: `no answer within ${HANG_MS} ms` }), HANG_MS);
    dispose = client.subscribe(
      { query, variables: variables as Record<string, unknown> },
      {
        next: (message) => done(message.errors ? { errors: [...message.errors] } : { data: message.data }),
        error: (error) =>
          done(
            Array.isArray(error)
              ? { errors: error }
              : { failure: `connection error: ${clip(error instanceof Error ? error.message : error, 200)}` },
          ),
        complete: () => done({ failure: 'completed without a result' }),
      },
    );
  });
}

function wsAnswer(outcome: WsOutcome): Answer {
  if (outcome.failure) return { status: 0, body: undefined, text: '', failure: outcome.failure };
  const body = outcome.errors ? { errors: outcome.errors } : { data: outcome.data };
  return { status: 200, body, text: JSON.stringify(body) };
}

describe('bad input over WebSocket', () => {
  it(
    'hostile subscriptions and mutations over graphql-ws',
    async () => {
      const category = 'websocket: hostile operations';
      await runCategory(category, subscriptionCase, { batches: 15, batchSize: 8 }, async (c) => {
        const client = wsClient(app.wsUrl);
        try {
          const fresh: string[] = [];
          const variables = withNames(c.variables ?? {}, () => {
            const n = uniqueName('ws');
            fresh.push(n);
            return n;
          });
          const outcome = await wsOperation(client, c.query, variables);
          const verdict = judge(category, c.label, { query: c.query, variables }, wsAnswer(outcome), {
            ...(c.refusedWith ? { mustRefuse: true, codes: c.refusedWith } : {}),
          });
          if (verdict === 'accepted') for (const n of fresh) acceptedNames.add(n);
        } finally {
          await client.dispose();
        }
      });
      expectNoViolations(category);
    },
    LONG,
  );

  it(
    'graphql-ws protocol abuse closes the connection with a 44xx code',
    async () => {
      const category = 'websocket: protocol abuse';
      await runCategory(category, rawWebSocketCase, { batches: 10, batchSize: 5 }, async (c) => {
        const t = tally(category);
        t.requests++;
        const outcome = await new Promise<{ code?: number; failure?: string }>((resolve) => {
          const socket = new WebSocket(app.wsUrl, 'graphql-transport-ws');
          const timer = setTimeout(() => {
            socket.terminate();
            resolve({ failure: 'the server kept the abused connection open' });
          }, 10_000);
          socket.on('open', () => {
            for (const frame of c.frames) socket.send(frame);
          });
          socket.on('close', (code) => {
            clearTimeout(timer);
            resolve({ code });
          });
          socket.on('error', () => {
            // the close event follows
          });
        });
        if (outcome.failure || outcome.code === undefined || outcome.code < 4400 || outcome.code > 4499)
          violate(category, c.label, outcome.failure ?? `closed with ${outcome.code}`, c.frames, outcome);
        else {
          t.refused++;
          t.codes[`close ${outcome.code}`] = (t.codes[`close ${outcome.code}`] ?? 0) + 1;
        }
      });
      expectNoViolations(category);
    },
    LONG,
  );
});

// ---------------------------------------------------------------------------------------------
// Compute bombs against a separate service process (a crash must not take the test runner down)
// ---------------------------------------------------------------------------------------------

function exitOf(service: ServiceProcess, ms: number): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    service.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function repeatBomb(loops: number, length: number): string {
  const forEach = Object.fromEntries(
    Array.from({ length: loops }, (_, i) => [`<%${i}%>`, Array.from({ length }, (_, j) => j)]),
  );
  const template = Array.from({ length: loops }, (_, i) => `<%${i}%>`).join('-');
  return hot({
    r: { type: 'OS::Heat::None', properties: { v: { repeat: { for_each: forEach, template } } } },
  });
}

function stringBomb(levels: number, width: number): string {
  let value: unknown = 'x';
  for (let level = 0; level < levels; level++) {
    const p = `P${level}`;
    value = { str_replace: { template: p.repeat(width), params: { [p]: value } } };
  }
  return hot({ r: { type: 'OS::Heat::None', properties: { v: value } } });
}

function patternBomb(length: number): string {
  return JSON.stringify({
    heat_template_version: '2021-04-16',
    parameters: {
      s: { type: 'string', default: `${'a'.repeat(length)}!`, constraints: [{ allowed_pattern: '(a+)+$' }] },
    },
  });
}

const BOMBS = 'bombs: separate service process';

/**
 * Sends each bomb to a service process of its own (a crash or a blocked event loop must not take
 * the test runner down); runs alongside the other properties. Records into the BOMBS category.
 */
async function runBombs(): Promise<void> {
  const category = BOMBS;
  const bombs = [
    { label: 'nested str_replace: 300^4 characters from a 1.3 KB template', template: stringBomb(4, 300) },
    {
      label: 'repeat over 3 lists of 200: 8 million strings from a 2 KB template',
      template: repeatBomb(3, 200),
    },
    { label: 'allowed_pattern (a+)+$ against 34 characters', template: patternBomb(34) },
  ];
  let service: ServiceProcess | undefined;
  let url = '';
  const start = async () => {
    service = startServiceProcess('main', {
      PORT: '0',
      RUN_WORKERS: 'false',
      LOCAL_TENANT: uniqueTenant('bombs'),
      // A small heap: an unbounded expansion crashes quickly instead of swapping the machine.
      NODE_OPTIONS: '--max-old-space-size=384',
    });
    const line = await service.waitFor(/GraphQL API listening/, 90_000);
    url = (JSON.parse(line) as { url: string }).url;
  };
  try {
    for (const bomb of bombs) {
      tally(category).inputs++;
      if (!service || service.child.exitCode !== null) await start();
      const answer = await send(
        url,
        { body: JSON.stringify({ query: VALIDATE, variables: { t: bomb.template } }) },
        BOMB_HANG_MS,
      );
      // A dropped connection may be the process dying: give the exit a moment to be seen.
      if (answer.failure && !answer.failure.startsWith('no answer')) await exitOf(service!, 5000);
      const exited = service!.child.exitCode !== null || service!.child.signalCode !== null;
      if (exited)
        answer.failure = `the service process died: ${(
          service!.output.find((l) => /FATAL|out of memory|heap limit/i.test(l)) ??
          service!.output.slice(-3).join(' | ')
        ).slice(0, 300)}`;
      judge(category, bomb.label, bomb.template, answer);
      // After a hang the process is still busy: no point asking it.
      const health =
        exited || answer.failure
          ? { status: 0 }
          : await send(url.replace('/graphql', '/healthz'), { method: 'GET', headers: {} }, BOMB_HANG_MS);
      if (!exited && !answer.failure && health.status !== 200)
        violate(category, bomb.label, '/healthz does not answer afterwards', bomb.template, health);
      // A process that hung is still busy: the next bomb gets a fresh one.
      if (!exited && (answer.failure || health.status !== 200)) await service!.kill();
      if (exited || answer.failure || health.status !== 200) service = undefined;
    }
  } finally {
    if (service && service.child.exitCode === null) await service.kill();
  }
}

describe('compute bombs', () => {
  it('tiny templates that expand enormously or backtrack catastrophically are refused; the process survives', async () => {
    await bombsRun;
    expectNoViolations(BOMBS);
  }, 240_000);
});

describe('afterwards', () => {
  it('the server is up and a normal createStack still converges', async () => {
    const health = await send(app.url.replace('/graphql', '/healthz'), { method: 'GET', headers: {} });
    expect(health.status).toBe(200);
    const name = uniqueName('after-bad-input');
    acceptedNames.add(name);
    const created = await graphql(CREATE, {
      input: {
        name,
        template: hot({ a: { type: 'OS::Heat::None' }, b: { type: 'OS::Heat::None', depends_on: 'a' } }),
      },
    });
    expect(created.body?.errors).toBeUndefined();
    expect((await waitForStack(app.url, name)).status).toBe('CREATE_COMPLETE');
  });

  it('the stack every refused update, cancel and subscription aimed at is untouched', async () => {
    const base = await graphql(
      'query($n: String!) { stack(name: $n) { version status versions { number } } }',
      {
        n: existing,
      },
    );
    expect(base.body.data.stack).toMatchObject({
      version: 1,
      status: 'CREATE_COMPLETE',
      versions: [{ number: 1 }],
    });
  });
});
