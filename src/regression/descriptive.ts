/**
 * Descriptive statistics (mean, variance, quantiles). Their own module, apart from the significance
 * tests in stats.ts: the home screen's plan needs a median, and the tests' distributions stay off
 * the first load (issue 12).
 */

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample variance (n − 1 in the denominator). */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s / (xs.length - 1);
}

export const sd = (xs: readonly number[]): number => Math.sqrt(variance(xs));

/** Quantile with linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default). */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);
