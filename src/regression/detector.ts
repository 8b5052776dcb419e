import { cohensD, mannWhitneyU, mean, welchTTest, InsufficientSamplesError } from './stats';
import type { MetricDirection } from '../store/schema';

/**
 * Regression Detector (SPEC §3.6): a current run regressed against its baseline when
 *   1. the baseline has ≥ 10 samples and the current run ≥ 5,
 *   2. the difference is significant (two-sided Welch t or Mann-Whitney U, p < 0.05),
 *   3. it lies in the worse direction for the metric (throughput/fps down, latency/memory/errors up),
 *   4. the effect size |Cohen's d| > 0.2, and
 *   5. the change reaches at least the metric's "minor" threshold; severity grows with % change.
 * A significant change smaller than the minor threshold is reported as "negligible".
 */

export type MetricKind = 'throughput' | 'latency' | 'memory' | 'fps' | 'error-rate';
export type Severity = 'minor' | 'moderate' | 'major' | 'critical';
export type TestMethod = 'welch' | 'mann-whitney';

export const MIN_BASELINE_SAMPLES = 10;
export const MIN_CURRENT_SAMPLES = 5;
export const ALPHA = 0.05;
export const MIN_EFFECT_SIZE = 0.2;

/** % change at which each severity starts (SPEC §3.6). Error rate uses the latency ladder. */
export const SEVERITY_THRESHOLDS: Record<MetricKind, [minor: number, moderate: number, major: number, critical: number]> = {
  throughput: [5, 10, 20, 30],
  latency: [10, 20, 35, 50],
  memory: [15, 25, 40, 60],
  fps: [5, 10, 20, 30],
  'error-rate': [10, 20, 35, 50],
};

export const DIRECTION_OF: Record<MetricKind, MetricDirection> = {
  throughput: 'higher-is-better',
  fps: 'higher-is-better',
  latency: 'lower-is-better',
  memory: 'lower-is-better',
  'error-rate': 'lower-is-better',
};

/**
 * Guesses a metric's kind from its name and unit (tokens/s → throughput, ms → latency …); a metric
 * that fits none (a ratio, a count) gets the throughput ladder when higher is better, else latency's.
 */
export function inferKind(metric: string, unit: string, direction: MetricDirection = 'lower-is-better'): MetricKind {
  const s = `${metric} ${unit}`.toLowerCase();
  if (/\bfps\b|frames? per second/.test(s)) return 'fps';
  if (/error|reject|fail/.test(s)) return 'error-rate';
  if (/\b(bytes|kb|mb|gb|kib|mib|gib)\b|memory|heap/.test(s) && !/\/s\b|per second/.test(s)) return 'memory';
  if (/\/s\b|per second|throughput|gflop|gb\/s|ops/.test(s)) return 'throughput';
  if (/\b(ms|s|seconds?|latency|time)\b/.test(s)) return 'latency';
  return direction === 'higher-is-better' ? 'throughput' : 'latency';
}

export interface MetricSeries {
  metric: string;
  unit: string;
  direction: MetricDirection;
  kind?: MetricKind;
}

export type VerdictStatus = 'insufficient-data' | 'no-change' | 'negligible' | 'improvement' | 'regression';

export interface Verdict {
  metric: string;
  unit: string;
  kind: MetricKind;
  direction: MetricDirection;
  status: VerdictStatus;
  severity: Severity | null;
  method: TestMethod;
  baselineN: number;
  currentN: number;
  baselineMean: number;
  currentMean: number;
  /** (current − baseline) / baseline × 100; its sign is raw, not direction-adjusted. */
  percentChange: number;
  /** p-value of the chosen test; the other test's p is kept for the record. */
  p: number;
  pWelch: number | null;
  pMannWhitney: number | null;
  /** Cohen's d of current against baseline (signed). */
  effectSize: number;
  /** One sentence with the numbers behind the verdict. */
  explanation: string;
}

export function severityFor(kind: MetricKind, worsePercent: number): Severity | null {
  const [minor, moderate, major, critical] = SEVERITY_THRESHOLDS[kind];
  if (worsePercent >= critical) return 'critical';
  if (worsePercent >= major) return 'major';
  if (worsePercent >= moderate) return 'moderate';
  if (worsePercent >= minor) return 'minor';
  return null;
}

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x));

export function detectRegression(
  series: MetricSeries,
  baseline: readonly number[],
  current: readonly number[],
  method: TestMethod = 'welch',
): Verdict {
  const kind = series.kind ?? inferKind(series.metric, series.unit, series.direction);
  const direction = series.direction;
  const base: Omit<Verdict, 'status' | 'severity' | 'p' | 'pWelch' | 'pMannWhitney' | 'effectSize' | 'explanation' | 'percentChange' | 'baselineMean' | 'currentMean'> = {
    metric: series.metric,
    unit: series.unit,
    kind,
    direction,
    method,
    baselineN: baseline.length,
    currentN: current.length,
  };
  if (baseline.length < MIN_BASELINE_SAMPLES || current.length < MIN_CURRENT_SAMPLES) {
    const need =
      baseline.length < MIN_BASELINE_SAMPLES
        ? new InsufficientSamplesError(MIN_BASELINE_SAMPLES, baseline.length, 'baseline samples')
        : new InsufficientSamplesError(MIN_CURRENT_SAMPLES, current.length, 'current samples');
    return {
      ...base,
      status: 'insufficient-data',
      severity: null,
      baselineMean: baseline.length ? mean(baseline) : NaN,
      currentMean: current.length ? mean(current) : NaN,
      percentChange: NaN,
      p: NaN,
      pWelch: null,
      pMannWhitney: null,
      effectSize: NaN,
      explanation: need.message,
    };
  }
  const bm = mean(baseline);
  const cm = mean(current);
  const percentChange = bm !== 0 ? ((cm - bm) / Math.abs(bm)) * 100 : cm === 0 ? 0 : Math.sign(cm) * Infinity;
  const pWelch = welchTTest(baseline, current).p;
  const pMannWhitney = mannWhitneyU(baseline, current).p;
  const p = method === 'welch' ? pWelch : pMannWhitney;
  const d = cohensD(baseline, current);
  // Positive when the change goes the bad way for this metric.
  const worseSign = direction === 'higher-is-better' ? -1 : 1;
  const worsePercent = worseSign * percentChange;
  const worseD = worseSign * d;
  const significant = p < ALPHA && Math.abs(d) > MIN_EFFECT_SIZE;
  const numbers = `mean ${fmt(bm)} → ${fmt(cm)} ${series.unit} (${percentChange >= 0 ? '+' : ''}${fmt(percentChange, 3)} %), p = ${fmt(p, 2)} (${method === 'welch' ? 'Welch t' : 'Mann-Whitney U'}), d = ${fmt(d, 2)}, n = ${baseline.length}/${current.length}`;
  let status: VerdictStatus;
  let severity: Severity | null = null;
  let why: string;
  if (!significant) {
    status = 'no-change';
    why = p >= ALPHA ? `not significant (p ≥ ${ALPHA})` : `effect too small (|d| ≤ ${MIN_EFFECT_SIZE})`;
  } else if (worseD <= 0) {
    status = 'improvement';
    why = 'significant change in the better direction';
  } else {
    severity = severityFor(kind, worsePercent);
    status = severity ? 'regression' : 'negligible';
    why = severity
      ? `${severity} ${kind} regression (${fmt(worsePercent, 3)} % worse ≥ ${SEVERITY_THRESHOLDS[kind][['minor', 'moderate', 'major', 'critical'].indexOf(severity)]} %)`
      : `significant but below the ${SEVERITY_THRESHOLDS[kind][0]} % minor threshold for ${kind}`;
  }
  return {
    ...base,
    status,
    severity,
    baselineMean: bm,
    currentMean: cm,
    percentChange,
    p,
    pWelch,
    pMannWhitney,
    effectSize: d,
    explanation: `${why}: ${numbers}`,
  };
}
