import { describe, expect, it } from 'vitest';
import { latestMeasured, median, normaliseDevice, refineEfficiency } from './feedback';

const rec = (at: number, modelId: string, predicted: number, measured: number) => ({ at, modelId, predictedTokensPerSecond: predicted, measuredTokensPerSecond: measured });

describe('feedback loop', () => {
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('efficiency = median of measured ÷ ceiling (bandwidth ÷ bytes per token)', () => {
    // ceiling 100 tok/s; measured 30, 40, 50 → ratios 0.3, 0.4, 0.5 → 0.4
    const r = refineEfficiency([rec(1, 'a', 50, 30), rec(2, 'a', 50, 40), rec(3, 'a', 50, 50)], () => 100, 0.5);
    expect(r).toBeCloseTo(0.4, 10);
  });

  it('without a ceiling, measured ÷ predicted scales the default', () => {
    // 0.5 × 20/40 = 0.25
    expect(refineEfficiency([rec(1, 'x', 40, 20)], () => null, 0.5)).toBeCloseTo(0.25, 10);
  });

  it('no measurements → null; stays within bounds', () => {
    expect(refineEfficiency([], () => 100, 0.5)).toBeNull();
    expect(refineEfficiency([rec(1, 'a', 1, 1000)], () => 1, 0.5)).toBe(1.5);
  });

  it('latest measured per model, and device normalisation', () => {
    expect(latestMeasured([rec(1, 'a', 0, 5), rec(3, 'a', 0, 7), rec(2, 'a', 0, 6)])).toEqual({ a: 7 });
    expect(normaliseDevice('wasm')).toBe('cpu');
    expect(normaliseDevice('webgpu')).toBe('gpu');
  });
});
