/** Edges of the statistics behind the detector (SPEC §3.6; mutation testing, issue 15). */
import { describe, expect, it } from 'vitest';
import { cohensD, InsufficientSamplesError, mannWhitneyU, mean, median, medianInterval, quantile, sd, summarize, variance, welchTTest } from './stats';

describe('descriptive statistics', () => {
  it('variance divides by n − 1; fewer than 2 samples have none', () => {
    expect(variance([])).toBe(0);
    expect(variance([5])).toBe(0);
    expect(variance([1, 3])).toBe(2);
    expect(variance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 12);
    expect(sd([1, 3])).toBeCloseTo(Math.SQRT2, 12);
    expect(mean([1, 2, 6])).toBe(3);
  });

  it('quantile type 7: ends, interpolation, unsorted input left alone', () => {
    const xs = [40, 10, 30, 20];
    expect(quantile(xs, 0)).toBe(10);
    expect(quantile(xs, 1)).toBe(40);
    expect(quantile(xs, 0.5)).toBe(25);
    expect(quantile(xs, 0.25)).toBe(17.5); // h = 0.75
    expect(quantile(xs, 0.9)).toBeCloseTo(37, 12); // h = 2.7
    expect(xs).toEqual([40, 10, 30, 20]);
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([7], 0.3)).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([1, 2, 10, 100], 0.5)).toBe(6); // sorted numerically, not as text
  });

  it('summary of one sample: a zero-width interval; of none: an error', () => {
    const one = summarize([4]);
    expect(one).toMatchObject({ n: 1, mean: 4, sd: 0, median: 4, p95: 4, p99: 4, min: 4, max: 4, ci95: [4, 4] });
    expect(() => summarize([])).toThrow(InsufficientSamplesError);
    const two = summarize([1, 3]);
    // t(0.975, 1) = 12.706; half = 12.706 · √2 / √2
    expect(two.ci95[0]).toBeCloseTo(2 - 12.7062, 3);
    expect(two.ci95[1]).toBeCloseTo(2 + 12.7062, 3);
    expect(two.min).toBe(1);
    expect(two.max).toBe(3);
  });

  it('the error says what is missing', () => {
    const e = new InsufficientSamplesError(10, 3, 'baseline samples');
    expect(e).toMatchObject({ name: 'InsufficientSamplesError', needed: 10, got: 3, message: 'Need at least 10 baseline samples, got 3. Run the benchmark more times, then try again.' });
    expect(new InsufficientSamplesError(1, 0).message).toBe('Need at least 1 samples, got 0. Run the benchmark more times, then try again.');
  });
});

describe('median interval (order statistics)', () => {
  const seq = (n: number) => Array.from({ length: n }, (_, i) => n - i); // unsorted on purpose
  it('n = 0 and n = 1', () => {
    expect(medianInterval([])).toEqual({ lo: NaN, hi: NaN, coverage: 0 });
    expect(medianInterval([5])).toEqual({ lo: 5, hi: 5, coverage: 0 });
  });

  it('n = 6: [x(1), x(6)], 1 − 2/64 = 96.875 %', () => {
    expect(medianInterval(seq(6))).toEqual({ lo: 1, hi: 6, coverage: 1 - 2 / 64 });
  });

  it('n = 9: [x(2), x(8)], 1 − 2·10/512 = 96.09 %', () => {
    const r = medianInterval(seq(9));
    expect([r.lo, r.hi]).toEqual([2, 8]);
    expect(r.coverage).toBeCloseTo(1 - 20 / 512, 12);
  });

  it('a lower level gives a narrower interval', () => {
    const r = medianInterval(seq(9), 0.5);
    expect([r.lo, r.hi]).toEqual([3, 7]); // P(B ≤ 3) = 130/512 > 0.25 stops at k = 3
    expect(r.coverage).toBeCloseTo(1 - 92 / 512, 12);
    expect(medianInterval(seq(3), 0)).toMatchObject({ lo: 2, hi: 2 }); // never past the middle
  });
});

describe('significance tests and effect size', () => {
  it('Welch needs 2 samples per group', () => {
    expect(() => welchTTest([1], [1, 2])).toThrow('Need at least 2 samples per group for a t-test, got 1.');
    expect(() => welchTTest([1, 2], [1])).toThrow(InsufficientSamplesError);
    expect(welchTTest([1, 2], [1, 2])).toMatchObject({ t: 0, p: 1 });
  });

  it('Welch on constant groups: equal → p 1, different → p 0 with the sign of the change', () => {
    expect(welchTTest([3, 3], [3, 3, 3])).toEqual({ t: 0, df: 3, p: 1 });
    expect(welchTTest([3, 3], [4, 4, 4])).toEqual({ t: Infinity, df: 3, p: 0 });
    expect(welchTTest([3, 3], [2, 2, 2])).toEqual({ t: -Infinity, df: 3, p: 0 });
  });

  it('Welch t and df by hand (equal sizes and variances: df = 2n − 2)', () => {
    const r = welchTTest([1, 2, 3], [4, 5, 6]);
    expect(r.t).toBeCloseTo(3 / Math.sqrt(2 / 3), 12);
    expect(r.df).toBeCloseTo(4, 12);
    expect(r.p).toBeCloseTo(0.0213, 4); // scipy.stats.ttest_ind(..., equal_var=False)
  });

  it('Mann-Whitney: U of b, needs one sample per group, all ties → p 1', () => {
    expect(() => mannWhitneyU([], [1])).toThrow('Need at least 1 samples per group for a rank test, got 0.');
    expect(() => mannWhitneyU([1], [])).toThrow(InsufficientSamplesError);
    expect(mannWhitneyU([5, 5, 5], [5, 5])).toEqual({ u: 3, z: 0, p: 1 });
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r.u).toBe(9);
    expect(r.z).toBeCloseTo((9 - 4.5 - 0.5) / Math.sqrt((9 / 12) * 7), 12);
    expect(r.p).toBeCloseTo(0.0809, 3);
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3]).z).toBeCloseTo(-r.z, 12);
  });

  it('Mann-Whitney continuity: a difference within ½ of the mean reads z = 0', () => {
    const r = mannWhitneyU([1, 3], [2, 2.5]);
    expect(r.u).toBe(2);
    expect(r.z).toBe(0);
    expect(r.p).toBe(1);
  });

  it('Mann-Whitney ties share ranks and shrink the variance', () => {
    const r = mannWhitneyU([1, 2, 2], [2, 3, 3]);
    // ranks: 1, 3, 3 | 3, 5.5, 5.5 → U = 14 − 6 = 8; ties: (27−3) + (8−2) = 30
    expect(r.u).toBe(8);
    const sigma = Math.sqrt((9 / 12) * (7 - 30 / 30));
    expect(r.z).toBeCloseTo((8 - 4.5 - 0.5) / sigma, 12);
  });

  it("Cohen's d: pooled sd; constant groups give 0 or ±∞", () => {
    expect(cohensD([1, 2, 3], [2, 3, 4])).toBe(1);
    expect(cohensD([1, 3], [2, 4, 6])).toBeCloseTo(2 / Math.sqrt((2 + 8) / 3), 12);
    expect(cohensD([2, 2], [2, 2])).toBe(0);
    expect(cohensD([2, 2], [3, 3])).toBe(Infinity);
    expect(cohensD([2, 2], [1, 1])).toBe(-Infinity);
  });
});
