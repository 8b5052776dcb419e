import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { latestBenchmarkRun, loadVramGB, saveBenchmarkRun, saveVramGB, suiteFromRecord } from './persist';
import { bench } from './test-profiles';
import { SettingShapeError } from '../store/errors';
import { checkRecord } from '../store/schemas';

describe('entered VRAM is stored in settings, within the schema', () => {
  it('round-trips, and null clears it', async () => {
    await saveVramGB(null); // the database may be shared with other test files
    expect(await loadVramGB()).toBeNull();
    await saveVramGB(8);
    expect(await loadVramGB()).toBe(8);
    await saveVramGB(null);
    expect(await loadVramGB()).toBeNull();
  });

  it('refuses values outside 0.25…1024 GB with a named error, keeping the stored one', async () => {
    await saveVramGB(12);
    for (const bad of [0.24, 1025, -1, Number.NaN, Number.POSITIVE_INFINITY]) await expect(saveVramGB(bad)).rejects.toBeInstanceOf(SettingShapeError);
    await saveVramGB(0.25);
    expect(await loadVramGB()).toBe(0.25);
    await saveVramGB(1024);
    expect(await loadVramGB()).toBe(1024);
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
