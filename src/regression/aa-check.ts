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

export interface AaAcrossRuns {
  /** Earlier runs of the same build the comparison used. */
  earlierRuns: number;
  /** The sample-level detector with the earlier runs' samples pooled (what an appended baseline gets). */
  sampleLevel: { judged: number; flagged: number; flaggedShare: number };
  /** The run-level comparison (run medians); needs ≥ 3 earlier runs. */
  runLevel: { judged: number; flagged: number; flaggedShare: number };
  flaggedMetrics: { metric: string; sampleLevel: boolean; runLevel: boolean }[];
}

/**
 * A/A across runs: this run against earlier runs of the SAME build. Both ways of judging are
 * reported side by side, so the report shows what counting run-to-run variance changes.
 */
export function aaAcrossRuns(
  current: readonly AaMetric[],
  earlier: readonly (readonly AaMetric[])[],
  detectSampleLevel: (m: AaMetric, baseline: number[], current: readonly number[]) => Verdict,
): AaAcrossRuns {
  const sample = { judged: 0, flagged: 0 };
  const run = { judged: 0, flagged: 0 };
  const flaggedMetrics: AaAcrossRuns['flaggedMetrics'] = [];
  for (const m of current) {
    const runs = earlier.map((r) => r.find((x) => x.metric === m.metric)?.samples ?? []).filter((s) => s.length > 0);
    if (!runs.length) continue;
    const s = detectSampleLevel(m, runs.flat(), m.samples);
    const r = compareRunMedians(m, runs, [m.samples]);
    if (s.status !== 'insufficient-data') (sample.judged++, s.status === 'regression' && sample.flagged++);
    if (r.status !== 'insufficient-data') (run.judged++, r.status === 'regression' && run.flagged++);
    if (s.status === 'regression' || r.status === 'regression') flaggedMetrics.push({ metric: m.metric, sampleLevel: s.status === 'regression', runLevel: r.status === 'regression' });
  }
  const share = (x: { judged: number; flagged: number }) => ({ ...x, flaggedShare: x.judged ? x.flagged / x.judged : 0 });
  return { earlierRuns: earlier.length, sampleLevel: share(sample), runLevel: share(run), flaggedMetrics };
}
