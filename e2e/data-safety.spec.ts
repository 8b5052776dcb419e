import { expect, test } from '@playwright/test';
import { backupWith, chooseImport, crafted, expectNotice, exportFile, importFile, putDirectly } from './data-kit';

// Issue 13: records are checked to the last field, a bad stored one harms no screen, secrets stay
// out of exports, imports are bounded and show the hosts they would point the app at.

const remoteServer = {
  id: 'remote-e2e',
  engine: 'remote',
  label: 'lab server',
  addedAt: 1,
  config: { baseUrl: 'http://10.0.0.5:8080', model: 'llama', apiKey: 'sk-e2e-secret-4242' },
};

test('the crafted file is refused with a reason for each record, and nothing changes', async ({ page }) => {
  await page.goto('/#/data');
  await chooseImport(page, 'crafted.json', backupWith(crafted));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Import refused');
  await expect(alert).toContainText('benchmarkRuns[0] (bench-bad): results.0.name');
  await expect(alert).toContainText('profiles[0] (p-bad): profile.');
  await expect(alert).toContainText('measurements[0] (m-bad): measuredTokensPerSecond: must be ≥ 0');
  await expect(alert).toContainText('settings[0] (hardware.tierOverride): value:');
  await expect(page.getByTestId('import-preview')).toHaveCount(0);
});

test('records damaged in storage are set aside: every screen renders and Data says which and why', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/data');
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();
  await putDirectly(page, crafted);

  for (const view of ['overview', 'council', 'models', 'dashboard', 'benchmarks']) {
    await page.goto(`/#/${view}`);
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  }
  await page.goto('/#/overview');
  await expect(page.getByTestId('tier-badge')).toHaveText('Low tier');
  await page.goto('/#/data');
  const aside = page.getByTestId('set-aside');
  await expect(aside.getByRole('heading')).toHaveText('4 records set aside');
  for (const text of ['bench-bad', 'p-bad', 'm-bad', 'hardware.tierOverride', 'must be ≥ 0']) await expect(aside).toContainText(text);
  expect(errors).toEqual([]);

  await aside.getByRole('button', { name: 'Delete the set-aside records' }).click();
  await expect(page.getByTestId('set-aside')).toHaveCount(0);
});

test('API keys stay out of the export unless "include secrets" is ticked', async ({ page }) => {
  await page.goto('/#/data');
  await importFile(page, 'server.json', backupWith({ customModels: [remoteServer] }));
  await expectNotice(page, 'Imported 1 record');

  const plain = await exportFile(page);
  expect(JSON.stringify(plain)).not.toContain('sk-e2e-secret');
  expect(plain.secretsIncluded).toBe(false);

  await page.getByTestId('include-secrets').check();
  const withSecrets = await exportFile(page);
  expect(JSON.stringify(withSecrets)).toContain('sk-e2e-secret-4242');
});

test('an import lists the other hosts it would use and changes nothing until confirmed', async ({ page }) => {
  await page.goto('/#/data');
  const file = backupWith({ customModels: [remoteServer], settings: [{ key: 'webllm.modelBaseUrl', value: 'https://mirror.example.org/mlc' }] });
  await chooseImport(page, 'hosts.json', file);
  const hosts = page.getByTestId('import-hosts');
  await expect(hosts).toContainText('https://mirror.example.org/mlc');
  await expect(hosts).toContainText('http://10.0.0.5:8080');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expectNotice(page, 'Nothing was changed');
  expect((await exportFile(page)).stores.customModels).toEqual([]);

  await chooseImport(page, 'hosts.json', file);
  await page.getByRole('button', { name: 'Trust these hosts and import' }).click();
  await expectNotice(page, 'Imported 2 records');
});

test('a file over the size limit is refused with a clear message', async ({ page }) => {
  await page.goto('/#/data');
  await chooseImport(page, 'huge.json', ' '.repeat(21 * 2 ** 20));
  await expect(page.getByRole('alert')).toContainText('backups up to 20 MB can be imported');
});

test('the Data screen shows the bound of every growing store', async ({ page }) => {
  await page.goto('/#/data');
  for (const store of ['measurements', 'benchmarkRuns', 'loadTestRuns', 'metricsHistory', 'actionLog', 'profiles'])
    await expect(page.getByTestId(`bound-${store}`)).toContainText(/^newest \d/);
});

test('adding a server warns before a key goes over plain http, and the key is shown masked', async ({ page }) => {
  await page.goto('/#/models');
  await page.getByLabel('Server name').fill('lab');
  await page.getByLabel('Server URL').fill('http://127.0.0.1:9');
  await page.getByLabel('API key').fill('sk-e2e-secret-4242');
  await expect(page.getByTestId('key-over-http')).toHaveCount(0);
  await page.getByLabel('Server URL').fill('http://10.0.0.5:8080');
  await expect(page.getByTestId('key-over-http')).toContainText('unencrypted');
  await page.getByRole('button', { name: 'Add anyway (key over plain http)' }).click();
  const row = page.getByTestId('custom-model').filter({ hasText: 'lab' });
  await expect(row).toContainText('key ••••••••4242');
  await expect(page.locator('body')).not.toContainText('sk-e2e-secret');
});

test('a newer version opened in another tab goes on at once; this tab says to reload, and a reload of the old version reads nothing', async ({ page, context }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/#/data');
  await expect(page.getByTestId('bound-settings')).toBeVisible(); // the records are counted: this tab holds the database open
  await expect(page.getByTestId('db-problem')).toHaveCount(0);
  // The other tab: a newer build, as the database sees it (the same origin asking for a later version).
  const other = await context.newPage();
  await other.goto('/icons/icon.svg');
  const newerVersion = await other.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('wirthforge-performance', 99);
        req.onsuccess = () => {
          resolve(req.result.version);
          req.result.close();
        };
        req.onerror = () => reject(req.error);
      }),
  );
  expect(newerVersion).toBe(99); // not left waiting for this tab
  const banner = page.getByTestId('db-problem');
  await expect(banner).toHaveAttribute('data-error', 'DatabaseSupersededError');
  await expect(banner).toContainText('A newer version of WIRTHFORGE Performance is opening the stored data in another tab');
  await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible();
  // Every screen that reads stored data carries on without it (the banner says why, no screen repeats it).
  await page.goto('/#/benchmarks');
  await expect(page.getByRole('heading', { name: 'Benchmarks and regressions' })).toBeVisible();
  await page.goto('/#/data');
  await expect(page.getByTestId('storage-usage')).toBeVisible();
  await expect(page.getByTestId('notices')).toHaveCount(0);

  // The banner's Reload (no newer service worker waits on this server: it reloads this build): the
  // data is a newer version's, so it is neither read nor set aside.
  await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
  await expect(page.getByTestId('db-problem')).toHaveAttribute('data-error', 'DatabaseNewerError');
  await expect(page.getByTestId('db-problem')).toContainText('written by a newer version');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByTestId('storage-usage')).toBeVisible();
  expect(errors).toEqual([]);
});
