/**
 * OS::Heat::ResourceGroup: `count` identically configured members (with `%index%` replaced by
 * each member's name), as a nested stack whose template the type generates
 * (src/template/resource-group.ts). The engine runs it through the `nested` hooks; the actions
 * below only run on an engine without nested stacks, and refuse (NESTED_STACK_UNSUPPORTED).
 */
import {
  GroupTemplateError,
  groupAttributes,
  groupTemplate,
  previousGroup,
  readGroupAttribute,
  type GroupProperties,
  type GroupUpdatePolicy,
} from '../../template/resource-group.ts';
import {
  PermanentActionError,
  type NestedStackContext,
  type NestedStackDefinition,
  type PropertySchema,
  type ResourceType,
} from '../types.ts';

/**
 * What the group needs from the engine besides NestedStackContext (which gives the parent
 * stack's timeout): the resource's `update_policy` (as compiled and resolved).
 */
export interface GroupContext extends NestedStackContext {
  updatePolicy?: Record<string, unknown> | null;
}

const rollingUpdateSchema: Record<string, PropertySchema> = {
  min_in_service: {
    type: 'integer',
    description: 'The minimum number of resources in service while rolling updates are being executed.',
    default: 0,
    constraints: { range: { min: 0 } },
  },
  max_batch_size: {
    type: 'integer',
    description: 'The maximum number of resources to replace at once.',
    default: 1,
    constraints: { range: { min: 1 } },
  },
  pause_time: {
    type: 'number',
    description: 'The number of seconds to wait between batches of updates.',
    default: 0,
    constraints: { range: { min: 0 } },
  },
};

const batchCreateSchema: Record<string, PropertySchema> = {
  max_batch_size: {
    type: 'integer',
    description: 'The maximum number of resources to create at once.',
    default: 1,
    constraints: { range: { min: 1 } },
  },
  pause_time: {
    type: 'number',
    description: 'The number of seconds to wait between batches.',
    default: 0,
    constraints: { range: { min: 0 } },
  },
};

/** Heat's `update_policy_schema` for ResourceGroup. */
export const GROUP_UPDATE_POLICY_SCHEMA: Record<string, PropertySchema> = {
  rolling_update: { type: 'map', schema: rollingUpdateSchema },
  batch_create: { type: 'map', schema: batchCreateSchema },
};

/** Fills in Heat's defaults of the update policy's maps (the compiler keeps the section as written). */
export function groupUpdatePolicy(raw: Record<string, unknown> | null | undefined): GroupUpdatePolicy {
  const policy: GroupUpdatePolicy = {};
  const withDefaults = (value: unknown, schema: Record<string, PropertySchema>) => {
    const out: Record<string, unknown> = {};
    const given = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    for (const [key, prop] of Object.entries(schema)) {
      const v = given[key];
      out[key] = v === undefined || v === null ? prop.default : typeof v === 'string' ? Number(v) : v;
    }
    return out;
  };
  if (raw?.rolling_update !== undefined && raw.rolling_update !== null)
    policy.rolling_update = withDefaults(raw.rolling_update, rollingUpdateSchema);
  if (raw?.batch_create !== undefined && raw.batch_create !== null)
    policy.batch_create = withDefaults(raw.batch_create, batchCreateSchema);
  return policy;
}

function nestedUnsupported(): Promise<never> {
  return Promise.reject(
    new PermanentActionError(
      'OS::Heat::ResourceGroup is a nested stack and this engine does not run nested stacks',
      'NESTED_STACK_UNSUPPORTED',
    ),
  );
}

export const resourceGroupType: ResourceType = {
  name: 'OS::Heat::ResourceGroup',
  description:
    'Creates one or more identically configured nested resources (members "0", "1", ...), as a nested stack.',
  properties: {
    count: {
      type: 'integer',
      description: 'The number of resources to create.',
      default: 1,
      constraints: { range: { min: 0 } },
      onChange: 'update',
    },
    index_var: {
      type: 'string',
      description:
        "A variable replaced by each member's index in the group, in the strings of resource_def's properties.",
      default: '%index%',
      constraints: { length: { min: 3 } },
    },
    resource_def: {
      type: 'map',
      description: 'Resource definition for the resources in the group, as if declared in the template.',
      required: true,
      onChange: 'update',
      schema: {
        type: { type: 'string', required: true, description: 'The type of the resources in the group.' },
        properties: { type: 'map', description: 'Property values for the resources in the group.' },
        metadata: { type: 'map', description: 'Supplied metadata for the resources in the group.' },
      },
    },
    removal_policies: {
      type: 'list',
      description: 'Policies for removal of resources on update.',
      default: [],
      onChange: 'update',
      items: {
        type: 'map',
        schema: {
          resource_list: {
            type: 'list',
            default: [],
            description:
              'Members to remove (names as in the nested stack, or references as in refs); a removed name is never reused.',
          },
        },
      },
    },
    removal_policies_mode: {
      type: 'string',
      description:
        'How changes to removal_policies apply on update: "append" to the stored list, or "update" it.',
      default: 'append',
      constraints: { allowedValues: ['append', 'update'] },
      onChange: 'update',
    },
  },
  updatePolicy: GROUP_UPDATE_POLICY_SCHEMA,
  attributes: {
    refs: { description: 'A list of resource IDs for the resources in the group.', type: 'list' },
    refs_map: { description: 'A map of resource names to IDs for the resources in the group.', type: 'map' },
    attributes: {
      description: 'A map of resource names to the specified attribute of each individual resource.',
      type: 'map',
    },
    removed_rsrc_list: { description: 'A list of removed resource names.', type: 'list' },
  },
  // resource.N, resource.N.attr and every member attribute (collected into a list).
  dynamicAttributes: true,
  // A count known at compile time is bounded there (MAX_RESOURCES_PER_STACK); one known only at
  // run time (get_attr) is bounded by groupTemplate's maxMembers before any member is built.
  generatedResources: (properties) => {
    const count = properties.count;
    if (typeof count === 'number') return count;
    if (typeof count === 'string' && /^\s*\d+\s*$/.test(count)) return Number(count);
    return undefined;
  },
  nested: {
    nestedStack(properties, ctx): NestedStackDefinition {
      const group = ctx as GroupContext;
      const generated = groupTemplate(
        properties as unknown as GroupProperties,
        ctx.previous ? previousGroup(ctx.previous) : undefined,
        {
          updatePolicy: groupUpdatePolicy(group.updatePolicy),
          ...(group.stackTimeoutMinutes === undefined
            ? {}
            : { stackTimeoutMinutes: group.stackTimeoutMinutes }),
          ...(ctx.maxResources === undefined ? {} : { maxMembers: ctx.maxResources }),
        },
      );
      return {
        template: generated.template,
        parameters: {},
        ...(Object.keys(generated.startDelays).length > 0 ? { startDelays: generated.startDelays } : {}),
      };
    },
    nestedAttributes: (view) => groupAttributes(view),
    readAttribute: readGroupAttribute,
  },
  create: nestedUnsupported,
  update: nestedUnsupported,
  delete: () => Promise.resolve({ done: true }),
  observe: (ctx) =>
    ctx.action === 'DELETE'
      ? Promise.resolve({ state: 'missing' })
      : Promise.resolve({ state: 'failed', reason: 'NESTED_STACK_UNSUPPORTED' }),
};

export { GroupTemplateError };
