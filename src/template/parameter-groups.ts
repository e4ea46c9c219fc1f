/**
 * The `parameter_groups` section only guides user interfaces; we check its shape and that it
 * names declared parameters, each at most once.
 */
import type { ProblemList } from './problems.ts';
import { describeType, isPlainMap } from './values.ts';

const GROUP_KEYS = ['label', 'description', 'parameters'];

export function checkParameterGroups(
  raw: unknown,
  declared: ReadonlySet<string>,
  problems: ProblemList,
): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) {
    problems.add('INVALID_SECTION', `parameter_groups must be a list, not ${describeType(raw)}`, [
      'parameter_groups',
    ]);
    return;
  }
  const grouped = new Set<string>();
  raw.forEach((group, index) => {
    const path = ['parameter_groups', index];
    if (!isPlainMap(group)) {
      problems.add('INVALID_SECTION', `a parameter group must be a map, not ${describeType(group)}`, path);
      return;
    }
    for (const key of Object.keys(group)) {
      if (!GROUP_KEYS.includes(key)) {
        // Heat ignores other keys in a group; say so.
        problems.warn(
          'IGNORED_KEY',
          `unknown key "${key}" in parameter group is ignored (Heat ignores it too)`,
          [...path, key],
          'key',
        );
      }
    }
    for (const key of ['label', 'description'] as const) {
      const text = group[key];
      if (text !== undefined && text !== null && typeof text !== 'string') {
        problems.add('INVALID_SECTION', `parameter group ${key} must be a string`, [...path, key]);
      }
    }
    if (group.parameters === undefined || group.parameters === null) {
      // Heat (ParameterGroups.validate): "The parameters must be provided for each parameter group."
      problems.add('INVALID_SECTION', 'a parameter group needs parameters (a list of names)', path);
      return;
    }
    const names = group.parameters;
    if (!Array.isArray(names)) {
      problems.add('INVALID_SECTION', 'parameter group parameters must be a list of names', [
        ...path,
        'parameters',
      ]);
      return;
    }
    names.forEach((name, nameIndex) => {
      const at = [...path, 'parameters', nameIndex];
      if (typeof name !== 'string' || !declared.has(name)) {
        problems.add(
          'INVALID_SECTION',
          `parameter group names ${JSON.stringify(name)}, which is not a declared parameter`,
          at,
        );
      } else if (grouped.has(name)) {
        problems.add('INVALID_SECTION', `parameter "${name}" is in more than one parameter group`, at);
      }
      if (typeof name === 'string') grouped.add(name);
    });
  });
}
