import { expect, test } from '@playwright/test';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupWith, baseline, chooseImport, exportFile, importFile, profile } from './data-kit';

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

  await chooseImport(page, 'truncated.json', '{"format": "wirthforge-performance-backup", "stores": {');
  await expect(page.getByRole('alert')).toContainText('not valid JSON');

  const badRecord = { ...baseline, id: 'b-bad', direction: 'sideways' };
  await chooseImport(page, 'bad-record.json', backupWith({ profiles: [{ ...profile, id: 'p-new' }], baselines: [badRecord] }));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Import refused: 1 problem found');
  await expect(alert).toContainText('baselines[0] (b-bad): direction: Invalid type');

  const after = await exportFile(page);
  // p-new from the refused file was not written (the app may have stored this machine's own profile).
  expect(after.stores.profiles).toContainEqual(profile);
  expect(after.stores.profiles.map((p) => (p as { id: string }).id)).not.toContain('p-new');
  expect(after.stores.baselines).toEqual([baseline]);
});

test('export → import into a fresh browser profile is lossless', async ({ page, browser }) => {
  await page.goto('/#/data');
  const settings = [{ key: 'scalability.points', value: [{ n: 1, throughput: 2.5 }, { n: 2, throughput: 4 }] }];
  await importFile(page, 'seed.json', backupWith({ profiles: [profile], baselines: [baseline], settings }));
  await expect(page.getByTestId('data-notice')).toContainText('Imported 3 records');
  const exported = await exportFile(page);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/#/data');
  await importFile(other, 'roundtrip.json', JSON.stringify(exported));
  await expect(other.getByTestId('data-notice')).toContainText('Imported');
  const again = await exportFile(other);
  // Every exported record arrives unchanged; the fresh app may have added its own (its machine's
  // profile, the optimiser's log) while it ran.
  for (const [store, records] of Object.entries(exported.stores)) expect(again.stores[store], store).toEqual(expect.arrayContaining(records));
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
