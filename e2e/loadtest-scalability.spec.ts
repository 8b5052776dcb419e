import { expect, test } from '@playwright/test';

test.describe.configure({ timeout: 300_000 });

test('council throughput measured at N = 1, 2 is fitted and plotted with its projections', async ({ page }) => {
  await page.goto('/#/benchmarks');
  await page.getByTestId('bench-council-model').selectOption('generated:wirthforge-tiny');
  await page.getByTestId('bench-council-start').click();
  await expect(page.getByTestId('bench-council')).toContainText('idle', { timeout: 120_000 });

  const card = page.getByTestId('scalability');
  await card.locator('input[type=number]').fill('2');
  await page.getByTestId('scalability-measure').click();
  await expect(page.getByTestId('scalability-stop')).toBeVisible();
  await expect(page.getByTestId('scalability-measure')).toBeVisible({ timeout: 240_000 }); // finished
  const fit = page.getByTestId('usl-fit');
  await expect(fit).toContainText('σ (contention)');
  await expect(fit).toContainText('R² =');
  await expect(fit).toContainText('two sizes: κ fixed at 0'); // Amdahl with only N = 1, 2
  await expect(page.getByTestId('plot-usl').locator('canvas')).toHaveCount(1);
  await expect(card).toContainText('Horizontal: more members');
  await expect(card).toContainText('Vertical: faster members');
  await expect(page.getByTestId('usl-servers').locator('tbody tr')).toHaveCount(4);
  // The council the person had (one member) is restored after the measurement.
  await expect(page.getByTestId('bench-council-members')).toHaveText('1 member', { timeout: 60_000 });

  await test.step('the fit becomes recommendations with numbers, each naming the run it rests on', async () => {
    const recs = page.getByTestId('scalability-recommendations').getByTestId('recommendation');
    const immediate = recs.and(page.locator('[data-horizon=immediate]'));
    await expect(immediate).toHaveCount(1);
    await expect(immediate).toContainText(/A council of \d gives (\d+ % of the peak|the peak throughput) \([\d.]+/);
    await expect(immediate).toContainText(/based on scalability run usl-\S+ \(2 sizes, generated:wirthforge-tiny\) of \d{4}-\d\d-\d\d \d\d:\d\d/);
    // Without benchmarks (as here) the medium term uses the run's one-member speed against the tier's target.
    await expect(recs.and(page.locator('[data-horizon=medium]'))).toContainText(/(predicted|measured|measured in the scalability run) at [\d.]+ tokens\/s/);
    await expect(recs.and(page.locator('[data-horizon=long]')).first()).toContainText(/GB\/s/);
    // Two sizes only: κ cannot be seen, so the weak-fit risk asks for more points.
    await expect(recs.and(page.locator('[data-rule=weak-fit]'))).toContainText(/measure more points/);
    for (const text of await recs.allInnerTexts()) console.log(`recommendation: ${text.replaceAll('\n', ' | ')}`);
  });
});
