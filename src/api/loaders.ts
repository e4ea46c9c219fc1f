import DataLoader from 'dataloader';
import type {
  Reads,
  ResourceRecord,
  StackRecord,
  StoredEvent,
  VersionRecord,
  VersionTemplate,
} from '../store/reads.ts';

const fromMap =
  <K, V>(load: (keys: readonly K[]) => Promise<Map<K, V>>, missing: V) =>
  async (keys: readonly K[]) => {
    const map = await load(keys);
    return keys.map((k) => map.get(k) ?? missing);
  };

/**
 * Per-request DataLoaders: every relation a resolver follows goes through one of these, so a
 * query's Cypher round trips depend on its shape, not on how many stacks or resources it touches.
 */
export function createLoaders(reads: Reads) {
  const eventLoaders = new Map<string, DataLoader<string, StoredEvent[]>>();
  return {
    stack: new DataLoader<string, StackRecord | null>(fromMap((ids) => reads.stacksByIds(ids), null)),
    currentVersion: new DataLoader<string, VersionRecord | null>(
      fromMap((ids) => reads.currentVersions(ids), null),
    ),
    versions: new DataLoader<string, VersionRecord[]>(fromMap((ids) => reads.versionsByStacks(ids), [])),
    /** Live nested stacks by parent stack id (one level). */
    nested: new DataLoader<string, StackRecord[]>(fromMap((ids) => reads.nestedStacks(ids), [])),
    resources: new DataLoader<string, ResourceRecord[]>(fromMap((ids) => reads.resourcesByVersions(ids), [])),
    /** Live copies by stack id (see `withLiveCopies`). */
    liveCopies: new DataLoader<string, ResourceRecord[]>(fromMap((ids) => reads.liveCopies(ids), [])),
    template: new DataLoader<string, VersionTemplate | null>(
      fromMap((ids) => reads.versionTemplates(ids), null),
    ),
    /** Events of many stacks with the same window are read in one statement per window. */
    events(after: number, first: number): DataLoader<string, StoredEvent[]> {
      const key = `${after}:${first}`;
      let loader = eventLoaders.get(key);
      if (!loader) {
        loader = new DataLoader<string, StoredEvent[]>(
          fromMap((ids) => reads.eventsOfStacks(ids, after, first), []),
        );
        eventLoaders.set(key, loader);
      }
      return loader;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
