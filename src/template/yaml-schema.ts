/**
 * The YAML schema Heat reads templates with: PyYAML's SafeLoader (YAML 1.1 scalars), with
 * timestamps kept as strings (heat/common/template_format.py registers the string constructor
 * for `tag:yaml.org,2002:timestamp`, so `2018-08-31` stays the text `2018-08-31`).
 *
 * The resolvers below follow PyYAML's `resolver.py` and constructors `constructor.py`
 * (SafeConstructor), not the YAML 1.2 core schema: `yes`/`no`/`on`/`off` are booleans, `0644`
 * is octal, `1:30` is sexagesimal (90), `1e3` (no dot) is a string, `1_000` is 1000. Merge keys
 * (`<<`) are supported, as in PyYAML.
 */
import jsyaml from 'js-yaml';

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const TRUE = new Set(['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const NULL = /^(?:~|null|Null|NULL|)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** `1:30:05` → 1*3600 + 30*60 + 5, as PyYAML's sexagesimal numbers. */
function sexagesimal(text: string): number {
  let value = 0;
  for (const part of text.split(':')) value = value * 60 + Number(part);
  return value;
}

function splitSign(text: string): { sign: number; digits: string } {
  const cleaned = text.replace(/_/g, '');
  if (cleaned.startsWith('-')) return { sign: -1, digits: cleaned.slice(1) };
  if (cleaned.startsWith('+')) return { sign: 1, digits: cleaned.slice(1) };
  return { sign: 1, digits: cleaned };
}

function constructInt(text: string): number {
  const { sign, digits } = splitSign(text);
  if (digits === '0') return 0;
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
  if (digits.startsWith('0')) return sign * parseInt(digits, 8);
  if (digits.includes(':')) return sign * sexagesimal(digits);
  return sign * Number(digits);
}

function constructFloat(text: string): number {
  const { sign, digits } = splitSign(text.toLowerCase());
  if (digits === '.inf') return sign * Infinity;
  if (digits === '.nan') return NaN;
  if (digits.includes(':')) return sign * sexagesimal(digits);
  return sign * Number(digits);
}

const nullType = new jsyaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || NULL.test(data),
  construct: () => null,
  predicate: (value: unknown) => value === null,
  represent: () => 'null',
});

const boolType = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && BOOL.test(data),
  construct: (data: string) => TRUE.has(data),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: (value: object) => (value ? 'true' : 'false'),
});

const intType = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && INT.test(data),
  construct: constructInt,
  predicate: (value: unknown) =>
    typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e21 && !Object.is(value, -0),
  represent: (value: object) => (value as unknown as number).toString(),
});

const floatType = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && FLOAT.test(data),
  construct: constructFloat,
  predicate: (value: unknown) => typeof value === 'number',
  represent: (value: object) => representFloat(value as unknown as number),
});

/** A number written so that PyYAML reads it back as the same float (it needs a dot and a signed exponent). */
function representFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  const [mantissa = text, exponent] = text.split('e');
  const withDot = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? withDot : `${withDot}e${exponent}`;
}

/**
 * PyYAML SafeLoader's implicit scalars, in its resolution order. Explicit `!!str`, `!!int`...
 * work; other tags (`!!binary`, `!!set`, `!custom`) are refused, since a template cannot hold them.
 */
/** js-yaml exports its merge type, but its type declarations do not say so. */
const mergeType = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge;

export const HEAT_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, mergeType],
});

/**
 * Writes a value as YAML that Heat (and {@link HEAT_YAML_SCHEMA}) reads back as the same value:
 * strings that would read as something else are quoted, characters YAML 1.1 forbids are escaped.
 */
export function toHeatYaml(value: unknown): string {
  return jsyaml.dump(value, { schema: HEAT_YAML_SCHEMA, noRefs: true, lineWidth: -1 });
}

/** Every scalar read as a string: used to compare document structure with another reader. */
export const STRINGS_ONLY_SCHEMA = jsyaml.FAILSAFE_SCHEMA;
