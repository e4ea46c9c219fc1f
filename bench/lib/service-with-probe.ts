/**
 * The service (`src/main.ts`, API and workers) with bench/lib/service-probe.ts loaded first in
 * the main thread only (an `--import` would reach the compile threads too). Needs an IPC channel.
 */
import './service-probe.ts';
import { run } from '../../src/main.ts';

await run({ api: true, workers: true });
