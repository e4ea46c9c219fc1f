// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The architecture's dependency directions (each folder's README says the same in words): a
 * folder may not import what is listed for it. `neo4j-driver` is for src/store alone.
 */
const NODE_IO = [
  'node:fs',
  'node:fs/*',
  'node:net',
  'node:http',
  'node:https',
  'node:child_process',
  'node:worker_threads',
  'node:timers/*',
  'node:os',
];
const layers = {
  // Pure core: no I/O, no clock, no database, no transport.
  'src/convergence/**': [
    ...NODE_IO,
    'neo4j-driver',
    'ioredis',
    '**/store/**',
    '**/engine/**',
    '**/api/**',
    '**/cli/**',
    '**/events/bus.ts',
    '**/events/redis-bus.ts',
    '**/resources/registry.ts',
    '**/resources/builtin/**',
    '**/template/**',
  ],
  'src/graph/**': [
    ...NODE_IO,
    'neo4j-driver',
    '**/store/**',
    '**/engine/**',
    '**/api/**',
    '**/cli/**',
    '**/events/**',
    '**/convergence/**',
  ],
  // node:net's isIP is a pure function the custom constraints use.
  'src/template/**': [
    ...NODE_IO.filter((m) => m !== 'node:net'),
    'neo4j-driver',
    '**/store/**',
    '**/engine/**',
    '**/api/**',
    '**/cli/**',
    '**/events/**',
    '**/convergence/**',
  ],
  'src/events/**': ['neo4j-driver', '**/store/**', '**/engine/**', '**/api/**', '**/cli/**'],
  'src/store/**': ['**/engine/**', '**/api/**', '**/cli/**', '**/events/bus.ts', '**/events/redis-bus.ts'],
  'src/resources/**': [
    'neo4j-driver',
    '**/store/**',
    '**/engine/**',
    '**/api/**',
    '**/cli/**',
    '**/convergence/**',
  ],
  'src/engine/**': ['neo4j-driver', '**/api/**', '**/cli/**'],
  'src/api/**': [
    'neo4j-driver',
    '**/cli/**',
    '**/engine/worker.ts',
    '**/engine/claim-loop.ts',
    '**/engine/action-runner.ts',
    '**/engine/committer.ts',
    '**/store/claims.ts',
    '**/store/commits.ts',
  ],
  'src/cli/**': [
    'neo4j-driver',
    '**/store/**',
    '**/engine/**',
    '**/convergence/**',
    '**/events/**',
    '**/template/**',
    '**/resources/**',
  ],
  'src/*.ts': ['neo4j-driver'],
};
const layerRules = Object.entries(layers).map(([files, forbidden]) => ({
  files: [files],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: forbidden,
            message:
              'This import breaks the dependency directions (see eslint.config.js and the folder README).',
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.neo4j/',
      'coverage/',
      'dist/',
      'tmp/',
      'src/api/generated/',
      'src/cli/gql/',
      'test/support/gql/',
      'web/operations.generated.d.ts',
      'web/vendor/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.mjs', 'examples/*.mjs', 'src/engine/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  ...layerRules,
  {
    files: ['test/**', 'bench/**', 'scripts/**', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read JSON answers of the API dynamically; their assertions are the type check.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['web/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, program: null },
      globals: { ...globals.browser },
    },
  },
);
