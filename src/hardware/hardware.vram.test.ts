import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { hardware } from './hardware.svelte';
import { loadVramGB } from './persist';
import { bench, machine } from './test-profiles';
import { GiB } from '../capacity/formulas';
import { SettingShapeError } from '../store/errors';

describe('hardware state: entered VRAM', () => {
  it('is stored and re-plans the GPU budget; clearing it goes back to the assumption', async () => {
    hardware.profile = machine({ cores: 8, memGB: 8, gpu: {} });
    hardware.benchmarks = bench({ gpuGBps: 200 });
    await hardware.setOverride('mid');
    expect(hardware.plan!.budgets.gpu).toBeCloseTo(4 * GiB * 0.85, 0);
    expect(hardware.plan!.budgetText?.gpu).toMatch(/assumed 4 GB VRAM for the mid tier/);

    await hardware.setVramGB(8);
    expect(await loadVramGB()).toBe(8);
    expect(hardware.plan!.budgets.gpu).toBeCloseTo(8 * GiB * 0.85, 0);
    expect(hardware.plan!.budgetText?.gpu).toBe('GPU budget 6.8 GB (your 8 GB VRAM)');

    await hardware.setVramGB(null);
    expect(await loadVramGB()).toBeNull();
    expect(hardware.plan!.gpuMemory?.source).toBe('assumed');
  });

  it('a value the schema refuses is not stored and not used', async () => {
    await hardware.setVramGB(6);
    await expect(hardware.setVramGB(5000)).rejects.toBeInstanceOf(SettingShapeError);
    expect(hardware.vramGB).toBe(6);
    expect(await loadVramGB()).toBe(6);
    // Leave nothing behind for other files that share the database.
    await hardware.setVramGB(null);
    await hardware.setOverride(null);
  });
});
