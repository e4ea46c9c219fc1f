import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the suite's figures go, for RELIABILITY.md. Each test file merges its scenario in. */
export const FIGURES_PATH = fileURLToPath(new URL('../../../tmp/reliability-faults.json', import.meta.url));

export interface PhaseFigure {
  seed: number;
  run: string;
  phase: string;
  resources: number;
  status: string;
  ms: number;
}

export interface ScenarioFigures {
  description: string;
  seeds: number[];
  runs: number;
  runsSurvived: number;
  workerKills: number;
  workerRestarts: number;
  neo4jRestarts: number;
  redisRestarts: number;
  /** Physical things the endpoint created (PUTs that made a key exist). */
  resourcesCreated: number;
  /** Updates and deletes the endpoint applied. */
  resourcesUpdated: number;
  resourcesDeleted: number;
  /** Endpoint requests, and faults it injected by kind. */
  endpointRequests: number;
  faultsInjected: Record<string, number>;
  /** Stored events checked (sequence, duplicates), plus events received by subscribers and compared. */
  eventsChecked: number;
  subscriberEventsChecked: number;
  maxConvergenceMs: number;
  phases: PhaseFigure[];
  /** Scenario-specific counts. */
  notes: Record<string, number>;
  violations: string[];
  durationMs: number;
  finishedAt: string;
}

export function emptyFigures(description: string, seeds: number[]): ScenarioFigures {
  return {
    description,
    seeds,
    runs: 0,
    runsSurvived: 0,
    workerKills: 0,
    workerRestarts: 0,
    neo4jRestarts: 0,
    redisRestarts: 0,
    resourcesCreated: 0,
    resourcesUpdated: 0,
    resourcesDeleted: 0,
    endpointRequests: 0,
    faultsInjected: {},
    eventsChecked: 0,
    subscriberEventsChecked: 0,
    maxConvergenceMs: 0,
    phases: [],
    notes: {},
    violations: [],
    durationMs: 0,
    finishedAt: '',
  };
}

export function addFaults(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [k, v] of Object.entries(counts)) into[k] = (into[k] ?? 0) + v;
}

export function recordPhase(figures: ScenarioFigures, phase: PhaseFigure): void {
  figures.phases.push(phase);
  figures.maxConvergenceMs = Math.max(figures.maxConvergenceMs, phase.ms);
}

interface FiguresFile {
  description: string;
  updatedAt: string;
  scenarios: Record<string, ScenarioFigures>;
  totals: Record<string, number>;
}

/** Merges one scenario's figures into tmp/reliability-faults.json and recomputes the totals. */
export async function saveFigures(scenario: string, figures: ScenarioFigures): Promise<void> {
  let file: FiguresFile = {
    description:
      'Figures of the fault-injection suite (npm run test:faults): one entry per scenario, from its latest run.',
    updatedAt: '',
    scenarios: {},
    totals: {},
  };
  try {
    file = { ...file, ...(JSON.parse(await readFile(FIGURES_PATH, 'utf8')) as Partial<FiguresFile>) };
  } catch {
    // first scenario of a clean checkout
  }
  file.scenarios[scenario] = { ...figures, finishedAt: new Date().toISOString() };
  const all = Object.values(file.scenarios);
  const sum = (f: (s: ScenarioFigures) => number) => all.reduce((n, s) => n + f(s), 0);
  file.totals = {
    runs: sum((s) => s.runs),
    runsSurvived: sum((s) => s.runsSurvived),
    workerKills: sum((s) => s.workerKills),
    workerRestarts: sum((s) => s.workerRestarts),
    neo4jRestarts: sum((s) => s.neo4jRestarts),
    redisRestarts: sum((s) => s.redisRestarts),
    resourcesCreated: sum((s) => s.resourcesCreated),
    eventsChecked: sum((s) => s.eventsChecked),
    subscriberEventsChecked: sum((s) => s.subscriberEventsChecked),
    maxConvergenceMs: Math.max(0, ...all.map((s) => s.maxConvergenceMs)),
    violations: sum((s) => s.violations.length),
    durationMs: sum((s) => s.durationMs),
  };
  file.updatedAt = new Date().toISOString();
  await mkdir(dirname(FIGURES_PATH), { recursive: true });
  await writeFile(FIGURES_PATH, `${JSON.stringify(file, null, 2)}\n`);
}
