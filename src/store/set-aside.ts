import type { Db } from './db';
import { newId } from './db';
import type { SetAsideRecord } from './schema';
import type { RecordStore } from './schemas';
import { pruneIn } from './retention';

/**
 * Moves a stored record that fails its schema out of its store into `setAside`, in one
 * transaction, so no screen reads it again; the Data screen lists what was set aside and why.
 * Never throws: a record that cannot be moved is still skipped by the read that found it.
 */
export async function setAside(d: Db, store: RecordStore, key: IDBValidKey | undefined, reasons: string[], record: unknown): Promise<void> {
  try {
    const tx = d.transaction([store, 'setAside'], 'readwrite');
    // Keyed by store and key: two reads that meet the same bad record set it aside once.
    const id = key === undefined ? newId('aside') : `${store}/${String(key)}`;
    const entry: SetAsideRecord = { id, at: Date.now(), store, key: key === undefined ? null : String(key), reasons, record };
    await tx.objectStore('setAside').put(entry);
    if (key !== undefined) await tx.objectStore(store).delete(key as string);
    await pruneIn(tx, 'setAside');
    await tx.done;
  } catch {
    // Storage full or closed: the read still skips the record.
  }
}

/** Every set-aside record, newest first. */
export async function listSetAside(d: Db): Promise<SetAsideRecord[]> {
  return (await d.getAllFromIndex('setAside', 'at')).reverse();
}

export async function clearSetAside(d: Db): Promise<void> {
  await d.clear('setAside');
}
