import { expect, test } from '@playwright/test';

// Issue 14 item 1: the GPU Manager places each council member on a device with a memory reservation,
// and the Monitor shows what each device holds. On the test machine the only WebGPU adapter is
// SwiftShader (a software fallback, not counted as a GPU), so there is one device: the CPU.

test.beforeEach(async ({ page }) => {
  await page.context().route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
});

test('the Monitor shows memory per device while a council member is loaded, and frees it when the member is removed', async ({ page }) => {
  await page.goto('/#/council');
  await page.getByLabel('Model', { exact: true }).selectOption('generated:wirthforge-tiny');
  await page.getByLabel('Size', { exact: true }).fill('1');
  await page.getByRole('button', { name: /Start council|Replace council/ }).click();
  const member = page.locator('article.member:not([data-state="removed"])');
  await expect(member).toHaveCount(1);
  await expect(member).toHaveAttribute('data-state', 'idle', { timeout: 60_000 });

  await page.getByRole('link', { name: 'Monitor' }).click();
  const card = page.getByTestId('device-memory');
  await expect(card).toBeVisible();
  const rows = card.getByTestId('device-row');
  // A software adapter is not a GPU: the CPU is the only device, and the member is held there.
  await expect(rows).toHaveCount(1);
  const cpu = rows.first();
  await expect(cpu).toHaveAttribute('data-device', 'cpu');
  await expect(cpu).toContainText('CPU (RAM)');
  await expect(cpu.getByTestId('device-members')).toHaveText('wirthforge-tiny (generated test model)');
  const held = Number(await cpu.getAttribute('data-held'));
  expect(held).toBeGreaterThan(0);
  await expect(cpu).toContainText(/\d+(\.\d)? GB/); // its budget
  console.log(`Monitor, memory per device: ${(await cpu.innerText()).replace(/\s+/g, ' ')}`);

  // Removing the member releases its reservation.
  await page.evaluate(async () => {
    const c = (window as any).__wfCouncil;
    for (const m of c.members) if (m.state !== 'removed') await c.removeMember(m.id);
  });
  await expect(cpu).toHaveAttribute('data-held', '0');
  await expect(cpu.getByTestId('device-members')).toHaveText('none');
});
