import { maskEncrypted, type SecretCodec } from '../secrets/sealing.ts';
import type { ConvergeChange } from '../graph/history.ts';
import { storedEnvironment, storedFiles } from './records.ts';
import neo4j from 'neo4j-driver';
import type { EventRecord } from '../events/record.ts';
import type { Database } from './database.ts';
import { fromBatch } from './event-batches.ts';
import { failureReason } from '../convergence/stack-state.ts';

/** Read models: what queries return, decoded from the nodes' JSON-encoded properties. */

export interface StackRecord {
  id: string;
  tenant: string;
  name: string;
  status: string;
  statusReason: string | null;
  /** The failure of the last create or update, kept through the rollback that undid it. */
  failureReason: string | null;
  version: number;
  lastGoodVersion: number | null;
  disableRollback: boolean;
  timeoutSeconds: number | null;
  observedCount: number;
  deleted: boolean;
  operation: string | null;
  lastEventSequence: number;
  rollbackPending: boolean;
  createdAt: number;
  updatedAt: number;
  /** For a nested stack: the stack and the resource (its name) that own it. */
  parentStackId: string | null;
  parentResourceName: string | null;
}

/** What a version was created from, exactly as sent. */
export interface VersionTemplate {
  /** Opened: literal secrets in clear, to be compiled again (never to be shown). */
  template: string;
  /** As an answer shows it: literal secrets (sealed at rest) as `******`. */
  maskedTemplate: string;
  parameters: Record<string, unknown>;
  environment: string[];
  /** Opened: literal secrets in clear, to be compiled again (never to be shown). */
  files: Record<string, string>;
  /** As an answer shows them: sealed secrets as `******` (a file sealed whole is `******`). */
  maskedFiles: Record<string, string>;
}

export interface VersionRecord {
  id: string;
  stackId: string;
  number: number;
  status: string;
  action: string;
  rollbackOf: number | null;
  description: string | null;
  createdAt: number;
  outputs: Record<string, { value: unknown; description?: string }>;
  /** As given, hidden parameters masked. */
  /** Names of parameters declared hidden: their values are masked wherever they are shown. */
  hiddenParameters: string[];
  parameters: Record<string, unknown>;
  resourceCount: number;
}

export interface ResourceRecord {
  id: string;
  name: string;
  type: string;
  status: string;
  statusReason: string | null;
  /** Why its last action failed for good; kept when later actions (a rollback's delete) overwrite statusReason. */
  failureReason: string | null;
  observedReady: boolean;
  retryCount: number;
  physicalResourceId: string | null;
  properties: Record<string, unknown>;
  attributes: Record<string, unknown>;
  definition: Record<string, unknown>;
  deletionPolicy: string;
  version: number;
  versionId: string;
  requires: string[];
  updatedAt: number;
  live: boolean;
  /** What the engine did to this resource when converging its version (null until it settled). */
  history: ResourceHistory;
  /** The latest `checkStack` finding on this (live) copy; null when never checked. Secrets masked. */
  drift: StoredDrift | null;
}

/** A check's finding as stored on a resource (see `checkStack`). */
export interface StoredDrift {
  status: string;
  differences: Array<{ property: string; expected: unknown; actual: unknown }>;
  checkedAt: number;
}

/** The record a version keeps of each resource's convergence (see `ConvergeChange`). */
export interface ResourceHistory {
  /** The physical resource this version's resource held (shared with the versions that kept it). */
  copyId: string | null;
  outcome: ConvergeChange | null;
  /** Why it was replaced, when it was. */
  changeReason: string | null;
  /** Properties whose resolved values changed (update or replacement). */
  changedProperties: string[];
  /** The resolved properties it was last converged with. */
  appliedProperties: Record<string, unknown> | null;
}

/** An event as read back: what the engine wrote, with its traversal exposed as the operation. */
export type StoredEvent = Omit<EventRecord, 'traversal'> & { operation: string | null };

type Raw = Record<string, unknown>;

const json = <T>(value: unknown, fallback: T): T =>
  typeof value === 'string' && value !== '' ? (JSON.parse(value) as T) : fallback;

export function toStack(raw: Raw): StackRecord {
  return {
    id: raw.id as string,
    tenant: raw.tenant as string,
    name: raw.name as string,
    status: raw.status as string,
    statusReason: (raw.statusReason as string | null) ?? null,
    failureReason: failureReason({
      action: (raw.action as string | null) ?? null,
      failure: (raw.failure as string | null) ?? null,
      rolledBackFailure: (raw.rolledBackFailure as string | null) ?? null,
    }),
    version: (raw.version as number) ?? 0,
    lastGoodVersion: (raw.lastGoodVersion as number | null) ?? null,
    disableRollback: raw.disableRollback === true,
    timeoutSeconds: (raw.timeoutSeconds as number | null) ?? null,
    observedCount: (raw.observedCount as number) ?? 0,
    deleted: raw.liveName == null,
    operation: (raw.traversal as string | null) ?? null,
    lastEventSequence: (raw.eventSeq as number) ?? 0,
    rollbackPending: raw.rollbackPending === true,
    createdAt: raw.createdAt as number,
    updatedAt: raw.updatedAt as number,
    parentStackId: (raw.parentStackId as string | null) ?? null,
    parentResourceName: (raw.parentResourceName as string | null) ?? null,
  };
}

export const HIDDEN = '******';

export function toVersion(stackId: string, raw: Raw): VersionRecord {
  const hidden = new Set((raw.hiddenParameters as string[] | null) ?? []);
  const given = json<Record<string, unknown>>(raw.parameters, {});
  const parameters = Object.fromEntries(
    Object.entries(given).map(([k, v]) => [k, hidden.has(k) ? HIDDEN : v]),
  );
  return {
    id: raw.id as string,
    stackId,
    number: raw.number as number,
    status: raw.status as string,
    action: raw.action as string,
    rollbackOf: (raw.rollbackOf as number | null) ?? null,
    description: (raw.description as string | null) ?? null,
    createdAt: raw.createdAt as number,
    outputs: maskEncrypted(json(raw.outputs, {})),
    parameters: maskEncrypted(parameters),
    hiddenParameters: [...hidden],
    resourceCount: (raw.resourceCount as number) ?? 0,
  };
}

/**
 * Every resource node has these; one without them was read while a writer rewrote it (Neo4j
 * reads at read committed: a node whose properties another transaction rewrites, `SET r += …`
 * with values of other sizes, can be projected with a property missing; reproduced on Neo4j
 * 5.26 with 3 writers and 2 readers: 2 incomplete rows in 3,612 reads of 200 nodes).
 */
export function wholeResource(raw: Raw): boolean {
  return typeof raw.id === 'string' && typeof raw.name === 'string' && typeof raw.status === 'string';
}

/** Every stack node has these (see `wholeResource`); claims and commits rewrite stacks all the time. */
export function wholeStack(raw: Raw): boolean {
  return (
    typeof raw.id === 'string' &&
    typeof raw.tenant === 'string' &&
    typeof raw.name === 'string' &&
    typeof raw.status === 'string'
  );
}

/** Every version node has these (see `wholeResource`). */
export function wholeVersion(raw: Raw): boolean {
  return typeof raw.id === 'string' && typeof raw.status === 'string' && typeof raw.action === 'string';
}

/**
 * A resource node as a version shows it. Versions share the nodes of unchanged resources
 * (stack/insert-version), and a node keeps the version that last changed it: in any other version
 * it is unchanged, so it shows that version's number and id, outcome `UNCHANGED` with no change,
 * and, while it is live, the reason a kept resource gives.
 */
export function asViewedIn(raw: Raw, version: { id: string; number: number }): Raw {
  if (raw.versionId === version.id) return raw;
  return {
    ...raw,
    version: version.number,
    versionId: version.id,
    outcome: 'UNCHANGED',
    changeReason: null,
    changedProperties: null,
    statusReason: raw.live === true ? 'Unchanged: kept as is' : raw.statusReason,
  };
}

export function toResource(raw: Raw): ResourceRecord {
  return {
    id: raw.id as string,
    name: raw.name as string,
    type: raw.type as string,
    status: raw.status as string,
    statusReason: (raw.statusReason as string | null) ?? null,
    failureReason: (raw.failureReason as string | null) ?? null,
    observedReady: raw.observedReady === true,
    retryCount: (raw.retryCount as number) ?? 0,
    physicalResourceId: (raw.physicalResourceId as string | null) ?? null,
    // What the resource was last converged with, else what it was declared with.
    // Secrets are stored encrypted; an answer shows them masked.
    properties: maskEncrypted(json(raw.appliedProperties ?? raw.properties, {})),
    attributes: maskEncrypted(json(raw.attributes, {})),
    definition: maskEncrypted(json(raw.definition, {})),
    deletionPolicy: (raw.deletionPolicy as string) ?? 'Delete',
    version: raw.version as number,
    versionId: raw.versionId as string,
    requires: [...((raw.requires as string[] | null) ?? [])].sort(),
    updatedAt: raw.updatedAt as number,
    live: raw.live === true,
    history: {
      copyId: (raw.copyId as string | null) ?? null,
      outcome: (raw.outcome as ConvergeChange | null) ?? null,
      changeReason: (raw.changeReason as string | null) ?? null,
      changedProperties: (raw.changedProperties as string[] | null) ?? [],
      appliedProperties: raw.appliedProperties ? json(raw.appliedProperties, {}) : null,
    },
    drift: raw.drift
      ? {
          ...maskEncrypted(
            json<Omit<StoredDrift, 'checkedAt'>>(raw.drift, { status: 'NOT_CHECKED', differences: [] }),
          ),
          checkedAt: Number(raw.driftCheckedAt),
        }
      : null,
  };
}

/** A resource its version has not reached yet (no action began): it holds no physical resource. */
export function notReached(resource: ResourceRecord): boolean {
  return resource.status === 'INIT_COMPLETE' && !resource.live;
}

/**
 * The current version's resources as they really are: one its traversal has not reached (after a
 * cancel, a failure elsewhere, or simply not yet) shows the live copy it will build on, from an
 * older version (status, physical id, attributes and that copy's version), keeping its own
 * identity and dependencies.
 */
export function withLiveCopies(
  resources: ResourceRecord[],
  copies: readonly ResourceRecord[],
): ResourceRecord[] {
  const newest = new Map<string, ResourceRecord>();
  for (const c of copies) if (!newest.has(c.name)) newest.set(c.name, c);
  return resources.map((r) => {
    const copy = notReached(r) ? newest.get(r.name) : undefined;
    if (!copy || copy.id === r.id) return r;
    return {
      ...r,
      status: copy.status,
      statusReason: copy.statusReason,
      failureReason: copy.failureReason,
      observedReady: copy.observedReady,
      retryCount: copy.retryCount,
      physicalResourceId: copy.physicalResourceId,
      properties: copy.properties,
      attributes: copy.attributes,
      version: copy.version,
      live: true,
      updatedAt: copy.updatedAt,
    };
  });
}

/** What one stack's sized lists hold. */
export interface StackSizes {
  /** Resources of the current version (`Stack.resources`). */
  resources: number;
  /** The most resources any of its versions has (`StackVersion.resources`; 0 unless asked for). */
  versionResources: number;
  /** Its versions (`Stack.versions`). */
  versions: number;
}

/** Real lengths of the unpaginated lists one API operation may read, read before it runs (`Reads.listSizes`). */
export interface ListSizes {
  /** The stacks the operation names, by name (absent: no such stack, so its lists are empty). */
  named: Map<string, StackSizes>;
  /** The largest over every stack of the tenant (zero unless asked for the whole tenant). */
  most: StackSizes;
  /** Live nested stacks of the tenant (zero unless asked for the whole tenant). */
  nestedStacks: number;
  /** Resources of the current versions of those nested stacks, in all. */
  nestedResources: number;
}

const BATCHES_PER_READ = 100;

/** Typed reads for the API; each takes a batch of keys so DataLoaders can coalesce them. */
export class Reads {
  /**
   * @param secrets opens sealed parameters and environments of `versionTemplates`, which the API
   *   compiles again (preview, diff) but never returns unmasked; without it they stay sealed.
   */
  constructor(
    private readonly db: Database,
    private readonly secrets?: SecretCodec,
  ) {}

  /**
   * The real lengths of the unpaginated lists an operation may read (for its cost estimate before
   * it runs), from counters only: the stacks named, and with `wholeTenant` the tenant's largest;
   * the most resources of any version only with `versionResources` (it looks at every version).
   */
  async listSizes(
    tenant: string,
    names: readonly string[],
    wholeTenant: boolean,
    versionResources: boolean,
  ): Promise<ListSizes> {
    const [row] = await this.db.read<{
      named: Array<StackSizes & { name: string }>;
      mostResources: number;
      mostVersionResources: number;
      mostVersions: number;
      nestedStacks: number;
      nestedResources: number;
    }>('read/list-sizes', { tenant, names, wholeTenant, versionResources });
    const named = new Map<string, StackSizes>();
    // A deleted stack and a live one may share a name: count the larger.
    for (const { name, ...sizes } of row?.named ?? []) {
      const seen = named.get(name);
      named.set(name, {
        resources: Math.max(sizes.resources, seen?.resources ?? 0),
        versionResources: Math.max(sizes.versionResources, seen?.versionResources ?? 0),
        versions: Math.max(sizes.versions, seen?.versions ?? 0),
      });
    }
    return {
      named,
      most: {
        resources: row?.mostResources ?? 0,
        versionResources: row?.mostVersionResources ?? 0,
        versions: row?.mostVersions ?? 0,
      },
      nestedStacks: row?.nestedStacks ?? 0,
      nestedResources: row?.nestedResources ?? 0,
    };
  }

  async stackByName(tenant: string, name: string): Promise<StackRecord | null> {
    const rows = await this.db.readWhole<{ stack: Raw }>('read/stack-by-name', { tenant, name }, (row) =>
      wholeStack(row.stack),
    );
    return rows[0] ? toStack(rows[0].stack) : null;
  }

  async stacksPage(
    tenant: string,
    first: number,
    after: { name: string; id: string } | null,
    includeDeleted: boolean,
  ): Promise<StackRecord[]> {
    const rows = await this.db.readWhole<{ stack: Raw }>(
      'read/stacks-page',
      {
        tenant,
        first: neo4j.int(first),
        afterName: after?.name ?? null,
        afterId: after?.id ?? null,
        includeDeleted,
      },
      (row) => wholeStack(row.stack),
    );
    return rows.map((r) => toStack(r.stack));
  }

  /** The live nested stacks of each stack (one level). */
  async nestedStacks(stackIds: readonly string[]): Promise<Map<string, StackRecord[]>> {
    const rows = await this.db.readWhole<{ stackId: string; stacks: Raw[] }>(
      'read/nested-stacks',
      { stackIds },
      (row) => row.stacks.every(wholeStack),
    );
    return new Map(rows.map((r) => [r.stackId, r.stacks.map(toStack)]));
  }

  async stacksByIds(ids: readonly string[]): Promise<Map<string, StackRecord>> {
    const rows = await this.db.readWhole<{ stack: Raw }>('read/stacks-by-ids', { ids }, (row) =>
      wholeStack(row.stack),
    );
    return new Map(rows.map((r) => [r.stack.id as string, toStack(r.stack)]));
  }

  async currentVersions(stackIds: readonly string[]): Promise<Map<string, VersionRecord>> {
    const rows = await this.db.readWhole<{ stackId: string; version: Raw }>(
      'read/current-versions',
      { stackIds },
      (row) => wholeVersion(row.version),
    );
    return new Map(rows.map((r) => [r.stackId, toVersion(r.stackId, r.version)]));
  }

  async versionsByStacks(stackIds: readonly string[]): Promise<Map<string, VersionRecord[]>> {
    const rows = await this.db.readWhole<{ stackId: string; versions: Raw[] }>(
      'read/versions-by-stacks',
      { stackIds },
      (row) => row.versions.every(wholeVersion),
    );
    return new Map(rows.map((r) => [r.stackId, r.versions.map((v) => toVersion(r.stackId, v))]));
  }

  async versionTemplates(versionIds: readonly string[]): Promise<Map<string, VersionTemplate>> {
    const rows = await this.db.read<{
      versionId: string;
      template: string;
      parameters: string;
      environment: string | null;
      files: string | null;
    }>('read/version-templates', { versionIds });
    return new Map(
      rows.map((r) => [
        r.versionId,
        {
          template: this.secrets?.openTemplate(r.template) ?? r.template,
          maskedTemplate: maskEncrypted(r.template),
          parameters: this.secrets?.open(json(r.parameters, {})) ?? json(r.parameters, {}),
          environment: storedEnvironment(r).map((text) => this.secrets?.openEnvironment(text) ?? text),
          files: this.secrets?.openFiles(storedFiles(r)) ?? storedFiles(r),
          maskedFiles: maskEncrypted(storedFiles(r)),
        },
      ]),
    );
  }

  async resourcesByVersions(versionIds: readonly string[]): Promise<Map<string, ResourceRecord[]>> {
    const rows = await this.db.readWhole<{ versionId: string; number: number; resources: Raw[] }>(
      'read/resources-by-versions',
      { versionIds },
      (row) => row.resources.every(wholeResource),
    );
    return new Map(
      rows.map((r) => [
        r.versionId,
        r.resources.map((raw) => toResource(asViewedIn(raw, { id: r.versionId, number: r.number }))),
      ]),
    );
  }

  /** The live copies of each stack's resources, newest version first. */
  async liveCopies(stackIds: readonly string[]): Promise<Map<string, ResourceRecord[]>> {
    const rows = await this.db.readWhole<{ stackId: string; copies: Raw[] }>(
      'read/live-copies',
      { stackIds },
      (row) => row.copies.every(wholeResource),
    );
    return new Map(rows.map((r) => [r.stackId, r.copies.map(toResource)]));
  }

  /** The live copies of a stack's resources with these names, newest version first. */
  async liveCopiesByNames(stackId: string, names: readonly string[]): Promise<ResourceRecord[]> {
    if (names.length === 0) return [];
    const rows = await this.db.readWhole<{ copy: Raw }>(
      'read/live-copies-by-names',
      { stackId, names },
      (row) => wholeResource(row.copy),
    );
    return rows.map((r) => toResource(r.copy));
  }

  /** Up to `first` resources of a version after position `after` (an `order`), with their positions. */
  async resourcesPage(
    versionId: string,
    after: number | null,
    first: number,
  ): Promise<Array<{ resource: ResourceRecord; order: number }>> {
    const rows = await this.db.readWhole<{ number: number; resource: Raw }>(
      'read/resources-page',
      { versionId, after: after === null ? null : neo4j.int(after), first: neo4j.int(first) },
      (row) => wholeResource(row.resource),
    );
    return rows.map((r) => ({
      resource: toResource(asViewedIn(r.resource, { id: versionId, number: r.number })),
      order: Number(r.resource.order),
    }));
  }

  /** Up to `first` events after sequence number `after`, in order. */
  async events(stackId: string, after: number, first: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let cursor = after;
    while (events.length < first) {
      const rows = await this.db.read<{ batch: Raw }>('read/events', {
        stackId,
        after: neo4j.int(cursor),
        batches: neo4j.int(BATCHES_PER_READ),
      });
      for (const row of rows) events.push(...fromBatch(row.batch, cursor));
      if (rows.length < BATCHES_PER_READ) break;
      cursor = events.at(-1)?.seq ?? cursor;
    }
    return events.slice(0, first);
  }

  /** Events of several stacks after the same sequence number (at most `first` each). */
  async eventsOfStacks(
    stackIds: readonly string[],
    after: number,
    first: number,
  ): Promise<Map<string, StoredEvent[]>> {
    const rows = await this.db.read<{ stackId: string; batches: Raw[] }>('read/events-of-stacks', {
      stackIds,
      after: neo4j.int(after),
      batches: neo4j.int(BATCHES_PER_READ),
    });
    const result = new Map<string, StoredEvent[]>();
    for (const row of rows) {
      const events = row.batches.flatMap((b) => fromBatch(b, after));
      // Rare: many tiny batches; read the rest of this stack's window on its own.
      const complete = row.batches.length < BATCHES_PER_READ || events.length >= first;
      result.set(
        row.stackId,
        complete ? events.slice(0, first) : await this.events(row.stackId, after, first),
      );
    }
    return result;
  }

  /** Newest committed event sequence number of each stack (one statement for all). */
  async latestEventSeqs(stackIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db.read<{ stackId: string; seq: number }>('read/latest-event-seqs', { stackIds });
    return new Map(rows.map((r) => [r.stackId, r.seq]));
  }

  async latestEventSeq(stackId: string): Promise<number> {
    const rows = await this.db.read<{ seq: number | null }>('read/stack-event-seq', { stackId });
    return rows[0]?.seq ?? 0;
  }

  async readiness(
    stackId: string,
  ): Promise<{ ready: number; total: number; status: string; eventSeq: number } | null> {
    const rows = await this.db.read<{
      ready: number | null;
      total: number;
      status: string;
      eventSeq: number;
    }>('read/stack-readiness', { stackId });
    const row = rows[0];
    return row
      ? { ready: row.ready ?? 0, total: row.total, status: row.status, eventSeq: row.eventSeq }
      : null;
  }

  async frontier(
    stackId: string,
    versionId: string,
  ): Promise<Array<{ id: string; name: string; workState: string }>> {
    return this.db.read('graph/frontier', { stackId, versionId });
  }
}
