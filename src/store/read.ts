import type { IndexNames, StoreKey } from 'idb';
import { db as appDb, type Db } from './db';
import type { WirthforgeDB } from './schema';
import { checkRecord, type RecordOf, type RecordStore } from './schemas';
import { setAside } from './set-aside';

/**
 * Every read of stored records goes through here: each record is checked against its store's
 * schema, and a bad one is set aside (see set-aside.ts) instead of reaching a screen.
 */

interface Bad {
  value: unknown;
  reasons: string[];
}

const keyOf = (store: RecordStore, value: unknown): IDBValidKey | undefined => {
  const k = (value as Record<string, unknown> | null)?.[store === 'settings' ? 'key' : 'id'];
  return typeof k === 'string' || typeof k === 'number' ? k : undefined;
};

/** Sorts one value into `valid` or `bad` (synchronous, so it can run inside a cursor walk). */
function sortOut<S extends RecordStore>(store: S, value: unknown, valid: RecordOf<S>[], bad: Bad[]): void {
  const checked = checkRecord(store, value);
  if (checked.ok) valid.push(checked.value);
  else bad.push({ value, reasons: checked.reasons });
}

async function setAsideAll(d: Db, store: RecordStore, bad: Bad[]): Promise<void> {
  for (const b of bad) await setAside(d, store, keyOf(store, b.value), b.reasons, b.value);
}

/** The valid records among `values`; the others are set aside. */
export async function keepValid<S extends RecordStore>(d: Db, store: S, values: unknown[]): Promise<RecordOf<S>[]> {
  const valid: RecordOf<S>[] = [];
  const bad: Bad[] = [];
  for (const value of values) sortOut(store, value, valid, bad);
  await setAsideAll(d, store, bad);
  return valid;
}

export async function readAll<S extends RecordStore>(store: S, d?: Db): Promise<RecordOf<S>[]> {
  const database = d ?? (await appDb());
  return keepValid(database, store, await database.getAll(store));
}

export async function readOne<S extends RecordStore>(store: S, key: StoreKey<WirthforgeDB, S>, d?: Db): Promise<RecordOf<S> | undefined> {
  const database = d ?? (await appDb());
  const value = await database.get(store, key);
  return value === undefined ? undefined : (await keepValid(database, store, [value]))[0];
}

export interface IndexRead<S extends RecordStore> {
  /** 'prev' (default) walks newest first on a time index. */
  direction?: IDBCursorDirection;
  limit?: number;
  query?: IDBKeyRange | IDBValidKey | null;
  /** Ends the walk early once the caller has what it needs. */
  stop?: (taken: RecordOf<S>[]) => boolean;
}

/**
 * Up to `limit` valid records in index order, read with a cursor so that a large store is never
 * loaded whole. Bad records met on the way are set aside after the walk.
 */
export async function readByIndex<S extends RecordStore>(store: S, index: IndexNames<WirthforgeDB, S>, read: IndexRead<S> = {}, d?: Db): Promise<RecordOf<S>[]> {
  const database = d ?? (await appDb());
  const { direction = 'prev', limit = Infinity, query = null, stop } = read;
  const valid: RecordOf<S>[] = [];
  const bad: Bad[] = [];
  const tx = database.transaction(store);
  let cursor = await tx.store.index(index).openCursor(query as never, direction);
  while (cursor && valid.length < limit) {
    sortOut(store, cursor.value, valid, bad);
    if (stop?.(valid)) break;
    cursor = await cursor.continue();
  }
  await tx.done;
  await setAsideAll(database, store, bad);
  return valid;
}
