import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/template/index.ts';
import { ALL_TYPES, catalog, makeCatalog } from './fixtures/catalog.ts';
import { compileOk, compileProblems, hot, propertiesOf } from './helpers.ts';

/** Problems of a template with one resource `s` of `type` and the given properties block. */
function problemsFor(type: string, properties: string): { code: string; path: string; message: string }[] {
  const source = hot(`
    resources:
      other:
        type: OS::Heat::TestResource
      s:
        type: ${type}
        properties:
${properties.replace(/^\n/, '').replace(/^/gm, '          ')}
  `);
  const result = compileTemplate(source, {}, catalog);
  return result.ok ? [] : result.problems.map(({ code, path, message }) => ({ code, path, message }));
}

describe('property validation', () => {
  it('accepts valid properties and keeps them as written (no defaults added)', () => {
    const properties = propertiesOf('image: fedora-40\ncount: "3"\nenabled: yes\ntags: [a, b]', {
      type: 'Test::Server',
    });
    // `yes` is a YAML 1.1 boolean, as PyYAML (so Heat) reads it.
    expect(properties).toEqual({ image: 'fedora-40', count: '3', enabled: true, tags: ['a', 'b'] });
  });

  it('reports unknown properties at their name', () => {
    const problems = compileProblems(
      hot(`
        resources:
          s:
            type: OS::Heat::TestResource
            properties:
              value: x
              colour: red
      `),
    );
    expect(problems).toEqual([
      {
        code: 'UNKNOWN_PROPERTY',
        message: expect.stringMatching(/^unknown property "colour" \(known: value, update_replace/) as string,
        path: 'resources.s.properties.colour',
        line: 7,
        column: 7,
      },
    ]);
  });

  it('accepts any property for types that say so', () => {
    expect(propertiesOf('anything: [1, 2]\nelse: {x: y}')).toEqual({ anything: [1, 2], else: { x: 'y' } });
  });

  it('reports missing required properties at the properties map, or the resource when there is none', () => {
    const problems = compileProblems(
      hot(`
        resources:
          a:
            type: Test::Server
            properties:
              flavor: small
          b:
            type: Test::Server
          c:
            type: Test::Server
            properties:
              image: null
      `),
    );
    expect(problems.map(({ code, path, line, column }) => ({ code, path, line, column }))).toEqual([
      { code: 'MISSING_PROPERTY', path: 'resources.a.properties', line: 5, column: 5 },
      { code: 'MISSING_PROPERTY', path: 'resources.b', line: 7, column: 3 },
      { code: 'MISSING_PROPERTY', path: 'resources.c.properties', line: 11, column: 5 },
    ]);
    expect(problems[0]?.message).toBe('property "image" is required');
  });

  it('a default satisfies a required property', () => {
    expect(compileOk(hot('resources:\n  a:\n    type: OS::Heat::RandomString\n')).resources).toHaveLength(1);
  });

  it.each([
    ['string', 'image: [a]', 'expected a string, got list'],
    ['integer', 'count: 1.5', 'expected an integer, got 1.5'],
    ['integer', 'count: lots', 'expected an integer, got "lots"'],
    ['boolean', 'enabled: maybe', 'expected a boolean, got "maybe"'],
    ['list', 'tags: a,b', 'expected a list, got "a,b"'],
    ['map (list item)', 'networks: [net1]', 'expected a map, got "net1"'],
  ])('reports a %s of the wrong type', (_kind, properties, message) => {
    const problems = problemsFor('Test::Server', `image: ok\n${properties}`).filter(
      (problem) => problem.code === 'PROPERTY_INVALID',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(message);
  });

  it('checks numbers for number properties, accepting numeric text', () => {
    expect(problemsFor('OS::Heat::TestResource', 'wait_secs: "2.5"\nvalue: 3')).toEqual([]);
    expect(problemsFor('OS::Heat::TestResource', 'wait_secs: soon')).toEqual([
      {
        code: 'PROPERTY_INVALID',
        path: 'resources.s.properties.wait_secs',
        message: '"wait_secs": expected a number, got "soon"',
      },
    ]);
  });

  it('checks constraints: allowed values, range, length and pattern', () => {
    const problems = problemsFor(
      'Test::Server',
      'image: Fedora\nflavor: huge\ncount: 11\ntags: [ok, toolong]',
    );
    expect(problems.map(({ path, message }) => `${path}: ${message}`)).toEqual([
      'resources.s.properties.image: "image": "Fedora" does not match the pattern [a-z][a-z0-9-]*',
      'resources.s.properties.flavor: "flavor": "huge" is not one of the allowed values ["small","large"]',
      'resources.s.properties.count: "count": 11 is out of range 1..10',
      'resources.s.properties.tags.1: "1": length 7 is out of range -∞..5',
    ]);
  });

  it('checks nested map schemas inside lists', () => {
    const problems = problemsFor(
      'Test::Server',
      'image: ok\nnetworks:\n  - network: private\n  - fixed_ip: 10.0.0.1\n  - network: public\n    port: 80',
    );
    expect(problems.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'MISSING_PROPERTY resources.s.properties.networks.1',
      'UNKNOWN_PROPERTY resources.s.properties.networks.2.port',
    ]);
  });

  it('checks nested map schemas', () => {
    const problems = problemsFor(
      'OS::Heat::TestResource',
      'action_wait_secs: {create: 1, update: slow, remove: 2}',
    );
    expect(problems.map(({ code, path }) => `${code} ${path}`)).toEqual([
      'PROPERTY_INVALID resources.s.properties.action_wait_secs.update',
      'UNKNOWN_PROPERTY resources.s.properties.action_wait_secs.remove',
    ]);
  });

  it('checks values that come from parameters', () => {
    const problems = compileProblems(
      hot(`
        parameters:
          n: {type: number, default: 600}
        resources:
          s:
            type: OS::Heat::RandomString
            properties:
              length: {get_param: n}
      `),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'PROPERTY_INVALID',
        path: 'resources.s.properties.length',
        line: 8,
        column: 15,
      }),
    ]);
  });

  it('skips values that depend on other resources, but checks the rest', () => {
    const problems = problemsFor(
      'Test::Server',
      'image: {get_attr: [other, output]}\ncount: {get_attr: [other, output]}\ntags: [{get_resource: other}, 12345678]',
    );
    expect(problems).toEqual([
      {
        code: 'PROPERTY_INVALID',
        path: 'resources.s.properties.tags.1',
        message: '"1": length 8 is out of range -∞..5',
      },
    ]);
  });

  it("runs the type's own validation when every property is known", () => {
    const problems = problemsFor(
      'OS::Heat::RandomString',
      'length: 2\ncharacter_classes: [{class: digits, min: 2}, {min: 1}]',
    );
    expect(problems).toEqual([
      {
        code: 'PROPERTY_INVALID',
        path: 'resources.s.properties',
        message: 'length (2) is less than the sum of the minimums (3)',
      },
    ]);
  });

  it("gives the type's validation the schema defaults", () => {
    // 40 > the default length of 32.
    const problems = problemsFor('OS::Heat::RandomString', 'character_sequences: [{sequence: ab, min: 40}]');
    expect(problems.map((problem) => problem.message)).toEqual([
      'length (32) is less than the sum of the minimums (40)',
    ]);
  });

  it("does not run the type's validation on unknown or invalid values", () => {
    expect(
      problemsFor(
        'OS::Heat::RandomString',
        'length: {get_attr: [other, output]}\ncharacter_classes: [{min: 99}]',
      ),
    ).toEqual([]);
    expect(
      problemsFor('OS::Heat::RandomString', 'length: 0\ncharacter_classes: [{min: 99}]').map(
        (p) => p.message,
      ),
    ).toEqual(['"length": 0 is out of range 1..512']);
  });

  it('reports a validation that throws as a problem', () => {
    const fragile = {
      name: 'Test::Fragile',
      description: 'Its validation throws.',
      properties: { x: { type: 'any' as const } },
      attributes: {},
      validate(): string[] {
        throw new Error('cannot validate x');
      },
    };
    const source = hot('resources:\n  f:\n    type: Test::Fragile\n    properties: {x: 1}\n');
    const result = compileTemplate(source, {}, makeCatalog([...ALL_TYPES, fragile]));
    expect(result.ok ? [] : result.problems).toEqual([
      expect.objectContaining({
        code: 'PROPERTY_INVALID',
        path: 'resources.f.properties',
        message: 'cannot validate x',
      }),
    ]);
  });
});
