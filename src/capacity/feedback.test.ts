import { describe, expect, it } from 'vitest';
import { EFFICIENCY_BOUNDS, latestMeasured, normaliseDevice, refineEfficiency } from './feedback';

const rec = (at: number, modelId: string, predicted: number, measured: number) => ({ at, modelId, predictedTokensPerSecond: predicted, measuredTokensPerSecond: measured });

describe('feedback loop', () => {
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
    expect(refineEfficiency([rec(1, 'a', 1, 1000)], () => 1, 0.5)).toBe(1);
    expect(refineEfficiency([rec(1, 'a', 1, 0.001)], () => 1, 0.5)).toBe(EFFICIENCY_BOUNDS.min);
  });

  it('never exceeds what the measured bandwidth allows: at most 1, whichever way it is computed', () => {
    expect(EFFICIENCY_BOUNDS.max).toBe(1);
    // measured at the ceiling → 1; just under → kept; above (a faster-than-memory reading) → 1
    expect(refineEfficiency([rec(1, 'a', 50, 100)], () => 100, 0.5)).toBe(1);
    expect(refineEfficiency([rec(1, 'a', 50, 99)], () => 100, 0.5)).toBeCloseTo(0.99, 10);
    expect(refineEfficiency([rec(1, 'a', 50, 101)], () => 100, 0.5)).toBe(1);
    // without a ceiling: 0.8 × 60/30 = 1.6 → 1
    expect(refineEfficiency([rec(1, 'x', 30, 60)], () => null, 0.8)).toBe(1);
  });

  it('latest measured per model, and device normalisation', () => {
    expect(latestMeasured([rec(1, 'a', 0, 5), rec(3, 'a', 0, 7), rec(2, 'a', 0, 6)])).toEqual({ a: 7 });
    expect(normaliseDevice('wasm')).toBe('cpu');
    expect(normaliseDevice('webgpu')).toBe('gpu');
  });
});
