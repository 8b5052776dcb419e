import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openWirthforgeDb, type Db } from './db';
import { BACKUP_FORMAT, exportAll, importBackup, parseBackup } from './backup';
import { BackupFormatError } from './errors';
import { DB_VERSION, STORE_NAMES } from './schema';

let counter = 0;
const open: Db[] = [];
async function freshDb(): Promise<Db> {
  const d = await openWirthforgeDb(`test-${counter++}`);
  open.push(d);
  return d;
}
afterEach(() => open.splice(0).forEach((d) => d.close()));

const profile = { id: 'p1', detectedAt: 1_700_000_000_000, profile: { cores: 8, gpu: { vendor: 'x' } } };
const baseline = {
  id: 'b1',
  metric: 'decode_tps',
  unit: 'tok/s',
  direction: 'higher-is-better' as const,
  samples: [10, 11, 12, 10.5, 11.2, 9.9, 10.1, 10.4, 11.9, 12.2],
  createdAt: 1,
  updatedAt: 2,
  source: 'benchmark',
};

describe('migrations', () => {
  it('creates every store of the schema at the current version', async () => {
    const d = await freshDb();
    expect(d.version).toBe(DB_VERSION);
    expect([...d.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
  });

  it('keeps data when the database is reopened', async () => {
    const name = `reopen-${counter++}`;
    const first = await openWirthforgeDb(name);
    await first.put('profiles', profile);
    first.close();
    const again = await openWirthforgeDb(name);
    open.push(again);
    expect(await again.get('profiles', 'p1')).toEqual(profile);
  });
});

describe('export → import', () => {
  it('round-trips every store losslessly', async () => {
    const source = await freshDb();
    await source.put('profiles', profile);
    await source.put('baselines', baseline);
    await source.put('settings', { key: 'tierOverride', value: { tier: 'mid', at: 5 } });
    await source.put('actionLog', { id: 'a1', at: 3, action: 'lower UI quality', reason: 'fps 38 < 45', outcome: 'kept', before: 38, after: 57, metric: 'fps' });
    const exported = await exportAll(source);

    const target = await freshDb();
    const n = await importBackup(target, parseBackup(JSON.stringify(exported)));
    expect(n).toBe(4);
    const again = await exportAll(target);
    expect(again.stores).toEqual(exported.stores);
  });
});

describe('parseBackup refuses bad input and names the problem', () => {
  const valid = () => ({ format: BACKUP_FORMAT, dbVersion: DB_VERSION, exportedAt: 1, stores: { profiles: [profile], baselines: [baseline] } });

  it('rejects text that is not JSON', () => {
    expect(() => parseBackup('{not json')).toThrow(/not valid JSON/);
  });

  it('rejects JSON that is not a backup', () => {
    expect(() => parseBackup('{"hello": 1}')).toThrow(/not a WIRTHFORGE Performance backup/);
  });

  it('rejects a backup from a newer database version', () => {
    expect(() => parseBackup(JSON.stringify({ ...valid(), dbVersion: DB_VERSION + 1 }))).toThrow(/newer version/);
  });

  it('lists each bad record with its store, position, key and field', () => {
    const file = valid();
    file.stores.baselines = [{ ...baseline, direction: 'sideways' as never, samples: [1, 'x' as never] }];
    try {
      parseBackup(JSON.stringify(file));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BackupFormatError);
      const problems = (err as BackupFormatError).problems;
      expect(problems).toContain('baselines[0] (b1): direction must be one of "higher-is-better", "lower-is-better", got "sideways"');
      expect(problems.some((p) => p.startsWith('baselines[0] (b1): samples item 1'))).toBe(true);
    }
  });

  it('rejects duplicate keys and unknown stores', () => {
    const file = { ...valid(), stores: { profiles: [profile, profile], extra: [] } };
    expect(() => parseBackup(JSON.stringify(file))).toThrow(BackupFormatError);
    try {
      parseBackup(JSON.stringify(file));
    } catch (err) {
      expect((err as BackupFormatError).problems).toEqual(['unknown store "extra"', 'profiles[1] (p1): duplicate key']);
    }
  });

  it('changes nothing in the database when a file is refused', async () => {
    const d = await freshDb();
    await d.put('profiles', profile);
    const bad = valid();
    bad.stores.profiles = [{ ...profile, id: 'p2' }, { id: 'p3' } as never];
    expect(() => parseBackup(JSON.stringify(bad))).toThrow(BackupFormatError);
    expect(await d.getAllKeys('profiles')).toEqual(['p1']);
  });
});
