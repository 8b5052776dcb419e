import { median, mean, variance } from './stats';
import { studentTTwoSided } from './special';
import { ALPHA, inferKind, severityFor, type MetricSeries, type Severity, type Verdict, type VerdictStatus } from './detector';

/**
 * Run-level regression test (issue 12, A/A honesty). The sample-level detector treats every
 * sample of a run as independent; but a run shares its machine state (another job on a shared
 * CPU, thermal state, the page's JIT), so two runs of the SAME build differ by more than their
 * samples' spread says, and the sample-level test flags that run-to-run difference as a regression.
 *
 * Here the unit is the run: each run is reduced to its median and the run medians are compared
 * with a pooled two-sample t-test (a single current run is then judged against the baseline runs'
 * spread, i.e. a prediction interval). Same rules otherwise as SPEC §3.6: p < 0.05, worse
 * direction, |d| > 0.2 on run medians, and at least the metric's "minor" % change.
 */

/** Fewest runs the comparison needs: both sides together must leave ≥ 2 degrees of freedom. */
export const MIN_RUN_DF = 2;

/**
 * Sampling variance of one run's median from the spread of samples inside the runs (pooled over
 * runs with ≥ 2 samples): ≈ (π/2)·σ²/n for a median of n roughly normal samples. 0 when no run
 * has two samples.
 */
export function medianSamplingVariance(runs: readonly (readonly number[])[]): { variance: number; df: number } {
  const multi = runs.filter((r) => r.length >= 2);
  const df = multi.reduce((s, r) => s + r.length - 1, 0);
  if (!df) return { variance: 0, df: 0 };
  const within = multi.reduce((s, r) => s + (r.length - 1) * variance(r), 0) / df;
  const meanSize = multi.reduce((s, r) => s + r.length, 0) / multi.length;
  return { variance: ((Math.PI / 2) * within) / meanSize, df };
}

export function compareRunMedians(series: MetricSeries, baselineRuns: readonly (readonly number[])[], currentRuns: readonly (readonly number[])[]): Verdict {
  const kind = series.kind ?? inferKind(series.metric, series.unit, series.direction);
  const b = baselineRuns.filter((r) => r.length > 0).map((r) => median(r));
  const c = currentRuns.filter((r) => r.length > 0).map((r) => median(r));
  const df = b.length + c.length - 2;
  const common = { metric: series.metric, unit: series.unit, kind, direction: series.direction, method: 'welch' as const, baselineN: b.length, currentN: c.length, pMannWhitney: null };
  if (b.length < 1 || c.length < 1 || df < MIN_RUN_DF) {
    return {
      ...common,
      status: 'insufficient-data',
      severity: null,
      baselineMean: b.length ? mean(b) : NaN,
      currentMean: c.length ? mean(c) : NaN,
      percentChange: NaN,
      p: NaN,
      pWelch: null,
      effectSize: NaN,
      explanation: `Need runs with at least ${MIN_RUN_DF} degrees of freedom between them (baseline runs + current runs − 2), got ${b.length} + ${c.length}. Append more runs to the baseline.`,
    };
  }
  const bm = mean(b);
  const cm = mean(c);
  // Pooled spread of the run medians; a side with one run adds no spread and no degree of freedom.
  // Never below what the samples inside the runs say a median wobbles by: with 3 or 4 runs their
  // medians can agree by chance, and a spread read from them alone would flag ordinary noise.
  // (The t-test's degrees of freedom are those of whichever estimate is used.)
  const betweenVar = ((b.length - 1) * variance(b) + (c.length - 1) * variance(c)) / df;
  const floor = medianSamplingVariance([...baselineRuns, ...currentRuns]);
  const pooledVar = Math.max(betweenVar, floor.variance);
  const tDf = floor.variance > betweenVar ? floor.df : df;
  const se = Math.sqrt(pooledVar * (1 / b.length + 1 / c.length));
  const diff = cm - bm;
  const t = se > 0 ? diff / se : diff === 0 ? 0 : Math.sign(diff) * Infinity;
  const p = se > 0 ? studentTTwoSided(t, tDf) : diff === 0 ? 1 : 0;
  const d = pooledVar > 0 ? diff / Math.sqrt(pooledVar) : diff === 0 ? 0 : Math.sign(diff) * Infinity;
  const percentChange = bm !== 0 ? (diff / Math.abs(bm)) * 100 : cm === 0 ? 0 : Math.sign(cm) * Infinity;
  const worseSign = series.direction === 'higher-is-better' ? -1 : 1;
  const significant = p < ALPHA && Math.abs(d) > 0.2;
  let status: VerdictStatus;
  let severity: Severity | null = null;
  if (!significant) status = 'no-change';
  else if (worseSign * d <= 0) status = 'improvement';
  else {
    severity = severityFor(kind, worseSign * percentChange);
    status = severity ? 'regression' : 'negligible';
  }
  const f = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x));
  return {
    ...common,
    status,
    severity,
    baselineMean: bm,
    currentMean: cm,
    percentChange,
    p,
    pWelch: p,
    effectSize: d,
    explanation: `${status === 'regression' ? `${severity} ${kind} regression` : status} on run medians: mean of ${b.length} run median(s) ${f(bm)} → ${c.length} run median(s) ${f(cm)} ${series.unit} (${percentChange >= 0 ? '+' : ''}${f(percentChange)} %), t-test on run medians p = ${f(p, 2)}, df = ${tDf}${tDf !== df ? ' (spread from the samples within runs: the run medians agreed more closely than their samples allow)' : ''}`,
  };
}
