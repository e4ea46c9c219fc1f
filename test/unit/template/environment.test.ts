/**
 * Environments and files, as `openstack stack create -t T -e E` sends them
 * (heat/tests/test_environment.py, test_template_files.py; heat/engine/environment.py).
 */
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/template/index.ts';
import type { CompileOptions } from '../../../src/template/index.ts';
import { catalog } from './fixtures/catalog.ts';
import { hot } from './helpers.ts';

const template = hot(`
  parameters:
    size: {type: number, default: 1}
    name: {type: string}
  resources:
    server:
      type: My::Server
      properties:
        value: {get_param: name}
  outputs:
    size: {value: {get_param: size}}
`);

function compile(options: CompileOptions, parameters: Record<string, unknown> = {}, source = template) {
  return compileTemplate(source, parameters, catalog, options);
}

describe('environments', () => {
  // test_environment.py: parameters and parameter_defaults; later environments override earlier ones.
  it('merges several environments in order; explicit parameters win over them', () => {
    const result = compile({
      environment: [
        'parameters: {name: first, size: 2}\nresource_registry: {"My::Server": OS::Heat::TestResource}\n',
        '{"parameters": {"name": "second"}, "parameter_defaults": {"size": 5, "undeclared": 1}}',
      ],
    });
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(result.template.parameterValues).toMatchObject({ name: 'second', size: 2 });
    expect(result.template.resources[0]?.type).toBe('OS::Heat::TestResource');
    const explicit = compile(
      { environment: 'parameters: {name: env}\nresource_registry: {"My::*": OS::Heat::TestResource}\n' },
      { name: 'cli' },
    );
    if (!explicit.ok) expect.fail(JSON.stringify(explicit.problems));
    expect(explicit.template.parameterValues).toMatchObject({ name: 'cli', size: 1 });
  });

  it('applies parameter_defaults to declared parameters', () => {
    const result = compile({
      environment:
        'parameters: {name: n}\nparameter_defaults: {size: 7}\nresource_registry: {"My::Server": OS::Heat::None}\n',
    });
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(result.template.parameterValues).toMatchObject({ size: 7 });
  });

  // environment_format.py refuses unknown sections.
  it('refuses unknown sections with a coded problem', () => {
    const result = compile({ environment: 'parameters: {name: n}\nresource_regsitry: {}\n' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toContainEqual(
        expect.objectContaining({ code: 'ENVIRONMENT_INVALID', path: 'environment.0.resource_regsitry' }),
      );
  });

  it('follows per-resource registry entries before global ones, and null removes a mapping', () => {
    const result = compile({
      environment: [
        'parameters: {name: n}\nresource_registry:\n  "My::Server": OS::Heat::None\n',
        'resource_registry:\n  resources:\n    server:\n      "My::Server": OS::Heat::TestResource\n',
      ],
    });
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(result.template.resources[0]?.type).toBe('OS::Heat::TestResource');
    const removed = compile({
      environment: [
        'parameters: {name: n}\nresource_registry: {"My::Server": OS::Heat::None}\n',
        'resource_registry: {"My::Server": null}\n',
      ],
    });
    expect(removed.ok).toBe(false);
    if (!removed.ok) expect(removed.problems[0]?.code).toBe('UNKNOWN_RESOURCE_TYPE');
  });

  it('reads a type mapped to a template file as that template: its parameters are the properties', () => {
    const nested = 'heat_template_version: 2021-04-16\nparameters:\n  value: {type: string}\n';
    const result = compile({
      environment: 'parameters: {name: n}\nresource_registry: {"My::Server": server.yaml}\n',
      files: { 'server.yaml': nested },
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.template.resources[0]?.type).toBe('server.yaml');
    const unknown = compile({
      environment: 'parameters: {name: n}\nresource_registry: {"My::Server": server.yaml}\n',
      files: { 'server.yaml': 'heat_template_version: 2021-04-16\n' },
    });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok)
      expect(unknown.problems).toContainEqual(
        expect.objectContaining({ code: 'UNKNOWN_PROPERTY', path: 'resources.server.properties.value' }),
      );
  });

  it('refuses a template that includes itself and a nesting deeper than the limit', () => {
    const self = 'heat_template_version: 2021-04-16\nresources:\n  again: {type: My::Server}\n';
    const recursive = compile({
      environment: 'parameters: {name: n}\nresource_registry: {"My::Server": server.yaml}\n',
      files: { 'server.yaml': self },
    });
    expect(recursive.ok).toBe(false);
    if (!recursive.ok)
      expect(recursive.problems).toContainEqual(
        expect.objectContaining({ code: 'NESTED_STACK_RECURSION', path: 'resources.server.type' }),
      );
    const chain = 'heat_template_version: 2021-04-16\nresources:\n  next: {type: b.yaml}\n';
    const deep = compile({
      environment: 'parameters: {name: n}\nresource_registry: {"My::Server": a.yaml}\n',
      files: { 'a.yaml': chain, 'b.yaml': 'heat_template_version: 2021-04-16\n' },
      maxNestedDepth: 1,
    });
    expect(deep.ok).toBe(false);
    if (!deep.ok)
      expect(deep.problems).toContainEqual(expect.objectContaining({ code: 'NESTED_STACK_TOO_DEEP' }));
  });

  it('accepts event_sinks with a warning when used', () => {
    const result = compile({
      environment:
        'parameters: {name: n}\nresource_registry: {"My::Server": OS::Heat::None}\nevent_sinks: [{type: zaqar-queue, target: q}]\n',
    });
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'UNSUPPORTED_EVENT_SINKS' })]);
  });
});

describe('get_file', () => {
  const withFile = hot(`
    resources:
      r:
        type: OS::Heat::None
        properties:
          script: {get_file: scripts/boot.sh}
  `);

  // test_template_files.py / heatclient: the content of the file sent under that path.
  it('returns the content of a file sent with the template', () => {
    const result = compileTemplate(withFile, {}, catalog, { files: { 'scripts/boot.sh': '#!/bin/sh\n' } });
    if (!result.ok) expect.fail(JSON.stringify(result.problems));
    expect(result.template.resources[0]?.properties).toEqual({ script: '#!/bin/sh\n' });
  });

  it('names the missing file in a coded problem', () => {
    const result = compileTemplate(withFile, {}, catalog, { files: {} });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([
        expect.objectContaining({
          code: 'MISSING_FILE',
          message: expect.stringContaining('"scripts/boot.sh"'),
        }),
      ]);
  });

  it('is not available before 2014-10-16', () => {
    const result = compileTemplate(withFile.replace('2021-04-16', '2013-05-23'), {}, catalog, {
      files: { 'scripts/boot.sh': 'x' },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toContain('needs 2014-10-16');
  });
});
