import { describe, expect, it } from 'vitest';
import { setsFromBenchmarkRun, setsFromLoadReport } from './current';

describe('current sample sets', () => {
  it('takes each measured micro-benchmark figure (skips and the suite entry have no samples)', () => {
    const sets = setsFromBenchmarkRun({
      id: 'b',
      profileId: 'p',
      startedAt: 5,
      results: [
        { kind: 'figure', name: 'gpu-bandwidth', label: 'GPU memory bandwidth', unit: 'GB/s', median: 2, min: 1, max: 3, relativeSpread: 1, samples: [1, 2, 3], durationMs: 10, detail: '' },
        { kind: 'skipped', name: 'gpu-matmul-f16', reason: 'no shader-f16' },
        { kind: 'suite', durationMs: 4000, adapterDescription: null, isFallbackAdapter: null },
      ],
    });
    expect(sets).toEqual([{ metric: 'bench gpu-bandwidth', unit: 'GB/s', direction: 'higher-is-better', samples: [1, 2, 3], source: 'benchmark', at: 5 }]);
  });

  it('a load run gives full-second throughput buckets and per-request latencies', () => {
    const sets = setsFromLoadReport({ scenario: 'S2', startedAt: 1, durationMs: 2500, throughputSeries: { tokensPerSecond: [10, 12, 3] }, latencySamples: [100, 120] });
    expect(sets.map((s) => [s.metric, s.direction, s.samples])).toEqual([
      ['load S2 throughput', 'higher-is-better', [10, 12]],
      ['load S2 latency', 'lower-is-better', [100, 120]],
    ]);
  });
});
