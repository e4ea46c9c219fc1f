#!/usr/bin/env node
// Builds the CLI into dist/cli/main.js (one ES module; npm packages stay imports), run by the
// `prepare` script so `npx convergence` starts without compiling TypeScript each time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  // main.ts finds package.json relative to its own file; the bundle lives two folders deep too.
});
