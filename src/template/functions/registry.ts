/**
 * Every function name the template language knows, and what we do with it.
 *
 * A map with exactly one key is a function call when that key is listed here, or looks like a
 * CloudFormation function (`Fn::...`). Anything else is plain data, as in Heat.
 */
import type { HotVersion } from '../versions.ts';
import {
  contains,
  filter,
  listConcat,
  listConcatUnique,
  mapMerge,
  mapReplace,
  repeat,
} from './collections.ts';
import { fnGetAZs, fnJoin, fnSelect, fnSplit } from './cloudformation.ts';
import { makeUrl } from './make-url.ts';
import type { PureFunction } from './pure-function.ts';
import {
  digest,
  getFile,
  listJoin,
  strReplace,
  strReplaceStrict,
  strReplaceVstrict,
  strSplit,
} from './strings.ts';

export type ReferenceFunctionName = 'get_param' | 'get_resource' | 'get_attr' | 'Ref';

export type FunctionEntry =
  /** Reads parameters or resources; evaluated by the evaluator itself. */
  | { kind: 'reference'; name: ReferenceFunctionName; since: HotVersion; until?: HotVersion }
  | { kind: 'pure'; name: string; since: HotVersion; until?: HotVersion; fn: PureFunction }
  /** `if`: only the branch its condition picks is evaluated (Heat's Macro); see conditions.ts. */
  | { kind: 'conditional'; name: 'if'; since: HotVersion }
  /** equals, not, and, or: functions only inside conditions (Heat's condition_functions). */
  | { kind: 'condition-only'; name: string; since: HotVersion }
  /** Known to Heat but not implemented here; using one is an UNSUPPORTED problem. */
  | { kind: 'unsupported'; name: string; reason: string };

const PURE_FUNCTIONS: readonly PureFunction[] = [
  listJoin,
  strReplace,
  strReplaceStrict,
  strReplaceVstrict,
  strSplit,
  digest,
  repeat,
  mapMerge,
  mapReplace,
  listConcat,
  listConcatUnique,
  contains,
  filter,
  makeUrl,
  getFile,
  fnSelect,
  fnJoin,
  fnSplit,
  fnGetAZs,
];

const CFN_FUNCTION =
  'CloudFormation functions are not supported in HOT templates (use the HOT function, e.g. list_join)';

const UNSUPPORTED: Readonly<Record<string, string>> = {
  yaql: 'yaql expressions are not supported',
  resource_facade: 'resource_facade only makes sense in nested stacks, which are not supported yet',
  'Fn::Base64': CFN_FUNCTION,
  'Fn::FindInMap': CFN_FUNCTION,
  'Fn::GetAtt': CFN_FUNCTION,
  'Fn::MemberListToMap': CFN_FUNCTION,
  'Fn::Replace': CFN_FUNCTION,
  'Fn::ResourceFacade': CFN_FUNCTION,
};

const ENTRIES: ReadonlyMap<string, FunctionEntry> = new Map<string, FunctionEntry>([
  ['get_param', { kind: 'reference', name: 'get_param', since: '2013-05-23' }],
  ['get_resource', { kind: 'reference', name: 'get_resource', since: '2013-05-23' }],
  ['get_attr', { kind: 'reference', name: 'get_attr', since: '2013-05-23' }],
  ['Ref', { kind: 'reference', name: 'Ref', since: '2013-05-23', until: '2014-10-16' }],
  ['if', { kind: 'conditional', name: 'if', since: '2016-10-14' }],
  ...['equals', 'not', 'and', 'or'].map((name): [string, FunctionEntry] => [
    name,
    { kind: 'condition-only', name, since: '2016-10-14' },
  ]),
  ...PURE_FUNCTIONS.map((fn): [string, FunctionEntry] => [
    fn.name,
    { kind: 'pure', name: fn.name, since: fn.since, ...(fn.until ? { until: fn.until } : {}), fn },
  ]),
  ...Object.entries(UNSUPPORTED).map(([name, reason]): [string, FunctionEntry] => [
    name,
    { kind: 'unsupported', name, reason },
  ]),
]);

export function lookupFunction(name: string): FunctionEntry | undefined {
  return ENTRIES.get(name);
}

/** Whether a single-key map with this key is a function call (known or not) rather than data. */
export function isFunctionName(name: string): boolean {
  return ENTRIES.has(name) || name.startsWith('Fn::');
}

/** Names of the functions that are implemented, for documentation and tests. */
export function implementedFunctionNames(): string[] {
  return [...ENTRIES.values()]
    .filter((entry) => entry.kind !== 'unsupported' && entry.kind !== 'condition-only')
    .map((entry) => entry.name);
}
