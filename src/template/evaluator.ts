/**
 * Evaluates intrinsic functions, fully (at run time) or partially (at compile time).
 *
 * One evaluator serves both so the two can never disagree. What differs is the
 * {@link EvaluationScope}: at compile time parameters are known but resources are not, so
 * `get_resource`/`get_attr` stay as function calls ("pending"), and so does every call whose
 * arguments contain a pending call. Everything else is computed. At run time every reference
 * resolves, so the result is a plain value.
 */
import type { Conditions } from './conditions.ts';
import { FunctionArgumentError } from './functions/arguments.ts';
import type { IsKnown } from './functions/arguments.ts';
import { isFunctionName, lookupFunction } from './functions/registry.ts';
import { MissingFileError } from './functions/strings.ts';
import { LITERAL_KEY } from './literals.ts';
import type { PureFunction } from './functions/pure-function.ts';
import type { Anchor, Path, PathSegment, ProblemCode } from './problems.ts';
import { describeType, isPlainMap, setOwn, soleKey } from './values.ts';
import type { PlainMap } from './values.ts';
import { versionAtLeast } from './versions.ts';
import type { HotVersion } from './versions.ts';

export type Resolution = { known: true; value: unknown } | { known: false };

export const NOT_KNOWN: Resolution = { known: false };

/**
 * What `if` without a false branch gives when its condition is false (2021-04-16, Heat's
 * IfNullable): the enclosing list item or map entry is left out, as if never written.
 */
const OMITTED = Symbol('omitted');

/** `if` needs three arguments until 2021-04-16, which allows leaving out the false branch. */
const IF_WITHOUT_FALSE_BRANCH_SINCE: HotVersion = '2021-04-16';

/** `[attribute name, ...nested keys or indices]`; empty means "all attributes". */
export type AttributePath = (string | number)[];

/** Where references get their values, and where problems go. */
export interface EvaluationScope {
  readonly version: HotVersion;
  parameter(name: string, at: Path): Resolution;
  resource(name: string, at: Path): Resolution;
  /** `attributePath` is null when part of it is not known yet (it depends on another resource). */
  attribute(resource: string, attributePath: AttributePath | null, at: Path): Resolution;
  /** Records (compile time) or throws (run time). */
  report(code: ProblemCode, message: string, at: Path, anchor?: Anchor): void;
  /** Run time: `{$literal: value}` (escaped data, see literals.ts) evaluates to `value` as it is. */
  readonly unwrapsLiterals?: boolean;
  /** Whether a resource of that name exists (for cfn Ref, which names a resource or a parameter). */
  hasResource?(name: string): boolean;
  /** Files sent with the template, for get_file. */
  readonly files?: Readonly<Record<string, string>>;
}

export class Evaluator {
  /** Function calls left for run time: they depend on resources, or could not be evaluated. */
  private readonly pendingCalls = new WeakSet<object>();
  /** Maps and lists holding a pending call somewhere inside. */
  private readonly partlyKnown = new WeakSet<object>();

  private conditions: Conditions | undefined;

  constructor(private readonly scope: EvaluationScope) {}

  /** Conditions decide `if` at compile time; without them (run time) `if` cannot appear. */
  useConditions(conditions: Conditions): void {
    this.conditions = conditions;
  }

  /** Whether a value (as returned by {@link evaluate}) is fully computed. */
  readonly isKnown: IsKnown = (value) =>
    typeof value !== 'object' ||
    value === null ||
    !(this.pendingCalls.has(value) || this.partlyKnown.has(value));

  /** Whether a value is itself a function call left for run time. */
  isPendingCall(value: unknown): boolean {
    return typeof value === 'object' && value !== null && this.pendingCalls.has(value);
  }

  /**
   * Evaluates `value`, whose location is `path`. The path array is used as a stack while
   * descending (push/pop), so it is restored on return; problems copy it.
   */
  evaluate(value: unknown, path: PathSegment[]): unknown {
    const result = this.evaluateValue(value, path);
    return result === OMITTED ? null : result;
  }

  /** As {@link evaluate}, but may give OMITTED (left out by its container). */
  private evaluateValue(value: unknown, path: PathSegment[]): unknown {
    if (Array.isArray(value)) {
      let known = true;
      const result: unknown[] = [];
      value.forEach((item, index) => {
        path.push(index);
        const evaluated = this.evaluateValue(item, path);
        path.pop();
        if (evaluated === OMITTED) return;
        known &&= this.isKnown(evaluated);
        result.push(evaluated);
      });
      if (!known) this.partlyKnown.add(result);
      return result;
    }
    if (!isPlainMap(value)) return value;

    const key = soleKey(value);
    if (key === LITERAL_KEY && this.scope.unwrapsLiterals) return value[key];
    if (key !== undefined && isFunctionName(key)) {
      path.push(key);
      const result = this.evaluateCall(key, value[key], path);
      path.pop();
      return result;
    }
    let known = true;
    const result: PlainMap = {};
    for (const entryKey of Object.keys(value)) {
      path.push(entryKey);
      const evaluated = this.evaluateValue(value[entryKey], path);
      path.pop();
      if (evaluated === OMITTED) continue;
      known &&= this.isKnown(evaluated);
      setOwn(result, entryKey, evaluated);
    }
    if (!known) this.partlyKnown.add(result);
    return result;
  }

  /** `path` ends with the function name; its value (the arguments) is `rawArgs`. */
  private evaluateCall(name: string, rawArgs: unknown, path: PathSegment[]): unknown {
    const entry = lookupFunction(name);
    if (entry?.kind === 'conditional') return this.evaluateIf(rawArgs, path);
    const args = this.evaluate(rawArgs, path);
    if (entry === undefined) {
      this.scope.report('UNKNOWN_FUNCTION', `unknown function "${name}"`, path, 'key');
      return this.pending(name, args);
    }
    if (entry.kind === 'unsupported') {
      this.scope.report('UNSUPPORTED', `${name}: ${entry.reason}`, path, 'key');
      return this.pending(name, args);
    }
    if (!versionAtLeast(this.scope.version, entry.since)) {
      const message = `${name} is not available in heat_template_version ${this.scope.version} (it needs ${entry.since} or later)`;
      this.scope.report('UNKNOWN_FUNCTION', message, path, 'key');
      return this.pending(name, args);
    }
    const until = entry.kind === 'pure' || entry.kind === 'reference' ? entry.until : undefined;
    if (until !== undefined && versionAtLeast(this.scope.version, until)) {
      const message = `${name} is a CloudFormation function Heat removed from HOT in heat_template_version ${until} (this template is ${this.scope.version}); use the HOT function (get_param, get_resource, list_join, str_split...)`;
      this.scope.report('UNSUPPORTED', message, path, 'key');
      return this.pending(name, args);
    }
    if (entry.kind === 'condition-only') {
      const message = `${name} can only be used in conditions (the conditions section, a condition: key, or the first argument of if)`;
      this.scope.report('FUNCTION_INVALID', message, path, 'key');
      return this.pending(name, args);
    }
    try {
      switch (entry.kind) {
        case 'pure':
          return this.applyPure(entry.fn, args);
        case 'reference':
          if (entry.name === 'get_param') return this.getParam(args, path);
          if (entry.name === 'get_resource') return this.getResource(args, path);
          if (entry.name === 'Ref') return this.ref(args, path);
          return this.getAttr(args, path);
      }
    } catch (error) {
      if (!(error instanceof FunctionArgumentError)) throw error;
      const code = error instanceof MissingFileError ? 'MISSING_FILE' : 'FUNCTION_INVALID';
      this.scope.report(code, error.message, [...path, ...error.at]);
      return this.pending(name, args);
    }
  }

  /**
   * `if: [condition, value_if_true, value_if_false]` (Heat's If, a macro): only the branch the
   * condition picks is evaluated, so references in the other branch are never checked, as in
   * Heat. From 2021-04-16 the false branch may be left out (IfNullable).
   */
  private evaluateIf(rawArgs: unknown, path: PathSegment[]): unknown {
    const version = this.scope.version;
    if (!versionAtLeast(version, '2016-10-14')) {
      const message = `if is not available in heat_template_version ${version} (it needs 2016-10-14 or later)`;
      this.scope.report('UNKNOWN_FUNCTION', message, path, 'key');
      return this.pending('if', rawArgs);
    }
    const nullable = versionAtLeast(version, IF_WITHOUT_FALSE_BRANCH_SINCE);
    if (!Array.isArray(rawArgs) || rawArgs.length < (nullable ? 2 : 3) || rawArgs.length > 3) {
      const form = nullable
        ? '[condition_name, value_if_true] or [condition_name, value_if_true, value_if_false]'
        : `[condition_name, value_if_true, value_if_false] (leaving out value_if_false needs ${IF_WITHOUT_FALSE_BRANCH_SINCE})`;
      this.scope.report('FUNCTION_INVALID', `arguments to "if" must be of the form: ${form}`, path);
      return this.pending('if', rawArgs);
    }
    if (!this.conditions) {
      this.scope.report(
        'UNSUPPORTED',
        'if cannot be evaluated here (conditions are decided at compile time)',
        path,
      );
      return this.pending('if', rawArgs);
    }
    const truth = this.conditions.decide(rawArgs[0], [...path, 0]);
    if (truth === undefined) return this.pending('if', rawArgs);
    const branch = truth ? 1 : 2;
    if (branch >= rawArgs.length) return OMITTED;
    path.push(branch);
    const result = this.evaluateValue(rawArgs[branch], path);
    path.pop();
    return result;
  }

  private applyPure(fn: PureFunction, args: unknown): unknown {
    const env = { version: this.scope.version, ...(this.scope.files ? { files: this.scope.files } : {}) };
    if (this.isKnown(args)) return fn.apply(args, env);
    fn.check?.(args, this.isKnown, env);
    return this.pending(fn.name, args);
  }

  /** `get_param: name` or `get_param: [name, key or index, ...]`. */
  private getParam(args: unknown, path: Path): unknown {
    if (!this.isKnown(args)) return this.pending('get_param', args);
    const list: unknown[] = Array.isArray(args) ? args : [args];
    const [name, ...keys] = list;
    if (typeof name !== 'string') {
      throw new FunctionArgumentError('get_param needs a parameter name or a list [name, key or index, ...]');
    }
    const keyPath = keys.map((key, index) => asPathKey(key, 'get_param', [index + 1]));
    const resolution = this.scope.parameter(name, path);
    if (!resolution.known) return this.pending('get_param', args);
    return selectParameterPath(resolution.value, keyPath);
  }

  /** cfn `Ref`: a resource's reference when a resource has that name, else a parameter's value. */
  private ref(args: unknown, path: Path): unknown {
    if (typeof args !== 'string')
      throw new FunctionArgumentError(`Ref needs a name, not ${describeType(args)}`);
    if (this.scope.hasResource?.(args)) return this.getResource(args, path);
    return this.getParam(args, path);
  }

  private getResource(args: unknown, path: Path): unknown {
    if (typeof args !== 'string') {
      throw new FunctionArgumentError(`get_resource needs a resource name, not ${describeType(args)}`);
    }
    const resolution = this.scope.resource(args, path);
    return resolution.known ? resolution.value : this.pending('get_resource', args);
  }

  /** `get_attr: [resource, attribute, ...path]`; `[resource]` alone means all attributes (2015-10-15+). */
  private getAttr(args: unknown, path: Path): unknown {
    if (!Array.isArray(args) || args.length === 0) {
      throw new FunctionArgumentError('get_attr needs a list [resource, attribute, ...path]');
    }
    const [resource, ...rest] = args as unknown[];
    if (typeof resource !== 'string') {
      throw new FunctionArgumentError('get_attr needs a resource name as its first item', [0]);
    }
    if (rest.length === 0 && !versionAtLeast(this.scope.version, '2015-10-15')) {
      throw new FunctionArgumentError(
        'get_attr needs an attribute name before heat_template_version 2015-10-15',
      );
    }
    if (rest.length > 0 && this.isKnown(rest[0]) && typeof rest[0] !== 'string') {
      throw new FunctionArgumentError(
        `get_attr attribute name must be a string, not ${describeType(rest[0])}`,
        [1],
      );
    }
    const attributePath = rest.every(this.isKnown)
      ? rest.map((key, index) => asPathKey(key, 'get_attr', [index + 1]))
      : null;
    const resolution = this.scope.attribute(resource, attributePath, path);
    return resolution.known ? resolution.value : this.pending('get_attr', args);
  }

  /** A call kept as written (with evaluated arguments), to be evaluated at run time. */
  private pending(name: string, args: unknown): PlainMap {
    const call: PlainMap = {};
    setOwn(call, name, args);
    this.pendingCalls.add(call);
    return call;
  }
}

function asPathKey(value: unknown, fn: string, at: PathSegment[]): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new FunctionArgumentError(
    `${fn} path items must be strings or integers, not ${describeType(value)}`,
    at,
  );
}

/**
 * Follows keys and indices into a parameter value as Heat's GetParam does: a key or index that
 * does not exist, or a path that runs into a scalar, gives `""` (Heat catches KeyError,
 * IndexError and TypeError and returns an empty string). Negative indexes count from the end,
 * as Python's do.
 */
function selectParameterPath(value: unknown, keys: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    const next = Array.isArray(current) ? pythonIndex(current, key) : step(current, key);
    if (next === undefined) return '';
    current = next;
  }
  return current;
}

function pythonIndex(list: unknown[], key: string | number): unknown {
  const index = typeof key === 'number' ? key : /^\s*-?\d+\s*$/.test(key) ? Number(key) : Number.NaN;
  if (!Number.isInteger(index)) return undefined;
  return list[index < 0 ? list.length + index : index];
}

/**
 * Follows a path into an attribute value as Heat does: a key or index that does not exist, or
 * a path that runs into a string or number, gives null. Integer-like strings index lists.
 */
export function selectPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    const next = step(current, key);
    if (next === undefined) return null;
    current = next;
  }
  return current;
}

function step(collection: unknown, key: string | number): unknown {
  if (Array.isArray(collection)) {
    const index = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : Number.NaN;
    return Number.isInteger(index) && index >= 0 ? collection[index] : undefined;
  }
  if (isPlainMap(collection)) {
    const name = String(key);
    return Object.hasOwn(collection, name) ? collection[name] : undefined;
  }
  return undefined;
}
