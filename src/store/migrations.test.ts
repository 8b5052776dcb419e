import { describe, expect, it } from 'vitest';
import { track } from './test-db.test-util';
import { openWirthforgeDb } from './db';
import { DB_VERSION, STORE_NAMES } from './schema';
import { RECORD_STORES } from './schemas';
import { oneOfEach } from './fixtures.test-util';

describe('migrations', () => {
  it('create every store of the schema at the current version', async () => {
    const d = track(await openWirthforgeDb(`m-${Math.random()}`));
    expect(d.version).toBe(DB_VERSION);
    expect([...d.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
  });

  it('keep every record of every store through each upgrade', async () => {
    const records = oneOfEach();
    for (let from = 1; from < DB_VERSION; from++) {
      const name = `upgrade-${from}-${Math.random()}`;
      const old = await openWirthforgeDb(name, from);
      for (const store of RECORD_STORES) for (const r of records[store]) await old.put(store, r as never);
      old.close();
      const upgraded = track(await openWirthforgeDb(name));
      expect(upgraded.version).toBe(DB_VERSION);
      for (const store of RECORD_STORES) expect(await upgraded.getAll(store), `${store} after v${from} → v${DB_VERSION}`).toEqual(records[store]);
      // The v2 index on measurements finds the old records.
      expect(await upgraded.countFromIndex('measurements', 'at')).toBe(records.measurements.length);
    }
  });

  it('keep data when the database is reopened at the same version', async () => {
    const name = `reopen-${Math.random()}`;
    const first = await openWirthforgeDb(name);
    const { profiles } = oneOfEach();
    await first.put('profiles', profiles[0]);
    first.close();
    const again = track(await openWirthforgeDb(name));
    expect(await again.get('profiles', 'p1')).toEqual(profiles[0]);
  });
});
