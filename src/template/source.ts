/**
 * Reading template text (YAML or JSON) into plain values, with a way back from paths to
 * source positions for problem reports.
 */
import type { Locate, ProblemList } from './problems.ts';
import { readYaml } from './yaml-document.ts';

export interface SourceReadResult {
  /** The document as plain values; undefined when it could not be read (problems say why). */
  root: unknown;
  /** False when the source holds no document at all (empty, or only comments). */
  hasContent: boolean;
  locate: Locate;
}

export function readSource(source: string, problems: ProblemList): SourceReadResult {
  return readYaml(source, problems);
}
