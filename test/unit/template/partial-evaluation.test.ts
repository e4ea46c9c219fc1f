import { describe, expect, it } from 'vitest';
import { compileOk, hot, outputValue, propertiesOf } from './helpers.ts';

const PARAMETERS = `
parameters:
  name: {type: string, default: web}
  count: {type: number, default: 2}
  attribute: {type: string, default: output}
  servers: {type: json, default: {first: {ip: 10.0.0.1}}}
`;

describe('partial evaluation at compile time', () => {
  it('substitutes parameters, including paths into their values', () => {
    expect(
      propertiesOf('a: {get_param: name}\nb: {get_param: count}\nc: {get_param: [servers, first, ip]}', {
        parameters: PARAMETERS,
      }),
    ).toEqual({ a: 'web', b: 2, c: '10.0.0.1' });
  });

  it('evaluates every call whose arguments are known', () => {
    expect(
      propertiesOf(
        'a: {str_replace: {template: "$n-$c", params: {$n: {get_param: name}, $c: {get_param: count}}}}',
        {
          parameters: PARAMETERS,
        },
      ),
    ).toEqual({ a: 'web-2' });
  });

  it('keeps calls that need a resource, with their arguments evaluated', () => {
    expect(
      propertiesOf(
        `
joined:
  list_join:
    - {get_param: name}
    - - {str_split: [",", "x,y", 0]}
      - {get_attr: [other, output]}
      - {get_resource: other}
`,
        { parameters: PARAMETERS },
      ),
    ).toEqual({
      joined: {
        list_join: ['web', ['x', { get_attr: ['other', 'output'] }, { get_resource: 'other' }]],
      },
    });
  });

  it('keeps an attribute path computed from parameters', () => {
    expect(
      propertiesOf('a: {get_attr: [other, {get_param: attribute}, {get_param: count}]}', {
        parameters: PARAMETERS,
      }),
    ).toEqual({ a: { get_attr: ['other', 'output', 2] } });
  });

  it('evaluates the known parts around a pending call', () => {
    expect(
      propertiesOf('a: {x: {get_param: count}, y: [{get_attr: [other, output]}, {digest: [md5, ""]}]}', {
        parameters: PARAMETERS,
      }),
    ).toEqual({ a: { x: 2, y: [{ get_attr: ['other', 'output'] }, 'd41d8cd98f00b204e9800998ecf8427e'] } });
  });

  it('evaluates metadata and outputs the same way', () => {
    const template = compileOk(
      hot(`
        ${PARAMETERS.trim().replace(/\n/g, '\n        ')}
        resources:
          a:
            type: OS::Heat::TestResource
            metadata:
              label: {list_join: ["-", [{get_param: name}, x]]}
        outputs:
          url: {value: {str_replace: {template: "http://HOST/", params: {HOST: {get_attr: [a, output]}}}}}
          count: {value: {get_param: count}, description: How many}
      `),
    );
    expect(template.resources[0]?.metadata).toEqual({ label: 'web-x' });
    expect(template.outputs).toEqual({
      url: {
        value: { str_replace: { template: 'http://HOST/', params: { HOST: { get_attr: ['a', 'output'] } } } },
      },
      count: { value: 2, description: 'How many' },
    });
  });

  it('evaluates a whole properties map computed by a function', () => {
    const template = compileOk(
      hot(`
        parameters:
          props: {type: json, default: {value: from-json}}
        resources:
          a:
            type: OS::Heat::TestResource
            properties: {get_param: props}
      `),
    );
    expect(template.resources[0]?.properties).toEqual({ value: 'from-json' });
  });

  it('treats a parameter value that looks like a call as data', () => {
    expect(
      outputValue('{list_join: [",", [{get_param: raw}]]}', {
        parameters: 'parameters:\n  raw: {type: string, default: "{get_resource: x}"}',
      }),
    ).toBe('{get_resource: x}');
  });
});
