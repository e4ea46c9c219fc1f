/**
 * describeParameters: what Heat's `template validate` returns about parameters
 * (heat/engine/service.py validate_template; heat/tests/test_validate.py
 * test_validate_parameters, test_validate_hidden_parameter, test_validate_parameter_groups).
 */
import { describe, expect, it } from 'vitest';
import { describeParameters, HIDDEN_VALUE } from '../../../src/template/index.ts';
import { hot } from './helpers.ts';

const TEMPLATE = hot(`
  parameter_groups:
    - label: Server
      description: where it runs
      parameters: [flavor, size]
  parameters:
    flavor:
      type: string
      label: Flavor
      description: the flavor
      default: m1.small
      constraints:
        - allowed_values: [m1.small, m1.large]
          description: small or large
        - custom_constraint: nova.flavor
    size:
      type: number
      constraints: [{range: {min: 1, max: 8}}, {modulo: {step: 2, offset: 0}}]
    password: {type: string, hidden: true, default: s3cret}
    token: {type: string, default: abc}
  resources: {}
`);

describe('describeParameters', () => {
  it('lists every parameter with type, default, label, description and constraints as written (test_validate_parameters)', () => {
    const { parameters } = describeParameters(TEMPLATE);
    expect(parameters.map((p) => p.name)).toEqual(['flavor', 'size', 'password', 'token']);
    expect(parameters[0]).toEqual({
      name: 'flavor',
      type: 'string',
      default: 'm1.small',
      label: 'Flavor',
      description: 'the flavor',
      hidden: false,
      immutable: false,
      constraints: [
        { allowed_values: ['m1.small', 'm1.large'], description: 'small or large' },
        { custom_constraint: 'nova.flavor' },
      ],
    });
    expect(parameters[1]).toMatchObject({
      type: 'number',
      constraints: [{ range: { min: 1, max: 8 } }, { modulo: { step: 2, offset: 0 } }],
    });
    expect(parameters[1]).not.toHaveProperty('default');
  });

  it('masks the default of a hidden parameter (test_validate_hidden_parameter: NoEcho)', () => {
    const password = describeParameters(TEMPLATE).parameters.find((p) => p.name === 'password');
    expect(password).toMatchObject({ hidden: true, default: HIDDEN_VALUE });
  });

  it("shows the environments' parameter_defaults, and encrypted_param_names hides", () => {
    const { parameters } = describeParameters(TEMPLATE, [
      'parameter_defaults: {flavor: m1.large}',
      'encrypted_param_names: [token]',
    ]);
    expect(parameters.find((p) => p.name === 'flavor')?.default).toBe('m1.large');
    expect(parameters.find((p) => p.name === 'token')).toMatchObject({ hidden: true, default: HIDDEN_VALUE });
  });

  it('lists the parameter groups (test_validate_parameter_groups)', () => {
    expect(describeParameters(TEMPLATE).groups).toEqual([
      { label: 'Server', description: 'where it runs', parameters: ['flavor', 'size'] },
    ]);
  });

  it('describes the parameters of a template that has other problems, and nothing for unreadable text', () => {
    const faulty = hot('parameters:\n  a: {type: string}\nresources:\n  r: {type: Nope}\n');
    expect(describeParameters(faulty).parameters.map((p) => p.name)).toEqual(['a']);
    expect(describeParameters(': : :')).toEqual({ parameters: [], groups: [] });
  });
});
