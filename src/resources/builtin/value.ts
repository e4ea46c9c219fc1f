import type { ResourceType } from '../types.ts';

const TYPES = ['string', 'number', 'comma_delimited_list', 'json', 'boolean'] as const;

/** Retypes a value as OS::Heat::Value's `type` property asks. */
export function coerceValue(value: unknown, type: unknown): unknown {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'boolean':
      return typeof value === 'boolean'
        ? value
        : ['true', '1', 'yes', 'on'].includes(String(value).toLowerCase());
    case 'comma_delimited_list':
      return Array.isArray(value)
        ? value
        : String(value)
            .split(',')
            .map((s) => s.trim());
    case 'json':
      return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    default:
      return value;
  }
}

/** OS::Heat::Value: exposes its `value` property as the attribute `value`. Updated in place. */
export const valueType: ResourceType = {
  name: 'OS::Heat::Value',
  description: 'Holds a value for other resources and outputs to use; useful for pure data-flow graphs.',
  properties: {
    value: { type: 'any', required: true, onChange: 'update', description: 'The value to expose.' },
    type: {
      type: 'string',
      onChange: 'update',
      description: 'Retypes value.',
      constraints: { allowedValues: TYPES },
    },
  },
  attributes: { value: { description: 'The value, retyped by `type` when given.' } },
  create: (ctx) =>
    Promise.resolve({
      physicalResourceId: ctx.resourceId,
      attributes: { value: coerceValue(ctx.properties.value, ctx.properties.type) },
      done: true,
    }),
  update: (ctx) =>
    Promise.resolve({
      attributes: { value: coerceValue(ctx.properties.value, ctx.properties.type) },
      done: true,
    }),
  delete: () => Promise.resolve({ done: true }),
  observe: (ctx) =>
    Promise.resolve(
      ctx.action === 'DELETE'
        ? { state: 'missing' }
        : { state: 'done', attributes: { value: coerceValue(ctx.properties.value, ctx.properties.type) } },
    ),
};
