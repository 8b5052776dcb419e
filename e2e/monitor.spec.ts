import { expect, test, type Page } from '@playwright/test';

/** Injects main-thread jank: a busy loop of `ms` inside every animation frame, until stopped. */
async function startJank(page: Page, ms: number) {
  await page.evaluate((busyMs) => {
    const w = window as unknown as { __jank?: boolean };
    w.__jank = true;
    const frame = () => {
      if (!w.__jank) return;
      const start = performance.now();
      while (performance.now() - start < busyMs) {
        /* busy: the page cannot draw */
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, ms);
}

async function stopJank(page: Page) {
  await page.evaluate(() => ((window as unknown as { __jank?: boolean }).__jank = false));
}

const levelOf = async (page: Page) => Number(await page.getByTestId('quality-level').getAttribute('data-level'));

test('jank lowers the UI quality and raises an alert; recovery raises it again; the action log shows both', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/#/dashboard');
  await expect(page.getByTestId('monitor-now')).toBeVisible();
  await expect(page.getByTestId('auto-tuning')).toBeChecked();
  await expect(page.getByTestId('fps')).toContainText('fps');
  // Page load (and a busy machine) can cost frames: start from full quality.
  await expect(page.getByTestId('quality-level')).toHaveAttribute('data-level', '4', { timeout: 120_000 });

  const jankFrom = await page.evaluate(() => Date.now());
  // 80 ms a frame, past the frame alert on every tier (as below): 40 ms ran ~41 ms frames, past the
  // quality scaler's line but short of Low's 44 ms warning, and a CI machine classified Low raised no alert.
  await startJank(page, 80);
  await expect.poll(() => levelOf(page), { timeout: 20_000 }).toBeLessThan(4);
  const alert = page.locator('[data-testid="alert"][data-type="ui-frames"]');
  await expect(alert).toBeVisible();
  // The alert is about this jank (a critical one from page load would also still be open and updated).
  await expect.poll(async () => Number(await alert.getAttribute('data-last-seen'))).toBeGreaterThan(jankFrom);
  await expect(alert).toContainText('fps');
  await expect(alert).toContainText('Lowering UI quality');
  await expect(page.getByTestId('action').filter({ hasText: 'Lower UI quality' }).first()).toBeVisible();

  // Let it reach the bottom so the way back up is unambiguous.
  await expect(page.getByTestId('quality-level')).toHaveAttribute('data-level', '0', { timeout: 20_000 });
  await stopJank(page);
  // Steps back up once frames are steady again (a busy machine can add a flip-flop and its 60 s backoff).
  await expect.poll(() => levelOf(page), { timeout: 150_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('action').filter({ hasText: 'Raise UI quality' }).first()).toBeVisible();
  // Each step down is validated and then kept (with its before/after frame time).
  await expect(page.locator('[data-testid="action"][data-outcome="kept"]').filter({ hasText: 'Lower UI quality' }).first()).toBeVisible();
});

test('with automatic tuning off the app only alerts, and the choice survives a reload', async ({ page }) => {
  await page.goto('/#/dashboard');
  // This test is about switching automatic tuning off.
  await page.getByTestId('auto-tuning').uncheck();
  await expect(page.getByTestId('action').filter({ hasText: 'Automatic tuning off' })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('auto-tuning')).not.toBeChecked();

  // 80 ms a frame (~12 fps) is past the frame alert on every tier: on Low (30 fps target) 40 ms of
  // jank lands near the 44 ms warning line, and whether it crosses depends on vsync timing.
  await startJank(page, 80);
  const alert = page.locator('[data-testid="alert"][data-type="ui-frames"]');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Automatic tuning is off');
  await expect(page.getByTestId('quality-level')).toHaveAttribute('data-level', '4');
  await stopJank(page);
});

test('live charts stream while visible and pause while the tab is hidden', async ({ page }) => {
  await page.goto('/#/dashboard');
  const chart = page.getByTestId('chart-frames').locator('[data-redraws]');
  const redraws = async () => Number(await chart.getAttribute('data-redraws'));
  await expect.poll(redraws).toBeGreaterThan(2);

  // Hide the tab the way the browser reports it.
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const whileHidden = await redraws();
  await page.waitForTimeout(2_500); // several redraw intervals at any quality level
  expect(await redraws()).toBe(whileHidden);

  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(redraws).toBeGreaterThan(whileHidden);
});

test('the auto scaler removes a council member when frames stay slow for 5 s, and keeps it out once frames recover', async ({ page }) => {
  test.setTimeout(240_000);
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  await page.goto('/#/dashboard');
  await page.waitForFunction(() => !!(window as unknown as { __wfCouncil?: unknown }).__wfCouncil);
  // A 2-member council of the project's generated tiny GGUF (wllama, in workers); automatic tuning
  // stays on (loading and calibrating are not judged).
  await page.evaluate(() =>
    (window as unknown as { __wfCouncil: { setMembers(ids: string[]): Promise<void> } }).__wfCouncil.setMembers(['generated:wirthforge-tiny', 'generated:wirthforge-tiny']),
  );
  const activeMembers = () =>
    page.evaluate(() => (window as unknown as { __wfCouncil: { members: { state: string }[] } }).__wfCouncil.members.filter((m) => m.state !== 'removed').length);
  expect(await activeMembers()).toBe(2);

  // The council keeps working while frames are slow (idle members cost the UI nothing and are
  // never removed): one request after another until the test ends.
  await page.evaluate(() => {
    const w = window as unknown as { __keepAsking?: boolean; __wfCouncil: { ask(p: string, o: object): Promise<unknown> } };
    w.__keepAsking = true;
    void (async () => {
      while (w.__keepAsking) {
        await w.__wfCouncil.ask('Keep talking.', { maxTokens: 1500, ignoreEos: true }).catch(() => new Promise((r) => setTimeout(r, 100)));
      }
    })();
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __wfCouncil: { members: { state: string }[] } }).__wfCouncil.members.some((m) => m.state === 'generating'))).toBe(true);
  await startJank(page, 40);
  const removal = page.getByTestId('action').filter({ hasText: 'Remove council member' }).first();
  await expect(removal).toBeVisible({ timeout: 60_000 });
  await expect(removal).toContainText('frame time');
  expect(await activeMembers()).toBe(1);
  // Frames recover inside the validation window: the removal helped and is kept.
  await stopJank(page);
  await expect(page.locator('[data-testid="action"][data-outcome="kept"]').filter({ hasText: 'Remove council member' })).toBeVisible({ timeout: 30_000 });
  expect(await activeMembers()).toBe(1);
  await page.evaluate(() => {
    const w = window as unknown as { __keepAsking?: boolean; __wfCouncil: { stop(): void } };
    w.__keepAsking = false;
    w.__wfCouncil.stop();
  });
});
