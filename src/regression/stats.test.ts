import { describe, expect, it } from 'vitest';
import { betaIncReg, lnGamma, normalCdf, studentTCdf, studentTQuantile } from './special';
import { cohensD, mannWhitneyU, medianInterval, summarize, welchTTest } from './stats';

// Reference values computed independently with scipy 1.17 (scipy.special.betainc, scipy.stats.t,
// scipy.stats.ttest_ind(equal_var=False), scipy.stats.mannwhitneyu(method='asymptotic')).
const A = [19.1, 20.3, 18.7, 21.0, 19.8, 20.5, 19.4, 20.9, 18.9, 20.1];
const B = [17.2, 18.5, 16.9, 18.0, 17.7, 18.8, 17.1];

describe('special functions', () => {
  it('lnΓ matches factorials and Γ(½) = √π', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('regularised incomplete beta matches scipy', () => {
    expect(betaIncReg(0.3, 2.5, 1.5)).toBeCloseTo(0.08894372317066562, 12);
    expect(betaIncReg(0.9, 10, 0.5)).toBeCloseTo(0.15164090963470994, 12);
    expect(betaIncReg(0.01, 0.5, 0.5)).toBeCloseTo(0.06376856085851985, 12);
  });

  it('Student t CDF and quantiles match tables', () => {
    expect(studentTCdf(2.0, 5)).toBeCloseTo(0.9490302605850708, 10);
    expect(studentTCdf(-1.3, 3.7)).toBeCloseTo(0.13433336208631375, 10);
    expect(studentTCdf(0.5, 100)).toBeCloseTo(0.6909132170845567, 10);
    // The classic table values t(0.975, 9) = 2.262, t(0.975, 1) = 12.706, t(0.95, 30) = 1.697.
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157162798205, 8);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174694, 7);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.697260886593957, 8);
  });

  it('normal CDF: Φ(1.96) = 0.975, far tail keeps precision', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 12);
    expect(normalCdf(-3.5) / 0.00023262907903552502).toBeCloseTo(1, 10);
  });
});

describe('descriptive statistics', () => {
  it('summary matches numpy (type-7 percentiles) and the t interval', () => {
    const s = summarize(A);
    expect(s.n).toBe(10);
    expect(s.mean).toBeCloseTo(19.87, 10);
    expect(s.sd).toBeCloseTo(0.8233400809440101, 10);
    expect(s.median).toBeCloseTo(19.95, 10);
    expect(s.p95).toBeCloseTo(20.955, 10);
    expect(s.p99).toBeCloseTo(20.991, 10);
    expect(s.ci95[0]).toBeCloseTo(19.281017987134256, 8);
    expect(s.ci95[1]).toBeCloseTo(20.45898201286574, 8);
  });
});

describe('median interval (order statistics)', () => {
  const xs = (n: number) => Array.from({ length: n }, (_, i) => n - i); // unsorted on purpose
  it('n = 10 → [x(2), x(9)] with coverage 1 − 2·11/1024 = 97.85 % (textbook value)', () => {
    expect(medianInterval(xs(10))).toEqual({ lo: 2, hi: 9, coverage: 1 - 22 / 1024 });
  });
  it('n = 20 → [x(6), x(15)] with 95.86 %', () => {
    const r = medianInterval(xs(20));
    expect([r.lo, r.hi]).toEqual([6, 15]);
    expect(r.coverage).toBeCloseTo(0.9586105, 6);
  });
  it('n = 5 cannot reach 95 %: min–max with 93.75 %', () => {
    expect(medianInterval(xs(5))).toEqual({ lo: 1, hi: 5, coverage: 1 - 2 / 32 });
  });
});

describe('significance tests', () => {
  it('Welch t-test matches scipy (t, Welch–Satterthwaite df, p)', () => {
    const r = welchTTest(A, B); // mean(B) − mean(A): negative t
    expect(r.t).toBeCloseTo(-5.616540123201637, 10);
    expect(r.df).toBeCloseTo(14.049975478196167, 10);
    expect(r.p / 6.273049603633597e-5).toBeCloseTo(1, 8);
  });

  it('Mann-Whitney U with ties matches scipy', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 5, 5, 6], [3, 4, 4, 5, 6, 6, 7, 8]);
    expect(r.u).toBe(64.5);
    expect(r.p).toBeCloseTo(0.03091046919013921, 10);
    const r2 = mannWhitneyU(A, B);
    expect(r2.u).toBe(1);
    expect(r2.p).toBeCloseTo(0.0010782717056769698, 10);
  });

  it("Cohen's d uses the pooled sd: shifting by one pooled sd gives d = 1", () => {
    const a = [1, 2, 3, 4, 5];
    const sdPooled = Math.sqrt(2.5);
    expect(cohensD(a, a.map((x) => x + sdPooled))).toBeCloseTo(1, 12);
    expect(cohensD(a, a)).toBe(0);
  });

  it('identical constant groups are not significant; different constants are', () => {
    expect(welchTTest([3, 3, 3], [3, 3, 3]).p).toBe(1);
    expect(welchTTest([3, 3, 3], [4, 4, 4]).p).toBe(0);
  });
});
