import { describe, expect, it } from 'vitest';
import { collectMetrics, compareWithBaseline, githubActionBenchmark, updateBaseline, type BenchResults } from './results';
import { htmlReport } from './html-report';
import { aaCheck } from '../../src/regression/aa-check';

const line = (samples: number[]) => JSON.stringify({ name: 'decode', unit: 'tokens/s', direction: 'bigger', samples });
const run = (samples: number[]) => collectMetrics([line(samples)]);

describe('baseline runs and the A/A check in the bench output (issue 12)', () => {
  it('append keeps each run apart; save starts again with one run; an old file counts as one run', () => {
    const first = updateBaseline(null, run([1, 2, 3]), false, 1);
    expect(first.metrics.decode.runs).toEqual([[1, 2, 3]]);
    const second = updateBaseline(first, run([4, 5]), true, 2);
    expect(second.metrics.decode.runs).toEqual([[1, 2, 3], [4, 5]]);
    expect(updateBaseline(second, run([9]), false, 3).metrics.decode.runs).toEqual([[9]]);
    const { runs: _, ...old } = first.metrics.decode;
    expect(updateBaseline({ ...first, metrics: { decode: old } }, run([7]), true).metrics.decode.runs).toEqual([[1, 2, 3], [7]]);
  });

  it('a run inside the baseline runs\' spread is no regression once there are three runs, though its samples alone would be', () => {
    // Three runs whose levels differ (100, 92, 108) with tight samples inside each; this run sits at 93.
    let baseline = updateBaseline(null, run([100, 100.5, 99.5, 100.2, 99.8, 100.1, 99.9, 100.3, 99.7, 100]), false, 1);
    const now = run([93, 93.4, 92.6, 93.2, 92.8]);
    expect(compareWithBaseline(now, baseline)[0].status).toBe('regression');
    expect(compareWithBaseline(now, baseline)[0].explanation).toMatch(/treated as independent/);
    baseline = updateBaseline(baseline, run([92, 92.3, 91.7, 92.1, 91.9]), true, 2);
    baseline = updateBaseline(baseline, run([108, 108.2, 107.8, 108.1, 107.9]), true, 3);
    const v = compareWithBaseline(now, baseline)[0];
    expect(v.status).toBe('no-change');
    expect(v.explanation).toMatch(/run medians/);
    // A real drop well outside the runs' spread is still a regression.
    expect(compareWithBaseline(run([60, 60.5, 59.5, 60.2, 59.8]), baseline)[0].status).toBe('regression');
  });

  it('the HTML report shows the A/A share and whether it passed', () => {
    const metrics = run([100, 70, 101, 71, 99, 69, 100, 70]);
    const aa = aaCheck(metrics.map((m) => ({ metric: m.name, unit: m.unit, direction: m.direction, samples: m.samples })));
    const results: BenchResults = { format: 'wirthforge-bench-results', version: 1, startedAt: 0, finishedAt: 1, short: true, reps: 8, machine: {}, metrics, comparison: { baselineCreatedAt: null, verdicts: [] }, aa, githubActionBenchmark: githubActionBenchmark(metrics) };
    const html = htmlReport(results, null);
    expect(html).toContain('A/A check');
    expect(html).toMatch(/1 of 1 metrics flagged[^<]*100\.0 %[^<]*FAIL/);
    expect(html).toContain('<li>decode');
  });
});
