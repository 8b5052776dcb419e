import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { hardware } from './hardware.svelte';
import { gpuKey, loadVram, saveVram } from './persist';
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
    expect(await loadVram()).toEqual({ gb: 8, gpu: gpuKey(hardware.profile!.gpu) });
    expect(hardware.plan!.budgets.gpu).toBeCloseTo(8 * GiB * 0.85, 0);
    expect(hardware.plan!.budgetText?.gpu).toBe('GPU budget 6.8 GB (your 8 GB VRAM)');

    await hardware.setVramGB(null);
    expect(await loadVram()).toBeNull();
    expect(hardware.plan!.gpuMemory?.source).toBe('assumed');
  });

  it('a value the schema refuses is not stored and not used', async () => {
    await hardware.setVramGB(6);
    await expect(hardware.setVramGB(5000)).rejects.toBeInstanceOf(SettingShapeError);
    expect(hardware.vramGB).toBe(6);
    expect((await loadVram())?.gb).toBe(6);
    // Leave nothing behind for other files that share the database.
    await hardware.setVramGB(null);
    await hardware.setOverride(null);
  });

  it('a figure entered for another GPU (a restored backup, another adapter) is kept, not applied, and the entry says so', async () => {
    const { vi } = await import('vitest');
    vi.resetModules();
    const other = machine({ cores: 8, memGB: 8, gpu: { description: 'NVIDIA GeForce RTX 4090' } });
    const here = machine({ cores: 8, memGB: 8, gpu: { description: 'Intel Iris Xe' } });
    expect(gpuKey(other.gpu)).not.toBe(gpuKey(here.gpu));
    await saveVram(24, gpuKey(other.gpu));
    vi.doMock('./detect', () => ({ detectHardware: async () => here }));
    vi.doMock('../resources/gpu-adapters', () => ({ findAdapters: async () => [] }));
    vi.doMock('../models/catalog', () => ({ loadCatalog: async () => [] }));
    const fresh = (await import('./hardware.svelte')).hardware;
    await fresh.init();
    expect(fresh.vramGB).toBeNull();
    expect(fresh.vramOtherGpu).toEqual({ gb: 24, gpu: gpuKey(other.gpu) });
    expect(fresh.plan!.gpuMemory?.source).not.toBe('entered');
    const { vramStatusText } = await import('../capacity/budget-text');
    expect(vramStatusText(fresh.plan!.gpuMemory!, fresh.plan!.tier, true, fresh.vramOtherGpu)).toMatch(/ Your 24 GB was entered for another GPU \(.*NVIDIA GeForce RTX 4090\): enter this one's\.$/);
    // Entered here: for this GPU, applied, and the other one's is gone.
    await fresh.setVramGB(4);
    expect(fresh.vramOtherGpu).toBeNull();
    expect(await loadVram()).toEqual({ gb: 4, gpu: gpuKey(here.gpu) });
    expect(fresh.plan!.gpuMemory?.source).toBe('entered');
    // An entry stored before the GPU was kept (a bare figure) applies to whatever GPU is here, as it did.
    const { putSetting } = await import('../store/settings');
    await putSetting('hardware.vramGpu', null);
    vi.resetModules();
    const again = (await import('./hardware.svelte')).hardware;
    await again.init();
    expect(again.vramGB).toBe(4);
    await again.setVramGB(null);
    vi.doUnmock('./detect');
    vi.doUnmock('../resources/gpu-adapters');
    vi.doUnmock('../models/catalog');
  });
});
