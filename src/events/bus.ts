import { EventEmitter } from 'node:events';
import type { EventRecord, Readiness } from './record.ts';

/** Where the engine announces committed changes (never before commit). */
export interface EventPublisher {
  publish(events: readonly EventRecord[]): void;
  publishReadiness(readiness: Readiness): void;
}

export interface EventSubscriber {
  /**
   * @param position optional: where the listener stands (its last sequence number), so that a
   *   subscriber that also reads the store (`TailingSubscriber`) can catch it up from there.
   */
  onEvent(
    stackId: string,
    listener: (event: EventRecord) => void,
    position?: () => number | null,
  ): () => void;
  onReadiness(stackId: string, listener: (readiness: Readiness) => void): () => void;
}

/**
 * In-process fan-out of committed events to subscriptions. With several service processes a
 * broker relays events between them (see RedisEventBus); this class is the local end of it.
 */
export class LocalEventBus implements EventPublisher, EventSubscriber {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(events: readonly EventRecord[]): void {
    for (const e of events) this.emitter.emit(`event:${e.stackId}`, e);
  }

  publishReadiness(readiness: Readiness): void {
    this.emitter.emit(`readiness:${readiness.stackId}`, readiness);
  }

  onEvent(stackId: string, listener: (event: EventRecord) => void): () => void {
    const name = `event:${stackId}`;
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  onReadiness(stackId: string, listener: (readiness: Readiness) => void): () => void {
    const name = `readiness:${stackId}`;
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
