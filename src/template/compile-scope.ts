/**
 * The compile-time {@link EvaluationScope}: parameters have values, resources do not exist yet.
 * It checks every reference (undeclared parameter, missing resource, unknown attribute) and
 * records which resources each resource refers to, which become its dependencies.
 */
import type { ResourceTypeSchema } from '../resources/types.ts';
import { formatCycle } from '../graph/dag.ts';
import { NOT_KNOWN } from './evaluator.ts';
import type { AttributePath, EvaluationScope, Resolution } from './evaluator.ts';
import { PSEUDO_PARAMETERS } from './parameters.ts';
import type { Anchor, Path, ProblemCode, ProblemList } from './problems.ts';
import type { HotVersion } from './versions.ts';

export interface ParameterLookup {
  /** Typed values of the parameters that have a usable one. */
  values: ReadonlyMap<string, unknown>;
  /** Every declared name, including those whose declaration or value is faulty (already reported). */
  declared: ReadonlySet<string>;
}

export interface ResourceLookup {
  has(name: string): boolean;
  /** The schema of a resource's type; undefined when the type is unknown (already reported). */
  schemaOf(name: string): ResourceTypeSchema | undefined;
  /** Whether the template defines the resource but its condition is false (so it does not exist). */
  isDisabled?(name: string): boolean;
}

export class CompileScope implements EvaluationScope {
  private owner: string | undefined;
  private references: Set<string> | undefined;

  constructor(
    readonly version: HotVersion,
    private readonly parameters: ParameterLookup,
    private readonly resources: ResourceLookup,
    private readonly problems: ProblemList,
    readonly files?: Readonly<Record<string, string>>,
  ) {}

  /**
   * Runs `evaluate` on behalf of resource `owner` and returns the resources it referred to.
   * With no owner (outputs), references are still checked but nothing depends on them.
   */
  collectReferences<T>(owner: string | undefined, evaluate: () => T): { result: T; references: Set<string> } {
    const references = new Set<string>();
    this.owner = owner;
    this.references = owner === undefined ? undefined : references;
    try {
      return { result: evaluate(), references };
    } finally {
      this.owner = undefined;
      this.references = undefined;
    }
  }

  parameter(name: string, at: Path): Resolution {
    const values = this.parameters.values;
    if (values.has(name)) return { known: true, value: values.get(name) };
    if (!this.parameters.declared.has(name) && !PSEUDO_PARAMETERS.includes(name)) {
      this.report('MISSING_PARAMETER', `get_param refers to parameter "${name}", which is not declared`, at);
    }
    return NOT_KNOWN;
  }

  hasResource(name: string): boolean {
    return this.resources.has(name);
  }

  resource(name: string, at: Path): Resolution {
    this.noteReference(name, at);
    return NOT_KNOWN;
  }

  attribute(resource: string, attributePath: AttributePath | null, at: Path): Resolution {
    if (!this.noteReference(resource, [...at, 0])) return NOT_KNOWN;
    const attribute = attributePath?.[0];
    const schema = this.resources.schemaOf(resource);
    // Nested stacks' attributes are their outputs (and resource.NAME): not fixed by the type.
    const declared = schema?.dynamicAttributes ? undefined : schema?.attributes;
    // Types that declare no attributes (OS::Heat::None) answer every name with null.
    if (
      typeof attribute === 'string' &&
      declared &&
      Object.keys(declared).length > 0 &&
      !Object.hasOwn(declared, attribute)
    ) {
      const known = Object.keys(declared).join(', ');
      this.report(
        'UNKNOWN_ATTRIBUTE',
        `resource "${resource}" has no attribute "${attribute}" (it has: ${known})`,
        [...at, 1],
      );
    }
    return NOT_KNOWN;
  }

  report(code: ProblemCode, message: string, at: Path, anchor: Anchor = 'value'): void {
    this.problems.add(code, message, at, anchor);
  }

  /** Checks a reference and records it; false when it names no resource. */
  private noteReference(name: string, at: Path): boolean {
    if (!this.resources.has(name)) {
      if (this.resources.isDisabled?.(name)) {
        const message = `reference to resource "${name}", which does not exist because its condition is false (guard the reference with the same condition: a condition: key or an if)`;
        this.report('DISABLED_RESOURCE', message, at);
        return false;
      }
      this.report('MISSING_RESOURCE', `reference to resource "${name}", which does not exist`, at);
      return false;
    }
    if (name === this.owner) {
      this.report('DEPENDENCY_CYCLE', `${formatCycle([name])} (resource "${name}" refers to itself)`, at);
      return true;
    }
    this.references?.add(name);
    return true;
  }
}
