/**
 * Data that only looks like a function call.
 *
 * A compiled value keeps the calls that must wait for run time (they need other resources) as
 * function maps, and `resolveValue` evaluates every function map it meets. Data that merely has
 * that shape, such as a `json` parameter whose value is `{get_resource: x}`, must stay data: Heat
 * finds functions in the template text only, never inside parameter values. So once a value is
 * compiled, every call-shaped map that is not a pending call is wrapped as `{$literal: value}`,
 * which `resolveValue` returns unevaluated.
 */
import { isFunctionName } from './functions/registry.ts';
import { isPlainMap, setOwn, soleKey } from './values.ts';
import type { PlainMap } from './values.ts';

export const LITERAL_KEY = '$literal';

/**
 * Wraps the call-shaped data inside a compiled value (see above); the value itself is returned
 * when there is nothing to wrap, which is the common case.
 */
export function escapeData(value: unknown, isPendingCall: (value: unknown) => boolean): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const escaped = escapeData(item, isPendingCall);
      changed ||= escaped !== item;
      return escaped;
    });
    return changed ? items : value;
  }
  if (!isPlainMap(value)) return value;
  const key = soleKey(value);
  if (key !== undefined && isPendingCall(value)) {
    const args = escapeData(value[key], isPendingCall);
    return args === value[key] ? value : { [key]: args };
  }
  if (key !== undefined && (isFunctionName(key) || key === LITERAL_KEY)) return { [LITERAL_KEY]: value };
  let changed = false;
  const entries: PlainMap = {};
  for (const entryKey of Object.keys(value)) {
    const escaped = escapeData(value[entryKey], isPendingCall);
    changed ||= escaped !== value[entryKey];
    setOwn(entries, entryKey, escaped);
  }
  return changed ? entries : value;
}
