import { db, newId, outOfReach } from '../store/db';
import { readByIndex } from '../store/read';
import { putBounded, RETENTION } from '../store/retention';
import type { LoadTestRunRecord } from '../store/schema';
import { addToBaselines, baselineFor } from '../regression/baselines';
import { evaluateGates, loadMetricNames, type Gate } from './gates';
import { scalability } from '../scalability/scalability.svelte';
import { buildReport, reportToCsv, reportToHtml, type LoadReport } from './report';
import { runScenario } from './runner';
import { EnvProbe } from './probe';
import type { LoadRun, LoadTarget, Progress, RequestEvent, ScenarioId } from './types';

/** What is stored per run in `loadTestRuns.report`: the report plus the request events (for CSV). */
export type StoredLoadReport = LoadReport & { events: RequestEvent[] };

export class LoadTestBusyError extends Error {
  override name = 'LoadTestBusyError';
  constructor() {
    super('A load test is already running. Stop it or wait for it to finish.');
  }
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Load Tester state for the Benchmarks screen: run, stop, report, gates, history, exports. */
class LoadTester {
  scenario = $state<ScenarioId>('S2');
  short = $state(true);
  /** S5: bound the target's queue to the planned capacity during the ramp, so shedding shows. */
  boundQueue = $state(true);
  running = $state(false);
  progress = $state<Progress>({ fraction: 0, text: '' });
  report = $state.raw<StoredLoadReport | null>(null);
  gates = $state.raw<Gate[]>([]);
  runs = $state.raw<LoadTestRunRecord[]>([]);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** 60 fps, or 30 on a Low-tier machine (SPEC §3.2); set by the view from the hardware tier. */
  targetFps = $state(60);
  private controller: AbortController | null = null;
  private lastRun: LoadRun | null = null;

  async refresh(): Promise<void> {
    this.runs = await readByIndex('loadTestRuns', 'startedAt', { limit: RETENTION.loadTestRuns.keep });
  }

  async start(target: LoadTarget): Promise<void> {
    if (this.running) throw new LoadTestBusyError();
    this.running = true;
    this.error = null;
    this.notice = null;
    this.report = null;
    this.gates = [];
    this.controller = new AbortController();
    const probe = new EnvProbe();
    probe.start();
    try {
      const run = await runScenario(this.scenario, target, {
        short: this.short,
        signal: this.controller.signal,
        sampleEnv: probe.sample,
        queueBound: this.boundQueue ? Math.max(1, Math.floor(target.capacity())) : undefined,
        onProgress: (p) => (this.progress = p),
      });
      this.lastRun = run;
      // The scalability recommendations in force now go with the report, naming what they rest on.
      const report: StoredLoadReport = { ...buildReport(run, scalability.recommendations.items), events: run.events };
      this.report = report;
      this.gates = await this.gatesFor(report);
      const d = await db();
      await putBounded(d, 'loadTestRuns', { id: newId('load'), scenario: run.scenario, startedAt: run.startedAt, report });
      await this.refresh();
    } catch (err) {
      this.error = outOfReach(err) ? 'The load test ran, but its report was not stored: the stored data is out of this page\'s reach (see above).' : `${(err as Error).name}: ${(err as Error).message}`;
    } finally {
      probe.stop();
      this.running = false;
      this.controller = null;
    }
  }

  stop(): void {
    this.controller?.abort();
  }

  async show(record: LoadTestRunRecord): Promise<void> {
    this.lastRun = null;
    this.report = record.report;
    this.gates = await this.gatesFor(this.report);
  }

  private async gatesFor(report: LoadReport): Promise<Gate[]> {
    const d = await db();
    const names = loadMetricNames(report.scenario);
    const [tps, lat] = await Promise.all([baselineFor(d, names.throughput), baselineFor(d, names.latency)]);
    return evaluateGates(report, { throughput: tps?.samples ?? null, latencyMs: lat?.samples ?? null }, this.targetFps);
  }

  /** Adds this run's per-second throughput and per-request latencies to the scenario's baselines. */
  async saveAsBaseline(): Promise<void> {
    const r = this.report;
    if (!r) return;
    const d = await db();
    const names = loadMetricNames(r.scenario);
    const full = r.throughputSeries.tokensPerSecond.slice(0, Math.max(1, Math.floor(r.durationMs / 1000)));
    await addToBaselines(d, [
      { metric: names.throughput, unit: 'tokens/s', direction: 'higher-is-better', samples: full, source: `load test ${r.scenario}` },
      { metric: names.latency, unit: 'ms', direction: 'lower-is-better', samples: r.latencySamples, source: `load test ${r.scenario}` },
    ]);
    this.gates = await this.gatesFor(r);
    this.notice = `Saved ${full.length} throughput and ${r.latencySamples.length} latency samples as the ${r.scenario} baseline.`;
  }

  exportJson(): void {
    if (this.report) download(`load-${this.report.scenario}-${this.report.startedAt}.json`, 'application/json', JSON.stringify(this.report, null, 2));
  }

  /** The report as one HTML page; recommendations whose measurement was since replaced are marked stale. */
  exportHtml(): void {
    const r = this.report;
    if (r) download(`load-${r.scenario}-${r.startedAt}.html`, 'text/html', reportToHtml(r, scalability.bases));
  }

  exportCsv(): void {
    const r = this.report;
    if (!r) return;
    const run: LoadRun = this.lastRun ?? {
      scenario: r.scenario,
      short: r.short,
      target: r.target,
      capacity: r.capacity,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      stopped: r.stopped,
      events: r.events,
      samples: r.env.at.map((at, i) => ({ at: at * 1000, fps: r.env.fps[i], heapBytes: r.env.heapMB[i] === null ? null : r.env.heapMB[i]! * 2 ** 20, queueDepth: r.env.queueDepth[i], inFlight: r.env.inFlight[i] })),
      tokenTimes: [],
    };
    download(`load-${r.scenario}-${r.startedAt}.csv`, 'text/csv', reportToCsv(run));
  }
}

export const loadTester = new LoadTester();
