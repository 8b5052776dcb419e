import { describe, expect, it } from 'vitest';
import { freshDb } from './test-db.test-util';
import { BACKUP_FORMAT, exportAll, importBackup, MAX_IMPORT_BYTES, parseBackup } from './backup';
import { BackupFormatError, BackupTooLargeError } from './errors';
import { DB_VERSION } from './schema';
import { RECORD_STORES } from './schemas';
import { craftedBadRecords, oneOfEach } from './fixtures.test-util';

const fileOf = (stores: object, dbVersion = DB_VERSION) => JSON.stringify({ format: BACKUP_FORMAT, dbVersion, exportedAt: 1, stores });

async function filled() {
  const d = await freshDb();
  const records = oneOfEach();
  for (const store of RECORD_STORES) for (const r of records[store]) await d.put(store, r as never);
  return d;
}

const problemsOf = (text: string): string[] => {
  try {
    parseBackup(text);
  } catch (err) {
    expect(err).toBeInstanceOf(BackupFormatError);
    return (err as BackupFormatError).problems;
  }
  return expect.unreachable('the file was accepted');
};

describe('export → import', () => {
  it('round-trips every store losslessly when secrets are included', async () => {
    const exported = await exportAll(await filled(), { includeSecrets: true });
    const target = await freshDb();
    const n = await importBackup(target, parseBackup(JSON.stringify(exported)));
    expect(n).toBe(RECORD_STORES.reduce((s, name) => s + oneOfEach()[name].length, 0));
    expect((await exportAll(target, { includeSecrets: true })).stores).toEqual(exported.stores);
  });

  it('leaves API keys out unless asked', async () => {
    const d = await filled();
    const plain = await exportAll(d);
    expect(JSON.stringify(plain)).not.toContain('sk-secret');
    expect(plain.secretsIncluded).toBe(false);
    expect(plain.stores.customModels.find((m) => m.id === 'remote-1')?.config).toEqual({ baseUrl: 'http://10.0.0.5:8080', model: 'llama' });
    expect(JSON.stringify(await exportAll(d, { includeSecrets: true }))).toContain('sk-secret-0123456789');
  });
});

describe('parseBackup refuses bad input and names the problem', () => {
  it('rejects text that is not JSON, JSON that is not a backup, and a newer database', () => {
    expect(() => parseBackup('{not json')).toThrow(/not valid JSON/);
    expect(() => parseBackup('{"hello": 1}')).toThrow(/not a WIRTHFORGE Performance backup/);
    expect(() => parseBackup(fileOf({}, DB_VERSION + 1))).toThrow(/newer version/);
  });

  it('refuses the crafted file of issue 13, with a reason for each record', () => {
    const problems = problemsOf(fileOf(craftedBadRecords()));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^benchmarkRuns\[0\] \(bench-bad\): results\.0\.name: missing/),
        expect.stringMatching(/^profiles\[0\] \(p-bad\): profile\.detectedAt: missing; /),
        'measurements[0] (m-bad): measuredTokensPerSecond: must be ≥ 0',
        expect.stringMatching(/^settings\[0\] \(hardware\.tierOverride\): value: /),
      ]),
    );
  });

  it('rejects duplicate keys and unknown stores', () => {
    const { profiles } = oneOfEach();
    expect(problemsOf(fileOf({ profiles: [profiles[0], profiles[0]], extra: [] }))).toEqual(['unknown store "extra"', 'profiles[1] (p1): duplicate key']);
  });

  it('refuses a file over the size limit before parsing it', () => {
    expect(() => parseBackup(' '.repeat(MAX_IMPORT_BYTES + 1))).toThrow(BackupTooLargeError);
    expect(() => parseBackup(' '.repeat(MAX_IMPORT_BYTES + 1))).toThrow(/up to 20 MB/);
  });

  it('changes nothing in the database when a file is refused', async () => {
    const d = await freshDb();
    const { profiles } = oneOfEach();
    await d.put('profiles', profiles[0]);
    expect(() => parseBackup(fileOf({ profiles: [{ ...profiles[0], id: 'p2' }, { id: 'p3' }] }))).toThrow(BackupFormatError);
    expect(await d.getAllKeys('profiles')).toEqual(['p1']);
  });
});
