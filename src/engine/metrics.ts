/** What the engine reports about its work; the Prometheus implementation lives in src/metrics/. */
export interface EngineMetrics {
  claimed(items: number, seconds: number): void;
  action(type: string, verb: string, seconds: number, ok: boolean): void;
  observerPoll(type: string): void;
  committed(entries: number, seconds: number): void;
  converged(count: number): void;
}

export const noMetrics: EngineMetrics = {
  claimed: () => {},
  action: () => {},
  observerPoll: () => {},
  committed: () => {},
  converged: () => {},
};
