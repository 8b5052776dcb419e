import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// Every screen passes axe-core's WCAG 2 A/AA rules, and the keyboard reaches every control with a
// visible focus ring.

const SCREENS = ['overview', 'council', 'models', 'dashboard', 'benchmarks', 'data'];
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function open(page: Page, screen: string) {
  await page.goto(`/#/${screen}`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.locator('main h2').first()).toBeVisible();
}

for (const screen of SCREENS) {
  test(`the ${screen} screen has no WCAG 2 A/AA violations`, async ({ page }) => {
    await open(page, screen);
    if (screen === 'overview') await expect(page.getByTestId('tier-badge')).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  });
}

test('the keyboard reaches every control of the Data screen, with a visible focus ring', async ({ page }) => {
  await open(page, 'data');
  const reached = new Set<string>();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const ring = el.matches('input[type=file]') ? getComputedStyle(el.closest('label')!) : getComputedStyle(el);
      return { name: el.getAttribute('data-testid') ?? el.textContent?.trim() ?? el.tagName, outline: ring.outlineStyle };
    });
    if (!focused) continue;
    expect(focused.outline, `focus ring on ${focused.name}`).not.toBe('none');
    reached.add(focused.name);
  }
  for (const control of ['Overview', 'Data', 'Export everything (JSON)', 'include-secrets', 'import-file']) expect([...reached]).toContain(control);
});
