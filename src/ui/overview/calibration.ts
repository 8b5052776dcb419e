/**
 * The calibration plot's data (issue 11): every stored run that had a cold (probe-only) prediction,
 * as (predicted, measured), sorted by prediction for the plot's x axis, and how many fall within
 * the ±15 % the app aims for.
 */
import { median } from '../../regression/descriptive';
import { predictionError } from '../../capacity/formulas';
import type { MeasurementRecord } from '../../store/schema';

export const CALIBRATION_TARGET = 0.15;

export interface CalibrationPoint {
  cold: number;
  measured: number;
  modelId: string;
  members: number;
}

export function calibrationPoints(records: readonly MeasurementRecord[]): CalibrationPoint[] {
  return records
    .filter((r) => (r.coldPredictedTokensPerSecond ?? 0) > 0 && r.measuredTokensPerSecond > 0)
    .map((r) => ({ cold: r.coldPredictedTokensPerSecond!, measured: r.measuredTokensPerSecond, modelId: r.modelId, members: r.members ?? 1 }))
    .sort((a, b) => a.cold - b.cold);
}

/** How many cold predictions were within the target, and the median error ((cold − measured) ÷ measured). */
export function calibrationSummary(points: readonly CalibrationPoint[]): { within: number; count: number; medianError: number | null } {
  const errors = points.map((p) => predictionError(p.cold, p.measured));
  return {
    within: errors.filter((e) => Math.abs(e) <= CALIBRATION_TARGET).length,
    count: points.length,
    medianError: errors.length ? median(errors) : null,
  };
}
