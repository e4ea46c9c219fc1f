/**
 * CPU spent by the worker's fair action slots (`src/engine/fair-slots.ts`) when a quick claim of a
 * full batch waits for slots and drains: what one worker does per claim of `OS::Heat::None` items.
 * Measured as CPU time of this process, so a busy machine changes it less than wall time.
 * Compare with an older implementation: `OLD_SLOTS=/path/to/fair-slots.ts` (e.g. extracted with
 * `git show cf2bfc3:src/engine/fair-slots.ts > /tmp/fair-slots-old.ts`; the path must end in .ts).
 *
 *   npm run bench -- fair-slots [batches=20] [batch=500] [slots=16]
 */
import { FairSlots } from '../src/engine/fair-slots.ts';
import { machine } from './support.ts';

type Slots = Pick<FairSlots, 'acquire' | 'release'>;
type SlotsClass = new (capacity: number, perTenant: number) => Slots;

const batches = Number(process.argv[2] ?? 20);
const batch = Number(process.argv[3] ?? 500);
const capacity = Number(process.argv[4] ?? 16);

async function cpuMs(Implementation: SlotsClass): Promise<number> {
  const start = process.cpuUsage();
  for (let b = 0; b < batches; b++) {
    const slots = new Implementation(capacity, capacity);
    const owner = { tenant: 'default', stack: 'a1b2c3d4-0000-4000-8000-000000000000' };
    const granted: Promise<void>[] = [];
    for (let i = 0; i < batch; i++) granted.push(slots.acquire(owner));
    for (let i = 0; i < batch; i++) slots.release(owner);
    await Promise.all(granted);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const implementations: [string, SlotsClass][] = [['current', FairSlots]];
if (process.env.OLD_SLOTS) {
  const old = (await import(process.env.OLD_SLOTS)) as { FairSlots: SlotsClass };
  implementations.push(['old', old.FairSlots]);
}
const result: Record<string, unknown> = { benchmark: 'fair-slots', batches, batch, slots: capacity };
for (const [label, Implementation] of implementations) {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await cpuMs(Implementation));
  result[`${label}CpuMs`] = Math.round(median(runs) * 10) / 10;
}
console.log(JSON.stringify({ ...result, machine: machine(), date: new Date().toISOString() }, null, 2));
