import { describe, expect, it } from 'vitest';
import { bench, machine } from '../hardware/test-profiles';
import type { ModelDescriptor } from '../models/model';
import { GiB, MAX_COUNCIL_SIZE } from './formulas';
import { buildPlan } from './planner';

function model(id: string, o: Partial<ModelDescriptor> = {}): ModelDescriptor {
  return {
    id, engine: 'wllama', label: id, paramsBillions: 1, bitsPerWeight: 4, weightBytes: 0.5e9, vramRequiredMB: null,
    contextLength: 2048, requiredFeatures: [], url: null, source: 'prebuilt', ...o,
  };
}

describe('buildPlan: fits or not, with the reason', () => {
  const cpuBox = machine({ cores: 4, memGB: 8, gpu: null });
  const cpuBench = bench({ cpuGBps: 20, cpuGflops: 10 });

  it('CPU-only: wllama models on the CPU with RAM × 0.5 × 0.8 budget; web-llm needs a GPU', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('a'), model('w', { engine: 'web-llm', vramRequiredMB: 900 })] });
    expect(plan.device).toBe('cpu');
    expect(plan.budgetBytes).toBe(8 * GiB * 0.5 * 0.8);
    const [a, w] = plan.models;
    expect(a.fits).toBe(true);
    // 20 GB/s ÷ 0.5 GB × 0.5 = 20 tok/s
    expect(a.predictedTokensPerSecond).toBeCloseTo(20, 6);
    // TTFT: 2·1e9·128 / (10·4 GFLOP/s · 0.3) = 21.333 s + 50 ms
    expect(a.predictedTtftMs).toBeCloseTo(21383.3, 0);
    expect(w.fits).toBe(false);
    expect(w.reason).toMatch(/needs a real GPU/);
  });

  it('too big for the budget, over the tier size limit, or beyond wasm32 says why', () => {
    const plan = buildPlan({
      tier: 'low',
      profile: machine({ memGB: 8, gpu: null }),
      bench: cpuBench,
      models: [model('big', { weightBytes: 3e9, paramsBillions: 3 }), model('huge', { paramsBillions: 7, weightBytes: 4e9 })],
    });
    expect(plan.models[0].fits).toBe(false);
    // A capped 8 GB is a lower bound: the reason says the RAM is assumed.
    expect(plan.models[0].reason).toMatch(/budget is 3\.2 GB \(0\.8 safety factor; RAM assumed\)/);
    expect(plan.models[1].reason).toMatch(/of the 3 B class \(up to 3.3 B\)/);
    const wasm = buildPlan({ tier: 'mid', profile: machine({ memGB: 32, gpu: null }), bench: cpuBench, models: [model('w', { weightBytes: 4e9, paramsBillions: 7 })] });
    expect(wasm.models[0].reason).toMatch(/wasm32/);
  });

  it('GPU plans: features, 1 GiB bindings for non low-resource web-llm models, VRAM budget by tier', () => {
    const gpuBox = machine({ cores: 8, memGB: 8, gpu: { features: [], limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 } } });
    const plan = buildPlan({
      tier: 'mid',
      profile: gpuBox,
      bench: bench({ gpuGBps: 200, gflops: 1000 }),
      models: [
        model('f16', { engine: 'web-llm', vramRequiredMB: 900, requiredFeatures: ['shader-f16'] }),
        model('big-binding', { engine: 'web-llm', vramRequiredMB: 900 }),
        model('small-ok', { engine: 'web-llm', vramRequiredMB: 900 }),
        model('too-big', { engine: 'web-llm', vramRequiredMB: 5000 }),
      ],
      isLowResource: (id) => id !== 'big-binding',
    });
    expect(plan.budgetBytes).toBeCloseTo(4 * GiB * 0.85, 0);
    expect(plan.models.map((m) => m.fits)).toEqual([false, false, true, false]);
    expect(plan.models[0].reason).toMatch(/shader-f16/);
    expect(plan.models[1].reason).toMatch(/1 GiB storage buffers/);
    expect(plan.models[3].reason).toMatch(/budget/);
    // 200 GB/s ÷ 0.5 GB × 0.6 = 240 tok/s
    expect(plan.models[2].predictedTokensPerSecond).toBeCloseTo(240, 6);
  });

  it('a model whose largest buffer exceeds maxBufferSize / maxStorageBufferBindingSize does not fit', () => {
    const gpuBox = machine({ gpu: { features: [], limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 } } });
    const plan = buildPlan({
      tier: 'mid', profile: gpuBox, bench: bench({ gpuGBps: 200 }),
      models: [model('g', { engine: 'web-llm', vramRequiredMB: 900 }), model('h', { engine: 'web-llm', vramRequiredMB: 900 })],
      isLowResource: () => true,
      bufferSizeRequired: (id) => (id === 'g' ? 262_144_000 : 100_000_000),
    });
    expect(plan.models[0].fits).toBe(false);
    expect(plan.models[0].reason).toMatch(/needs 0\.24 GB buffers; this GPU allows 0\.13 GB/);
    expect(plan.models[1].fits).toBe(true);
  });

  it('the fallback adapter plans on the CPU (its GPU bandwidth is ignored)', () => {
    const swift = machine({ gpu: { isFallbackAdapter: true } });
    const plan = buildPlan({ tier: 'low', profile: swift, bench: { ...bench({ gpuGBps: 999, cpuGBps: 10 }), isFallbackAdapter: true }, models: [model('a')] });
    expect(plan.device).toBe('cpu');
    expect(plan.bandwidthGBps.gpu).toBeNull();
    expect(plan.models[0].predictedTokensPerSecond).toBeCloseTo(10, 6);
  });

  it('shows predicted vs measured and the error', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('a')], measured: { a: 16 } });
    expect(plan.models[0].measuredTokensPerSecond).toBe(16);
    expect(plan.models[0].predictionError).toBeCloseTo((20 - 16) / 16, 10); // 0.25
  });

  it('refined efficiency changes the prediction', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('a')], efficiency: { 'wllama/cpu': 0.25 } });
    expect(plan.models[0].predictedTokensPerSecond).toBeCloseTo(10, 6);
  });
});

describe('recommended council and the validation loop', () => {
  const fastCpu = bench({ cpuGBps: 1000, cpuGflops: 100 });

  it('Low tier: exactly 1 member, the largest model that meets the speed target', () => {
    const plan = buildPlan({
      tier: 'low', profile: machine({ memGB: 8, gpu: null }), bench: bench({ cpuGBps: 20 }),
      // floor = 0.7 × 30 = 21 tok/s; 20 GB/s × 0.5 ÷ bytes: 0.3 GB → 33.3 ok, 0.6 GB → 16.7 too slow
      models: [model('slow', { paramsBillions: 1.2, weightBytes: 0.6e9 }), model('ok', { paramsBillions: 0.6, weightBytes: 0.3e9 })],
    });
    expect(plan.recommendedCouncil).toEqual({ size: 1, memberModelIds: ['ok'] });
    expect(plan.validation.join('\n')).toMatch(/Fail: speed/);
    expect(plan.validation.join('\n')).toMatch(/Adjust: slow → smaller ok/);
    expect(plan.validation.at(-1)).toMatch(/^Pass/);
  });

  it('Mid tier: shrinks the council from 3 to 2 when 3 members exceed the memory budget', () => {
    const fast = bench({ cpuGBps: 2000 });
    const m = model('m', { paramsBillions: 7, weightBytes: 3.3e9 }); // 3.96 GB loaded
    // 32 GB RAM: budget 32 GiB × 0.5 × 0.85 = 14.6 GB ≥ 3 × 3.96 GB; speed 2000 × 0.5 / 9.9 GB = 101 ≥ 56 tok/s
    const roomy = buildPlan({ tier: 'mid', profile: machine({ memGB: 32, gpu: null }), bench: fast, models: [m] });
    expect(roomy.recommendedCouncil).toEqual({ size: 3, memberModelIds: ['m', 'm', 'm'] });
    // 24 GB RAM: budget 10.95 GB, 85 % of it (the monitor's warning line) 9.31 GB < 11.88 GB → no smaller model → 2 members (7.92 GB)
    const tight = buildPlan({ tier: 'mid', profile: machine({ memGB: 24, gpu: null }), bench: fast, models: [m] });
    expect(tight.recommendedCouncil).toEqual({ size: 2, memberModelIds: ['m', 'm'] });
    expect(tight.validation.join('\n')).toMatch(/Fail: memory: 11\.88 GB > 85 % of the budget 10\.95 GB \(the monitor warns above it\)/);
    expect(tight.validation.join('\n')).toMatch(/shrinks to 2/);
    // Too slow for 3 at 1000 GB/s (50.5 < 56 tok/s): the speed check shrinks it as well
    const slow = buildPlan({ tier: 'mid', profile: machine({ memGB: 32, gpu: null }), bench: bench({ cpuGBps: 1000 }), models: [m] });
    expect(slow.recommendedCouncil.size).toBe(2);
    expect(slow.validation.join('\n')).toMatch(/Fail: speed: 50\.5 tok\/s/);
  });

  it('a model over wasm32 does not fit on the CPU', () => {
    const plan = buildPlan({ tier: 'mid', profile: machine({ memGB: 32, gpu: null }), bench: fastCpu, models: [model('m', { paramsBillions: 7, weightBytes: 4e9 })] });
    expect(plan.models[0].fits).toBe(false);
  });

  it('High tier: never more than 6 members; different models fill the council best first', () => {
    const models = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) => model(id, { engine: 'web-llm', paramsBillions: 1 + i * 0.1, weightBytes: 0.1e9, vramRequiredMB: 100 }));
    const plan = buildPlan({ tier: 'high', profile: machine({ cores: 16, memGB: 8, gpu: {} }), bench: bench({ gpuGBps: 3000, gflops: 50000 }), models });
    expect(plan.recommendedCouncil.size).toBe(MAX_COUNCIL_SIZE);
    expect(plan.recommendedCouncil.memberModelIds).toEqual(['g', 'f', 'e', 'd', 'c', 'b']);
  });

  it('generated test models are used only when nothing real fits', () => {
    const gen = model('generated:tiny', { source: 'generated', paramsBillions: 0.0001, weightBytes: 1e5 });
    const real = model('real', { paramsBillions: 0.1, weightBytes: 0.05e9 });
    const withReal = buildPlan({ tier: 'low', profile: machine({ gpu: null }), bench: fastCpu, models: [gen, real] });
    expect(withReal.recommendedCouncil.memberModelIds).toEqual(['real']);
    const onlyGen = buildPlan({ tier: 'low', profile: machine({ gpu: null }), bench: fastCpu, models: [gen] });
    expect(onlyGen.recommendedCouncil.memberModelIds).toEqual(['generated:tiny']);
  });

  it('keeps 1 member that misses the target, saying so; an empty council when nothing fits', () => {
    const slow = buildPlan({ tier: 'low', profile: machine({ gpu: null }), bench: bench({ cpuGBps: 1 }), models: [model('a')] });
    expect(slow.recommendedCouncil).toEqual({ size: 1, memberModelIds: ['a'] });
    expect(slow.validation.at(-1)).toMatch(/misses the target/);
    const none = buildPlan({ tier: 'low', profile: machine({ gpu: null }), bench: bench({ cpuGBps: 1 }), models: [model('x', { paramsBillions: 30 })] });
    expect(none.recommendedCouncil).toEqual({ size: 0, memberModelIds: [] });
  });
});
