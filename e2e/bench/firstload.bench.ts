import { expect, test, type Request } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { recordMetric, REPS, repeat } from './kit';

/**
 * First load (issue 12): how much JavaScript a first visit fetches before the home screen is
 * usable. Each sample is a fresh browser context (empty HTTP cache, no service worker yet) that
 * opens `/` and waits until the overview's tier badge is shown and the app shell's test hooks
 * (`__wfCouncil`, `__wfMonitor`) exist. Every JavaScript request the page made up to that moment
 * counts (the HTML's module and modulepreloads, the home screen's chunk and whatever they import;
 * workers started by then too):
 *
 * - gzip: the bytes on the wire as `vite preview` sends them (gzip, level 6), from Playwright's
 *   `request.sizes().responseBodySize`; a response that came uncompressed is counted as its
 *   `zlib.gzipSync` size instead, so the figure is always gzip whatever the server did;
 * - raw: the decoded bodies' bytes;
 * - requests: how many JavaScript files.
 *
 * 1 kB = 1000 bytes, as vite prints its chunk sizes.
 *
 * Not counted: what the service worker fetches afterwards to precache the rest of the app for
 * offline use (in the background, from the worker, not the page), and chunks a screen imports
 * later (e.g. uPlot once a plot is shown).
 */

interface FirstLoad {
  gzipBytes: number;
  rawBytes: number;
  requests: number;
  ms: number;
  files: string[];
}

const isJs = (r: Request) => r.resourceType() === 'script' || /\.m?js(\?|$)/.test(new URL(r.url()).pathname);

test('first load: JavaScript before the home screen is usable', async ({ browser, baseURL }) => {
  const loads: FirstLoad[] = [];
  await repeat(REPS, async () => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const requests: Request[] = [];
    let counting = true;
    page.on('request', (r) => {
      if (counting && isJs(r)) requests.push(r);
    });
    const t0 = Date.now();
    await page.goto('/');
    await expect(page.getByTestId('tier-badge')).toBeVisible({ timeout: 60_000 });
    await page.waitForFunction(() => {
      const w = window as unknown as Record<string, unknown>;
      return !!w.__wfCouncil && !!w.__wfMonitor;
    });
    const ms = Date.now() - t0;
    counting = false;

    let gzipBytes = 0;
    let rawBytes = 0;
    const files: string[] = [];
    for (const r of requests) {
      const response = await r.response();
      if (!response) continue;
      const body = await response.body();
      const encoding = (await response.allHeaders())['content-encoding'] ?? '';
      const sizes = await r.sizes();
      const wire = encoding.includes('gzip') && sizes.responseBodySize > 0 ? sizes.responseBodySize : gzipSync(body).length;
      gzipBytes += wire;
      rawBytes += body.length;
      files.push(`${new URL(r.url()).pathname.replace(/^\/assets\//, '')} ${(wire / 1000).toFixed(1)} kB`);
    }
    await context.close();
    loads.push({ gzipBytes, rawBytes, requests: files.length, ms, files });
    return gzipBytes;
  });

  expect(loads.every((l) => l.requests > 0 && l.rawBytes > 0)).toBe(true);
  const detail = `fresh context, until the tier badge and the shell's hooks exist; files (gzip): ${loads[0].files.join(', ')}`;
  recordMetric({ name: 'first load JS gzip', unit: 'kB', direction: 'smaller', samples: loads.map((l) => l.gzipBytes / 1000), detail });
  recordMetric({ name: 'first load JS raw', unit: 'kB', direction: 'smaller', samples: loads.map((l) => l.rawBytes / 1000), detail: 'decoded bytes of the same files' });
  recordMetric({ name: 'first load JS requests', unit: 'count', direction: 'smaller', samples: loads.map((l) => l.requests), detail: 'JavaScript files the page requested before the home screen was usable' });
  recordMetric({ name: 'first load to home screen', unit: 'ms', direction: 'smaller', samples: loads.map((l) => l.ms), detail: 'navigation to tier badge + shell hooks, fresh context, localhost' });
});
