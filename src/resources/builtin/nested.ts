/**
 * Nested-stack types: template resources (a type that is a template file) and OS::Heat::Stack.
 * The engine runs their actions on the child stack itself (see engine/nested-stacks.ts and
 * convergence/nested.ts); these types only say what the child is (`nested.nestedStack`).
 */
import type { NestedStackHooks, NestedStackView, ResourceType } from '../types.ts';
import { PermanentActionError } from '../types.ts';
import { readNestedAttribute, recordLookup } from '../../template/nested-attributes.ts';

const notDirect = (): never => {
  throw new PermanentActionError('a nested-stack resource is acted on by the engine, not by its type');
};

const NESTED_ACTIONS = {
  create: notDirect,
  update: notDirect,
  delete: notDirect,
  observe: notDirect,
};

/** A template file used as a type: properties are its parameters, attributes its outputs. */
export function templateResourceType(file: string): ResourceType {
  return {
    name: file,
    description: `A nested stack from the template ${file}`,
    properties: {},
    attributes: {},
    acceptsAnyProperties: true,
    dynamicAttributes: true,
    planUpdate: () => 'update',
    nested: {
      nestedStack(properties, ctx) {
        if (!Object.hasOwn(ctx.files, file))
          throw new PermanentActionError(
            `the template ${file} is not among the stack's files`,
            'MISSING_FILE',
          );
        return { template: ctx.files[file]!, parameters: properties };
      },
      // Heat: `[res, resource.NAME.attr]` as well as `[res, resource.NAME, attr]`.
      readAttribute: (stored, path) => readNestedAttribute(recordLookup(stored), path),
    },
    ...NESTED_ACTIONS,
  };
}

/** Whether a type name is a template file (Heat: ends with .yaml/.template/.json or is a URL). */
export function isTemplateTypeName(name: string): boolean {
  return /\.(ya?ml|template|json)$/i.test(name) || /^[a-z][a-z0-9+.-]*:\/\//i.test(name);
}

const stackHooks: NestedStackHooks = {
  nestedStack(properties, ctx) {
    const template = properties.template;
    const text =
      typeof template === 'string' && Object.hasOwn(ctx.files, template) && isTemplateTypeName(template)
        ? ctx.files[template]!
        : template;
    if (typeof text !== 'string' && (typeof text !== 'object' || text === null))
      throw new PermanentActionError('template must be a template text, a file name or a map');
    const timeout = properties.timeout;
    return {
      template: text as string | Record<string, unknown>,
      parameters: (properties.parameters as Record<string, unknown> | null) ?? {},
      ...(typeof timeout === 'number' && timeout > 0 ? { timeoutMinutes: timeout } : {}),
    };
  },
  nestedAttributes(view: NestedStackView) {
    return { outputs: view.outputs, stack_name: view.stackName, ...outputsByName(view) };
  },
};

function outputsByName(view: NestedStackView): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [name, r] of Object.entries(view.resources)) attributes[`resource.${name}`] = r.attributes;
  return attributes;
}

/** OS::Heat::Stack: a nested stack from an inline template (or a file), as Heat's. */
export const stackType: ResourceType = {
  name: 'OS::Heat::Stack',
  description: 'A nested stack: template (inline or a file name), parameters, timeout (minutes).',
  properties: {
    template: {
      type: 'any',
      required: true,
      onChange: 'update',
      description: 'The template (text, map or file name)',
    },
    parameters: {
      type: 'map',
      default: {},
      onChange: 'update',
      description: 'Parameter values of the template',
    },
    timeout: {
      type: 'number',
      onChange: 'update',
      description: 'Minutes before the nested operation times out',
    },
    context: {
      type: 'map',
      onChange: 'update',
      description: 'Accepted for compatibility; ignored (no remote regions)',
    },
  },
  attributes: {
    outputs: { description: 'The outputs of the nested stack (a map)', type: 'map' },
    stack_name: { description: 'The name of the nested stack', type: 'string' },
  },
  dynamicAttributes: true,
  planUpdate: () => 'update',
  nested: stackHooks,
  ...NESTED_ACTIONS,
};
