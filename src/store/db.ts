import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, type WirthforgeDB } from './schema';

export type Db = IDBPDatabase<WirthforgeDB>;

/** Opens (and migrates) the app's database. Migrations are cumulative: a step per version. */
export function openWirthforgeDb(name = DB_NAME, version = DB_VERSION): Promise<Db> {
  return openDB<WirthforgeDB>(name, version, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('profiles', { keyPath: 'id' }).createIndex('detectedAt', 'detectedAt');
        db.createObjectStore('benchmarkRuns', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
        db.createObjectStore('baselines', { keyPath: 'id' }).createIndex('metric', 'metric');
        db.createObjectStore('settings', { keyPath: 'key' });
        db.createObjectStore('actionLog', { keyPath: 'id' }).createIndex('at', 'at');
        db.createObjectStore('customModels', { keyPath: 'id' });
        db.createObjectStore('measurements', { keyPath: 'id' }).createIndex('modelId', 'modelId');
        db.createObjectStore('metricsHistory', { keyPath: 'id' }).createIndex('at', 'at');
        db.createObjectStore('loadTestRuns', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
      }
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
