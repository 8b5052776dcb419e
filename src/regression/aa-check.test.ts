import { describe, expect, it } from 'vitest';
import { aaCheck, interleavedHalves, type AaMetric } from './aa-check';
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
