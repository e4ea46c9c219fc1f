/**
 * Typed records decoded from Neo4j nodes, once, at the edge of the store. Nested values live on
 * nodes as JSON strings; integers come back as JS numbers (the driver is set up that way).
 */
import neo4j from 'neo4j-driver';
import { z } from 'zod';
import type { StackState } from '../convergence/stack-state.ts';

/** JSON-encoded maps are how nested values live on Neo4j nodes. */
export function parseJson<T = Record<string, unknown>>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** Counters are stored as integers (the driver would send JS numbers as floats). */
export function withIntegers(set: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(set))
    out[k] = typeof v === 'number' && Number.isInteger(v) ? neo4j.int(v) : v;
  return out;
}

export function int(value: number): ReturnType<typeof neo4j.int> {
  return neo4j.int(value);
}

const count = z
  .number()
  .nullish()
  .transform((v) => v ?? 0);

/** The convergence fields of a (:Stack) node. */
export const stackStateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    action: z.enum(['CREATE', 'UPDATE', 'ROLLBACK', 'DELETE']).nullish(),
    traversal: z.string().nullish(),
    version: count,
    pending: count,
    convergePending: count,
    running: count,
    readyCount: count,
    observedCount: count,
    failure: z.string().nullish(),
    eventSeq: count,
    disableRollback: z.boolean().nullish(),
    concurrency: z.number().nullish(),
    versionless: z.boolean().nullish(),
    rollbackCause: z.string().nullish(),
    cancelled: z.boolean().nullish(),
  })
  .transform((s): StackState => ({
    id: s.id,
    name: s.name,
    status: s.status,
    action: s.action ?? 'CREATE',
    traversal: s.traversal ?? null,
    version: s.version,
    pending: s.pending,
    convergePending: s.convergePending,
    running: s.running,
    readyCount: s.readyCount,
    observedCount: s.observedCount,
    failure: s.failure ?? null,
    eventSeq: s.eventSeq,
    disableRollback: s.disableRollback === true,
    concurrency: s.concurrency ?? null,
    versionless: s.versionless === true,
    rollbackCause: s.rollbackCause ?? null,
    cancelled: s.cancelled === true,
  }));

export function decodeStackState(raw: unknown): StackState {
  return stackStateSchema.parse(raw);
}

/** A stored version's environments (as sent, in order); `version` is the node's fields. */
export function storedEnvironment(version: { environment?: unknown } | null | undefined): string[] {
  return parseJson<string[]>(version?.environment, []);
}

/** A stored version's files (path → content). */
export function storedFiles(version: { files?: unknown } | null | undefined): Record<string, string> {
  return parseJson<Record<string, string>>(version?.files, {});
}
