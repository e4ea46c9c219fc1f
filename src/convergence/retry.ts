/**
 * The one backoff rule of the service: exponential growth from `baseMs`, capped at `maxMs`, with
 * optional jitter. Used for resource retries (jittered, so that many resources failing together do
 * not retry together), for the engine's own retries while Neo4j is away, and for observation polls.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Jitter spreads delays between half and all of the exponential ceiling. */
  jitter?: boolean;
}

/** The delay before attempt number `attempt + 1` (attempt counts from 0). Pure: `random` is a parameter. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  if (!policy.jitter) return ceiling;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * A running backoff for loops that retry until something works: `next()` gives the delay to wait
 * now and grows it; `reset()` after a success.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    return backoffDelay(this.attempt++, this.policy, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** What happens after a failed attempt: another one after `delayMs`, or none (the item fails). */
export type RetryDecision = { retry: true; delayMs: number; attempt: number } | { retry: false };

/**
 * Resource retries: permanent errors never retry; others retry up to `limit` times with jittered
 * backoff. `attempt` is how many attempts failed before this one.
 */
export function decideRetry(
  attempt: number,
  permanent: boolean,
  limit: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (permanent || attempt >= limit) return { retry: false };
  return {
    retry: true,
    delayMs: backoffDelay(attempt, { ...policy, jitter: true }, random),
    attempt: attempt + 1,
  };
}
