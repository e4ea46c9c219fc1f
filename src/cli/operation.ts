/**
 * What apply, delete, rollback and cancel share once their mutation was accepted: follow the
 * stack live (unless --no-wait), then report how it ended and choose the exit code.
 */
import { stackDetails, type EventData, type ReadinessData, type StackBrief } from './api.ts';
import type { Context } from './context.ts';
import { EXIT } from './errors.ts';
import { EventFormatter, failedResources, outputLines } from './render.ts';
import { follow, isInProgress, operationSettler, stateEvent, type FollowResult } from './watch.ts';

export interface OperationRun {
  name: string;
  /** CREATE, UPDATE, DELETE, ROLLBACK or CANCEL: what was asked for. */
  operation: string;
  /** The stack as the mutation answered. */
  stack: StackBrief;
  /** The last event sequence number before the mutation. */
  after: number;
  /** Actions whose terminal stack event ends this operation. */
  actions: readonly string[];
  /** The final stack statuses that count as success (exit 0). */
  succeeded: (status: string) => boolean;
  /** Wait for an automatic rollback after a failed create or update. */
  autoRollback: boolean;
  /** Show readiness counts (not meaningful while deleting). */
  readiness: boolean;
  wait: boolean;
  /** For tests and slow setups: how long to wait for an automatic rollback to start. */
  rollbackGraceMs?: number;
}

export function followHint(name: string): string {
  return `convergence events --follow --name ${name}`;
}

export async function runOperation(ctx: Context, run: OperationRun): Promise<number> {
  const { out } = ctx;
  const started = { operation: run.operation, stack: run.stack };
  if (!run.wait) {
    if (out.json) out.jsonLine(started);
    else {
      out.line(
        `Stack ${run.name}: ${run.operation} accepted, ${out.status(run.stack.status)} (version ${run.stack.version})`,
      );
      if (isInProgress(run.stack.status)) out.line(`Follow it with: ${followHint(run.name)}`);
    }
    return EXIT.OK;
  }
  if (out.json) out.jsonLine({ type: 'started', ...started });
  else
    out.line(
      `Stack ${run.name}: ${run.operation} started, ${out.status(run.stack.status)} (version ${run.stack.version})`,
    );

  let result: FollowResult;
  if (isInProgress(run.stack.status)) {
    result = await follow(ctx, {
      name: run.name,
      after: run.after,
      readiness: run.readiness,
      settler: operationSettler({
        minVersion: run.stack.version,
        actions: run.actions,
        autoRollback: run.autoRollback,
        ...(run.rollbackGraceMs !== undefined ? { rollbackGraceMs: run.rollbackGraceMs } : {}),
      }),
      settledState: (s) => s.version >= run.stack.version && !isInProgress(s.status),
      ...progressRenderer(ctx, run.name),
    });
    out.endProgress();
  } else {
    // Settled in the mutation itself (nothing to converge, or a cancel without rollback).
    result = { kind: 'settled', event: stateEvent(run.stack) };
  }

  if (result.kind === 'interrupted') {
    if (out.json) out.jsonLine({ type: 'interrupted', name: run.name });
    out.notice(
      `\nStopped watching. Stack ${run.name} keeps converging (nothing was cancelled); follow it with: ${followHint(run.name)}`,
    );
    return EXIT.INTERRUPTED;
  }
  return report(ctx, run, result);
}

/** Event lines and the readiness bar (or their JSON lines). */
export function progressRenderer(
  ctx: Context,
  name: string,
): { onEvent(e: EventData): void; onReadiness(r: ReadinessData): void } {
  const { out } = ctx;
  const format = new EventFormatter(out, name);
  let previous = '';
  return {
    onEvent(event) {
      if (out.json) out.jsonLine({ type: 'event', event });
      else out.line(format.progressLine(event));
    },
    onReadiness(update) {
      const key = `${update.ready}/${update.total}/${update.status}`;
      if (key === previous) return;
      previous = key;
      if (out.json) out.jsonLine({ type: 'readiness', readiness: update });
      else out.progress(update.ready, update.total, update.status, update.justReady);
    },
  };
}

async function report(
  ctx: Context,
  run: OperationRun,
  result: Extract<FollowResult, { kind: 'settled' }>,
): Promise<number> {
  const { out } = ctx;
  const final = result.event;
  const ok = !result.superseded && !result.failure && run.succeeded(final.status);
  const stack = await stackDetails(ctx.http, run.name);
  const failed = stack ? failedResources(stack.resources) : [];
  if (out.json) {
    out.jsonLine({
      type: 'result',
      ok,
      name: run.name,
      operation: run.operation,
      status: final.status,
      reason: final.reason,
      version: final.version,
      failure: result.failure ? { status: result.failure.status, reason: result.failure.reason } : null,
      superseded: result.superseded === true,
      stack,
    });
    return ok ? EXIT.OK : EXIT.FAILURE;
  }

  const mark = ok ? out.paint('green', '✔') : out.paint('red', '✘');
  if (result.superseded) {
    out.line(
      `${mark} Stack ${run.name}: the ${run.operation} was superseded by another operation: ${out.status(final.status)} (version ${final.version}); follow it with: ${followHint(run.name)}`,
    );
  } else if (result.failure) {
    out.line(
      `${mark} Stack ${run.name} ${out.status(result.failure.status)}: ${result.failure.reason ?? 'no reason given'}`,
    );
    out.line(
      `  then rolled back automatically: ${out.status(final.status)} (version ${final.version})${final.reason ? `: ${final.reason}` : ''}`,
    );
  } else {
    out.line(
      `${mark} Stack ${run.name} ${out.status(final.status)} (version ${final.version})${final.reason ? `: ${final.reason}` : ''}`,
    );
  }
  if (!ok && !result.superseded) {
    for (const r of failed) {
      out.line(`  failed resource: ${r.name}  ${out.status(r.status)}  ${r.statusReason ?? ''}`.trimEnd());
    }
  }
  if (ok && stack && run.operation !== 'DELETE')
    for (const line of outputLines(out, stack.outputs)) out.line(line);
  return ok ? EXIT.OK : EXIT.FAILURE;
}
