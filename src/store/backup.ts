import { DB_VERSION, STORE_NAMES, type StoreName, type WirthforgeDB } from './schema';
import { keyField, recordSpecs } from './records';
import { checkRecord } from './validate';
import { BackupFormatError, toStorageError } from './errors';
import type { Db } from './db';

export const BACKUP_FORMAT = 'wirthforge-performance-backup';

export type BackupStores = { [S in StoreName]: WirthforgeDB[S]['value'][] };

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  /** Database version the records were written with. */
  dbVersion: number;
  exportedAt: number;
  stores: BackupStores;
}

/** Reads every record of every store in one read-only transaction. */
export async function exportAll(db: Db): Promise<BackupFile> {
  const tx = db.transaction([...STORE_NAMES], 'readonly');
  const entries = await Promise.all(STORE_NAMES.map(async (name) => [name, await tx.objectStore(name).getAll()] as const));
  await tx.done;
  return { format: BACKUP_FORMAT, dbVersion: DB_VERSION, exportedAt: Date.now(), stores: Object.fromEntries(entries) as BackupStores };
}

/**
 * Parses and validates a backup file's text. Throws BackupFormatError listing every bad record
 * (store, position, key, field and why); returns only when every record is valid.
 */
export function parseBackup(text: string): BackupFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BackupFormatError(`This file is not valid JSON (${(err as Error).message}). Choose a file exported by WIRTHFORGE Performance.`);
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw new BackupFormatError(`This is not a WIRTHFORGE Performance backup (missing "format": "${BACKUP_FORMAT}").`);
  }
  const file = data as Partial<BackupFile> & Record<string, unknown>;
  if (typeof file.dbVersion !== 'number' || file.dbVersion > DB_VERSION) {
    throw new BackupFormatError(
      `This backup was written by a newer version of the app (database v${String(file.dbVersion)}, this app knows v${DB_VERSION}). Update the app, then import again.`,
    );
  }
  if (typeof file.stores !== 'object' || file.stores === null) {
    throw new BackupFormatError('The backup has no "stores" object.');
  }
  const problems: string[] = [];
  const stores = file.stores as Record<string, unknown>;
  for (const name of Object.keys(stores)) {
    if (!(STORE_NAMES as readonly string[]).includes(name)) problems.push(`unknown store "${name}"`);
  }
  for (const name of STORE_NAMES) {
    const records = stores[name] ?? [];
    if (!Array.isArray(records)) {
      problems.push(`${name}: must be an array of records`);
      continue;
    }
    const seen = new Set<unknown>();
    records.forEach((record, i) => {
      const key = (record as Record<string, unknown> | null)?.[keyField(name)];
      const label = `${name}[${i}]${typeof key === 'string' ? ` (${key})` : ''}`;
      for (const p of checkRecord(record, recordSpecs[name])) problems.push(`${label}: ${p}`);
      if (seen.has(key)) problems.push(`${label}: duplicate key`);
      seen.add(key);
    });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
    throw new BackupFormatError(
      `Import refused: ${problems.length} problem${problems.length === 1 ? '' : 's'} found${more}. Nothing was changed.`,
      problems,
    );
  }
  const complete = Object.fromEntries(STORE_NAMES.map((n) => [n, (stores[n] as unknown[]) ?? []])) as BackupStores;
  return { format: BACKUP_FORMAT, dbVersion: file.dbVersion, exportedAt: Number(file.exportedAt) || 0, stores: complete };
}

/**
 * Writes a validated backup in one read-write transaction: records with the same key are
 * replaced, others are kept. If any write fails the transaction aborts and nothing changes.
 */
export async function importBackup(db: Db, backup: BackupFile): Promise<number> {
  const tx = db.transaction([...STORE_NAMES], 'readwrite');
  // Every put is queued synchronously, so the transaction never waits on other work.
  const writes = STORE_NAMES.flatMap((name) => backup.stores[name].map((record) => tx.objectStore(name).put(record as never)));
  try {
    await Promise.all([...writes, tx.done]);
  } catch (err) {
    throw toStorageError(err, 'import');
  }
  return writes.length;
}
