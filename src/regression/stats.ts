import { mean, median, quantile, sd, variance } from './descriptive';
import { normalCdf, studentTQuantile, studentTTwoSided } from './special';

export { mean, median, quantile, sd, variance } from './descriptive';

/**
 * Descriptive statistics and the two significance tests of SPEC §3.6 (Welch t, Mann-Whitney U).
 * Pure functions; the app and the benchmark runner share them.
 */

export class InsufficientSamplesError extends Error {
  override name = 'InsufficientSamplesError';
  constructor(
    readonly needed: number,
    readonly got: number,
    what = 'samples',
  ) {
    super(`Need at least ${needed} ${what}, got ${got}. Run the benchmark more times, then try again.`);
  }
}

/**
 * Distribution-free confidence interval for the median from order statistics: [x_(k), x_(n−k+1)]
 * with the largest k such that P(Binomial(n, ½) < k) ≤ (1 − level)/2. `coverage` is the exact
 * level reached (≥ `level` when n is large enough; for n < 6 the widest interval min–max is
 * returned with its lower coverage, e.g. 93.75 % for n = 5).
 */
export function medianInterval(xs: readonly number[], level = 0.95): { lo: number; hi: number; coverage: number } {
  const n = xs.length;
  if (n === 0) return { lo: NaN, hi: NaN, coverage: 0 };
  const sorted = [...xs].sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  // cdf(j) = P(B ≤ j) for B ~ Binomial(n, ½), summed with log-binomials (exact enough for any n).
  const cdf: number[] = [];
  let lnC = 0;
  let acc = 0;
  for (let j = 0; j < n; j++) {
    acc += Math.exp(lnC - n * Math.LN2);
    cdf.push(acc);
    lnC += Math.log((n - j) / (j + 1));
  }
  // Coverage of [x_(k), x_(n−k+1)] is 1 − 2·P(B ≤ k − 1); take the largest k that keeps it ≥ level.
  let k = 1;
  while (k + 1 <= Math.floor((n + 1) / 2) && cdf[k] <= tail) k++;
  return { lo: sorted[k - 1], hi: sorted[n - k], coverage: 1 - 2 * cdf[k - 1] };
}

export interface Summary {
  n: number;
  mean: number;
  sd: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  /** 95 % confidence interval of the mean: mean ± t(0.975, n−1)·sd/√n. */
  ci95: [number, number];
  /** Distribution-free interval of the median (order statistics), with its exact coverage. */
  medianCi: { lo: number; hi: number; coverage: number };
}

export function summarize(xs: readonly number[]): Summary {
  if (xs.length === 0) throw new InsufficientSamplesError(1, 0);
  const m = mean(xs);
  const s = sd(xs);
  const half = xs.length > 1 ? (studentTQuantile(0.975, xs.length - 1) * s) / Math.sqrt(xs.length) : 0;
  return {
    n: xs.length,
    mean: m,
    sd: s,
    median: median(xs),
    p95: quantile(xs, 0.95),
    p99: quantile(xs, 0.99),
    min: Math.min(...xs),
    max: Math.max(...xs),
    ci95: [m - half, m + half],
    medianCi: medianInterval(xs),
  };
}

export interface WelchResult {
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/** Welch's unequal-variance t-test of mean(b) − mean(a) (two-sided). */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult {
  if (a.length < 2 || b.length < 2) throw new InsufficientSamplesError(2, Math.min(a.length, b.length), 'samples per group for a t-test');
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const diff = mean(b) - mean(a);
  const se2 = va + vb;
  if (se2 === 0) {
    // Both groups constant: identical → no evidence; different → certain.
    return diff === 0 ? { t: 0, df: a.length + b.length - 2, p: 1 } : { t: Math.sign(diff) * Infinity, df: a.length + b.length - 2, p: 0 };
  }
  const t = diff / Math.sqrt(se2);
  // Welch–Satterthwaite degrees of freedom.
  const df = se2 ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return { t, df, p: studentTTwoSided(t, df) };
}

export interface MannWhitneyResult {
  /** U statistic of sample b (number of pairs where b beats a, ties count ½). */
  u: number;
  z: number;
  /** Two-sided p-value, normal approximation with tie and continuity correction. */
  p: number;
}

/** Average ranks (1-based) of the pooled values; ties share their mean rank. */
function ranks(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const r = new Array<number>(values.length);
  let tieTerm = 0; // Σ (t³ − t) over tie groups
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k][1]] = avg;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  return { ranks: r, tieTerm };
}

/** Mann-Whitney U test, b against a (two-sided, asymptotic; matches scipy's method='asymptotic'). */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 < 1 || n2 < 1) throw new InsufficientSamplesError(1, Math.min(n1, n2), 'samples per group for a rank test');
  const { ranks: r, tieTerm } = ranks([...a, ...b]);
  let rb = 0;
  for (let i = n1; i < n1 + n2; i++) rb += r[i];
  const u = rb - (n2 * (n2 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const n = n1 + n2;
  const sigma2 = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (sigma2 <= 0) return { u, z: 0, p: 1 };
  const diff = u - mu;
  // Continuity correction of ½ towards the mean.
  const z = (Math.abs(diff) - 0.5 > 0 ? Math.sign(diff) * (Math.abs(diff) - 0.5) : 0) / Math.sqrt(sigma2);
  return { u, z, p: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

/** Cohen's d of b against a with the pooled standard deviation. */
export function cohensD(a: readonly number[], b: readonly number[]): number {
  const n1 = a.length;
  const n2 = b.length;
  const pooled = Math.sqrt(((n1 - 1) * variance(a) + (n2 - 1) * variance(b)) / (n1 + n2 - 2));
  const diff = mean(b) - mean(a);
  if (pooled === 0) return diff === 0 ? 0 : Math.sign(diff) * Infinity;
  return diff / pooled;
}
