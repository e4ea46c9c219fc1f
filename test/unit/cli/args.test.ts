import { describe, expect, it } from 'vitest';
import { parseCommandLine, positional, POSITIONALS, type CommandSpec } from '../../../src/cli/args.ts';
import { problemLines, type TemplateProblem } from '../../../src/cli/errors.ts';

const spec = (name: string, positionals?: string[]): CommandSpec => ({
  name,
  summary: '',
  usage: name,
  description: '',
  options: { name: { type: 'string', short: 'n', description: '' } },
  ...(positionals ? { positionals } : {}),
});
const COMMANDS = [spec('list'), spec('output list'), spec('output show', ['OUTPUT'])];

describe('command line: two-word commands and positional arguments', () => {
  it('reads `output show --name S KEY` as the two-word command with its positional', () => {
    const { command, values } = parseCommandLine(['output', 'show', '--name', 's', 'url'], COMMANDS);
    expect(command?.name).toBe('output show');
    expect(values.name).toBe('s');
    expect(values[POSITIONALS]).toEqual(['url']);
    expect(positional(values, 0, 'an OUTPUT name', 'output show')).toBe('url');
  });

  it('refuses a stray argument, a missing subcommand and a missing positional', () => {
    expect(() => parseCommandLine(['list', 'extra'], COMMANDS)).toThrow(
      "unexpected argument 'extra' for 'list'",
    );
    expect(() => parseCommandLine(['output'], COMMANDS)).toThrow("'output' needs a subcommand: list, show");
    const { values } = parseCommandLine(['output', 'show', '-n', 's'], COMMANDS);
    expect(() => positional(values, 0, 'an OUTPUT name', 'output show')).toThrow(
      "'output show' needs an OUTPUT name",
    );
  });
});

describe('problem lists', () => {
  const problems: TemplateProblem[] = Array.from({ length: 25 }, (_, i) => ({
    code: 'UNKNOWN_PROPERTY',
    message: `m${i}`,
    path: `resources.r${i}`,
    line: i + 1,
    column: 3,
  }));

  it('prints at most 20 problems, then how many more there are', () => {
    const lines = problemLines(problems, 't.yaml');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('t.yaml:1:3  UNKNOWN_PROPERTY  resources.r0  m0');
    expect(lines.at(-1)).toBe('... and 5 more problems (--json lists them all)');
    expect(problemLines(problems.slice(0, 20), 't.yaml')).toHaveLength(20);
    expect(problemLines(problems, 't.yaml', 'warning').at(-1)).toBe(
      '... and 5 more warnings (--json lists them all)',
    );
  });
});
