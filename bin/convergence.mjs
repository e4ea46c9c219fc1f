#!/usr/bin/env node
// The `convergence` command. Runs the JavaScript built by `npm run build:cli` (the `prepare`
// script) when it is newer than every source file of src/cli; otherwise (a fresh clone before
// `npm install`, or sources edited since) registers tsx and runs the TypeScript sources as they are.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const built = join(root, 'dist/cli/main.js');

/** @param {string} dir @returns {number} */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtIsCurrent() {
  try {
    return statSync(built).mtimeMs >= newestSource(join(root, 'src/cli'));
  } catch {
    return false;
  }
}

let runCli;
if (process.env.CONVERGENCE_CLI_SOURCE !== '1' && builtIsCurrent()) {
  ({ runCli } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/main.ts'));
}
await runCli(process.argv.slice(2));
