import { db } from '../store/db';
import { readByIndex } from '../store/read';
import type { BaselineRecord } from '../store/schema';
import { addToBaseline, deleteBaseline, describeBaseline, importBaselines, listBaselines, parseBaselineFile, toBaselineFile, type BaselineView } from './baselines';
import { setsFromBenchmarkRun, setsFromLoadReport, type MetricSet } from './current';
import { detectRegression, type TestMethod, type Verdict } from './detector';

/** S1, S2, S4, S5 (src/loadtest/types.ts ScenarioId). */
const SCENARIO_COUNT = 4;

/** Baselines and regression verdicts for the Benchmarks screen. */
class Regressions {
  baselines = $state.raw<BaselineView[]>([]);
  current = $state.raw<MetricSet[]>([]);
  method = $state<TestMethod>('welch');
  notice = $state<{ kind: 'ok' | 'error'; text: string; problems?: string[] } | null>(null);

  verdicts = $derived.by((): Verdict[] => {
    const out: Verdict[] = [];
    for (const b of this.baselines) {
      const cur = this.current.find((c) => c.metric === b.record.metric);
      if (cur) out.push(detectRegression({ metric: b.record.metric, unit: b.record.unit, direction: b.record.direction }, b.record.samples, cur.samples, this.method));
    }
    return out;
  });

  async refresh(): Promise<void> {
    const d = await db();
    this.baselines = (await listBaselines(d)).map(describeBaseline);
    const sets: MetricSet[] = [];
    const [latestBench] = await readByIndex('benchmarkRuns', 'startedAt', { limit: 1 }, d);
    if (latestBench) sets.push(...setsFromBenchmarkRun(latestBench));
    // Newest first, until every scenario has its latest run: never the whole store.
    const seen = new Set<string>();
    const loadRuns = await readByIndex('loadTestRuns', 'startedAt', { stop: (runs) => new Set(runs.map((r) => r.scenario)).size >= SCENARIO_COUNT }, d);
    for (const r of loadRuns) {
      if (seen.has(r.scenario)) continue;
      seen.add(r.scenario);
      sets.push(...setsFromLoadReport(r.report));
    }
    this.current = sets;
  }

  async saveAsBaseline(set: MetricSet): Promise<void> {
    const d = await db();
    const rec = await addToBaseline(d, { metric: set.metric, unit: set.unit, direction: set.direction, samples: set.samples, source: set.source });
    this.notice = { kind: 'ok', text: `Added ${set.samples.length} samples to the baseline of "${set.metric}" (now ${rec.samples.length}).` };
    await this.refresh();
  }

  async remove(record: BaselineRecord): Promise<void> {
    await deleteBaseline(await db(), record.id);
    await this.refresh();
  }

  exportFile(): void {
    const text = JSON.stringify(toBaselineFile(this.baselines.map((b) => b.record)), null, 2);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `wirthforge-baselines-${new Date().toISOString().slice(0, 10)}.json` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async importFile(file: File): Promise<void> {
    try {
      const records = parseBaselineFile(await file.text());
      const n = await importBaselines(await db(), records);
      this.notice = { kind: 'ok', text: `Imported ${n} baseline${n === 1 ? '' : 's'}.` };
    } catch (err) {
      const e = err as Error & { problems?: string[] };
      this.notice = { kind: 'error', text: e.message, problems: e.problems };
    }
    await this.refresh();
  }
}

export const regressions = new Regressions();
