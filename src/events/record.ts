import { z } from 'zod';

/**
 * The one definition of an event. The engine writes events in two places (the claim statement
 * starts plain creates and writes their CREATE_IN_PROGRESS events itself; the commit path writes
 * everything else), Redis carries them between processes, and subscriptions read them back from
 * Neo4j: all of these produce or check this record (`test/integration/event-contract.test.ts`
 * proves the two writers decode to the same shape).
 */
export const eventRecordSchema = z.object({
  stackId: z.string(),
  /** Per-stack sequence number, allocated under the stack lock: no gaps, no duplicates. */
  seq: z.number().int(),
  /** Epoch milliseconds. */
  at: z.number(),
  type: z.enum(['RESOURCE', 'STACK']),
  status: z.string(),
  reason: z.string().nullable(),
  resourceId: z.string().nullable(),
  resourceName: z.string().nullable(),
  observedReady: z.boolean().nullable(),
  physicalResourceId: z.string().nullable(),
  version: z.number().int(),
  /** The traversal (operation) the event belongs to. */
  traversal: z.string().nullable(),
});

/** An event as written to Neo4j and published to subscribers. */
export type EventRecord = z.infer<typeof eventRecordSchema>;

/** What a resource action reports; the settlement adds the stack, sequence, time and traversal. */
export type ResourceEvent = Omit<EventRecord, 'seq' | 'stackId' | 'type' | 'traversal' | 'at'>;

export const readinessSchema = z.object({
  stackId: z.string(),
  /** Resources of the current version observed ready. */
  observedCount: z.number(),
  total: z.number(),
  /** Names that became ready in this commit. */
  justReady: z.array(z.string()),
  status: z.string(),
  /**
   * The stack's event sequence number when this was true: readiness of one stack is ordered by it
   * (an update with a lower number is older). Messages of older processes lack it: 0.
   */
  eventSeq: z.number().int().default(0),
});

/** Progress of a stack towards its target: published after each commit that changes it. */
export type Readiness = z.infer<typeof readinessSchema>;

/** A stack-level event (status changes of the stack itself). */
export function stackEvent(
  stack: { id: string; traversal: string | null; version: number },
  seq: number,
  status: string,
  reason: string | null,
  at: number,
): EventRecord {
  return {
    stackId: stack.id,
    seq,
    at,
    type: 'STACK',
    status,
    reason,
    resourceId: null,
    resourceName: null,
    observedReady: null,
    physicalResourceId: null,
    version: stack.version,
    traversal: stack.traversal,
  };
}
