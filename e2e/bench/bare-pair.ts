import type { Page } from '@playwright/test';

/**
 * The machine's ceiling at N = 2 (issue 12): two BARE engine workers — the council-member worker
 * and engine (`__wfBare`, the same path as the overhead bench), no council, no per-token
 * messages — loaded with the same model and thread count as the council's members. What two of
 * them decode side by side ÷ what each decodes alone is the most any council of two can reach
 * here; the council's efficiency is judged against it.
 */

/**
 * Loads one bare engine per entry of `threads` (a member's thread count), warms each up and
 * measures it once right away, exactly as a council member's calibration does after its load
 * (8-token warm-up, then 32 tokens of the calibration prompt). Returns those just-loaded speeds, to
 * set beside the same engines' solo speeds later in the run: does a fresh load read low?
 */
export async function loadBarePair(page: Page, model: string, threads: number[]): Promise<number[]> {
  return page.evaluate(
    async ({ model, threads }) => {
      const { WorkerEngine, resolveModel } = (window as any).__wfBare;
      const { descriptor, config } = await resolveModel(model);
      const engines = [];
      const justLoaded: number[] = [];
      const messages = [{ role: 'user', content: 'Count from one to twenty.' }];
      for (const t of threads) {
        const e = new WorkerEngine('wllama');
        await e.load(descriptor, { config: { ...config, threads: t } });
        await e.chat({ messages, max_tokens: 8, seed: 1 });
        justLoaded.push((await e.chat({ messages, max_tokens: 32, ignore_eos: true, seed: 1 })).decodeTokensPerSecond as number);
        engines.push(e);
      }
      (window as any).__barePair = engines;
      return justLoaded;
    },
    { model, threads },
  );
}

export interface BareRun {
  /** Decode tok/s of each engine that ran (one entry for a solo run, two for the pair). */
  perEngine: number[];
}

/**
 * One generation on the given bare engines at once (solo: one index; side by side: both).
 * `perTokenMessages` adds a no-op per-token callback, so each token crosses to the main thread as
 * in the council: the difference is the cost of per-token messages alone.
 */
export async function runBare(page: Page, o: { which: number[]; prompt: string; tokens: number; seed: number; perTokenMessages?: boolean }): Promise<BareRun> {
  return page.evaluate(async ({ which, prompt, tokens, seed, perTokenMessages }) => {
    const engines = (window as any).__barePair as any[];
    const results = await Promise.all(
      which.map((i) =>
        engines[i].chat(
          { messages: [{ role: 'user', content: prompt }], max_tokens: tokens, ignore_eos: true, seed: seed + i },
          perTokenMessages ? { onChunk: () => {} } : {},
        ),
      ),
    );
    return { perEngine: results.map((r: any) => r.decodeTokensPerSecond as number) };
  }, { ...o, perTokenMessages: o.perTokenMessages ?? false });
}

export async function killBarePair(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const e of ((window as any).__barePair ?? []) as any[]) e.kill('benchmark done');
    (window as any).__barePair = [];
  });
}
