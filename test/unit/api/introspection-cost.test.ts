import {
  getIntrospectionQuery,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from '../../../src/api/limits.ts';
import { buildSchema } from '../../../src/api/schema.ts';
import { loadConfig } from '../../../src/config.ts';

function cost(query: string): number {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return measureOperation(buildSchema(), op, fragments, {}).cost;
}

function depth(query: string): number {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return measureOperation(buildSchema(), op, fragments, {}).depth;
}

describe('the cost of introspection', () => {
  const full = getIntrospectionQuery({
    descriptions: true,
    inputValueDeprecation: true,
    schemaDescription: true,
    directiveIsRepeatable: true,
    specifiedByUrl: true,
  });

  it("lets an IDE load the whole schema (GraphiQL's query) under the default limits", () => {
    const config = loadConfig({});
    expect(cost(full)).toBeLessThan(config.MAX_QUERY_COMPLEXITY);
    expect(depth(full)).toBeLessThanOrEqual(config.MAX_QUERY_DEPTH);
  });

  it('still adds up over aliases', () => {
    const one = cost('{ __schema { types { name fields { name } } } }');
    const many = cost(
      `{ ${Array.from({ length: 50 }, (_, i) => `i${i}: __schema { types { name fields { name } } }`).join(' ')} }`,
    );
    expect(many).toBeGreaterThanOrEqual(50 * one);
    expect(
      cost(
        `{ ${Array.from({ length: 300 }, (_, i) => `i${i}: __schema { types { name } }`).join(' ')} } ${''}`,
      ),
    ).toBeGreaterThan(300);
  });
});
