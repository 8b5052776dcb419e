import { describe, expect, it } from 'vitest';
import { bench, machine } from '../hardware/test-profiles';
import type { ModelDescriptor } from '../models/model';
import type { EngineFit } from './engine-fit';
import { buildPlan } from './planner';
import { FEEDBACK_WINDOW } from './feedback';
import { correctionFor, firstTokenReach, MIN_INTERVAL, probeCorrection, probeCorrections, predictionInterval, quantFormatOfFileType, quantisedWeightsOf, type CorrectionRun } from './probe-predictions';
import { byteLevelTemplateTokens, estimatePromptTokens, longestTimedPrompt } from './prompt-tokens';
import { contentionShare } from '../council/capacity-feedback';
import { exampleFit, exampleLone } from './engine-fit.test-util';

const MB = 1e6;
// a = 2 ms per token, 5 GB/s; prefill 10 ms + 0.01 ms per token per million params; C(2) = 1.6, C(3) ≈ 1.8.
const fit: EngineFit = exampleFit;
const lone = exampleLone;

function model(id: string, o: Partial<ModelDescriptor> = {}): ModelDescriptor {
  return { id, engine: 'wllama', label: id, paramsBillions: 0.025, bitsPerWeight: 32, weightBytes: 100 * MB, vramRequiredMB: null, contextLength: 1024, requiredFeatures: [], url: null, source: 'generated', ...o };
}

describe('plan from the engine probe', () => {
  const input = { tier: 'mid' as const, profile: machine({ cores: 8, memGB: 16, gpu: null }), bench: bench({ cpuGBps: 20, cpuGflops: 10 }) };

  it('predicts decode speed, first token, interval and combined speed from the fit, not from bandwidth', () => {
    const plan = buildPlan({ ...input, models: [model('m')], probe: { fit, decode: [{ bytes: 100 * MB, decodeTokensPerSecond: lone(100 * MB) }] } });
    const m = plan.models[0];
    expect(m.basis).toBe('probe');
    expect(m.coldTokensPerSecond).toBeCloseTo(lone(100 * MB), 9); // 1 / (2 ms + 20 ms) ≈ 45.5
    expect(m.predictedTokensPerSecond).toBeCloseTo(lone(100 * MB), 9);
    expect(m.predictedTtftMs).toBeCloseTo(10 + 127 * 1e-8 * 25e6, 9);
    expect(m.intervalRelative).toBe(MIN_INTERVAL);
    expect(m.combinedTokensPerSecond![1]).toBeCloseTo(lone(100 * MB) * 1.6, 9);
    expect(plan.engineFit).toBe(fit);
    expect(plan.councilForecast!.map((f) => f.members)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("with a format's line, a quantised model takes F + m × params on the whole model, its bytes and blocks aside", () => {
    const line = (fixedSeconds: number, secondsPerParam: number) => ({ fixedSeconds, fixedFrom: 'measured' as const, secondsPerParam, points: [{ bytes: 8 * MB, params: 12e6, secondsPerToken: 0.01 }] });
    const q = { ...fit, decode: { ...fit.decode, quantised: { q4_k_m: line(0.004, 0.2e-9), q8_0: line(0.003, 0.5e-9) } } };
    const models = [model('k', { bitsPerWeight: 5, fileType: 'Q4_K_M' }), model('q8', { bitsPerWeight: 8.5, fileType: 'Q8_0' }), model('q4', { bitsPerWeight: 4.5, fileType: 'Q4_0' })];
    const cold = Object.fromEntries(buildPlan({ ...input, models, probe: { fit: q, decode: [] } }).models.map((m) => [m.model.id, m.coldTokensPerSecond]));
    expect(cold.k).toBeCloseTo(1 / (0.004 + 0.005), 9); // 25 M parameters
    expect(cold.q8).toBeCloseTo(1 / (0.003 + 0.0125), 9);
    expect(cold.q4).toBeCloseTo(1 / (0.004 + 0.005), 9); // q4_0 not measured: the first measured format stands in
  });

  it("with a probe stored before (no line), a quantised model pays its format's cost per parameter on top of its bytes; an f32 one, or one of unknown bits, does not", () => {
    const cost = (secondsPerParam: number) => ({ secondsPerParam, points: [{ bytes: 8 * MB, params: 12e6, secondsPerToken: 0.01 }] });
    const q = { ...fit, decode: { ...fit.decode, quantised: { q4_0: cost(1e-9), q8_0: cost(0.5e-9), q4_k_m: cost(0.2e-9) } } };
    const models = [
      model('f32'), model('q4', { bitsPerWeight: 4.5, fileType: 'Q4_0' }), model('q5', { bitsPerWeight: 5.5, fileType: 'Q5_1' }), model('k', { bitsPerWeight: 5, fileType: 'Q4_K_M' }),
      model('q8', { bitsPerWeight: 8.5, fileType: 'Q8_0' }), model('untold', { bitsPerWeight: 5 }), model('unknown', { bitsPerWeight: null }), model('no-params', { bitsPerWeight: 8.5, paramsBillions: null }),
    ];
    const plan = buildPlan({ ...input, models, probe: { fit: q, decode: [] } });
    const cold = Object.fromEntries(plan.models.map((m) => [m.model.id, m.coldTokensPerSecond]));
    const plus = (ms: number) => 1 / (1 / lone(100 * MB) + ms / 1000);
    expect(cold.f32).toBeCloseTo(lone(100 * MB), 9);
    expect(cold.q4).toBeCloseTo(plus(25), 9); // + 25 ms for 25 M parameters
    expect(cold.q5).toBeCloseTo(plus(25), 9); // the legacy 4- and 5-bit blocks read as q4_0
    expect(cold.q8).toBeCloseTo(plus(12.5), 9);
    expect(cold.k).toBeCloseTo(plus(5), 9);
    expect(cold.untold).toBeCloseTo(plus(5), 9); // most GGUF files are K-quants: assumed, and said so
    const as = Object.fromEntries(plan.models.map((m) => [m.model.id, m.quantisedAs]));
    expect(as).toMatchObject({ f32: null, q4: { format: 'q4_0', assumed: false }, k: { format: 'q4_k_m', assumed: false }, untold: { format: 'q4_k_m', assumed: true }, unknown: null });
    expect(quantisedWeightsOf(models[5])).toEqual({ params: 25e6, format: 'q4_k_m', assumed: true });
    expect(cold.unknown).toBeCloseTo(lone(100 * MB), 9);
    expect(cold['no-params']).toBeCloseTo(lone(100 * MB), 9); // no parameter count: nothing to scale
    expect(quantisedWeightsOf({ bitsPerWeight: 16, paramsBillions: 1, fileType: 'Q4_K_M' })).toBeNull();
    expect(quantisedWeightsOf({ bitsPerWeight: 15.9, paramsBillions: 1, fileType: 'Q8_0' })).toEqual({ params: 1e9, format: 'q8_0', assumed: false });
  });

  it('file types: K- and i-quants as Q4_K_M, Q8_0 as itself, Q4_0–Q5_1 as Q4_0, floats and unknown names as none', () => {
    for (const t of ['Q4_K_M', 'Q4_K_S', 'Q5_K_M', 'Q6_K', 'Q2_K', 'Q3_K_L', 'IQ4_XS', 'IQ2_M', 'q4_k_m']) expect(quantFormatOfFileType(t)).toBe('q4_k_m');
    expect(quantFormatOfFileType('Q8_0')).toBe('q8_0');
    for (const t of ['Q4_0', 'Q4_1', 'Q5_0', 'Q5_1']) expect(quantFormatOfFileType(t)).toBe('q4_0');
    for (const t of ['F32', 'F16', 'BF16', 'Q8_1', 'Q6', 'K', '']) expect(quantFormatOfFileType(t)).toBeNull();
  });

  it('the feedback correction scales the prediction, the cold one stays', () => {
    const plan = buildPlan({ ...input, models: [model('m')], probe: { fit, decode: [] }, probeCorrection: { byDevice: { 'wllama/cpu': 0.9 }, byModel: {} } });
    expect(plan.models[0].predictedTokensPerSecond).toBeCloseTo(lone(100 * MB) * 0.9, 9);
    expect(plan.models[0].coldTokensPerSecond).toBeCloseTo(lone(100 * MB), 9);
  });

  it("a model's own correction wins over its engine/device's; a model not yet run takes the pooled one", () => {
    const probeCorrection = { byDevice: { 'wllama/cpu': 0.9 }, byModel: { 'wllama/cpu': { m: 1.2 } } };
    const plan = buildPlan({ ...input, models: [model('m'), model('n')], probe: { fit, decode: [] }, probeCorrection });
    expect(plan.models[0].predictedTokensPerSecond).toBeCloseTo(lone(100 * MB) * 1.2, 9);
    expect(plan.models[1].predictedTokensPerSecond).toBeCloseTo(lone(100 * MB) * 0.9, 9);
  });

  it('without a probe (or for another engine) the bandwidth estimate stands and says so', () => {
    const plan = buildPlan({ ...input, models: [model('m'), model('r', { engine: 'web-llm', vramRequiredMB: 100 })] });
    expect(plan.models[0].basis).toBe('bandwidth');
    expect(plan.models[0].coldTokensPerSecond).toBeNull();
    expect(plan.councilForecast).toEqual([]);
  });

  it("the council check uses the probe's contention: members that would fall below 0.7 × target shrink the council", () => {
    // Mid: 2–3 members, target 80 tok/s, floor 56. Lone 200 tok/s (1.8 MB); at 3: 200 × 1.8 / 3 = 120 each; passes.
    const small = buildPlan({ ...input, models: [model('s', { weightBytes: 1.8 * MB })], probe: { fit, decode: [] } });
    expect(small.recommendedCouncil.size).toBe(3);
    // Lone 100 tok/s: at 3 → 60 (passes), with stronger contention (σ = 1) → 100/3 ≈ 33 < 56: shrinks.
    const tight = buildPlan({ ...input, models: [model('t', { weightBytes: 30 * MB })], probe: { fit: { ...fit, council: { sigma: 1, kappa: 0, r2: 1, measuredUpTo: 3 } }, decode: [] } });
    expect(tight.recommendedCouncil.size).toBeLessThan(3);
  });
});

describe('interval and correction', () => {
  it('interval: twice the spread (σ from the median absolute relative miss) on the probe runs, at least 5 %', () => {
    const exact = [{ bytes: MB, decodeTokensPerSecond: lone(MB) }];
    expect(predictionInterval(fit, exact)).toBe(MIN_INTERVAL);
    const off = [{ bytes: MB, decodeTokensPerSecond: lone(MB) / 1.1 }, { bytes: 2 * MB, decodeTokensPerSecond: lone(2 * MB) / 0.9 }];
    expect(predictionInterval(fit, off)).toBeCloseTo(2 * 1.4826 * 0.1, 9);
    // One run that stalled (a 160th of the speed) does not make every model's interval ±thousands of %.
    const stalled = [...off, { bytes: MB, decodeTokensPerSecond: lone(MB) / 1.1 }, { bytes: MB, decodeTokensPerSecond: lone(MB) / 160 }];
    expect(predictionInterval(fit, stalled)).toBeCloseTo(2 * 1.4826 * 0.1, 9);
    // Half the misses at 0.1, half at 0.3: the median of |miss| lies between them.
    const wide = [...off, { bytes: MB, decodeTokensPerSecond: lone(MB) / 1.3 }, { bytes: 2 * MB, decodeTokensPerSecond: lone(2 * MB) / 0.7 }];
    expect(predictionInterval(fit, wide)).toBeCloseTo(2 * 1.4826 * 0.2, 9);
  });
  it("interval: each run is set against its own kind's prediction, its blocks' cost and a quantised model's line included", () => {
    // a + blocks × l + bytes × b for f32 runs; F + m × params for a quantised one.
    const layered: typeof fit = { ...fit, decode: { ...fit.decode, secondsPerLayer: 0.001, quantised: { q8_0: { secondsPerParam: 1e-10, fixedSeconds: 0.004, fixedFrom: 'measured', points: [] } } } };
    const f32 = (bytes: number, layers: number) => ({ bytes, layers, decodeTokensPerSecond: 1 / (0.002 + layers * 0.001 + bytes / 5e9) });
    const q8 = { bytes: 20 * MB, layers: 2, weightType: 'q8_0' as const, params: 19e6, decodeTokensPerSecond: 1 / (0.004 + 19e6 * 1e-10) };
    // Every run on its own line: the minimum. Read without their blocks (most runs f32 here), or as f32 (most runs quantised here), most would miss.
    expect(predictionInterval(layered, [f32(MB, 2), f32(14 * MB, 16), f32(55 * MB, 4), q8])).toBe(MIN_INTERVAL);
    expect(predictionInterval(layered, [f32(MB, 2), q8, q8, q8])).toBe(MIN_INTERVAL);
    expect(predictionInterval(layered, [f32(MB, 2), f32(14 * MB, 16), { ...q8, params: undefined }, { ...q8, weightType: 'f32' as const }])).toBeGreaterThan(MIN_INTERVAL);
  });
  it('correction: median of measured ÷ cold, bounded, null without usable runs', () => {
    expect(probeCorrection([{ measured: 90, cold: 100 }, { measured: 80, cold: 100 }, { measured: 110, cold: 100 }])).toBeCloseTo(0.9, 9);
    expect(probeCorrection([{ measured: 1, cold: 100 }])).toBe(0.25);
    expect(probeCorrection([{ measured: 10, cold: null }, { measured: 0, cold: 5 }])).toBeNull();
  });
  it('corrections: per model and pooled per engine/device, each over its own recent window', () => {
    const run = (modelId: string, measured: number, key = 'wllama/cpu'): CorrectionRun => ({ key, modelId, measured, cold: 100 });
    // Newest first: the tiny model read 30 % fast, the bench model 5 % slow (the bench's mix in CI 3).
    const runs = [run('tiny', 130), run('tiny', 131), run('bench', 95), run('tiny', 129), run('gpu-model', 50, 'wllama/gpu')];
    const c = probeCorrections(runs);
    expect(c.byModel['wllama/cpu']).toEqual({ tiny: 1.3, bench: 0.95 });
    expect(c.byDevice['wllama/cpu']).toBeCloseTo(1.295, 9); // the pooled median, tiny-heavy
    expect(correctionFor(c, 'wllama/cpu', 'bench')).toBe(0.95);
    expect(correctionFor(c, 'wllama/cpu', 'never-run')).toBeCloseTo(1.295, 9);
    expect(correctionFor(c, 'wllama/gpu', 'gpu-model')).toBe(0.5);
    expect(correctionFor(c, 'web-llm/gpu', 'bench')).toBe(1);
    expect(correctionFor(undefined, 'wllama/cpu', 'bench')).toBe(1);
    // Each window keeps the newest FEEDBACK_WINDOW runs: older ones describe an older browser.
    const old = [...Array.from({ length: FEEDBACK_WINDOW }, () => run('bench', 80)), run('bench', 200), run('bench', 200)];
    expect(probeCorrections(old).byModel['wllama/cpu'].bench).toBe(0.8);
    // A model's window is its own: runs of others do not push its old runs out.
    const mixed = [...Array.from({ length: FEEDBACK_WINDOW }, () => run('tiny', 130)), run('bench', 90)];
    expect(probeCorrections(mixed).byModel['wllama/cpu'].bench).toBe(0.9);
    expect(probeCorrections(mixed).byDevice['wllama/cpu']).toBe(1.3);
    // Exactly FEEDBACK_WINDOW: 10 newest at 0.8, 10 at 2.0 → 1.4; one run more (or less) would move the median.
    const exact = [...Array.from({ length: 10 }, () => run('bench', 80)), ...Array.from({ length: 15 }, () => run('bench', 200))];
    expect(FEEDBACK_WINDOW).toBe(20);
    expect(probeCorrections(exact).byModel['wllama/cpu'].bench).toBeCloseTo(1.4, 12);
    expect(probeCorrections(exact).byDevice['wllama/cpu']).toBeCloseTo(1.4, 12);
    // Runs with no cold prediction (a model the probe cannot size) give no correction, not a null one.
    const unsized = probeCorrections([run('bench', 90), { key: 'wllama/cpu', modelId: 'unknown', measured: 50, cold: null }, { key: 'wllama/gpu', modelId: 'g', measured: 50, cold: null }]);
    expect(unsized.byModel['wllama/cpu']).toEqual({ bench: 0.9 });
    expect(unsized.byDevice).toEqual({ 'wllama/cpu': 0.9 });
    expect(unsized.byModel).not.toHaveProperty('wllama/gpu');
  });
  it('a member among N is compared with its share of the lone prediction, C(N) ÷ N', () => {
    expect(contentionShare([100, 160, 180], 100, 1)).toBe(1);
    expect(contentionShare([100, 160, 180], 100, 2)).toBeCloseTo(0.8, 9);
    expect(contentionShare([100, 160, 180], 100, 4)).toBeNull();
    expect(contentionShare(null, 100, 2)).toBeNull();
  });
});

describe('prompt tokens', () => {
  it('byte-level models: the prompt bytes plus the template cost the probe measured', () => {
    // The probe's longest prompt: 70 bytes became 102 tokens → the template costs 32.
    expect(byteLevelTemplateTokens([{ promptTokens: 1 }, { promptTokens: 102 }], 70)).toBe(32);
    expect(estimatePromptTokens('héllo', true, 32)).toEqual({ tokens: 6 + 32, basis: 'measured' });
    expect(byteLevelTemplateTokens([], 70)).toBeNull();
  });
  it('the longest prompt the probe timed bounds where a first-token prediction rests on data', () => {
    expect(longestTimedPrompt([{ promptTokens: 95 }, { promptTokens: 120 }, { promptTokens: 3 }])).toBe(120);
    expect(longestTimedPrompt([])).toBeNull();
  });
  it('other models (or no probe): ~4 bytes a token plus a typical template, said to be an estimate', () => {
    expect(estimatePromptTokens('a'.repeat(40), false, 32)).toEqual({ tokens: 10 + 12, basis: 'estimated' });
    expect(estimatePromptTokens('abc', true, null).basis).toBe('estimated');
  });
});

describe('first token: inside the prompts the probe timed, beyond them, or only a lower bound', () => {
  // The line's prompts reach 90 tokens, the attention term's 920.
  it('with the attention term, its long prompts extend the range; past them the term carries the growth on (no "or more")', () => {
    expect(firstTokenReach(90, 90, 920, true)).toEqual({ beyondProbe: false, lowerBound: false });
    expect(firstTokenReach(920, 90, 920, true)).toEqual({ beyondProbe: false, lowerBound: false });
    expect(firstTokenReach(921, 90, 920, true)).toEqual({ beyondProbe: true, lowerBound: false });
  });
  it('without it (a model of unknown blocks, a probe stored before it) the line alone reaches its own prompts, and past them is a lower bound', () => {
    // A model of unknown blocks under a probe that has the term: its prediction has no term, so 300 tokens is past what it knows.
    expect(firstTokenReach(90, 90, 920, false)).toEqual({ beyondProbe: false, lowerBound: false });
    expect(firstTokenReach(91, 90, 920, false)).toEqual({ beyondProbe: true, lowerBound: true });
    expect(firstTokenReach(300, 90, null, false)).toEqual({ beyondProbe: true, lowerBound: true });
    expect(firstTokenReach(300, 90, null, true)).toEqual({ beyondProbe: true, lowerBound: false });
  });
  it('a probe without any timed prompt says nothing of range', () => {
    expect(firstTokenReach(5000, null, null, false)).toEqual({ beyondProbe: false, lowerBound: false });
    expect(firstTokenReach(5000, null, 920, true)).toEqual({ beyondProbe: true, lowerBound: false });
    expect(firstTokenReach(900, null, 920, true)).toEqual({ beyondProbe: false, lowerBound: false });
    expect(firstTokenReach(5000, null, null, true)).toEqual({ beyondProbe: false, lowerBound: false });
  });
  it('the longer of the two ranges counts: short prompts timed past the term\'s own', () => {
    expect(firstTokenReach(1500, 2000, 920, true)).toEqual({ beyondProbe: false, lowerBound: false });
    expect(firstTokenReach(2001, 2000, 920, true)).toEqual({ beyondProbe: true, lowerBound: false });
  });
});
