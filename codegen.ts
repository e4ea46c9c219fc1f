import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Resolver types generated from schema/*.graphql, so the SDL and the resolvers cannot drift:
 * `npm run codegen` writes src/api/generated/graphql.ts; `npm test` fails when it is stale.
 * Mappers tie each GraphQL type to the read model its resolvers receive.
 */
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/api/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: '../context.ts#ApiContext',
        mappers: {
          Stack: '../../store/reads.ts#StackRecord',
          StackVersion: '../../store/reads.ts#VersionRecord',
          Resource: '../../store/reads.ts#ResourceRecord',
          Event: '../../store/reads.ts#StoredEvent',
        },
        scalars: { JSON: 'unknown', DateTime: 'number' },
        enumsAsTypes: true,
        useIndexSignature: false,
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
      },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
