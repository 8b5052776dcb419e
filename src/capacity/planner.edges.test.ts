/** Planner edges (issue 15): which figures count, each fit check's boundary, predictions' guards, the forecast. */
import { describe, expect, it } from 'vitest';
import { bench, machine } from '../hardware/test-profiles';
import type { BenchmarkSuiteResult } from '../bench/types';
import type { ModelDescriptor } from '../models/model';
import { ASSUMED_RAM_GB, DEFAULT_EFFICIENCY, GiB, MiB, SAFETY_FACTOR } from './formulas';
import type { EngineFit } from './engine-fit';
import type { ModelPlan } from './plan-types';
import { buildPlan, councilForecast, deviceFor } from './planner';
import { validateCouncil } from './council';
import { uslCapacity } from '../scalability/usl';

function model(id: string, o: Partial<ModelDescriptor> = {}): ModelDescriptor {
  return {
    id, engine: 'wllama', label: id, paramsBillions: 1, bitsPerWeight: 4, weightBytes: 0.5e9, vramRequiredMB: null,
    contextLength: 2048, requiredFeatures: [], url: null, source: 'prebuilt', ...o,
  };
}
const webllm = (id: string, o: Partial<ModelDescriptor> = {}) => model(id, { engine: 'web-llm', vramRequiredMB: 900, ...o });

/** A benchmark run with the matmul figures named as given (f16 and/or f32). */
function gpuBench(o: { f16?: number; f32?: number; gpuGBps?: number }): BenchmarkSuiteResult {
  const b = bench({ gpuGBps: o.gpuGBps ?? 200, cpuGBps: 20, cpuGflops: 10 });
  const fig = (name: 'gpu-matmul-f16' | 'gpu-matmul-f32', v: number) => ({ ...b.figures[0], name, label: name, unit: 'GFLOP/s' as const, median: v, min: v, max: v, samples: [v] });
  if (o.f16 !== undefined) b.figures.push(fig('gpu-matmul-f16', o.f16));
  if (o.f32 !== undefined) b.figures.push(fig('gpu-matmul-f32', o.f32));
  return b;
}

const gpuBox = machine({ cores: 8, memGB: 16, gpu: {} });
const cpuBox = machine({ cores: 4, memGB: 8, gpu: null });
const cpuBench = bench({ cpuGBps: 20, cpuGflops: 10 });

describe('deviceFor', () => {
  it('web-llm needs a real GPU; wllama goes to the GPU only when told; remote runs nowhere here', () => {
    expect(deviceFor(model('w', { engine: 'web-llm' }), true)).toBe('gpu');
    expect(deviceFor(model('w', { engine: 'web-llm' }), false)).toBeNull();
    expect(deviceFor(model('l'), true)).toBe('cpu');
    expect(deviceFor(model('l'), true, true)).toBe('gpu');
    expect(deviceFor(model('l'), false, false)).toBe('cpu');
    expect(deviceFor(model('r', { engine: 'remote' }), true, true)).toBeNull();
  });
});

describe('which benchmark figures count', () => {
  it("a fallback adapter's benchmark does not count for a real GPU", () => {
    const plan = buildPlan({ tier: 'mid', profile: gpuBox, bench: { ...gpuBench({ f32: 1000 }), isFallbackAdapter: true }, models: [webllm('w')] });
    expect(plan.bandwidthGBps.gpu).toBeNull();
    expect(plan.models[0].predictedTokensPerSecond).toBeNull();
    expect(plan.models[0].predictedTtftMs).toBeNull();
  });

  it('a real GPU without benchmarks: no GPU figures, no throw', () => {
    const plan = buildPlan({ tier: 'mid', profile: gpuBox, bench: null, models: [webllm('w')] });
    expect(plan.bandwidthGBps.gpu).toBeNull();
    expect(plan.models[0].predictedTokensPerSecond).toBeNull();
  });

  it('GPU prefill uses the f16 matmul when measured, else f32', () => {
    const ttft = (b: BenchmarkSuiteResult) => buildPlan({ tier: 'mid', profile: gpuBox, bench: b, models: [webllm('w')] }).models[0].predictedTtftMs;
    const f16only = ttft(gpuBench({ f16: 2000 }));
    const f32only = ttft(gpuBench({ f32: 2000 }));
    expect(f16only).not.toBeNull();
    expect(f32only).not.toBeNull();
    expect(f16only).toBeCloseTo(f32only!, 9);
    expect(ttft(gpuBench({ f16: 2000, f32: 500 }))).toBeCloseTo(f16only!, 9);
    expect(ttft(gpuBench({}))).toBeNull();
  });
});

describe('fit checks', () => {
  it('a remote model fits without local memory', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('r', { engine: 'remote', weightBytes: null, vramRequiredMB: null })] });
    expect(plan.models[0].fits).toBe(true);
    expect(plan.models[0].predictedTokensPerSecond).toBeNull();
  });

  it('no parameter count is no reason to refuse; no size is', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('p', { paramsBillions: null }), model('s', { weightBytes: null, vramRequiredMB: null, bitsPerWeight: null })] });
    expect(plan.models[0].fits).toBe(true);
    expect(plan.models[0].predictedTtftMs).toBeNull(); // no parameters: no prefill estimate
    expect(plan.models[0].predictedTokensPerSecond).not.toBeNull();
    expect(plan.models[1].fits).toBe(false);
    expect(plan.models[1].reason).toMatch(/size unknown/);
    expect(plan.models[1].predictedTokensPerSecond).toBeNull();
  });

  it('GPU checks apply to GPU models only; a feature the GPU has is no obstacle', () => {
    const noF16 = machine({ cores: 8, memGB: 16, gpu: { features: [] } });
    const plan = buildPlan({ tier: 'mid', profile: noF16, bench: gpuBench({ f32: 100 }), models: [model('cpu-side', { requiredFeatures: ['shader-f16'] })] });
    expect(plan.models[0].device).toBe('cpu');
    expect(plan.models[0].fits).toBe(true);
    const has = buildPlan({ tier: 'mid', profile: gpuBox, bench: gpuBench({ f32: 100 }), models: [webllm('f', { requiredFeatures: ['shader-f16'] })] });
    expect(has.models[0].fits).toBe(true);
  });

  it('storage bindings: exactly 1 GiB is enough; below it, a web-llm model not known to be low-resource does not fit', () => {
    const at = (binding: number) => machine({ cores: 8, memGB: 16, gpu: { limits: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: binding } } });
    expect(buildPlan({ tier: 'mid', profile: at(GiB), bench: gpuBench({}), models: [webllm('w')] }).models[0].fits).toBe(true);
    const small = buildPlan({ tier: 'mid', profile: at(GiB - 1), bench: gpuBench({}), models: [webllm('w')] });
    expect(small.models[0].fits).toBe(false);
    expect(small.models[0].reason).toMatch(/1 GiB storage buffers/);
  });

  it('largest buffer: equal to the limit fits', () => {
    const box = machine({ cores: 8, memGB: 16, gpu: { limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30 } } });
    const plan = buildPlan({ tier: 'mid', profile: box, bench: gpuBench({}), models: [webllm('eq'), webllm('over')], bufferSizeRequired: (id) => (id === 'eq' ? 2 ** 30 : 2 ** 30 + 1) });
    expect(plan.models.map((m) => m.fits)).toEqual([true, false]);
  });

  it('RAM unknown (no Device Memory API): ASSUMED_RAM_GB is planned with, and every figure resting on it says "assumed"', () => {
    const plan = buildPlan({ tier: 'low', profile: machine({ memGB: null, gpu: null }), bench: cpuBench, models: [model('small', { weightBytes: 1e9 }), model('big', { weightBytes: 2e9 })] });
    const budget = ASSUMED_RAM_GB * GiB * 0.5 * SAFETY_FACTOR.low; // half the RAM × Low's safety factor
    expect(plan.budgets.cpu).toBe(budget);
    expect(plan.budgetText?.cpu).toBe(`CPU budget ${(budget / GiB).toFixed(1)} GB (half of 4 GB RAM, assumed: this browser does not report RAM)`);
    expect(plan.models.map((m) => m.fits)).toEqual([true, false]);
    expect(plan.models[1].reason).toMatch(/; RAM assumed\)$/);
    expect(plan.devices?.find((d) => d.id === 'cpu')?.budgetSource).toBe('assumed');
    // A reported figure is not assumed.
    const reported = buildPlan({ tier: 'low', profile: machine({ memGB: 4, gpu: null }), bench: cpuBench, models: [model('big', { weightBytes: 2e9 })] });
    expect(reported.models[0].reason).not.toMatch(/assumed/);
  });

  it('memory equal to the budget fits; one byte over does not', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [] });
    const budget = plan.budgets.cpu!;
    const fitsWith = (vramBytes: number) => buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('m', { vramRequiredMB: vramBytes / MiB, paramsBillions: 1 })] }).models[0].fits;
    expect(fitsWith(budget)).toBe(true);
    expect(fitsWith(budget + MiB)).toBe(false);
  });

  it('wasm32: exactly 4 GiB fits, more does not', () => {
    const big = machine({ memGB: 64, capped: false, gpu: null });
    const plan = (mb: number) => buildPlan({ tier: 'high', profile: big, bench: cpuBench, models: [model('m', { vramRequiredMB: mb, paramsBillions: 7 })] }).models[0];
    expect(plan(4096).fits).toBe(true);
    expect(plan(4097).reason).toMatch(/wasm32/);
  });

  it('an entered VRAM is not called assumed; the reasons name the device in capitals and sizes in MB or GB', () => {
    const entered = buildPlan({ tier: 'mid', profile: gpuBox, bench: gpuBench({}), vramGB: 2, models: [webllm('big', { vramRequiredMB: 5000 })] });
    expect(entered.models[0].reason).toMatch(/GPU budget is [\d.]+ GB \(0\.85 safety factor\)$/);
    const assumed = buildPlan({ tier: 'mid', profile: gpuBox, bench: gpuBench({}), models: [webllm('big', { vramRequiredMB: 50000 })] });
    expect(assumed.models[0].reason).toMatch(/VRAM assumed\)$/);
    const small = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('tiny', { weightBytes: 5e6, paramsBillions: 0.01 }), model('half', { weightBytes: 0.5e9 }), model('two', { weightBytes: 2e9, paramsBillions: 3 })] });
    expect(small.models[0].reason).toMatch(/^needs 5\.7 MB of the 3\.2 GB CPU budget$/); // 6e6 bytes = 5.7 MiB: every size in GiB / MiB, as the budgets
    expect(small.models[1].reason).toMatch(/^needs 0\.56 GB of the /);
    expect(small.models[2].reason).toMatch(/^needs 2\.2 GB of the /);
  });
});

describe('predictions', () => {
  it('a model that cannot run here gets no prediction', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [webllm('w')], measured: { w: 50 } });
    expect(plan.models[0].predictedTokensPerSecond).toBeNull();
    expect(plan.models[0].basis).toBeNull();
    expect(plan.models[0].predictionError).toBeNull();
  });

  it('no CPU bandwidth: no speed; no CPU matmul: no first token', () => {
    const noBw = buildPlan({ tier: 'low', profile: cpuBox, bench: bench({ cpuGflops: 10 }), models: [model('a')] });
    expect(noBw.models[0].predictedTokensPerSecond).toBeNull();
    expect(noBw.models[0].predictedTtftMs).toBeNull();
    const noFlops = buildPlan({ tier: 'low', profile: cpuBox, bench: bench({ cpuGBps: 20 }), models: [model('a')] });
    expect(noFlops.models[0].predictedTokensPerSecond).toBeCloseTo(20, 9);
    expect(noFlops.models[0].predictedTtftMs).toBeNull();
  });

  it('prediction error needs a positive measurement', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('a'), model('b')], measured: { a: 0, b: 40 } });
    expect(plan.models[0].predictionError).toBeNull();
    expect(plan.models[1].predictionError).toBeCloseTo((20 - 40) / 40, 12);
    expect(plan.models[1].basis).toBe('bandwidth');
  });

  it('the efficiency table: defaults, overridden per engine/device', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('a')], efficiency: { 'wllama/cpu': 0.25 } });
    expect(plan.efficiency).toEqual({ ...DEFAULT_EFFICIENCY, 'wllama/cpu': 0.25 });
  });

  const fit: EngineFit = {
    engine: 'wllama', device: 'cpu', threads: 1,
    decode: { secondsPerToken: 0.002, secondsPerByte: 1 / 5e9, effectiveBandwidthGBps: 5, r2: 1, points: [] },
    prefill: { fixedMs: 10, firstTokenMsPerParam: 0, msPerToken: 0, msPerTokenPerParam: 1e-8, r2: 1 },
    council: { sigma: 0.25, kappa: 0, r2: 1, measuredUpTo: 3 },
  };

  it('a probe of another engine is not used; a probe of this one is, and says so', () => {
    const other = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('a')], probe: { fit: { ...fit, engine: 'web-llm' }, decode: [] } });
    expect(other.models[0].basis).toBe('bandwidth');
    expect(other.models[0].coldTokensPerSecond).toBeNull();
    const mine = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [model('a'), model('np', { paramsBillions: null })], probe: { fit, decode: [] } });
    expect(mine.models[0].basis).toBe('probe');
    expect(mine.models[0].predictedTtftMs).toBeCloseTo(10 + 127 * 1e-8 * 1e9, 9);
    expect(mine.models[1].predictedTtftMs).toBeNull(); // no parameter count: no first-token estimate
  });

  it('a probe does not predict a model that cannot run here', () => {
    const plan = buildPlan({ tier: 'low', profile: cpuBox, bench: cpuBench, models: [webllm('w')], probe: { fit: { ...fit, engine: 'web-llm' }, decode: [] } });
    expect(plan.models[0].predictedTokensPerSecond).toBeNull();
    expect(plan.models[0].coldTokensPerSecond).toBeNull();
  });
});

describe('placement of the recommended council', () => {
  it('lists the members it placed by their own model ids', () => {
    const plan = buildPlan({ tier: 'mid', profile: machine({ cores: 8, memGB: 32, capped: false, gpu: null }), bench: bench({ cpuGBps: 2000, cpuGflops: 100 }), models: [model('first', { weightBytes: 0.1e9 }), model('second', { weightBytes: 0.2e9 })] });
    const placed = (plan.placement ?? []).flatMap((p) => p.modelIds).sort();
    expect(placed).toEqual([...plan.recommendedCouncil.memberModelIds].sort());
    expect(new Set(placed).size).toBeGreaterThan(0);
  });
});

describe('councilForecast', () => {
  const fit: EngineFit = {
    engine: 'wllama', device: 'cpu', threads: 1,
    decode: { secondsPerToken: 0.002, secondsPerByte: 1 / 5e9, effectiveBandwidthGBps: 5, r2: 1, points: [] },
    prefill: null,
    council: { sigma: 0.25, kappa: 0, r2: 1, measuredUpTo: 3 },
  };
  const row = (id: string, tps: number | null) => ({ model: model(id), predictedTokensPerSecond: tps }) as ModelPlan;
  const models = [row('a', 100), row('b', 50), row('n', null)];

  it('members cycle through the council models: mean lone speed × C(N), N = 1 … 6', () => {
    const f = councilForecast(models, ['a', 'b'], fit);
    expect(f.map((r) => r.members)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(f[0].combinedTokensPerSecond).toBeCloseTo(100, 9);
    expect(f[1].combinedTokensPerSecond).toBeCloseTo(75 * uslCapacity(2, 0.25, 0), 9);
    expect(f[2].combinedTokensPerSecond).toBeCloseTo((250 / 3) * uslCapacity(3, 0.25, 0), 9);
  });

  it('empty without a fit, without members, or when a member has no speed or is unknown', () => {
    expect(councilForecast(models, ['a'], null)).toEqual([]);
    expect(councilForecast(models, [], fit)).toEqual([]);
    expect(councilForecast(models, ['a', 'n'], fit)).toEqual([]);
    expect(councilForecast(models, ['a', 'ghost'], fit)).toEqual([]);
  });
});

describe("the recommended council's memory: at most the monitor's warning line (85 % of the budget)", () => {
  const member = (memoryBytes: number) => ({ memoryBytes, model: { id: 'm', engine: 'wllama' } }) as unknown as ModelPlan;
  const input = { tier: 'mid' as const, models: [], budgets: { cpu: 10e9, gpu: null }, bandwidthGBps: { cpu: null, gpu: null }, efficiency: {}, preferDevice: 'cpu' as const };
  it('two members of 4.25 GB (85 % of 10 GB) pass; 4.26 GB each does not', () => {
    expect(validateCouncil([member(4.25e9), member(4.25e9)], input, 'cpu')).toEqual([]);
    expect(validateCouncil([member(4.26e9), member(4.25e9)], input, 'cpu')).toEqual(['memory: 8.51 GB > 85 % of the budget 10.00 GB (the monitor warns above it)']);
  });
});
