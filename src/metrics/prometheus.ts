import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Express } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EngineMetrics } from '../engine/metrics.ts';
import type { Database } from '../store/database.ts';

/**
 * Prometheus metrics: the engine's work (claims, actions, observer polls, commits, resources
 * converged), the stacks and frontier as they are in Neo4j (read at scrape time), and GraphQL
 * operation durations and errors. Served at `/metrics`.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly engine: EngineMetrics;
  private readonly subscriptions: Gauge;
  private readonly operationDuration: Histogram;
  private readonly operationErrors: Counter;

  constructor(db: Database) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'convergence_stacks',
      help: 'Live stacks by status',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        for (const row of await db.read<{ status: string; count: number }>('read/stacks-by-status'))
          this.set({ status: row.status }, row.count);
      },
    });
    new Gauge({
      name: 'convergence_frontier_size',
      help: 'Work items ready to be claimed, across all stacks',
      registers,
      async collect() {
        const rows = await db.read<{ ready: number | null }>('read/frontier-size');
        this.set(rows[0]?.ready ?? 0);
      },
    });
    const converged = new Counter({
      name: 'convergence_resources_converged_total',
      help: 'Resources this process converged (observed ready)',
      registers,
    });
    const claims = new Histogram({
      name: 'convergence_claim_duration_seconds',
      help: 'Time to claim a batch of work items',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    const claimed = new Counter({
      name: 'convergence_items_claimed_total',
      help: 'Work items claimed by this process',
      registers,
    });
    const actions = new Histogram({
      name: 'convergence_action_duration_seconds',
      help: 'Duration of resource actions (create, update, delete), by type and outcome',
      labelNames: ['type', 'action', 'outcome'],
      buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 1, 5, 30, 120],
      registers,
    });
    const polls = new Counter({
      name: 'convergence_observer_polls_total',
      help: 'Observer checks of real resources',
      labelNames: ['type'],
      registers,
    });
    const commits = new Histogram({
      name: 'convergence_commit_duration_seconds',
      help: 'Time to commit a batch of engine writes',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    const committed = new Counter({
      name: 'convergence_commit_entries_total',
      help: 'Engine writes committed',
      registers,
    });
    this.engine = {
      claimed: (items, seconds) => {
        claims.observe(seconds);
        claimed.inc(items);
      },
      action: (type, verb, seconds, ok) =>
        actions.observe({ type, action: verb, outcome: ok ? 'ok' : 'error' }, seconds),
      observerPoll: (type) => polls.inc({ type }),
      committed: (entries, seconds) => {
        commits.observe(seconds);
        committed.inc(entries);
      },
      converged: (count) => converged.inc(count),
    };
    this.subscriptions = new Gauge({
      name: 'graphql_subscriptions_active',
      help: 'Open GraphQL subscriptions',
      registers,
    });
    this.operationDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operation durations',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    this.operationErrors = new Counter({
      name: 'graphql_errors_total',
      help: 'GraphQL errors by code',
      labelNames: ['code'],
      registers,
    });
  }

  subscriptionDelta = (delta: 1 | -1): void => {
    this.subscriptions.inc(delta);
  };

  /** Apollo plugin timing every operation and counting errors by code. */
  apolloPlugin<T extends object>(): ApolloServerPlugin<T> {
    const durations = this.operationDuration;
    const errors = this.operationErrors;
    return {
      requestDidStart() {
        const started = process.hrtime.bigint();
        return Promise.resolve({
          willSendResponse(ctx) {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            durations.observe(
              {
                operation: operationLabel(ctx.schema, ctx.operation),
                type: ctx.operation?.operation ?? 'unknown',
              },
              seconds,
            );
            return Promise.resolve();
          },
          didEncounterErrors(ctx) {
            for (const e of ctx.errors) {
              // Errors are counted before formatting: an AppError's code is still on the original error.
              const code = e.extensions?.code ?? (e.originalError as { code?: unknown } | undefined)?.code;
              errors.inc({ code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
            }
            return Promise.resolve();
          },
        });
      },
    };
  }

  /**
   * `/metrics`. With a token, only `Authorization: Bearer <token>` may read it; without one it is
   * served only when `open` (local mode): the metrics show every tenant's activity.
   */
  route(app: Express, access: { token?: string | undefined; open: boolean } = { open: true }): void {
    app.get('/metrics', (req, res, next) => {
      if (access.token) {
        const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
        if (!sameSecret(given, access.token)) {
          res.status(401).setHeader('www-authenticate', 'Bearer').send('# metrics need METRICS_TOKEN\n');
          return;
        }
      } else if (!access.open) {
        res.status(403).send('# set METRICS_TOKEN to read metrics when authentication is on\n');
        return;
      }
      next();
    });
    app.get('/metrics', (_req, res) => {
      this.registry.metrics().then(
        (text) => {
          res.setHeader('content-type', this.registry.contentType);
          res.send(text);
        },
        () => res.status(503).send('# metrics unavailable\n'),
      );
    });
  }
}

/**
 * The `operation` label: the operation's first root field as the schema names it (`stack`,
 * `createStack`, ...), else `other`. Client-chosen operation names would make one label set per
 * name, without bound.
 */
export function operationLabel(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode | undefined,
): string {
  if (!operation) return 'other';
  const root = schema.getRootType(operation.operation);
  const first = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  if (!root || !first || first.kind !== Kind.FIELD) return 'other';
  const name = first.name.value;
  return name in root.getFields() ? name : 'other';
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
