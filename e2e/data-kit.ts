import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** Records and steps shared by the e2e tests that import, export and store data. */

export const hardwareProfile = {
  detectedAt: 1_732_000_000_000,
  detectionMs: 3,
  webgpu: 'no-api',
  webgpuNote: 'no WebGPU: from the e2e test',
  gpu: null,
  cpuCores: 2,
  deviceMemoryGB: 8,
  deviceMemoryCapped: true,
  storage: { quotaBytes: 1e9, usageBytes: 0, persisted: false },
  userAgent: { brands: [], platform: null, mobile: null, userAgent: 'e2e' },
  crossOriginIsolated: true,
};
export const profile = { id: 'p-e2e', detectedAt: 1_732_000_000_000, profile: hardwareProfile };
export const baseline = {
  id: 'b-e2e',
  metric: 'decode_tps',
  unit: 'tok/s',
  direction: 'higher-is-better',
  samples: [10, 11, 12, 10.5, 11.2, 9.9, 10.1, 10.4, 11.9, 12.2],
  createdAt: 1,
  updatedAt: 2,
  source: 'e2e',
};

/** The crafted records of issue 13 (newest by time, so the app's "latest" reads meet them first). */
export const crafted = {
  benchmarkRuns: [{ id: 'bench-bad', profileId: 'p-e2e', startedAt: 9e12, results: [{ kind: 'figure' }] }],
  profiles: [{ id: 'p-bad', detectedAt: 9e12, profile: {} }],
  measurements: [{ id: 'm-bad', at: 9e12, modelId: 'generated:wirthforge-tiny', engine: 'wllama', device: 'wasm', predictedTokensPerSecond: 40, measuredTokensPerSecond: -5 }],
  settings: [{ key: 'hardware.tierOverride', value: { tier: 'mid', at: 5 } }],
};

export const backupWith = (stores: Record<string, unknown[]>, dbVersion = 2) =>
  JSON.stringify({ format: 'wirthforge-performance-backup', dbVersion, exportedAt: 1, stores });

/** Chooses a file in the Data screen; the preview appears when it is valid. */
export async function chooseImport(page: Page, name: string, text: string) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/** Chooses a file and confirms its preview. */
export async function importFile(page: Page, name: string, text: string) {
  await chooseImport(page, name, text);
  await page.getByTestId('import-preview').getByRole('button', { name: /import/i }).click();
}

export async function exportFile(page: Page): Promise<{ secretsIncluded: boolean; stores: Record<string, unknown[]> }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export everything/ }).click();
  return JSON.parse(readFileSync(await (await download).path(), 'utf8'));
}

/** Writes records straight into the app's IndexedDB, as a damaged or tampered store would hold them. */
export async function putDirectly(page: Page, stores: Record<string, unknown[]>) {
  await page.evaluate(async (stores) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('wirthforge-performance');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(Object.keys(stores), 'readwrite');
    for (const [name, records] of Object.entries(stores)) for (const r of records) tx.objectStore(name).put(r);
    await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
    db.close();
  }, stores);
}

export async function expectNotice(page: Page, text: string | RegExp) {
  await expect(page.getByTestId('data-notice')).toContainText(text);
}
