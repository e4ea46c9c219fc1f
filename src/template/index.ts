/**
 * The template language (HOT): parse, validate and partially evaluate templates; evaluate
 * compiled values at run time. Pure: no I/O.
 */
export { compileTemplate } from './compile.ts';
export type { CompiledTemplate, CompileOptions, CompileResult } from './compile.ts';
export type { CompiledResource } from './resources.ts';
export type { CompiledOutput } from './outputs.ts';
export type { Problem, ProblemCode, Warning, WarningCode } from './problems.ts';
export { resolveValue, referencedResources, TemplateResolutionError } from './resolve.ts';
export type { ResolveContext } from './resolve.ts';
export { selectPath } from './evaluator.ts';
export { PSEUDO_PARAMETERS } from './parameters.ts';
export { environmentTypeMapper } from './environment.ts';
export type { ParameterDefinition } from './parameters.ts';
export type { ParameterConstraint } from './parameter-constraints.ts';
export { coerceParameterValue, PARAMETER_TYPES } from './parameter-types.ts';
export type { ParameterType } from './parameter-types.ts';
export { HOT_VERSIONS, LATEST_VERSION, normaliseVersion } from './versions.ts';
export type { DeletionPolicy, HotVersion } from './versions.ts';
export { implementedFunctionNames } from './functions/registry.ts';
export { boundedJsonSize, jsonEqual } from './values.ts';
export { customConstraintNames, registerCustomConstraint } from './custom-constraints.ts';
export type { CustomConstraintCheck } from './custom-constraints.ts';
export { describeParameters, HIDDEN_VALUE } from './parameter-description.ts';
export type {
  ParameterDescription,
  ParameterGroupDescription,
  ParametersDescription,
} from './parameter-description.ts';
export { countDeclaredResources } from './size-scan.ts';
