import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** `npm run test:load`: the bounded load and soak test (several minutes); CI runs it too. */
export default mergeConfig(
  { resolve: base.resolve },
  defineConfig({
    test: {
      include: ['test/load/**/*.test.ts'],
      globalSetup: ['test/support/global-setup.ts'],
      testTimeout: 1_200_000,
      hookTimeout: 300_000,
      pool: 'forks',
      maxWorkers: 1,
    },
  }),
);
