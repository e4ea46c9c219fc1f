/**
 * Conditions (HOT 2016-10-14 and later), read as Heat reads them (`heat/engine/conditions.py`,
 * `HOTemplate20161014.condition_functions`).
 *
 * A condition is `true`/`false` or a condition function: `equals`, `not`, `and`, `or` (and
 * `contains` from 2017-09-01), whose values may use `get_param` and nothing else. Inside `not`,
 * `and` and `or`, a string names another condition. Conditions depend on parameters only, so
 * they are all decided when the template is compiled: the same template with other parameter
 * values gives another set of resources.
 *
 * Every condition is evaluated, even unused ones (stricter than Heat, which evaluates them
 * lazily): every problem at once.
 */
import type { Evaluator } from './evaluator.ts';
import type { PathSegment, ProblemList } from './problems.ts';
import { describeType, isPlainMap, jsonEqual, setOwn, soleKey } from './values.ts';
import type { PlainMap } from './values.ts';
import { versionAtLeast } from './versions.ts';
import type { HotVersion } from './versions.ts';
import { isFunctionName } from './functions/registry.ts';

export const CONDITIONS_SINCE: HotVersion = '2016-10-14';

/** The functions a condition may use, and the first version that has each there. */
const CONDITION_FUNCTIONS: Readonly<Record<string, HotVersion>> = {
  get_param: '2016-10-14',
  equals: '2016-10-14',
  not: '2016-10-14',
  and: '2016-10-14',
  or: '2016-10-14',
  contains: '2017-09-01',
};

const IN_PROGRESS = Symbol('in progress');

/** Thrown inside a condition evaluation; reported once at the condition's path. */
class ConditionError extends Error {
  constructor(
    message: string,
    readonly at: PathSegment[],
  ) {
    super(message);
  }
}

/** Raised when a condition needs a value not known at compile time (already reported or reportable). */
class UnknownValue extends Error {}

export class Conditions {
  private readonly resolved = new Map<string, boolean | typeof IN_PROGRESS | undefined>();
  private readonly definitions: PlainMap;

  /**
   * @param evaluator evaluates `get_param` (a compile-time evaluator; it reports missing parameters).
   */
  constructor(
    section: unknown,
    private readonly version: HotVersion,
    private readonly evaluator: Evaluator,
    private readonly problems: ProblemList,
  ) {
    this.definitions = {};
    if (section === undefined || section === null) return;
    if (!versionAtLeast(version, CONDITIONS_SINCE)) {
      problems.add(
        'UNKNOWN_SECTION',
        `the conditions section needs heat_template_version ${CONDITIONS_SINCE} or later (this template is ${version})`,
        ['conditions'],
        'key',
      );
      return;
    }
    if (!isPlainMap(section)) {
      problems.add('INVALID_CONDITION', `conditions must be a map, not ${describeType(section)}`, [
        'conditions',
      ]);
      return;
    }
    this.definitions = section;
    for (const name of Object.keys(section)) {
      try {
        this.named(name, ['conditions', name]);
      } catch (error) {
        this.reportFailure(error);
      }
    }
  }

  /**
   * Whether a `condition:` (of a resource or output) or the first argument of `if` holds: a
   * condition name, a boolean or a condition function. Undefined when it cannot be decided
   * (reported).
   */
  decide(value: unknown, path: PathSegment[]): boolean | undefined {
    try {
      return this.truth(this.value(value, path), path);
    } catch (error) {
      return this.reportFailure(error);
    }
  }

  /** The value of a condition by name (memoised); throws UnknownValue when it is faulty (reported once). */
  private named(name: string, path: PathSegment[]): boolean {
    if (!Object.hasOwn(this.definitions, name)) {
      throw new ConditionError(
        `invalid condition "${name}": the conditions section does not define it`,
        path,
      );
    }
    if (this.resolved.has(name)) {
      const known = this.resolved.get(name);
      if (known === IN_PROGRESS)
        throw new ConditionError(`circular definition for condition "${name}"`, path);
      if (known === undefined) throw new UnknownValue();
      return known;
    }
    this.resolved.set(name, IN_PROGRESS);
    try {
      const value = this.definition(name);
      this.resolved.set(name, value);
      return value;
    } catch (error) {
      this.resolved.set(name, undefined);
      // A cycle is reported once, by the outermost caller; other faults where they are.
      if (error instanceof ConditionError && error.message.startsWith('circular')) throw error;
      this.reportFailure(error);
      throw new UnknownValue();
    }
  }

  private definition(name: string): boolean {
    const at = ['conditions', name];
    const definition = this.definitions[name];
    // Heat: a definition is a boolean or a function; a bare string (another name) is not.
    if (typeof definition !== 'boolean' && !isFunctionCall(definition)) {
      throw new ConditionError(
        `the definition of condition "${name}" is invalid: ${JSON.stringify(definition)} (expected true, false or a condition function)`,
        at,
      );
    }
    const value = this.value(definition, at);
    if (typeof value !== 'boolean') {
      throw new ConditionError(
        `the definition of condition "${name}" is invalid: it gives ${describeType(value)} ${JSON.stringify(value)}, not a boolean`,
        at,
      );
    }
    return value;
  }

  private reportFailure(error: unknown): undefined {
    if (error instanceof ConditionError) this.problems.add('INVALID_CONDITION', error.message, error.at);
    else if (!(error instanceof UnknownValue)) throw error;
    return undefined;
  }

  /** A boolean, or a condition named by a string. */
  private truth(value: unknown, path: PathSegment[]): boolean {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string') return this.named(value, path);
    throw new ConditionError(
      `invalid condition ${JSON.stringify(value)}: expected a condition name or a boolean`,
      path,
    );
  }

  /** Evaluates a value in the conditions' context: only condition functions are allowed. */
  private value(raw: unknown, path: PathSegment[]): unknown {
    if (Array.isArray(raw)) return raw.map((item, index) => this.value(item, [...path, index]));
    if (!isPlainMap(raw)) return raw;
    const key = soleKey(raw);
    if (key === undefined || !isConditionFunctionName(key)) {
      const result: PlainMap = {};
      for (const [entryKey, entry] of Object.entries(raw))
        setOwn(result, entryKey, this.value(entry, [...path, entryKey]));
      return result;
    }
    const at = [...path, key];
    if (key === 'yaql') {
      // Heat allows yaql in conditions from 2017-09-01; yaql is not implemented here at all.
      this.problems.add('UNSUPPORTED', 'yaql expressions are not supported', at, 'key');
      throw new UnknownValue();
    }
    const since = Object.hasOwn(CONDITION_FUNCTIONS, key) ? CONDITION_FUNCTIONS[key] : undefined;
    if (since === undefined) {
      throw new ConditionError(
        `the function "${key}" is invalid in a condition (use get_param, equals, not, and, or, contains)`,
        at,
      );
    }
    if (!versionAtLeast(this.version, since)) {
      throw new ConditionError(
        `${key} is not available in conditions in heat_template_version ${this.version} (it needs ${since} or later)`,
        at,
      );
    }
    const args = raw[key];
    switch (key) {
      case 'get_param': {
        const value = this.evaluator.evaluate({ get_param: this.value(args, at) }, [...path]);
        if (!this.evaluator.isKnown(value)) {
          throw new ConditionError('this condition depends on a parameter whose value is not known', at);
        }
        return value;
      }
      case 'equals': {
        const pair = this.value(args, at);
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new ConditionError('arguments to "equals" must be of the form: [value_1, value_2]', at);
        }
        return pythonEqual(pair[0], pair[1]);
      }
      case 'contains': {
        const pair = this.value(args, at);
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new ConditionError(
            'arguments to "contains" must be of the form: [value1, [value1, value2]]',
            at,
          );
        }
        const [item, sequence] = pair as [unknown, unknown];
        if (typeof sequence === 'string') return typeof item === 'string' && sequence.includes(item);
        if (!Array.isArray(sequence))
          throw new ConditionError('second argument to "contains" should be a sequence', [...at, 1]);
        return sequence.some((candidate) => pythonEqual(candidate, item));
      }
      case 'not': {
        if (args === null || args === undefined)
          throw new ConditionError('argument to "not" must be a condition', at);
        return !this.truth(this.value(args, at), at);
      }
      default: {
        if (!Array.isArray(args))
          throw new ConditionError(`arguments to "${key}" must be a list of conditions`, at);
        if (args.length < 2)
          throw new ConditionError(`the minimum number of condition arguments to "${key}" is 2`, at);
        const truths = args.map((item, index) =>
          this.truth(this.value(item, [...at, index]), [...at, index]),
        );
        return key === 'and' ? truths.every(Boolean) : truths.some(Boolean);
      }
    }
  }
}

function isConditionFunctionName(key: string): boolean {
  return Object.hasOwn(CONDITION_FUNCTIONS, key) || isFunctionName(key);
}

function isFunctionCall(value: unknown): boolean {
  if (!isPlainMap(value)) return false;
  const key = soleKey(value);
  return key !== undefined && isConditionFunctionName(key);
}

/** Python's `==` on JSON-like values, as Heat's `equals` uses it: `true == 1`, `1 == 1.0`. */
function pythonEqual(a: unknown, b: unknown): boolean {
  const numeric = (value: unknown) => (typeof value === 'boolean' ? Number(value) : value);
  if (typeof a !== 'object' && typeof b !== 'object') return numeric(a) === numeric(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => pythonEqual(item, b[index]));
  }
  if (isPlainMap(a) && isPlainMap(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && pythonEqual(a[key], b[key]))
    );
  }
  return jsonEqual(a, b);
}

/**
 * Splits the resources section by their `condition:` (2016-10-14+): a resource whose condition is
 * false does not exist (Heat's `resource_definitions` leaves it out). Resources whose condition
 * is faulty (reported) are kept, so that the rest of them is still checked.
 */
export function splitByCondition(
  section: PlainMap,
  conditions: Conditions,
  version: HotVersion,
): { enabled: PlainMap; disabled: Set<string> } {
  if (!versionAtLeast(version, CONDITIONS_SINCE)) return { enabled: section, disabled: new Set() };
  const enabled: PlainMap = {};
  const disabled = new Set<string>();
  for (const [name, definition] of Object.entries(section)) {
    const hasCondition = isPlainMap(definition) && Object.hasOwn(definition, 'condition');
    if (hasCondition && conditions.decide(definition.condition, ['resources', name, 'condition']) === false) {
      disabled.add(name);
    } else setOwn(enabled, name, definition);
  }
  return { enabled, disabled };
}
