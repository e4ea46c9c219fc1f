import type { ResourceType } from '../types.ts';

/** OS::Heat::None: accepts any properties, does nothing, and is ready at once. Every attribute is null. */
export const noneType: ResourceType = {
  name: 'OS::Heat::None',
  description: 'A placeholder that accepts any properties and creates nothing.',
  properties: {},
  attributes: {},
  acceptsAnyProperties: true,
  // Heat's None never updates or replaces: property changes are simply recorded.
  planUpdate: () => 'update',
  create: (ctx) => Promise.resolve({ physicalResourceId: ctx.resourceId, attributes: {}, done: true }),
  update: () => Promise.resolve({ done: true }),
  delete: () => Promise.resolve({ done: true }),
  observe: (ctx) => Promise.resolve(ctx.action === 'DELETE' ? { state: 'missing' } : { state: 'done' }),
};
