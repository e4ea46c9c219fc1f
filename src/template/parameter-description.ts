/**
 * The parameters of a template as Heat's `template validate` describes them: each declared
 * parameter with its type, default (after the environments' `parameter_defaults`, as Heat's
 * `param_schemata`), label, description, whether it is hidden, its constraints as written, and
 * the parameter groups. Read even when the template has other problems, so a user sees what the
 * template asks for.
 */
import { readEnvironments } from './environment.ts';
import { readParameterDeclarations } from './parameters.ts';
import type { ParameterConstraint } from './parameter-constraints.ts';
import { ProblemList } from './problems.ts';
import { readSource } from './source.ts';
import { isPlainMap } from './values.ts';
import type { PlainMap } from './values.ts';

/** What Heat shows instead of a hidden parameter's value (NoEcho). */
export const HIDDEN_VALUE = '******';

export interface ParameterDescription {
  name: string;
  type: string;
  /** After the environments' parameter_defaults; HIDDEN_VALUE when the parameter is hidden. */
  default?: unknown;
  label?: string;
  description?: string;
  /** `hidden: true`, or listed in an environment's `encrypted_param_names`. */
  hidden: boolean;
  immutable: boolean;
  tags?: string[];
  /** Each constraint in the template's own form, e.g. `{range: {min: 1}, description: ...}`. */
  constraints: PlainMap[];
}

export interface ParameterGroupDescription {
  label?: string;
  description?: string;
  parameters: string[];
}

export interface ParametersDescription {
  parameters: ParameterDescription[];
  groups: ParameterGroupDescription[];
}

/**
 * @example
 * const { parameters, groups } = describeParameters(templateText, [environmentText]);
 */
export function describeParameters(
  source: string,
  environments: readonly string[] = [],
): ParametersDescription {
  const ignored = new ProblemList();
  const root = readSource(source, ignored).root;
  if (!isPlainMap(root)) return { parameters: [], groups: [] };
  const environment = readEnvironments(environments, ignored);
  const section = isPlainMap(root.parameters) ? root.parameters : {};
  const { definitions } = readParameterDeclarations(section, ignored);
  const parameters = [...definitions.values()].map((definition): ParameterDescription => {
    const hidden = definition.hidden || environment.encryptedParamNames.includes(definition.name);
    const fromEnvironment = Object.hasOwn(environment.parameterDefaults, definition.name);
    const value = fromEnvironment ? environment.parameterDefaults[definition.name] : definition.default;
    const described: ParameterDescription = {
      name: definition.name,
      type: definition.type,
      hidden,
      immutable: definition.immutable,
      constraints: definition.constraints.map(constraintAsWritten),
    };
    if (value !== undefined && value !== null) described.default = hidden ? HIDDEN_VALUE : value;
    if (definition.label !== undefined) described.label = definition.label;
    if (definition.description !== undefined) described.description = definition.description;
    if (definition.tags !== undefined) described.tags = definition.tags;
    return described;
  });
  return { parameters, groups: readGroups(root.parameter_groups) };
}

function readGroups(raw: unknown): ParameterGroupDescription[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isPlainMap).map((group) => {
    const described: ParameterGroupDescription = {
      parameters: Array.isArray(group.parameters)
        ? group.parameters.filter((name): name is string => typeof name === 'string')
        : [],
    };
    if (typeof group.label === 'string') described.label = group.label;
    if (typeof group.description === 'string') described.description = group.description;
    return described;
  });
}

function constraintAsWritten(constraint: ParameterConstraint): PlainMap {
  const written: PlainMap = (() => {
    switch (constraint.kind) {
      case 'allowed_values':
        return { allowed_values: constraint.values };
      case 'range':
      case 'length':
        return { [constraint.kind]: bounds(constraint.min, constraint.max) };
      case 'allowed_pattern':
        return { allowed_pattern: constraint.pattern };
      case 'modulo':
        return { modulo: { step: constraint.step, offset: constraint.offset } };
      case 'custom_constraint':
        return { custom_constraint: constraint.name };
    }
  })();
  if (constraint.description !== undefined) written.description = constraint.description;
  return written;
}

function bounds(min: number | undefined, max: number | undefined): PlainMap {
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}
