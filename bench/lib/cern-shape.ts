/**
 * The CERN-shaped stack of issue 12 (CERN's cloud, 2016: ~22,000 resources in ~1,000 nested
 * stacks): one top stack with an OS::Heat::ResourceGroup of N members, each member a template
 * resource of 22 OS::Heat::None resources with internal dependencies. Pure: returns the texts a
 * client sends (`template`, `environment`, `files`), as `openstack stack create` would.
 */

/** Resources per layer of a member template: 22 in all, each layer depending on the previous. */
export const MEMBER_LAYERS: readonly number[] = [1, 3, 6, 6, 4, 2];
export const MEMBER_RESOURCES = MEMBER_LAYERS.reduce((a, b) => a + b, 0);
/** The member template's file name, and the type the environment maps to it. */
export const MEMBER_FILE = 'cern-node.yaml';
export const MEMBER_TYPE = 'CERN::Node';

export interface CernShape {
  /** The top template: the group, its count a parameter. */
  template: string;
  /** Maps MEMBER_TYPE to MEMBER_FILE (a type mapped to a template in resource_registry). */
  environment: string;
  /** The member template, by the name the environment uses. */
  files: Record<string, string>;
  /** Parameters for `count` members. */
  parameters: { count: number };
}

/** Names of a member's resources, by layer: `l<layer>r<i>`. */
export function memberResourceNames(): string[][] {
  return MEMBER_LAYERS.map((width, layer) => Array.from({ length: width }, (_, i) => `l${layer}r${i}`));
}

/**
 * The member template: 22 OS::Heat::None in layers; every resource after the first layer depends
 * on two of the previous layer (one when the previous layer has one) through get_resource in its
 * properties; parameters `index` and `cluster`; outputs `id` (the last layer's first resource) and
 * `index`.
 */
export function memberTemplate(): string {
  const layers = memberResourceNames();
  const lines = [
    'heat_template_version: 2018-08-31',
    'description: One node of the CERN-shaped benchmark (22 OS::Heat::None).',
    'parameters:',
    '  index: {type: string}',
    '  cluster: {type: string, default: cern}',
    'resources:',
  ];
  layers.forEach((names, layer) => {
    names.forEach((name, i) => {
      lines.push(`  ${name}:`, '    type: OS::Heat::None', '    properties:');
      lines.push(`      label: {list_join: ['-', [{get_param: cluster}, {get_param: index}, ${name}]]}`);
      if (layer > 0) {
        const previous = layers[layer - 1]!;
        const upstream = [...new Set([previous[i % previous.length]!, previous[(i + 1) % previous.length]!])];
        lines.push(`      upstream: [${upstream.map((u) => `{get_resource: ${u}}`).join(', ')}]`);
      }
    });
  });
  const last = layers[layers.length - 1]![0]!;
  lines.push('outputs:', `  id: {value: {get_resource: ${last}}}`, '  index: {value: {get_param: index}}');
  return lines.join('\n') + '\n';
}

/** The top template: a ResourceGroup of `count` CERN::Node members, indexed with %index%. */
export function topTemplate(): string {
  return [
    'heat_template_version: 2018-08-31',
    'description: CERN-shaped stack (issue 12)',
    'parameters:',
    '  count: {type: number, default: 1000}',
    'resources:',
    '  nodes:',
    '    type: OS::Heat::ResourceGroup',
    '    properties:',
    '      count: {get_param: count}',
    '      resource_def:',
    `        type: ${MEMBER_TYPE}`,
    '        properties:',
    "          index: '%index%'",
    '          cluster: {get_param: OS::stack_name}',
    'outputs:',
    '  members: {value: {get_attr: [nodes, refs]}}',
    '  first: {value: {get_attr: [nodes, resource.0.id]}}',
    '',
  ].join('\n');
}

export function cernShape(count: number): CernShape {
  return {
    template: topTemplate(),
    environment: `resource_registry:\n  "${MEMBER_TYPE}": ${MEMBER_FILE}\n`,
    files: { [MEMBER_FILE]: memberTemplate() },
    parameters: { count },
  };
}
