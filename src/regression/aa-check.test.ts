import { describe, expect, it } from 'vitest';
import { aaAcrossRuns, aaCheck, interleavedHalves, type AaMetric } from './aa-check';
import { detectRegression } from './detector';
import { gaussian, seeded } from './synthetic-runs.test-util';

const metric = (name: string, samples: number[]): AaMetric => ({ metric: name, unit: 'tokens/s', direction: 'higher-is-better', samples });

describe('A/A check on interleaved halves of one run', () => {
  it('splits by position: odd repetitions against even ones', () => {
    expect(interleavedHalves([1, 2, 3, 4, 5])).toEqual([[1, 3, 5], [2, 4]]);
  });

  it('a drifting run (the machine slows down through it) flags ≤ 5 % of metrics', () => {
    const rand = seeded(7);
    // Each metric's run drifts by up to ±20 % from first to last sample, plus 5 % noise: a split into
    // first and second half would flag most of them; interleaved halves see the drift alike.
    const metrics = Array.from({ length: 300 }, (_, i) => {
      const drift = 0.2 * (rand() * 2 - 1);
      return metric(`m${i}`, Array.from({ length: 12 }, (_, k) => 100 * (1 + (drift * k) / 11) * (1 + 0.05 * gaussian(rand))));
    });
    const report = aaCheck(metrics);
    expect(report.judged).toBe(300);
    expect(report.flaggedShare).toBeLessThanOrEqual(0.05);
    expect(report.pass).toBe(true);
  });

  it('a build that really is slower in every other repetition is flagged (the check can fail)', () => {
    const slowEveryOther = Array.from({ length: 12 }, (_, k) => (k % 2 ? 70 : 100) + (k % 3));
    const report = aaCheck([metric('council decode', slowEveryOther), metric('steady', [10, 10.1, 9.9, 10, 10.1, 9.9])]);
    expect(report.rows.find((r) => r.metric === 'council decode')?.status).toBe('regression');
    expect(report.flagged).toBe(1);
    expect(report.flaggedShare).toBe(0.5);
    expect(report.pass).toBe(false);
  });

  it('a metric with fewer than two samples per half is not judged', () => {
    const report = aaCheck([metric('three', [1, 2, 3])]);
    expect(report.judged).toBe(0);
    expect(report.flaggedShare).toBe(0);
  });
});

describe('A/A across runs of the same build', () => {
  it('run-to-run variance: the pooled sample-level detector flags far more than the run-level comparison', () => {
    const rand = seeded(11);
    const runOf = (level: number) => Array.from({ length: 5 }, () => level * (1 + 0.02 * gaussian(rand)));
    const names = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const runs = Array.from({ length: 5 }, () => names.map((n) => metric(n, runOf(100 * (1 + 0.06 * gaussian(rand))))));
    const report = aaAcrossRuns(runs[4], runs.slice(0, 4), (m, base, cur) => detectRegression(m, base, cur));
    expect(report.earlierRuns).toBe(4);
    expect(report.sampleLevel.judged).toBe(200);
    expect(report.runLevel.judged).toBe(200);
    expect(report.sampleLevel.flaggedShare).toBeGreaterThan(0.1);
    expect(report.runLevel.flaggedShare).toBeLessThanOrEqual(0.05);
    expect(report.flaggedMetrics.length).toBe(report.sampleLevel.flagged + report.flaggedMetrics.filter((f) => f.runLevel && !f.sampleLevel).length);
  });

  it('metrics missing from the earlier runs, or too few runs, are not judged', () => {
    const report = aaAcrossRuns([metric('new', [1, 2, 3, 4, 5])], [[metric('old', [1, 2])]], (m, base, cur) => detectRegression(m, base, cur));
    expect(report.sampleLevel.judged).toBe(0);
    expect(report.runLevel.judged).toBe(0);
  });
});
