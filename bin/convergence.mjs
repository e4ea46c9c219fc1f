#!/usr/bin/env node
// The `convergence` command: registers tsx so the TypeScript sources run as they are, then hands
// over to src/cli/main.ts (see src/cli/README.md).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv.slice(2));
