import { describe, expect, it } from 'vitest';
import { compileOk } from './helpers.ts';

/**
 * 10,000 resources, each reading an attribute of the previous one (a chain as long as the
 * template) and referring to the one at half its index: about 2 MB of YAML.
 */
function largeTemplate(count: number): string {
  const lines = [
    'heat_template_version: 2018-08-31',
    'parameters:',
    '  tag: {type: string, default: t}',
    'resources:',
  ];
  for (let index = 0; index < count; index++) {
    const previous = index === 0 ? '{get_param: tag}' : `{get_attr: [res_${index - 1}, output]}`;
    const half = index < 2 ? '{get_param: tag}' : `{get_resource: res_${Math.floor(index / 2)}}`;
    lines.push(
      `  res_${index}:`,
      '    type: OS::Heat::TestResource',
      '    properties:',
      `      value: {list_join: ['-', [${previous}, {get_param: tag}]]}`,
      '      wait_secs: 0',
      '    metadata:',
      `      half: ${half}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('large templates', () => {
  it('compiles 10,000 resources with their dependencies, in order', () => {
    const source = largeTemplate(10_000);
    expect(source.length).toBeGreaterThan(1_000_000);
    const template = compileOk(source);
    expect(template.resources).toHaveLength(10_000);
    // Each resource requires the previous one, so the order is the chain itself.
    expect(template.resources.map((resource) => resource.name)).toEqual(
      Array.from({ length: 10_000 }, (_, index) => `res_${index}`),
    );
    const sample = template.resources[7_001];
    expect(sample?.requires).toEqual(['res_3500', 'res_7000']);
    expect(sample?.properties).toEqual({
      value: { list_join: ['-', [{ get_attr: ['res_7000', 'output'] }, 't']] },
      wait_secs: 0,
    });
    expect(template.resources[0]?.properties).toEqual({ value: 't-t', wait_secs: 0 });
  });

  it('compiles the same template written as JSON', () => {
    const resources = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, index) => [
        `r${index}`,
        {
          type: 'OS::Heat::TestResource',
          properties: { value: index === 0 ? 'x' : { get_attr: [`r${index - 1}`, 'output'] } },
        },
      ]),
    );
    const source = JSON.stringify({ heat_template_version: '2018-08-31', resources }, null, 2);
    const template = compileOk(source);
    expect(template.resources).toHaveLength(10_000);
    expect(template.resources[9_999]).toMatchObject({ name: 'r9999', requires: ['r9998'] });
  });
});
