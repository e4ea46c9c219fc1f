import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation, realListSize, sizeQuestions } from '../../../src/api/limits.ts';
import { buildSchema } from '../../../src/api/schema.ts';
import type { ListSizes } from '../../../src/store/reads.ts';

const schema = buildSchema();

function operation(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return { op, fragments };
}

function questions(query: string, variables: Record<string, unknown> = {}) {
  const { op, fragments } = operation(query);
  return sizeQuestions(schema, op, fragments, variables);
}

function cost(query: string, sizes?: ListSizes, variables: Record<string, unknown> = {}) {
  const { op, fragments } = operation(query);
  return measureOperation(schema, op, fragments, variables, undefined, sizes && realListSize(sizes)).cost;
}

const sizes: ListSizes = {
  named: new Map([
    ['big', { resources: 2000, versionResources: 2500, versions: 3 }],
    ['small', { resources: 4, versionResources: 4, versions: 1 }],
  ]),
  most: { resources: 2000, versionResources: 2500, versions: 7 },
  nestedStacks: 12,
  nestedResources: 600,
};

describe('sizes read before a query runs', () => {
  it('asks nothing for a query without an unpaginated list that grows with the data', () => {
    expect(questions('{ stacks { name status } }')).toBeNull();
    expect(
      questions('{ stack(name: "big") { resourcesConnection(first: 10) { edges { node { name } } } } }'),
    ).toBeNull();
    expect(questions('subscription { stackEvents(name: "big", after: 0) { sequence } }')).toBeNull();
  });

  it('asks for the stacks a query names, through literals, variables, aliases and fragments', () => {
    expect(
      questions(
        'query($n: String!) { a: stack(name: "big") { resources { name } } b: stack(name: $n) { ...F } } fragment F on Stack { versions { number } }',
        { n: 'small' },
      ),
    ).toEqual({ names: ['big', 'small'], wholeTenant: false, versionResources: false });
    expect(questions('{ stack(name: "big") { atVersion(number: 1) { resources { name } } } }')).toEqual({
      names: ['big'],
      wholeTenant: false,
      versionResources: true,
    });
  });

  it('asks for the whole tenant when a stack is reached through a list, a payload or nesting', () => {
    expect(questions('{ stacks { resources { name } } }')).toEqual({
      names: [],
      wholeTenant: true,
      versionResources: false,
    });
    expect(
      questions('mutation { deleteStack(input: {name: "x"}) { stack { resources { name } } } }'),
    ).toMatchObject({ wholeTenant: true });
    expect(questions('{ stack(name: "big") { resources(nested: true) { name } } }')).toEqual({
      names: ['big'],
      wholeTenant: true,
      versionResources: false,
    });
    expect(questions('{ stack(name: "big") { nested { name } } }')).toMatchObject({ wholeTenant: true });
  });

  it('counts each list at its real length: 400 aliases of a 2,000-resource list cost 400 × 2,000 × the selection', () => {
    const aliases = Array.from(
      { length: 400 },
      (_, i) => `a${i}: stack(name: "big") { resources { name properties } }`,
    ).join(' ');
    // Without sizes: a default page of 100 per alias.
    expect(cost(`{ ${aliases} }`)).toBe(400 * (1 + 1 + 100 * 2));
    expect(cost(`{ ${aliases} }`, sizes)).toBe(400 * (1 + 1 + 2000 * 2));
    expect(cost('{ stack(name: "small") { resources { name properties } } }', sizes)).toBe(1 + 1 + 4 * 2);
    // A stack that does not exist answers null: its lists cost nothing.
    expect(cost('{ stack(name: "none") { resources { name } } }', sizes)).toBe(2);
  });

  it('prices versions, a version’s resources, nested resources and lists of stacks from the right sizes', () => {
    expect(cost('{ stack(name: "big") { versions { number } } }', sizes)).toBe(1 + 1 + 3);
    expect(cost('{ stack(name: "big") { versions { resources { name } } } }', sizes)).toBe(
      1 + 1 + 3 * (1 + 2500),
    );
    expect(cost('{ stack(name: "big") { atVersion(number: 1) { resources { name } } } }', sizes)).toBe(
      1 + 1 + (1 + 2500),
    );
    expect(cost('{ stack(name: "small") { resources(nested: true) { name } } }', sizes)).toBe(
      1 + 1 + (4 + 600),
    );
    // Each stack of a page is any of the tenant's: the largest.
    expect(cost('{ stacks(first: 3) { resources { name } } }', sizes)).toBe(1 + 3 * (1 + 2000));
    expect(cost('{ stack(name: "small") { nested(depth: 2) { resources { name } } } }', sizes)).toBe(
      1 + 1 + 12 * (1 + 2000),
    );
  });
});
