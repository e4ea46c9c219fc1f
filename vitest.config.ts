import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure code, no I/O, no Neo4j) and `integration` (real Neo4j over Bolt, real
 * HTTP and WebSocket servers). The integration project's global setup starts a throwaway Neo4j
 * instance of its own (never the dev server's), unless TEST_NEO4J_URI points at one.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
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
