import { describe, expect, it } from 'vitest';
import { CALIBRATION_CLEAN_CV, soloFromRuns } from './calibration';

describe('solo speed from calibration runs', () => {
  it('median of the runs; clean only with two or more runs and a spread at or below 10 %', () => {
    expect(soloFromRuns([])).toEqual({ tokensPerSecond: null, cv: null, clean: false });
    expect(soloFromRuns([50])).toEqual({ tokensPerSecond: 50, cv: null, clean: false });
    const close = soloFromRuns([100, 104, 98]);
    expect(close.tokensPerSecond).toBe(100);
    expect(close.clean).toBe(true);
    const wide = soloFromRuns([631, 258]);
    expect(wide.tokensPerSecond).toBeCloseTo(444.5);
    expect(wide.clean).toBe(false);
  });

  it('the 10 % edge: at it is clean, just past it is not', () => {
    // Two runs a and b: cv = |a−b| / √2 / mean; choose b so cv is exactly the edge, then a hair above.
    const a = 100;
    const b = (a * (1 + CALIBRATION_CLEAN_CV * Math.SQRT2 / 2)) / (1 - CALIBRATION_CLEAN_CV * Math.SQRT2 / 2);
    expect(soloFromRuns([a, b]).cv).toBeCloseTo(CALIBRATION_CLEAN_CV, 12);
    expect(soloFromRuns([a, b * 0.9999999]).clean).toBe(true);
    expect(soloFromRuns([a, b * 1.0001]).clean).toBe(false);
  });
});
