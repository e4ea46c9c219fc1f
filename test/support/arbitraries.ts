/**
 * fast-check generators of bad input: malformed and hostile templates, hostile strings, and
 * GraphQL requests whose variables have the wrong types. Shared by the unit property test of the
 * template compiler (`test/unit/template/hostile-templates.test.ts`) and the end-to-end one
 * (`test/e2e/bad-input.test.ts`).
 *
 * Every template case says what a correct compiler must do with it: `mustFail` (refused, with a
 * problem of one of `codes` when given) or not (accepted or refused, either is fine, but never a
 * throw). Generated values are never mutated: cases are built from fresh copies.
 */
import fc from 'fast-check';
import { toHeatYaml } from '../../src/template/yaml-schema.ts';

/** The default seed of every property run here; `FC_SEED=<int>` overrides it (reported by the tests). */
export const DEFAULT_SEED = 20_260_515;

export function fcSeed(): number {
  const raw = process.env.FC_SEED;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return seed | 0;
}

/** Template problem codes, as documented in the README. */
export const KNOWN_PROBLEM_CODES = [
  'YAML_SYNTAX',
  'DUPLICATE_KEY',
  'INVALID_TEMPLATE',
  'EMPTY_TEMPLATE',
  'INVALID_SECTION',
  'UNKNOWN_SECTION',
  'MISSING_VERSION',
  'UNKNOWN_VERSION',
  'UNKNOWN_RESOURCE_TYPE',
  'MISSING_RESOURCE',
  'MISSING_PARAMETER',
  'PARAMETER_REQUIRED',
  'PARAMETER_INVALID',
  'UNKNOWN_PARAMETER',
  'DEPENDENCY_CYCLE',
  'MISSING_PROPERTY',
  'UNKNOWN_PROPERTY',
  'PROPERTY_INVALID',
  'UNKNOWN_ATTRIBUTE',
  'UNKNOWN_FUNCTION',
  'FUNCTION_INVALID',
  'UNSUPPORTED',
  'INVALID_RESOURCE',
  'TOO_MANY_RESOURCES',
  'INVALID_CONDITION',
  'DISABLED_RESOURCE',
] as const;
export type KnownProblemCode = (typeof KNOWN_PROBLEM_CODES)[number];

// ---------------------------------------------------------------------------------------------
// Hostile strings
// ---------------------------------------------------------------------------------------------

/** Injection attempts against Cypher, GraphQL, YAML, templates, shells, HTML and JS objects. */
export const INJECTIONS: readonly string[] = [
  "'}) MATCH (n) DETACH DELETE n //",
  '"}) MATCH (n) DETACH DELETE n //',
  "x'}) WITH 1 AS x MATCH (s:Stack) SET s.tenant = 'pwned' //",
  "') RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 //",
  '`) MATCH (n) DETACH DELETE n //',
  '`name`',
  '``',
  'a`b',
  '$param',
  '$tenant',
  '$name',
  '{name: $name}',
  '${tenant}',
  '#{7*7}',
  '{{7*7}}',
  '<%= 7*7 %>',
  '<%x%>',
  "' OR 1=1 --",
  "'; DROP TABLE stacks; --",
  '" OR ""="',
  'CALL db.clearQueryCaches()',
  "CALL apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {})",
  'MATCH (n) DETACH DELETE n',
  "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
  '// comment',
  '/* comment',
  '\\',
  '\\\\',
  "\\'",
  '\\u0000',
  '\\x00',
  '%00',
  '%s%s%s%n',
  '../../../../etc/passwd',
  'file:///etc/passwd',
  '$(rm -rf /)',
  '; rm -rf / #',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '{"$gt": ""}',
  '$where',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  'true',
  'yes',
  '~',
  '',
  ' ',
  '\t',
  '&anchor',
  '*alias',
  '!!js/function',
  '!!python/object/apply:os.system',
  '<<',
  '? ',
  '- ',
  ': ',
  '# not a comment',
  '---',
  '...',
  '%YAML 1.1',
  '|',
  '>',
  '@',
  '`',
  '{',
  '}',
  '[',
  ']',
  'Fn::Base64',
  'get_param',
  'get_resource',
  'OS::stack_id',
  'query { stacks { name } }',
  'mutation { deleteStack(input: {name: "x"}) { stack { name } } }',
  '"}}) { stack { name } } mutation { deleteStack(input: {name: "x',
  '__typename',
  '\u0000',
  'a\u0000b',
];

/** Characters that break naive handling: bidi controls, joiners, controls, lone surrogates, emoji. */
export const UNICODE_SPECIALS: readonly string[] = [
  '\u200F', // right-to-left mark
  '\u200E', // left-to-right mark
  '\u202E', // right-to-left override
  '\u202D',
  '\u2066', // left-to-right isolate
  '\u2069',
  '\u200D', // zero-width joiner
  '\u200C',
  '\u200B', // zero-width space
  '\u2060',
  '\uFEFF', // byte order mark
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u000B',
  '\f',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009B',
  '\u00A0',
  '\u2028',
  '\u2029',
  '\uD800', // lone high surrogate
  '\uDBFF',
  '\uDC00', // lone low surrogate
  '\uDFFF',
  '\uDE00\uD83D', // a surrogate pair in the wrong order
  '\uD83D\uDE00', // 😀
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}', // family: joined emoji
  '\u{1F3F3}\uFE0F\u200D\u{1F308}', // rainbow flag
  '\u{1F1FA}\u{1F1F8}', // regional indicators
  '\u0301', // combining acute accent on nothing
  'e\u0301',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035A', // zalgo
  '\uFDFD',
  '\u{1D54F}',
  '\uFFFD',
  '\uFFFE',
  '\uFFFF',
  '\u{10FFFF}',
  '\u0130',
  'ß',
  'ﬁ',
  '\u05D0\u05D1\u05D2', // Hebrew
  '\u0627\u0644\u0639\u0631\u0628\u064A\u0629', // Arabic
  '\u4E2D\u6587',
  '\u3000',
];

const TRICKY_ASCII = [...'\'"`$\\{}[]():;,.#&*!|>%@-/?<=~^+ '];

const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_SPECIALS) },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY_ASCII) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
);

/** A long string (1,000 to `max` characters) made of one repeated hostile piece. */
export function longString(max = 60_000): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.oneof(piece, fc.constantFrom('x', 'é', '\uD83D\uDE00')),
      fc.integer({ min: Math.min(1000, max), max }),
    )
    .map(([unit, length]) => unit.repeat(Math.max(1, Math.ceil(length / Math.max(1, unit.length)))));
}

/** Hostile strings: injections, unusual Unicode, control characters, occasionally very long. */
export function hostileString(options: { maxLong?: number; long?: boolean } = {}): fc.Arbitrary<string> {
  const { maxLong = 60_000, long = true } = options;
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
    { weight: 5, arbitrary: fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
    { weight: long ? 1 : 0, arbitrary: longString(maxLong) },
  );
}

/** True when a string has a lone (unpaired) surrogate, which UTF-8 cannot encode. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** True when any string (key or value) inside a JSON-like value has a lone surrogate. */
export function valueHasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return hasLoneSurrogate(value);
  if (Array.isArray(value)) return value.some(valueHasLoneSurrogate);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => hasLoneSurrogate(k) || valueHasLoneSurrogate(v));
  }
  return false;
}

// eslint-disable-next-line no-control-regex -- the rule the compiler applies to resource names
const FORBIDDEN_RESOURCE_NAME = /[\u0000-\u001f\u007f/]/;

/** A resource name the compiler accepts (not blank, no control character, no "/"), yet hostile. */
export function hostileResourceName(): fc.Arbitrary<string> {
  return hostileString({ maxLong: 300 }).filter(
    (name) => name.trim() !== '' && !FORBIDDEN_RESOURCE_NAME.test(name) && name.length <= 300,
  );
}

// ---------------------------------------------------------------------------------------------
// JSON-like values
// ---------------------------------------------------------------------------------------------

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Sets an own enumerable property, also for the key `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function objectOf(entries: Iterable<readonly [string, unknown]>): Record<string, Json> {
  const result: Record<string, Json> = {};
  for (const [key, value] of entries) setOwn(result, key, value);
  return result;
}

/** A deep copy through JSON (own `__proto__` keys survive: JSON.parse defines them). */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** JSON with object keys sorted: the same value always gives the same text (-0 is 0, as in JSON). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) return nested;
    return objectOf(
      Object.keys(nested)
        .sort()
        .map((k) => [k, (nested as Record<string, unknown>)[k]]),
    );
  });
}

/**
 * A map of one key is a function call when the key names a function; plain data here must never
 * look like one, so a single-key map gets a second key.
 */
function notACall(map: Record<string, Json>): Record<string, Json> {
  const keys = Object.keys(map);
  if (keys.length === 1 && keys[0] !== '_') setOwn(map, '_', 0);
  return map;
}

const finiteNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 2 ** 53 + 1, -(2 ** 63), 1e308, 5e-324, 0.1),
);

/** JSON values whose strings (keys too) are hostile; maps never look like function calls. */
export function hostileJson(maxDepth = 3): fc.Arbitrary<Json> {
  const { value } = fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      hostileString({ maxLong: 5000 }),
      finiteNumber,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc
        .dictionary(hostileString({ long: false }), tie('value'), { maxKeys: 4 })
        .map((m) => notACall(objectOf(Object.entries(m)))),
    ),
  }));
  return value;
}

// ---------------------------------------------------------------------------------------------
// Valid templates (the starting point of malformed ones)
// ---------------------------------------------------------------------------------------------

export type TemplateObject = Record<string, Json>;
type ResourceMap = Record<string, Record<string, Json>>;

const simpleName = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
const simpleScalar: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const simpleProperties = fc
  .dictionary(fc.stringMatching(/^[a-z][a-z_]{0,6}$/), simpleScalar, { maxKeys: 4 })
  .map((m) => notACall(objectOf(Object.entries(m))));

function resourceArbitrary(earlier: string[]): fc.Arbitrary<Record<string, Json>> {
  return fc
    .record({
      kind: fc.constantFrom('none', 'value', 'test'),
      properties: simpleProperties,
      deps:
        earlier.length > 0
          ? fc.subarray(earlier, { maxLength: Math.min(3, earlier.length) })
          : fc.constant<string[]>([]),
      viaReference: fc.boolean(),
    })
    .map(({ kind, properties, deps, viaReference }) => {
      const resource: Record<string, Json> = {};
      if (kind === 'none') {
        resource.type = 'OS::Heat::None';
        resource.properties = { ...properties };
        if (viaReference && deps.length > 0) {
          resource.properties.refs = deps.map((d) => ({ get_resource: d }));
          return resource;
        }
      } else if (kind === 'value') {
        resource.type = 'OS::Heat::Value';
        resource.properties = { value: properties };
      } else {
        resource.type = 'OS::Heat::TestResource';
        resource.properties = { value: 'v', wait_secs: 0 };
      }
      if (deps.length > 0) resource.depends_on = deps;
      return resource;
    });
}

/** A small valid template: None, Value and TestResource resources, some depending on earlier ones. */
export const validTemplate: fc.Arbitrary<TemplateObject> = fc
  .uniqueArray(simpleName, { minLength: 1, maxLength: 5 })
  .chain((names) =>
    fc
      .tuple(
        fc.tuple(...names.map((_, i) => resourceArbitrary(names.slice(0, i)))),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([definitions, withParameter, withOutput]) => {
        const template: TemplateObject = {
          heat_template_version: '2021-04-16',
          resources: objectOf(names.map((n, i) => [n, definitions[i]!])),
        };
        if (withParameter) template.parameters = { p: { type: 'string', default: 'x' } };
        if (withOutput) template.outputs = { o: { value: { get_resource: names[0]! } } };
        return template;
      }),
  );

export type TextFormat = 'json' | 'yaml';

export function serialise(template: unknown, format: TextFormat): string {
  return format === 'json'
    ? JSON.stringify(template)
    : // Written as Heat reads YAML (1.1 scalars, escaped non-printable characters), so the text means the value.
      toHeatYaml(template);
}

// ---------------------------------------------------------------------------------------------
// Invalid templates: a valid template with one to three defects, each sure to be reported
// ---------------------------------------------------------------------------------------------

export interface TemplateCase {
  /** Category of the case, for reporting. */
  label: string;
  text: string;
  /** Parameter values given with the template. */
  parameters: Record<string, Json>;
  /** The template is invalid by construction. */
  mustFail: boolean;
  /** With mustFail: at least one problem has one of these codes. */
  codes: readonly KnownProblemCode[];
}

interface Defect {
  label: string;
  codes: readonly KnownProblemCode[];
  /** Mutates a fresh copy of the template (and the given parameters). */
  apply(template: TemplateObject, parameters: Record<string, Json>): void;
}

const RESOURCE_TYPES = [
  'OS::Heat::None',
  'OS::Heat::Value',
  'OS::Heat::RandomString',
  'OS::Heat::TestResource',
  'Convergence::Webhook',
];
const SECTIONS = [
  'heat_template_version',
  'description',
  'parameter_groups',
  'parameters',
  'resources',
  'outputs',
  'conditions',
];
const RESOURCE_KEYS = [
  'type',
  'properties',
  'metadata',
  'depends_on',
  'deletion_policy',
  'update_policy',
  'description',
];

/** The resources section as a map, or undefined when an earlier defect replaced it. */
function resourcesOf(template: TemplateObject): ResourceMap | undefined {
  const section = template.resources;
  if (section === null || typeof section !== 'object' || Array.isArray(section)) return undefined;
  return section as ResourceMap;
}

/** A resource to attach a defect to: the first well-formed one, or a new OS::Heat::None. */
function someResource(resources: ResourceMap): Record<string, Json> {
  for (const value of Object.values(resources)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  }
  const added = { type: 'OS::Heat::None' };
  setOwn(resources, 'added_resource', added);
  return added;
}

function propertiesOf(resource: Record<string, Json>): Record<string, Json> {
  const properties = resource.properties;
  if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) return properties;
  // Replacing a type's properties may add other problems; the defect's own is still reported.
  resource.type = 'OS::Heat::None';
  const fresh: Record<string, Json> = {};
  resource.properties = fresh;
  return fresh;
}

/** Not a map and not null: what a section or a resource must not be. */
const notAMap: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.boolean(),
  fc.array(simpleScalar, { maxLength: 3 }),
);
const missingName = hostileString({ long: false }).map((s) => `zz-missing-${s}`);

const defects: fc.Arbitrary<Defect>[] = [
  fc.integer({ min: 2, max: 5 }).map((length): Defect => ({
    label: 'dependency cycle',
    codes: ['DEPENDENCY_CYCLE'],
    apply(template) {
      const resources = resourcesOf(template);
      if (!resources) return;
      const names = Array.from({ length }, (_, i) => `cycle_${length}_${i}`);
      names.forEach((name, i) => {
        const next = names[(i + 1) % length]!;
        setOwn(
          resources,
          name,
          i % 2 === 0
            ? { type: 'OS::Heat::None', depends_on: [next] }
            : { type: 'OS::Heat::None', properties: { ref: { get_resource: next }, _: 0 } },
        );
      });
    },
  })),
  fc.constant<Defect>({
    label: 'depends on itself',
    codes: ['DEPENDENCY_CYCLE'],
    apply(template) {
      const resources = resourcesOf(template);
      if (resources) setOwn(resources, 'selfish', { type: 'OS::Heat::None', depends_on: 'selfish' });
    },
  }),
  fc
    .tuple(missingName, fc.constantFrom('depends_on', 'get_resource', 'get_attr'))
    .map(([name, how]): Defect => ({
      label: `dangling reference (${how})`,
      codes: ['MISSING_RESOURCE'],
      apply(template) {
        const resources = resourcesOf(template);
        if (!resources) return;
        const resource = someResource(resources);
        if (how === 'depends_on') resource.depends_on = [name];
        else if (how === 'get_resource') propertiesOf(resource).dangling = { get_resource: name };
        else propertiesOf(resource).dangling = { get_attr: [name, 'output'] };
      },
    })),
  missingName.map((name): Defect => ({
    label: 'dangling get_param',
    codes: ['MISSING_PARAMETER'],
    apply(template) {
      const resources = resourcesOf(template);
      if (resources) propertiesOf(someResource(resources)).dangling = { get_param: name };
    },
  })),
  fc.constant<Defect>({
    label: 'no heat_template_version',
    codes: ['MISSING_VERSION'],
    apply: (template) => void delete template.heat_template_version,
  }),
  fc
    .oneof(
      fc.constantFrom<Json>(2021, 20210416, 2021.04, [], {}, true, '2012-12-12', 'latest', '2021-04-17'),
      // Names of Object.prototype members, which a lookup in a plain object would find.
      fc.constantFrom<Json>('constructor', '__proto__', 'Constructor', 'toString', 'hasOwnProperty'),
      hostileString({ long: false }).map((s) => `v-${s}`),
    )
    .map((version): Defect => ({
      label: 'unknown heat_template_version',
      codes: ['UNKNOWN_VERSION'],
      apply: (template) => void (template.heat_template_version = version),
    })),
  fc.tuple(hostileString({ long: false }), hostileJson(2)).map(([key, value]): Defect => ({
    label: 'unknown section',
    codes: ['UNKNOWN_SECTION', 'UNSUPPORTED'],
    apply(template) {
      const name =
        SECTIONS.includes(key) || key.startsWith('AWS') || key.startsWith('Heat') ? `x${key}` : key;
      setOwn(template, name, value);
    },
  })),
  fc
    .tuple(fc.constantFrom('resources', 'parameters', 'outputs'), notAMap)
    .map(([section, value]): Defect => ({
      label: `${section} section is not a map`,
      codes: ['INVALID_SECTION'],
      apply: (template) => void (template[section] = value),
    })),
  fc.oneof(notAMap, fc.constant<Json>(null)).map((value): Defect => ({
    label: 'resource is not a map',
    codes: ['INVALID_RESOURCE'],
    apply(template) {
      const resources = resourcesOf(template);
      if (resources) setOwn(resources, 'not_a_map', value);
    },
  })),
  fc
    .oneof(
      fc.constantFrom<Json>(5, true, [], {}, ['OS::Heat::None'], { 'OS::Heat::None': null }),
      hostileString({ long: false }).filter((t) => !RESOURCE_TYPES.includes(t)),
    )
    .map((type): Defect => ({
      label: 'wrong or unknown resource type',
      codes: ['INVALID_RESOURCE', 'UNKNOWN_RESOURCE_TYPE'],
      apply(template) {
        const resources = resourcesOf(template);
        if (resources) someResource(resources).type = type;
      },
    })),
  fc.constant<Defect>({
    label: 'resource without a type',
    codes: ['INVALID_RESOURCE'],
    apply(template) {
      const resources = resourcesOf(template);
      if (resources) setOwn(resources, 'typeless', { properties: { a: 1, b: 2 } });
    },
  }),
  fc
    .tuple(
      fc.oneof(
        hostileString({ long: false }).filter((k) => !RESOURCE_KEYS.includes(k)),
        fc.constantFrom('Properties', 'Type', 'DependsOn'),
        fc.constantFrom('constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'),
      ),
      hostileJson(1),
    )
    .map(([key, value]): Defect => ({
      label: 'unknown resource key',
      codes: ['INVALID_RESOURCE', 'UNSUPPORTED'],
      apply(template) {
        const resources = resourcesOf(template);
        if (resources) setOwn(someResource(resources), key, value);
      },
    })),
  notAMap.map((value): Defect => ({
    label: 'properties are not a map',
    codes: ['INVALID_RESOURCE', 'PROPERTY_INVALID'],
    apply(template) {
      const resources = resourcesOf(template);
      if (!resources) return;
      const resource = someResource(resources);
      resource.type = 'OS::Heat::None';
      resource.properties = value;
    },
  })),
  fc.constantFrom<Json>(5, true, { a: 'b' }, [1], [null], [['x']]).map((value): Defect => ({
    label: 'depends_on of the wrong type',
    codes: ['INVALID_RESOURCE', 'MISSING_RESOURCE'],
    apply(template) {
      const resources = resourcesOf(template);
      if (resources) someResource(resources).depends_on = value;
    },
  })),
  fc.constantFrom<Json>('Explode', 'delete ', 5, [], { a: 1 }).map((value): Defect => ({
    label: 'unknown deletion_policy',
    codes: ['INVALID_RESOURCE', 'PROPERTY_INVALID', 'FUNCTION_INVALID'],
    apply(template) {
      const resources = resourcesOf(template);
      if (resources) someResource(resources).deletion_policy = value;
    },
  })),
  fc.constantFrom<Json>(5, [], { a: 1 }, true).map((value): Defect => ({
    label: 'description is not a string',
    codes: ['INVALID_SECTION'],
    apply: (template) => void (template.description = value),
  })),
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom('Fn::Evil', 'Fn::Sub', 'Fn::ImportValue', 'Fn::Transform'),
        fc.constantFrom('yaql', 'Ref', 'Fn::Join', 'Fn::Select', 'Fn::GetAtt', 'resource_facade'),
      ),
      hostileJson(1),
    )
    .map(([name, argument]): Defect => ({
      label: 'unknown or unsupported function',
      codes: ['UNKNOWN_FUNCTION', 'UNSUPPORTED'],
      apply(template) {
        const resources = resourcesOf(template);
        if (!resources) return;
        const call: Record<string, Json> = {};
        setOwn(call, name, argument);
        propertiesOf(someResource(resources)).call = call;
      },
    })),
  fc
    .constantFrom<Json>(
      { list_join: 'x' },
      { list_join: [',', 'x', 'y', 'z'] },
      { str_replace: 'x' },
      { str_replace: { template: 5, params: {} } },
      { str_replace: { template: 'a' } },
      { str_replace_strict: { template: 'a', params: { b: 'c' } } },
      { repeat: [] },
      { repeat: { for_each: [], template: 'x' } },
      { repeat: { for_each: { '%x%': 'notalist' }, template: '%x%' } },
      { digest: ['rot13', 'x'] },
      { digest: 'x' },
      { get_attr: [] },
      { get_attr: 'x' },
      { get_param: [] },
      { get_param: 5 },
      { get_resource: 5 },
      { get_resource: [] },
      { map_merge: 'x' },
      { map_merge: [1, 2] },
      { map_replace: [{}, 'x'] },
      { list_concat: 'x' },
      { list_concat: [1, 2] },
      { list_concat_unique: { a: 1 } },
      { str_split: [1] },
      { str_split: [',', 'a', 'b', 'c'] },
      { contains: 'x' },
      { filter: 1 },
      { make_url: 'x' },
      { make_url: { scheme: 5 } },
    )
    .map((call): Defect => ({
      label: 'function with bad arguments',
      codes: ['FUNCTION_INVALID', 'MISSING_PARAMETER', 'MISSING_RESOURCE', 'UNKNOWN_ATTRIBUTE'],
      apply(template) {
        const resources = resourcesOf(template);
        if (resources) propertiesOf(someResource(resources)).bad_call = clone(call);
      },
    })),
  fc
    .constantFrom<[string, Record<string, Json>, KnownProblemCode[]]>(
      ['OS::Heat::Value', {}, ['MISSING_PROPERTY']],
      ['OS::Heat::TestResource', { nonsense: 1 }, ['UNKNOWN_PROPERTY']],
      ['OS::Heat::TestResource', { wait_secs: 'soon' }, ['PROPERTY_INVALID']],
      ['OS::Heat::TestResource', { fail: 'maybe' }, ['PROPERTY_INVALID']],
      ['OS::Heat::RandomString', { length: 0 }, ['PROPERTY_INVALID']],
      ['OS::Heat::RandomString', { length: 100_000 }, ['PROPERTY_INVALID']],
      ['OS::Heat::RandomString', { length: 'long' }, ['PROPERTY_INVALID']],
      ['OS::Heat::RandomString', { character_classes: 'abc' }, ['PROPERTY_INVALID']],
      ['Convergence::Webhook', {}, ['MISSING_PROPERTY']],
      ['Convergence::Webhook', { url: 5 }, ['PROPERTY_INVALID']],
    )
    .map(([type, properties, codes]): Defect => ({
      label: 'invalid properties of a typed resource',
      codes,
      apply(template) {
        const resources = resourcesOf(template);
        if (resources) setOwn(resources, 'typed_bad', { type, properties: clone(properties) });
      },
    })),
  fc
    .constantFrom<[Json, Json | undefined, KnownProblemCode[]]>(
      [{ type: 'strng' }, undefined, ['INVALID_SECTION']],
      [{ type: 'number', default: 'abc' }, undefined, ['PARAMETER_INVALID']],
      [{ type: 'number' }, 'twelve', ['PARAMETER_INVALID']],
      [{ type: 'number' }, [1], ['PARAMETER_INVALID']],
      [{ type: 'boolean' }, 'perhaps', ['PARAMETER_INVALID']],
      [{ type: 'boolean' }, { a: 1 }, ['PARAMETER_INVALID']],
      [{ type: 'string' }, undefined, ['PARAMETER_REQUIRED']],
      [{ type: 'string' }, { a: 1 }, ['PARAMETER_INVALID']],
      [{ type: 'json' }, 'not json {', ['PARAMETER_INVALID']],
      [{ type: 'comma_delimited_list' }, { a: 1 }, ['PARAMETER_INVALID']],
      [{ type: 'string', nonsense: 1 }, 'x', ['INVALID_SECTION']],
      [{ type: 'string', constraints: [{ allowed_pattern: '([' }] }, 'x', ['INVALID_SECTION']],
      [{ type: 'string', constraints: [{ allowed_values: ['a'] }] }, 'b', ['PARAMETER_INVALID']],
      [{ type: 'string', constraints: [{ length: { min: 5 } }] }, 'abc', ['PARAMETER_INVALID']],
      [{ type: 'number', constraints: [{ range: { min: 5, max: 1 } }] }, 3, ['INVALID_SECTION']],
      [{ type: 'number', constraints: [{ modulo: { step: 0, offset: 0 } }] }, 3, ['INVALID_SECTION']],
      [{ type: 'string', constraints: 'none' }, 'x', ['INVALID_SECTION']],
      [{ type: 'string', constraints: [{ custom_constraint: 'ip_addr' }] }, 'x', ['PARAMETER_INVALID']],
      ['string', 'x', ['INVALID_SECTION']],
    )
    .map(([declaration, value, codes]): Defect => ({
      label: 'invalid parameter',
      codes,
      apply(template, parameters) {
        const section = template.parameters;
        const declared =
          section !== null && typeof section === 'object' && !Array.isArray(section)
            ? section
            : (template.parameters = {});
        setOwn(declared, 'defect_param', clone(declaration));
        if (value !== undefined) setOwn(parameters, 'defect_param', clone(value));
      },
    })),
  fc.tuple(hostileString({ long: false }), hostileJson(2)).map(([name, value]): Defect => ({
    label: 'value for an undeclared parameter',
    codes: ['UNKNOWN_PARAMETER'],
    apply: (_template, parameters) => setOwn(parameters, `undeclared-${name}`, value),
  })),
  fc
    .constantFrom<[Json, KnownProblemCode[]]>(
      [{ o: {} }, ['INVALID_SECTION']],
      [{ o: 'value' }, ['INVALID_SECTION']],
      [{ o: { value: 1, description: 5 } }, ['INVALID_SECTION']],
      [{ o: { value: { get_attr: ['zz-missing', 'x'] } } }, ['MISSING_RESOURCE']],
      [{ o: { value: { get_param: 'zz-missing' } } }, ['MISSING_PARAMETER']],
    )
    .map(([outputs, codes]): Defect => ({
      label: 'invalid output',
      codes,
      apply: (template) => void (template.outputs = clone(outputs)),
    })),
  fc
    .constantFrom<[Json, KnownProblemCode[]]>(
      [{ c: 'other' }, ['INVALID_CONDITION']],
      [{ c: { not: 'zz-missing' } }, ['INVALID_CONDITION']],
      [{ c: { get_resource: 'a' } }, ['INVALID_CONDITION']],
      [{ c: { equals: [1] } }, ['INVALID_CONDITION']],
      [[1], ['INVALID_CONDITION']],
    )
    .map(([conditions, codes]): Defect => ({
      label: 'faulty conditions section',
      codes,
      apply: (template) => void (template.conditions = clone(conditions)),
    })),
  fc.constantFrom('AWSTemplateFormatVersion', 'HeatTemplateFormatVersion').map((key): Defect => ({
    label: 'CloudFormation template',
    codes: ['UNSUPPORTED'],
    apply: (template) => void (template[key] = '2010-09-09'),
  })),
  fc
    .constantFrom('', ' ', '\t', 'a/b', '/', 'a\u0000b', 'a\u001bb', 'a\u007f', 'line\nbreak')
    .map((name): Defect => ({
      label: 'forbidden resource name',
      codes: ['INVALID_RESOURCE'],
      apply(template) {
        const resources = resourcesOf(template);
        if (resources) setOwn(resources, name, { type: 'OS::Heat::None' });
      },
    })),
  fc.constantFrom<Json>('x', [1], [{ parameters: ['zz-missing'] }], [{ label: 5 }]).map((groups): Defect => ({
    label: 'invalid parameter_groups',
    codes: ['INVALID_SECTION', 'MISSING_PARAMETER'],
    apply: (template) => void (template.parameter_groups = groups),
  })),
];

export const templateDefect: fc.Arbitrary<Defect> = fc.oneof(...defects);

/** Resource count above which a test's configuration refuses a template. */
export const TEST_MAX_RESOURCES = 50;

/** A valid template with one to three defects, as JSON or YAML. */
export const invalidTemplateCase: fc.Arbitrary<TemplateCase> = fc
  .tuple(
    validTemplate,
    fc.array(templateDefect, { minLength: 1, maxLength: 3 }),
    fc.constantFrom<TextFormat>('json', 'yaml'),
    fc.integer({ min: 0, max: 30 }),
  )
  .map(([base, chosen, format, tooMany]) => {
    const template = clone(base);
    const parameters: Record<string, Json> = {};
    for (const defect of chosen) defect.apply(template, parameters);
    const codes = new Set<KnownProblemCode>(chosen.flatMap((d) => d.codes));
    let label = chosen.map((d) => d.label).join(' + ');
    // One case in thirty also has too many resources.
    const resources = resourcesOf(template);
    if (tooMany === 0 && resources) {
      for (let i = 0; i <= TEST_MAX_RESOURCES; i++)
        setOwn(resources, `many_${i}`, { type: 'OS::Heat::None' });
      codes.add('TOO_MANY_RESOURCES');
      label += ' + too many resources';
    }
    return { label, text: serialise(template, format), parameters, mustFail: true, codes: [...codes] };
  });

// ---------------------------------------------------------------------------------------------
// Malformed text: YAML tricks and random corruption of valid templates
// ---------------------------------------------------------------------------------------------

const HEADER = 'heat_template_version: 2021-04-16\n';
const NONE_WITH = (properties: string) =>
  `${HEADER}resources:\n  r:\n    type: OS::Heat::None\n    properties:\n${properties}`;

/** "Billion laughs": each level's list holds `width` aliases of the previous level. */
function aliasBomb(levels: number, width: number): string {
  const lines = [`      l0: &l0 [${Array<string>(width).fill('lol').join(', ')}]`];
  for (let i = 1; i <= levels; i++) {
    lines.push(
      `      l${i}: &l${i} [${Array<string>(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  }
  return NONE_WITH(`${lines.join('\n')}\n`);
}

const FAILING_TAGS = [
  '!!js/function "function () { return process.exit(1) }"',
  '!!js/undefined ""',
  '!!js/regexp /(a+)+$/',
  '!!python/object/apply:os.system ["rm -rf /"]',
  '!!python/name:os.system',
  '!!binary aGVsbG8=',
  '!!timestamp 2001-12-14t21:59:43.10-05:00',
  '!custom value',
  '!<tag:evil.example,2000:x> value',
  '!!omap [a: 1]',
  '!!pairs [a: 1]',
];
const OTHER_TAGS = [
  '!!str 123',
  '!!int "7"',
  '!!float 1',
  '!!bool true',
  '!!null ""',
  '!!map {a: 1}',
  '!!seq [1]',
];

const yamlTricks: fc.Arbitrary<TemplateCase>[] = [
  fc.tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 2, max: 12 })).map(([levels, width]) => ({
    label: 'alias bomb',
    text: aliasBomb(levels, width),
    parameters: {},
    // Smaller bombs may expand within the budget and be accepted; these never can.
    mustFail: width ** levels >= 10_000_000,
    codes: ['YAML_SYNTAX'],
  })),
  fc.constant<TemplateCase>({
    label: 'recursive alias',
    text: NONE_WITH('      a: &a [1, *a]\n'),
    parameters: {},
    mustFail: true,
    codes: [],
  }),
  fc.constant<TemplateCase>({
    label: 'recursive alias of a map',
    text: `${HEADER}resources: &r\n  r:\n    type: OS::Heat::None\n    properties:\n      self: *r\n`,
    parameters: {},
    mustFail: false,
    codes: [],
  }),
  hostileString({ long: false }).map((name) => ({
    label: 'unknown alias',
    text: NONE_WITH(`      a: *${name.replace(/[\s,[\]{}]/g, '') || 'nowhere'}\n`),
    parameters: {},
    mustFail: true,
    codes: [],
  })),
  fc.constantFrom(...FAILING_TAGS).map((tag) => ({
    label: 'unsupported YAML tag',
    text: NONE_WITH(`      a: ${tag}\n`),
    parameters: {},
    mustFail: true,
    codes: ['YAML_SYNTAX', 'INVALID_TEMPLATE'] as KnownProblemCode[],
  })),
  fc.constantFrom(...OTHER_TAGS, '!!set {a, b}').map((tag) => ({
    label: 'standard YAML tag',
    text: NONE_WITH(`      a: ${tag}\n`),
    parameters: {},
    mustFail: false,
    codes: [],
  })),
  fc
    .constantFrom(
      `base: &b {type: OS::Heat::None}\n${HEADER}resources:\n  r:\n    <<: *b\n`,
      `${HEADER}resources:\n  a: &a {type: OS::Heat::None}\n  r:\n    <<: [*a]\n    properties: {x: 1}\n`,
      `${HEADER}resources:\n  r:\n    <<: {type: OS::Heat::None}\n`,
    )
    .map((text) => ({
      // PyYAML (so Heat) merges `<<` keys: the first is refused for its unknown section only.
      label: 'merge key',
      text,
      parameters: {},
      mustFail: text.startsWith('base:'),
      codes: ['UNKNOWN_SECTION'] as KnownProblemCode[],
    })),
  fc
    .constantFrom(
      `${HEADER}resources: {}\n---\n${HEADER}`,
      `${HEADER}resources: {}\n...\nresources: {}\n`,
      `%TAG ! tag:evil.example,2000:\n---\n${HEADER}resources: !x {}\n`,
      `${HEADER}resources:\n\tr: {type: OS::Heat::None}\n`,
      `${HEADER}resources: {r: {type: OS::Heat::None}\n`,
      `${HEADER}resources: [\n`,
      `${HEADER}resources:\n  r:\n    type: OS::Heat::None\n   properties: {}\n`,
      `${HEADER}resources: "unterminated\n`,
      `${HEADER}resources:\n  ? [a, b]\n  : {type: OS::Heat::None}\n`,
      `${HEADER}resources: @reserved\n`,
      `${HEADER}resources: \`reserved\n`,
      '{"heat_template_version": "2021-04-16", "resources": {}',
      "{'heat_template_version': '2021-04-16'\n",
      '[]',
      '"just a string"',
      '42',
      'null',
      '~',
      '---',
      '',
      '   \n\t\n',
      '# only a comment\n',
      '\u0000',
      `${HEADER}\u0000resources: {}\n`,
      `${HEADER}resources: {}\n\u0007`,
    )
    .map((text) => ({ label: 'malformed YAML or JSON', text, parameters: {}, mustFail: true, codes: [] })),
  fc
    .constantFrom(
      `%YAML 1.1\n---\n${HEADER}resources: {}\n`,
      `%YAML 1.1\n%YAML 1.1\n---\n${HEADER}`,
      `\uFEFF${HEADER}resources: {}\n`,
      `${HEADER}resources:\n  r: {type: OS::Heat::None}\n`.replace(/\n/g, '\r\n'),
      `${HEADER}resources: {}\n...\n`,
      '{"heat_template_version": "2021-04-16", "resources": {},}',
      `---\n${HEADER}resources: {}\n`,
      // Heat keeps the last of duplicate keys (with a warning here).
      `${HEADER}resources:\n  r: {type: OS::Heat::None}\n  r: {type: OS::Heat::None}\n`,
      `${HEADER}heat_template_version: 2021-04-16\n`,
      // Keys are read as text.
      `${HEADER}resources:\n  1.5: {type: OS::Heat::None}\n  null: {type: OS::Heat::None}\n`,
      `${HEADER}resources:\n  r: {type: OS::Heat::None, properties: {a: 1e400, b: -.inf, c: .nan, d: 0x1F, e: 0o17}}\n`,
      `${HEADER}resources:\n  r: {type: OS::Heat::None, properties: {n: 123456789012345678901234567890}}\n`,
    )
    .map((text) => ({ label: 'unusual but valid YAML', text, parameters: {}, mustFail: false, codes: [] })),
];

/** Ways of corrupting text at a position. */
const corruption = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.oneof(fc.constantFrom(...TRICKY_ASCII, '\t', '\n', ': ', '- ', '&a ', '*a ', '!!'), piece),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({
    kind: fc.constant('duplicateLine' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('indent' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    by: fc.constantFrom(' ', '   ', '\t', '-'),
  }),
);
type Corruption =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'indent'; at: number; by: string };

function corrupt(text: string, c: Corruption): string {
  const position = Math.min(text.length, Math.floor(c.at * text.length));
  switch (c.kind) {
    case 'truncate':
      return text.slice(0, position);
    case 'insert':
      return text.slice(0, position) + c.text + text.slice(position);
    case 'delete':
      return text.slice(0, position) + text.slice(position + c.length);
    case 'duplicateLine':
    case 'indent': {
      const lines = text.split('\n');
      const index = Math.min(lines.length - 1, Math.floor(c.at * lines.length));
      if (c.kind === 'duplicateLine') lines.splice(index, 0, lines[index] ?? '');
      else lines[index] = c.by + (lines[index] ?? '');
      return lines.join('\n');
    }
  }
}

/** A valid template, serialised, then corrupted one to four times: often broken, sometimes still valid. */
export const corruptedTemplateCase: fc.Arbitrary<TemplateCase> = fc
  .tuple(
    validTemplate,
    fc.constantFrom<TextFormat>('json', 'yaml'),
    fc.array(corruption, { minLength: 1, maxLength: 4 }),
  )
  .map(([template, format, corruptions]) => ({
    label: 'corrupted template',
    text: corruptions.reduce((text, c) => corrupt(text, c as Corruption), serialise(template, format)),
    parameters: {},
    mustFail: false,
    codes: [],
  }));

/** Alias bombs and recursive aliases cost the reader its whole alias budget (about 100,000 nodes): rarer. */
export const yamlTrickCase: fc.Arbitrary<TemplateCase> = fc.oneof(
  ...yamlTricks.map((arbitrary, i) => ({ weight: i < 3 ? 1 : 5, arbitrary })),
);

// ---------------------------------------------------------------------------------------------
// Huge and deeply nested values (valid in principle; limits may refuse them)
// ---------------------------------------------------------------------------------------------

/** Deeply nested JSON text, built without recursion (JSON.stringify itself overflows at a few thousand levels). */
export function deepJsonText(depth: number, shape: 'list' | 'map'): string {
  return shape === 'list'
    ? `${'['.repeat(depth)}"leaf"${']'.repeat(depth)}`
    : `${'{"k":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
}

/** Checks, without recursion, that `value` is `depth` levels of `shape` around "leaf". */
export function isDeepValue(value: unknown, depth: number, shape: 'list' | 'map'): boolean {
  let current = value;
  for (let i = 0; i < depth; i++) {
    if (shape === 'list') {
      if (!Array.isArray(current) || current.length !== 1) return false;
      current = current[0];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return false;
      const keys = Object.keys(current);
      if (keys.length !== 1 || keys[0] !== 'k') return false;
      current = (current as Record<string, unknown>).k;
    }
  }
  return current === 'leaf';
}

export interface HugeCase extends TemplateCase {
  /** The request body's `parameters` as JSON text (deep values cannot go through JSON.stringify). */
  parametersText: string;
  /** What the property `v` of resource `r` must read back as, when accepted. */
  expected: { kind: 'value'; value: Json } | { kind: 'deep'; depth: number; shape: 'list' | 'map' };
}

const NONE_V = (valueText: string) =>
  `{"heat_template_version":"2021-04-16","parameters":{"p":{"type":"json","default":{}}},"resources":{"r":{"type":"OS::Heat::None","properties":{"v":${valueText}}}}}`;

/**
 * Huge or deeply nested values as an OS::Heat::None property: long strings, long lists, wide maps,
 * nesting thousands deep, written in the template or given as a `json` parameter (as a value or
 * as JSON text). Valid in principle; limits may refuse them with a coded error.
 */
export const hugeCase: fc.Arbitrary<HugeCase> = fc.oneof(
  fc.tuple(longString(400_000), fc.constantFrom<TextFormat>('json', 'yaml')).map(([value, format]) => ({
    label: 'long string',
    text: serialise(
      {
        heat_template_version: '2021-04-16',
        resources: { r: { type: 'OS::Heat::None', properties: { v: value } } },
      },
      format,
    ),
    parameters: {},
    parametersText: '{}',
    expected: { kind: 'value' as const, value },
    mustFail: false,
    codes: [],
  })),
  fc
    .tuple(fc.integer({ min: 1000, max: 40_000 }), hostileString({ long: false }))
    .map(([n, s]) => Array<Json>(n).fill(s))
    .map((value) => ({
      label: 'long list',
      text: NONE_V(JSON.stringify(value)),
      parameters: {},
      parametersText: '{}',
      expected: { kind: 'value' as const, value },
      mustFail: false,
      codes: [],
    })),
  fc
    .integer({ min: 1000, max: 20_000 })
    .map((n) => objectOf(Array.from({ length: n }, (_, i) => [`k${i}`, i])))
    .map((value) => ({
      label: 'wide map',
      text: NONE_V(JSON.stringify(value)),
      parameters: {},
      parametersText: '{}',
      expected: { kind: 'value' as const, value },
      mustFail: false,
      codes: [],
    })),
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 10, max: 1500 }), fc.integer({ min: 1500, max: 8000 })),
      fc.constantFrom<'list' | 'map'>('list', 'map'),
      fc.constantFrom('template', 'parameter', 'parameter as text'),
    )
    .map(([depth, shape, where]) => {
      const deep = deepJsonText(depth, shape);
      const parametersText =
        where === 'template' ? '{}' : `{"p":${where === 'parameter' ? deep : JSON.stringify(deep)}}`;
      return {
        label: `deep ${shape} in the ${where}`,
        text: NONE_V(where === 'template' ? deep : '{"get_param":"p"}'),
        parameters: {},
        parametersText,
        expected: { kind: 'deep' as const, depth, shape },
        mustFail: false,
        codes: [],
      };
    }),
);

// ---------------------------------------------------------------------------------------------
// Valid templates full of hostile strings: must be accepted and stored verbatim
// ---------------------------------------------------------------------------------------------

export interface HostileValidCase {
  text: string;
  /** Parameter values to give. */
  parameters: Record<string, Json>;
  /** Expected properties of each resource after parameters are applied. */
  properties: Record<string, Record<string, Json>>;
  description: string;
  outputs: Record<string, Json>;
  /** Some string has a lone surrogate: refusing it with a coded error is also correct. */
  illFormed: boolean;
}

const PSEUDO = ['OS::stack_name', 'OS::stack_id', 'OS::project_id'];

export function hostileValidCaseIn(
  formats: readonly TextFormat[] = ['json', 'yaml'],
): fc.Arbitrary<HostileValidCase> {
  return (
    fc
      .record({
        names: fc.uniqueArray(hostileResourceName(), { minLength: 1, maxLength: 3 }),
        properties: fc.array(
          fc
            .dictionary(hostileString({ long: false }), hostileJson(3), { maxKeys: 5 })
            .map((m) => notACall(objectOf(Object.entries(m)))),
          { minLength: 3, maxLength: 3 },
        ),
        description: hostileString({ maxLong: 20_000 }),
        parameterName: hostileString({ long: false }).filter((n) => !PSEUDO.includes(n)),
        parameterDefault: hostileString({ long: false }),
        parameterValue: fc.option(hostileString({ maxLong: 20_000 }), { nil: undefined }),
        outputName: hostileString({ long: false }),
        outputValue: hostileString({ maxLong: 5000 }),
        format: fc.constantFrom<TextFormat>(...formats),
      })
      // Heat refuses a parameter and a resource of the same name (Stack.validate: "Duplicate names").
      .filter((c) => !c.names.includes(c.parameterName))
      .map((c) => {
        const parameterValue = c.parameterValue ?? c.parameterDefault;
        const resources: Record<string, Json> = {};
        const expected: Record<string, Record<string, Json>> = {};
        c.names.forEach((name, i) => {
          const written = clone(c.properties[i]!);
          const applied = clone(c.properties[i]!);
          // The first resource also takes the parameter through get_param.
          if (i === 0) {
            setOwn(written, 'from_parameter', { get_param: c.parameterName });
            setOwn(applied, 'from_parameter', parameterValue);
          }
          setOwn(resources, name, {
            type: 'OS::Heat::None',
            properties: written,
            metadata: { note: c.description },
          });
          setOwn(expected, name, applied);
        });
        const template: TemplateObject = {
          heat_template_version: '2021-04-16',
          description: c.description,
          parameters: objectOf([[c.parameterName, { type: 'string', default: c.parameterDefault }]]),
          resources,
          outputs: objectOf([[c.outputName, { value: c.outputValue, description: c.description }]]),
        };
        const parameters =
          c.parameterValue === undefined ? {} : objectOf([[c.parameterName, c.parameterValue]]);
        return {
          text: serialise(template, c.format),
          parameters,
          properties: expected,
          description: c.description,
          outputs: objectOf([[c.outputName, c.outputValue]]),
          illFormed: valueHasLoneSurrogate(template) || valueHasLoneSurrogate(parameters),
        };
      })
  );
}

export const hostileValidCase = hostileValidCaseIn();

// ---------------------------------------------------------------------------------------------
// Function amplification ("compute bombs"): tiny templates whose evaluation explodes
// ---------------------------------------------------------------------------------------------

/**
 * str_replace nested `levels` deep, each level's template being `width` copies of its placeholder:
 * the result has width^levels characters. Widths are either small (harmless) or at least 820
 * (three levels pass JavaScript's string length limit), never in between, so no case builds
 * strings of hundreds of megabytes before failing.
 */
export const stringBombCase: fc.Arbitrary<TemplateCase & { size: number }> = fc
  .oneof(
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 20 })),
    fc.tuple(fc.integer({ min: 3, max: 5 }), fc.integer({ min: 820, max: 3000 })),
  )
  .map(([levels, width]) => {
    let value: Json = 'x';
    for (let level = 0; level < levels; level++) {
      const placeholder = `P${level}`;
      value = {
        str_replace: { template: placeholder.repeat(width), params: objectOf([[placeholder, value]]) },
      };
    }
    return {
      label: 'nested str_replace',
      size: width ** levels,
      text: serialise(
        {
          heat_template_version: '2021-04-16',
          resources: { r: { type: 'OS::Heat::None', properties: { v: value } } },
        },
        'json',
      ),
      parameters: {},
      mustFail: false,
      codes: [],
    };
  });

// ---------------------------------------------------------------------------------------------
// GraphQL requests with confused variables
// ---------------------------------------------------------------------------------------------

/** A GraphQL request. `@NAME@` in variables is replaced by a fresh stack name when sent. */
export interface GraphQLCase {
  label: string;
  query: string;
  variables?: unknown;
  /** The request is invalid by construction and must be refused with one of these codes. */
  refusedWith?: readonly string[];
}

export const FRESH_NAME = '@NAME@';
/** Stands for the name of an existing, settled stack of the test. */
export const EXISTING_NAME = '@EXISTING@';

const VALID_TEMPLATE_TEXT = JSON.stringify({
  heat_template_version: '2021-04-16',
  resources: { a: { type: 'OS::Heat::None' } },
});

const confusedValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    '10',
    '1e3',
    '',
    'true',
    10.5,
    -1,
    0,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53,
    1e300,
    [],
    [1],
    {},
  ),
  fc.constantFrom<Json>({ a: 1 }, [null], [[1]], true, false, 'null'),
  hostileString({ long: false }),
);

type FieldSpec = { valid: Json; confused: fc.Arbitrary<Json> };

function inputCase(
  mutation: string,
  inputType: string,
  fields: Record<string, FieldSpec>,
  refusedWith: readonly string[],
): fc.Arbitrary<GraphQLCase> {
  const names = Object.keys(fields);
  const extraField = fc.tuple(
    fc.constantFrom('evil', 'tenant', 'id', 'concurrency', '__typename', 'name ', 'Name', 'template\u0000'),
    hostileJson(1),
  );
  return fc
    .tuple(
      fc.subarray(names),
      fc.subarray(names),
      fc.option(extraField, { nil: undefined }),
      fc.option(fc.constantFrom<Json>(null, [], 'input', 5, true, [{}]), { freq: 8, nil: undefined }),
    )
    .filter(([missing, confused, extra, whole]) => {
      // At least one fault: a missing required field, a confused value, an extra field or a bad input.
      const requiredMissing = missing.some((n) => n === 'name' || n === 'template');
      return requiredMissing || confused.length > 0 || extra !== undefined || whole !== undefined;
    })
    .chain(([missing, confused, extra, whole]) =>
      fc
        .tuple(
          ...confused.map((name) => fields[name]!.confused.map((value): [string, Json] => [name, value])),
        )
        .map((pairs): GraphQLCase => {
          const input: Record<string, Json> = {};
          for (const name of names) if (!missing.includes(name)) setOwn(input, name, fields[name]!.valid);
          for (const [name, value] of pairs) setOwn(input, name, value);
          if (extra) setOwn(input, extra[0], extra[1]);
          return {
            label: `${mutation} input confusion`,
            query: `mutation($input: ${inputType}!) { ${mutation}(input: $input) { stack { name version } } }`,
            variables: { input: whole === undefined ? input : whole },
            refusedWith,
          };
        }),
    )
    .filter((c) => !isValidInput(c, fields));
}

/** Filters out the rare combination that happens to be valid (e.g. a confused optional field set back to a valid value). */
function isValidInput(c: GraphQLCase, fields: Record<string, FieldSpec>): boolean {
  const input = (c.variables as { input: unknown }).input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return false;
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!(key in fields)) return false;
  for (const [key, spec] of Object.entries(fields)) {
    if (!Object.hasOwn(record, key)) {
      if (key === 'name' || key === 'template') return false;
      continue;
    }
    if (canonicalJson(record[key]) !== canonicalJson(spec.valid)) return false;
  }
  return true;
}

const anyConfused = (extra: Json[] = []): fc.Arbitrary<Json> =>
  extra.length > 0 ? fc.oneof(confusedValue, fc.constantFrom(...extra)) : confusedValue;

const invalidStackName = hostileString({ long: false }).filter(
  (name) => !/^[A-Za-z][A-Za-z0-9_.-]{0,254}$/.test(name),
);

const BAD_INPUT = ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED'];

/** GraphQL literal text of a value; object keys that are not GraphQL names are left out. */
function literal(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return `{${Object.entries(value)
    .filter(([k]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k))
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(', ')}}`;
}

export const graphqlConfusionCase: fc.Arbitrary<GraphQLCase> = fc.oneof(
  inputCase(
    'createStack',
    'CreateStackInput',
    {
      name: {
        valid: FRESH_NAME,
        confused: fc.oneof(fc.constantFrom<Json>(null, 5, 1.5, true, ['a'], {}, []), invalidStackName),
      },
      template: {
        valid: VALID_TEMPLATE_TEXT,
        confused: anyConfused([
          null,
          5,
          { heat_template_version: '2021-04-16', resources: {} },
          [VALID_TEMPLATE_TEXT],
        ]).filter((v) => typeof v !== 'string'),
      },
      parameters: {
        valid: {},
        confused: fc.constantFrom<Json>([], [1], 'a=b', 5, true, [{}], '{"a": 1}'),
      },
      disableRollback: { valid: false, confused: fc.constantFrom<Json>('true', 1, 0, 'yes', [], {}) },
      timeoutSeconds: {
        valid: 60,
        confused: fc.constantFrom<Json>('60', 60.5, 0, -1, 2 ** 31, 2 ** 53, 1e300, 604_801, [60], true),
      },
    },
    BAD_INPUT,
  ),
  inputCase(
    'updateStack',
    'UpdateStackInput',
    {
      name: { valid: EXISTING_NAME, confused: anyConfused([null, 5]) },
      template: {
        valid: VALID_TEMPLATE_TEXT,
        confused: fc.constantFrom<Json>(5, true, [], {}, { heat_template_version: '2021-04-16' }),
      },
      parameters: { valid: {}, confused: fc.constantFrom<Json>([], [1], 'a=b', 5, true) },
      expectedVersion: {
        valid: 999,
        confused: fc.constantFrom<Json>('1', 1.5, -1, 2 ** 31, [1], true, 999, 0),
      },
      timeoutSeconds: { valid: 30, confused: fc.constantFrom<Json>('30', 30.5, 0, -5, 2 ** 31, 604_801) },
    },
    // expectedVersion 999 (or 0) never matches: VERSION_CONFLICT.
    [...BAD_INPUT, 'VERSION_CONFLICT', 'NOT_FOUND', 'TEMPLATE_INVALID'],
  ),
  inputCase(
    'deleteStack',
    'DeleteStackInput',
    { name: { valid: FRESH_NAME, confused: anyConfused([null, 5, ['a']]) } },
    [...BAD_INPUT, 'NOT_FOUND'],
  ),
  inputCase(
    'rollbackStack',
    'RollbackStackInput',
    { name: { valid: FRESH_NAME, confused: anyConfused([null, 5]) } },
    [...BAD_INPUT, 'NOT_FOUND'],
  ),
  inputCase(
    'cancelStackUpdate',
    'CancelStackUpdateInput',
    {
      name: { valid: EXISTING_NAME, confused: anyConfused([null]) },
      rollback: { valid: false, confused: fc.constantFrom<Json>('false', 0, 1, 'yes', [], {}) },
    },
    [...BAD_INPUT, 'NOT_FOUND', 'INVALID_STATE'],
  ),
  // Variables declared with the wrong type.
  fc
    .constantFrom(
      'mutation($input: String!) { createStack(input: $input) { stack { name } } }',
      'mutation($input: UpdateStackInput!) { createStack(input: $input) { stack { name } } }',
      'mutation($input: CreateStackInput) { createStack(input: $input) { stack { name } } }',
      'query($n: Int!) { stack(name: $n) { name } }',
      'query($n: [String!]!) { stack(name: $n) { name } }',
      'query($f: String) { stacks(first: $f) { name } }',
      'query($t: JSON!) { validateTemplate(template: $t) { valid } }',
      'query($t: String!, $p: String) { validateTemplate(template: $t, parameters: $p) { valid } }',
      'query { stack(name: $undeclared) { name } }',
      'query($a: Int, $a: Int) { stacks(first: $a) { name } }',
    )
    .chain((query) =>
      hostileJson(2).map((value): GraphQLCase => ({
        label: 'variable of the wrong declared type',
        query,
        variables: { input: value, n: value, f: value, t: value, p: value, a: value },
        refusedWith: BAD_INPUT,
      })),
    ),
  // Inline literals of the wrong type.
  fc
    .tuple(
      fc.constantFrom(
        (v: string) => `mutation { createStack(input: {name: ${v}, template: "x"}) { stack { name } } }`,
        (v: string) => `mutation { createStack(input: {name: "ok", template: ${v}}) { stack { name } } }`,
        (v: string) =>
          `mutation { createStack(input: {name: "ok", template: "x", timeoutSeconds: ${v}}) { stack { name } } }`,
        (v: string) => `query { stacks(first: ${v}, after: ${v}) { name } }`,
        (v: string) => `query { stack(name: ${v}) { name } }`,
        (v: string) => `query { validateTemplate(template: ${v}) { valid } }`,
      ),
      fc.oneof(
        fc.constantFrom<Json>(5, 5.5, true, null, [], ['a'], { a: 1 }, 2 ** 31),
        fc.constantFrom('ENUM_VALUE', '$x', '"unterminated', '{a: }', '[1,', '-', '0x1F', '1e', '\u0000'),
      ),
    )
    .map(([build, value]): GraphQLCase => ({
      label: 'inline literal of the wrong type',
      query: build(typeof value === 'string' && !value.startsWith('"') ? value : literal(value)),
      // An explicit null is valid for an optional argument (then the template "x" is what is wrong).
      ...(value === null
        ? {}
        : {
            refusedWith: [
              'GRAPHQL_VALIDATION_FAILED',
              'GRAPHQL_PARSE_FAILED',
              'BAD_USER_INPUT',
              'TEMPLATE_INVALID',
            ],
          }),
    })),
  // Arguments of queries: pages, cursors, sequence numbers, versions.
  fc.oneof(
    fc
      .constantFrom<Json>('10', 10.5, -1, 0, 1001, 2 ** 31, true, [], {}, 1e300)
      .map((first): GraphQLCase => ({
        label: 'stacks(first:) confusion',
        query: 'query($first: Int) { stacks(first: $first) { name } }',
        variables: { first },
        // A huge page is refused by the cost estimate before coercion refuses it.
        refusedWith: [...BAD_INPUT, 'QUERY_TOO_COMPLEX'],
      })),
    hostileString({ long: false }).map((after): GraphQLCase => ({
      label: 'stacks(after:) with a forged cursor',
      query: 'query($after: String) { stacks(after: $after) { name } }',
      variables: { after: Buffer.from(after).toString('base64url') + after },
      // Base64 decoding skips what it cannot read, so a forged cursor may decode to something usable.
    })),
    fc
      .tuple(fc.oneof(fc.constant('x'), hostileString({ long: false })), hostileString({ long: false }))
      .map(([name, id]): GraphQLCase => ({
        label: 'stacks(after:) with a well-formed cursor of hostile names',
        query: 'query($after: String) { stacks(after: $after, first: 5) { name } }',
        variables: { after: Buffer.from(JSON.stringify([name, id])).toString('base64url') },
      })),
    fc
      .tuple(
        fc.constantFrom<Json>(-1, -(2 ** 31), 0, 2 ** 31, '5', 1.5, null),
        fc.constantFrom<Json>(0, -1, 1001, 2 ** 31, '5', 1.5, null),
      )
      .map(([after, first]): GraphQLCase => ({
        label: 'events(after:, first:) confusion',
        query: `query($name: String!, $after: Int, $first: Int) { stack(name: $name) { events(after: $after, first: $first) { sequence } } }`,
        variables: { name: EXISTING_NAME, after, first },
      })),
    fc
      .tuple(
        fc.constantFrom<Json>(-1, 0, 999, 2 ** 31, '1', 1.5),
        fc.constantFrom<Json>(1, -1, 999, 2 ** 31 - 1),
      )
      .map(([from, to]): GraphQLCase => ({
        label: 'diff/atVersion confusion',
        query: `query($name: String!, $from: Int!, $to: Int!) { stack(name: $name) { atVersion(number: $from) { number } diff(from: $from, to: $to) { changes { name } } } }`,
        variables: { name: EXISTING_NAME, from, to },
        refusedWith: [...BAD_INPUT, 'NOT_FOUND'],
      })),
    fc
      .tuple(confusedValue, fc.option(confusedValue, { nil: undefined }))
      .map(([template, parameters]): GraphQLCase => ({
        label: 'validateTemplate confusion',
        query:
          'query($t: String!, $p: JSON) { validateTemplate(template: $t, parameters: $p) { valid problems { code path } } }',
        variables: { t: template, p: parameters },
      })),
    fc
      .tuple(hostileString({ long: false }), fc.option(confusedValue, { nil: undefined }))
      .map(([name, template]): GraphQLCase => ({
        label: 'previewStack confusion',
        query:
          'query($n: String!, $t: String, $p: JSON) { previewStack(name: $n, template: $t, parameters: $p) { exists changes { name } } }',
        variables: { n: name, t: template, p: [1] },
        refusedWith: [...BAD_INPUT, 'TEMPLATE_INVALID'],
      })),
  ),
);

// ---------------------------------------------------------------------------------------------
// GraphQL documents that do not parse, do not validate, or are too deep or costly
// ---------------------------------------------------------------------------------------------

const VALID_QUERIES = [
  '{ stacks(first: 5) { name status } }',
  'query Q($n: String!) { stack(name: $n) { name version resources { name } } }',
  '{ resourceTypes { name properties } }',
  'mutation M { deleteStack(input: {name: "zz-none"}) { stack { name } } }',
];

export const graphqlDocumentCase: fc.Arbitrary<GraphQLCase> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...VALID_QUERIES), fc.array(corruption, { minLength: 1, maxLength: 3 }))
    .map(([query, corruptions]) => ({
      label: 'corrupted document',
      query: corruptions.reduce((text, c) => corrupt(text, c as Corruption), query),
      variables: { n: 'zz-none' },
    })),
  fc
    .string({ unit: 'binary', maxLength: 200 })
    .map((query) => ({ label: 'random text as a document', query })),
  hostileString().map((query) => ({ label: 'hostile string as a document', query })),
  fc.integer({ min: 13, max: 400 }).map((depth) => ({
    label: 'deeply nested selection',
    query: `{ stacks { resources { ${'requires { '.repeat(depth)}name${' }'.repeat(depth)} } } }`,
    refusedWith: ['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'],
  })),
  fc.integer({ min: 200, max: 1500 }).map((n) => ({
    label: 'many aliases',
    query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: stacks(first: 1000) { name resources { name } }`).join(' ')} }`,
    refusedWith: ['QUERY_TOO_COMPLEX'],
  })),
  fc.constantFrom<GraphQLCase>(
    {
      label: 'fragment cycle',
      query:
        'query { stacks { ...A } } fragment A on Stack { resources { name } ...B } fragment B on Stack { ...A }',
      refusedWith: ['GRAPHQL_VALIDATION_FAILED'],
    },
    {
      label: 'unknown field',
      query: '{ stacks { name password tenant } }',
      refusedWith: ['GRAPHQL_VALIDATION_FAILED'],
    },
    {
      label: 'unknown directive',
      query: '{ stacks @evil { name } }',
      refusedWith: ['GRAPHQL_VALIDATION_FAILED'],
    },
    {
      label: 'directive with a wrong argument',
      query: '{ stacks { name @skip(if: "yes") } }',
      refusedWith: ['GRAPHQL_VALIDATION_FAILED'],
    },
    {
      label: 'two anonymous operations',
      query: '{ stacks { name } } { resourceTypes { name } }',
      refusedWith: ['GRAPHQL_VALIDATION_FAILED'],
    },
    {
      label: 'subscription over HTTP',
      query: 'subscription { stackEvents(name: "zz-none") { sequence } }',
      refusedWith: ['BAD_REQUEST', 'BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED'],
    },
    {
      label: 'introspection of every type, deeply',
      query:
        '{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } } }',
    },
    {
      label: 'only a fragment',
      query: 'fragment A on Stack { name }',
      refusedWith: ['GRAPHQL_VALIDATION_FAILED'],
    },
    { label: 'empty document', query: '', refusedWith: ['GRAPHQL_PARSE_FAILED', 'BAD_REQUEST'] },
    {
      label: 'selection on a scalar',
      query: '{ stacks { name { length } } }',
      refusedWith: ['GRAPHQL_VALIDATION_FAILED'],
    },
    {
      label: 'JSON literal with a variable inside',
      query: 'query($x: String) { validateTemplate(template: "x", parameters: {a: $x}) { valid } }',
      variables: { x: "'}) MATCH (n) DETACH DELETE n //" },
    },
    {
      label: 'JSON literal with an enum inside',
      query: 'query { validateTemplate(template: "x", parameters: {a: SOME_ENUM}) { valid } }',
    },
  ),
);

// ---------------------------------------------------------------------------------------------
// Raw HTTP requests to /graphql
// ---------------------------------------------------------------------------------------------

export interface RawHttpCase {
  label: string;
  method: string;
  /** Appended to the GraphQL URL (query strings for GET). */
  search?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export const rawHttpCase: fc.Arbitrary<RawHttpCase> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((body) => ({
    label: 'random bytes',
    method: 'POST',
    headers: JSON_HEADERS,
    body,
  })),
  fc
    .tuple(fc.constantFrom(...VALID_QUERIES), fc.double({ min: 0, max: 0.99, noNaN: true }))
    .map(([query, at]) => {
      const text = JSON.stringify({ query });
      return {
        label: 'truncated JSON',
        method: 'POST',
        headers: JSON_HEADERS,
        body: text.slice(0, Math.floor(at * text.length)),
      };
    }),
  fc
    .constantFrom<Json>(
      [],
      [{ query: '{ stacks { name } }' }],
      'a string',
      5,
      null,
      {},
      { query: 5 },
      { query: null },
      { query: ['{ stacks { name } }'] },
      { query: '{ stacks { name } }', variables: 'x' },
      { query: '{ stacks { name } }', variables: [1] },
      { query: '{ stacks { name } }', variables: 5 },
      { query: '{ stacks { name } }', operationName: 5 },
      { query: '{ stacks { name } }', operationName: 'Missing' },
      { query: 'query A { stacks { name } } query B { stacks { name } }' },
      { query: '{ stacks { name } }', extensions: 'x' },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
      { query: '{ stacks { name } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
      { extensions: { persistedQuery: { version: 2, sha256Hash: 5 } } },
    )
    .map((body) => ({
      label: 'JSON of the wrong shape',
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    })),
  fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-7',
      'application/json; charset=latin1',
      'application/json; charset=evil',
      'application/graphql',
      'application/xml',
      '',
    )
    .map((contentType): RawHttpCase => ({
      label: 'unusual content type',
      method: 'POST',
      headers: contentType ? { 'content-type': contentType } : {},
      body: JSON.stringify({ query: '{ stacks { name } }' }),
    })),
  fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'evil', 'gzip, gzip').map((encoding) => ({
    label: 'bogus content encoding',
    method: 'POST',
    headers: { ...JSON_HEADERS, 'content-encoding': encoding },
    body: JSON.stringify({ query: '{ stacks { name } }' }),
  })),
  fc
    .constantFrom(
      '?query=%7Bstacks%7Bname%7D%7D',
      '?query=mutation%7BdeleteStack(input%3A%7Bname%3A%22x%22%7D)%7Bstack%7Bname%7D%7D%7D',
      '?query=%7Bstacks%7Bname%7D%7D&variables=notjson',
      '?query=%7Bstacks%7Bname%7D%7D&extensions=%7B',
      '?variables=%7B%7D',
      '',
    )
    .chain((search) =>
      fc.constantFrom<Record<string, string>>({}, { 'apollo-require-preflight': 'true' }).map((headers) => ({
        label: 'GET request',
        method: 'GET',
        search,
        headers,
      })),
    ),
  fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS').map((method) => ({
    label: 'other HTTP method',
    method,
    headers: JSON_HEADERS,
    body: JSON.stringify({ query: '{ stacks { name } }' }),
  })),
  fc
    .constantFrom(
      '\uFEFF{"query": "{ stacks { name } }"}',
      '{"query": "{ stacks { name } }"}\u0000',
      '{"query": "{ stacks { name } }", "query": "{ resourceTypes { name } }"}',
      '{"query": "{ stacks { name } }" /* comment */}',
      "{'query': '{ stacks { name } }'}",
      '{"query": "\\ud800 { stacks { name } }"}',
      '{"query": "{ stacks { name } }", "__proto__": {"polluted": true}}',
      '{"query": "{ stacks { name } }", "variables": {"__proto__": {"polluted": true}}}',
    )
    .map((body) => ({ label: 'odd JSON text', method: 'POST', headers: JSON_HEADERS, body })),
);

// ---------------------------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------------------------

export const subscriptionCase: fc.Arbitrary<GraphQLCase> = fc.oneof(
  hostileString({ long: false }).map((name) => ({
    label: 'events of a stack that does not exist',
    query: 'subscription($n: String!) { stackEvents(name: $n, after: 0) { sequence } }',
    variables: { n: name },
    refusedWith: ['NOT_FOUND'],
  })),
  hostileString({ long: false }).map((name) => ({
    label: 'readiness of a stack that does not exist',
    query: 'subscription($n: String!) { resourceReadiness(name: $n) { ready } }',
    variables: { n: name },
    refusedWith: ['NOT_FOUND'],
  })),
  fc.constantFrom<Json>(-1, -(2 ** 31), 2 ** 31, '1', 1.5, [], {}).map((after) => ({
    label: 'stackEvents(after:) confusion',
    query: 'subscription($n: String!, $a: Int) { stackEvents(name: $n, after: $a) { sequence } }',
    variables: { n: EXISTING_NAME, a: after },
    refusedWith: BAD_INPUT,
  })),
  fc
    .constantFrom(
      'subscription { stackEvents { sequence } }',
      'subscription { stackEvents(name: 5) { sequence } }',
      'subscription { stackEvents(name: "x") { nonsense } }',
      'subscription { stackEvents(name: "x") { sequence } resourceReadiness(name: "x") { ready } }',
      'subscription {',
      'subscription { stackEvents(name: "x") }',
    )
    .map((query) => ({
      label: 'invalid subscription document',
      query,
      refusedWith: ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT'],
    })),
  invalidTemplateCase.map((c) => ({
    label: 'createStack with an invalid template over WebSocket',
    query: 'mutation($input: CreateStackInput!) { createStack(input: $input) { stack { name } } }',
    variables: { input: { name: FRESH_NAME, template: c.text, parameters: c.parameters } },
    refusedWith: ['TEMPLATE_INVALID', 'LIMIT_EXCEEDED'],
  })),
);

/** Raw graphql-ws protocol abuse: each is the list of text frames sent after opening the socket. */
export const rawWebSocketCase: fc.Arbitrary<{ label: string; frames: readonly string[] }> = fc.oneof(
  fc.constantFrom<{ label: string; frames: readonly string[] }>(
    { label: 'not JSON', frames: ['hello'] },
    {
      label: 'subscribe before connection_init',
      frames: ['{"type":"subscribe","id":"1","payload":{"query":"{ stacks { name } }"}}'],
    },
    { label: 'two connection_init', frames: ['{"type":"connection_init"}', '{"type":"connection_init"}'] },
    { label: 'unknown message type', frames: ['{"type":"connection_init"}', '{"type":"evil"}'] },
    {
      label: 'subscribe without id',
      frames: [
        '{"type":"connection_init"}',
        '{"type":"subscribe","payload":{"query":"{ stacks { name } }"}}',
      ],
    },
    {
      label: 'duplicate subscription id',
      frames: [
        '{"type":"connection_init"}',
        '{"type":"subscribe","id":"1","payload":{"query":"subscription { resourceReadiness(name: \\"zz\\") { ready } }"}}',
        '{"type":"subscribe","id":"1","payload":{"query":"subscription { resourceReadiness(name: \\"zz\\") { ready } }"}}',
      ],
    },
    { label: 'payload of the wrong type', frames: ['{"type":"connection_init","payload":"x"}'] },
    {
      label: 'query of the wrong type',
      frames: ['{"type":"connection_init"}', '{"type":"subscribe","id":"1","payload":{"query":5}}'],
    },
    { label: 'JSON array', frames: ['[]'] },
    { label: 'null', frames: ['null'] },
  ),
  fc.array(hostileString({ maxLong: 5000 }), { minLength: 1, maxLength: 3 }).map((frames) => ({
    label: 'hostile frames',
    frames,
  })),
);
