import { describe, expect, it } from 'vitest';
import { collectMetrics, githubActionBenchmark } from './results';
import { evaluateGates, formatGates, GATES, type Gate } from './gates';
import { htmlReport } from './html-report';

const line = (name: string, direction: 'bigger' | 'smaller', samples: number[]) => JSON.stringify({ name, unit: 'ms', direction, samples });

const gates: Gate[] = [
  { metric: 'tick', op: '<=', threshold: 2, unit: 'ms', means: 'tick cost' },
  { metric: 'efficiency', op: '>=', threshold: 0.5, unit: 'ratio', means: 'efficiency' },
  { metric: 'absent', op: '<=', threshold: 1, unit: 'ms', means: 'not in this run' },
];

describe('bench gates', () => {
  it('checks the median against the threshold in the right direction; an unmeasured metric is "not measured"', () => {
    const metrics = collectMetrics([line('tick', 'smaller', [1, 9, 1.5, 1.2, 1.8]), line('efficiency', 'bigger', [0.4, 0.45, 0.6, 0.3, 0.48])]);
    const r = evaluateGates(metrics, gates);
    expect(r.map((g) => [g.metric, g.status, g.figure])).toEqual([
      ['tick', 'pass', 1.5], // one outlier does not fail the gate: the median does
      ['efficiency', 'fail', 0.45],
      ['absent', 'not measured', null],
    ]);
    const table = formatGates(r);
    expect(table).toMatch(/tick\s+≤ 2 ms\s+1\.5 ms\s+5\s+pass/);
    expect(table).toMatch(/efficiency\s+≥ 0\.5 ratio\s+0\.45 ratio\s+5\s+FAIL/);
    expect(table).toMatch(/absent\s+≤ 1 ms\s+–\s+0\s+not measured/);
  });

  it('the HTML report lists every gate with its threshold, figure and result', () => {
    const metrics = collectMetrics([line('tick', 'smaller', [1, 2, 3])]);
    const html = htmlReport({ format: 'wirthforge-bench-results', version: 1, startedAt: 0, finishedAt: 1, short: true, reps: 3, machine: {}, metrics, comparison: { baselineCreatedAt: null, verdicts: [] }, gates: evaluateGates(metrics, gates), githubActionBenchmark: githubActionBenchmark(metrics) }, null);
    expect(html).toContain('<h2>Gates</h2>');
    expect(html).toMatch(/<td>tick<\/td><td>≤ 2 ms<\/td><td>2 ms<\/td><td>3<\/td><td class="ok">pass<\/td>/);
    expect(html).toContain('<td class="muted">not measured</td>');
  });

  it('the default gates cover the figures issue 12 names, with unique metrics', () => {
    const names = GATES.map((g) => g.metric);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['first load JS gzip', 'monitor tick cost, steady', 'monitor long tasks per council answer', 'council overhead ratio (council ÷ bare)', 'council efficiency N=2', 'monitor jank to first quality step', 'monitor jank end to first step up'])
      expect(names).toContain(n);
    expect(GATES.find((g) => g.metric === 'first load JS gzip')).toMatchObject({ op: '<=', threshold: 100, unit: 'kB' });
  });
});
