import type { Client } from 'graphql-ws';
import { wsClient } from '../../support/graphql.ts';
import type { FaultStackEventsSubscription } from '../../support/gql/graphql.ts';
import type { ScenarioFigures } from './figures.ts';
import { EVENT_SUBSCRIPTION, subscriberViolations, type EventRow } from './invariants.ts';

/** A stackEvents subscriber on a service process, kept until the stack's delete completes. */
export interface Subscriber {
  label: string;
  received: EventRow[];
  /** Resolves with null when the delete's final event arrived, else with what ended the subscription. */
  finished: Promise<string | null>;
  client: Client;
}

/** Subscribes from `after: 0` to the API at `url` until the delete completes. */
export function subscribe(url: string, label: string, name: string): Subscriber {
  const client = wsClient(url.replace(/^http/, 'ws'));
  const received: EventRow[] = [];
  const finished = new Promise<string | null>((resolve) => {
    const dispose = client.subscribe<FaultStackEventsSubscription>(
      { query: String(EVENT_SUBSCRIPTION), variables: { name } },
      {
        next: (msg) => {
          if (msg.errors) {
            dispose();
            resolve(`errors: ${JSON.stringify(msg.errors)}`);
            return;
          }
          const e = msg.data!.stackEvents;
          received.push(e);
          if (e.type === 'STACK' && e.status === 'DELETE_COMPLETE') {
            dispose();
            resolve(null);
          }
        },
        error: (error) =>
          resolve(`subscription error: ${error instanceof Error ? error.message : JSON.stringify(error)}`),
        complete: () => resolve('the subscription completed before the delete did'),
      },
    );
  });
  return { label, received, finished, client };
}

/**
 * What the subscribers got, checked against the stored events once the stack's delete is stored.
 * The delete's final event is in `stored`, so every live subscription must deliver it: each is
 * awaited without a clock of our own (the test's timeout bounds a subscription that never does).
 */
export async function subscribersViolations(
  subscribers: readonly Subscriber[],
  stored: EventRow[],
  figures: ScenarioFigures,
): Promise<string[]> {
  const violations: string[] = [];
  for (const s of subscribers) {
    const outcome = await s.finished;
    if (outcome !== null) {
      const last = s.received.at(-1);
      violations.push(
        `subscriber ${s.label}: ${outcome} (received ${s.received.length} of ${stored.length}; last ${last?.sequence} ${last?.type} ${last?.status})`,
      );
    }
    figures.subscriberEventsChecked += s.received.length;
    violations.push(...subscriberViolations(s.received, stored).map((v) => `${s.label}: ${v}`));
  }
  return violations;
}
