import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/template/index.ts';
import { catalog } from './fixtures/catalog.ts';
import { compileOk, compileProblems, compileWarnings, dedent, hot, withCode } from './helpers.ts';

describe('reading the document', () => {
  it('reports YAML syntax errors with line and column, and nothing else', () => {
    const problems = compileProblems(
      dedent(`
        heat_template_version: 2021-04-16
        resources:
          a: [1, 2
          b: 3
      `),
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.code === 'YAML_SYNTAX')).toBe(true);
    expect(problems[0]).toMatchObject({ code: 'YAML_SYNTAX', path: '', line: 4, column: 3 });
    expect(problems[0]?.message).not.toMatch(/at line/);
  });

  it('reports several documents in one source as a syntax error', () => {
    const problems = compileProblems('heat_template_version: 2021-04-16\n---\nresources: {}\n');
    expect(problems[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 2, column: 1 });
  });

  it('reports an alias to an unknown anchor', () => {
    const problems = compileProblems('heat_template_version: 2021-04-16\ndescription: *nowhere\n');
    expect(problems).toEqual([
      expect.objectContaining({ code: 'YAML_SYNTAX', path: 'description', line: 2, column: 14 }),
    ]);
  });

  it('expands anchors and aliases', () => {
    const problems = compileProblems(
      dedent(`
        heat_template_version: 2021-04-16
        resources:
          a:
            type: OS::Heat::TestResource
            properties: &props
              value: x
              colour: red
          b:
            type: OS::Heat::TestResource
            properties: *props
      `),
    );
    // The alias copies the unknown property too; each copy is reported where it is used.
    expect(withCode(problems, 'UNKNOWN_PROPERTY').map((problem) => problem.path)).toEqual([
      'resources.a.properties.colour',
      'resources.b.properties.colour',
    ]);
  });

  it('stops "billion laughs" alias expansion', () => {
    const lines = [
      'heat_template_version: 2021-04-16',
      'description: x',
      'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
    ];
    for (let level = 1; level < 9; level++) {
      const previous = `*a${level - 1}`;
      lines.push(`a${level}: &a${level} [${Array.from({ length: 10 }, () => previous).join(', ')}]`);
    }
    const problems = compileProblems(`${lines.join('\n')}\n`);
    expect(
      problems.some((problem) => problem.code === 'YAML_SYNTAX' && /too many/.test(problem.message)),
    ).toBe(true);
  });

  // Heat reads YAML with PyYAML, whose mappings keep the last of duplicate keys silently
  // (heat/common/template_format.py, yaml.load): accepted, with a warning naming both places.
  it('keeps the last of duplicate keys as Heat does, warning at the duplicate with the first place', () => {
    const source = hot(`
      resources:
        web:
          type: OS::Heat::Nope
        web:
          type: OS::Heat::TestResource
    `);
    expect(compileWarnings(source)).toEqual([
      {
        code: 'DUPLICATE_KEY',
        message: 'duplicate key "web" (first at line 3, column 3): the last value is used, as Heat does',
        path: 'resources.web',
        line: 5,
        column: 3,
      },
    ]);
    expect(compileOk(source).resources.map((r) => r.type)).toEqual(['OS::Heat::TestResource']);
  });

  it('warns about duplicates in failing templates too, and checks the last value', () => {
    const result = compileTemplate(
      hot(`
        resources:
          web:
            type: OS::Heat::TestResource
          web:
            type: OS::Heat::Nope
      `),
      {},
      catalog,
    );
    expect(result.ok).toBe(false);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'DUPLICATE_KEY', line: 5, column: 3 })]);
    if (!result.ok)
      expect(withCode(result.problems, 'UNKNOWN_RESOURCE_TYPE')).toEqual([
        expect.objectContaining({ path: 'resources.web.type', line: 6, column: 11 }),
      ]);
  });

  it('warns about duplicate keys in nested and flow mappings', () => {
    const warnings = compileWarnings(
      hot(`
        resources:
          a:
            type: OS::Heat::None
            properties: {x: 1, y: 2, x: 3}
            metadata:
              k: 1
              k: 2
      `),
    );
    expect(warnings).toEqual([
      expect.objectContaining({ path: 'resources.a.properties.x', line: 5, column: 30 }),
      expect.objectContaining({ path: 'resources.a.metadata.k', line: 8, column: 7 }),
    ]);
  });

  it('reports an empty template', () => {
    for (const source of ['', '   \n', '# only a comment\n', '---\n', '~\n']) {
      expect(compileProblems(source)).toEqual([
        expect.objectContaining({ code: 'EMPTY_TEMPLATE', path: '' }),
      ]);
    }
  });

  it('reports a template that is not a mapping', () => {
    const list = compileProblems('- heat_template_version\n- resources\n');
    expect(list).toEqual([
      expect.objectContaining({ code: 'INVALID_TEMPLATE', path: '', line: 1, column: 1 }),
    ]);
    expect(compileProblems('just text\n')[0]).toMatchObject({ code: 'INVALID_TEMPLATE', path: '' });
  });

  it('reports mapping keys that are not strings', () => {
    const problems = compileProblems('heat_template_version: 2021-04-16\n? [a, b]\n: c\n');
    expect(problems).toEqual([expect.objectContaining({ code: 'INVALID_TEMPLATE', line: 2, column: 3 })]);
  });

  it('reports values YAML tags turn into something a template cannot hold', () => {
    const problems = compileProblems('heat_template_version: 2021-04-16\ndescription: !!binary aGVsbG8=\n');
    expect(problems).toEqual([
      expect.objectContaining({ code: 'INVALID_TEMPLATE', path: 'description', line: 2 }),
    ]);
  });

  it('reports a template nested too deeply to process', () => {
    const depth = 20_000;
    const source = `heat_template_version: 2021-04-16\ndescription: x\noutputs:\n  o:\n    value: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const problems = compileProblems(source);
    expect(problems.length).toBeGreaterThan(0);
    expect(['INVALID_TEMPLATE', 'YAML_SYNTAX']).toContain(problems[0]?.code);
  });

  it('reports where a template nests deeper than 100 levels, and accepts 100', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const at = (depth: number) =>
      `heat_template_version: 2021-04-16\noutputs:\n  o:\n    value: ${nested(depth)}\n`;
    // outputs.o.value is 3 levels down; its lists add the rest.
    expect(compileOk(at(97)).outputs.o).toBeDefined();
    const problems = compileProblems(at(98));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'INVALID_TEMPLATE',
        message: 'the template is nested deeper than 100 levels',
        path: ['outputs', 'o', 'value', ...Array<string>(97).fill('0')].join('.'),
      }),
    ]);
  });

  it.each([
    ['a YAML escape in a value', 'properties: { p: [ok, "x\\udc00"] }', 'resources.a.properties.p.1'],
    ['a YAML escape in a key', 'properties: { "\\ud800k": 1 }', 'resources.a.properties.\ud800k'],
    ['a JSON escape in a value', 'properties: {"p": "\\udc00"}', 'resources.a.properties.p'],
  ])('refuses an unpaired surrogate written as %s, at its place', (_, properties, path) => {
    const problems = compileProblems(
      `heat_template_version: 2021-04-16\nresources:\n  a:\n    type: OS::Heat::None\n    ${properties}\n`,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'INVALID_TEMPLATE',
          message: 'this text contains an unpaired UTF-16 surrogate (not valid Unicode text)',
          path,
        }),
      ]),
    );
  });
});

describe('top-level sections', () => {
  it('reports unknown sections at their key', () => {
    const problems = compileProblems(hot('resources: {}\nresource: {}\nOutputs: {}\n'));
    expect(withCode(problems, 'UNKNOWN_SECTION')).toEqual([
      expect.objectContaining({ path: 'resource', line: 3, column: 1 }),
      expect.objectContaining({ path: 'Outputs', line: 4, column: 1 }),
    ]);
  });

  it('reports sections of the wrong type', () => {
    const problems = compileProblems(
      hot(`
        description: [not, text]
        parameters: [a, b]
        resources:
          - a
        outputs: text
        parameter_groups: {a: b}
      `),
    );
    expect(withCode(problems, 'INVALID_SECTION').map(({ path, line }) => ({ path, line }))).toEqual([
      { path: 'description', line: 2 },
      { path: 'parameters', line: 3 },
      { path: 'resources', line: 5 },
      { path: 'outputs', line: 6 },
      { path: 'parameter_groups', line: 7 },
    ]);
  });

  it('accepts empty sections, as Heat does', () => {
    const problems = compileProblems(hot('parameters:\nresources:\noutputs:\nextra: 1\n'));
    expect(problems.map((problem) => problem.code)).toEqual(['UNKNOWN_SECTION']);
  });

  it('refuses the conditions section before 2016-10-14, as Heat (an unknown section there)', () => {
    const problems = compileProblems(
      hot('conditions:\n  is_prod: {equals: [1, 1]}\nresources: {}\n', '2016-04-08'),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_SECTION', path: 'conditions', line: 2, column: 1 }),
    ]);
  });

  it('reports CloudFormation templates as not supported', () => {
    const problems = compileProblems('AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');
    expect(problems).toEqual([
      expect.objectContaining({ code: 'UNSUPPORTED', path: 'AWSTemplateFormatVersion', line: 1, column: 1 }),
    ]);
  });

  it('reports every problem at once, in source order', () => {
    const problems = compileProblems(
      hot(`
        parameters:
          p: {type: strng}
        resources:
          a:
            type: OS::Heat::Nope
          b:
            type: OS::Heat::TestResource
            properties:
              valu: x
              wait_secs: soon
            depends_on: c
        outputs:
          o: {value: {get_attr: [d, x]}}
        surprise: true
      `),
    );
    expect(problems.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'INVALID_SECTION parameters.p.type',
      'UNKNOWN_RESOURCE_TYPE resources.a.type',
      'UNKNOWN_PROPERTY resources.b.properties.valu',
      'PROPERTY_INVALID resources.b.properties.wait_secs',
      'MISSING_RESOURCE resources.b.depends_on',
      'MISSING_RESOURCE outputs.o.value.get_attr.0',
      'UNKNOWN_SECTION surprise',
    ]);
    const lines = problems.map((problem) => problem.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});
