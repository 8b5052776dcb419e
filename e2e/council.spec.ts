import { expect, test, type Page } from '@playwright/test';

// The council runs the project's generated tiny GGUF (random weights) through wllama in Web
// Workers; nothing leaves 127.0.0.1.

async function startCouncil(page: Page, size: number) {
  // Automatic tuning stays on (issue 10): a healthy council is left alone.
  await page.goto('/#/council');
  await page.getByLabel('Model', { exact: true }).selectOption('generated:wirthforge-tiny');
  await page.getByLabel('Size', { exact: true }).fill(String(size));
  await page.getByRole('button', { name: /Start council|Replace council/ }).click();
  const members = page.locator('article.member:not([data-state="removed"])');
  await expect(members).toHaveCount(size);
  for (let i = 0; i < size; i++) await expect(members.nth(i)).toHaveAttribute('data-state', 'idle', { timeout: 60_000 });
  return members;
}

test.beforeEach(async ({ page }) => {
  // No request may leave the machine.
  await page.context().route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
});

test('a 2-member council answers a prompt: tokens stream, consensus is shown', async ({ page }) => {
  // Automatic tuning off for this one: it asks both members for exactly 600 tokens each, and on a
  // loaded 2-core test machine two wllama members at work really do hold the page's frames past the
  // auto scaler's line for 5 s (SPEC §3.4), so it would rightly drop a member mid-answer. This test
  // is about the council's own answer; self-management is tested in self-management.spec.ts.
  await page.goto('/#/dashboard');
  await page.getByTestId('auto-tuning').uncheck();
  const members = await startCouncil(page, 2);
  await expect(members.first()).toContainText('wasm-cpu'); // the backend actually in use
  await page.getByLabel('Prompt', { exact: true }).fill('Name a colour of the sky.');
  await page.getByLabel('max tokens').fill('600');
  await page.getByLabel(/exactly that many/).check();
  await page.getByRole('button', { name: 'Ask the council' }).click();

  // Text appears while the members are still generating (streamed, not delivered at the end).
  const streaming = page.locator('article.member[data-state="generating"]').first();
  await expect(streaming.getByTestId('member-answer')).not.toBeEmpty();
  expect(Number(await streaming.getByTestId('tps').textContent())).toBeGreaterThan(0);
  const consensus = page.getByTestId('consensus');
  await expect(consensus).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('consensus-text')).not.toBeEmpty();
  await expect(page.getByTestId('agreement')).toHaveText(/\d+ %/);
  await expect(page.getByTestId('agreeing')).toContainText('Member');

  // Every answer streamed token by token, with worker timestamps in order.
  const answer = await page.evaluate(() => (window as any).__wfCouncil.lastAnswer);
  expect(answer.answers).toHaveLength(2);
  for (const a of answer.answers) {
    expect(a.completionTokens).toBe(600);
    expect(a.tokenTimes.length).toBe(600);
    const sorted = [...a.tokenTimes].sort((x: number, y: number) => x - y);
    expect(a.tokenTimes).toEqual(sorted);
    expect(a.tokenTimes[a.tokenTimes.length - 1]).toBeGreaterThan(a.tokenTimes[0]);
  }
  expect(answer.failures).toEqual([]);
  const metrics = await page.evaluate(() => (window as any).__wfCouncil.metrics());
  expect(metrics.members).toHaveLength(2);
  expect(metrics.members[0].soloTokensPerSecond).toBeGreaterThan(0);
  expect(metrics.efficiency).toBeGreaterThan(0);
});

test('a member whose worker is killed mid-answer: the council still answers and names the failed member', async ({ page }) => {
  const members = await startCouncil(page, 2);
  await page.getByLabel('Prompt', { exact: true }).fill('Tell a long story.');
  await page.getByLabel('max tokens').fill('500');
  await page.getByLabel(/exactly that many/).check();
  await page.getByRole('button', { name: 'Ask the council' }).click();

  const victim = members.first();
  await expect(victim).toHaveAttribute('data-state', 'generating');
  await expect(victim.getByTestId('member-answer')).not.toBeEmpty();
  const victimLabel = (await victim.locator('strong').first().textContent())!;
  await victim.getByRole('button', { name: 'Kill worker' }).click();

  await expect(page.getByTestId('consensus')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('consensus-text')).not.toBeEmpty();
  const failures = page.getByTestId('failures');
  await expect(failures).toContainText(`${victimLabel} (generated:wirthforge-tiny) failed`);
  await expect(failures).toContainText('worker was killed');
  await expect(failures).toContainText(`answered in place of ${victimLabel}`);
});

test('a prompt longer than the context: said before asking, refused in words, and no member restarts or leaves', async ({ page }) => {
  const members = await startCouncil(page, 2);
  const restarts = () => page.evaluate(() => (window as any).__wfCouncil.members.map((m: { recoveries: number }) => m.recoveries));
  const before = await restarts();
  // ~4900 tokens on the generated byte-level model; wllama runs it with 2048.
  await page.getByLabel('Prompt', { exact: true }).fill(Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' '));
  const fit = page.getByTestId('prompt-fit');
  await expect(fit).toHaveAttribute('data-kind', 'too-long');
  await expect(fit).toContainText('reads at most 2048 at once (its context window). Shorten it');
  await expect(page.getByTestId('ttft-prediction')).toHaveCount(0); // no first-token time for a prompt that will be refused
  // Asked anyway, three times (three failures in a row had removed a member): refused each time, in llama.cpp's own figures.
  const failed = () => page.evaluate(() => (window as any).__wfCouncil.metrics().failed);
  const alert = page.getByRole('form', { name: 'Ask the council' }).getByRole('alert');
  for (let i = 1; i <= 3; i++) {
    await page.getByRole('button', { name: 'Ask the council' }).click();
    await expect.poll(failed).toBe(i);
    await expect(alert).toContainText('The prompt is too long for');
    await expect(alert).toContainText('and the model reads at most 2048 at once');
    await expect(alert).not.toContainText(/restart/i);
    expect((await alert.textContent())!.match(/too long/g)).toHaveLength(1); // two members, one reason
    await expect(members).toHaveCount(2);
    for (let m = 0; m < 2; m++) await expect(members.nth(m)).toHaveAttribute('data-state', 'idle');
  }
  await expect(page.getByText('Recovered after')).toHaveCount(0);
  expect(await restarts()).toEqual(before);
  // At the edge, the warning counts as llama.cpp does: 1997 bytes + the template's 51 fill the 2048 exactly.
  await page.getByLabel('Prompt', { exact: true }).fill('a'.repeat(1997));
  await expect(fit).toHaveAttribute('data-kind', 'too-long');
  await expect(fit).toHaveAttribute('data-tokens', '2048');
  await page.getByRole('button', { name: 'Ask the council' }).click();
  await expect.poll(failed).toBe(4);
  await expect(alert).toContainText('it needs 2048 tokens, and the model reads at most 2048 at once');
  await expect(alert).toContainText(/Shorten the prompt\.$/); // the engine counted the prompt alone: fewer answer tokens would not help
  await page.getByLabel('Prompt', { exact: true }).fill('a'.repeat(1996));
  await expect(fit).toHaveAttribute('data-kind', 'answer-cut'); // 2047 tokens: room for one
  // A prompt that fits but leaves less room than max tokens asked for: answers will stop early, said so.
  await page.getByLabel('Prompt', { exact: true }).fill(Array.from({ length: 360 }, (_, i) => `w${i}`).join(' '));
  await page.getByLabel('max tokens').fill('600');
  await expect(fit).toHaveAttribute('data-kind', 'answer-cut');
  await expect(fit).toContainText(/Answers stop after ~\d+ tokens/);
  // A short prompt is answered by the same members.
  await page.getByLabel('Prompt', { exact: true }).fill('Name a colour of the sky.');
  await page.getByLabel('max tokens').fill('16');
  await expect(fit).toHaveCount(0);
  await page.getByRole('button', { name: 'Ask the council' }).click();
  await expect(page.getByTestId('consensus')).toBeVisible({ timeout: 60_000 });
  await expect(alert).toHaveCount(0);
  // Refused again: the answer to the short prompt is not left standing under the refusal as if it were this one's.
  await page.getByLabel('Prompt', { exact: true }).fill('a'.repeat(3000));
  await page.getByRole('button', { name: 'Ask the council' }).click();
  await expect(alert).toContainText('The prompt is too long for');
  await expect(page.getByTestId('consensus')).toHaveCount(0);
});
