import { DB_VERSION, type WirthforgeDB } from './schema';
import { checkRecord, RECORD_STORES, type RecordStore } from './schemas';
import { BackupFormatError, BackupTooLargeError, toStorageError } from './errors';
import { withoutSecrets } from './secrets';
import { pruneAll } from './retention';
import type { Db } from './db';

export const BACKUP_FORMAT = 'wirthforge-performance-backup';
/** Largest file an import reads: a full backup within every retention bound is a few MB. */
export const MAX_IMPORT_BYTES = 20 * 2 ** 20;

export type BackupStores = { [S in RecordStore]: WirthforgeDB[S]['value'][] };

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  /** Database version the records were written with. */
  dbVersion: number;
  exportedAt: number;
  /** Whether API keys were included (the person ticked "include secrets"). */
  secretsIncluded?: boolean;
  stores: BackupStores;
}

/**
 * Reads every record of every store in one read-only transaction. API keys are left out unless
 * `includeSecrets`. Records that fail their schema are left out too (they could not be imported).
 */
export async function exportAll(db: Db, { includeSecrets = false } = {}): Promise<BackupFile> {
  const tx = db.transaction([...RECORD_STORES], 'readonly');
  const entries = await Promise.all(RECORD_STORES.map(async (name) => [name, await tx.objectStore(name).getAll()] as const));
  await tx.done;
  const stores = Object.fromEntries(entries.map(([name, records]) => [name, records.filter((r) => checkRecord(name, r).ok)])) as BackupStores;
  if (!includeSecrets) stores.customModels = stores.customModels.map(withoutSecrets);
  return { format: BACKUP_FORMAT, dbVersion: DB_VERSION, exportedAt: Date.now(), secretsIncluded: includeSecrets, stores };
}

/** One line per bad record: its first few reasons, then how many more. */
function summarise(reasons: string[], shown = 4): string {
  const more = reasons.length - shown;
  return reasons.slice(0, shown).join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

/** Refuses a file over MAX_IMPORT_BYTES before reading it. */
export function checkImportSize(bytes: number, limit = MAX_IMPORT_BYTES): void {
  if (bytes > limit) throw new BackupTooLargeError(bytes, limit);
}

/**
 * Parses and validates a backup file's text. Throws BackupFormatError listing every bad record
 * (store, position, key, field and why); returns only when every record is valid.
 */
export function parseBackup(text: string): BackupFile {
  checkImportSize(text.length);
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
  const valid: Partial<Record<RecordStore, unknown[]>> = {};
  for (const name of Object.keys(stores)) {
    if (!(RECORD_STORES as readonly string[]).includes(name)) problems.push(`unknown store "${name}"`);
  }
  for (const name of RECORD_STORES) {
    const records = stores[name] ?? [];
    if (!Array.isArray(records)) {
      problems.push(`${name}: must be an array of records`);
      continue;
    }
    const seen = new Set<unknown>();
    valid[name] = records.map((record, i) => {
      const key = (record as Record<string, unknown> | null)?.[name === 'settings' ? 'key' : 'id'];
      const label = `${name}[${i}]${typeof key === 'string' ? ` (${key})` : ''}`;
      const checked = checkRecord(name, record);
      if (!checked.ok) problems.push(`${label}: ${summarise(checked.reasons)}`);
      if (seen.has(key)) problems.push(`${label}: duplicate key`);
      seen.add(key);
      return checked.ok ? checked.value : record;
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
  return {
    format: BACKUP_FORMAT,
    dbVersion: file.dbVersion,
    exportedAt: Number(file.exportedAt) || 0,
    secretsIncluded: file.secretsIncluded === true,
    stores: valid as BackupStores,
  };
}

/**
 * Writes a validated backup in one read-write transaction: records with the same key are
 * replaced, others are kept. If any write fails the transaction aborts and nothing changes.
 * Then every bounded store is pruned to its retention bound.
 */
export async function importBackup(db: Db, backup: BackupFile): Promise<number> {
  const tx = db.transaction([...RECORD_STORES], 'readwrite');
  // Every put is queued synchronously, so the transaction never waits on other work.
  const writes = RECORD_STORES.flatMap((name) => backup.stores[name].map((record) => tx.objectStore(name).put(record as never)));
  try {
    await Promise.all([...writes, tx.done]);
  } catch (err) {
    throw toStorageError(err, 'import');
  }
  // The import is committed: a prune that fails now (the connection closed for another tab, say)
  // must not report it as failed. Every later write prunes its store again (retention.ts).
  await pruneAll(db).catch(() => undefined);
  return writes.length;
}
