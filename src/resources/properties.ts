import { parseBoolean, parseInteger, parseNumber } from '../template/coercion.ts';
import type { PropertySchema, ResourceTypeSchema } from './types.ts';

/**
 * The properties a resource action receives: schema defaults filled in for what the template left
 * out, and scalars read as their declared type ("5" for a number, "yes" for a boolean), as Heat
 * does. Recurses into map shapes and list items the schema describes; anything else is kept as is.
 */
export function normaliseProperties(
  type: ResourceTypeSchema,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  return normaliseMap(type.properties, properties);
}

function normaliseMap(
  schema: Record<string, PropertySchema>,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const [name, prop] of Object.entries(schema)) {
    const given = out[name] === undefined || out[name] === null ? prop.default : out[name];
    if (given === undefined) continue;
    out[name] = normaliseValue(prop, given);
  }
  return out;
}

function normaliseValue(prop: PropertySchema, value: unknown): unknown {
  switch (prop.type) {
    case 'number':
      return parseNumber(value) ?? value;
    case 'integer':
      return parseInteger(value) ?? value;
    case 'boolean':
      return parseBoolean(value) ?? value;
    case 'map':
      return prop.schema && isRecord(value) ? normaliseMap(prop.schema, value) : value;
    case 'list': {
      const items = prop.items;
      return items && Array.isArray(value)
        ? value.map((item: unknown) => normaliseValue(items, item))
        : value;
    }
    default:
      return value;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
