import { describe, expect, it } from 'vitest';
import { collectMetrics, compareWithBaseline, formatTable, githubActionBenchmark, parseBaseline, updateBaseline } from './results';
import { htmlReport } from './html-report';

const line = (name: string, direction: 'bigger' | 'smaller', samples: number[], unit = direction === 'bigger' ? 'tokens/s' : 'ms') =>
  JSON.stringify({ name, unit, direction, samples });

const tenAround = (c: number) => [c - 2, c - 1, c, c + 1, c + 2, c - 1.5, c + 1.5, c - 0.5, c + 0.5, c];

describe('bench results', () => {
  it('collects samples per metric, concatenating repeated records', () => {
    const m = collectMetrics([line('decode', 'bigger', [1, 2]), '', line('decode', 'bigger', [3]), line('p95', 'smaller', [5, 6])]);
    expect(m.map((x) => x.name)).toEqual(['decode', 'p95']);
    expect(m[0].samples).toEqual([1, 2, 3]);
    expect(m[0].summary.median).toBe(2);
    expect(m[1].direction).toBe('lower-is-better');
  });

  it('github-action-benchmark arrays split by direction, value = median', () => {
    const gab = githubActionBenchmark(collectMetrics([line('decode', 'bigger', [10, 12, 11]), line('latency', 'smaller', [5, 7, 6])]));
    expect(gab.customBiggerIsBetter).toEqual([expect.objectContaining({ name: 'decode', unit: 'tokens/s', value: 11 })]);
    expect(gab.customSmallerIsBetter[0]).toMatchObject({ name: 'latency', value: 6 });
    expect(gab.customSmallerIsBetter[0].range).toMatch(/^± /);
  });

  it('compares with the baseline: slower decode and higher latency are regressions, faster decode is not', () => {
    const baseline = updateBaseline(null, collectMetrics([line('decode', 'bigger', tenAround(100)), line('latency', 'smaller', tenAround(50)), line('fps', 'bigger', tenAround(60), 'fps')]), false, 1);
    const now = collectMetrics([line('decode', 'bigger', [79, 80, 78, 79, 81]), line('latency', 'smaller', [70, 71, 69, 70, 72]), line('fps', 'bigger', [75, 76, 74, 75, 77], 'fps')]);
    const verdicts = compareWithBaseline(now, parseBaseline(JSON.stringify(baseline)));
    const by = (n: string) => verdicts.find((v) => v.metric === n)!;
    expect(by('decode').status).toBe('regression');
    expect(by('latency').status).toBe('regression');
    expect(by('fps').status).toBe('improvement');
    const table = formatTable(now, verdicts);
    expect(table).toMatch(/decode.*REGRESSION \(major\)/); // −20.6 % on the 5/10/20/30 ladder
    expect(table).toMatch(/latency.*REGRESSION \(major\)/); // +40.8 % on the 10/20/35/50 ladder
    expect(htmlReport({ format: 'wirthforge-bench-results', version: 1, startedAt: 0, finishedAt: 1, short: true, reps: 5, machine: {}, metrics: now, comparison: { baselineCreatedAt: 1, verdicts }, githubActionBenchmark: githubActionBenchmark(now) }, baseline)).toContain('<svg');
  });

  it('append keeps earlier samples; save replaces them', () => {
    const first = updateBaseline(null, collectMetrics([line('decode', 'bigger', [1, 2, 3])]), false, 1);
    expect(updateBaseline(first, collectMetrics([line('decode', 'bigger', [4])]), true).metrics.decode.samples).toEqual([1, 2, 3, 4]);
    expect(updateBaseline(first, collectMetrics([line('decode', 'bigger', [4])]), false).metrics.decode.samples).toEqual([4]);
    expect(() => parseBaseline('{"format":"other"}')).toThrow(/save-baseline/);
  });
});
