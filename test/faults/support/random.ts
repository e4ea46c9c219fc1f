/**
 * Seeded randomness for the fault suite: every fault plan and kill schedule derives from a seed, so
 * a run that found something can be repeated with FAULT_SEED=<seed> (timings on a shared machine
 * still vary, so a repetition hits the same kinds of faults, not the same instants).
 */

/** Seeds to run: FAULT_SEED (comma-separated) when set, else the scenario's fixed defaults. */
export function faultSeeds(defaults: number[]): number[] {
  const raw = process.env.FAULT_SEED;
  if (!raw) return defaults;
  const seeds = raw
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n));
  return seeds.length > 0 ? seeds : defaults;
}

/** mulberry32: small, fast, good enough for scheduling faults. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/**
 * A deterministic number in [0, 1) for (seed, parts): faults that depend on a resource key and a
 * call number, not on the order in which calls happen to arrive.
 */
export function hashUnit(seed: number, ...parts: Array<string | number>): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32).
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** FAULT_SCALE multiplies stack sizes (e.g. 0.1 for a quick try); 1 by default. */
export function scaled(size: number): number {
  const scale = Number(process.env.FAULT_SCALE ?? '1');
  return Math.max(10, Math.round(size * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
