/**
 * Validation problems. Every check appends to a {@link ProblemList} and carries on, so one
 * compile reports every problem at once. Source positions are attached at the very end, and
 * only when there are problems (see `source.ts`).
 */

export type ProblemCode =
  | 'YAML_SYNTAX'
  | 'DUPLICATE_KEY'
  | 'EMPTY_TEMPLATE'
  | 'INVALID_TEMPLATE'
  | 'INVALID_SECTION'
  | 'UNKNOWN_SECTION'
  | 'MISSING_VERSION'
  | 'UNKNOWN_VERSION'
  | 'UNKNOWN_RESOURCE_TYPE'
  | 'INVALID_RESOURCE'
  | 'TOO_MANY_RESOURCES'
  | 'MISSING_RESOURCE'
  | 'DEPENDENCY_CYCLE'
  | 'MISSING_PARAMETER'
  | 'PARAMETER_REQUIRED'
  | 'PARAMETER_INVALID'
  | 'UNKNOWN_PARAMETER'
  | 'MISSING_PROPERTY'
  | 'UNKNOWN_PROPERTY'
  | 'PROPERTY_INVALID'
  | 'UNKNOWN_ATTRIBUTE'
  | 'UNKNOWN_FUNCTION'
  | 'FUNCTION_INVALID'
  | 'UNKNOWN_CUSTOM_CONSTRAINT'
  | 'ENVIRONMENT_INVALID'
  | 'NESTED_STACK_RECURSION'
  | 'NESTED_STACK_TOO_DEEP'
  | 'MISSING_FILE'
  | 'INVALID_CONDITION'
  | 'DISABLED_RESOURCE'
  | 'UNSUPPORTED';

/**
 * Things Heat accepts silently but a user would want to know about (the template still
 * compiles). Same shape as problems.
 */
export type WarningCode =
  'DUPLICATE_KEY' | 'UNKNOWN_CUSTOM_CONSTRAINT' | 'IGNORED_KEY' | 'IGNORED' | 'UNSUPPORTED_EVENT_SINKS';

export interface Warning {
  code: WarningCode;
  message: string;
  path: string;
  line?: number;
  column?: number;
}

export interface Problem {
  code: ProblemCode;
  message: string;
  /** Dotted location such as `resources.web.properties.image`; `""` for the whole document. */
  path: string;
  /** 1-based; present whenever the problem can be traced to a node of the source. */
  line?: number;
  /** 1-based. */
  column?: number;
}

/** One step of a location: a map key or a list index. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/**
 * Which part of a map entry a problem points at: the key (e.g. an unknown property name) or
 * the value (e.g. a value of the wrong type).
 */
export type Anchor = 'key' | 'value';

export interface PendingProblem<Code extends string = ProblemCode> {
  code: Code;
  message: string;
  path: Path;
  anchor: Anchor;
  /** Set when the position is already known (parse errors), bypassing the path lookup. */
  position?: SourcePosition;
}

export interface SourcePosition {
  line: number;
  column: number;
}

export function formatPath(path: Path): string {
  return path.join('.');
}

export class ProblemList {
  readonly pending: PendingProblem[] = [];
  /** Warnings travel with the problems so every stage can add them without another parameter. */
  readonly warnings: PendingProblem<WarningCode>[] = [];

  warn(code: WarningCode, message: string, path: Path, anchor: Anchor = 'value'): void {
    this.warnings.push({ code, message, path: [...path], anchor });
  }

  warnAt(code: WarningCode, message: string, path: Path, position: SourcePosition | undefined): void {
    this.warnings.push({ code, message, path: [...path], anchor: 'key', ...(position ? { position } : {}) });
  }

  add(code: ProblemCode, message: string, path: Path, anchor: Anchor = 'value'): void {
    // Callers often pass a shared, mutable path buffer: keep a snapshot.
    this.pending.push({ code, message, path: [...path], anchor });
  }

  addAt(code: ProblemCode, message: string, path: Path, position: SourcePosition | undefined): void {
    this.pending.push({ code, message, path: [...path], anchor: 'key', ...(position ? { position } : {}) });
  }

  get isEmpty(): boolean {
    return this.pending.length === 0;
  }

  get size(): number {
    return this.pending.length;
  }
}

/** Looks up where a path lives in the source; built lazily, only when there are problems. */
export type Locate = (path: Path, anchor: Anchor) => SourcePosition | undefined;

/**
 * Turns pending problems into public ones, attaching positions, and orders them by position
 * (problems without one keep their discovery order at the end) so editors can list them top-down.
 */
export function finishProblems<Code extends string = ProblemCode>(
  pending: readonly PendingProblem<Code>[],
  locate: Locate | undefined,
): { code: Code; message: string; path: string; line?: number; column?: number }[] {
  const located = pending.map((problem, index) => {
    const position = problem.position ?? locate?.(problem.path, problem.anchor);
    const result: { code: Code; message: string; path: string; line?: number; column?: number } = {
      code: problem.code,
      message: problem.message,
      path: formatPath(problem.path),
    };
    if (position) {
      result.line = position.line;
      result.column = position.column;
    }
    return { result, index };
  });
  located.sort((a, b) => comparePositions(a.result, b.result) || a.index - b.index);
  return located.map((entry) => entry.result);
}

function comparePositions(
  a: { line?: number; column?: number },
  b: { line?: number; column?: number },
): number {
  if (a.line === undefined || b.line === undefined) {
    return (a.line === undefined ? 1 : 0) - (b.line === undefined ? 1 : 0);
  }
  return a.line - b.line || (a.column ?? 0) - (b.column ?? 0);
}
