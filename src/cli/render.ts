/** Human renderings shared by commands: event lines, stack summaries, outputs. */
import type { EventData, NestedStack, ResourceRow, StackDetails } from './api.ts';
import type { Output } from './output.ts';

/** Names are padded to a common width that only grows, so columns stay mostly aligned while streaming. */
export class EventFormatter {
  private nameWidth = 12;

  constructor(
    private readonly out: Output,
    private readonly stackName: string,
  ) {}

  /**
   * `resourceName  STATUS  reason` (stack events are labelled with the stack's name; a nested
   * stack's events are prefixed with its name: `nestedStack/resourceName`).
   */
  progressLine(event: EventData): string {
    const isStack = event.type === 'STACK';
    const own = event.stackName == null || event.stackName === this.stackName;
    const stackName = own ? this.stackName : event.stackName!;
    const resource = event.resourceName ?? '?';
    const label = isStack ? `stack ${stackName}` : own ? resource : `${stackName}/${resource}`;
    this.nameWidth = Math.max(this.nameWidth, label.length);
    const name = label.padEnd(this.nameWidth);
    const reason = event.reason ? `  ${event.reason}` : '';
    const ready = event.observedReady ? `  ${this.out.paint('green', '(ready)')}` : '';
    return `${isStack ? this.out.paint('bold', name) : name}  ${this.out.status(event.status)}${ready}${reason}`;
  }

  /** `#SEQ  TIME  name  STATUS  reason`, for the events command. */
  historyLine(event: EventData): string {
    const seq = this.out.paint('dim', `#${event.sequence}`.padStart(6));
    return `${seq}  ${this.out.paint('dim', event.at)}  ${this.progressLine(event)}`;
  }
}

/**
 * A stack's and its nested stacks' events in one order: by time; at the same time (a completion
 * settling a nested stack and its owner in one commit) the deeper stack's first, then by stack
 * name, then by sequence number, so events with equal timestamps always come out the same way.
 * `depth`: stack name -> nesting level (the stack `top` itself 0).
 */
export function byTime(
  events: readonly EventData[],
  top: string,
  depth: ReadonlyMap<string, number>,
): EventData[] {
  const stackOf = (e: EventData) => e.stackName ?? top;
  const level = (e: EventData) => depth.get(stackOf(e)) ?? 0;
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...events].sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      level(b) - level(a) ||
      byName(stackOf(a), stackOf(b)) ||
      a.sequence - b.sequence,
  );
}

export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A stack's `outputs` (JSON in the schema: an object of name -> value). */
export function outputsOf(outputs: unknown): Record<string, unknown> {
  return outputs !== null && typeof outputs === 'object' && !Array.isArray(outputs)
    ? (outputs as Record<string, unknown>)
    : {};
}

export function outputLines(out: Output, outputs: unknown): string[] {
  const entries = Object.entries(outputsOf(outputs));
  if (entries.length === 0) return [];
  const width = Math.max(...entries.map(([k]) => k.length));
  return [
    out.paint('bold', 'Outputs:'),
    ...entries.map(
      ([k, v]) => `  ${k.padEnd(width)}  ${v === null ? out.paint('dim', '(not ready)') : formatValue(v)}`,
    ),
  ];
}

export function failedResources(resources: readonly ResourceRow[]): ResourceRow[] {
  return resources.filter((r) => r.status.endsWith('_FAILED'));
}

/** A resource row of the status table, `depth` levels of nesting down (0: the stack's own). */
export interface NestedRow {
  depth: number;
  resource: ResourceRow;
}

/**
 * The stack's resources with each nested stack's resources right under the resource that owns it,
 * one level of indentation per level of nesting (like `openstack stack resource list --nested-depth`).
 */
export function nestedRows(
  stackName: string,
  resources: readonly ResourceRow[],
  nested: readonly NestedStack[],
): NestedRow[] {
  const rows: NestedRow[] = [];
  const seen = new Set<string>();
  const place = (owner: string, own: readonly ResourceRow[], depth: number) => {
    for (const r of own) {
      rows.push({ depth, resource: r });
      for (const child of nested) {
        if (child.parent?.stack.name !== owner || child.parent.resource !== r.name || seen.has(child.id))
          continue;
        seen.add(child.id);
        place(child.name, child.resources, depth + 1);
      }
    }
  };
  place(stackName, resources, 0);
  return rows;
}

export function resourceTable(out: Output, resources: readonly ResourceRow[] | readonly NestedRow[]): string {
  const rows: NestedRow[] = resources.map((r) => ('depth' in r ? r : { depth: 0, resource: r }));
  return out.table(
    ['RESOURCE', 'TYPE', 'STATUS', 'READY', 'RETRIES', 'PHYSICAL ID', 'REASON'],
    rows.map(({ depth, resource: r }) => [
      depth === 0 ? r.name : `${'  '.repeat(depth - 1)}└ ${r.name}`,
      r.type,
      out.status(r.status),
      r.observedReady ? out.paint('green', 'yes') : 'no',
      String(r.retryCount),
      r.physicalResourceId ?? '-',
      r.statusReason ?? '',
    ]),
  );
}

export function stackHeader(out: Output, stack: StackDetails): string[] {
  const reason = stack.statusReason ? `  ${stack.statusReason}` : '';
  const lastGood = stack.lastGoodVersion == null ? 'none' : String(stack.lastGoodVersion);
  // A settled stack whose current version is not its last good one: that version failed (a
  // rolled-back first create stays at version 1, failed, with no good version at all).
  const failedVersion =
    stack.version !== stack.lastGoodVersion &&
    !stack.status.endsWith('_IN_PROGRESS') &&
    !stack.status.startsWith('DELETE');
  const rows: Array<[string, string]> = [
    ['Stack', out.paint('bold', stack.name)],
    ['Status', `${out.status(stack.status)}${reason}`],
    ...(stack.failureReason ? [['Failure', stack.failureReason] as [string, string]] : []),
    [
      'Version',
      `${stack.version} (${failedVersion ? `${out.paint('red', 'failed')}; ` : ''}last good: ${lastGood})`,
    ],
    ['Readiness', `${stack.readiness.ready}/${stack.readiness.total} ready`],
    ['Rollback', stack.disableRollback ? 'disabled' : 'automatic on failure'],
    ['Timeout', stack.timeoutSeconds == null ? 'none' : `${stack.timeoutSeconds} s`],
    ['Created', stack.createdAt],
    ['Updated', stack.updatedAt],
  ];
  return rows.map(([k, v]) => `${k.padEnd(10)} ${v}`);
}

/** `Nested stacks:` lines: each nested stack with its status and owner (none: no lines). */
export function nestedStackLines(out: Output, nested: readonly NestedStack[]): string[] {
  if (nested.length === 0) return [];
  return [
    out.paint('bold', 'Nested stacks:'),
    ...nested.map(
      (n) =>
        `  ${n.name}  ${out.status(n.status)}  (${n.parent ? `${n.parent.stack.name}/${n.parent.resource}` : '?'})`,
    ),
  ];
}
