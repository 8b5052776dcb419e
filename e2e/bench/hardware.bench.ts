import { expect, test } from '@playwright/test';
import { BENCH_SHORT, recordMetric, REPS, repeat } from './kit';

/**
 * Hardware Detector and Benchmark Collector (issue 3): how long detection takes (target < 100 ms)
 * and, per run of the micro-benchmark suite, each figure (median of its repeats) and how long it
 * took. One sample per page load / suite run. The stored runs are read back from IndexedDB, so the
 * numbers are exactly what the overview shows.
 */

interface StoredFigure {
  kind: string;
  name: string;
  unit: string;
  median: number;
  durationMs: number;
  detail: string;
}

test('hardware detection time', async ({ page }) => {
  const gpuMs: number[] = [];
  const storageMs: number[] = [];
  await page.goto('/#/overview');
  const samples = await repeat(REPS, async () => {
    await page.reload(); // a fresh page: detection runs again
    const dd = page.getByTestId('detection-ms');
    await expect(dd).toHaveAttribute('data-ms', /\d/);
    gpuMs.push(Number(await dd.getAttribute('data-gpu-ms')));
    storageMs.push(Number(await dd.getAttribute('data-storage-ms')));
    return Number(await dd.getAttribute('data-ms'));
  });
  recordMetric({ name: 'hardware detection', unit: 'ms', direction: 'smaller', samples, detail: 'WebGPU adapter + navigator + storage estimate, no device' });
  recordMetric({ name: 'hardware detection: WebGPU adapter', unit: 'ms', direction: 'smaller', samples: gpuMs, detail: 'navigator.gpu.requestAdapter() + adapter facts' });
  recordMetric({ name: 'hardware detection: storage estimate', unit: 'ms', direction: 'smaller', samples: storageMs, detail: 'navigator.storage.estimate() + persisted()' });
});

test('hardware micro-benchmark suite', async ({ page }) => {
  // A suite run is the micro-benchmarks (~5 s) and the engine probe (~40–50 s here): three in the
  // short run (five took 4.6 min, past the short run's 4-minute test limit), up to six in the full one.
  const runs = BENCH_SHORT ? 3 : Math.max(3, Math.min(REPS, 6));
  test.setTimeout(runs * 120_000);
  await page.goto('/#/overview');
  for (let i = 0; i < runs; i++) {
    await page.getByTestId('bench-run').click();
    await expect(page.getByTestId('bench-cancel')).toBeVisible();
    await expect(page.getByTestId('bench-run')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('bench-error')).toHaveCount(0);
  }
  const stored = await page.evaluate(
    () =>
      new Promise<{ startedAt: number; results: Record<string, unknown>[] }[]>((resolve, reject) => {
        const open = indexedDB.open('wirthforge-performance');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('benchmarkRuns').objectStore('benchmarkRuns').getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        };
      }),
  );
  expect(stored.length).toBeGreaterThanOrEqual(runs);
  const byName = new Map<string, StoredFigure[]>();
  const suiteMs: number[] = [];
  for (const run of stored) {
    for (const r of run.results) {
      if (r.kind === 'suite') suiteMs.push(Number(r.durationMs));
      if (r.kind !== 'figure') continue;
      const f = r as unknown as StoredFigure;
      byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
    }
  }
  recordMetric({ name: 'hardware benchmark suite duration', unit: 'ms', direction: 'smaller', samples: suiteMs, detail: 'all micro-benchmarks, budget ≈ 5 s' });
  for (const [name, figs] of byName) {
    recordMetric({ name: `hardware ${name}`, unit: figs[0].unit, direction: 'bigger', samples: figs.map((f) => f.median), detail: figs[0].detail });
    recordMetric({ name: `hardware ${name} duration`, unit: 'ms', direction: 'smaller', samples: figs.map((f) => f.durationMs) });
  }
});
