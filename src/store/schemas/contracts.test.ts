import { describe, expect, it } from 'vitest';
import { checkRecord, type RecordOf } from '.';
import type { HardwareProfile } from '../../hardware/profile';
import type { BenchmarkFigure } from '../../bench/types';
import type { StoredLoadReport } from '../../loadtest/loadtest.svelte';
import { machine } from '../../hardware/test-profiles';
import { buildReport } from '../../loadtest/report';
import type { LoadRun, RequestEvent } from '../../loadtest/types';
import { BASIS_KINDS, HORIZONS, RULES, planBasis, type Recommendation } from '../../scalability/recommendations';
import { RECOMMENDATION_BASIS_KINDS, RECOMMENDATION_HORIZONS, RECOMMENDATION_RULES } from './load-test-run';

// The schemas describe the producers' own types: a schema's output is the domain type (checked by
// the compiler here), and what the producers build passes the schema (checked at run time).
const asProfile = (p: RecordOf<'profiles'>['profile']): HardwareProfile => p;
const asFigure = ({ kind: _kind, ...f }: Extract<RecordOf<'benchmarkRuns'>['results'][number], { kind: 'figure' }>): BenchmarkFigure => f;
const asReport = (r: RecordOf<'loadTestRuns'>['report']): StoredLoadReport => r;

describe('schemas and the types of what is stored', () => {
  it('a detected profile passes', () => {
    const profile = { ...machine({ gpu: {} }), detectedAt: 5 };
    const checked = checkRecord('profiles', { id: 'p', detectedAt: 5, profile });
    expect(checked.ok && asProfile(checked.value.profile)).toEqual(profile);
  });

  it('a built load report with its events passes', () => {
    const events: RequestEvent[] = [
      { id: 1, tag: 'r1', group: '1', submittedAt: 0, settledAt: 900, outcome: 'ok', tokens: 9, ttftMs: 50, queuedMs: 10, errorName: null, errorMessage: null },
      { id: 2, tag: 'r2', group: '2', submittedAt: 100, settledAt: 120, outcome: 'rejected', tokens: 0, ttftMs: null, queuedMs: null, errorName: 'QueueFullError', errorMessage: 'full' },
    ];
    const run: LoadRun = { scenario: 'S2', short: true, target: 't', capacity: 1, startedAt: 1, durationMs: 2000, stopped: false, events, samples: [{ at: 0, fps: 60, heapBytes: 1e6, queueDepth: 0, inFlight: 1 }], tokenTimes: [] };
    const report: StoredLoadReport = { ...buildReport(run), events };
    const checked = checkRecord('loadTestRuns', { id: 'l', scenario: 'S2', startedAt: 1, report });
    expect(checked.ok ? asReport(checked.value.report) : checked.reasons).toEqual(report);
  });

  it('a load report with scalability recommendations passes, and the schema knows every horizon, rule and basis kind', () => {
    expect([RECOMMENDATION_HORIZONS, RECOMMENDATION_RULES, RECOMMENDATION_BASIS_KINDS]).toEqual([HORIZONS, RULES, BASIS_KINDS]);
    const run: LoadRun = { scenario: 'S4', short: true, target: 't', capacity: 1, startedAt: 1, durationMs: 1000, stopped: false, events: [], samples: [], tokenTimes: [] };
    const rec: Recommendation = { horizon: 'long', rule: 'bandwidth-for-council', text: 'x', numbers: { bandwidthGBps: 240, peak: Infinity }, basis: [planBasis('low', null)] };
    const report: StoredLoadReport = { ...buildReport(run, [rec]), events: [] };
    expect(report.recommendations?.[0].numbers).toEqual({ bandwidthGBps: 240 }); // ∞ is not kept
    const checked = checkRecord('loadTestRuns', { id: 'l', scenario: 'S4', startedAt: 1, report });
    expect(checked.ok ? asReport(checked.value.report) : checked.reasons).toEqual(report);
  });

  it('a stored figure is a benchmark figure', () => {
    const figure = { kind: 'figure' as const, name: 'cpu-single' as const, label: 'CPU', unit: 'GFLOP/s' as const, median: 1, min: 1, max: 1, relativeSpread: 0, samples: [1], durationMs: 1, detail: '' };
    expect(asFigure(figure).name).toBe('cpu-single');
  });
});
