import { describe, expect, it } from 'vitest';
import {
  ASSUMED_RAM_GB,
  GiB,
  withinParamClass,
  MiB,
  bytesReadPerToken,
  concurrentDecodeTps,
  councilSizeRange,
  cpuAvailableBytes,
  memoryBudgetBytes,
  modelMemoryBytes,
  predictedDecodeTps,
  predictedTtftMs,
  predictionError,
} from './formulas';

describe('capacity formulas (hand-computed values)', () => {
  it('memory budget = available × 0.8 / 0.85 / 0.9', () => {
    expect(memoryBudgetBytes(10 * GiB, 'low')).toBe(8 * GiB);
    expect(memoryBudgetBytes(4 * GiB, 'mid')).toBeCloseTo(3.4 * GiB, 0);
    expect(memoryBudgetBytes(12 * GiB, 'high')).toBeCloseTo(10.8 * GiB, 0);
  });

  it('CPU plans use half the RAM', () => {
    expect(cpuAvailableBytes(8)).toBe(4 * GiB);
    expect(cpuAvailableBytes(null)).toBe(ASSUMED_RAM_GB * GiB * 0.5); // not reported (Firefox, Safari): assumed
  });

  it('model memory: vram_required_MB when known, else weights + 20 %', () => {
    expect(modelMemoryBytes({ vramRequiredMB: 879.04, weightBytes: 1 })).toBeCloseTo(879.04 * MiB, 3);
    expect(modelMemoryBytes({ vramRequiredMB: null, weightBytes: 1000 })).toBe(1200);
    expect(modelMemoryBytes({ vramRequiredMB: null, weightBytes: null })).toBeNull();
  });

  it('bytes per token = weights, or params × bits / 8', () => {
    expect(bytesReadPerToken({ weightBytes: 500, paramsBillions: 1, bitsPerWeight: 4 })).toBe(500);
    expect(bytesReadPerToken({ weightBytes: null, paramsBillions: 1, bitsPerWeight: 4.5 })).toBe(562_500_000);
    expect(bytesReadPerToken({ weightBytes: null, paramsBillions: null, bitsPerWeight: 4 })).toBeNull();
  });

  it('decode tok/s = bandwidth ÷ bytes per token × efficiency', () => {
    // 100 GB/s ÷ 0.5625 GB × 0.6 = 106.67 tok/s
    expect(predictedDecodeTps(100, 562_500_000, 0.6)).toBeCloseTo(106.667, 2);
    // 20 GB/s ÷ 109.5 MB × 0.5 = 91.32 tok/s
    expect(predictedDecodeTps(20, 109_499_072, 0.5)).toBeCloseTo(91.325, 2);
  });

  it('concurrent members share the bandwidth', () => {
    // 100 GB/s × 0.5 ÷ (1 + 1 + 3 GB) = 10 tok/s each
    expect(concurrentDecodeTps(100, [1e9, 1e9, 3e9], 0.5)).toBeCloseTo(10, 10);
    expect(concurrentDecodeTps(100, [], 0.5)).toBe(0);
  });

  it('TTFT = 2·params·prompt / (GFLOP/s·0.3) + one decode step', () => {
    // 1B, 128 tokens, 100 GFLOP/s: 256e9 / 30e9 = 8.5333 s; + 1/20 s → 8583.3 ms
    expect(predictedTtftMs(1, 128, 100, 20)).toBeCloseTo(8583.33, 1);
  });

  it('prediction error = (predicted − measured) / measured', () => {
    expect(predictionError(125, 100)).toBeCloseTo(0.25, 10);
    expect(predictionError(80, 100)).toBeCloseTo(-0.2, 10);
  });

  it('council size per tier: Low 1, Mid 2–3, High 4–6', () => {
    expect(councilSizeRange('low')).toEqual({ min: 1, max: 1 });
    expect(councilSizeRange('mid')).toEqual({ min: 2, max: 3 });
    expect(councilSizeRange('high')).toEqual({ min: 4, max: 6 });
  });
});

describe('tier size classes (SPEC §3.1, with true parameter counts)', () => {
  it('a model up to 10 % above the class number belongs to it, just past that it does not', () => {
    expect(withinParamClass(3.21, 3)).toBe(true); // Llama-3.2-3B
    expect(withinParamClass(3.3, 3)).toBe(true);
    expect(withinParamClass(3.31, 3)).toBe(false);
    expect(withinParamClass(70.6, 70)).toBe(true); // Llama-3.1-70B
    expect(withinParamClass(77.01, 70)).toBe(false);
  });
});
