import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { hardware, recordMeasuredSpeed } from './hardware.svelte';
import { bench, machine } from './test-profiles';
import type { ModelDescriptor } from '../models/model';

const model: ModelDescriptor = {
  id: 'generated:m', engine: 'wllama', label: 'm', paramsBillions: 0.1, bitsPerWeight: 32, weightBytes: 0.4e9,
  vramRequiredMB: null, contextLength: 512, requiredFeatures: [], url: '/models/m.gguf', source: 'generated',
};

describe('hardware state: feedback loop', () => {
  it('a measured speed refines the efficiency of that engine/device and shows predicted vs measured', async () => {
    hardware.profile = machine({ cores: 2, memGB: 8, gpu: null });
    hardware.benchmarks = bench({ cpuGBps: 8 });
    hardware.models = [model];
    // ceiling = 8 GB/s ÷ 0.4 GB = 20 tok/s; default efficiency 0.5 → predicted 10 tok/s
    expect(hardware.plan!.models[0].predictedTokensPerSecond).toBeCloseTo(10, 6);
    await recordMeasuredSpeed('generated:m', 'wllama', 'cpu', 10, 6);
    // refined efficiency = 6 / 20 = 0.3 → predicted 6 tok/s, measured 6, error 0
    expect(hardware.efficiency['wllama/cpu']).toBeCloseTo(0.3, 10);
    const row = hardware.plan!.models[0];
    expect(row.predictedTokensPerSecond).toBeCloseTo(6, 6);
    expect(row.measuredTokensPerSecond).toBe(6);
    expect(row.predictionError).toBeCloseTo(0, 10);
    expect(hardware.plan!.recommendedCouncil).toEqual({ size: 1, memberModelIds: ['generated:m'] });
  });

  it('the override changes the tier in force and the plan, and is stored', async () => {
    await hardware.setOverride('mid');
    expect(hardware.tier!.tier).toBe('mid');
    expect(hardware.tier!.detected.tier).toBe('low');
    expect(hardware.plan!.tier).toBe('mid');
    const { loadTierOverride } = await import('./persist');
    expect(await loadTierOverride()).toBe('mid');
    await hardware.setOverride(null);
    expect(hardware.tier!.tier).toBe('low');
  });
});

describe('hardware state: stored profiles', () => {
  it('reuses the stored profile of the same machine, stores a new one when the machine differs', async () => {
    const { saveProfileIfChanged } = await import('./persist');
    const a = await saveProfileIfChanged({ ...machine({ cores: 2 }), detectedAt: 1, detectionMs: 5 });
    const again = await saveProfileIfChanged({ ...machine({ cores: 2 }), detectedAt: 2, detectionMs: 9 });
    expect(again.id).toBe(a.id);
    const other = await saveProfileIfChanged({ ...machine({ cores: 8 }), detectedAt: 3 });
    expect(other.id).not.toBe(a.id);
  });
});
