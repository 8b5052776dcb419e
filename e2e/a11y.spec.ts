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
  if (screen === 'council') {
    // The screen starts the generated council by itself; its cards change controls while members
    // load (Cancel loading → Kill worker), so the controls are counted once every member is ready.
    await expect(page.locator('article.member').first()).toBeVisible();
    await expect(page.locator('article.member:not([data-state="idle"])')).toHaveCount(0, { timeout: 60_000 });
  }
}

for (const screen of SCREENS) {
  test(`the ${screen} screen has no WCAG 2 A/AA violations`, async ({ page }) => {
    await open(page, screen);
    if (screen === 'overview') await expect(page.getByTestId('tier-badge')).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    expect(violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  });
}

for (const screen of SCREENS) {
  test(`the keyboard reaches every control of the ${screen} screen, with a visible focus ring`, async ({ page }) => {
    await open(page, screen);
    // Number every visible, enabled control (a file input counts by its label).
    const total = await page.evaluate(() => {
      const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary')].filter(
        (el) => !(el as HTMLButtonElement).disabled && (el.checkVisibility() || (el.matches('input[type=file]') && el.closest('label')!.checkVisibility())),
      );
      controls.forEach((el, i) => (el.dataset.kb = String(i)));
      return controls.length;
    });
    const reached = new Set<string>();
    for (let i = 0; i < total + 5 && reached.size < total; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el?.dataset.kb) return null;
        // A visually hidden file input shows its ring on its label.
        const ring = getComputedStyle(el.checkVisibility() ? el : el.closest('label')!);
        return { kb: el.dataset.kb, name: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName, outline: ring.outlineStyle };
      });
      if (!focused) continue;
      expect(focused.outline, `focus ring on "${focused.name}"`).not.toBe('none');
      reached.add(focused.kb);
    }
    const missed = await page.evaluate((reached) => [...document.querySelectorAll<HTMLElement>('[data-kb]')].filter((el) => !reached.includes(el.dataset.kb!)).map((el) => el.outerHTML.slice(0, 120)), [...reached]);
    expect(missed, `controls not reached by Tab on ${screen}`).toEqual([]);
  });
}
