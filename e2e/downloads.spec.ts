import { expect, test, type Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeGguf } from '../scripts/gguf/gguf-file.mjs';

// Model downloads in the built app (issue 9): members of one model share one download, and a model
// once downloaded stays usable offline. Nothing leaves 127.0.0.1.

// Bigger than Chromium's largest HTTP-cache entry in a fresh profile (about 6 MB): two members used
// to fetch it at once, the cache write failed and Chromium broke off every reader but one
// ("download broke off after ~7 MB (network error)"). `vite preview` serves files added to its
// folder after it started, so the test writes this generated model there and removes it after.
const BIG = 'e2e-download-14mb.gguf';
const bigPath = join(process.env.E2E_OUT ?? 'dist', 'models', BIG);

test.beforeAll(async () => {
  await writeGguf(bigPath, { name: 'e2e-download', seed: 5, nLayer: 4, nEmbd: 256, nHead: 4, nHeadKv: 4, nFf: 768, contextLength: 512, weightType: 'f32' });
});
test.afterAll(() => rmSync(bigPath, { force: true }));

// No page.route / context.route in this file: Playwright's routing turns Chromium's HTTP cache off,
// and with it the fault this file guards against. The app asks nothing of other hosts anyway.
test.beforeEach(async ({ page }) => {
  await page.goto('/#/dashboard');
  const toggle = page.getByTestId('auto-tuning'); // the auto scaler would change the council's size
  if (await toggle.count()) await toggle.uncheck();
});

/** Every request for `file`, from the page, its workers and the service worker. */
function countRequests(page: Page, file: string): { n: number } {
  const seen = { n: 0 };
  page.context().on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith(`/models/${file}`)) seen.n++;
  });
  return seen;
}

async function startCouncil(page: Page, model: { value?: string; label?: string }, size: number) {
  await page.goto('/#/council');
  await page.getByLabel('Model', { exact: true }).selectOption(model);
  await page.getByLabel('Size', { exact: true }).fill(String(size));
  await page.getByRole('button', { name: /Start council|Replace council/ }).click();
  const members = page.locator('article.member:not([data-state="removed"])');
  await expect(members).toHaveCount(size);
  // Loaded (calibration may still run) or failed: the download is what these tests are about.
  for (let i = 0; i < size; i++) await expect(members.nth(i)).toHaveAttribute('data-state', /calibrating|idle|generating|failed/, { timeout: 60_000 });
  // A failed member shows its error: put it in the test's message.
  expect(await page.locator('article.member[data-state="failed"]').allInnerTexts()).toEqual([]);
}

test('two members of one 14 MB model: one download, and both load', async ({ page }) => {
  const requests = countRequests(page, BIG);
  await page.goto('/#/models');
  await page.getByLabel('GGUF name').fill('Big generated');
  await page.getByLabel('GGUF URL').fill(`/models/${BIG}`);
  await page.getByRole('button', { name: 'Add GGUF' }).click();
  await expect(page.getByTestId('models-message')).toContainText('Added');

  await startCouncil(page, { label: 'Big generated' }, 2);
  expect(requests.n).toBe(1);
});

test('offline after one online council: the generated model is listed, on this device, and answers', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(async () => void (await navigator.serviceWorker.ready)); // the app shell is precached
  await startCouncil(page, { value: 'generated:wirthforge-tiny' }, 2);

  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await page.goto('/#/models');
  const option = page.getByLabel('Model to load').locator('option[value="generated:wirthforge-tiny"]');
  await expect(option).toContainText('on this device');

  await startCouncil(page, { value: 'generated:wirthforge-tiny' }, 1);
  await expect(page.getByLabel('Model', { exact: true }).locator('option[value="generated:wirthforge-tiny"]')).toContainText('on this device');
  await page.getByRole('button', { name: 'Ask the council' }).click();
  await expect(page.getByTestId('consensus-text')).not.toBeEmpty({ timeout: 60_000 });
});
