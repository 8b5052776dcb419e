/** Issue 14 item 1: the plan places its council through the GPU Manager's devices — one GPU, two GPUs, none. */
import { describe, expect, it } from 'vitest';
import { bench, machine } from '../hardware/test-profiles';
import type { GpuFacts } from '../hardware/profile';
import type { ModelDescriptor } from '../models/model';
import { GiB } from './formulas';
import { buildPlan } from './planner';

const webllm = (id: string, gib: number, params = 7): ModelDescriptor => ({
  id, engine: 'web-llm', label: id, paramsBillions: params, bitsPerWeight: 4.5, weightBytes: gib * GiB * 0.9, vramRequiredMB: gib * 1024,
  contextLength: 4096, requiredFeatures: [], url: null, source: 'prebuilt',
});
const gguf = (id: string, gib: number): ModelDescriptor => ({ ...webllm(id, gib, 1), engine: 'wllama', vramRequiredMB: null, weightBytes: gib * GiB, source: 'prebuilt' });

const discrete: GpuFacts = {
  vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA RTX A4000', isFallbackAdapter: false,
  features: ['shader-f16'], limits: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB },
};
const second: GpuFacts = { ...discrete, description: 'NVIDIA RTX A2000', limits: { maxBufferSize: 2 * GiB, maxStorageBufferBindingSize: 2 * GiB } };
const box = machine({ cores: 16, memGB: 8, gpu: discrete });
const fast = bench({ gpuGBps: 40_000, gflops: 50_000, cpuGBps: 20, cpuGflops: 100 });

describe('the plan places its council through the GPU Manager', () => {
  it('one GPU (both preferences answer it): one GPU device and the CPU; the council sits on the card', () => {
    const plan = buildPlan({ tier: 'high', profile: box, bench: fast, models: [webllm('a', 2)], vramGB: 12, adapters: [{ preference: 'high-performance', facts: discrete }, { preference: 'low-power', facts: discrete }] });
    expect(plan.devices?.map((d) => d.id)).toEqual(['gpu-0', 'cpu']);
    expect(plan.budgets.gpu).toBeCloseTo(12 * GiB * 0.9, 0);
    expect(plan.placement?.map((p) => [p.deviceId, p.modelIds.length])).toEqual([['gpu-0', plan.recommendedCouncil.size], ['cpu', 0]]);
  });

  it('two GPUs: the budget is their sum, the members are split over both, and the plan shows the split', () => {
    const adapters = [{ preference: 'high-performance' as const, facts: discrete }, { preference: 'low-power' as const, facts: second }];
    // Card 1: 12 GiB entered × 0.9 = 10.8; card 2: High's assumed 12 GiB × 0.9 = 10.8. Four 5 GiB members
    // (20 GiB) would fill 93 % of the 21.6 GiB: above the monitor's 85 % warning. Three: two on one card, one on the other.
    const plan = buildPlan({ tier: 'high', profile: box, bench: fast, models: [webllm('five', 5)], vramGB: 12, adapters });
    expect(plan.budgets.gpu).toBeCloseTo(2 * 12 * GiB * 0.9, 0);
    expect(plan.recommendedCouncil.size).toBe(3);
    expect(plan.validation.join('\n')).toMatch(/memory: .* > 85 % of the budget/);
    expect(plan.placement?.map((p) => [p.deviceId, p.modelIds])).toEqual([['gpu-0', ['five', 'five']], ['gpu-1', ['five']], ['cpu', []]]);
    expect(plan.budgetText?.gpu).toMatch(/\+ 1 more GPU\(s\), 12 GB VRAM assumed each: 21\.6 GB over 2 cards, each member on one$/);
  });

  it('two GPUs: a model bigger than either card does not fit, though the sum would hold it', () => {
    const adapters = [{ preference: 'high-performance' as const, facts: discrete }, { preference: 'low-power' as const, facts: second }];
    const plan = buildPlan({ tier: 'high', profile: box, bench: fast, models: [webllm('huge', 14, 30)], vramGB: 12, adapters });
    expect(plan.models[0].fits).toBe(false);
    expect(plan.models[0].reason).toMatch(/the GPU budget is 10\.8 GB/);
  });

  it('two GPUs: a refusal on the card whose VRAM is assumed says so, though the first card\'s was entered', () => {
    const adapters = [{ preference: 'high-performance' as const, facts: discrete }, { preference: 'low-power' as const, facts: second }];
    // Card 1: 2 GiB entered × 0.9 = 1.8; card 2: High's assumed 12 GiB × 0.9 = 10.8 decides.
    const plan = buildPlan({ tier: 'high', profile: box, bench: fast, models: [webllm('eleven', 11, 13)], vramGB: 2, adapters });
    expect(plan.models[0].fits).toBe(false);
    expect(plan.models[0].reason).toMatch(/\(0\.9 safety factor; VRAM assumed\)$/);
    expect(plan.budgetText?.gpu).toMatch(/^GPU budget 1\.8 GB \(your 2 GB VRAM\) \+ 1 more GPU\(s\), 12 GB VRAM assumed each: /);
    // The entered card deciding: nothing is called assumed.
    const entered = buildPlan({ tier: 'high', profile: box, bench: fast, models: [webllm('eleven', 11, 13)], vramGB: 12.2, adapters });
    expect(entered.models[0].reason).toMatch(/\(0\.9 safety factor\)$/);
  });

  it('the council shrinks when its members cannot be split over the cards one by one', () => {
    const adapters = [{ preference: 'high-performance' as const, facts: discrete }, { preference: 'low-power' as const, facts: second }];
    // 6 GiB members: 3 × 6 = 18 GiB is within 85 % of the 21.6 GiB sum, but only one fits per 10.8 GiB card.
    const plan = buildPlan({ tier: 'high', profile: box, bench: fast, models: [webllm('six', 6)], vramGB: 12, adapters });
    expect(plan.validation.some((v) => v.includes('placement: Model six needs 6 GB on'))).toBe(true);
    expect(plan.recommendedCouncil.size).toBe(2);
  });

  it('a wllama model runs on WebGPU where the card has shader-f16, and is budgeted there', () => {
    const plan = buildPlan({ tier: 'high', profile: box, bench: fast, models: [gguf('g', 1)], vramGB: 12 });
    expect(plan.models[0].device).toBe('gpu');
    const noF16 = buildPlan({ tier: 'high', profile: machine({ cores: 16, memGB: 8, gpu: { ...discrete, features: [] } }), bench: fast, models: [gguf('g', 1)], vramGB: 12 });
    expect(noF16.models[0].device).toBe('cpu');
  });

  it('a software adapter only (this machine): one CPU device holds the council', () => {
    const swift = machine({ cores: 2, memGB: 8, gpu: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader', isFallbackAdapter: true, features: [] } });
    const plan = buildPlan({ tier: 'low', profile: swift, bench: bench({ cpuGBps: 10, cpuGflops: 20 }), models: [gguf('tiny', 0.01)] });
    expect(plan.devices?.map((d) => d.id)).toEqual(['cpu']);
    expect(plan.placement).toEqual([{ deviceId: 'cpu', label: 'CPU (RAM)', kind: 'cpu', budgetBytes: 4 * GiB * 0.8, heldBytes: expect.any(Number), modelIds: ['tiny'] }]);
  });
});
