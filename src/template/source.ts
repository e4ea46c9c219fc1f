/**
 * Reading template text (YAML or JSON) into plain values, with a way back from paths to
 * source positions for problem reports.
 *
 * Most templates are read by the fast reader for plain YAML (`simple-yaml.ts`); anything it
 * does not handle, including every malformed document, goes to the `yaml` package, which also
 * produces syntax errors with positions.
 */
import type { Locate, ProblemList } from './problems.ts';
import { readSimpleYaml } from './simple-yaml.ts';
import { createLazyLocator, readYaml } from './yaml-document.ts';

export interface SourceReadResult {
  /** The document as plain values; undefined when it could not be read (problems say why). */
  root: unknown;
  /** False when the source holds no document at all (empty, or only comments). */
  hasContent: boolean;
  locate: Locate;
}

export function readSource(source: string, problems: ProblemList): SourceReadResult {
  const simple = readSimpleYaml(source);
  if (simple) return { root: simple.value, hasContent: true, locate: createLazyLocator(source) };
  return readYaml(source, problems);
}
