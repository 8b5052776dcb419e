import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';

const baselineFile = {
  format: 'wirthforge-baselines',
  version: 1,
  exportedAt: 1_732_000_000_000,
  baselines: [
    {
      id: 'baseline-e2e-tps',
      metric: 'load S2 throughput',
      unit: 'tokens/s',
      direction: 'higher-is-better',
      samples: [41, 43, 40.5, 42, 44, 41.5, 42.5, 43.5, 40, 42],
      createdAt: 1_732_000_000_000,
      updatedAt: 1_732_000_000_000,
      source: 'e2e',
    },
    {
      id: 'baseline-e2e-latency',
      metric: 'load S2 latency',
      unit: 'ms',
      direction: 'lower-is-better',
      samples: [120, 130, 125],
      createdAt: 1_732_000_000_000,
      updatedAt: 1_732_000_000_000,
      source: 'e2e',
    },
  ],
};

test('a person imports baselines, sees their statistics, and exports the same baselines back', async ({ page }) => {
  await page.goto('/#/benchmarks');
  await expect(page.getByTestId('baselines-empty')).toBeVisible();

  await page.getByTestId('baselines-import').setInputFiles({ name: 'baselines.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(baselineFile)) });
  await expect(page.getByTestId('baselines-notice')).toContainText('Imported 2 baselines');

  const tps = page.locator('tr[data-metric="load S2 throughput"]');
  await expect(tps).toContainText('10'); // n
  await expect(tps).toContainText('42.00'); // mean of the ten samples
  await expect(page.locator('tr[data-metric="load S2 latency"]')).toContainText('not ready'); // 3 < 10 samples

  const download = page.waitForEvent('download');
  await page.getByTestId('baselines-export').click();
  const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  expect(exported.format).toBe('wirthforge-baselines');
  const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
  expect(byId(exported.baselines)).toEqual(byId(baselineFile.baselines));

  // The baselines survive a reload (IndexedDB).
  await page.reload();
  await expect(page.locator('tr[data-metric="load S2 throughput"]')).toBeVisible();
});

test('a broken baselines file is refused with the reason and changes nothing', async ({ page }) => {
  await page.goto('/#/benchmarks');
  const bad = { ...baselineFile, baselines: [{ ...baselineFile.baselines[0], direction: 'sideways' }] };
  await page.getByTestId('baselines-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByTestId('baselines-notice')).toContainText('Import refused');
  await expect(page.getByTestId('baselines-notice')).toContainText('direction');
  await expect(page.getByTestId('baselines-empty')).toBeVisible();
});
