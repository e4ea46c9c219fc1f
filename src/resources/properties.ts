import type { PropertySchema, ResourceTypeSchema } from './types.ts';

/** Fills in schema defaults for properties the template left out (recursively for known map shapes). */
export function applyDefaults(type: ResourceTypeSchema, properties: Record<string, unknown>): Record<string, unknown> {
  return withDefaults(type.properties, properties);
}

function withDefaults(schema: Record<string, PropertySchema>, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const [name, prop] of Object.entries(schema)) {
    if (out[name] === undefined && prop.default !== undefined) out[name] = prop.default;
    const v = out[name];
    if (prop.type === 'map' && prop.schema && isRecord(v)) out[name] = withDefaults(prop.schema, v);
    if (prop.type === 'list' && prop.items?.type === 'map' && prop.items.schema && Array.isArray(v)) {
      const itemSchema = prop.items.schema;
      out[name] = v.map((item) => (isRecord(item) ? withDefaults(itemSchema, item) : item));
    }
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Follows an attribute path (`get_attr: [res, attr, key, 0]`) into stored attributes; missing parts give null. */
export function readAttribute(attributes: Record<string, unknown>, path: readonly (string | number)[]): unknown {
  if (path.length === 0) return attributes;
  let current: unknown = attributes;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isRecord(current)) current = current[String(key)];
    else return null;
    if (current === undefined) return null;
  }
  return current;
}
