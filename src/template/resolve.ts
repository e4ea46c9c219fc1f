/**
 * Run-time evaluation of compiled values, and reference discovery.
 */
import { Evaluator } from './evaluator.ts';
import type { AttributePath, EvaluationScope } from './evaluator.ts';
import type { Anchor, Path, ProblemCode } from './problems.ts';
import { formatPath } from './problems.ts';
import { LITERAL_KEY } from './literals.ts';
import { isPlainMap, soleKey } from './values.ts';
import { LATEST_VERSION } from './versions.ts';

/** What the engine provides to evaluate a value once the resources it refers to exist. */
export interface ResolveContext {
  parameter(name: string): unknown;
  /** What `get_resource` returns: the physical id. */
  resourceReference(name: string): unknown;
  /**
   * `get_attr: [name, attribute, ...nested path]`: `path[0]` is the attribute name, the rest
   * is a path into its value (see `selectPath`); an empty path means all attributes.
   */
  attribute(name: string, path: (string | number)[]): unknown;
}

/** Thrown by {@link resolveValue} when a function cannot be evaluated. */
export class TemplateResolutionError extends Error {
  override name = 'TemplateResolutionError';

  constructor(
    readonly code: ProblemCode,
    message: string,
    /** Dotted location inside the value being resolved, e.g. `list_join.1`. */
    readonly path: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

/**
 * Fully evaluates a value (typically a compiled resource's properties) at run time.
 * Every function implemented by the compiler is available: the template was already checked
 * against its version when compiled.
 *
 * @throws TemplateResolutionError when a function's arguments turn out to be unusable, e.g. an
 * attribute that list_join expects to be a list is a string.
 * @example resolveValue({ get_attr: ['db', 'host'] }, ctx) // => ctx.attribute('db', ['host'])
 */
export function resolveValue(value: unknown, ctx: ResolveContext): unknown {
  const scope: EvaluationScope = {
    version: LATEST_VERSION,
    parameter(name, at) {
      const parameterValue = ctx.parameter(name);
      if (parameterValue === undefined) {
        throw new TemplateResolutionError('MISSING_PARAMETER', `no parameter "${name}"`, formatPath(at));
      }
      return { known: true, value: parameterValue };
    },
    resource: (name) => ({ known: true, value: ctx.resourceReference(name) ?? null }),
    attribute(name, attributePath: AttributePath | null) {
      // At run time every argument is known, so the attribute path always is.
      return { known: true, value: ctx.attribute(name, attributePath ?? []) ?? null };
    },
    report(code: ProblemCode, message: string, at: Path, _anchor?: Anchor): never {
      throw new TemplateResolutionError(code, message, formatPath(at));
    },
    unwrapsLiterals: true,
  };
  return new Evaluator(scope).evaluate(value, []);
}

/**
 * Names of the resources a value refers to with get_resource or get_attr, anywhere inside it,
 * including inside other functions' arguments. Names computed by functions (e.g.
 * `get_resource: {get_param: x}`) cannot be known without evaluating and are not included.
 */
export function referencedResources(value: unknown): Set<string> {
  const names = new Set<string>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
    } else if (isPlainMap(current)) {
      const key = soleKey(current);
      if (key === LITERAL_KEY) continue;
      const args = key === undefined ? undefined : current[key];
      if (key === 'get_resource' && typeof args === 'string') names.add(args);
      if (key === 'get_attr' && Array.isArray(args) && typeof args[0] === 'string') names.add(args[0]);
      for (const nested of Object.values(current)) stack.push(nested);
    }
  }
  return names;
}
