import { describe, expect, it } from 'vitest';
import { calibrationPoints, calibrationSummary } from './calibration';
import type { MeasurementRecord } from '../../store/schema';

const rec = (cold: number | undefined, measured: number, members?: number): MeasurementRecord => ({
  id: `m${cold}-${measured}`, at: 1, modelId: 'generated:x', engine: 'wllama', device: 'cpu', predictedTokensPerSecond: 1, measuredTokensPerSecond: measured,
  ...(cold === undefined ? {} : { coldPredictedTokensPerSecond: cold }), ...(members ? { members } : {}),
});

describe('calibration plot data', () => {
  it('keeps runs with a cold prediction, sorted by it, with their council size', () => {
    const pts = calibrationPoints([rec(100, 90), rec(undefined, 50), rec(40, 44, 2), rec(0, 10)]);
    expect(pts.map((p) => [p.cold, p.measured, p.members])).toEqual([[40, 44, 2], [100, 90, 1]]);
  });

  it('counts predictions within ±15 % at and just past the edge', () => {
    // (115 − 100) / 100 = +15 % is within; 116 is not; (85 − 100) / 100 = −15 % is within; 84.9 is not.
    const s = calibrationSummary(calibrationPoints([rec(115, 100), rec(116, 100), rec(85, 100), rec(84.9, 100)]));
    expect(s).toMatchObject({ within: 2, count: 4 });
    expect(s.medianError).toBeCloseTo(0, 9); // errors −15.1, −15, +15, +16 % → median 0
    expect(calibrationSummary([]).medianError).toBeNull();
  });
});
