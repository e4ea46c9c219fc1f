/**
 * Shared helpers for template tests.
 */
import { expect } from 'vitest';
import { compileTemplate } from '../../../src/template/index.ts';
import type { CompiledTemplate, CompileOptions, Problem, Warning } from '../../../src/template/index.ts';
import { catalog } from './fixtures/catalog.ts';

/** Removes the indentation common to all lines, so templates can be indented in test code. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const common = Math.min(...indents);
  return lines.map((line) => line.slice(common)).join('\n');
}

/** A template with the given body under a 2021-04-16 version line. */
export function hot(body: string, version = '2021-04-16'): string {
  return `heat_template_version: ${version}\n${dedent(body)}`;
}

/** Compiles and expects success. */
export function compileOk(
  source: string,
  parameters: Record<string, unknown> = {},
  options?: CompileOptions,
): CompiledTemplate {
  const result = compileTemplate(source, parameters, catalog, options);
  if (!result.ok) expect.fail(`expected the template to compile, got:\n${formatProblems(result.problems)}`);
  return result.template;
}

/** Compiles and expects failure; returns the problems. */
export function compileProblems(
  source: string,
  parameters: Record<string, unknown> = {},
  options?: CompileOptions,
): Problem[] {
  const result = compileTemplate(source, parameters, catalog, options);
  if (result.ok) expect.fail('expected problems, but the template compiled');
  return result.problems;
}

/** Compiles and expects success; returns the warnings. */
export function compileWarnings(
  source: string,
  parameters: Record<string, unknown> = {},
  options?: CompileOptions,
): Warning[] {
  const result = compileTemplate(source, parameters, catalog, options);
  if (!result.ok) expect.fail(`expected the template to compile, got:\n${formatProblems(result.problems)}`);
  return result.warnings;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => `${p.line ?? '?'}:${p.column ?? '?'} ${p.code} ${p.path} ${p.message}`)
    .join('\n');
}

/** The problems with the given code. */
export function withCode(problems: readonly Problem[], code: Problem['code']): Problem[] {
  return problems.filter((problem) => problem.code === code);
}

/** Compiles a template with one resource and returns that resource's compiled properties. */
export function propertiesOf(
  properties: string,
  { parameters = '', values = {}, type = 'OS::Heat::None', version = '2021-04-16' } = {},
): Record<string, unknown> {
  const source = hot(
    `${parameters}
resources:
  other:
    type: OS::Heat::TestResource
  subject:
    type: ${type}
    properties:
${properties.replace(/^\n/, '').replace(/^/gm, '      ')}`,
    version,
  );
  const template = compileOk(source, values);
  const subject = template.resources.find((resource) => resource.name === 'subject');
  if (!subject) expect.fail('no subject resource');
  return subject.properties;
}

/**
 * Compiles `expression` (YAML) as the value of output `o`, next to resource `r`
 * (OS::Heat::TestResource), and returns the partially evaluated value.
 */
export function outputValue(
  expression: string,
  {
    parameters = '',
    values = {},
    version = '2021-04-16',
  }: { parameters?: string; values?: Record<string, unknown>; version?: string } = {},
): unknown {
  const source = hot(
    `${parameters}
resources:
  r:
    type: OS::Heat::TestResource
outputs:
  o:
    value: ${expression}`,
    version,
  );
  return compileOk(source, values).outputs.o?.value;
}

/** Compiles `expression` as output `o` and returns the problems. */
export function outputProblems(expression: string, version = '2021-04-16'): Problem[] {
  return compileProblems(
    hot(
      `resources:\n  r:\n    type: OS::Heat::TestResource\noutputs:\n  o:\n    value: ${expression}\n`,
      version,
    ),
  );
}
