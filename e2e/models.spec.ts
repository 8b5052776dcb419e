import { expect, test, type Page } from '@playwright/test';

// The Model Loader and custom models, offline: the generated tiny GGUF is served by the app.

test.beforeEach(async ({ page }) => {
  await page.context().route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
});

async function addGgufUrl(page: Page, name: string, url: string) {
  await page.goto('/#/models');
  await page.getByLabel('GGUF name').fill(name);
  await page.getByLabel('GGUF URL').fill(url);
  await page.getByRole('button', { name: 'Add GGUF' }).click();
  await expect(page.getByTestId('models-message')).toContainText('Added');
}

test('a model URL that 404s gives a clear error, and the app stays usable', async ({ page }) => {
  // `vite preview` answers unknown paths with its index page; a static host answers 404. Test the 404.
  await page.context().route('**/models/does-not-exist.gguf', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await addGgufUrl(page, 'Missing model', '/models/does-not-exist.gguf');
  await page.getByLabel('Model to load').selectOption({ label: 'Missing model' });
  await page.getByRole('button', { name: 'Download and check' }).click();
  const job = page.getByTestId('load-job').first();
  await expect(job).toHaveAttribute('data-state', 'failed');
  await expect(job.getByRole('alert')).toContainText(/not found at .*does-not-exist\.gguf \(HTTP 404\)/);

  // As a council member it fails in words, and the council still works with a good model.
  await page.goto('/#/council');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Missing model' });
  await page.getByLabel('Size', { exact: true }).fill('1');
  await page.getByRole('button', { name: /Start council|Replace council/ }).click();
  const failed = page.locator('article.member[data-state="failed"]');
  await expect(failed).toHaveCount(1);
  await expect(failed.getByRole('alert')).toContainText('HTTP 404');

  await page.getByLabel('Model', { exact: true }).selectOption('generated:wirthforge-tiny');
  await page.getByRole('button', { name: 'Replace council' }).click();
  await expect(page.locator('article.member[data-state="idle"]')).toHaveCount(1, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Ask the council' }).click();
  await expect(page.getByTestId('consensus-text')).not.toBeEmpty({ timeout: 60_000 });
});

test('downloading shows progress, the model is cached with its size and can be deleted', async ({ page }) => {
  await page.goto('/#/models');
  await page.getByLabel('Model to load').selectOption('generated:wirthforge-tiny');
  await page.getByRole('button', { name: 'Download and check' }).click();
  const job = page.getByTestId('load-job').first();
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(job).toContainText('Works here (wasm-cpu');
  const row = page.getByTestId('cached-model').filter({ hasText: 'wirthforge-tiny.gguf' });
  await expect(row).toContainText(/\d+\.\d MB/);
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('cached-model').filter({ hasText: 'wirthforge-tiny.gguf' })).toHaveCount(0);
});

test('a local file that is not a GGUF is refused as corrupt; a good local GGUF is added', async ({ page }) => {
  await page.goto('/#/models');
  await page.getByLabel('GGUF file').setInputFiles({ name: 'broken.gguf', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a model at all, just text'.repeat(4)) });
  await expect(page.getByTestId('models-message')).toContainText('damaged or not a valid model');

  const good = await page.evaluate(async () => Array.from(new Uint8Array(await (await fetch('/models/wirthforge-tiny.gguf')).arrayBuffer())));
  await page.getByLabel('GGUF file').setInputFiles({ name: 'my-tiny.gguf', mimeType: 'application/octet-stream', buffer: Buffer.from(good) });
  await expect(page.getByTestId('models-message')).toContainText('Added my-tiny.gguf');
  await expect(page.getByTestId('custom-model').filter({ hasText: 'my-tiny.gguf' })).toHaveCount(1);
  // A local file is stored in the cache when added, so the list marks it as on this device.
  await page.getByLabel('Model to load').selectOption({ label: `my-tiny.gguf · ${(good.length / 1024 / 1024).toFixed(1)} MB · on this device` });
  await page.getByRole('button', { name: 'Download and check' }).click();
  await expect(page.getByTestId('load-job').first()).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
});

test("a GGUF that parses but that llama.cpp cannot build (an unknown architecture) is refused at its check in words, not reported as working", async ({ page }) => {
  await page.goto('/#/models');
  // The tiny model with its architecture renamed: the header is sound, the model is not one llama.cpp knows.
  const crafted = await page.evaluate(async () => {
    const bytes = new Uint8Array(await (await fetch('/models/wirthforge-tiny.gguf')).arrayBuffer());
    const text = new TextDecoder('latin1').decode(bytes);
    const at = text.indexOf('llama', text.indexOf('general.architecture') + 20);
    bytes.set(new TextEncoder().encode('zzzzz'), at);
    return Array.from(bytes);
  });
  await page.getByLabel('GGUF file').setInputFiles({ name: 'strange-arch.gguf', mimeType: 'application/octet-stream', buffer: Buffer.from(crafted) });
  await expect(page.getByTestId('models-message')).toContainText('Added strange-arch.gguf');
  await page.getByLabel('Model to load').selectOption({ label: `strange-arch.gguf · ${(crafted.length / 1024 / 1024).toFixed(1)} MB · on this device` });
  await page.getByRole('button', { name: 'Download and check' }).click();
  const job = page.getByTestId('load-job').first();
  await expect(job).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(job).toContainText('could not build the model strange-arch.gguf (its architecture is "zzzzz")');
  await expect(job).toContainText('Downloading it again will not help');
});

test('a running download can be cancelled, and nothing of it is kept', async ({ page }) => {
  // The server holds the file back, so the download is still running when Cancel is pressed.
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.context().route('**/models/wirthforge-utf8.gguf', async (route) => {
    await held;
    await route.continue().catch(() => {}); // the request may be gone by then
  });
  await page.goto('/#/models');
  await page.getByLabel('Model to load').selectOption('generated:wirthforge-utf8');
  await page.getByRole('button', { name: 'Download and check' }).click();
  const job = page.getByTestId('load-job').first();
  await expect(job).toHaveAttribute('data-state', 'downloading');
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job).toHaveAttribute('data-state', 'cancelled');
  release();
  await expect(page.getByTestId('cached-model').filter({ hasText: 'wirthforge-utf8.gguf' })).toHaveCount(0);
  await expect(page.getByLabel('Model to load').locator('option[value="generated:wirthforge-utf8"]')).not.toContainText('on this device');
});
