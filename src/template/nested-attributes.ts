/**
 * Reading a nested-stack resource's stored attributes the way Heat's `get_attribute` does for
 * template resources (heat/engine/resources/template_resource.py → grouputils.get_nested_attrs):
 * `get_attr: [res, resource.NAME.attr, ...path]` is the same as `[res, resource.NAME, attr,
 * ...path]`, and nests: `resource.NAME.resource.INNER.attr` reads INNER's attribute inside NAME.
 * Pure: it works on the record the engine stored (`resource.NAME` → that child's attributes).
 */
import { selectPath } from './evaluator.ts';

/** A stored attribute record, as a lookup of one key (undefined: not there). */
export type AttributeLookup = (key: string) => unknown;

/** A lookup of a record's own keys. */
export function recordLookup(record: unknown): AttributeLookup {
  return (key) =>
    typeof record === 'object' && record !== null && !Array.isArray(record) && Object.hasOwn(record, key)
      ? (record as Record<string, unknown>)[key]
      : undefined;
}

/**
 * The value of `path` (`[key, ...rest]`) in a record that keeps nested resources' attributes under
 * `resource.NAME`: the record's own key first (as stored), else, for `resource.NAME.more`, `more`
 * and `rest` read inside NAME's record (Heat's `key.split('.', 2)`), recursively; missing → null.
 */
export function readNestedAttribute(get: AttributeLookup, path: readonly (string | number)[]): unknown {
  if (path.length === 0) return null;
  const [first, ...rest] = path;
  const key = String(first);
  const own = get(key);
  if (own !== undefined) return selectPath(own, rest);
  const parts = key.split('.');
  if (parts[0] !== 'resource' || parts.length < 3) return null;
  const inner = get(`resource.${parts[1]}`);
  if (inner === undefined || inner === null) return null;
  return readNestedAttribute(recordLookup(inner), [parts.slice(2).join('.'), ...rest]);
}
