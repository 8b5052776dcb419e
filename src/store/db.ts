import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { DB_NAME, DB_VERSION, type WirthforgeDB } from './schema';
import { DatabaseBlockedError, DatabaseNewerError, DatabaseSupersededError } from './errors';
import { dbStatus } from './db-status.svelte';

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
  3: () => {
    // No store changes. Engine probes now store councils of one member (`council.members` = 1, the
    // lone runs of its rounds), which a version-2 build's schema rejects: it would set every new
    // benchmark run aside. At version 3 such a build cannot open the database at all (schema.ts).
  },
};

/** What happens to a connection while it is open (see SharedDb): each gets the named error a person reads. */
export interface DbEvents {
  /** This open waits: another tab holds the database at an older version. */
  blocked?(err: DatabaseBlockedError): void;
  /** Another tab opened the database at a newer version, or deletes it: this connection was closed so that tab can go on. */
  superseded?(err: DatabaseSupersededError): void;
  /** The browser closed the connection itself (site data cleared, disk gone). */
  terminated?(): void;
}

/**
 * Opens (and migrates) the app's database to `version` (the current one unless a test asks). A
 * database of a newer version (a newer build wrote it) rejects with DatabaseNewerError; an open
 * connection closes itself as soon as another tab asks for a newer version, or else that tab would
 * wait for this one to close for as long as it stays open.
 */
export async function openWirthforgeDb(name = DB_NAME, version = DB_VERSION, events: DbEvents = {}): Promise<Db> {
  try {
    return await openDB<WirthforgeDB>(name, version, {
      upgrade(db, oldVersion, newVersion, tx) {
        // An upgrade that throws aborts its transaction: the open rejects with why, and the
        // transaction's own `done` (which nothing else awaits) must not reject unhandled as well.
        tx.done.catch(() => undefined);
        for (let v = oldVersion + 1; v <= (newVersion ?? version); v++) MIGRATIONS[v](db, tx);
      },
      blocked() {
        const err = new DatabaseBlockedError();
        if (events.blocked) events.blocked(err);
        else console.warn(`WIRTHFORGE: ${err.message}`);
      },
      blocking(_current, newVersion, event) {
        (event.target as IDBDatabase).close();
        events.superseded?.(new DatabaseSupersededError(newVersion === null));
      },
      terminated() {
        events.terminated?.();
      },
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'VersionError') throw new DatabaseNewerError();
    throw err;
  }
}

/** Why the app-wide connection cannot be used in this tab (or waits), for the banner. */
export type DbProblem = DatabaseBlockedError | DatabaseSupersededError | DatabaseNewerError;

/**
 * The app-wide connection, opened once: a connection the browser closed is opened again on next
 * use; one closed for a newer tab, or a database too new for this build, rejects every later use
 * with its named error (a reload is the way on). `onProblem` hears each change (null once an open
 * that waited goes through).
 */
export class SharedDb {
  private connection: Promise<Db> | null = null;
  private refused: Error | null = null;

  constructor(
    private readonly name: string,
    private readonly version: number,
    private readonly onProblem: (problem: DbProblem | null) => void = () => undefined,
  ) {}

  get(): Promise<Db> {
    if (this.refused) return Promise.reject(this.refused);
    this.connection ??= this.open();
    return this.connection;
  }

  private async open(): Promise<Db> {
    let waited = false;
    try {
      const d = await openWirthforgeDb(this.name, this.version, {
        blocked: (error) => {
          waited = true;
          this.onProblem(error);
        },
        superseded: (error) => this.refuse(error),
        terminated: () => {
          this.connection = null;
        },
      });
      if (waited) this.onProblem(null);
      return d;
    } catch (err) {
      if (err instanceof DatabaseNewerError) this.refuse(err);
      else {
        // Any other failure (storage switched off, a private window that refuses IndexedDB, an
        // upgrade that aborted after it waited): no banner stays up, and the next use tries again.
        if (waited) this.onProblem(null);
        this.connection = null;
      }
      throw err;
    }
  }

  private refuse(error: DatabaseSupersededError | DatabaseNewerError): void {
    this.refused = error;
    this.connection = null;
    this.onProblem(error);
  }
}

const shared = new SharedDb(DB_NAME, DB_VERSION, (problem) => (dbStatus.problem = problem));

/**
 * Whether a failure comes from stored data out of this tab's reach, which the banner explains: the
 * refusals, and the browser's InvalidStateError from a connection held across the moment it closed
 * for another tab (a read that began before).
 */
export function outOfReach(err: unknown): boolean {
  if (err instanceof DatabaseNewerError || err instanceof DatabaseSupersededError) return true;
  const problem = dbStatus.problem;
  return err instanceof DOMException && err.name === 'InvalidStateError' && problem !== null && !(problem instanceof DatabaseBlockedError);
}

/** What a screen says of a change it could not store because of outOfReach (the banner says the rest). */
export const NOT_IN_REACH = "the stored data is out of this page's reach for now; the notice at the top says why and what to do.";

/** The app-wide connection (see SharedDb). */
export function db(): Promise<Db> {
  return shared.get();
}

/** A short unique id for records (time-ordered, so keys sort by creation). */
export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
