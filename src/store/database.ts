import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
  type ResultSummary,
} from 'neo4j-driver';
import type { Logger } from '../log.ts';
import { CypherCatalog } from './cypher.ts';

export interface DatabaseOptions {
  uri: string;
  user: string;
  password: string;
  database: string;
  log: Logger;
  catalog?: CypherCatalog;
  /** Connection pool size; the engine keeps a few statements in flight at once. */
  maxPoolSize?: number;
}

/**
 * The only door to Neo4j. Statements are named after their file under `cypher/`;
 * integers come back as JS numbers (every counter we store fits in 2^53).
 */
export class Database {
  readonly driver: Driver;
  readonly catalog: CypherCatalog;
  readonly name: string;
  /** Statements sent so far; tests use it to prove round trips do not grow with stack size. */
  statementsRun = 0;
  /**
   * Per statement name: how often it ran, the milliseconds spent waiting for it (round trip, pool
   * and lock waits included) and the milliseconds Neo4j reports for it (planning, lock waits and
   * execution on the server: `resultAvailableAfter` + `resultConsumedAfter`). Benchmarks print it
   * to attribute time; cheap enough to keep always on.
   */
  readonly statementTimes = new Map<string, StatementTime>();
  private readonly log: Logger;

  constructor(options: DatabaseOptions) {
    this.driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
      disableLosslessIntegers: true,
      maxConnectionPoolSize: options.maxPoolSize ?? 50,
      connectionAcquisitionTimeout: 30_000,
      maxTransactionRetryTime: 15_000,
      logging: {
        level: 'warn',
        logger: (level, message) =>
          options.log[level === 'error' ? 'error' : 'warn']({ neo4j: true }, message),
      },
    });
    this.catalog = options.catalog ?? new CypherCatalog();
    this.name = options.database;
    this.log = options.log;
  }

  /** Runs one named statement in its own managed transaction (retried on transient errors). */
  async run<R extends RecordShape = RecordShape>(
    statement: string,
    params: Record<string, unknown> = {},
    mode: 'READ' | 'WRITE' = 'WRITE',
  ): Promise<R[]> {
    this.statementsRun++;
    const started = performance.now();
    const { text, parameters } = this.catalog.query(statement, params);
    const result: QueryResult<R> = await this.driver.executeQuery<QueryResult<R>>(text, parameters, {
      database: this.name,
      routing: mode === 'READ' ? neo4j.routing.READ : neo4j.routing.WRITE,
    });
    this.timed(statement, started, result.summary);
    return result.records.map((r) => r.toObject());
  }

  read<R extends RecordShape = RecordShape>(
    statement: string,
    params: Record<string, unknown> = {},
  ): Promise<R[]> {
    return this.run<R>(statement, params, 'READ');
  }

  /**
   * A read whose rows must be whole: Neo4j reads at read committed, and a node rewritten by
   * another transaction while a statement projects it can come back with a property missing
   * (seen once in CI: a resource without its status while its finish committed). Such a read is
   * repeated, a few times at most, until `whole` accepts every row.
   */
  async readWhole<R extends RecordShape = RecordShape>(
    statement: string,
    params: Record<string, unknown>,
    whole: (row: R) => boolean,
    attempts = 4,
  ): Promise<R[]> {
    for (let attempt = 1; ; attempt++) {
      const rows = await this.read<R>(statement, params);
      if (rows.every(whole)) return rows;
      this.tornReads++;
      this.log.debug({ statement, attempt }, 'a row was read while a writer rewrote it; reading again');
      if (attempt >= attempts)
        throw new Error(`${statement}: a row was still incomplete after ${attempts} reads`);
    }
  }

  /** Reads `readWhole` had to repeat (a row came back incomplete). */
  tornReads = 0;

  /** Several named statements in one write transaction; `work` may run more than once on transient errors. */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.name });
    try {
      return await session.executeWrite((mtx) => work(new Transaction(mtx, this)));
    } finally {
      await session.close();
    }
  }

  /** Adds one run of `statement` that started at `started` (a `performance.now()` reading). */
  timed(statement: string, started: number, summary?: ResultSummary): void {
    const entry = this.statementTimes.get(statement) ?? { count: 0, ms: 0, serverMs: 0 };
    entry.count++;
    entry.ms += performance.now() - started;
    if (summary) entry.serverMs += toMs(summary.resultAvailableAfter) + toMs(summary.resultConsumedAfter);
    this.statementTimes.set(statement, entry);
  }

  /** Runs raw Cypher text (migrations, tests' cleanup); never pass user input as text. */
  async runText(text: string, params: Record<string, unknown> = {}): Promise<RecordShape[]> {
    this.statementsRun++;
    const result = await this.driver.executeQuery(text, params, { database: this.name });
    return result.records.map((r) => r.toObject());
  }

  /**
   * Benchmarks only: runs a named statement under PROFILE in a transaction that is rolled back
   * (nothing it writes stays), and answers Neo4j's counters: total db hits and, per operator, its
   * rows and db hits (plan order, depth first).
   */
  async profile(statement: string, params: Record<string, unknown> = {}): Promise<StatementProfile> {
    const session = this.driver.session({ database: this.name });
    const tx = session.beginTransaction();
    try {
      const { text, parameters } = this.catalog.query(statement, params, 'PROFILE');
      const result = await tx.run(text, parameters);
      const operators: StatementProfile['operators'] = [];
      let dbHits = 0;
      type Plan = { operatorType: string; dbHits: number; rows: number; children: Plan[] };
      const walk = (plan: Plan, depth: number) => {
        dbHits += plan.dbHits;
        operators.push({ operator: plan.operatorType, depth, rows: plan.rows, dbHits: plan.dbHits });
        for (const child of plan.children) walk(child, depth + 1);
      };
      const root = result.summary.profile;
      if (root) walk(root, 0);
      return { dbHits, operators };
    } finally {
      await tx.rollback();
      await session.close();
    }
  }

  /**
   * Asks Neo4j to plan every kept-plan statement (`EXPLAIN`: nothing runs), one at a time, so the
   * first command after Neo4j started does not wait for it: planned cold, a statement's first run
   * took 100-600 ms (stack/insert-version, engine/decrement), and after this 40-220 ms (what is
   * left is the runtime's compilation of the plan). A kept plan has one cache entry whatever the
   * sizes (CypherCatalog ARGS), so one EXPLAIN each suffices; when they are already cached, this
   * costs a few milliseconds each. Stops early once `stopping()` says so. Answers how many it planned.
   */
  async prepareKeptPlans(stopping: () => boolean = () => false): Promise<number> {
    let planned = 0;
    for (const name of this.catalog.stablePlans()) {
      if (stopping()) break;
      const { text, parameters } = this.catalog.query(name, {}, 'EXPLAIN');
      await this.driver.executeQuery(text, parameters, { database: this.name });
      planned++;
    }
    return planned;
  }

  async verify(): Promise<void> {
    await this.driver.getServerInfo({ database: this.name });
  }

  async close(): Promise<void> {
    await this.driver.close();
    this.log.debug('neo4j driver closed');
  }
}

/** What Database.statementTimes holds per statement name. */
export interface StatementTime {
  count: number;
  ms: number;
  serverMs: number;
}

// The driver answers these as numbers (disableLosslessIntegers) but types them as Integer.
function toMs(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export interface StatementProfile {
  dbHits: number;
  operators: Array<{ operator: string; depth: number; rows: number; dbHits: number }>;
}

export class Transaction {
  constructor(
    private readonly tx: ManagedTransaction,
    private readonly db: Database,
  ) {}

  async run<R extends RecordShape = RecordShape>(
    statement: string,
    params: Record<string, unknown> = {},
  ): Promise<R[]> {
    this.db.statementsRun++;
    const started = performance.now();
    const { text, parameters } = this.db.catalog.query(statement, params);
    const result = await this.tx.run<R>(text, parameters);
    this.db.timed(statement, started, result.summary);
    return result.records.map((r) => r.toObject());
  }
}

/** Neo4j errors that mean "the server is not reachable right now" rather than "the statement is wrong". */
export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  // Transient in Neo4j's classification, but retrying the same transaction cannot help.
  if (code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError') return false;
  return (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    code.startsWith('Neo.TransientError') ||
    /connect|ECONNREFUSED|ECONNRESET|socket/i.test((error as Error | null)?.message ?? '')
  );
}
