import { expect, test, type Page } from '@playwright/test';
import { BENCH_SHORT, recordMetric, REPS } from './kit';

/**
 * A load scenario through the app (SPEC §3.7 S2 bursts of 1/2/5 prompts), driven from the
 * Benchmarks screen exactly as a person would: one council member on the project's tiny generated
 * model, the short scenario run REPS times. Each run gives one sample of throughput, p95 latency
 * and mean fps; the run's own report (stored in IndexedDB) is the source of the numbers.
 */

interface StoredReport {
  throughput: number;
  latencyMs: { p95: number } | null;
  fps: { mean: number | null };
  counts: { submitted: number; ok: number; lost: number; error: number };
}

/** Stored runs (oldest first), read straight from IndexedDB: the run's own record, not the screen. */
async function storedReports(page: Page): Promise<StoredReport[]> {
  return page.evaluate(
    () =>
      new Promise<StoredReport[]>((resolve, reject) => {
        const open = indexedDB.open('wirthforge-performance');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('loadTestRuns').objectStore('loadTestRuns').index('startedAt').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result.map((r: { report: StoredReport }) => r.report));
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

test('load: S2 bursts on a one-member council (tiny model)', async ({ page }) => {
  test.setTimeout((BENCH_SHORT ? 60_000 : 120_000) * (REPS + 2));
  await page.goto('/#/benchmarks');
  await page.getByTestId('bench-council-model').selectOption('generated:wirthforge-tiny');
  await page.getByTestId('bench-council-start').click();
  await expect(page.getByTestId('bench-council')).toContainText('idle', { timeout: 120_000 });
  await page.getByTestId('loadtest-scenario').selectOption('S2');
  await page.getByTestId('loadtest-short').setChecked(BENCH_SHORT);

  const throughput: number[] = [];
  const p95: number[] = [];
  const fps: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const before = (await storedReports(page)).length;
    await page.getByTestId('loadtest-run').click();
    // Wait for THIS run's record (not the previous report still on screen).
    await expect.poll(async () => (await storedReports(page)).length, { timeout: BENCH_SHORT ? 120_000 : 600_000, intervals: [500] }).toBe(before + 1);
    const r = (await storedReports(page)).at(-1)!;
    expect(r.counts.lost).toBe(0);
    expect(r.counts.ok).toBeGreaterThan(0);
    throughput.push(r.throughput);
    if (r.latencyMs) p95.push(r.latencyMs.p95);
    if (r.fps.mean !== null) fps.push(r.fps.mean);
  }
  const detail = `S2 ${BENCH_SHORT ? 'short' : 'full'}, 1 member, wirthforge-tiny`;
  recordMetric({ name: 'load S2 throughput', unit: 'tokens/s', direction: 'bigger', samples: throughput, detail });
  recordMetric({ name: 'load S2 p95 latency', unit: 'ms', direction: 'smaller', samples: p95, detail });
  if (fps.length) recordMetric({ name: 'load S2 fps', unit: 'fps', direction: 'bigger', samples: fps, detail });
});
