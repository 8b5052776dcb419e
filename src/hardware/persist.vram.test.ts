import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { latestBenchmarkRun, loadVram, saveBenchmarkRun, saveVram, suiteFromRecord } from './persist';
import { bench } from './test-profiles';
import { SettingShapeError } from '../store/errors';
import { checkRecord } from '../store/schemas';

describe('entered VRAM is stored in settings, within the schema', () => {
  it('round-trips, and null clears it', async () => {
    await saveVram(null, null); // the database may be shared with other test files
    expect(await loadVram()).toBeNull();
    await saveVram(8, 'Acme / rdna / x / Acme GPU');
    expect(await loadVram()).toEqual({ gb: 8, gpu: 'Acme / rdna / x / Acme GPU' });
    await saveVram(8, null);
    expect(await loadVram()).toEqual({ gb: 8, gpu: null });
    await saveVram(null, 'Acme / rdna / x / Acme GPU');
    expect(await loadVram()).toBeNull();
  });

  it('refuses values outside 0.25…1024 GB with a named error, keeping the stored one', async () => {
    await saveVram(12, 'gpu A');
    // A refused figure writes nothing, not even the GPU it was for.
    for (const bad of [0.24, 1025, -1, Number.NaN, Number.POSITIVE_INFINITY]) await expect(saveVram(bad, 'gpu B')).rejects.toBeInstanceOf(SettingShapeError);
    expect(await loadVram()).toEqual({ gb: 12, gpu: 'gpu A' });
    await saveVram(0.25, null);
    expect((await loadVram())?.gb).toBe(0.25);
    await saveVram(1024, null);
    expect((await loadVram())?.gb).toBe(1024);
  });

  it("a figure whose write fails leaves the stored one with its GPU: another GPU's figure is not tied to this one", async () => {
    await saveVram(24, 'gpu A');
    const put = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if ((value as { key?: string }).key === 'hardware.vramGB') throw new DOMException('the disk is full', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    try {
      await expect(saveVram(8, 'gpu B')).rejects.toMatchObject({ name: 'StorageQuotaError' });
      await expect(saveVram(null, 'gpu B')).rejects.toMatchObject({ name: 'StorageQuotaError' });
    } finally {
      spy.mockRestore();
    }
    // (Written one after the other, it read { gb: 24, gpu: 'gpu B' }: GPU A's 24 GB sized GPU B's budget after a reload.)
    expect(await loadVram()).toEqual({ gb: 24, gpu: 'gpu A' });
    await saveVram(null, null);
  });

  it('the schema accepts what the app writes and refuses the rest on import', () => {
    expect(checkRecord('settings', { key: 'hardware.vramGB', value: 8 }).ok).toBe(true);
    expect(checkRecord('settings', { key: 'hardware.vramGB', value: null }).ok).toBe(true);
    expect(checkRecord('settings', { key: 'hardware.vramGB', value: '8' })).toMatchObject({ ok: false });
    expect(checkRecord('settings', { key: 'hardware.vramGB', value: 2000 })).toEqual({ ok: false, reasons: ['value: must be at most 1024 GB'] });
  });
});

describe('the largest GPU allocation a benchmark made is stored with its run', () => {
  it('round-trips when present, and stays absent when not recorded', async () => {
    await saveBenchmarkRun('p1', { ...bench({ gpuGBps: 100 }), startedAt: 10, largestGpuAllocationBytes: 512 * 2 ** 20 });
    expect((await latestBenchmarkRun())?.largestGpuAllocationBytes).toBe(512 * 2 ** 20);
    await saveBenchmarkRun('p1', { ...bench({ gpuGBps: 100 }), startedAt: 20 });
    const last = await latestBenchmarkRun();
    expect(last?.startedAt).toBe(20);
    expect(last && 'largestGpuAllocationBytes' in last).toBe(false);
  });

  it('a stored run from before the field existed still reads', () => {
    const old = suiteFromRecord(5, [{ kind: 'suite', durationMs: 1, adapterDescription: null, isFallbackAdapter: null }]);
    expect(old.largestGpuAllocationBytes).toBeUndefined();
    expect(checkRecord('benchmarkRuns', { id: 'b', profileId: 'p', startedAt: 1, results: [{ kind: 'suite', durationMs: 1, adapterDescription: null, isFallbackAdapter: null, largestGpuAllocationBytes: -1 }] }).ok).toBe(false);
  });
});
