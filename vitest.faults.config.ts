import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:faults`: the fault-injection suite (killed workers, Neo4j and Redis restarts,
 * failing and hanging actions), slower than `npm test`; CI runs both.
 */
export default mergeConfig(
  { resolve: base.resolve },
  defineConfig({
    test: {
      include: ['test/faults/**/*.test.ts'],
      globalSetup: ['test/support/global-setup.ts'],
      testTimeout: 900_000,
      hookTimeout: 300_000,
      pool: 'forks',
      maxWorkers: 1,
      fileParallelism: false,
    },
  }),
);
