import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { DB_NAME, DB_VERSION, type WirthforgeDB } from './schema';

export type Db = IDBPDatabase<WirthforgeDB>;
type UpgradeTx = IDBPTransaction<WirthforgeDB, StoreNames<WirthforgeDB>[], 'versionchange'>;

/**
 * One step per version, run in order from the stored version up to the one asked for. Never edit
 * a step once released; add the next one.
 */
const MIGRATIONS: Record<number, (db: Db, tx: UpgradeTx) => void> = {
  1: (db) => {
    db.createObjectStore('profiles', { keyPath: 'id' }).createIndex('detectedAt', 'detectedAt');
    db.createObjectStore('benchmarkRuns', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
    db.createObjectStore('baselines', { keyPath: 'id' }).createIndex('metric', 'metric');
    db.createObjectStore('settings', { keyPath: 'key' });
    db.createObjectStore('actionLog', { keyPath: 'id' }).createIndex('at', 'at');
    db.createObjectStore('customModels', { keyPath: 'id' });
    db.createObjectStore('measurements', { keyPath: 'id' }).createIndex('modelId', 'modelId');
    db.createObjectStore('metricsHistory', { keyPath: 'id' }).createIndex('at', 'at');
    db.createObjectStore('loadTestRuns', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
  },
  2: (db, tx) => {
    // Retention prunes the oldest measurements and the feedback reads the newest: both by time.
    tx.objectStore('measurements').createIndex('at', 'at');
    db.createObjectStore('setAside', { keyPath: 'id' }).createIndex('at', 'at');
  },
};

/** Opens (and migrates) the app's database to `version` (the current one unless a test asks). */
export function openWirthforgeDb(name = DB_NAME, version = DB_VERSION): Promise<Db> {
  return openDB<WirthforgeDB>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion + 1; v <= (newVersion ?? version); v++) MIGRATIONS[v](db, tx);
    },
    blocked() {
      console.warn('WIRTHFORGE: another tab holds an older database version; close it to upgrade.');
    },
  });
}

let shared: Promise<Db> | null = null;

/** The app-wide connection, opened once. */
export function db(): Promise<Db> {
  shared ??= openWirthforgeDb();
  return shared;
}

/** A short unique id for records (time-ordered, so keys sort by creation). */
export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
