import { expect, test, type Page } from '@playwright/test';
import { BENCH_SHORT, recordMetric, REPS, repeat } from './kit';

/**
 * Monitor benchmarks (issue 5):
 * 1. the collector's main-thread cost per 100 ms sample, beside the 16.7 ms frame budget;
 * 2. jank reaction and recovery: injected main-thread jank (busy loop in every animation frame)
 *    → first UI quality step down; jank removed → first step back up;
 * 3. long tasks caused by the app while a 2-member council streams (generated tiny GGUF, wllama).
 * Times are taken inside the page (performance.now), not across the Playwright connection.
 */
type Probe = { level(): number; sampleCosts(n: number, part: 'sample' | 'work' | 'whole'): number[]; longTasksTotal(): { count: number; blockedMs: number } };
const probe = (page: Page) => page.waitForFunction(() => !!(window as unknown as { __wfMonitor?: Probe }).__wfMonitor);

/**
 * The frame budget follows the tier (33 ms on Low): these runs use Mid's 60 fps budget, set by the
 * tier override, so the same jank means the same thing on every machine.
 */
async function midTier(page: Page) {
  await page.goto('/#/overview');
  await page.getByTestId('tier-override-select').selectOption('mid', { timeout: 60_000 });
  await page.goto('/#/dashboard');
  await expect(page.locator('.badge.mid').first()).toBeVisible({ timeout: 10_000 });
}

/** How long the page is open before the tick's steady cost is read (see the collector cost test). */
const STEADY_AFTER_MS = 100_000;

test.beforeEach(async ({ page }) => {
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
});

test('monitor: collector cost per sample', async ({ page }) => {
  test.setTimeout(STEADY_AFTER_MS + 120_000);
  await page.goto('/#/dashboard');
  await probe(page);
  const windowMs = BENCH_SHORT ? 2_000 : 5_000;
  const sample: number[] = [];
  const work: number[] = [];
  const whole: number[] = [];
  await repeat(REPS, async () => {
    await page.waitForTimeout(windowMs);
    const r = await page.evaluate((n) => {
      const m = (window as unknown as { __wfMonitor: Probe }).__wfMonitor;
      const mean = (c: number[]) => c.reduce((a, b) => a + b, 0) / c.length;
      const median = (c: number[]) => [...c].sort((a, b) => a - b)[c.length >> 1];
      return { sample: mean(m.sampleCosts(n, 'sample')), work: median(m.sampleCosts(n, 'work')), whole: mean(m.sampleCosts(n, 'whole')) };
    }, windowMs / 100);
    sample.push(r.sample);
    work.push(r.work);
    whole.push(r.whole);
    return r.sample;
  });
  expect(sample.every((c) => Number.isFinite(c) && c >= 0)).toBe(true);
  const detail = 'main-thread ms per 100 ms sample, dashboard open with 4 live charts; one frame at 60 Hz is 16.7 ms';
  recordMetric({ name: 'monitor sample cost', unit: 'ms', direction: 'smaller', samples: sample, detail: `mean ${detail}; collector only (rAF counters, long tasks, heap, council snapshot, ring buffers)` });
  recordMetric({ name: 'monitor tick cost', unit: 'ms', direction: 'smaller', samples: work, detail: `median ${detail}; the tick's own work: sample + alerts + quality scaler + optimiser rules, in the page's first ${(REPS * windowMs) / 1000} s (V8 still runs it unoptimised: see "monitor tick cost, steady")` });
  recordMetric({ name: 'monitor tick with state updates', unit: 'ms', direction: 'smaller', samples: whole, detail: `mean ${detail}; the tick to the end of its microtasks: the optimiser's async step and Svelte's state and DOM updates of the numbers on screen` });

  // The same tick once the page has been open STEADY_AFTER_MS. It runs ten times a second, so V8
  // optimises its code only after ~40–90 s here: measured in one page, the median tick read 175–195 µs
  // in its first 30 s, 125 at 50 s, 85–100 from 80 s on, and a reload started it over (225 µs). Moving
  // the measuring microtask out of it, or reading the ring buffers without a call per sample, changed
  // nothing measurable in the first 40 s (two pages each, side by side): the early figure is the
  // unoptimised code's, not the tick's work. The steady figure is what a person's session runs at.
  const steady: number[] = [];
  const openFor = await page.evaluate(() => performance.now());
  await page.waitForTimeout(Math.max(0, STEADY_AFTER_MS - openFor));
  await repeat(REPS, async () => {
    await page.waitForTimeout(windowMs);
    const r = await page.evaluate((n) => {
      const c = (window as unknown as { __wfMonitor: Probe }).__wfMonitor.sampleCosts(n, 'work');
      return [...c].sort((a, b) => a - b)[c.length >> 1];
    }, windowMs / 100);
    steady.push(r);
    return r;
  });
  recordMetric({ name: 'monitor tick cost, steady', unit: 'ms', direction: 'smaller', samples: steady, detail: `median ${detail}; the tick's own work once the page has been open ${STEADY_AFTER_MS / 1000} s (issue 10 asks ≤ 0.1 ms)` });
});

test('monitor: jank reaction and recovery', async ({ page }) => {
  test.setTimeout(900_000);
  await midTier(page);
  await probe(page);
  // Short mode (CI) keeps 6 runs (enough for a rough p95) and gives up on a recovery after 30 s, so it cannot rot nor dominate the run.
  const reps = BENCH_SHORT ? 6 : Math.max(8, REPS);
  const giveUpMs = BENCH_SHORT ? 30_000 : 75_000;
  const reaction: number[] = [];
  const recovery: number[] = [];
  await repeat(reps, async () => {
    // Start each run at full quality, set by hand (a busy machine may otherwise hold the level at
    // the bottom, where there is no step down left to measure); the scaler's windows restart.
    await page.getByTestId('auto-tuning').uncheck();
    await page.getByLabel('Quality').selectOption('4');
    await page.getByTestId('auto-tuning').check();
    const r = await page.evaluate(
      (giveUpMs) =>
        new Promise<{ reactMs: number; recoverMs: number; bottom: number }>((resolve) => {
          const m = (window as unknown as { __wfMonitor: Probe }).__wfMonitor;
          const w = window as unknown as { __jank?: boolean };
          w.__jank = true;
          const t0 = performance.now();
          let reactMs = NaN;
          let stoppedAt = NaN;
          const start = m.level();
          let bottom = start;
          const frame = () => {
            if (!w.__jank) return;
            const s = performance.now();
            while (performance.now() - s < 40) {
              /* busy */
            }
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
          const poll = setInterval(() => {
            const now = performance.now();
            const level = m.level();
            if (Number.isNaN(stoppedAt)) bottom = Math.min(bottom, level);
            if (Number.isNaN(reactMs) && level < start) {
              reactMs = now - t0;
              // Keep the jank for 2 s after the first step, then remove it.
              setTimeout(() => {
                w.__jank = false;
                stoppedAt = performance.now();
              }, 2_000);
            }
            // Recovery: the first step up after the jank is gone.
            const done = !Number.isNaN(stoppedAt) && level > bottom;
            const gaveUp = now - t0 > giveUpMs;
            if (done || gaveUp) {
              clearInterval(poll);
              w.__jank = false;
              resolve({ reactMs, recoverMs: done ? now - stoppedAt : NaN, bottom });
            }
          }, 10);
        }),
      giveUpMs,
    );
    reaction.push(r.reactMs);
    recovery.push(r.recoverMs);
    return r.reactMs;
  });
  expect(reaction.filter(Number.isFinite).length).toBeGreaterThan(0);
  const detail = '40 ms busy loop in every animation frame; 60 Hz headless Chromium; Mid tier (60 fps budget)';
  recordMetric({ name: 'monitor jank to first quality step', unit: 'ms', direction: 'smaller', samples: reaction, detail });
  if (recovery.some(Number.isFinite)) recordMetric({ name: 'monitor jank end to first step up', unit: 'ms', direction: 'smaller', samples: recovery, detail: `${detail}; jank kept 2 s after the first step; longer after a flip-flop (60 s backoff)` });
});

test('monitor: quality flip-flops under noisy frames', async ({ page }) => {
  test.setTimeout(600_000);
  await midTier(page);
  await probe(page);
  // Noisy but healthy frames: 6 % dropped frames, now and then a burst of 2–3 slow ones (issue 10: ≤ 1 flip-flop a minute).
  const runMs = 60_000;
  const perMinute: number[] = [];
  const steps: number[] = [];
  await repeat(BENCH_SHORT ? 1 : 3, async () => {
    const r = await page.evaluate(
      (runMs) =>
        new Promise<{ flips: number; steps: number }>((resolve) => {
          const m = (window as unknown as { __wfMonitor: Probe }).__wfMonitor;
          // A flip-flop: a step down within 10 s of a step up (the scaler's own definition), seen from the level.
          let level = m.level();
          let steps = 0;
          let flips = 0;
          let lastUpAt = -Infinity;
          let burst = 0;
          let seed = 7;
          const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
          const end = performance.now() + runMs;
          const frame = () => {
            if (performance.now() > end) {
              clearInterval(watch);
              resolve({ flips, steps });
              return;
            }
            let busy = 0;
            if (burst > 0) (burst--, (busy = 20));
            else if (rnd() < 0.01) burst = 2;
            else if (rnd() < 0.06) busy = 20;
            const s = performance.now();
            while (performance.now() - s < busy) {
              /* a dropped frame */
            }
            requestAnimationFrame(frame);
          };
          const watch = setInterval(() => {
            const now = performance.now();
            const l = m.level();
            if (l === level) return;
            steps++;
            if (l > level) lastUpAt = now;
            else if (now - lastUpAt <= 10_000) (flips++, (lastUpAt = -Infinity)); // further steps down are not more flip-flops
            level = l;
          }, 20);
          requestAnimationFrame(frame);
        }),
      runMs,
    );
    perMinute.push((r.flips * 60_000) / runMs);
    steps.push(r.steps);
    return r.flips;
  });
  const detail = `${runMs / 1000} s of frames with 6 % dropped (20 ms busy) and bursts of 2–3; headless Chromium 60 Hz`;
  recordMetric({ name: 'monitor quality flip-flops per minute (noisy frames)', unit: 'count', direction: 'smaller', samples: perMinute, detail });
  recordMetric({ name: 'monitor quality steps (noisy frames)', unit: 'count', direction: 'smaller', samples: steps, detail });
});

test('monitor: long tasks caused by the app while a council streams', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/#/dashboard');
  await probe(page);
  await page.waitForFunction(() => !!(window as unknown as { __wfCouncil?: unknown }).__wfCouncil);
  // The monitor must not resize the council during the measurement (a long-task count per answer of 2 members).
  await page.getByTestId('auto-tuning').uncheck();
  await page.evaluate(() => (window as unknown as { __wfCouncil: { setMembers(ids: string[]): Promise<void> } }).__wfCouncil.setMembers(['generated:wirthforge-tiny', 'generated:wirthforge-tiny']));
  const tokens = BENCH_SHORT ? 96 : 192;
  const perAnswer: number[] = [];
  const blocked: number[] = [];
  await repeat(REPS, async () => {
    const r = await page.evaluate(async (maxTokens) => {
      const m = (window as unknown as { __wfMonitor: Probe }).__wfMonitor;
      const c = (window as unknown as { __wfCouncil: { ask(p: string, o: object): Promise<{ answers: { completionTokens: number }[] }> } }).__wfCouncil;
      const before = m.longTasksTotal();
      const t0 = performance.now();
      const answer = await c.ask('Describe the sky.', { maxTokens, ignoreEos: true });
      // Long-task entries are delivered asynchronously: give the observer a frame to catch up.
      await new Promise((r) => setTimeout(r, 200));
      const after = m.longTasksTotal();
      return { count: after.count - before.count, blockedMs: after.blockedMs - before.blockedMs, ms: performance.now() - t0, tokens: answer.answers.reduce((a, x) => a + x.completionTokens, 0) };
    }, tokens);
    expect(r.tokens).toBeGreaterThan(0);
    perAnswer.push(r.count);
    blocked.push(r.blockedMs);
    return r.count;
  });
  const detail = `2 members × ${tokens} tokens of the generated tiny GGUF (wllama, workers); dashboard open`;
  recordMetric({ name: 'monitor long tasks per council answer', unit: 'count', direction: 'smaller', samples: perAnswer, detail });
  recordMetric({ name: 'monitor long-task blocking per council answer', unit: 'ms', direction: 'smaller', samples: blocked, detail });
});
