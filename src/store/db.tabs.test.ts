import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { deleteDB, openDB, unwrap } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { openWirthforgeDb, outOfReach, SharedDb, type DbProblem } from './db';
import { dbStatus } from './db-status.svelte';
import { DatabaseBlockedError, DatabaseNewerError, DatabaseSupersededError } from './errors';
import { DB_VERSION } from './schema';

/** Other tabs, as the database sees them: connections of this name at other versions. */
const name = () => `tabs-${Math.random()}`;
const problemsOf = () => {
  const seen: (DbProblem | null)[] = [];
  return { seen, hear: (p: DbProblem | null) => void seen.push(p) };
};

describe('the database between tabs', () => {
  it('a connection closes itself when another tab opens a newer version, which then goes on', async () => {
    const n = name();
    const heard: DatabaseSupersededError[] = [];
    const old = await openWirthforgeDb(n, DB_VERSION, { superseded: (e) => void heard.push(e) });
    const newer = await openDB(n, DB_VERSION + 1); // would wait for `old` for as long as it stayed open
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(heard).toHaveLength(1);
    expect(heard[0].message).toMatch(/newer version .* another tab.*Reload this page/);
    expect(() => old.transaction('settings')).toThrow(); // closed: it stores nothing more
    newer.close();
  });

  it('the shared connection, once a newer tab took over, refuses every use with what to do', async () => {
    const n = name();
    const { seen, hear } = problemsOf();
    const shared = new SharedDb(n, DB_VERSION, hear);
    await shared.get();
    const newer = await openDB(n, DB_VERSION + 1);
    await expect(shared.get()).rejects.toBeInstanceOf(DatabaseSupersededError);
    await expect(shared.get()).rejects.toBeInstanceOf(DatabaseSupersededError);
    expect(seen).toEqual([expect.any(DatabaseSupersededError)]);
    newer.close();
  });

  it('a database a newer build wrote is not opened (so nothing of it can be set aside), and says so', async () => {
    const n = name();
    (await openDB(n, DB_VERSION + 1)).close();
    await expect(openWirthforgeDb(n)).rejects.toBeInstanceOf(DatabaseNewerError);
    const { seen, hear } = problemsOf();
    const shared = new SharedDb(n, DB_VERSION, hear);
    const err = await shared.get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseNewerError);
    expect((err as Error).message).toMatch(/newer version.*Reload the page.*Nothing was changed/);
    expect(seen).toEqual([err]);
  });

  it('an open that waits for an older tab says so, and carries on once that tab closes', async () => {
    const n = name();
    const older = await openDB(n, DB_VERSION - 1); // an older build: no handler, it stays open
    const { seen, hear } = problemsOf();
    const shared = new SharedDb(n, DB_VERSION, hear);
    const opening = shared.get();
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toBeInstanceOf(DatabaseBlockedError);
    expect(seen[0]!.message).toMatch(/Close that tab/);
    older.close();
    expect((await opening).version).toBe(DB_VERSION);
    expect(seen).toEqual([expect.any(DatabaseBlockedError), null]);
  });

  it('a connection the browser closed is opened again on next use', async () => {
    const n = name();
    const { seen, hear } = problemsOf();
    const shared = new SharedDb(n, DB_VERSION, hear);
    const first = await shared.get();
    await first.put('settings', { key: 'k', value: 1 });
    forceCloseDatabase(unwrap(first) as never); // (its typing wants the class, its code the connection)
    const again = await shared.get();
    expect(again).not.toBe(first);
    expect(await again.get('settings', 'k')).toEqual({ key: 'k', value: 1 });
    expect(seen).toEqual([]);
    again.close();
  });

  it('another tab deleting the data: this one closes for it and says so', async () => {
    const n = name();
    const { seen, hear } = problemsOf();
    const shared = new SharedDb(n, DB_VERSION, hear);
    await shared.get();
    await deleteDB(n); // would wait for the open connection
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(DatabaseSupersededError);
    expect(seen[0]!.message).toMatch(/deleting the stored data/);
    await expect(shared.get()).rejects.toBeInstanceOf(DatabaseSupersededError);
  });

  it('a failure to open that is no version problem raises no banner, and the next use tries again', async () => {
    const { seen, hear } = problemsOf();
    const shared = new SharedDb(name(), DB_VERSION, hear);
    const refused = new DOMException('IndexedDB is switched off', 'UnknownError'); // a private window, say
    const open = vi.spyOn(indexedDB, 'open').mockImplementationOnce(() => {
      throw refused;
    });
    try {
      await expect(shared.get()).rejects.toBe(refused);
      expect((await shared.get()).version).toBe(DB_VERSION);
    } finally {
      open.mockRestore();
    }
    expect(seen).toEqual([]);
  });

  it('an open that waited and then failed takes its banner down', async () => {
    const n = name();
    // A version-1 database without the stores version 1 makes (a damaged one): the upgrade to 2 throws and aborts.
    const older = await openDB(n, 1);
    const { seen, hear } = problemsOf();
    const shared = new SharedDb(n, DB_VERSION, hear);
    const opening = shared.get().catch((e: unknown) => e);
    await expect.poll(() => seen.length).toBe(1);
    older.close();
    expect(await opening).toBeInstanceOf(Error);
    expect(seen).toEqual([expect.any(DatabaseBlockedError), null]);
  });

  it('an open that waits, with no one listening, says so in the console and carries on', async () => {
    const n = name();
    const older = await openDB(n, DB_VERSION - 1);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const opening = openWirthforgeDb(n);
      await expect.poll(() => warn.mock.calls.length).toBe(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/Close that tab/);
      older.close();
      (await opening).close();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('outOfReach: which failures the stored-data banner already explains', () => {
  const closing = new DOMException('The database connection is closing.', 'InvalidStateError');
  it('the refusals, always', () => {
    expect(outOfReach(new DatabaseNewerError())).toBe(true);
    expect(outOfReach(new DatabaseSupersededError())).toBe(true);
  });

  it("a closing connection's InvalidStateError only once this tab was refused", () => {
    const before = dbStatus.problem;
    try {
      dbStatus.problem = null;
      expect(outOfReach(closing)).toBe(false);
      dbStatus.problem = new DatabaseBlockedError(); // waiting is no refusal: a failure then is news
      expect(outOfReach(closing)).toBe(false);
      dbStatus.problem = new DatabaseSupersededError();
      expect(outOfReach(closing)).toBe(true);
      expect(outOfReach(new DOMException('quota', 'QuotaExceededError'))).toBe(false);
      expect(outOfReach(new Error('InvalidStateError'))).toBe(false);
      expect(outOfReach(new DatabaseBlockedError())).toBe(false);
    } finally {
      dbStatus.problem = before;
    }
  });
});
