/**
 * The statements behind stack commands (create, update, delete, rollback, cancel, time-out,
 * purge). `StackOperations` (src/engine) decides; this runs the writes, in the caller's
 * transaction, and decodes what it reads.
 */
import { randomInt } from 'node:crypto';
import { statusCountDeltas, type StackCommandWrite, type StatusChange } from '../convergence/stack-state.ts';
import type { PlanLiveCopy } from '../convergence/plan.ts';
import type { CommitResult } from '../convergence/settlement.ts';
import { finishNestedWaiters, type NestedFinisher } from './commits.ts';
import type { Database, Transaction } from './database.ts';
import { toBatches } from './event-batches.ts';
import { int, parseJson, withIntegers } from './records.ts';
import { wholeStack } from './reads.ts';

type Raw = Record<string, unknown>;

/** VERSION_CHUNK_RESOURCES' default: a 10,000-resource version fits a 1 GiB heap in one transaction. */
export const DEFAULT_VERSION_CHUNK = 10_000;

/** A locked stack: its node's fields and its current version's (both as stored). */
export interface LockedStack {
  stack: Raw;
  version: Raw | null;
}

export interface NewStack {
  id: string;
  tenant: string;
  name: string;
  disableRollback: boolean;
  timeoutSeconds: number | null;
  concurrency: number | null;
}

export interface NewVersion {
  stackId: string;
  version: Raw;
  /**
   * One row per resource: its fields, or for an unchanged resource carried over without a work
   * item, the live copy it keeps (`baseId`; the new version shares its node) and its position
   * (`fields.order`).
   */
  resources: Array<{ fields: Raw; baseId: string | null }>;
  /**
   * [required, requirer] positions in `resources`, and 1 when both are carried over (the edge may
   * exist already: it is merged), else 0.
   */
  edges: Array<[number, number, number]>;
}

/** A row of `readLive`: a live copy with what the change set weighs, or an outstanding item. */
export interface LiveEntry extends PlanLiveCopy {
  live: boolean;
  type: string;
  status: string;
  observedReady: boolean;
  version: number;
  appliedProperties: Record<string, unknown> | null;
  attributes: Record<string, unknown>;
  physicalResourceId: string | null;
  /** Nested-stack types: the fingerprint of the files and environment its child was made from. */
  nestedInputs?: string | null;
  /** Ids of the live copies with a NEEDED_BY edge to this one (absent: not read). */
  linkedFrom?: readonly string[];
  /** The latest checkStack finding on this copy (secrets sealed), null when never checked. */
  drift?: {
    status: string;
    differences: Array<{ property: string; expected: unknown; actual: unknown }>;
  } | null;
}

/** A child stack as read for its parent's attributes (stored JSON fields still encoded). */
export interface NestedViewRow {
  child: { id: string; name: string; status: string; statusReason: string | null; action: string };
  outputs: string | null;
  resources: Array<{
    name: string;
    type: string;
    physicalResourceId: string | null;
    attributes: string | null;
    observedReady: boolean | null;
  }>;
}

/** A nested-stack action's parent, its lease and its child, read before the action's transaction. */
export interface NestedPrepared extends LockedStack {
  /** The parent item still holds the action's lease. */
  leased: boolean;
  /** The child stack the parent already owns, if any. */
  child: { id: string; name: string; action: string | null; status: string | null } | null;
}

/** A stack read without its lock came back whole: the stack's and its version's own fields are there. */
function wholeRead(row: LockedStack): boolean {
  return wholeStack(row.stack) && (row.version === null || typeof row.version.id === 'string');
}

export class DuplicateStackError extends Error {}

/**
 * Writes a version in chunks before the command's transaction attaches it (see `insertVersion`).
 * Each chunk is its own transaction, so a version of any size fits Neo4j's transaction memory;
 * readers cannot see it until the attach commits, so it stays all-or-nothing.
 */
export class VersionStager {
  /** Every version staged by this command, in any attempt of its transaction. */
  readonly staged: string[] = [];

  constructor(
    private readonly db: Database,
    /** Versions with more resources than this are staged, in chunks of this many. */
    readonly chunk: number,
  ) {}

  async stage(version: NewVersion): Promise<string> {
    const versionId = version.version.id as string;
    this.staged.push(versionId);
    await this.db.run('stack/stage-version', { versionId, stackId: version.stackId });
    for (let i = 0; i < version.resources.length; i += this.chunk) {
      const rows = version.resources.slice(i, i + this.chunk).map((r) => withIntegers(r.fields));
      const [row] = await this.db.run<{ staged: number }>('stack/stage-resources', {
        versionId,
        resources: rows,
      });
      // The sweeper began to discard it (the command ran past STAGED_VERSION_TTL_SECONDS).
      if (Number(row?.staged ?? 0) !== rows.length)
        throw new Error(`staged version ${versionId} was discarded`);
    }
    const ids = version.resources.map((r) => r.fields.id as string);
    const edges = version.edges.map(([a, b]) => [ids[a]!, ids[b]!]);
    for (let i = 0; i < edges.length; i += this.chunk * 2)
      await this.db.run('stack/stage-edges', { edges: edges.slice(i, i + this.chunk * 2) });
    return versionId;
  }

  /** Deletes what this command staged and did not attach (an attached version is left alone). */
  async discardUnattached(): Promise<void> {
    for (const versionId of this.staged) await discardStagedVersion(this.db, versionId, this.chunk);
  }
}

/** Deletes a staged, never attached version, chunk by chunk; does nothing to an attached one. */
export async function discardStagedVersion(db: Database, versionId: string, chunk: number): Promise<void> {
  for (;;) {
    const [row] = await db.run<{ deleted: number }>('stack/discard-staged', { versionId, limit: int(chunk) });
    if (!row || Number(row.deleted) < chunk) return;
  }
}

/** The statements of one command's transaction. */
export class StackTransaction {
  /** Stacks this command brought to a terminal status (their parked parents finish in the same transaction). */
  readonly terminal: string[] = [];
  /** Live-status changes made so far; `countStatuses` turns them into counter updates at the end. */
  private readonly statusChanges: StatusChange[] = [];
  /** Stacks created by this transaction: nobody else can see their ids before it commits. */
  private readonly created = new Set<string>();

  constructor(
    private readonly tx: Transaction,
    private readonly stager: VersionStager | null = null,
  ) {}

  /**
   * Creates the stack node and answers it as locked (creating it took its write lock, and nothing
   * else can see it before this transaction commits), so no lock-by-id read has to follow.
   */
  async insertStack(stack: NewStack): Promise<LockedStack> {
    try {
      const [row] = await this.tx.run<{ stack: Raw }>('stack/insert', {
        ...stack,
        timeoutSeconds: stack.timeoutSeconds == null ? null : int(stack.timeoutSeconds),
        concurrency: stack.concurrency ? int(stack.concurrency) : null,
      });
      this.statusChanges.push({ tenant: stack.tenant, before: null, after: 'INIT_COMPLETE' });
      this.created.add(stack.id);
      return { stack: row!.stack, version: null };
    } catch (error) {
      if (String((error as { code?: string }).code).includes('ConstraintValidationFailed'))
        throw new DuplicateStackError(stack.name);
      throw error;
    }
  }

  async lockByName(tenant: string, name: string): Promise<LockedStack | null> {
    return (await this.tx.run<LockedStack>('stack/lock-by-name', { tenant, name }))[0] ?? null;
  }

  async lockById(id: string): Promise<LockedStack | null> {
    return (await this.tx.run<LockedStack>('stack/lock-by-id', { id }))[0] ?? null;
  }

  /** Every live copy and every outstanding work item of earlier traversals. */
  async readLive(stackId: string): Promise<LiveEntry[]> {
    return decodeLive(await this.tx.run<Raw>('stack/read-live', { stackId }));
  }

  /** Resources of the current version with an observed-ready live copy, not held by an action. */
  async observedLiveCount(stackId: string): Promise<number> {
    return (await this.tx.run<{ observed: number }>('stack/observed-live', { stackId }))[0]?.observed ?? 0;
  }

  async versionByNumber(stackId: string, number: number): Promise<Raw | null> {
    const rows = await this.tx.run<{ version: Raw }>('read/version-by-number', {
      stackId,
      number: int(number),
    });
    return rows[0]?.version ?? null;
  }

  /**
   * Persists a version and its resources. A large version of a stack this transaction created
   * (more resources than the stager's chunk) is staged in chunks first, each
   * its own transaction, and attached here in one statement: Neo4j's transaction memory then bounds
   * the chunk, not the stack. Its resources carry the id of a stack nobody else can see yet, so
   * no claim or read comes across them before this commits.
   */
  async insertVersion(version: NewVersion): Promise<void> {
    // A stack created by this transaction has no live copies, so nothing is carried over.
    if (this.stager && this.created.has(version.stackId) && version.resources.length > this.stager.chunk) {
      const versionId = await this.stager.stage(version);
      const rows = await this.tx.run('stack/attach-staged', {
        stackId: version.stackId,
        versionId,
        version: withIntegers(version.version),
        chunks: int(Math.ceil(version.resources.length / this.stager.chunk)),
      });
      if (rows.length === 0)
        throw new Error(`staged version ${versionId} was discarded before it was attached`);
      return;
    }
    await this.tx.run('stack/insert-version', {
      stackId: version.stackId,
      version: withIntegers(version.version),
      resources: version.resources.map((r) => ({ fields: withIntegers(r.fields), baseId: r.baseId })),
      edges: version.edges.map(([a, b, carried]) => [int(a), int(b), int(carried)]),
    });
  }

  /** Work for existing resources in a new traversal (or their retirement). */
  async setWork(updates: Array<{ id: string; set: Raw }>): Promise<void> {
    if (updates.length === 0) return;
    await this.tx.run('stack/set-work', {
      updates: updates.map((u) => ({ id: u.id, set: withIntegers(u.set) })),
    });
  }

  /**
   * The parent item of a nested-stack action, if it still holds lease `token`, and the child
   * stack it already owns (by its idempotency key, or by the child id it recorded).
   */
  async nestedOwner(q: {
    resourceId: string;
    token: string;
    ownerKey: string;
    childId: string | null;
  }): Promise<{ id: string; stackId: string; childId: string | null } | null> {
    const rows = await this.tx.run<{ id: string; stackId: string; childId: string | null }>(
      'stack/nested-owner',
      q,
    );
    return rows[0] ?? null;
  }

  /**
   * Links parent resource and child stack; with `park`, parks the parent's lease (see the
   * statement). Null when the parent no longer holds lease `token`.
   */
  async linkNested(q: {
    resourceId: string;
    token: string;
    childId: string;
    ownerKey: string;
    depth: number;
    park: boolean;
    wait: { verb: string; properties: string; refs: string[] };
  }): Promise<{ parentVersionId: string | null } | null> {
    const rows = await this.tx.run<{ parentVersionId: string | null }>('stack/nested-link', {
      ...q,
      depth: int(q.depth),
    });
    return rows[0] ?? null;
  }

  /** Child stacks creating or updating for parked parents in this stack. */
  async runningChildren(stackId: string): Promise<string[]> {
    return (await this.tx.run<{ id: string }>('stack/nested-running', { stackId })).map((r) => r.id);
  }

  /** A child stack with its current version's outputs and resources. */
  async nestedView(childId: string): Promise<NestedViewRow | null> {
    return (await this.tx.run<NestedViewRow>('stack/nested-view', { childId }))[0] ?? null;
  }

  /** Records what a check found on each live copy (`drift`: JSON with secrets sealed). */
  async setDrift(drifts: Array<{ id: string; drift: string; checkedAt: number }>): Promise<void> {
    if (drifts.length === 0) return;
    await this.tx.run('stack/set-drift', {
      drifts: drifts.map((d) => ({ ...d, checkedAt: int(d.checkedAt) })),
    });
  }

  /** A command's decision about the stack: its fields, its current version's status, its events. */
  async writeStack(stackId: string, write: StackCommandWrite): Promise<void> {
    const status = write.set.status;
    if (typeof status === 'string' && (status.endsWith('_COMPLETE') || status.endsWith('_FAILED')))
      this.terminal.push(stackId);
    if (write.events.length > 0)
      await this.tx.run('engine/append-events', { batches: toBatches(write.events) });
    this.statusChanges.push(
      ...(await this.tx.run<StatusChange>('engine/update-stacks', {
        stacks: [{ id: stackId, set: withIntegers(write.set), versionStatus: write.versionStatus }],
      })),
    );
  }

  /** The transaction's last statement: the per-status stack counts follow its status changes. */
  async countStatuses(): Promise<void> {
    await countStatuses(this.tx, this.statusChanges);
  }
}

/** Adjusts the live stacks' per-status counters (last in a transaction: see count-statuses.cypher). */
/** Shards of each per-status counter (see engine/count-statuses and migration 012). */
const STATUS_COUNT_SHARDS = 16;

export async function countStatuses(tx: Transaction, changes: readonly StatusChange[]): Promise<void> {
  const deltas = statusCountDeltas(changes);
  if (deltas.length > 0)
    await tx.run('engine/count-statuses', {
      deltas: deltas.map((d) => ({ ...d, delta: int(d.delta) })),
      shard: int(randomInt(STATUS_COUNT_SHARDS)),
    });
}

export class StackStore {
  constructor(
    private readonly db: Database,
    /** Finishes parents parked on child stacks a command ends (timeouts, cancels, empty traversals). */
    private readonly nested?: NestedFinisher,
    /** VERSION_CHUNK_RESOURCES: new stacks' versions with more resources are written in chunks. */
    private readonly versionChunk = DEFAULT_VERSION_CHUNK,
  ) {}

  /**
   * One command: a write transaction that the driver may retry (keep side effects outside).
   * `onNested` receives what finishing parked parents did (events to publish), once committed.
   */
  async transaction<T>(
    work: (tx: StackTransaction) => Promise<T>,
    onNested?: (result: CommitResult) => void,
  ): Promise<T> {
    let nestedResult: CommitResult | null = null;
    const stager = new VersionStager(this.db, this.versionChunk);
    try {
      const result = await this.db.transaction(async (tx) => {
        nestedResult = null;
        const stackTx = new StackTransaction(tx, stager);
        const out = await work(stackTx);
        await stackTx.countStatuses();
        if (this.nested && stackTx.terminal.length > 0)
          nestedResult = await finishNestedWaiters(tx, stackTx.terminal, Date.now(), this.nested);
        return out;
      });
      if (nestedResult && onNested) onNested(nestedResult);
      return result;
    } finally {
      // What a failed attempt (or a failed command) staged; the committed one is attached and kept.
      // Best effort: if Neo4j is gone now, the sweeper deletes it later (engine/abandoned-staged).
      if (stager.staged.length > 0) await stager.discardUnattached().catch(() => undefined);
    }
  }

  /** The live stack with this name and its current version, without locking it (previews). */
  async current(tenant: string, name: string): Promise<LockedStack | null> {
    const rows = await this.db.readWhole<LockedStack>('stack/current-by-name', { tenant, name }, wholeRead);
    return rows[0] ?? null;
  }

  /**
   * What a nested-stack action needs before its transaction, read without locks (see
   * stack/nested-prepare.cypher); null when the parent stack is gone.
   */
  async nestedPrepare(q: {
    stackId: string;
    resourceId: string;
    token: string;
    ownerKey: string;
    childId: string | null;
  }): Promise<NestedPrepared | null> {
    // The parent stack is rewritten by every claim and commit while its members start: a torn
    // read (see `wholeStack`) must not name a child after nothing or put it in no tenant.
    return (await this.db.readWhole<NestedPrepared>('stack/nested-prepare', q, wholeRead))[0] ?? null;
  }

  /** `StackTransaction.nestedView` outside a command. */
  async nestedView(childId: string): Promise<NestedViewRow | null> {
    return (await this.db.read<NestedViewRow>('stack/nested-view', { childId }))[0] ?? null;
  }

  /** `StackTransaction.readLive` outside a command (previews). */
  async readLive(stackId: string): Promise<LiveEntry[]> {
    return decodeLive(await this.db.read<Raw>('stack/read-live', { stackId }));
  }

  /** Stacks of a tenant with this name (deleted ones and the live one). */
  byName(tenant: string, name: string): Promise<Array<{ id: string; live: boolean }>> {
    return this.db.read<{ id: string; live: boolean }>('stack/deleted-by-name', { tenant, name });
  }

  /** Removes a deleted stack's history in batches; returns the number of stacks removed. */
  async purge(id: string): Promise<number> {
    for (const statement of ['stack/purge-resources', 'stack/purge-events']) {
      while (((await this.db.run<{ deleted: number }>(statement, { id }))[0]?.deleted ?? 0) > 0);
    }
    return (await this.db.run<{ deleted: number }>('stack/purge-stack', { id }))[0]?.deleted ?? 0;
  }
}

function decodeLive(rows: Raw[]): LiveEntry[] {
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    copyId: r.copyId as string,
    refs: (r.refs as string[] | null) ?? [],
    busy: r.busy === true,
    live: r.live === true,
    type: r.type as string,
    status: (r.status as string | null) ?? 'INIT_COMPLETE',
    observedReady: r.observedReady === true,
    version: (r.version as number | null) ?? 0,
    appliedProperties: r.appliedProperties ? parseJson(r.appliedProperties, {}) : null,
    attributes: parseJson(r.attributes, {}),
    physicalResourceId: (r.physicalResourceId as string | null) ?? null,
    drift: r.drift ? parseJson(r.drift, null) : null,
    nestedInputs: (r.nestedInputs as string | null) ?? null,
    linkedFrom: (r.linkedFrom as string[] | null) ?? [],
  }));
}

/** Neo4j refused the transaction for lack of memory: the stack is too large for its heap. */
export function isMemoryLimit(error: unknown): boolean {
  return (
    (error as { code?: string } | null)?.code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError'
  );
}
