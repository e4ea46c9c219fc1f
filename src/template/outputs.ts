/**
 * The `outputs` section. Output values are evaluated like properties, and their references are
 * checked, but they add no dependencies: outputs are computed after the resources exist.
 */
import type { CompileScope } from './compile-scope.ts';
import { CONDITIONS_SINCE } from './conditions.ts';
import type { Conditions } from './conditions.ts';
import type { Evaluator } from './evaluator.ts';
import { escapeData } from './literals.ts';
import type { ProblemList } from './problems.ts';
import { describeType, isPlainMap, setOwn } from './values.ts';
import type { PlainMap } from './values.ts';
import { versionAtLeast } from './versions.ts';

export interface CompiledOutput {
  /** Partially evaluated like resource properties; resolve with `resolveValue`. */
  value: unknown;
  description?: string;
}

const OUTPUT_KEYS = ['value', 'description'];

export interface OutputCompilation {
  scope: CompileScope;
  evaluator: Evaluator;
  problems: ProblemList;
  conditions: Conditions;
}

export function compileOutputs(
  section: PlainMap,
  { scope, evaluator, problems, conditions }: OutputCompilation,
): Record<string, CompiledOutput> {
  const outputs: Record<string, CompiledOutput> = {};
  for (const [name, raw] of Object.entries(section)) {
    const path = ['outputs', name];
    if (!isPlainMap(raw)) {
      problems.add(
        'INVALID_SECTION',
        `output "${name}" must be a map with a value, not ${describeType(raw)}`,
        path,
      );
      continue;
    }
    for (const key of Object.keys(raw)) {
      if (key === 'condition') {
        if (!versionAtLeast(scope.version, CONDITIONS_SINCE)) {
          const message = `the condition key needs heat_template_version ${CONDITIONS_SINCE} or later`;
          problems.add('INVALID_SECTION', message, [...path, key], 'key');
        }
      } else if (!OUTPUT_KEYS.includes(key)) {
        problems.add(
          'INVALID_SECTION',
          `unknown key "${key}" in output "${name}" (expected value, description)`,
          [...path, key],
          'key',
        );
      }
    }
    if (!Object.hasOwn(raw, 'value')) {
      problems.add('INVALID_SECTION', `output "${name}" needs a value`, path, 'key');
      continue;
    }
    // Heat: an output whose condition is false is still listed, with a null value (not evaluated).
    const enabled =
      !Object.hasOwn(raw, 'condition') ||
      !versionAtLeast(scope.version, CONDITIONS_SINCE) ||
      conditions.decide(raw.condition, [...path, 'condition']) !== false;
    const { result: value } = enabled
      ? scope.collectReferences(undefined, () => evaluator.evaluate(raw.value, [...path, 'value']))
      : { result: null };
    const output: CompiledOutput = { value: escapeData(value, (v) => evaluator.isPendingCall(v)) };
    if (typeof raw.description === 'string') output.description = raw.description;
    else if (raw.description !== undefined && raw.description !== null) {
      problems.add('INVALID_SECTION', 'output description must be a string', [...path, 'description']);
    }
    setOwn(outputs, name, output);
  }
  return outputs;
}
