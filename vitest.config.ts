import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql ships CommonJS (main) and ESM (module) builds without an exports map: Node loads the
// CommonJS one for dependencies like Apollo, Vite would pick the ESM one for our sources, and two
// copies of graphql in one process refuse each other's schemas. Resolve ours the way Node does.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

/**
 * Two projects: `unit` (pure code, no I/O, no Neo4j) and `integration` (real Neo4j over Bolt, real
 * HTTP and WebSocket servers). The integration project's global setup starts a throwaway Neo4j
 * instance of its own (never the dev server's), unless TEST_NEO4J_URI points at one.
 */
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
    ],
  },
});
