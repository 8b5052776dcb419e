import { expect, test, type Page } from '@playwright/test';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const profile = { id: 'p-e2e', detectedAt: 1_732_000_000_000, profile: { cores: 2, note: 'from the e2e test' } };
const baseline = {
  id: 'b-e2e',
  metric: 'decode_tps',
  unit: 'tok/s',
  direction: 'higher-is-better',
  samples: [10, 11, 12, 10.5, 11.2, 9.9, 10.1, 10.4, 11.9, 12.2],
  createdAt: 1,
  updatedAt: 2,
  source: 'e2e',
};
const backupWith = (stores: Record<string, unknown[]>) =>
  JSON.stringify({ format: 'wirthforge-performance-backup', dbVersion: 1, exportedAt: 1, stores });

async function importFile(page: Page, name: string, text: string) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

async function exportFile(page: Page): Promise<{ stores: Record<string, unknown[]> }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export everything/ }).click();
  return JSON.parse(readFileSync(await (await download).path(), 'utf8'));
}

test('the app loads, cross-origin isolated, with its security headers', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto('/');
  const headers = response!.headers();
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(headers['content-security-policy']).toContain("'wasm-unsafe-eval'");
  expect(headers['content-security-policy']).not.toContain("'unsafe-eval'");
  for (const directive of ["frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"]) {
    expect(headers['content-security-policy']).toContain(directive);
  }
  await expect(page.getByRole('heading', { name: 'WIRTHFORGE Performance' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(errors).toEqual([]);
});

test('the installable app works offline after one visit', async ({ page, context }) => {
  await page.goto('/');
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    return link ? (await fetch(link.href)).json() : null;
  });
  expect(manifest?.name).toBe('WIRTHFORGE Performance');
  expect(manifest?.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  // The service worker precaches the shell and takes control of the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'WIRTHFORGE Performance' })).toBeVisible();
  await page.goto('/#/data');
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();
  await context.setOffline(false);
});

test('a malformed import is refused with a clear message and existing data is intact', async ({ page }) => {
  await page.goto('/#/data');
  await importFile(page, 'good.json', backupWith({ profiles: [profile], baselines: [baseline] }));
  await expect(page.getByTestId('data-notice')).toContainText('Imported 2 records');

  await importFile(page, 'truncated.json', '{"format": "wirthforge-performance-backup", "stores": {');
  await expect(page.getByRole('alert')).toContainText('not valid JSON');

  const badRecord = { ...baseline, id: 'b-bad', direction: 'sideways' };
  await importFile(page, 'bad-record.json', backupWith({ profiles: [{ ...profile, id: 'p-new' }], baselines: [badRecord] }));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Import refused: 1 problem found');
  await expect(alert).toContainText('baselines[0] (b-bad): direction must be one of');

  const after = await exportFile(page);
  expect(after.stores.profiles).toEqual([profile]); // p-new from the refused file was not written
  expect(after.stores.baselines).toEqual([baseline]);
});

test('export → import into a fresh browser profile is lossless', async ({ page, browser }) => {
  await page.goto('/#/data');
  const settings = [{ key: 'autoTuning', value: { enabled: false, nested: [1, 2.5, null] } }];
  await importFile(page, 'seed.json', backupWith({ profiles: [profile], baselines: [baseline], settings }));
  await expect(page.getByTestId('data-notice')).toContainText('Imported 3 records');
  const exported = await exportFile(page);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/#/data');
  await importFile(other, 'roundtrip.json', JSON.stringify(exported));
  await expect(other.getByTestId('data-notice')).toContainText('Imported');
  const again = await exportFile(other);
  expect(again.stores).toEqual(exported.stores);
  expect(again.stores.settings).toEqual(settings);
  await fresh.close();
});

test('a new version is offered, not forced, and applied when the person chooses', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  // Deploy "a new version": the served service worker changes by one byte.
  const swPath = join(process.env.E2E_OUT ?? 'dist', 'sw.js');
  const original = readFileSync(swPath, 'utf8');
  try {
    appendFileSync(swPath, '\n// next version\n');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(page.getByText('A new version of WIRTHFORGE Performance is ready')).toBeVisible();
    // Not forced: the new worker waits while this page keeps running on the old one.
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting)).toBe(true);

    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Reload now' }).click();
    await reloaded;
    await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(false);
    await expect(page.getByRole('heading', { name: 'WIRTHFORGE Performance' })).toBeVisible();
    await expect(page.getByText('A new version of WIRTHFORGE Performance is ready')).toHaveCount(0);
  } finally {
    writeFileSync(swPath, original);
  }
});
