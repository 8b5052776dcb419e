import { test } from '@playwright/test';
for (const [model, lens] of [['generated:wirthforge-tiny', [60, 200, 400, 600, 900, 1300, 1900]], ['generated:wirthforge-bench', [60, 200, 400, 600, 900]]] as const)
test(`ttft vs length ${model}`, async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/#/data');
  const out = await page.evaluate(async ({ model, lens }) => {
    const { WorkerEngine, resolveModel } = (window as any).__wfBare;
    const { descriptor, config } = await resolveModel(model);
    const e = new WorkerEngine('wllama');
    await e.load(descriptor, { config: { ...config, threads: 1 } });
    const words = 'the sea and the sky are wide and blue while we walk along ';
    const text = (n: number, i: number) => (`${String.fromCharCode(65 + (i % 26))}${i} ` + words.repeat(60)).slice(0, n);
    for (let i = 0; i < 8; i++) await e.chat({ messages: [{ role: 'user', content: text(60, 900 + i) }], max_tokens: 32, seed: 1 });
    const res: Record<number, number[]> = {};
    const ptok: Record<number, number> = {};
    let q = 0;
    const rounds = model.includes('tiny') ? 5 : 3;
    for (let r = 0; r < rounds; r++) for (const n of lens) {
      const a = await e.chat({ messages: [{ role: 'user', content: text(n, q++) }], max_tokens: 2, ignore_eos: true, seed: 1 });
      (res[n] ??= []).push(Math.round(a.ttftMs)); ptok[n] = a.promptTokens;
    }
    return { res, ptok };
  }, { model, lens: [...lens] });
  console.log('RESULT', model, JSON.stringify(out));
});
