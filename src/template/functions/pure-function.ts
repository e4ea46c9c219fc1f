import type { HotVersion } from '../versions.ts';
import type { IsKnown } from './arguments.ts';

export interface FunctionEnvironment {
  /** Some functions accept more forms in later versions (e.g. list_join with several lists). */
  version: HotVersion;
  /** Files sent with the template (path or URL → content), for get_file. */
  files?: Readonly<Record<string, string>>;
}

/**
 * An intrinsic function that only computes with its arguments (no parameters, no resources).
 * Arguments arrive already evaluated: nested functions have been replaced by their results.
 */
export interface PureFunction {
  readonly name: string;
  /** The first template version that has the function. */
  readonly since: HotVersion;
  /** The first template version that no longer has it (Heat's `Removed`), if any. */
  readonly until?: HotVersion;
  /**
   * Checks the known parts of arguments that are only partly known at compile time, so that
   * mistakes are reported before anything runs. Throws FunctionArgumentError.
   */
  check?(args: unknown, isKnown: IsKnown, env: FunctionEnvironment): void;
  /** Computes the result from fully known arguments. Throws FunctionArgumentError. */
  apply(args: unknown, env: FunctionEnvironment): unknown;
}
