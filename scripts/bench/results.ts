import { summarize, type Summary } from '../../src/regression/stats';
import { detectRegression, type Verdict } from '../../src/regression/detector';
import { compareRunMedians } from '../../src/regression/run-level';
import type { AaAcrossRuns, AaReport } from '../../src/regression/aa-check';
import type { MetricDirection } from '../../src/store/schema';
import type { GateResult } from './gates';

/**
 * Pure core of `npm run bench`: sample lines → per-metric summaries (median, 95 % interval) →
 * verdicts against the stored baseline with the app's own regression detector (SPEC §3.6) →
 * github-action-benchmark entries. File I/O lives in aggregate.ts.
 */

export interface SampleLine {
  name: string;
  unit: string;
  direction: 'bigger' | 'smaller';
  samples: number[];
  detail?: string;
}

export interface MetricResult {
  name: string;
  unit: string;
  direction: MetricDirection;
  samples: number[];
  summary: Summary;
  detail: string | null;
}

export interface BenchBaseline {
  format: 'wirthforge-bench-baseline';
  createdAt: number;
  metrics: Record<string, { unit: string; direction: MetricDirection; samples: number[]; savedAt: number; runs?: number[][] }>;
}

/** github-action-benchmark's custom tool entry (customBiggerIsBetter / customSmallerIsBetter). */
export interface GabEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

export interface BenchResults {
  format: 'wirthforge-bench-results';
  version: 1;
  startedAt: number;
  finishedAt: number;
  short: boolean;
  reps: number;
  machine: Record<string, unknown>;
  metrics: MetricResult[];
  comparison: { baselineCreatedAt: number | null; verdicts: Verdict[] };
  /** Every gate (gates.ts) with this run's figure; absent in files written before the gates existed. */
  gates?: GateResult[];
  /** A/A check (issue 12): this run's interleaved halves through the run-level comparison. */
  aa?: AaReport & { acrossRuns?: AaAcrossRuns };
  /** The build measured (content-hashed asset names of the served app); null when unknown. */
  build?: string | null;
  githubActionBenchmark: { customBiggerIsBetter: GabEntry[]; customSmallerIsBetter: GabEntry[] };
}

const toDirection = (d: SampleLine['direction']): MetricDirection => (d === 'bigger' ? 'higher-is-better' : 'lower-is-better');

/** Parses JSON-lines sample files; a metric recorded several times (e.g. retries) is concatenated. */
export function collectMetrics(lines: string[]): MetricResult[] {
  const byName = new Map<string, SampleLine>();
  for (const raw of lines) {
    if (!raw.trim()) continue;
    const line = JSON.parse(raw) as SampleLine;
    if (typeof line.name !== 'string' || !Array.isArray(line.samples)) continue;
    const prev = byName.get(line.name);
    if (prev) prev.samples.push(...line.samples);
    else byName.set(line.name, { ...line, samples: [...line.samples] });
  }
  return [...byName.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => {
      const samples = m.samples.filter((x) => Number.isFinite(x));
      return { name: m.name, unit: m.unit, direction: toDirection(m.direction), samples, summary: summarize(samples), detail: m.detail ?? null };
    });
}

/** Baseline runs at which the comparison switches to run medians (this run + them leave ≥ 2 degrees of freedom). */
export const RUN_LEVEL_MIN_BASELINE_RUNS = 3;

/**
 * With ≥ 3 baseline runs (built with --append-baseline), this run's median is judged against the
 * spread of the baseline runs' medians: run-to-run variance counted (issue 12, A/A honesty).
 * With fewer, the sample-level detector is all there is; its verdict then says so.
 */
export function compareWithBaseline(metrics: MetricResult[], baseline: BenchBaseline | null): Verdict[] {
  if (!baseline) return [];
  const verdicts: Verdict[] = [];
  for (const m of metrics) {
    const b = baseline.metrics[m.name];
    if (!b) continue;
    const series = { metric: m.name, unit: m.unit, direction: m.direction };
    const runs = b.runs ?? [];
    if (runs.length >= RUN_LEVEL_MIN_BASELINE_RUNS) {
      verdicts.push(compareRunMedians(series, runs, [m.samples]));
      continue;
    }
    const v = detectRegression(series, b.samples, m.samples, 'welch');
    verdicts.push({ ...v, explanation: `${v.explanation} (samples treated as independent: append ${RUN_LEVEL_MIN_BASELINE_RUNS - runs.length} more run(s) to the baseline to count run-to-run variance)` });
  }
  return verdicts;
}

/** Median as the value; the range is the larger half-width of the median's 95 % interval. */
export function githubActionBenchmark(metrics: MetricResult[]): BenchResults['githubActionBenchmark'] {
  const entry = (m: MetricResult): GabEntry => ({
    name: m.name,
    unit: m.unit,
    value: Number(m.summary.median.toPrecision(6)),
    range: `± ${Number(Math.max(m.summary.median - m.summary.medianCi.lo, m.summary.medianCi.hi - m.summary.median).toPrecision(3))}`,
    extra: `n=${m.summary.n} mean=${Number(m.summary.mean.toPrecision(5))} sd=${Number(m.summary.sd.toPrecision(3))}${m.detail ? ` ${m.detail}` : ''}`,
  });
  return {
    customBiggerIsBetter: metrics.filter((m) => m.direction === 'higher-is-better').map(entry),
    customSmallerIsBetter: metrics.filter((m) => m.direction === 'lower-is-better').map(entry),
  };
}

/** New baseline: this run's samples replace (or, with append, extend) the metrics it measured. */
export function updateBaseline(prev: BenchBaseline | null, metrics: MetricResult[], append: boolean, now = Date.now()): BenchBaseline {
  const next: BenchBaseline = { format: 'wirthforge-bench-baseline', createdAt: prev?.createdAt ?? now, metrics: { ...(prev?.metrics ?? {}) } };
  for (const m of metrics) {
    const prevMetric = append ? next.metrics[m.name] : undefined;
    const old = prevMetric?.samples ?? [];
    // Each run kept apart so comparisons can count run-to-run variance (older files: one run).
    const oldRuns = prevMetric ? (prevMetric.runs ?? [prevMetric.samples]) : [];
    next.metrics[m.name] = { unit: m.unit, direction: m.direction, samples: [...old, ...m.samples].slice(-200), savedAt: now, runs: [...oldRuns, [...m.samples]].slice(-20) };
  }
  return next;
}

export function parseBaseline(text: string): BenchBaseline {
  const data = JSON.parse(text) as BenchBaseline;
  if (data?.format !== 'wirthforge-bench-baseline' || typeof data.metrics !== 'object') {
    throw new Error('Not a bench baseline file (expected "format": "wirthforge-bench-baseline"). Re-create it with `npm run bench -- --save-baseline`.');
  }
  return data;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const num = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : '–');

/** Plain-text table for the terminal. */
export function formatTable(metrics: MetricResult[], verdicts: Verdict[]): string {
  const rows = [['metric', 'unit', 'n', 'median', 'median interval', 'mean ± sd', 'baseline', 'change', 'p', 'd', 'verdict']];
  for (const m of metrics) {
    const v = verdicts.find((x) => x.metric === m.name);
    rows.push([
      m.name,
      m.unit,
      String(m.summary.n),
      num(m.summary.median),
      `${num(m.summary.medianCi.lo)} – ${num(m.summary.medianCi.hi)} (${Math.round(m.summary.medianCi.coverage * 1000) / 10} %)`,
      `${num(m.summary.mean)} ± ${num(m.summary.sd)}`,
      v ? num(v.baselineMean) : '–',
      v && Number.isFinite(v.percentChange) ? `${v.percentChange >= 0 ? '+' : ''}${v.percentChange.toFixed(1)} %` : '–',
      v ? num(v.p) : '–',
      v ? num(v.effectSize) : '–',
      v ? (v.status === 'regression' ? `REGRESSION (${v.severity})` : v.status) : 'no baseline',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r, i) => r.map((cell, c) => pad(cell, widths[c])).join('  ') + (i === 0 ? '\n' + widths.map((w) => '-'.repeat(w)).join('  ') : '')).join('\n');
}
