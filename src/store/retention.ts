import type { IDBPTransaction, StoreNames } from 'idb';
import type { Db } from './db';
import { toStorageError } from './errors';
import type { WirthforgeDB } from './schema';

/**
 * Every store that grows with use keeps its newest `keep` records (by the time index); older ones
 * are pruned when a record is written. The Data screen shows these bounds.
 * metricsHistory and actionLog are written and trimmed by the monitor (src/monitor/history.ts
 * HISTORY_KEEP, monitor.svelte.ts ACTION_LOG_KEEP); retention.test.ts checks the numbers agree.
 */
export const RETENTION = {
  measurements: { index: 'at', keep: 5000, what: 'predicted vs measured speeds' },
  benchmarkRuns: { index: 'startedAt', keep: 200, what: 'benchmark runs' },
  loadTestRuns: { index: 'startedAt', keep: 50, what: 'load-test runs with their requests' },
  profiles: { index: 'detectedAt', keep: 50, what: 'hardware profiles' },
  metricsHistory: { index: 'at', keep: 360, what: 'monitor history windows (10 s each)' },
  actionLog: { index: 'at', keep: 1000, what: 'optimiser actions' },
  setAside: { index: 'at', keep: 500, what: 'records set aside' },
} as const;

export type BoundedStore = keyof typeof RETENTION;

type WriteTx = IDBPTransaction<WirthforgeDB, ArrayLike<StoreNames<WirthforgeDB>>, 'readwrite'>;

/** Deletes the oldest records of `store` beyond its bound, inside the caller's transaction. */
export async function pruneIn(tx: WriteTx, store: BoundedStore): Promise<number> {
  const os = tx.objectStore(store);
  let excess = (await os.count()) - RETENTION[store].keep;
  let removed = 0;
  let cursor = excess > 0 ? await os.index(RETENTION[store].index as never).openCursor() : null;
  while (cursor && excess > 0) {
    await cursor.delete();
    excess--;
    removed++;
    cursor = await cursor.continue();
  }
  return removed;
}

/** Writes one record and prunes the store to its bound, in one transaction. */
export async function putBounded<S extends BoundedStore>(d: Db, store: S, record: WirthforgeDB[S]['value']): Promise<void> {
  try {
    const tx = d.transaction([store], 'readwrite');
    await tx.objectStore(store).put(record as never);
    await pruneIn(tx as unknown as WriteTx, store);
    await tx.done;
  } catch (err) {
    throw toStorageError(err, store);
  }
}

/** Prunes every bounded store (after an import, which may bring more than a bound). */
export async function pruneAll(d: Db): Promise<number> {
  const stores = Object.keys(RETENTION) as BoundedStore[];
  const tx = d.transaction(stores, 'readwrite');
  let removed = 0;
  for (const s of stores) removed += await pruneIn(tx, s);
  await tx.done;
  return removed;
}
