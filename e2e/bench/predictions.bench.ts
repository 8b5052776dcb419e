import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordMetric, REPS } from './kit';
import { WARM_UP_TOKENS } from '../../src/engines/warm-up';
import { ANSWER_TOKENS } from '../../src/bench/engine-probe';
import type { ProbePhases } from '../../src/capacity/engine-fit';
import { catalogueTwins } from './catalogue-twins';
import { median, medianInterval } from '../../src/regression/stats';

/**
 * Predictions you can trust before the first download (issue 11). A fresh profile presses "Run
 * benchmarks" (micro-benchmarks + engine probe), the plan's cold predictions are read, then each
 * generated model runs as a council of 1, 2 and 3 members, in rounds, and the measured median is set beside
 * the prediction. Also the old bandwidth × efficiency estimate, for comparison, and the first
 * token predicted for the prompt actually sent. Then the benchmarks run again, and the second probe's
 * predictions are set beside the first: how far a probe's figures move on this machine in a few
 * minutes, the floor under any cold prediction here. Writes bench-results/predictions.json.
 */

const MODELS = ['generated:wirthforge-tiny', 'generated:wirthforge-bench'];
const SIZES = [1, 2, 3];
/**
 * Tokens per answer: the council's default answer, what predictions are for, in the short run too.
 * (The bench model's short run decoded 32, ~1 s each, to keep CI short; but a 32-token answer reads
 * 15–25 % faster than a 64-token one, so it measured something else than what was predicted.)
 */
const TOKENS = ANSWER_TOKENS;
/** Warm-up answers before each measurement end once the speed has settled, or after this long. */
const WARM_UP_MAX_MS = 6_000;
const PROMPT = 'Write a short paragraph about the weather.';
/** Long prompts per model, in bytes (one token each, plus the template), up to its context: the first-token prediction's attention term. */
const LONG_PROMPT_BYTES: Record<string, number[]> = { 'generated:wirthforge-tiny': [430, 930, 1880], 'generated:wirthforge-bench': [430, 900] };

test.describe.configure({ mode: 'serial' });

/** The page's warnings and errors (a skipped probe says why in plain words; the raw cause is here, for whoever reads the failure). */
const consoleLines: string[] = [];

/** One step of the benchmarks as their progress named it, and how long it showed (where the probe's time goes). */
interface Step { step: string; ms: number }

async function runBenchmarks(page: Page): Promise<{ suiteMs: number; probeMs: number; phasesMs: ProbePhases; steps: Step[] }> {
  await page.goto('/#/');
  // The progress line, read every 20 ms: each step's time (the probe reports only its three phases).
  await page.evaluate(() => {
    const w = window as any;
    const seen: [number, string][] = (w.__benchSteps = []);
    clearInterval(w.__benchStepsTimer);
    w.__benchStepsTimer = setInterval(() => {
      const step = w.__wfHardware?.progress?.step ?? '';
      if (step && step !== seen.at(-1)?.[1]) seen.push([performance.now(), step]);
    }, 20);
  });
  const t0 = Date.now();
  await page.getByTestId('bench-run').click();
  await expect(page.getByTestId('bench-run')).toBeVisible({ timeout: 120_000 });
  const wall = Date.now() - t0;
  const steps = await page.evaluate(() => {
    const w = window as any;
    clearInterval(w.__benchStepsTimer);
    const seen: [number, string][] = w.__benchSteps;
    const end = performance.now();
    return seen.map(([at, step], i) => ({ step, ms: Math.round((seen[i + 1]?.[0] ?? end) - at) }));
  });
  const probe = await page.evaluate(() => (window as any).__wfHardware.benchmarks?.engineProbe ?? null);
  const skipped = await page.evaluate(() => (window as any).__wfHardware.benchmarks?.engineProbeSkipped ?? null);
  expect(skipped, `the engine probe ran; the page's last warnings and errors:\n${consoleLines.slice(-12).join('\n')}`).toBeNull();
  expect(probe).not.toBeNull();
  return { suiteMs: wall, probeMs: probe.durationMs, phasesMs: probe.phasesMs, steps };
}

/** The plan's probe predictions per model: cold lone speed and cold combined speed per council size. */
async function probePredictions(page: Page, ids: string[]) {
  return page.evaluate((ids) => {
    const h = (window as any).__wfHardware;
    const cpuBw = h.benchmarks.figures.find((f: any) => f.name === 'cpu-memory-bandwidth')?.median ?? null;
    return {
      fit: h.engineProbe.fit,
      probe: h.benchmarks.engineProbe,
      rows: ids.map((id: string) => {
        const m = h.plan.models.find((x: any) => x.model.id === id);
        return {
          id, bytes: m.model.weightBytes, basis: m.basis, cold: m.coldTokensPerSecond, interval: m.intervalRelative,
          // Combined speeds scale the lone prediction (capacity/engine-fit.ts predictCombinedTps), which
          // the feedback loop corrects once a model has run; cold is the probe's own.
          combined: m.combinedTokensPerSecond.map((c: number) => (c * m.coldTokensPerSecond) / m.predictedTokensPerSecond),
          bandwidthEstimate: cpuBw === null ? null : ((cpuBw * 1e9) / m.model.weightBytes) * 0.5,
        };
      }),
    };
  }, ids);
}

/** Each probe model's lone decode speed, by size in bytes: the decode fit's points (the median seconds per token of each size). */
function probeSpeeds(fit: { decode: { points: { bytes: number; secondsPerToken: number }[] } }): Map<number, number> {
  return new Map(fit.decode.points.map((p) => [p.bytes, 1 / p.secondsPerToken]));
}

/** Rounds of a model's cells: N = 1, 2, 3, then again (see the test). */
const ROUNDS = 3;
/**
 * Answer time of one cell's round, at least: a tiny-model answer lasts ~40 ms alone, and a cell of
 * REPS ÷ ROUNDS answers would be measured over a tenth of a second (one scheduling hiccup moves it).
 */
const ROUND_MIN_MS = 1_000;

/** The Council view's first-token prediction: `ms` refined by the session's answers of that model and council size once there are enough, `coldMs` the probe's without them (one member's × N ÷ C(N) for a council of N). */
interface FirstTokenPredicted { ms: number; coldMs: number; refined: boolean; tokens: number }
interface CellRound { combined: number[]; ttft: number[]; ttftPredicted: null | FirstTokenPredicted; warm: number[] }

/** One round of one cell: a fresh council of `n` × `id`, warmed up, then at least `answers` answers and ROUND_MIN_MS of them, each a new prompt. */
async function measureCell(page: Page, cell: { id: string; n: number; round: number; answers: number }): Promise<CellRound> {
  return page.evaluate(
    async ({ id, n, round, answers, minMs, tokens, prompt, warmUpMaxMs, warmUpTokens }) => {
      const c = (window as any).__wfCouncil;
      c.setThreadsPerMember(null);
      // Off so every member decodes the whole answer: N members decoding at once is what is predicted (see the test).
      c.setEarlyConsensus(false);
      await c.setMembers(Array.from({ length: n }, () => id));
      // Each request a new prompt, as a person asks (llama.cpp reuses a cached prefix: the same
      // prompt twice would make the second first token nearly free).
      const promptOf = (i: number) => `Q${round}.${i + 1}. ${prompt}`;
      // For a council of n (its members prefill at once): cold in round 0, refined by the rounds before after it.
      const ttftPredicted = (window as any).__wfPredict.firstToken(id, promptOf(0), n);
      // Steady state, as any benchmark measures it: new workers decode 2–4× slower for their
      // first seconds (V8 compiles the hot wasm code in the background; engines/warm-up.ts), and
      // members re-added with a known solo speed skip their calibration, which would have warmed
      // them. Warm-up answers go on until each member has decoded warmUpTokens and the last two
      // are no faster than the best before (the rules of engines/warm-up.ts), or warmUpMaxMs.
      const warm: number[] = [];
      const warmFrom = performance.now();
      const settled = () => warm.length * tokens >= warmUpTokens && warm.length >= 3 && warm.slice(-2).every((v) => v <= Math.max(...warm.slice(0, -2)) * 1.1);
      while (!settled() && performance.now() - warmFrom < warmUpMaxMs) {
        const a = await c.ask(`Warm-up ${round}.${warm.length}. ${prompt}`, { maxTokens: tokens, ignoreEos: true, seed: 100 + warm.length });
        warm.push(a.answers.reduce((s: number, x: any) => s + x.decodeTokensPerSecond, 0));
      }
      const combined: number[] = [];
      const ttft: number[] = [];
      const from = performance.now();
      for (let i = 0; i < answers || performance.now() - from < minMs; i++) {
        const a = await c.ask(promptOf(i), { maxTokens: tokens, ignoreEos: true, seed: 300 + 100 * round + i });
        if (a.failures.length) throw new Error(a.failures.map((f: any) => f.message).join('; '));
        combined.push(a.answers.reduce((s: number, x: any) => s + x.decodeTokensPerSecond, 0));
        for (const x of a.answers) if (x.ttftMs !== null) ttft.push(x.ttftMs);
      }
      return { combined, ttft, ttftPredicted, warm };
    },
    { ...cell, minMs: ROUND_MIN_MS, tokens: TOKENS, prompt: PROMPT, warmUpMaxMs: WARM_UP_MAX_MS, warmUpTokens: WARM_UP_TOKENS },
  );
}

interface LongPrompt { bytes: number; predicted: null | FirstTokenPredicted; measured: number[] }

/** Long prompts (the attention term) on a council of one: first token predicted against measured, up to the model's context, lengths in turns, each prompt new (llama.cpp would reuse one it holds). */
async function measureLongPrompts(page: Page, id: string): Promise<LongPrompt[]> {
  return page.evaluate(
    async ({ id, lengths, rounds }) => {
      const c = (window as any).__wfCouncil;
      const text = (bytes: number, i: number) => `${String.fromCharCode(65 + (i % 26))}${i}. ${'The sea and the sky are wide and blue while we walk along the shore. '.repeat(Math.ceil(bytes / 40))}`.slice(0, bytes);
      const byLength = lengths.map((bytes: number) => ({ bytes, predicted: null as null | FirstTokenPredicted, measured: [] as number[] }));
      let i = 0;
      for (let r = 0; r < rounds; r++) {
        for (const l of byLength) {
          const prompt = text(l.bytes, i++);
          l.predicted = (window as any).__wfPredict.firstToken(id, prompt);
          const a = await c.ask(prompt, { maxTokens: 2, ignoreEos: true, seed: 500 + i });
          if (a.answers[0]?.ttftMs != null) l.measured.push(a.answers[0].ttftMs);
        }
      }
      return byLength;
    },
    { id, lengths: LONG_PROMPT_BYTES[id] ?? [], rounds: 3 },
  );
}

test('cold predictions vs measured, per generated model and council size 1–3', async ({ page }) => {
  test.setTimeout(900_000);
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  page.on('console', (m) => void (['warning', 'error'].includes(m.type()) && consoleLines.push(`${m.type()}: ${m.text().slice(0, 500)}`)));
  page.on('pageerror', (e) => void consoleLines.push(`pageerror: ${String(e).slice(0, 500)}`));
  const timing = await runBenchmarks(page);
  const plan = await probePredictions(page, MODELS);
  for (const r of plan.rows) expect(r.basis, `${r.id} is predicted from the probe`).toBe('probe');

  // Measure: the app's own council, as a person runs it. Automatic tuning is off so the optimiser
  // does not change the council in the middle of a measurement; early consensus off so every
  // member decodes the full answer (both are what is being predicted: N members decoding at once).
  await page.goto('/#/dashboard');
  const toggle = page.getByTestId('auto-tuning');
  if (await toggle.isChecked()) await toggle.uncheck();
  await page.goto('/#/data');
  const rows: Record<string, unknown>[] = [];
  for (const r of plan.rows) {
    // The cells of one model are measured in rounds (N = 1, 2, 3, then again): the shared machine's
    // speed drifts by 10–30 % within a minute, and one cell measured all at once caught one stretch
    // of it (one run read the tiny model's N = 3 below its N = 2, its warm-up answers 10 % above both).
    let afterFeedback: number | null = null;
    let long: LongPrompt[] = [];
    const cells = new Map(SIZES.map((n) => [n, { combined: [] as number[], roundMedians: [] as number[], ttft: [] as number[], warm: [] as number[], ttftPredicted: null as null | FirstTokenPredicted, ttftLast: null as null | FirstTokenPredicted }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of SIZES) {
        const out = await measureCell(page, { id: r.id, n, round, answers: Math.ceil(REPS / ROUNDS) });
        const cell = cells.get(n)!;
        cell.combined.push(...out.combined);
        cell.roundMedians.push(median(out.combined));
        cell.ttft.push(...out.ttft);
        cell.warm.push(...out.warm);
        cell.ttftPredicted ??= out.ttftPredicted;
        cell.ttftLast = out.ttftPredicted ?? cell.ttftLast; // the last round's: refined by the rounds before
        if (round === 0 && n === 1) {
          // The feedback loop (issue 11's table, "after one measured run"): what the plan predicts
          // now that this cell's first answers are recorded beside their cold predictions.
          afterFeedback = await page.evaluate((id) => (window as any).__wfHardware.plan.models.find((x: any) => x.model.id === id)?.predictedTokensPerSecond ?? null, r.id);
          long = await measureLongPrompts(page, r.id);
        }
      }
    }
    for (const n of SIZES) {
      const out = cells.get(n)!;
      const predicted = r.combined[n - 1];
      const measured = median(out.combined);
      const errors = out.combined.map((m: number) => Math.abs(predicted / m - 1));
      const short = r.id.replace('generated:', '');
      // The gate's figure is issue 11's: the prediction against the measured median. (It was the
      // median of each answer's error, which counts the machine's noise as the prediction's: in
      // one run a prediction 4 % from the median read 21 %.) Each answer's error is kept beside it.
      recordMetric({ name: `prediction |error| ${short} N=${n}`, unit: 'ratio', direction: 'smaller', samples: [Math.abs(predicted / measured - 1)], detail: `cold ${predicted.toFixed(1)} tok/s vs measured combined median ${measured.toFixed(1)} (${out.combined.length} answers)` });
      recordMetric({ name: `prediction |error| per answer ${short} N=${n}`, unit: 'ratio', direction: 'smaller', samples: errors, detail: `cold ${predicted.toFixed(1)} tok/s vs each answer's combined speed: the spread is the machine's` });
      const row: Record<string, unknown> = {
        model: r.id, members: n, predictedCombined: predicted, measuredCombinedMedian: measured, measuredSamples: out.combined, measuredRoundMedians: out.roundMedians, warmUpSamples: out.warm,
        error: predicted / measured - 1, interval: r.interval,
        // How sure the measurement itself is (the shared machine moves a cell by ±10–20 % from run
        // to run): the 95 % interval of the measured median, as errors of the prediction.
        measuredMedianInterval: (({ lo, hi, coverage }) => ({ lo, hi, coverage, errorRange: [predicted / hi - 1, predicted / lo - 1] }))(medianInterval(out.combined)),
        bandwidthEstimate: n === 1 ? r.bandwidthEstimate : null, bandwidthEstimateError: n === 1 && r.bandwidthEstimate ? r.bandwidthEstimate / measured - 1 : null,
      };
      if (n === 1) {
        row.afterFeedback = afterFeedback;
        row.afterFeedbackError = afterFeedback ? afterFeedback / measured - 1 : null;
      }
      if (out.ttftPredicted) {
        // Cold: round 0's (no answer of this model and council size yet). After feedback: the last
        // round's, refined by the rounds before (first-token feedback); both against every round's median.
        const measuredTtft = median(out.ttft);
        row.ttftPredictedMs = out.ttftPredicted.coldMs;
        row.promptTokens = out.ttftPredicted.tokens;
        row.ttftMeasuredMedianMs = measuredTtft;
        row.ttftMeasuredSamples = out.ttft;
        row.ttftError = out.ttftPredicted.coldMs / measuredTtft - 1;
        row.ttftAfterFeedbackMs = out.ttftLast?.refined ? out.ttftLast.ms : null;
        row.ttftAfterFeedbackError = out.ttftLast?.refined ? out.ttftLast.ms / measuredTtft - 1 : null;
        if (n === 1) recordMetric({ name: `prediction |error| first token ${short}`, unit: 'ratio', direction: 'smaller', samples: out.ttft.map((t: number) => Math.abs(out.ttftPredicted!.coldMs / t - 1)), detail: `${out.ttftPredicted.tokens}-token prompt, predicted ${out.ttftPredicted.coldMs.toFixed(0)} ms` });
        if (typeof row.ttftAfterFeedbackError === 'number') recordMetric({ name: `prediction |error| first token after feedback ${short} N=${n}`, unit: 'ratio', direction: 'smaller', samples: [Math.abs(row.ttftAfterFeedbackError)], detail: `${out.ttftPredicted.tokens}-token prompt: cold ${out.ttftPredicted.coldMs.toFixed(0)} ms, after feedback ${(row.ttftAfterFeedbackMs as number).toFixed(0)} ms, measured median ${measuredTtft.toFixed(0)} ms` });
      }
      if (n === 1) {
        // Cold: the probe's alone. After feedback: refined by round 0's answers of ~100-token prompts
        // (a ratio read at one length, tried at others).
        row.longPrompts = long.map((l) => {
          const measuredMedianMs = median(l.measured);
          const error = l.predicted ? l.predicted.coldMs / measuredMedianMs - 1 : null;
          const afterFeedbackError = l.predicted?.refined ? l.predicted.ms / measuredMedianMs - 1 : null;
          return { ...l, measuredMedianMs, error, afterFeedbackError };
        });
        for (const l of row.longPrompts as { predicted: FirstTokenPredicted | null; measuredMedianMs: number; error: number | null; afterFeedbackError: number | null }[]) {
          if (!l.predicted || l.error === null) continue;
          recordMetric({ name: `prediction |error| first token ${short} ${l.predicted.tokens} tokens`, unit: 'ratio', direction: 'smaller', samples: [Math.abs(l.error)], detail: `predicted ${l.predicted.coldMs.toFixed(0)} ms, measured median ${l.measuredMedianMs.toFixed(0)} ms` });
          const refined = l.afterFeedbackError === null ? '' : `; after feedback ${l.predicted.ms.toFixed(0)} ms (${(l.afterFeedbackError * 100).toFixed(1)} %)`;
          console.log(`predictions: ${short} first token, ${l.predicted.tokens}-token prompt: predicted ${l.predicted.coldMs.toFixed(0)} ms, measured ${l.measuredMedianMs.toFixed(0)} ms (${(l.error * 100).toFixed(1)} %)${refined}`);
        }
      }
      rows.push(row);
      console.log(`predictions: ${short} N=${n}: predicted ${predicted.toFixed(1)} tok/s, measured ${measured.toFixed(1)} (rounds ${out.roundMedians.map((v) => v.toFixed(0)).join(' / ')}; ${((predicted / measured - 1) * 100).toFixed(1)} %; ${(row.measuredMedianInterval as { errorRange: number[] }).errorRange.map((e) => (e * 100).toFixed(0)).join('…')} % over the measured median's 95 % interval)${typeof row.afterFeedback === 'number' ? `, after feedback ${row.afterFeedback.toFixed(1)}` : ''}${row.ttftError !== undefined ? `; first token predicted ${(row.ttftPredictedMs as number).toFixed(0)} ms${typeof row.ttftAfterFeedbackMs === 'number' ? ` (after feedback ${row.ttftAfterFeedbackMs.toFixed(0)})` : ''}, measured ${(row.ttftMeasuredMedianMs as number).toFixed(0)} ms` : ''}`);
    }
  }
  await page.evaluate(() => (window as any).__wfCouncil.setMembers([]));

  // How far the probe's own figures move on this machine in a few minutes: the benchmarks run again
  // after the cells (same page, no council loaded, as the first time), and their predictions are set
  // beside the first ones and the same measurements. The gate stays on the first, cold prediction;
  // this is the floor any cold prediction here stands on (the shared machine's speed drifts).
  const again = await runBenchmarks(page);
  const replan = await probePredictions(page, MODELS);
  const first = probeSpeeds(plan.fit);
  const second = probeSpeeds(replan.fit);
  const shapes = [...first].map(([bytes, v]) => ({ bytes, first: v, second: second.get(bytes) ?? null, change: second.has(bytes) ? second.get(bytes)! / v - 1 : null }));
  recordMetric({ name: 'engine probe repeatability', unit: 'ratio', direction: 'smaller', samples: shapes.flatMap((x) => (x.change === null ? [] : [Math.abs(x.change)])), detail: `each probe model's lone speed, second probe (after the cells) against the first: ${shapes.map((x) => `${(x.bytes / 1e6).toFixed(0)} MB ${x.change === null ? '—' : `${(x.change * 100).toFixed(0)} %`}`).join(', ')}` });
  for (const row of rows) {
    const later = replan.rows.find((x: { id: string }) => x.id === row.model)!;
    const n = row.members as number;
    const reprobed = later.combined[n - 1];
    row.reprobedPredictedCombined = reprobed;
    row.reprobedError = reprobed / (row.measuredCombinedMedian as number) - 1;
    row.predictionChange = reprobed / (row.predictedCombined as number) - 1;
  }
  recordMetric({ name: 'prediction change between two probes', unit: 'ratio', direction: 'smaller', samples: rows.map((x) => Math.abs(x.predictionChange as number)), detail: 'each cell\'s cold prediction from the second probe against the first (same machine, a few minutes apart)' });
  console.log(`predictions: second probe (after the cells): lone speeds ${shapes.map((x) => `${(x.bytes / 1e6).toFixed(0)} MB ${x.first.toFixed(0)} → ${x.second?.toFixed(0) ?? '—'} tok/s`).join(', ')}; cells' predictions moved ${rows.map((x) => `${((x.predictionChange as number) * 100).toFixed(0)} %`).join(' / ')}; against the measured medians they read ${rows.map((x) => `${((x.reprobedError as number) * 100).toFixed(0)} %`).join(' / ')}`);
  const twins = await catalogueTwins(page, replan.fit, plan.fit, process.env.BENCH_OUT ?? 'dist-bench');

  console.log(`predictions: the first benchmarks' steps: ${timing.steps.map((x) => `${x.step.replace('Engine probe: ', '')} ${(x.ms / 1000).toFixed(1)} s`).join('; ')}`);
  recordMetric({ name: 'engine probe duration', unit: 'ms', direction: 'smaller', samples: [timing.probeMs], detail: `building and loading twelve workers ${(timing.phasesMs.loading / 1000).toFixed(1)} s (the small model warming up meanwhile), each model alone ${(timing.phasesMs.alone / 1000).toFixed(1)} s, councils of 2 and 3 ${(timing.phasesMs.together / 1000).toFixed(1)} s` });
  recordMetric({ name: 'benchmarks + engine probe wall time', unit: 'ms', direction: 'smaller', samples: [timing.suiteMs], detail: 'from "Run benchmarks" to the button coming back' });
  const dir = process.env.BENCH_RESULTS_DIR ?? 'bench-results';
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'predictions.json'), JSON.stringify({ at: new Date().toISOString(), tokensPerAnswer: TOKENS, reps: REPS, rounds: ROUNDS, roundMinMs: ROUND_MIN_MS, timing, fit: plan.fit, probe: plan.probe, rows, secondProbe: { timing: again, fit: replan.fit, probe: replan.probe, shapes }, catalogueTwins: twins }, null, 2) + '\n');
});
