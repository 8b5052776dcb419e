import { describe, expect, it } from 'vitest';
import { buildReport, recommendationRows, reportToHtml } from './report';
import type { Recommendation } from '../scalability/recommendations';
import type { LoadRun, RequestEvent } from './types';

const ev = (id: number, group: string, submittedAt: number, settledAt: number, queuedMs: number, tokens = 10, outcome: RequestEvent['outcome'] = 'ok'): RequestEvent => ({
  id,
  tag: `r${id}`,
  group,
  submittedAt,
  settledAt,
  outcome,
  tokens,
  ttftMs: 5,
  queuedMs,
  errorName: outcome === 'rejected' ? 'QueueFullError' : null,
  errorMessage: null,
});

const run = (events: RequestEvent[], extra: Partial<LoadRun> = {}): LoadRun => ({
  scenario: 'S2',
  short: true,
  target: 'synthetic',
  capacity: 1,
  startedAt: 0,
  durationMs: 4000,
  stopped: false,
  events,
  samples: [],
  tokenTimes: [],
  ...extra,
});

describe('load report', () => {
  it('spreads tokens over service time when no token times were reported', () => {
    // One request served 1000–3000 ms with 20 tokens → 10 tokens in each of buckets 1 and 2.
    const r = buildReport(run([ev(1, '1', 0, 3000, 1000, 20)]));
    expect(r.throughputSeries.tokensPerSecond).toEqual([0, 10, 10, 0]);
    expect(r.throughput).toBe(5); // 20 tokens / 4 s
  });

  it('S2 judges service time (queue wait excluded) against single prompts: +50 % passes, more fails', () => {
    // Single prompt: 100 ms service. Burst of 5 on one server: long waits, but each served in 140 ms.
    const ok = buildReport(run([ev(1, '1', 0, 100, 0), ...[0, 1, 2, 3, 4].map((i) => ev(2 + i, '5', 200, 200 + 140 * (i + 1), 140 * i))]));
    expect(ok.checks.find((c) => c.name.startsWith('Service time'))?.passed).toBe(true);
    const slow = buildReport(run([ev(1, '1', 0, 100, 0), ...[0, 1].map((i) => ev(2 + i, '2', 200, 200 + 200 * (i + 1), 200 * i))]));
    expect(slow.checks.find((c) => c.name.startsWith('Service time'))?.passed).toBe(false);
  });

  it('counts outcomes, rejections by name and latency percentiles of answered requests only', () => {
    const events = [1, 2, 3, 4].map((i) => ev(i, '1', 0, i * 100, 0)).concat([ev(5, '1', 0, 1, 0, 0, 'rejected')]);
    const r = buildReport(run(events));
    expect(r.counts).toMatchObject({ submitted: 5, ok: 4, rejected: 1, lost: 0 });
    expect(r.errorsByName).toEqual({ QueueFullError: 1 });
    expect(r.rejectionRate).toBeCloseTo(0.2, 10);
    expect(r.latencyMs?.p50).toBe(250); // type-7 median of 100, 200, 300, 400
    expect(r.latencyMs?.max).toBe(400);
  });
});

describe('the report’s scalability recommendations', () => {
  const runBasisA = { kind: 'scalability-run' as const, id: 'usl-a', at: Date.UTC(2026, 10, 29, 19, 0), label: 'scalability run usl-a (2 sizes, m)' };
  const rec: Recommendation = { horizon: 'immediate', rule: 'council-knee', text: 'A council of 2 gives 94 % of the peak; a 3rd member adds 3 % <ok>.', numbers: { n: 2, share: 0.94 }, basis: [runBasisA] };
  const report = buildReport(run([ev(1, '1', 0, 1000, 0)]), [rec]);

  it('are kept in the report (and the JSON export) with their basis', () => {
    expect(report.recommendations).toEqual([rec]);
    expect(JSON.parse(JSON.stringify(report)).recommendations[0].basis[0].id).toBe('usl-a');
    expect(buildReport(run([]))).not.toHaveProperty('recommendations');
  });

  it('go stale in the report once the run they rest on is replaced', () => {
    expect(recommendationRows(report, [runBasisA])).toEqual([{ horizon: 'Immediate', text: rec.text, basis: 'based on scalability run usl-a (2 sizes, m) of 2026-11-29 19:00', stale: null }]);
    expect(recommendationRows(report, [{ ...runBasisA, id: 'usl-b' }])[0].stale).toBe('stale: scalability run usl-a (2 sizes, m) has since been replaced');
  });

  it('appear in the HTML export, escaped', () => {
    const html = reportToHtml(report, [{ ...runBasisA, id: 'usl-b' }]);
    expect(html).toContain('<h2>Scalability recommendations</h2>');
    expect(html).toContain('a 3rd member adds 3 % &lt;ok&gt;.');
    expect(html).toContain('based on scalability run usl-a (2 sizes, m) of 2026-11-29 19:00');
    expect(html).toContain('<tr class="stale">');
    expect(reportToHtml(buildReport(run([])), [])).toContain('None: no scalability run or capacity plan');
  });
});
