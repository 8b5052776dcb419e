import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { putDirectly } from '../data-kit';
import { recordMetric, REPS, repeat } from './kit';

/**
 * Start-up against a full store (issue 13): the time from navigation to the overview's model table
 * (which reads the stored measurements for the plan), with 10,000 stored measurements and with an
 * empty store, in two browser profiles measured turn about. The ratio full ÷ empty is the figure:
 * near 1 means the start reads a bounded, indexed slice and not the whole store.
 */
const STORED = 10_000;

const measurements = Array.from({ length: STORED }, (_, i) => ({
  id: `m-bench-${String(i).padStart(5, '0')}`,
  at: 1_700_000_000_000 + i * 1000,
  modelId: i % 2 ? 'generated:wirthforge-tiny' : `bench-model-${i % 50}`,
  engine: 'wllama',
  device: 'wasm',
  predictedTokensPerSecond: 40,
  measuredTokensPerSecond: 30 + (i % 10),
}));

/** Milliseconds from navigation start to the first model-table row, measured in the page. */
async function startupMs(page: Page): Promise<number> {
  await page.goto('/');
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const done = () => document.querySelector('[data-testid="model-row"]');
        if (done()) return resolve(performance.now());
        const obs = new MutationObserver(() => {
          if (!done()) return;
          obs.disconnect();
          resolve(performance.now());
        });
        obs.observe(document.body, { childList: true, subtree: true });
      }),
  );
}

async function profile(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/#/data');
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();
  return page;
}

test('start-up with 10,000 stored measurements vs an empty store', async ({ browser }) => {
  const emptyContext = await browser.newContext();
  const fullContext = await browser.newContext();
  const empty = await profile(emptyContext);
  const full = await profile(fullContext);
  await putDirectly(full, { measurements });

  const emptyMs: number[] = [];
  const fullMs: number[] = [];
  const ratios = await repeat(REPS, async () => {
    emptyMs.push(await startupMs(empty));
    fullMs.push(await startupMs(full));
    return fullMs.at(-1)! / emptyMs.at(-1)!;
  });
  await emptyContext.close();
  await fullContext.close();

  const detail = `navigation → first model-table row; ${STORED.toLocaleString('en')} measurements stored vs none`;
  recordMetric({ name: 'startup with an empty store', unit: 'ms', direction: 'smaller', samples: emptyMs, detail });
  recordMetric({ name: 'startup with 10k stored measurements', unit: 'ms', direction: 'smaller', samples: fullMs, detail });
  recordMetric({ name: 'startup ratio 10k measurements / empty store', unit: '×', direction: 'smaller', samples: ratios, detail });
});
