import { expect, test } from '@playwright/test';

// Issue 11: predictions before anything is downloaded, from the engine probe the benchmarks run,
// then predicted against measured once the council has answered.

test.beforeEach(async ({ page }) => {
  await page.context().route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
});

test('the benchmarks probe the engine; the council view predicts the first token for the prompt typed; an answer lands on the calibration plot', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.getByTestId('probe-none')).toBeVisible();
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-progress')).toBeVisible();
  // A fault as well: one of the probe's council-member workers crashes (an uncaught error, as an
  // engine's abort throws) once the wide model's first worker is loading; the probe replaces it with
  // a fresh worker of the same model and goes on (bench/probe-restarts.ts), and says so.
  const memberWorkers = () => page.workers().filter((w) => /council-member\.worker/.test(w.url()));
  await expect.poll(() => memberWorkers().length, { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
  await memberWorkers()[1].evaluate(() => void setTimeout(() => { throw new Error('injected crash'); }));
  await expect(page.getByTestId('bench-run')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('probe-restarts')).toHaveText(/^One engine worker stopped during the probe and was replaced by a fresh one with the same model; the probe went on\./);
  await expect(page.getByTestId('probe-fit')).toContainText('R²');
  // The probe's three shapes separate a transformer block's cost from a byte's (capacity/fit-probe.ts).
  await expect(page.getByTestId('probe-per-layer')).toHaveText(/^[\d.]+ ms per transformer block$/);
  await expect(page.getByTestId('probe-fit')).toContainText(/Decode: [\d.]+ ms per token \+ [\d.]+ ms per transformer block \+ weights at [\d.]+ GB\/s/);
  await expect(page.getByTestId('probe-fit')).toContainText(/[\d.]+ MB in 16 blocks: [\d.]+ tok\/s/);
  // Each quantised format the probe measures, with its line: Q4_K_M at two sizes, Q8_0 and Q4_0 at
  // one with its fixed cost (fit-probe.ts quantisedCosts).
  const measured = (n: number) => Array.from({ length: n }, () => '[\\d.]+ MB [\\d.,]+ tok/s').join(', ');
  const format = (label: string, sizes: number, shared = false) => `${label} [\\d.,]+ ms${shared ? ' \\(as Q4_K_M\\)' : ''} \\+ [\\d.,]+ ms per billion parameters \\(measured: ${measured(sizes)}\\)`;
  await expect(page.getByTestId('probe-quantised')).toHaveText(new RegExp(`^Quantised weights, per token: ${[format('Q4_K_M \\(K-quants\\)', 2), format('Q8_0', 1, true), format('Q4_0 \\(Q4_0–Q5_1\\)', 1, true)].join('; ')}$`));
  // Each format's prompt cost on its own model, scaled to larger ones along Q4_K_M's two sizes (fit-probe.ts prefillSizeLine).
  const promptCost = (label: string) => `${label} [\\d.,]+ ms at [\\d.,]+ M parameters`;
  const sizeLine = "along Q4_K_M's two sizes \\([\\d.,]+ ms at [\\d.,]+ M, [\\d.,]+ ms at [\\d.,]+ M\\)";
  await expect(page.getByTestId('probe-quantised-prefill')).toHaveText(new RegExp(`^Quantised prompts, per prompt token: ${[promptCost('Q4_K_M \\(K-quants\\)'), promptCost('Q8_0'), promptCost('Q4_0 \\(Q4_0–Q5_1\\)')].join('; ')}; larger models ${sizeLine}$`));
  // First token: the first prompt token's pass over the weights, then each further one (capacity/fit-probe.ts fitPrefill).
  await expect(page.getByTestId('probe-prefill')).toHaveText(/^First token: [\d.,]+ ms \+ [\d.,]+ ms per billion parameters, and for each further prompt token [\d.,]+ ms \+ [\d.,]+ ms per billion parameters \(R² [\d.-]+\)$/);
  // Where the probe's time went, in words (issue 11 asks ≤ 10 s; a person sees what it took and why).
  await expect(page.getByTestId('probe-duration')).toContainText(/^It took [\d.]+ s: [\d.]+ s building and loading .* [\d.]+ s of each model alone, [\d.]+ s of members at once\.$/);

  // A council of the generated tiny model (the plan now proposes a real model, which would download);
  // the first token is predicted for what is in the prompt box, a longer prompt takes longer.
  await page.goto('/#/council');
  // The view first proposes the plan's council (a real model now); choose once it has.
  const proposed = await (
    await page.waitForFunction(() => (window as unknown as { __wfHardware?: { plan: { recommendedCouncil: { memberModelIds: string[] } } | null } }).__wfHardware?.plan?.recommendedCouncil.memberModelIds[0])
  ).jsonValue() as string;
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(proposed);
  await page.getByLabel('Model', { exact: true }).selectOption('generated:wirthforge-tiny');
  await page.getByLabel('Size', { exact: true }).fill('2');
  await page.getByRole('button', { name: /Start council|Replace council/ }).click();
  const members = page.locator('article.member:not([data-state="removed"])');
  await expect(members).toHaveCount(2);
  for (let i = 0; i < 2; i++) await expect(members.nth(i)).toHaveAttribute('data-state', 'idle', { timeout: 60_000 });
  const prompt = page.getByLabel('Prompt', { exact: true });
  const prediction = page.getByTestId('ttft-prediction');
  await prompt.fill('Hi');
  await expect(prediction).toContainText('first token in');
  await expect(prediction).toHaveAttribute('data-beyond', 'false'); // as short as the probe's own prompts
  const short = { tokens: Number(await prediction.getAttribute('data-tokens')), ms: Number(await prediction.getAttribute('data-ms')) };
  expect(short.tokens).toBe(2 + 51); // the prompt's whole count, its chat template included, as the context warning counts it
  await prompt.fill('Hi '.repeat(60));
  await expect.poll(async () => Number(await prediction.getAttribute('data-tokens'))).toBe(short.tokens + 'Hi '.repeat(60).trim().length - 2);
  expect(Number(await prediction.getAttribute('data-ms'))).toBeGreaterThan(short.ms);
  // Within the long prompts the probe timed (~920 tokens, for the attention term): no caveat.
  await expect(prediction).toHaveAttribute('data-beyond', 'false');
  const mid = Number(await prediction.getAttribute('data-ms'));
  // Past them (the tiny model reads 2048): carried on, with its growth (no "or more": the attention term is in it).
  await prompt.fill('Hi '.repeat(400));
  await expect(prediction).toHaveAttribute('data-beyond', 'true');
  await expect(prediction).toHaveAttribute('data-lower-bound', 'false');
  await expect(prediction).toContainText(/\(\d+ prompt tokens: longer than any prompt the engine probe timed, its growth carried on/);
  await expect(prediction).not.toContainText('or more');
  // Longer still takes longer (how much more is the probe's measurement: the unit tests check the term's form).
  expect(Number(await prediction.getAttribute('data-ms'))).toBeGreaterThan(mid);
  await prompt.fill('');
  await expect(prediction).toHaveCount(0);

  // One answer: its measured speed is stored beside the cold prediction and plotted.
  await prompt.fill('Name a colour of the sky.');
  await page.getByRole('button', { name: 'Ask the council' }).click();
  await expect(page.getByTestId('consensus')).toBeVisible({ timeout: 60_000 });
  // Two answers so far (one per member), first tokens of the council of 2: not enough to refine on.
  await prompt.fill('Why is the sea blue?');
  await expect(prediction).toHaveAttribute('data-refined', 'false');
  const cold = Number(await prediction.getAttribute('data-ms'));
  expect(Number(await prediction.getAttribute('data-cold-ms'))).toBe(cold);
  // A second question (its first letter new, so llama.cpp processes the whole of it): four answers,
  // and the prediction is refined by them, the probe's own still said beside it.
  await page.getByRole('button', { name: 'Ask the council' }).click();
  await expect(prediction).toHaveAttribute('data-refined', 'true', { timeout: 60_000 });
  await expect(prediction).toContainText(`refined by this council's answers, the probe alone said ~${cold} ms`);
  expect(Number(await prediction.getAttribute('data-cold-ms'))).toBe(cold);
  await page.goto('/');
  // A new page reads the stored probe: its fit (code the first load leaves out) is shown again.
  await expect(page.getByTestId('probe-fit')).toContainText('R²');
  await expect(page.getByTestId('calibration-summary')).toContainText(/within ±15 %/);
  await expect(page.getByTestId('calibration-plot').locator('canvas')).toHaveCount(1);
});
