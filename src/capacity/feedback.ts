import type { MeasurementRecord } from '../store/schema';
import type { PlanDevice } from './plan-types';
import { median } from '../regression/descriptive';

/**
 * Feedback loop (seed: Monitor & Adapt → Performance Feedback → Capacity Planning Request): the
 * measured decode speed of a model is stored next to its prediction, and the efficiency factor of
 * that engine/device becomes the median of measured ÷ bandwidth ceiling over recent runs.
 */

/** Runs considered when refining (older ones describe an older browser or driver). */
export const FEEDBACK_WINDOW = 20;
/**
 * Efficiency stays within these bounds whatever the measurements say. At most 1: efficiency is the
 * share of the measured bandwidth a decode step achieves, and no engine reads its weights faster
 * than the memory it reads them from. A higher ratio means the measured speed or the model's size
 * is wrong, not that the prediction may exceed the bandwidth ceiling.
 */
export const EFFICIENCY_BOUNDS = { min: 0.02, max: 1 } as const;

/** "gpu" or "cpu" from whatever device string an engine reports ("webgpu", "wasm", "cpu" …). */
export function normaliseDevice(device: string): PlanDevice {
  return /cpu|wasm/i.test(device) ? 'cpu' : 'gpu';
}

/**
 * Refined efficiency for one engine/device: the median over the most recent measurements of
 * measured ÷ ceiling, where ceiling = bandwidth ÷ bytes per token (tokens/s at efficiency 1).
 * When a model's ceiling is unknown now, its ratio measured ÷ predicted scales the default.
 * Returns null without measurements.
 */
export function refineEfficiency(
  records: Pick<MeasurementRecord, 'at' | 'modelId' | 'predictedTokensPerSecond' | 'measuredTokensPerSecond'>[],
  ceilingOf: (modelId: string) => number | null,
  defaultEfficiency: number,
): number | null {
  const recent = [...records].sort((a, b) => b.at - a.at).slice(0, FEEDBACK_WINDOW);
  const ratios: number[] = [];
  for (const r of recent) {
    if (!(r.measuredTokensPerSecond > 0)) continue;
    const ceiling = ceilingOf(r.modelId);
    if (ceiling !== null && ceiling > 0) ratios.push(r.measuredTokensPerSecond / ceiling);
    else if (r.predictedTokensPerSecond > 0) ratios.push((r.measuredTokensPerSecond / r.predictedTokensPerSecond) * defaultEfficiency);
  }
  if (!ratios.length) return null;
  return Math.min(EFFICIENCY_BOUNDS.max, Math.max(EFFICIENCY_BOUNDS.min, median(ratios)));
}

/** Latest measured tokens/s per model id. */
export function latestMeasured(records: Pick<MeasurementRecord, 'at' | 'modelId' | 'measuredTokensPerSecond'>[]): Record<string, number> {
  const out: Record<string, { at: number; v: number }> = {};
  for (const r of records) if (!out[r.modelId] || out[r.modelId].at < r.at) out[r.modelId] = { at: r.at, v: r.measuredTokensPerSecond };
  return Object.fromEntries(Object.entries(out).map(([k, x]) => [k, x.v]));
}
