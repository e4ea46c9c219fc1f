import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { isScalarType, Kind, parse, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers.ts';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

/** The SDL in `schema/*.graphql`: the public contract. */
export function loadTypeDefs(dir = SCHEMA_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

export function buildSchema(): GraphQLSchema {
  const typeDefs = loadTypeDefs();
  const schema = makeExecutableSchema({ typeDefs, resolvers });
  // A scalar implemented in resolvers.ts replaces the SDL's, description included: put the SDL's
  // description back so introspection (and the IDE at /graphql) shows it.
  for (const def of typeDefs.flatMap((sdl) => parse(sdl).definitions)) {
    if (def.kind !== Kind.SCALAR_TYPE_DEFINITION || !def.description) continue;
    const type = schema.getType(def.name.value);
    if (isScalarType(type) && !type.description) type.description = def.description.value;
  }
  return schema;
}
