/** Issue 11 item 5: the GPU budget from entered, assumed or proven VRAM, and the words that say which. */
import { describe, expect, it } from 'vitest';
import { bench, machine } from '../hardware/test-profiles';
import type { ModelDescriptor } from '../models/model';
import { GiB } from './formulas';
import { buildPlan } from './planner';

const webllm = (id: string, vramRequiredMB: number): ModelDescriptor => ({
  id, engine: 'web-llm', label: id, paramsBillions: 1, bitsPerWeight: 4.5, weightBytes: 0.6e9, vramRequiredMB,
  contextLength: 4096, requiredFeatures: [], url: null, source: 'prebuilt',
});

const gpuBox = machine({ cores: 8, memGB: 8, gpu: {} });
const gpuBench = bench({ gpuGBps: 200, gflops: 1000 });
// 3.5 GiB: above Mid's assumed 4 GiB × 0.85 = 3.4 GiB, within 8 GiB × 0.85
const mid35 = webllm('m', 3.5 * 1024);

describe('GPU budget: entered VRAM, else max(assumed, proven)', () => {
  it('nothing entered: assumed for the tier, and the plan and the fit reason say so', () => {
    const plan = buildPlan({ tier: 'mid', profile: gpuBox, bench: gpuBench, models: [mid35] });
    expect(plan.budgets.gpu).toBeCloseTo(4 * GiB * 0.85, 0);
    expect(plan.gpuMemory?.source).toBe('assumed');
    expect(plan.budgetText?.gpu).toBe('GPU budget 3.4 GB (assumed 4 GB VRAM for the mid tier — enter yours)');
    expect(plan.models[0].fits).toBe(false);
    expect(plan.models[0].reason).toMatch(/\(0\.85 safety factor; VRAM assumed\)$/);
  });

  it('entered 8 GB: the budget is 8 × 0.85, the model fits, nothing is called assumed', () => {
    const plan = buildPlan({ tier: 'mid', profile: gpuBox, bench: gpuBench, models: [mid35], vramGB: 8 });
    expect(plan.budgets.gpu).toBeCloseTo(8 * GiB * 0.85, 0);
    expect(plan.budgetBytes).toBe(plan.budgets.gpu);
    expect(plan.budgetText?.gpu).toBe('GPU budget 6.8 GB (your 8 GB VRAM)');
    expect(plan.models[0].fits).toBe(true);
  });

  it('entered smaller than assumed lowers the budget; the too-big reason then names no assumption', () => {
    const plan = buildPlan({ tier: 'mid', profile: gpuBox, bench: gpuBench, models: [mid35], vramGB: 2 });
    expect(plan.budgets.gpu).toBeCloseTo(2 * GiB * 0.85, 0);
    expect(plan.models[0].reason).toMatch(/\(0\.85 safety factor\)$/);
  });

  it('a benchmark that held more than assumed raises the budget to what it proved', () => {
    const proven = { ...gpuBench, largestGpuAllocationBytes: 5 * GiB };
    const plan = buildPlan({ tier: 'mid', profile: gpuBox, bench: proven, models: [mid35] });
    expect(plan.gpuMemory).toMatchObject({ source: 'proven', bytes: 5 * GiB });
    expect(plan.budgets.gpu).toBeCloseTo(5 * GiB * 0.85, 0);
    expect(plan.budgetText?.gpu).toMatch(/at least 5 GB proven by the benchmark/);
    expect(plan.models[0].fits).toBe(true);
  });

  it('a smaller proven figure keeps the assumption and is shown beside it', () => {
    const plan = buildPlan({ tier: 'mid', profile: gpuBox, bench: { ...gpuBench, largestGpuAllocationBytes: 0.5 * GiB }, models: [mid35] });
    expect(plan.budgets.gpu).toBeCloseTo(4 * GiB * 0.85, 0);
    expect(plan.budgetText?.gpu).toBe('GPU budget 3.4 GB (assumed 4 GB VRAM for the mid tier, at least 0.5 GB proven by the benchmark — enter yours)');
  });

  it('a software adapter proves nothing and has no GPU budget, even with VRAM entered', () => {
    const swift = machine({ cores: 2, memGB: 8, gpu: { isFallbackAdapter: true, description: 'SwiftShader' } });
    const plan = buildPlan({ tier: 'low', profile: swift, bench: { ...bench({ gpuGBps: 5, fallback: true }), largestGpuAllocationBytes: 8 * GiB }, models: [mid35], vramGB: 16 });
    expect(plan.budgets.gpu).toBeNull();
    expect(plan.budgetText?.gpu).toBeNull();
    expect(plan.device).toBe('cpu');
    expect(plan.budgetText?.cpu).toBe('CPU budget 3.2 GB (half of 8 GB RAM, assumed: browsers cap the figure they report, so the machine may have more)');
  });

  it('the tier override changes the assumption, not an entered figure', () => {
    const high = buildPlan({ tier: 'high', profile: gpuBox, bench: gpuBench, models: [mid35] });
    expect(high.budgets.gpu).toBeCloseTo(12 * GiB * 0.9, 0);
    const entered = buildPlan({ tier: 'high', profile: gpuBox, bench: gpuBench, models: [mid35], vramGB: 8 });
    expect(entered.budgets.gpu).toBeCloseTo(8 * GiB * 0.9, 0);
  });
});
