import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { collectMetrics, compareWithBaseline, formatTable, githubActionBenchmark, parseBaseline, updateBaseline, type BenchBaseline, type BenchResults } from './results';
import { htmlReport } from './html-report';
import { evaluateGates, formatGates, opText } from './gates';
import { aaAcrossRuns, aaCheck, type AaMetric } from '../../src/regression/aa-check';
import { detectRegression } from '../../src/regression/detector';

/**
 * Reads the samples the bench files recorded, writes bench-results/<timestamp>.json (+ the
 * github-action-benchmark arrays and an HTML report), compares with bench-results/baseline.json,
 * prints the table and leaves the outcome in bench-results/.status.json for run.mjs.
 */
export interface AggregateOptions {
  dir: string;
  baselinePath: string;
  startedAt: number;
  short: boolean;
  reps: number;
  saveBaseline: boolean;
  appendBaseline: boolean;
  /** `--gates` / BENCH_GATES=1: a failed gate fails the run (run.mjs exits 3); only changes the wording here. */
  enforceGates?: boolean;
  /** Identifies the build measured (its content-hashed asset names): earlier runs of it make the A/A across runs. */
  buildId?: string | null;
}

const asAa = (metrics: BenchResults['metrics']): AaMetric[] => metrics.map((m) => ({ metric: m.name, unit: m.unit, direction: m.direction, samples: m.samples }));

/** Earlier results files in `dir` that measured the same build, oldest first. */
function earlierRunsOf(dir: string, buildId: string | null | undefined, before: number): BenchResults[] {
  if (!buildId || !existsSync(dir)) return [];
  const runs: BenchResults[] = [];
  for (const f of readdirSync(dir)) {
    if (!/^\d{4}-.*Z\.json$/.test(f)) continue; // <timestamp>.json only (not latest, baseline, side files)
    try {
      const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as BenchResults;
      if (r.format === 'wirthforge-bench-results' && r.build === buildId && r.startedAt < before) runs.push(r);
    } catch {
      // a file being written or from another tool: not a run to compare with
    }
  }
  return runs.sort((a, b) => a.startedAt - b.startedAt);
}

export function aggregate(o: AggregateOptions): { regressions: number; metrics: number; gateFailures: number; jsonPath: string | null } {
  const samplesDir = join(o.dir, '.samples');
  const lines = existsSync(samplesDir)
    ? readdirSync(samplesDir)
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) => readFileSync(join(samplesDir, f), 'utf8').split('\n'))
    : [];
  const metrics = collectMetrics(lines);
  if (metrics.length === 0) {
    console.log('\nbench: no metric was recorded (every bench skipped or failed).');
    writeFileSync(join(o.dir, '.status.json'), JSON.stringify({ regressions: 0, metrics: 0, gateFailures: 0 }));
    return { regressions: 0, metrics: 0, gateFailures: 0, jsonPath: null };
  }
  let baseline: BenchBaseline | null = null;
  if (existsSync(o.baselinePath)) {
    try {
      baseline = parseBaseline(readFileSync(o.baselinePath, 'utf8'));
    } catch (err) {
      console.warn(`bench: ignoring ${o.baselinePath}: ${(err as Error).message}`);
    }
  }
  const verdicts = compareWithBaseline(metrics, baseline);
  const gates = evaluateGates(metrics);
  const gateFailures = gates.filter((g) => g.status === 'fail');
  const aa = aaCheck(asAa(metrics));
  const earlier = earlierRunsOf(o.dir, o.buildId, o.startedAt);
  const aaRuns = earlier.length
    ? aaAcrossRuns(asAa(metrics), earlier.map((r) => asAa(r.metrics)), (m, base, cur) => detectRegression(m, base, cur, 'welch'))
    : null;
  const stamp = new Date(o.startedAt).toISOString().replace(/[:.]/g, '-');
  const results: BenchResults = {
    format: 'wirthforge-bench-results',
    version: 1,
    startedAt: o.startedAt,
    finishedAt: Date.now(),
    short: o.short,
    reps: o.reps,
    machine: { platform: `${platform()} ${release()}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    metrics,
    comparison: { baselineCreatedAt: baseline?.createdAt ?? null, verdicts },
    gates,
    build: o.buildId ?? null,
    aa: aaRuns ? { ...aa, acrossRuns: aaRuns } : aa,
    githubActionBenchmark: githubActionBenchmark(metrics),
  };
  mkdirSync(o.dir, { recursive: true });
  const jsonPath = join(o.dir, `${stamp}.json`);
  writeFileSync(jsonPath, JSON.stringify(results, null, 2));
  writeFileSync(join(o.dir, `${stamp}.bigger-is-better.json`), JSON.stringify(results.githubActionBenchmark.customBiggerIsBetter, null, 2));
  writeFileSync(join(o.dir, `${stamp}.smaller-is-better.json`), JSON.stringify(results.githubActionBenchmark.customSmallerIsBetter, null, 2));
  writeFileSync(join(o.dir, `${stamp}.html`), htmlReport(results, baseline));
  writeFileSync(join(o.dir, 'latest.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(o.dir, 'latest.html'), htmlReport(results, baseline));

  console.log(`\nbench results (${o.short ? 'short' : 'full'} mode, ${o.reps} repetitions)${baseline ? ` vs baseline of ${new Date(baseline.createdAt).toISOString()}` : ' — no baseline stored'}:\n`);
  console.log(formatTable(metrics, verdicts));
  const regressions = verdicts.filter((v) => v.status === 'regression');
  for (const v of regressions) console.log(`  ✗ ${v.metric}: ${v.explanation}`);
  const measured = gates.filter((g) => g.status !== 'not measured').length;
  console.log(`\ngates: ${measured - gateFailures.length} of ${measured} measured passed${gateFailures.length ? `, ${gateFailures.length} FAILED` : ''}${o.enforceGates ? ' (enforced: a failed gate fails the run)' : ' (reported only; --gates or BENCH_GATES=1 enforces them)'}\n`);
  console.log(formatGates(gates));
  for (const g of gateFailures) console.log(`  ✗ ${g.metric}: median ${Number(g.figure!.toPrecision(4))} ${g.unit}, needs ${opText(g.op)} ${g.threshold} ${g.unit} (${g.means})`);
  console.log(
    `\nA/A check (${aa.method}): ${aa.flagged} of ${aa.judged} metrics flagged as regressions = ${(aa.flaggedShare * 100).toFixed(1)} % (must be ≤ ${aa.maxFlaggedShare * 100} %: ${aa.pass ? 'pass' : 'FAIL'})` +
      (aa.flagged ? `: ${aa.rows.filter((r) => r.status === 'regression').map((r) => r.metric).join(', ')}` : ''),
  );
  if (aaRuns) {
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    console.log(
      `A/A across ${aaRuns.earlierRuns} earlier run(s) of this build: sample-level detector ${aaRuns.sampleLevel.flagged} of ${aaRuns.sampleLevel.judged} flagged (${pct(aaRuns.sampleLevel.flaggedShare)}), run-level ${aaRuns.runLevel.flagged} of ${aaRuns.runLevel.judged} (${pct(aaRuns.runLevel.flaggedShare)}${aaRuns.earlierRuns < 3 ? '; needs ≥ 3 earlier runs' : ''})`,
    );
  }
  console.log(`\nwrote ${jsonPath} (+ .bigger-is-better.json, .smaller-is-better.json, .html)`);
  if (o.saveBaseline || o.appendBaseline) {
    const next = updateBaseline(baseline, metrics, o.appendBaseline);
    writeFileSync(o.baselinePath, JSON.stringify(next, null, 2));
    const thin = Object.entries(next.metrics).filter(([, m]) => m.samples.length < 10).map(([k]) => k);
    console.log(`${o.appendBaseline ? 'appended to' : 'saved'} baseline ${o.baselinePath}${thin.length ? ` (fewer than 10 samples, not yet usable: ${thin.join(', ')}; add more with --append-baseline)` : ''}`);
  }
  writeFileSync(join(o.dir, '.status.json'), JSON.stringify({ regressions: regressions.length, metrics: metrics.length, gateFailures: gateFailures.length, jsonPath }));
  return { regressions: regressions.length, metrics: metrics.length, gateFailures: gateFailures.length, jsonPath };
}
