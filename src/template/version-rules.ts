/**
 * Rules Heat applies per template version or across sections, that the section readers do not
 * see on their own: what a version's parameter schema accepts (HOTParamSchema20170224 adds
 * `modulo`, HOTParamSchema20180302 adds `tags`), and names shared by a parameter and a resource
 * (Heat's Stack.validate: "Duplicate names").
 */
import type { ProblemList } from './problems.ts';
import { isPlainMap } from './values.ts';
import type { PlainMap } from './values.ts';
import { versionAtLeast } from './versions.ts';
import type { HotVersion } from './versions.ts';

export const MODULO_SINCE: HotVersion = '2017-02-24';
export const PARAMETER_TAGS_SINCE: HotVersion = '2018-03-02';

export function checkParameterSchemaVersion(
  section: PlainMap,
  version: HotVersion,
  problems: ProblemList,
): void {
  for (const [name, declaration] of Object.entries(section)) {
    if (!isPlainMap(declaration)) continue;
    if (Object.hasOwn(declaration, 'tags') && !versionAtLeast(version, PARAMETER_TAGS_SINCE)) {
      const message = `parameter tags need heat_template_version ${PARAMETER_TAGS_SINCE} or later (this template is ${version})`;
      problems.add('INVALID_SECTION', message, ['parameters', name, 'tags'], 'key');
    }
    const constraints = declaration.constraints;
    if (!Array.isArray(constraints) || versionAtLeast(version, MODULO_SINCE)) continue;
    constraints.forEach((constraint, index) => {
      if (isPlainMap(constraint) && Object.hasOwn(constraint, 'modulo')) {
        const message = `the modulo constraint needs heat_template_version ${MODULO_SINCE} or later (this template is ${version})`;
        problems.add('INVALID_SECTION', message, ['parameters', name, 'constraints', index, 'modulo'], 'key');
      }
    });
  }
}

/** Heat refuses a parameter and a (created) resource of the same name. */
export function checkSharedNames(
  parameters: ReadonlySet<string>,
  resources: PlainMap,
  problems: ProblemList,
): void {
  for (const name of Object.keys(resources)) {
    if (parameters.has(name)) {
      const message = `"${name}" is both a parameter and a resource; Heat refuses duplicate names`;
      problems.add('INVALID_SECTION', message, ['resources', name], 'key');
    }
  }
}
