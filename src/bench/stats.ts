import type { BenchmarkFigure, BenchmarkName, BenchmarkUnit } from './types';
import { median } from '../regression/descriptive';

/** A figure from its samples: median with min, max and relative spread (max − min) / median. */
export function toFigure(name: BenchmarkName, label: string, unit: BenchmarkUnit, samples: number[], durationMs: number, detail: string): BenchmarkFigure {
  const med = median(samples);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  return { name, label, unit, median: med, min, max, relativeSpread: med > 0 ? (max - min) / med : 0, samples, durationMs, detail };
}

/** Keeps sampling until the deadline (at least `min`, at most `max` samples). */
export async function sampleUntil(deadline: number, min: number, max: number, now: () => number, sample: () => Promise<number>, checkCancel: () => void): Promise<number[]> {
  const out: number[] = [];
  while (out.length < max && (out.length < min || now() < deadline)) {
    checkCancel();
    out.push(await sample());
  }
  return out;
}
