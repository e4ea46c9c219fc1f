import { describe, expect, it } from 'vitest';
import { compileOk, compileProblems, compileWarnings, hot } from './helpers.ts';

const template = {
  heat_template_version: '2018-08-31',
  description: 'JSON works too',
  parameters: { size: { type: 'number', default: 2 } },
  resources: {
    db: { type: 'OS::Heat::TestResource', properties: { value: { get_param: 'size' } } },
    web: {
      type: 'OS::Heat::TestResource',
      properties: { value: { list_join: ['-', ['web', { get_attr: ['db', 'output'] }]] } },
      depends_on: ['db'],
    },
  },
  outputs: { web: { value: { get_attr: ['web', 'output'] } } },
};

describe('JSON templates', () => {
  it('compile like the same template in YAML, pretty-printed or not', () => {
    const yaml = compileOk(
      hot(
        `
        description: JSON works too
        parameters:
          size: {type: number, default: 2}
        resources:
          db:
            type: OS::Heat::TestResource
            properties: {value: {get_param: size}}
          web:
            type: OS::Heat::TestResource
            properties:
              value: {list_join: ['-', [web, {get_attr: [db, output]}]]}
            depends_on: [db]
        outputs:
          web: {value: {get_attr: [web, output]}}
      `,
        '2018-08-31',
      ),
    );
    expect(compileOk(JSON.stringify(template, null, 2))).toEqual(yaml);
    expect(compileOk(JSON.stringify(template))).toEqual(yaml);
    expect(compileOk(JSON.stringify(template, null, '\t'))).toEqual(yaml);
  });

  it('report problems with JSON line and column', () => {
    const broken = structuredClone(template) as { resources: Record<string, Record<string, unknown>> };
    broken.resources.db = { type: 'OS::Heat::Nope' };
    const problems = compileProblems(JSON.stringify(broken, null, 2));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_RESOURCE_TYPE',
        path: 'resources.db.type',
        line: 12,
        column: 15,
      }),
    ]);
  });

  // Heat parses JSON with Python's json module first, which keeps the last duplicate silently.
  it('keep the last of duplicate keys as Heat does, with a warning at both places', () => {
    const source =
      '{\n  "heat_template_version": "2018-08-31",\n  "resources": {\n    "a": {"type": "OS::Heat::None"},\n    "a": {"type": "OS::Heat::TestResource"}\n  }\n}\n';
    expect(compileWarnings(source)).toEqual([
      {
        code: 'DUPLICATE_KEY',
        message: 'duplicate key "a" (first at line 4, column 5): the last value is used, as Heat does',
        path: 'resources.a',
        line: 5,
        column: 5,
      },
    ]);
    expect(compileOk(source).resources[0]?.type).toBe('OS::Heat::TestResource');
  });

  it('find duplicates inside lists and escaped keys', () => {
    const source =
      '{"heat_template_version": "2018-08-31", "resources": {"r": {"type": "OS::Heat::None",' +
      ' "properties": {"l": [{"x": 1}, {"x": 1, "\\u0078": 2}]}}}}';
    expect(compileWarnings(source)).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_KEY', path: 'resources.r.properties.l.1.x' }),
    ]);
  });

  it('report JSON syntax errors', () => {
    const problems = compileProblems('{"heat_template_version": "2018-08-31", "resources": {,}}');
    expect(problems[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 1 });
  });
});
