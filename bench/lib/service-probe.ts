/**
 * Loaded into the service's main thread by bench/lib/service-with-probe.ts (run by
 * bench/isolation-memory.ts with an IPC channel): measures what may make a victim wait, per
 * one-second window, and answers the windows when the harness asks.
 *
 * - event-loop delay (`monitorEventLoopDelay`, 10 ms resolution): max and p99 per window;
 * - garbage collection (`PerformanceObserver` of `gc` entries): total and longest pause;
 * - Neo4j statements (`Database.prototype.run`, the store's only door for single statements):
 *   how many were in flight at most (beyond the pool's 50, a statement waits for a connection)
 *   and the longest one, by name;
 * - RSS and heap at the end of the window.
 *
 * A measurement aid only: nothing in src/ knows about it.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Database } from '../../src/store/database.ts';

/** One second of the probed service (exported for the benchmarks that read the windows). */
export interface ProbeWindow {
  t: number;
  loopMaxMs: number;
  loopP99Ms: number;
  gcMs: number;
  gcMaxMs: number;
  inFlightMax: number;
  slowest: string;
  slowestMs: number;
  rssMiB: number;
  heapMiB: number;
}

const windows: ProbeWindow[] = [];
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let gcMs = 0;
let gcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    gcMaxMs = Math.max(gcMaxMs, e.duration);
  }
}).observe({ entryTypes: ['gc'] });

let inFlight = 0;
let inFlightMax = 0;
let slowest = '';
let slowestMs = 0;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with its instance
const run = Database.prototype.run;
Database.prototype.run = async function (this: Database, ...args: Parameters<Database['run']>) {
  inFlight++;
  inFlightMax = Math.max(inFlightMax, inFlight);
  const started = performance.now();
  try {
    return await run.apply(this, args);
  } finally {
    inFlight--;
    const ms = performance.now() - started;
    if (ms > slowestMs) {
      slowestMs = ms;
      slowest = args[0];
    }
  }
};

setInterval(() => {
  const m = process.memoryUsage();
  windows.push({
    t: Date.now(),
    loopMaxMs: loop.max / 1e6,
    loopP99Ms: loop.percentile(99) / 1e6,
    gcMs,
    gcMaxMs,
    inFlightMax,
    slowest,
    slowestMs,
    rssMiB: m.rss / 2 ** 20,
    heapMiB: m.heapUsed / 2 ** 20,
  });
  if (windows.length > 600) windows.shift();
  loop.reset();
  gcMs = gcMaxMs = slowestMs = 0;
  slowest = '';
  inFlightMax = inFlight;
}, 1000).unref();

process.on('message', (message) => {
  if (message === 'probe') process.send?.({ probe: windows.splice(0) });
});
