import { describe, expect, it } from 'vitest';
import { attentionMs, attentionShape, capacityAt, predictCombinedTps, predictDecodeTps, predictTtftMs, type EngineProbeResult, type PrefillFit } from './engine-fit';
import { uslCapacity } from '../scalability/usl';
import { fitAttention, fitCouncil, fitDecode, fitEngine, fitPrefill } from './fit-probe';
import { leastSquares, solveLinear } from './least-squares';

const MB = 1e6;

describe('least squares', () => {
  it('solves a small system and refuses a singular one', () => {
    expect(solveLinear([[2, 1], [1, 3]], [3, 5])!.map((v) => +v.toFixed(9))).toEqual([0.8, 1.4]);
    expect(solveLinear([[1, 2], [2, 4]], [1, 2])).toBeNull();
  });
  it('recovers a line exactly (R² = 1) and needs as many rows as unknowns', () => {
    const fit = leastSquares([[1, 0], [1, 1], [1, 2]], [1, 3, 5])!;
    expect(fit.coefficients.map((v) => +v.toFixed(9))).toEqual([1, 2]);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(leastSquares([[1, 0]], [1])).toBeNull();
  });
});

describe('decode fit: seconds per token = a + bytes × b', () => {
  // a = 2 ms per token, 1 GB/s effective → b = 1e-9 s per byte.
  const truth = (bytes: number) => 1 / (0.002 + bytes * 1e-9);
  const samples = [2 * MB, 31 * MB, 139 * MB].map((bytes) => ({ bytes, decodeTokensPerSecond: truth(bytes) }));

  it('recovers a and the effective bandwidth, and predicts a size between the probes', () => {
    const fit = fitDecode(samples)!;
    expect(fit.secondsPerToken).toBeCloseTo(0.002, 9);
    expect(fit.effectiveBandwidthGBps).toBeCloseTo(1, 6);
    expect(fit.r2).toBeCloseTo(1, 9);
    expect(predictDecodeTps(fit, 109 * MB)).toBeCloseTo(truth(109 * MB), 6);
    expect(predictDecodeTps(fit, 0.4 * MB)).toBeCloseTo(truth(0.4 * MB), 6);
  });

  it('needs two different sizes; ignores zero, negative and non-finite speeds', () => {
    expect(fitDecode([{ bytes: MB, decodeTokensPerSecond: 100 }, { bytes: MB, decodeTokensPerSecond: 110 }])).toBeNull();
    expect(fitDecode([...samples.slice(0, 1), { bytes: 5 * MB, decodeTokensPerSecond: 0 }, { bytes: 6 * MB, decodeTokensPerSecond: NaN }])).toBeNull();
    expect(fitDecode([...samples, { bytes: 5 * MB, decodeTokensPerSecond: -3 }])!.secondsPerToken).toBeCloseTo(0.002, 9);
  });

  it('predicts between probe sizes by interpolation, beyond them along the nearest segment, never below half the fastest time', () => {
    // Measured: 1 MB at 2 ms, 31 MB at 8 ms, 139 MB at 28 ms per token (not one straight line).
    const bent = fitDecode([
      { bytes: MB, decodeTokensPerSecond: 500 }, { bytes: 31 * MB, decodeTokensPerSecond: 125 }, { bytes: 139 * MB, decodeTokensPerSecond: 1 / 0.028 },
    ])!;
    expect(bent.points.map((p) => p.bytes)).toEqual([MB, 31 * MB, 139 * MB]);
    expect(1 / predictDecodeTps(bent, 16 * MB)).toBeCloseTo(0.005, 9); // halfway along 1 → 31 MB
    expect(1 / predictDecodeTps(bent, 85 * MB)).toBeCloseTo(0.018, 9); // halfway along 31 → 139 MB
    expect(1 / predictDecodeTps(bent, 247 * MB)).toBeCloseTo(0.048, 9); // beyond: the big models' slope
    expect(1 / predictDecodeTps(bent, 0.5 * MB)).toBeCloseTo(0.0019, 9); // below: the small models' slope
    const steep = fitDecode([{ bytes: MB, decodeTokensPerSecond: 500 }, { bytes: 2 * MB, decodeTokensPerSecond: 100 }])!;
    expect(1 / predictDecodeTps(steep, 0.1 * MB)).toBeCloseTo(0.001, 9); // floor: half of the fastest 2 ms
    // The reported line still summarises all runs, with its R² below 1 for a bent curve.
    expect(bent.r2).toBeLessThan(1);
  });

  it('never returns a negative cost: a larger model measured faster gives a constant, a negative intercept goes through the origin', () => {
    const flat = fitDecode([{ bytes: MB, decodeTokensPerSecond: 100 }, { bytes: 10 * MB, decodeTokensPerSecond: 110 }])!;
    expect(flat.secondsPerByte).toBe(0);
    expect(flat.secondsPerToken).toBeGreaterThan(0);
    const origin = fitDecode([{ bytes: MB, decodeTokensPerSecond: 1200 }, { bytes: 10 * MB, decodeTokensPerSecond: 100 }])!;
    expect(origin.secondsPerToken).toBe(0);
    expect(origin.secondsPerByte).toBeGreaterThan(0);
  });
});

describe('decode fit with depth: seconds per token = a + layers × l + bytes × b', () => {
  // a = 0.8 ms, l = 0.25 ms per block, 5 GB/s → b = 2e-10 s per byte (the magnitudes measured here).
  const t = (layers: number, bytes: number) => 0.0008 + layers * 0.00025 + bytes * 2e-10;
  const shapes = [[2, 1 * MB], [16, 13.8 * MB], [4, 55 * MB]] as const; // the probe's small, deep, wide
  const samples = shapes.map(([layers, bytes]) => ({ bytes, layers, decodeTokensPerSecond: 1 / t(layers, bytes) }));
  /** The probe's three shapes measured at `ms` per token each (small, deep, wide). */
  const timed = (ms: number[]) => samples.map((x, i) => ({ ...x, decodeTokensPerSecond: 1000 / ms[i] }));

  it('separates the cost per block from the cost per byte, and predicts shapes the probe never ran', () => {
    const fit = fitDecode(samples)!;
    expect(fit.secondsPerToken).toBeCloseTo(0.0008, 9);
    expect(fit.secondsPerLayer!).toBeCloseTo(0.00025, 9);
    expect(fit.effectiveBandwidthGBps).toBeCloseTo(5, 6);
    expect(fit.r2).toBeCloseTo(1, 9);
    expect(fit.points.map((p) => p.layers)).toEqual([2, 16, 4]);
    // The 8-block 109 MB bench model and a 32-block 386 MB one: beyond every probe size.
    expect(predictDecodeTps(fit, 109 * MB, 8)).toBeCloseTo(1 / t(8, 109 * MB), 6);
    expect(predictDecodeTps(fit, 386 * MB, 32)).toBeCloseTo(1 / t(32, 386 * MB), 6);
    // Unknown depth: a + bytes × b, the blocks' cost left out (reading the deep → wide segment by
    // bytes would be far faster: the deep model is slower than the wide one per byte).
    expect(1 / predictDecodeTps(fit, 386 * MB)).toBeCloseTo(0.0008 + 386 * MB * 2e-10, 9);
    expect(1 / predictDecodeTps(fit, 386 * MB, 0)).toBeCloseTo(0.0008 + 386 * MB * 2e-10, 9);
  });

  it('the same bytes in more blocks predict slower, by l per block', () => {
    const fit = fitDecode(samples)!;
    expect(1 / predictDecodeTps(fit, 27 * MB, 32) - 1 / predictDecodeTps(fit, 27 * MB, 8)).toBeCloseTo(24 * 0.00025, 9);
  });

  it('falls back to bytes alone: a sample without its depth, depth that follows size, fewer than three shapes, no cost per byte', () => {
    const bytesOnly = (xs: { bytes: number; layers?: number; decodeTokensPerSecond: number }[]) => fitDecode(xs)!.secondsPerLayer;
    expect(bytesOnly([...samples.slice(0, 2), { ...samples[2], layers: undefined }])).toBeUndefined();
    expect(bytesOnly(samples.slice(0, 2))).toBeUndefined();
    // Depth proportional to size (the former probe models' design): no unique solution, so no cost
    // is put on blocks (a line in bytes, with l = 0 or without l).
    expect(bytesOnly([[2, 10 * MB], [4, 20 * MB], [8, 40 * MB]].map(([layers, bytes]) => ({ bytes, layers, decodeTokensPerSecond: 1 / t(layers, bytes) }))) ?? 0).toBe(0);
    // The wide model nearly as fast as the small one: no cost per byte is left, so no bandwidth either.
    expect(bytesOnly(timed([1, 5, 1.5]))).toBeUndefined();
    expect(bytesOnly(timed([1, 5, 12]))).toBeGreaterThan(0); // (and a plausible machine is fitted with l)
    // Repeated runs of two shapes are not three shapes (three runs each, 1 % apart: rounding hides the
    // singular system from the solver, which returns all-positive nonsense).
    const twice = [[2, 0.966 * MB], [16, 13.76 * MB]].flatMap(([layers, bytes]) => [0, 1, 2].map((i) => ({ bytes, layers, decodeTokensPerSecond: 1 / t(layers, bytes) / (1 + 0.01 * i) })));
    expect(bytesOnly(twice)).toBeUndefined();
  });

  it('noise that pushes one cost below 0 refits without it (non-negative least squares), keeping the others', () => {
    // ms per token for the small, deep and wide shape. The small model faster than any fixed cost: a < 0 unconstrained.
    const noFixed = fitDecode(timed([0.3, 5, 12]))!;
    expect(noFixed.secondsPerToken).toBe(0);
    expect(noFixed.secondsPerLayer!).toBeGreaterThan(0);
    expect(noFixed.secondsPerByte).toBeGreaterThan(0);
    // …and of the fits with a = 0, it is the best one: nudging l or b only adds error.
    const sse = (a: number, l: number, b: number) => [[2, 1], [16, 13.8], [4, 55]].reduce((s, [L, mb], i) => s + ([0.3, 5, 12][i] / 1000 - (a + L * l + mb * MB * b)) ** 2, 0);
    const at = sse(0, noFixed.secondsPerLayer!, noFixed.secondsPerByte);
    for (const [dl, db] of [[1e-6, 0], [-1e-6, 0], [0, 1e-12], [0, -1e-12]]) expect(sse(0, noFixed.secondsPerLayer! + dl, noFixed.secondsPerByte + db)).toBeGreaterThan(at);
    // The deep model as fast as its bytes allow: l < 0 unconstrained → l = 0, a line in bytes.
    const noBlocks = fitDecode(timed([1, 3, 12]))!;
    expect(noBlocks.secondsPerLayer).toBe(0);
    expect(noBlocks.secondsPerToken).toBeGreaterThan(0);
    expect(noBlocks.secondsPerByte).toBeGreaterThan(0);
  });

  it('a fit without l (a probe stored before depth was kept) predicts from the sizes, whatever the depth', () => {
    const bytesOnly = fitDecode(samples.map(({ layers: _, ...x }) => x))!;
    expect(bytesOnly.secondsPerLayer).toBeUndefined();
    expect(predictDecodeTps(bytesOnly, 20 * MB, 8)).toBe(predictDecodeTps(bytesOnly, 20 * MB, null));
    expect(Number.isFinite(predictDecodeTps(bytesOnly, 20 * MB, 8))).toBe(true);
  });
});

describe('decode fit, quantised weights, a probe stored before (one size per format): f32 terms for bytes and blocks + k(format) × parameters', () => {
  // a = 0.6 ms, l = 0.2 ms per block, 6.25 GB/s (b = 0.16 ns per byte); per parameter more: q4_0
  // 0.75 ns, q8_0 0.4 ns, Q4_K_M 0.2 ns (about what this machine measured).
  const k = { q4_0: 0.75e-9, q8_0: 0.4e-9, q4_k_m: 0.2e-9 } as const;
  const t = (layers: number, bytes: number, quantisedParams = 0, format: keyof typeof k = 'q4_0') => 0.0006 + layers * 0.0002 + bytes * 0.16e-9 + quantisedParams * k[format];
  const f32 = ([[2, 1 * MB], [16, 14 * MB], [4, 55 * MB]] as const).map(([layers, bytes]) => ({ bytes, layers, decodeTokensPerSecond: 1 / t(layers, bytes) }));
  const mini = (weightType: keyof typeof k, bytes: number) => ({ bytes, layers: 2, params: 12.6e6, weightType });
  const runs = (m: ReturnType<typeof mini>) => [0.95, 1, 1.2].map((x) => ({ ...m, decodeTokensPerSecond: x / t(2, m.bytes, m.params, m.weightType) }));
  const q4 = mini('q4_0', 7.3 * MB);
  const all = [...f32, ...runs(q4), ...runs(mini('q8_0', 13.6 * MB)), ...runs(mini('q4_k_m', 8.6 * MB))];

  it("measures each format's cost per parameter from its own model (the median), and leaves the f32 terms to the f32 models", () => {
    const fit = fitDecode(all)!;
    expect(fit.secondsPerToken).toBeCloseTo(0.0006, 9);
    expect(fit.secondsPerLayer!).toBeCloseTo(0.0002, 9);
    for (const f of ['q4_0', 'q8_0', 'q4_k_m'] as const) expect(fit.quantised![f]!.secondsPerParam).toBeCloseTo(k[f], 14);
    expect(fit.points.map((p) => p.bytes)).toEqual([1 * MB, 14 * MB, 55 * MB]);
    // A 1.24 B-parameter model of 808 MB in 16 blocks: f32 terms for its bytes alone would say 7.5 tok/s.
    const bytes = 808 * MB;
    expect(predictDecodeTps(fit, bytes, 16)).toBeCloseTo(1 / t(16, bytes), 6);
    for (const f of ['q4_0', 'q8_0', 'q4_k_m'] as const) expect(predictDecodeTps(fit, bytes, 16, { params: 1.24e9, format: f })).toBeCloseTo(1 / t(16, bytes, 1.24e9, f), 6);
    expect(predictDecodeTps(fit, bytes, 16, { params: 1.24e9, format: 'q4_k_m' }) / predictDecodeTps(fit, bytes, 16, { params: 1.24e9, format: 'q4_0' })).toBeGreaterThan(2);
  });

  it('a format the probe did not measure takes one it did (a probe stored before measured q4_0 alone); without any, no extra cost', () => {
    const onlyQ4 = fitDecode([...f32, ...runs(q4)])!;
    expect(Object.keys(onlyQ4.quantised!)).toEqual(['q4_0']);
    expect(predictDecodeTps(onlyQ4, 808 * MB, 16, { params: 1.24e9, format: 'q4_k_m' })).toBe(predictDecodeTps(onlyQ4, 808 * MB, 16, { params: 1.24e9, format: 'q4_0' }));
    expect(fitDecode(f32)!.quantised).toBeUndefined();
    expect(predictDecodeTps(fitDecode(f32)!, 808 * MB, 16, { params: 1.24e9, format: 'q8_0' })).toBe(predictDecodeTps(fitDecode(f32)!, 808 * MB, 16));
  });

  it('one faster than its f32 terms costs nothing more; its samples never move the f32 fit, and one without its parameters is left out', () => {
    const fast = fitDecode([...f32, { ...q4, decodeTokensPerSecond: 2 / t(2, q4.bytes) }])!;
    expect(fast.quantised!.q4_0!.secondsPerParam).toBe(0);
    expect(fast.secondsPerByte).toBe(fitDecode(f32)!.secondsPerByte);
    expect(fitDecode([...f32, { ...q4, params: undefined, decodeTokensPerSecond: 1 / t(2, q4.bytes, q4.params) }])!.quantised).toBeUndefined();
  });
});

describe('decode fit, quantised weights measured at two sizes: F + m(format) × parameters on the whole model', () => {
  // The probe's f32 models as above; quantised models cost F = 4 ms + m × params (m: Q4_K_M 0.25 ns,
  // q8_0 0.7 ns, q4_0 1 ns; about what this machine measured, ten shapes side by side).
  const f32 = ([[2, 1 * MB], [16, 14 * MB], [4, 55 * MB]] as const).map(([layers, bytes]) => ({ bytes, layers, decodeTokensPerSecond: 1 / (0.0006 + layers * 0.0002 + bytes * 0.16e-9) }));
  const m = { q4_0: 1e-9, q8_0: 0.7e-9, q4_k_m: 0.25e-9 } as const;
  const F = 0.004;
  const model = (weightType: keyof typeof m, params: number, fixed = F) =>
    [0.95, 1, 1.2].map((x) => ({ bytes: params * 0.6, layers: 2, params, weightType, decodeTokensPerSecond: x / (fixed + params * m[weightType]) }));
  const llama = { params: 1.236e9, format: 'q4_k_m' as const };

  it('a format at two sizes: its line through their medians; a 1.24 B model predicted on it, its bytes and blocks aside', () => {
    const fit = fitDecode([...f32, ...model('q4_k_m', 18.9e6), ...model('q4_k_m', 38.8e6)])!;
    const k = fit.quantised!.q4_k_m!;
    expect(k.fixedSeconds).toBeCloseTo(F, 9);
    expect(k.secondsPerParam).toBeCloseTo(m.q4_k_m, 15);
    expect(k.fixedFrom).toBe('measured');
    expect(k.points.map((p) => p.params)).toEqual([18.9e6, 38.8e6]);
    expect(predictDecodeTps(fit, 803 * MB, 16, llama)).toBeCloseTo(1 / (F + 1.236e9 * m.q4_k_m), 6);
    expect(predictDecodeTps(fit, 1 * MB, 99, llama)).toBe(predictDecodeTps(fit, 803 * MB, 16, llama));
  });

  it("a format at one size takes the median fixed cost of the formats at two, and its cost per parameter from its model", () => {
    const fit = fitDecode([...f32, ...model('q4_k_m', 18.9e6, 0.003), ...model('q4_k_m', 38.8e6, 0.003), ...model('q8_0', 18.9e6, 0.005), ...model('q8_0', 38.8e6, 0.005), ...model('q4_0', 18.9e6)])!;
    const q4 = fit.quantised!.q4_0!;
    expect(q4.fixedFrom).toBe('shared');
    expect(q4.fixedSeconds).toBeCloseTo(0.004, 9);
    expect(q4.secondsPerParam).toBeCloseTo(m.q4_0, 15);
    expect(fit.quantised!.q8_0!.fixedSeconds).toBeCloseTo(0.005, 9);
  });

  it('larger not slower (noise) gives no line: the format is read as at one size; a line below the origin goes through it', () => {
    const flat = [...model('q8_0', 18.9e6), ...model('q8_0', 38.8e6).map((s) => ({ ...s, decodeTokensPerSecond: 1 / (F + 18.9e6 * m.q8_0) }))];
    const noLine = fitDecode([...f32, ...model('q4_k_m', 18.9e6), ...model('q4_k_m', 38.8e6), ...flat])!.quantised!.q8_0!;
    expect(noLine.fixedFrom).toBe('shared');
    expect(noLine.points.length).toBe(2);
    expect(noLine.secondsPerParam).toBeCloseTo(m.q8_0 * (18.9 / 38.8), 15); // the largest model's time less the shared F
    const steep = [...model('q4_k_m', 18.9e6, 0.001), ...model('q4_k_m', 38.8e6, 0.001).map((s) => ({ ...s, decodeTokensPerSecond: s.decodeTokensPerSecond / 3 }))];
    const origin = fitDecode([...f32, ...steep])!.quantised!.q4_k_m!;
    expect(origin.fixedSeconds).toBe(0);
    expect(origin.secondsPerParam).toBeCloseTo((3 * (0.001 + 38.8e6 * m.q4_k_m)) / 38.8e6, 15);
    // A shared F at or above a format's own time: through the origin, never a free parameter.
    const slowK = [...model('q4_k_m', 18.9e6, 0.03), ...model('q4_k_m', 38.8e6, 0.03)];
    const q8 = fitDecode([...f32, ...slowK, ...model('q8_0', 18.9e6)])!.quantised!.q8_0!;
    expect(q8.fixedSeconds).toBe(0);
    expect(q8.secondsPerParam).toBeCloseTo((F + 18.9e6 * m.q8_0) / 18.9e6, 15);
    // Nothing to stand on for a format alone with no line anywhere and no depth: left out.
    expect(fitDecode([...f32, ...model('q4_0', 18.9e6).map((s) => ({ ...s, layers: undefined }))])!.quantised).toBeUndefined();
  });
});

describe('prefill fit: first token = c + f × params + (prompt tokens − 1) × (d + e × params)', () => {
  // The probe's shapes: a one-token prompt (llama.cpp reused the rest) and 101 tokens, on three models.
  const ttft = (p: number, params: number) => 7 + params * 2e-6 + (p - 1) * (0.1 + params * 1.5e-7);
  const sizes = [0.24e6, 3.4e6, 13.7e6];
  const samples = sizes.flatMap((params) => [1, 101].map((promptTokens) => ({ params, promptTokens, ttftMs: ttft(promptTokens, params) })));

  it('recovers the four coefficients and predicts an unseen prompt length and size', () => {
    const fit = fitPrefill(samples)!;
    expect(fit.fixedMs).toBeCloseTo(7, 6);
    expect(fit.firstTokenMsPerParam).toBeCloseTo(2e-6, 12);
    expect(fit.msPerToken).toBeCloseTo(0.1, 6);
    expect(fit.msPerTokenPerParam).toBeCloseTo(1.5e-7, 12);
    expect(fit.r2).toBeCloseTo(1, 9);
    expect(predictTtftMs(fit, 78, 27e6)).toBeCloseTo(ttft(78, 27e6), 6);
  });

  it('fits the median of each (model, prompt): many one-token runs and one slow outlier do not pull it', () => {
    const repeated = sizes.flatMap((params) => [
      ...Array.from({ length: 15 }, (_, i) => ({ params, promptTokens: 1, ttftMs: ttft(1, params) * (1 + ((i % 3) - 1) * 0.05) })),
      ...[1, 1.6, 1].map((k) => ({ params, promptTokens: 101, ttftMs: ttft(101, params) * k })),
    ]);
    const fit = fitPrefill(repeated)!;
    expect(predictTtftMs(fit, 78, 27e6) / ttft(78, 27e6)).toBeCloseTo(1, 6);
  });

  it('a cost that noise pushes below 0 is refitted without it, not clamped after the fit', () => {
    // No per-token cost apart from the model's (d = 0); the small model's long prompt reads fast.
    const exact = (p: number, params: number) => 7 + params * 2e-6 + (p - 1) * params * 1.5e-7;
    const noisy = sizes.flatMap((params) => [1, 101].map((promptTokens) => ({ params, promptTokens, ttftMs: exact(promptTokens, params) * (params === sizes[0] && promptTokens === 101 ? 0.7 : 1) })));
    const fit = fitPrefill(noisy)!;
    for (const v of [fit.fixedMs, fit.firstTokenMsPerParam, fit.msPerToken, fit.msPerTokenPerParam]) expect(v).toBeGreaterThanOrEqual(0);
    expect(fit.msPerToken).toBe(0);
    // The best non-negative fit on relative error: no nudge of a coefficient (staying ≥ 0) fits
    // better. (Clamping d to 0 after an unconstrained fit would leave the others where d < 0 put them.)
    const coef = [fit.fixedMs, fit.firstTokenMsPerParam, fit.msPerToken, fit.msPerTokenPerParam];
    const sse = (c: number[]) => noisy.reduce((sum, s) => sum + (predictTtftMs({ fixedMs: c[0], firstTokenMsPerParam: c[1], msPerToken: c[2], msPerTokenPerParam: c[3], r2: 1 }, s.promptTokens, s.params) / s.ttftMs - 1) ** 2, 0);
    const at = sse(coef);
    coef.forEach((v, k) => {
      for (const step of [1e-3, -1e-3]) {
        const nudged = coef.map((x, j) => (j === k ? x + step * (Math.abs(x) || [1, 1e-7, 1e-2, 1e-9][k]) : x));
        if (nudged[k] >= 0) expect(sse(nudged)).toBeGreaterThan(at);
      }
    });
  });

  describe('quantised prompts: each format\'s own cost per token, scaled along Q4_K_M\'s two sizes', () => {
    // Per prompt token, ms: Q4_K_M −3 + 3e-7 × params (a line through its two sizes, below 0 at the
    // origin: dearer per parameter beyond the cache); q4_0 three times Q4_K_M's at every size.
    const kPerToken = (params: number) => -3 + 3e-7 * params;
    const perToken = { q4_k_m: kPerToken, q4_0: (params: number) => 3 * kPerToken(params) };
    const FIXED = 25;
    const prompts = (format: 'q4_k_m' | 'q4_0', params: number, noisy = false) =>
      [1, 1, 1, 65].map((promptTokens, i) => ({ params, promptTokens, weightType: format, ttftMs: (FIXED + promptTokens * perToken[format](params)) * (noisy && i === 1 ? 1.4 : 1) }));
    const small = 18.9e6;
    const large = 69.2e6;
    const all = [...samples, ...prompts('q4_0', small, true), ...prompts('q4_k_m', small), ...prompts('q4_k_m', large)];

    it('reads each format\'s cost on its own model, and the line from the two sizes', () => {
      const fit = fitPrefill(all)!;
      expect(fit.fixedMs).toBeCloseTo(7, 6); // the f32 fit is the f32 runs'
      expect(fit.quantised!.q4_0!.msPerToken).toBeCloseTo(perToken.q4_0(small), 9); // the median, past the noisy one-token run
      expect(fit.quantised!.q4_0!.fixedMs).toBeCloseTo(FIXED, 9);
      expect(fit.quantised!.q4_0!.params).toBe(small);
      expect(fit.quantised!.q4_k_m!.msPerToken).toBeCloseTo(kPerToken(small), 9); // its smaller size's
      expect(fit.quantised!.q8_0).toBeUndefined();
      expect(fit.quantisedSizeLine!.msPerParam).toBeCloseTo(3e-7, 15);
      expect(fit.quantisedSizeLine!.fixedMs).toBeCloseTo(-3, 9);
      // Llama-3.2-1B's size and a 39-token prompt: each format along the line.
      expect(predictTtftMs(fit, 39, 1.24e9, 'q4_k_m')).toBeCloseTo(FIXED + 39 * kPerToken(1.24e9), 6);
      expect(predictTtftMs(fit, 39, 1.24e9, 'q4_0')).toBeCloseTo(FIXED + 39 * 3 * kPerToken(1.24e9), 6);
      // A format not measured takes a measured one's; f32 keeps its terms.
      expect(predictTtftMs(fit, 39, 1.24e9, 'q8_0')).toBeCloseTo(predictTtftMs(fit, 39, 1.24e9, 'q4_k_m'), 6);
      expect(predictTtftMs(fit, 39, 1.24e9)).toBeCloseTo(ttft(39, 1.24e9), 3);
      // Below the probe's size: in proportion to parameters (the line is not known there).
      expect(predictTtftMs(fit, 39, small / 2, 'q4_0')).toBeCloseTo(FIXED + (39 * perToken.q4_0(small)) / 2, 6);
    });

    it('scales in proportion to parameters without the second size, or when it is not dearer per token', () => {
      const proportional = (fit: ReturnType<typeof fitPrefill>) => expect(predictTtftMs(fit!, 39, 1.24e9, 'q4_0')).toBeCloseTo(FIXED + (39 * perToken.q4_0(small) * 1.24e9) / small, 6);
      const alone = fitPrefill([...samples, ...prompts('q4_0', small), ...prompts('q4_k_m', small)])!;
      expect(alone.quantisedSizeLine).toBeUndefined();
      proportional(alone);
      const cheaper = [...prompts('q4_k_m', large)].map((x) => ({ ...x, ttftMs: FIXED + x.promptTokens * kPerToken(small) * 0.9 }));
      const flat = fitPrefill([...samples, ...prompts('q4_0', small), ...prompts('q4_k_m', small), ...cheaper])!;
      expect(flat.quantisedSizeLine).toBeUndefined();
      proportional(flat);
    });

    it('claims no cost from one prompt length, nor a cost below zero', () => {
      expect(fitPrefill([...samples, ...prompts('q4_0', small).filter((x) => x.promptTokens === 65)])!.quantised).toBeUndefined();
      expect(fitPrefill(samples)!.quantised).toBeUndefined();
      const inverted = prompts('q4_0', small).map((x) => ({ ...x, ttftMs: x.promptTokens === 1 ? 500 : 100 }));
      expect(fitPrefill([...samples, ...inverted])!.quantised).toBeUndefined();
    });
  });

  it('needs two models and two prompt lengths, four (model, prompt) pairs in all', () => {
    expect(fitPrefill(samples.slice(0, 3))).toBeNull();
    expect(fitPrefill([...samples.slice(0, 3), samples[0], samples[1]])).toBeNull(); // repeats are not new pairs
    expect(fitPrefill(samples.filter((s) => s.promptTokens === 101))).toBeNull(); // one length
    expect(fitPrefill(sizes.flatMap((params) => [1, 50, 101].map((promptTokens) => ({ params, promptTokens, ttftMs: ttft(promptTokens, params) }))).filter((s) => s.params === sizes[0]))).toBeNull(); // one model
    expect(fitPrefill(samples.slice(0, 4))).not.toBeNull();
  });
});

describe('attention term: a long prompt costs β (n − 1) + α × blocks × width × n² beyond the line', () => {
  const line: PrefillFit = { fixedMs: 5, firstTokenMsPerParam: 0, msPerToken: 0.02, msPerTokenPerParam: 0, r2: 1 };
  const small = { params: 500_000, layers: 2, width: 96 };
  /** A machine whose first token is the line plus β (n − 1) + α·2·96·n², each length asked `times` times (noise on all but the median). */
  const asked = (alpha: number, beta: number, lengths: number[], times = 3) =>
    lengths.flatMap((n) => Array.from({ length: times }, (_, i) => ({ ...small, promptTokens: n, ttftMs: predictTtftMs(line, n, small.params) + beta * (n - 1) + alpha * 2 * 96 * n ** 2 + (i === 0 ? 0 : i === 1 ? 5 : -5) })));

  it('two lengths give α and β that reproduce them, β of either sign (it corrects the line\'s slope)', () => {
    for (const beta of [0.03, -0.005]) {
      const fit = fitAttention(asked(3e-7, beta, [450, 920]), line)!;
      expect(fit.msPerWidthToken2).toBeCloseTo(3e-7, 12);
      expect(fit.msPerToken).toBeCloseTo(beta, 9);
      expect(fit.longestTokens).toBe(920);
    }
  });

  it('one length gives α alone; a quadratic that reads below 0 leaves β alone; nothing left over is no term', () => {
    const one = fitAttention(asked(3e-7, 0, [920]), line)!;
    expect(one).toEqual({ msPerToken: 0, msPerWidthToken2: expect.closeTo(3e-7, 12), longestTokens: 920 });
    // Extra time that grows slower than the line: 10 ms at 450, 12 at 920 is α < 0 by least squares.
    const flat = fitAttention([{ ...small, promptTokens: 450, ttftMs: predictTtftMs(line, 450, small.params) + 10 }, { ...small, promptTokens: 920, ttftMs: predictTtftMs(line, 920, small.params) + 12 }], line)!;
    expect(flat.msPerWidthToken2).toBe(0);
    expect(flat.msPerToken).toBeGreaterThan(0);
    // Nothing left over (the line reads long prompts right, or high): a term of 0 up to the longest
    // prompt timed, so those prompts count as timed (the Council view says no 'or more' within them).
    const none = { msPerToken: 0, msPerWidthToken2: 0, longestTokens: 920 };
    expect(fitAttention(asked(0, 0, [450, 920], 1), line)).toEqual(none);
    expect(fitAttention(asked(0, -0.01, [450, 920], 1), line)).toEqual(none);
    expect(fitAttention([], line)).toBeNull();
    // A crafted width (the schema wants a whole number; an older copy need not) gives no term rather than Infinity.
    expect(fitAttention([{ ...small, width: 5e-324, promptTokens: 2, ttftMs: 1000 }], line)).toBeNull();
    // Samples that lie are left out: a width far from what the parameters and blocks say (500 k
    // parameters in 2 blocks are ~144 wide: width 1 read a day-long first token for Llama-3.2-1B),
    // and a prompt too short to tell attention from the line (63 tokens; 64 is the first counted).
    const extra = (n: number) => predictTtftMs(line, n, small.params) + 3e-7 * 2 * 96 * n * n;
    expect(fitAttention([{ ...small, width: 1, promptTokens: 920, ttftMs: 86_400_000 }], line)).toBeNull();
    for (const width of [72, 289]) expect(fitAttention([{ ...small, width, promptTokens: 920, ttftMs: extra(920) }], line), `width ${width}`).toBeNull();
    for (const width of [73, 288]) expect(fitAttention([{ ...small, width, promptTokens: 920, ttftMs: extra(920) }], line), `width ${width}`).not.toBeNull();
    expect(fitAttention([{ ...small, promptTokens: 63, ttftMs: extra(63) }], line)).toBeNull();
    expect(fitAttention([{ ...small, promptTokens: 64, ttftMs: extra(64) }], line)!.longestTokens).toBeCloseTo(64, 9);
    // At the edges of agreement (the width its parameters and blocks give is exactly 2× and ½× the stored one) a sample counts.
    for (const params of [884_736, 55_296]) expect(fitAttention([{ ...small, params, promptTokens: 920, ttftMs: predictTtftMs(line, 920, params) + 50 }], line), `${params}`).not.toBeNull();
    // A damaged sample among good ones changes nothing: negative counts (which agree in ratio), a negative or endless time.
    const good = asked(3e-7, 0, [920]);
    const at450 = { ...good[0], promptTokens: 450, ttftMs: good[0].ttftMs / 2 };
    expect(fitAttention([...good, at450], line)).not.toEqual(fitAttention(good, line)); // (a sound one would count)
    for (const bad of [{ ...at450, params: -500_000, layers: -2 }, { ...at450, width: -96 }, { ...at450, ttftMs: -5 }, { ...at450, ttftMs: Infinity }]) {
      expect(fitAttention([...good, bad], line), JSON.stringify(bad)).toEqual(fitAttention(good, line));
    }
    // The longest prompt is the longest, in whatever order they came.
    expect(fitAttention(asked(3e-7, 0, [920, 450]), line)!.longestTokens).toBeCloseTo(920, 9);
    // Damaged samples are left out: one of no blocks, one of no time.
    expect(fitAttention([{ ...small, layers: 0, promptTokens: 900, ttftMs: 100 }, { ...small, promptTokens: 900, ttftMs: NaN }], line)).toBeNull();
  });

  it('a model\'s shape from its parameters and blocks: width √(params ÷ 12 blocks); none without either', () => {
    expect(attentionShape(27_600_000, 8)!.width).toBeCloseTo(Math.sqrt(27_600_000 / 96), 9);
    expect(attentionShape(27_600_000, 8)!.layers).toBe(8);
    expect(attentionShape(null, 8)).toBeNull();
    expect(attentionShape(0, 8)).toBeNull();
    expect(attentionShape(1e6, null)).toBeNull();
    expect(attentionShape(1e6, -2)).toBeNull(); // negative blocks (a crafted record) are no shape
    expect(attentionShape(1e6, 0)).toBeNull();
  });

  it('the term adds to f32 and quantised first tokens alike, only for a model of known shape, never below 0', () => {
    const attention = { msPerToken: 0.01, msPerWidthToken2: 1e-7, longestTokens: 920 };
    const withTerm: PrefillFit = { ...line, attention, quantised: { q4_k_m: { msPerToken: 0.5, fixedMs: 3, params: 1e7 } } };
    const shape = { layers: 2, width: 64 };
    const extra = 0.01 * 999 + 1e-7 * 128 * 1000 ** 2;
    expect(predictTtftMs(withTerm, 1000, 1e5, null, shape) - predictTtftMs(withTerm, 1000, 1e5)).toBeCloseTo(extra, 9);
    expect(predictTtftMs(withTerm, 1000, 1e7, 'q4_k_m', shape) - predictTtftMs(withTerm, 1000, 1e7, 'q4_k_m')).toBeCloseTo(extra, 9);
    expect(predictTtftMs(line, 1000, 1e5, null, shape)).toBe(predictTtftMs(line, 1000, 1e5)); // no fitted term
    expect(attentionMs({ ...attention, msPerToken: -0.05 }, 200, shape)).toBe(0);
    expect(attentionMs(attention, 200, null)).toBe(0);
  });
});

describe('council fit: C(N) = a council answer\'s combined speed ÷ the lone speed, median over answers', () => {
  const lone = [{ bytes: MB, decodeTokensPerSecond: 200 }, { bytes: MB, decodeTokensPerSecond: 200 }, { bytes: 30 * MB, decodeTokensPerSecond: 80 }];
  it('shares at N = 2 and 3 become σ, κ that reproduce them, for any model size', () => {
    // At 2: every member at 0.75 of its lone speed (C = 1.5); at 3: 0.5 (C = 1.5).
    const together = [
      { members: 2, bytes: MB, decodeTokensPerSecond: 150 }, { members: 2, bytes: 30 * MB, decodeTokensPerSecond: 60 },
      { members: 3, bytes: MB, decodeTokensPerSecond: 100 }, { members: 3, bytes: 30 * MB, decodeTokensPerSecond: 40 },
    ];
    const fit = fitCouncil(together, lone)!;
    expect(fit.measuredUpTo).toBe(3);
    expect(predictCombinedTps(fit, 100, 2)).toBeCloseTo(150, 6);
    expect(predictCombinedTps(fit, 100, 3)).toBeCloseTo(150, 6);
    expect(predictCombinedTps(fit, 10, 2)).toBeCloseTo(15, 6);
    expect(predictCombinedTps(fit, 100, 1)).toBe(100);
    expect(fit.r2).toBeCloseTo(1, 9);
  });

  it('C(N) is read against the lone runs taken in turns with the councils when there are any (the same minutes), per size; else against the lone phase', () => {
    // The 1 MB model's lone phase read 200 tok/s, its lone runs in turns with the councils 160 (the
    // machine slowed): 2 members at 120 each are C(2) = 1.5 of those, not 1.2 of the lone phase.
    const inTurns = [160, 150, 170].map((v, run) => ({ members: 1, bytes: MB, decodeTokensPerSecond: v, run }));
    const pairs = [0, 1, 2].flatMap((run) => [{ members: 2, bytes: MB, decodeTokensPerSecond: 120, run }, { members: 2, bytes: MB, decodeTokensPerSecond: 120, run }]);
    const wide = [{ members: 2, bytes: 30 * MB, decodeTokensPerSecond: 72, run: 0 }, { members: 2, bytes: 30 * MB, decodeTokensPerSecond: 72, run: 0 }];
    const fit = fitCouncil([...inTurns, ...pairs, ...wide], lone)!;
    expect(predictCombinedTps(fit, 100, 2, MB)).toBeCloseTo(150, 6);
    // The 30 MB model has no lone runs in turns: its lone phase (80 tok/s) stands, C(2) = 1.8.
    expect(predictCombinedTps(fit, 100, 2, 30 * MB)).toBeCloseTo(180, 6);
    // Lone runs in turns are no council: C(1) stays 1, and N = 1 predicts the lone speed.
    expect(fit.measured![0]).toBe(1);
    expect(predictCombinedTps(fit, 100, 1, MB)).toBe(100);
    // Without them, the lone phase: C(2) = 240 / 200.
    expect(predictCombinedTps(fitCouncil([...pairs, ...wide], lone)!, 100, 2, MB)).toBeCloseTo(120, 6);
  });

  it('per size: a small model that loses more to a second member is predicted so, sizes between read C(N) between them in log bytes', () => {
    // 1 MB: 0.6 of its lone speed at N = 2 (C = 1.2); 30 MB: 0.9 (C = 1.8).
    const together = [{ members: 2, bytes: MB, decodeTokensPerSecond: 120 }, { members: 2, bytes: 30 * MB, decodeTokensPerSecond: 72 }];
    const fit = fitCouncil(together, lone)!;
    expect(fit.bySize!.map((s) => s.bytes)).toEqual([MB, 30 * MB]);
    expect(predictCombinedTps(fit, 100, 2, MB)).toBeCloseTo(120, 6);
    expect(predictCombinedTps(fit, 100, 2, 30 * MB)).toBeCloseTo(180, 6);
    expect(predictCombinedTps(fit, 100, 2, Math.sqrt(30) * MB)).toBeCloseTo(150, 6); // halfway in log bytes
    expect(predictCombinedTps(fit, 100, 2, MB / 4)).toBeCloseTo(120, 6); // below the smallest: the smallest
    expect(predictCombinedTps(fit, 100, 2, 300 * MB)).toBeCloseTo(180, 6); // above the largest: the largest
    expect(predictCombinedTps(fit, 100, 2, null)).toBeCloseTo(150, 6); // unknown size: all members (median share 0.75)
    expect(predictCombinedTps(fit, 100, 1, MB)).toBe(100);
  });

  it('members of one answer add up, however unevenly they share the cores: not N × the median member', () => {
    // 3 members on 2 cores: one runs nearly alone (0.9 of its lone speed), two share a core (0.5
    // each). Their combined speed is 1.9 × the lone one; N × the median member would say 1.5.
    const answer = (run: number, shares: number[], members = shares.length) => shares.map((x) => ({ members, bytes: MB, decodeTokensPerSecond: 200 * x, run }));
    const together = [...answer(0, [0.9, 0.5, 0.5]), ...answer(1, [0.5, 0.9, 0.5]), ...answer(2, [0.5, 0.5, 0.9]), ...answer(0, [0.8, 0.8]), ...answer(1, [0.9, 0.7])];
    const fit = fitCouncil(together, lone)!;
    expect(predictCombinedTps(fit, 100, 3, MB)).toBeCloseTo(190, 6);
    expect(predictCombinedTps(fit, 100, 2, MB)).toBeCloseTo(160, 6);
    // The median is over answers: one answer where all three stalled does not move it.
    const stalled = fitCouncil([...together, ...answer(3, [0.1, 0.1, 0.1])], lone)!;
    expect(predictCombinedTps(stalled, 100, 3, MB)).toBeCloseTo(190, 6);
    // The same answer numbers at another size are other answers.
    const twoSizes = fitCouncil([...together, ...answer(0, [0.4, 0.4, 0.4]).map((x) => ({ ...x, bytes: 30 * MB, decodeTokensPerSecond: 80 * 0.4 }))], lone)!;
    expect(predictCombinedTps(twoSizes, 100, 3, MB)).toBeCloseTo(190, 6);
    expect(predictCombinedTps(twoSizes, 100, 3, 30 * MB)).toBeCloseTo(120, 6);
    // Rows stored before answers were numbered count each as an answer of its own: N × the median member.
    const unnumbered = fitCouncil(together.filter((x) => x.members === 3).map(({ run: _, ...x }) => x), lone)!;
    expect(predictCombinedTps(unnumbered, 100, 3, MB)).toBeCloseTo(150, 6);
  });

  it('σ and κ never go negative: members that speed each other up count as no contention', () => {
    const fit = fitCouncil([{ members: 2, bytes: MB, decodeTokensPerSecond: 260 }, { members: 3, bytes: MB, decodeTokensPerSecond: 250 }], lone)!;
    expect(fit.sigma).toBeGreaterThanOrEqual(0);
    expect(fit.kappa).toBeGreaterThanOrEqual(0);
    expect(predictCombinedTps(fit, 100, 2)).toBeLessThanOrEqual(200);
  });

  describe('C(N) up to the largest council measured is as measured, each at least the one before', () => {
    const answer = (run: number, shares: number[]) => shares.map((x) => ({ members: shares.length, bytes: MB, decodeTokensPerSecond: 200 * x, run }));
    it('a C(3) read below C(2) is predicted as C(2); the USL fitted on them still reads the dip (it shapes C(N) beyond 3)', () => {
      // C(2) = 1.3, C(3) = 1.1: on the probe's short councils of its small model, noise.
      const fit = fitCouncil([...answer(0, [0.65, 0.65]), ...answer(0, [1.1 / 3, 1.1 / 3, 1.1 / 3])], lone)!;
      expect(fit.bySize![0].measured).toEqual([1, expect.closeTo(1.3, 9), expect.closeTo(1.3, 9)]);
      expect(predictCombinedTps(fit, 100, 2, MB)).toBeCloseTo(130, 6);
      expect(predictCombinedTps(fit, 100, 3, MB)).toBeCloseTo(130, 6);
      expect(uslCapacity(3, fit.sigma, fit.kappa)).toBeLessThan(1.2);
      expect(fit.kappa).toBeGreaterThan(0);
    });

    it('a C(3) the USL cannot reach with κ ≥ 0 is predicted as measured, and C(2) too (the USL alone fits σ and misses both)', () => {
      // C(2) = 1.4, C(3) = 2.1: N ÷ C − 1 = 0.43 at 2 and 0.43 at 3, which needs κ < 0.
      const fit = fitCouncil([...answer(0, [0.7, 0.7]), ...answer(0, [0.7, 0.7, 0.7])], lone)!;
      expect(fit.kappa).toBe(0);
      expect(uslCapacity(2, fit.sigma, 0)).not.toBeCloseTo(1.4, 2);
      expect(predictCombinedTps(fit, 100, 2, MB)).toBeCloseTo(140, 6);
      expect(predictCombinedTps(fit, 100, 3, MB)).toBeCloseTo(210, 6);
    });

    it('beyond the largest council measured, the USL from the last measured point on', () => {
      const fit = fitCouncil([...answer(0, [0.65, 0.65]), ...answer(0, [1.1 / 3, 1.1 / 3, 1.1 / 3])], lone)!;
      const c = fit.bySize![0];
      for (const n of [4, 5, 6]) expect(capacityAt(c, n)).toBeCloseTo((uslCapacity(n, c.sigma, c.kappa) * 1.3) / uslCapacity(3, c.sigma, c.kappa), 9);
      expect(capacityAt({ ...c, measured: undefined }, 4)).toBeCloseTo(uslCapacity(4, c.sigma, c.kappa), 9); // no measured points: the USL alone
      expect(capacityAt({ ...c, measured: undefined }, 2)).toBeCloseTo(uslCapacity(2, c.sigma, c.kappa), 9);
    });

    it('a council slower than one member alone counts as one member; a size not measured takes the one before', () => {
      // C(2) = 0.8 (two members combined below one alone); no council of 2 at 30 MB, its C(3) = 1.5.
      const fit = fitCouncil([...answer(0, [0.4, 0.4]), ...[0.5, 0.5, 0.5].map((x) => ({ members: 3, bytes: 30 * MB, decodeTokensPerSecond: 80 * x, run: 0 }))], lone)!;
      expect(fit.bySize!.map((b) => b.measured)).toEqual([[1, 1], [1, 1, expect.closeTo(1.5, 9)]]);
      expect(predictCombinedTps(fit, 100, 2, MB)).toBe(100);
      expect(predictCombinedTps(fit, 100, 2, 30 * MB)).toBe(100);
      expect(predictCombinedTps(fit, 100, 3, 30 * MB)).toBeCloseTo(150, 6);
    });
  });

  it('needs a lone speed for the size and a size N ≥ 2; without a fit members add up', () => {
    expect(fitCouncil([{ members: 2, bytes: 99 * MB, decodeTokensPerSecond: 10 }], lone)).toBeNull();
    expect(fitCouncil([], lone)).toBeNull();
    expect(predictCombinedTps(null, 40, 3)).toBe(120);
  });
});

describe('fitEngine', () => {
  const probe: EngineProbeResult = {
    engine: 'wllama', device: 'cpu', threads: 1, durationMs: 4000,
    decode: [{ bytes: 2 * MB, decodeTokensPerSecond: 400 }, { bytes: 139 * MB, decodeTokensPerSecond: 40 }],
    prefill: [],
    council: [{ members: 2, bytes: 2 * MB, decodeTokensPerSecond: 300 }, { members: 2, bytes: 139 * MB, decodeTokensPerSecond: 30 }],
  };
  it('fits what it can: no prefill samples → no prefill fit, the rest stands', () => {
    const fit = fitEngine(probe)!;
    expect(fit.prefill).toBeNull();
    expect(fit.council).not.toBeNull();
    expect(fit.decode.secondsPerByte).toBeGreaterThan(0);
  });
  it('no decode fit → no engine fit (the plan falls back to the bandwidth estimate)', () => {
    expect(fitEngine({ ...probe, decode: probe.decode.slice(0, 1) })).toBeNull();
  });
});
