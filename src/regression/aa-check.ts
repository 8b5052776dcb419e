import { compareRunMedians } from './run-level';
import type { MetricSeries, Verdict } from './detector';

/**
 * A/A check (issue 12): the same build compared with itself must (almost) never look like a
 * regression. One run's samples, taken in order, are split into two interleaved halves (1st, 3rd,
 * 5th … against 2nd, 4th, 6th …), so whatever the shared machine did during the run — a slow
 * minute, a warming cache — lands on both halves alike, and the halves go through the run-level
 * comparison (run-level.ts) with each repetition as a unit. The share of metrics flagged as
 * regressions is the detector's false-alarm rate here; it must stay ≤ 5 %.
 */

export const AA_MAX_FLAGGED_SHARE = 0.05;

export interface AaMetric extends MetricSeries {
  /** The run's samples in the order they were taken. */
  samples: readonly number[];
}

export interface AaRow {
  metric: string;
  status: Verdict['status'];
  percentChange: number;
  p: number;
}

export interface AaReport {
  method: string;
  /** Metrics with enough samples to judge (≥ 4: two per half). */
  judged: number;
  flagged: number;
  /** flagged ÷ judged (0 when nothing could be judged). */
  flaggedShare: number;
  maxFlaggedShare: number;
  pass: boolean;
  rows: AaRow[];
}

/** Even positions and odd positions of a series taken in order. */
export function interleavedHalves(samples: readonly number[]): [number[], number[]] {
  return [samples.filter((_, i) => i % 2 === 0), samples.filter((_, i) => i % 2 === 1)];
}

export function aaCheck(metrics: readonly AaMetric[]): AaReport {
  const rows: AaRow[] = [];
  for (const m of metrics) {
    const [a, b] = interleavedHalves(m.samples.filter((x) => Number.isFinite(x)));
    if (a.length < 2 || b.length < 2) continue;
    const v = compareRunMedians(m, a.map((x) => [x]), b.map((x) => [x]));
    if (v.status === 'insufficient-data') continue;
    rows.push({ metric: m.metric, status: v.status, percentChange: v.percentChange, p: v.p });
  }
  const flagged = rows.filter((r) => r.status === 'regression').length;
  const flaggedShare = rows.length ? flagged / rows.length : 0;
  return {
    method: 'interleaved halves of this run (odd vs even repetitions), t-test on repetitions as units, SPEC §3.6 rules',
    judged: rows.length,
    flagged,
    flaggedShare,
    maxFlaggedShare: AA_MAX_FLAGGED_SHARE,
    pass: flaggedShare <= AA_MAX_FLAGGED_SHARE,
    rows,
  };
}
