import { mean, quantile, sd } from '../regression/stats';
import { HORIZON_LABEL, basisText, staleBases, type Basis, type Recommendation } from '../scalability/recommendations';
import type { LoadRun, Outcome, RequestEvent } from './types';

/**
 * Turns a recorded run into its report: throughput over time, latency percentiles, fps, memory,
 * errors, per-group figures and the scenario's own pass criterion (SPEC §3.7). Pure.
 */

export interface Percentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ScenarioCheck {
  name: string;
  passed: boolean;
  detail: string;
}

/** The run's identity and timing, carried over unchanged from the LoadRun. */
type RunHeader = Pick<LoadRun, 'scenario' | 'short' | 'target' | 'capacity' | 'startedAt' | 'durationMs' | 'stopped'>;

export interface LoadReport extends RunHeader {
  counts: Record<Outcome, number> & { submitted: number };
  /** (error + lost) / requests that were not cancelled. */
  errorRate: number;
  rejectionRate: number;
  errorsByName: Record<string, number>;
  totalTokens: number;
  /** Tokens per second over the whole run. */
  throughput: number;
  /** Tokens per second in each 1 s bucket (the throughput samples). */
  throughputSeries: { at: number[]; tokensPerSecond: number[] };
  /** Coefficient of variation of the full buckets (sd / mean). */
  throughputCv: number | null;
  latencyMs: Percentiles | null;
  ttftMs: Percentiles | null;
  /** End-to-end latency of every answered request (the latency samples). */
  latencySamples: number[];
  perGroup: { group: string; n: number; medianLatencyMs: number | null; medianServiceMs: number | null }[];
  fps: { mean: number | null; min: number | null; p5: number | null };
  memory: { firstBytes: number | null; lastBytes: number | null; peakBytes: number | null; growthBytesPerMinute: number | null };
  env: { at: number[]; fps: (number | null)[]; heapMB: (number | null)[]; queueDepth: number[]; inFlight: number[] };
  maxQueueDepth: number;
  checks: ScenarioCheck[];
  /**
   * Scalability recommendations in force when the run ended (seed: Recommendations), each naming
   * the measurement it rests on; absent in reports stored before they existed.
   */
  recommendations?: Recommendation[];
}

function percentiles(xs: number[]): Percentiles | null {
  if (xs.length === 0) return null;
  return { p50: quantile(xs, 0.5), p90: quantile(xs, 0.9), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99), max: Math.max(...xs) };
}

/** Least-squares slope of y over x (per x unit). */
function slope(xs: number[], ys: number[]): number | null {
  if (xs.length < 3) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den > 0 ? num / den : null;
}

const latencyOf = (e: RequestEvent) => e.settledAt - e.submittedAt;

export function throughputBuckets(run: LoadRun, bucketMs = 1000): { at: number[]; tokensPerSecond: number[] } {
  const n = Math.max(1, Math.ceil(run.durationMs / bucketMs));
  const tokens = new Array<number>(n).fill(0);
  const okEvents = run.events.filter((e) => e.outcome === 'ok');
  if (run.tokenTimes.length > 0) {
    for (const t of run.tokenTimes) tokens[Math.min(n - 1, Math.max(0, Math.floor(t / bucketMs)))] += 1;
  } else {
    // No per-token times: spread each answer's tokens evenly over its service time.
    for (const e of okEvents) {
      const start = e.submittedAt + (e.queuedMs ?? 0);
      const span = Math.max(1, e.settledAt - start);
      for (let k = 0; k < e.tokens; k++) {
        const t = start + ((k + 0.5) / e.tokens) * span;
        tokens[Math.min(n - 1, Math.max(0, Math.floor(t / bucketMs)))] += 1;
      }
    }
  }
  return { at: tokens.map((_, i) => (i * bucketMs) / 1000), tokensPerSecond: tokens.map((t) => t / (bucketMs / 1000)) };
}

/** A recommendation as a report keeps it: only finite numbers (JSON has no ∞ or NaN). */
export function reportRecommendation(r: Recommendation): Recommendation {
  return { ...r, numbers: Object.fromEntries(Object.entries(r.numbers).filter(([, x]) => Number.isFinite(x))), basis: r.basis.map((b) => ({ ...b })) };
}

export function buildReport(run: LoadRun, recommendations?: readonly Recommendation[]): LoadReport {
  const counts = { submitted: run.events.length, ok: 0, rejected: 0, error: 0, cancelled: 0, lost: 0 };
  const errorsByName: Record<string, number> = {};
  for (const e of run.events) {
    counts[e.outcome]++;
    if (e.errorName && e.outcome !== 'ok') errorsByName[e.errorName] = (errorsByName[e.errorName] ?? 0) + 1;
  }
  const considered = counts.submitted - counts.cancelled;
  const ok = run.events.filter((e) => e.outcome === 'ok');
  const totalTokens = ok.reduce((s, e) => s + e.tokens, 0);
  const series = throughputBuckets(run);
  // Only full buckets count for variance: the last one is usually partial.
  const full = series.tokensPerSecond.slice(0, Math.floor(run.durationMs / 1000));
  const latencySamples = ok.map(latencyOf);
  const ttfts = ok.map((e) => e.ttftMs).filter((x): x is number => x !== null);

  const groups = [...new Set(run.events.map((e) => e.group))];
  const perGroup = groups.map((group) => {
    const g = ok.filter((e) => e.group === group);
    const service = g.filter((e) => e.queuedMs !== null).map((e) => latencyOf(e) - (e.queuedMs ?? 0));
    return {
      group,
      n: g.length,
      medianLatencyMs: g.length ? quantile(g.map(latencyOf), 0.5) : null,
      medianServiceMs: service.length ? quantile(service, 0.5) : null,
    };
  });

  const fpsValues = run.samples.map((s) => s.fps).filter((x): x is number => x !== null);
  const heap = run.samples.filter((s) => s.heapBytes !== null) as { at: number; heapBytes: number }[];
  const growthPerMs = slope(
    heap.map((s) => s.at),
    heap.map((s) => s.heapBytes),
  );
  const throughputMean = full.length ? mean(full) : null;
  const report: LoadReport = {
    scenario: run.scenario,
    short: run.short,
    target: run.target,
    capacity: run.capacity,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    stopped: run.stopped,
    counts,
    errorRate: considered > 0 ? (counts.error + counts.lost) / considered : 0,
    rejectionRate: considered > 0 ? counts.rejected / considered : 0,
    errorsByName,
    totalTokens,
    throughput: run.durationMs > 0 ? totalTokens / (run.durationMs / 1000) : 0,
    throughputSeries: series,
    throughputCv: full.length >= 2 && throughputMean ? sd(full) / throughputMean : null,
    latencyMs: percentiles(latencySamples),
    ttftMs: percentiles(ttfts),
    latencySamples,
    perGroup,
    fps: {
      mean: fpsValues.length ? mean(fpsValues) : null,
      min: fpsValues.length ? Math.min(...fpsValues) : null,
      p5: fpsValues.length ? quantile(fpsValues, 0.05) : null,
    },
    memory: {
      firstBytes: heap[0]?.heapBytes ?? null,
      lastBytes: heap.at(-1)?.heapBytes ?? null,
      peakBytes: heap.length ? Math.max(...heap.map((s) => s.heapBytes)) : null,
      growthBytesPerMinute: growthPerMs === null ? null : growthPerMs * 60_000,
    },
    env: {
      at: run.samples.map((s) => s.at / 1000),
      fps: run.samples.map((s) => s.fps),
      heapMB: run.samples.map((s) => (s.heapBytes === null ? null : s.heapBytes / 2 ** 20)),
      queueDepth: run.samples.map((s) => s.queueDepth),
      inFlight: run.samples.map((s) => s.inFlight),
    },
    maxQueueDepth: Math.max(0, ...run.samples.map((s) => s.queueDepth)),
    checks: [],
  };
  report.checks = scenarioChecks(report);
  if (recommendations) report.recommendations = recommendations.map(reportRecommendation);
  return report;
}

/** The pass criterion of each scenario (SPEC §3.7), plus "nothing lost" for every run. */
export function scenarioChecks(r: LoadReport): ScenarioCheck[] {
  const c = r.counts;
  const accounted = c.ok + c.rejected + c.error + c.cancelled + c.lost === c.submitted;
  const checks: ScenarioCheck[] = [
    {
      name: 'Nothing lost',
      passed: c.lost === 0 && accounted && c.submitted > 0,
      detail: `${c.submitted} submitted = ${c.ok} answered + ${c.rejected} rejected + ${c.error} errors + ${c.cancelled} cancelled + ${c.lost} lost`,
    },
  ];
  if (r.scenario === 'S1') {
    checks.push({
      name: 'Steady throughput',
      passed: r.throughputCv === null || r.throughputCv <= 0.5,
      detail: r.throughputCv === null ? 'too short to judge' : `coefficient of variation ${(r.throughputCv * 100).toFixed(0)} % (≤ 50 %)`,
    });
    // Frame drops: share of 250 ms samples under the 45 fps warning line (SPEC §3.2).
    const fpsSamples = r.env.fps.filter((x): x is number => x !== null);
    const dropped = fpsSamples.filter((x) => x < 45).length;
    checks.push({
      name: 'Few frame drops',
      passed: fpsSamples.length === 0 || dropped / fpsSamples.length <= 0.1,
      detail: fpsSamples.length === 0 ? 'no frame samples' : `${dropped} of ${fpsSamples.length} samples under 45 fps (≤ 10 %)`,
    });
    const growth = r.memory.growthBytesPerMinute;
    checks.push({
      name: 'No memory growth',
      passed: growth === null || growth <= 20 * 2 ** 20,
      detail: growth === null ? 'JS heap not measurable in this browser' : `JS heap ${(growth / 2 ** 20).toFixed(1)} MB/min (≤ 20 MB/min)`,
    });
  }
  if (r.scenario === 'S2') {
    const single = r.perGroup.find((g) => g.group === '1');
    const base = single?.medianServiceMs ?? single?.medianLatencyMs ?? null;
    const worst = Math.max(...r.perGroup.map((g) => g.medianServiceMs ?? g.medianLatencyMs ?? 0));
    checks.push({
      name: 'Service time within +50 %',
      passed: base !== null && base > 0 && worst <= 1.5 * base,
      detail:
        base === null ? 'no single-prompt burst answered' : `worst burst median ${worst.toFixed(0)} ms vs single ${base.toFixed(0)} ms (${((worst / base - 1) * 100).toFixed(0)} %, queue wait excluded)`,
    });
  }
  if (r.scenario === 'S4') {
    checks.push({ name: 'Error rate ≤ 1 %', passed: r.errorRate <= 0.01, detail: `${(r.errorRate * 100).toFixed(2)} % (${c.error + c.lost} of ${c.submitted - c.cancelled})` });
  }
  if (r.scenario === 'S5') {
    checks.push({
      name: 'Overload shed cleanly',
      passed: c.lost === 0 && c.error <= Math.ceil(0.01 * c.submitted) && c.ok > 0,
      detail: `${c.rejected} clear rejections (${Object.keys(r.errorsByName).join(', ') || 'none'}), ${c.error} errors, max queue ${r.maxQueueDepth}`,
    });
  }
  return checks;
}

/** One CSV row per request, then the environment samples (two tables, blank line between). */
export function reportToCsv(run: LoadRun): string {
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = ['id,tag,group,submitted_ms,settled_ms,latency_ms,outcome,tokens,ttft_ms,queued_ms,error_name,error_message'];
  for (const e of run.events) {
    lines.push(
      [e.id, e.tag, e.group, e.submittedAt.toFixed(1), e.settledAt.toFixed(1), latencyOf(e).toFixed(1), e.outcome, e.tokens, e.ttftMs?.toFixed(1), e.queuedMs?.toFixed(1), e.errorName, e.errorMessage]
        .map(esc)
        .join(','),
    );
  }
  lines.push('', 'at_ms,fps,heap_bytes,queue_depth,in_flight');
  for (const s of run.samples) lines.push([s.at.toFixed(0), s.fps?.toFixed(1), s.heapBytes, s.queueDepth, s.inFlight].map(esc).join(','));
  return lines.join('\n') + '\n';
}

const escapeHtml = (v: unknown): string =>
  String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (x: number | null | undefined, d = 0): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));

/**
 * The recommendations section of a report: horizon, text, what it rests on, and whether that
 * measurement has since been replaced (`current`: the measurements in force now).
 */
export function recommendationRows(r: Pick<LoadReport, 'recommendations'>, current: readonly Basis[]): { horizon: string; text: string; basis: string; stale: string | null }[] {
  return (r.recommendations ?? []).map((rec) => {
    const stale = staleBases(rec, current);
    return { horizon: HORIZON_LABEL[rec.horizon], text: rec.text, basis: basisText(rec.basis), stale: stale.length ? `stale: ${stale.map((b) => b.label).join(' and ')} has since been replaced` : null };
  });
}

/** A self-contained HTML page of the report: figures, checks and the scalability recommendations. */
export function reportToHtml(r: LoadReport, current: readonly Basis[]): string {
  const rows = (cells: unknown[][]) => cells.map((c) => `<tr>${c.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`).join('\n');
  const recs = recommendationRows(r, current);
  const c = r.counts;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load test ${escapeHtml(r.scenario)} — ${escapeHtml(new Date(r.startedAt).toISOString())}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}.stale{color:#a60}</style></head>
<body>
<h1>Load test ${escapeHtml(r.scenario)}${r.stopped ? ' (stopped early)' : ''}</h1>
<p>${escapeHtml(r.target)} · started ${escapeHtml(new Date(r.startedAt).toISOString())} · ${num(r.durationMs / 1000, 1)} s${r.short ? ' · short' : ''}</p>
<h2>Figures</h2>
<table>
${rows([
  ['Requests', `${c.submitted} submitted: ${c.ok} answered, ${c.rejected} rejected, ${c.error} errors, ${c.cancelled} cancelled, ${c.lost} lost`],
  ['Throughput', `${num(r.throughput, 1)} tokens/s (${r.totalTokens} tokens)`],
  ['Latency', `p50 ${num(r.latencyMs?.p50)} · p95 ${num(r.latencyMs?.p95)} · p99 ${num(r.latencyMs?.p99)} ms`],
  ['First token', `p50 ${num(r.ttftMs?.p50)} · p95 ${num(r.ttftMs?.p95)} ms`],
  ['Frames', `mean ${num(r.fps.mean, 1)} fps, worst 5 % ${num(r.fps.p5, 1)} fps`],
  ['Error rate', `${num(r.errorRate * 100, 2)} %`],
])}
</table>
<h2>Checks</h2>
<table><tr><th>Check</th><th>Result</th><th>Numbers</th></tr>
${rows(r.checks.map((k) => [k.name, k.passed ? 'pass' : 'fail', k.detail]))}
</table>
<h2>Scalability recommendations</h2>
${
  recs.length
    ? `<table><tr><th>Horizon</th><th>Recommendation</th><th>Based on</th></tr>
${recs.map((x) => `<tr${x.stale ? ' class="stale"' : ''}><td>${escapeHtml(x.horizon)}</td><td>${escapeHtml(x.text)}${x.stale ? `<br><em>${escapeHtml(x.stale)}</em>` : ''}</td><td>${escapeHtml(x.basis)}</td></tr>`).join('\n')}
</table>`
    : '<p>None: no scalability run or capacity plan when this test ran.</p>'
}
</body></html>
`;
}
