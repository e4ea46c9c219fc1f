import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types generated from schema/*.graphql, so the SDL, the resolvers and the CLI cannot drift:
 * `npm run codegen` writes src/api/generated/graphql.ts (resolvers) and src/cli/gql/ (the CLI's
 * typed operations); `npm test` fails when either is stale.
 * Mappers tie each GraphQL type to the read model its resolvers receive.
 */
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/api/generated/graphql.ts': {
      hooks: { afterOneFileWrite: ['prettier --write'] },
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
    // The CLI's operations, typed from the same SDL (graphql-codegen's client preset): every
    // `graphql(\`...\`)` document in src/cli gets its result and variable types, so the event and
    // stack shapes are never written by hand. Strings, not ASTs: the CLI needs no graphql runtime.
    'src/cli/gql/': {
      documents: ['src/cli/**/*.ts', '!src/cli/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { JSON: 'unknown', DateTime: 'string' },
        maybeValue: 'T | null',
        avoidOptionals: { field: true },
      },
    },
    // The same for the test suites' own clients (test/support, the fault and load suites): the
    // shapes they read back (stacks, resources, events) are generated, not typed by hand.
    'test/support/gql/': {
      documents: ['test/support/**/*.ts', 'test/faults/**/*.ts', 'test/load/**/*.ts', '!test/support/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { JSON: 'unknown', DateTime: 'string' },
        maybeValue: 'T | null',
        avoidOptionals: { field: true },
      },
    },
    // The web page's operations (plain JS, no build step): checked against the schema here and
    // their result types generated for the page's JSDoc.
    'web/operations.generated.d.ts': {
      documents: ['web/operations.js'],
      plugins: ['typescript', 'typescript-operations'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { JSON: 'unknown', DateTime: 'string' },
        maybeValue: 'T | null',
        avoidOptionals: { field: true },
        onlyOperationTypes: true,
      },
    },
  },
  // `.js` in the client preset's imports (resolved to the .ts files by tsc, tsx and esbuild):
  // without an extension, tsc's NodeNext resolution cannot follow them and the types are lost.
  emitLegacyCommonJSImports: false,
};

export default config;
