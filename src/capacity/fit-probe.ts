/**
 * The engine probe's fits (issue 11; seed: Capacity Planning Workflow → Benchmark Collector). The
 * probe runs the real engine on generated models of a few sizes; here its samples become three
 * fits, each a documented formula:
 *  - decode:  seconds per token = a + layers × l + bytes read × b (b = 1 ÷ effective bandwidth),
 *    least squares with its R². A decode step pays a fixed cost per transformer block (its graph's
 *    dozen small operations: measured here ~0.25 ms per block on one thread, whatever its width), so
 *    a deep narrow model is slower than its bytes say; probe models that differ in depth and width
 *    separate l from b (non-negative least squares). A model of unknown depth is predicted without
 *    the blocks' term; a probe stored before depth was kept, by interpolating between its sizes.
 *  - prefill: time to first token = c + f × parameters + (prompt tokens − 1) × (d + e × parameters)
 *    on the f32 models, least squares on relative error (a 20 ms and a 1 s first token count alike);
 *    each quantised format by its own cost per prompt token (fitPrefill).
 *  - council: combined tokens/s of N members = one member's tokens/s × C(N), C from the USL
 *    (σ contention, κ coherency) fitted on the combined speed of 2 and 3 members of one probe
 *    model decoding at once ÷ its lone speed, per probe size.
 */
import { attentionShape, predictTtftMs, QUANT_FORMATS, type AttentionFit, type CouncilFit, type ProbeAttentionSample, type DecodeFit, type EngineFit, type EngineProbeResult, type PrefillFit, type PrefillSizeLine, type ProbeCouncilSample, type ProbeDecodeSample, type ProbePrefillSample, type ProbeWeightType, type QuantFormat, type QuantisedDecodeCost, type QuantisedPrefillCost } from './engine-fit';
import { uslCapacity } from '../scalability/usl';
import { leastSquares, nonNegativeLeastSquares, rSquared } from './least-squares';
import { mean, median } from '../regression/descriptive';

const isF32 = (s: { weightType?: ProbeWeightType }) => (s.weightType ?? 'f32') === 'f32';

/**
 * Fits seconds per token on transformer blocks and bytes per token (a + layers × l + bytes × b), when
 * the samples give their depth and vary depth apart from size; else on bytes alone (a + bytes × b).
 * Every coefficient is a cost, so none may be negative: noise that pushes one below 0 refits
 * without it (on bytes alone: through the origin, or a constant). On the f32 runs; each quantised
 * model's give its format's extra cost per parameter on top (quantisedCost).
 */
export function fitDecode(samples: readonly ProbeDecodeSample[]): DecodeFit | null {
  const f32 = fitDecodeF32(samples.filter(isF32));
  if (!f32) return null;
  const quantised = quantisedCosts(f32, samples);
  return quantised ? { ...f32, quantised } : f32;
}

/** `cost` of each quantised format, those it gives; null when it gives none. */
function perFormat<T>(cost: (format: QuantFormat) => T | null): Partial<Record<QuantFormat, T>> | null {
  const out: Partial<Record<QuantFormat, T>> = {};
  for (const format of QUANT_FORMATS) {
    const c = cost(format);
    if (c) out[format] = c;
  }
  return Object.keys(out).length ? out : null;
}

/**
 * Each quantised format's decode cost: seconds per token = F + m × params, on the whole model. On
 * this engine quantised matrices are dequantised in arithmetic, and a quantised model pays a fixed
 * cost per token besides: measured side by side on seven Q4_K_M shapes (13 M to 1.24 B parameters,
 * one to sixteen blocks, widths 768–2048; two pages minutes apart), a line through two of them (19 M
 * and 39 M parameters) predicted Llama-3.2-1B's shape 15 % fast and the others within ±10 %, where
 * one small model's cost beyond the f32 terms (the fit before) predicted it 10–56 % slow: the
 * fixed ~3–5 ms read as a cost per parameter, 65× over. (The probe's second size is 69 M now:
 * bench/probe-models.ts.) A format measured at two sizes gets its own line; one measured at one
 * size takes the median F of those (fixedFrom 'shared'; through the origin if that F is not below
 * its model's time), and m from its model; with no format at two sizes (a probe stored before), m
 * is the cost beyond the f32 terms (no F). null without any quantised run.
 */
function quantisedCosts(fit: DecodeFit, samples: readonly ProbeDecodeSample[]): Partial<Record<QuantFormat, QuantisedDecodeCost>> | null {
  const pointsOf = (format: QuantFormat) => {
    const ok = samples.filter((s) => s.weightType === format && s.bytes > 0 && (s.params ?? 0) > 0 && s.decodeTokensPerSecond > 0 && Number.isFinite(s.decodeTokensPerSecond));
    const sizes = [...new Map(ok.map((s) => [s.params!, s])).values()].sort((a, b) => a.params! - b.params!);
    return sizes.map((x) => ({ bytes: x.bytes, params: x.params!, layers: x.layers, secondsPerToken: median(ok.filter((s) => s.params === x.params).map((s) => 1 / s.decodeTokensPerSecond)) }));
  };
  const measured = new Map(QUANT_FORMATS.map((format) => [format, pointsOf(format)]));
  /** The points as a cost keeps them (no depth). */
  const plain = (pts: ReturnType<typeof pointsOf>) => pts.map(({ bytes, params, secondsPerToken }) => ({ bytes, params, secondsPerToken }));
  const lines = new Map<QuantFormat, QuantisedDecodeCost>();
  for (const [format, pts] of measured) {
    if (pts.length < 2) continue;
    const [p, q] = [pts[0], pts[pts.length - 1]];
    const m = (q.secondsPerToken - p.secondsPerToken) / (q.params - p.params);
    // Larger was not slower (noise): no line; a line below the origin: through it.
    if (!(m > 0)) continue;
    const fixed = p.secondsPerToken - m * p.params;
    const points = plain(pts);
    lines.set(format, fixed >= 0 ? { fixedSeconds: fixed, fixedFrom: 'measured', secondsPerParam: m, points } : { fixedSeconds: 0, fixedFrom: 'measured', secondsPerParam: q.secondsPerToken / q.params, points });
  }
  const shared = lines.size ? median([...lines.values()].map((c) => c.fixedSeconds!)) : null;
  return perFormat((format) => {
    const line = lines.get(format);
    if (line) return line;
    const pts = measured.get(format)!;
    if (!pts.length) return null;
    const p = pts[pts.length - 1];
    const points = plain(pts);
    if (shared !== null) {
      // F at or above this model's own time would leave it no cost per parameter: through the origin.
      const fixed = shared < p.secondsPerToken ? shared : 0;
      return { fixedSeconds: fixed, fixedFrom: 'shared', secondsPerParam: (p.secondsPerToken - fixed) / p.params, points };
    }
    // A probe stored before: the cost beyond the f32 terms for its bytes and blocks (needs its depth).
    if (p.layers === undefined || fit.secondsPerLayer === undefined) return null;
    const asF32 = fit.secondsPerToken + p.layers * fit.secondsPerLayer + p.bytes * fit.secondsPerByte;
    return { secondsPerParam: Math.max(0, p.secondsPerToken - asF32) / p.params, points };
  });
}

function fitDecodeF32(samples: readonly ProbeDecodeSample[]): DecodeFit | null {
  const ok = samples.filter((s) => s.bytes > 0 && s.decodeTokensPerSecond > 0 && Number.isFinite(s.decodeTokensPerSecond));
  if (new Set(ok.map((s) => s.bytes)).size < 2) return null;
  const x = ok.map((s) => s.bytes);
  const y = ok.map((s) => 1 / s.decodeTokensPerSecond);
  const sizes = [...new Map(ok.map((s) => [s.bytes, s.layers])).entries()].sort((p, q) => p[0] - q[0]);
  const points = sizes.map(([bytes, layers]) => ({ bytes, layers, secondsPerToken: median(y.filter((_, i) => x[i] === bytes)) }));
  const layered = fitWithLayers(ok, y);
  if (layered) return { ...layered, points };
  const full = leastSquares(x.map((b) => [1, b]), y);
  let [a, b] = full?.coefficients ?? [NaN, NaN];
  if (!(b >= 0)) [a, b] = [y.reduce((s, v) => s + v, 0) / y.length, 0]; // larger was not slower: a constant
  else if (!(a >= 0)) [a, b] = [0, x.reduce((s, v, i) => s + v * y[i], 0) / x.reduce((s, v) => s + v * v, 0)]; // through the origin
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — b is never negative here, and at b = 0 1 ÷ b ÷ 1e9 is Infinity too
  return { secondsPerToken: a, secondsPerByte: b, effectiveBandwidthGBps: b > 0 ? 1 / b / 1e9 : Infinity, r2: rSquared(y, x.map((v) => a + b * v)), points };
}

/**
 * a + layers × l + bytes × b by non-negative least squares, or null: some sample without its depth,
 * fewer than three models, or no cost per byte left. Each coefficient is a cost, and noise can push
 * one below 0 (a is ~0.3–0.8 ms here, and one noisy run of the small model can make it negative):
 * the best fit over every set of the three terms whose coefficients are all ≥ 0 — with three
 * unknowns, that is the non-negative least-squares solution.
 */
function fitWithLayers(ok: readonly ProbeDecodeSample[], y: readonly number[]): Omit<DecodeFit, 'points'> | null {
  // Stryker disable next-line ConditionalExpression,MethodExpression,ArrowFunction: equivalent — a missing depth makes every set's error NaN, so the first set (a alone, no cost per byte) stays and the fit is null
  if (ok.some((s) => s.layers === undefined)) return null;
  // Bytes in MB: columns of like magnitude keep the normal equations well conditioned.
  const rows = ok.map((s) => [1, s.layers!, s.bytes / 1e6]);
  // Two shapes leave the system singular, but rounding can hide that from the solver (garbage, not
  // null, with an error that ties the two-term fits' and can win by a rounding).
  // Stryker disable next-line ConditionalExpression: equivalent in the tests — the two-term fits come first and win the tie
  if (new Set(rows.map((r) => `${r[1]} ${r[2]}`)).size < 3) return null;
  const predict = (c: number[], r: number[]) => c[0] + c[1] * r[1] + c[2] * r[2];
  const best = nonNegativeLeastSquares(rows, y);
  if (!best || !(best[2] > 0)) return null;
  const [a, l, perMB] = best;
  const b = perMB / 1e6;
  return { secondsPerToken: a, secondsPerLayer: l, secondsPerByte: b, effectiveBandwidthGBps: 1 / b / 1e9, r2: rSquared(y, rows.map((r) => predict(best, r))) };
}

/** A prompt shorter than this says nothing of attention (its n² is lost in the line's noise); the probe's are ~450 and ~920 tokens. */
export const ATTENTION_MIN_TOKENS = 64;
/**
 * Whether a sample's width agrees with its parameters and blocks: within a factor of 2 of the one
 * they give (attentionShape, √(params ÷ 12 blocks)). A stored record that lies (a width of 1 beside
 * 500 k parameters) would scale every model's term by thousands; no shape without parameters and blocks.
 */
function shapeAgrees(s: ProbeAttentionSample): boolean {
  const shape = attentionShape(s.params, s.layers);
  // (A width of 0 or below gives Infinity or a ratio below 0: no agreement.)
  const ratio = shape ? shape.width / s.width : NaN;
  return ratio >= 0.5 && ratio <= 2;
}

/**
 * The attention term (AttentionFit) from an f32 probe model's long prompts: each length's median
 * first token less what the short prompts' line says for it, fitted as β (n − 1) + α × blocks ×
 * width × n² by least squares, α ≥ 0 (without it, β alone); from one length, α alone. β may be
 * below 0: it corrects the line's slope, which the other probe models' prompts set (on the simulated
 * machine the line's slope read 0.008 ms per token too high for the small model, and α with β ≥ 0
 * came out at half the true one). Lengths in thousands of tokens keep the columns of like magnitude.
 * null without a long prompt; a term of 0 (up to the longest prompt) when nothing is left over.
 */
export function fitAttention(samples: readonly ProbeAttentionSample[], line: PrefillFit): AttentionFit | null {
  const valid = samples.filter((s) => s.promptTokens >= ATTENTION_MIN_TOKENS && s.ttftMs >= 0 && Number.isFinite(s.ttftMs) && shapeAgrees(s));
  const groups = new Map<string, ProbeAttentionSample[]>();
  for (const s of valid) {
    const key = `${s.params}/${s.layers}/${s.width}/${s.promptTokens}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const points = [...groups.values()].map((g) => {
    const { params, layers, width, promptTokens } = g[0];
    return { k: promptTokens / 1e3, layersWidth: layers * width, extraMs: median(g.map((s) => s.ttftMs)) - predictTtftMs(line, promptTokens, params) };
  });
  if (!points.length) return null;
  const linear = (p: (typeof points)[number]) => p.k - 1e-3;
  const quadratic = (p: (typeof points)[number]) => p.layersWidth * p.k ** 2;
  const y = points.map((p) => p.extraMs);
  let [beta, alpha] = [0, Math.max(0, median(points.map((p) => p.extraMs / quadratic(p))))];
  if (new Set(points.map((p) => p.k)).size >= 2) {
    [beta, alpha] = leastSquares(points.map((p) => [linear(p), quadratic(p)]), y)?.coefficients ?? [NaN, NaN];
    if (!(alpha >= 0)) [beta, alpha] = [leastSquares(points.map((p) => [linear(p)]), y)?.coefficients[0] ?? 0, 0];
  }
  const longest = points.reduce((a, b) => (b.k > a.k ? b : a));
  // (A crafted stored record — a width of 5e-324 — would make α Infinity, and every first token "~Infinity s".)
  if (!Number.isFinite(alpha) || !Number.isFinite(beta)) return null;
  // Nothing left over at the longest prompt: the line already tells long prompts, up to the longest
  // timed — a term of 0, not none: without it those prompts would not count as timed, and a 230-token
  // prompt read "or more" in a run whose line read the long prompts high (one CI run in six).
  if (!(beta * linear(longest) + alpha * quadratic(longest) > 0)) return { msPerToken: 0, msPerWidthToken2: 0, longestTokens: longest.k * 1e3 };
  // Back from thousands of tokens: β per token, α per token².
  return { msPerToken: beta / 1e3, msPerWidthToken2: alpha / 1e6, longestTokens: longest.k * 1e3 };
}

/**
 * Time to first token = c + f × params + (prompt tokens − 1) × (d + e × params), fitted by
 * non-negative least squares on relative error, on the median of each (model, prompt length): the
 * first prompt token goes through the model as a decode step does (a pass over every weight), the
 * others in a batch, where each costs its arithmetic. (It was c + prompt tokens × (d + e × params):
 * the probe's decode runs repeat their prompt, llama.cpp reuses it, and their one new token read
 * 7, 20 and 33 ms on the 1, 14 and 55 MB models; one line through those and the 101-token prompts
 * pushed d below 0, and d clamped to 0 left e fitted to make up for it — the bench model's first
 * token predicted 48 % slow in one run. A median per prompt keeps the many one-token runs of the
 * small model from outweighing the long prompts.) Needs two models and two prompt lengths, four
 * (model, prompt) pairs in all. On the f32 runs; each quantised model's prompts (q4_0's several times
 * dearer per parameter) give its format's extra cost on top (quantisedPrefill).
 */
export function fitPrefill(samples: readonly ProbePrefillSample[]): PrefillFit | null {
  const valid = samples.filter((s) => s.promptTokens > 0 && s.params > 0 && s.ttftMs >= 0 && Number.isFinite(s.ttftMs));
  const ok = valid.filter(isF32);
  const groups = new Map<string, { params: number; promptTokens: number; times: number[] }>();
  for (const s of ok) {
    const key = `${s.params}/${s.promptTokens}`;
    const g = groups.get(key) ?? { params: s.params, promptTokens: s.promptTokens, times: [] };
    g.times.push(s.ttftMs);
    groups.set(key, g);
  }
  const points = [...groups.values()].map((g) => ({ params: g.params, promptTokens: g.promptTokens, ttftMs: median(g.times) }));
  if (points.length < 4 || new Set(points.map((p) => p.params)).size < 2 || new Set(points.map((p) => p.promptTokens)).size < 2) return null;
  // Parameters in millions: columns of like magnitude keep the normal equations well conditioned.
  const terms = (p: { params: number; promptTokens: number }) => [1, p.params / 1e6, p.promptTokens - 1, ((p.promptTokens - 1) * p.params) / 1e6];
  // Each row divided by its own time: least squares on relative error.
  const rows = points.map((p) => terms(p).map((v) => v / Math.max(p.ttftMs, 1)));
  const coefficients = nonNegativeLeastSquares(rows, rows.map(() => 1));
  if (!coefficients) return null;
  const [c, fPerM, d, ePerM] = coefficients;
  const f32: PrefillFit = { fixedMs: c, firstTokenMsPerParam: fPerM / 1e6, msPerToken: d, msPerTokenPerParam: ePerM / 1e6, r2: 1 };
  f32.r2 = rSquared(points.map((p) => p.ttftMs), points.map((p) => predictTtftMs(f32, p.promptTokens, p.params)));
  const quantised = perFormat((format) => quantisedPrefill(valid.filter((s) => s.weightType === format)));
  if (!quantised) return f32;
  const line = prefillSizeLine(valid.filter((s) => s.weightType === 'q4_k_m'));
  return line ? { ...f32, quantised, quantisedSizeLine: line } : { ...f32, quantised };
}

/**
 * A quantised format's own prompt cost, on its smallest probe model (the one each format has): its
 * one-token answers (the decode runs', whose prompt llama.cpp already holds) and its longest prompt
 * (medians). Its own, not beyond the f32 fit: on this engine a quantised prompt token costs its
 * format's arithmetic (here, in cache, ~0.2 ns per parameter outside the embeddings for Q4_K_M, ~0.4
 * for q8_0, ~0.8 for q4_0), which the f32 terms do not tell (they read Q4_K_M's as free, and the
 * twins' first tokens −53 to +26 % off). null without both lengths.
 */
function quantisedPrefill(samples: readonly ProbePrefillSample[]): QuantisedPrefillCost | null {
  if (!samples.length) return null;
  const params = Math.min(...samples.map((s) => s.params));
  const own = samples.filter((s) => s.params === params);
  const at = promptMedians(own);
  if (!at) return null;
  const msPerToken = perPromptToken(at);
  if (!(msPerToken > 0)) return null;
  return { msPerToken, fixedMs: Math.max(0, at.shortMs - at.shortTokens * msPerToken), params };
}

interface PromptMedians {
  shortTokens: number;
  shortMs: number;
  longTokens: number;
  longMs: number;
}

/** Median time of the shortest and of the longest prompt of one model's samples; null with one length. */
function promptMedians(samples: readonly ProbePrefillSample[]): PromptMedians | null {
  if (!samples.length) return null;
  const shortTokens = Math.min(...samples.map((s) => s.promptTokens));
  const longTokens = Math.max(...samples.map((s) => s.promptTokens));
  if (longTokens === shortTokens) return null;
  const at = (tokens: number) => median(samples.filter((s) => s.promptTokens === tokens).map((s) => s.ttftMs));
  return { shortTokens, shortMs: at(shortTokens), longTokens, longMs: at(longTokens) };
}

/** ms per prompt token between the two prompt lengths. */
const perPromptToken = (at: PromptMedians): number => (at.longMs - at.shortMs) / (at.longTokens - at.shortTokens);

/**
 * How a quantised prompt token's cost grows with the model: a line through Q4_K_M's two probe sizes
 * (ms per token = F + m × params; F may be below 0). Measured on nine shapes, side by side (q8_0 and
 * Q4_K_M, 19 M to 1.24 B parameters, 2 to 32 blocks, vocabularies of 8 K to 128 K): a model whose
 * weights no longer fit the CPU's cache (32 MB here) pays 1.5–1.6× per parameter what one inside it
 * does, in both formats, and about the same per parameter from there on (blocks and vocabulary did
 * not matter). The probe's small quantised models fit the cache, its second Q4_K_M size does not;
 * every format's cost is scaled along this line. null when the larger is not dearer per token.
 */
function prefillSizeLine(samples: readonly ProbePrefillSample[]): PrefillSizeLine | null {
  const sizes = [...new Set(samples.map((s) => s.params))].sort((a, b) => a - b);
  if (sizes.length < 2) return null;
  const points: PrefillSizeLine['points'] = [];
  for (const params of [sizes[0], sizes[sizes.length - 1]]) {
    const at = promptMedians(samples.filter((s) => s.params === params));
    if (!at) return null;
    points.push({ params, msPerToken: perPromptToken(at) });
  }
  const [a, b] = points;
  if (!(a.msPerToken > 0) || !(b.msPerToken > a.msPerToken)) return null;
  const msPerParam = (b.msPerToken - a.msPerToken) / (b.params - a.params);
  return { fixedMs: a.msPerToken - msPerParam * a.params, msPerParam, points };
}

/**
 * The council's contention from N members decoding at once: each member's share of its lone speed
 * (speed together ÷ median lone speed of its size); a council answer's C = N × its members' mean
 * share (their combined speed ÷ the lone speed, what a council's combined tokens/s is), C(N) the
 * median over answers; and the USL fitted on C(1) = 1, C(2), C(3)… (It was N × the median share:
 * 3 members on 2 cores do not share alike — one often runs nearly alone while two share a core —
 * and the median member is a slow one. Recomputed from the probes of 16 predictions-bench runs, the
 * median share read C(3) a median 12 % (small model) and 19 % (medium) below the app's councils
 * of the tiny and bench model; the mean share, 9 and 13 %.) Needs lone runs and at least one size
 * N ≥ 2. Fitted once on all members (what the probe card reports) and once per probe size, on
 * councils of one probe model: a small model gains less from a second member than a big one (measured here, side by side:
 * C(3) 1.2–1.4 for the 1 MB model, 1.5–2.2 for 31–109 MB: its per-token work — sampling, messages
 * between threads — is a larger share), so a model's C(N) is read between the sizes around it.
 */
export function fitCouncil(samples: readonly ProbeCouncilSample[], lone: readonly ProbeDecodeSample[]): CouncilFit | null {
  const soloOf = new Map<number, number>();
  for (const bytes of new Set(lone.map((d) => d.bytes))) {
    // A size's lone runs taken in turns with its councils (members 1) when the probe has them: the
    // same minutes as the councils, so the machine's drift cancels in C(N); else its lone phase's.
    const inTurns = samples.filter((s) => s.members === 1 && s.bytes === bytes && s.decodeTokensPerSecond > 0).map((s) => s.decodeTokensPerSecond);
    const speeds = inTurns.length ? inTurns : lone.filter((d) => d.bytes === bytes && d.decodeTokensPerSecond > 0).map((d) => d.decodeTokensPerSecond);
    // Stryker disable next-line ConditionalExpression: equivalent — median([]) is NaN, which the `!solo` check below skips like a missing size
    if (speeds.length) soloOf.set(bytes, median(speeds));
  }
  const shared = samples.filter((s) => s.members >= 2 && !!soloOf.get(s.bytes) && s.decodeTokensPerSecond > 0);
  const all = uslFromShares(shared, soloOf);
  if (!all) return null;
  const bySize = [...new Set(shared.map((s) => s.bytes))]
    .sort((a, b) => a - b)
    .map((bytes) => ({ bytes, ...uslFromShares(shared.filter((s) => s.bytes === bytes), soloOf)! }))
    .map(({ bytes, sigma, kappa, measured }) => ({ bytes, sigma, kappa, measured }));
  return { ...all, bySize };
}

/** The USL on C(N) = the median over answers of N members' combined share, for members whose lone speed is known (null without any). */
function uslFromShares(samples: readonly ProbeCouncilSample[], soloOf: ReadonlyMap<number, number>): Omit<CouncilFit, 'bySize'> | null {
  // Shares by council size, then by answer (a row without `run` is an answer of its own).
  const answers = new Map<number, Map<unknown, number[]>>();
  samples.forEach((s, i) => {
    const bySize = answers.get(s.members) ?? new Map<unknown, number[]>();
    answers.set(s.members, bySize);
    const key = s.run === undefined ? `row ${i}` : `${s.bytes} ${s.run}`;
    bySize.set(key, [...(bySize.get(key) ?? []), s.decodeTokensPerSecond / soloOf.get(s.bytes)!]);
  });
  if (!answers.size) return null;
  const points = [...answers].map(([n, runs]) => ({ n, c: median([...runs.values()].map((xs) => n * mean(xs))) }));
  // Gunther's linearisation with C(1) = 1 exactly: N ÷ C(N) − 1 = σ(N − 1) + κN(N − 1); σ, κ ≥ 0.
  const y = points.map((p) => p.n / p.c - 1);
  const a = points.map((p) => p.n - 1);
  const b = points.map((p) => p.n * (p.n - 1));
  const dot = (u: number[], v: number[]) => u.reduce((sum, x, i) => sum + x * v[i], 0);
  const both = points.length >= 2 ? leastSquares(points.map((_, i) => [a[i], b[i]]), y) : null;
  let [sigma, kappa] = both?.coefficients ?? [NaN, NaN];
  if (!(sigma >= 0 && kappa >= 0)) {
    const sigmaOnly = Math.max(0, dot(a, y) / dot(a, a));
    const kappaOnly = Math.max(0, dot(b, y) / dot(b, b));
    const err = (sg: number, kp: number) => y.reduce((sum, v, i) => sum + (v - sg * a[i] - kp * b[i]) ** 2, 0);
    [sigma, kappa] = err(sigmaOnly, 0) <= err(0, kappaOnly) ? [sigmaOnly, 0] : [0, kappaOnly];
  }
  const r2 = rSquared([1, ...points.map((p) => p.c)], [1, ...points.map((p) => uslCapacity(p.n, sigma, kappa))]);
  // C(N) as measured, for predictions up to the largest council measured (capacityAt), each at least
  // the one before: the probe's councils of its small model often read C(3) below C(2) (its answers
  // last 0.05–0.3 s, and one hiccup of the shared machine moves one), where the app's councils of
  // the tiny model read C(3) ≥ C(2) in 22 of 29 predictions-bench runs. Recomputed from the 58 probes
  // of those runs, the tiny model's N = 3 read a median 24 % slow (15 of 58 within ±15 %); with each
  // C(N) at least the one before, 14 % slow (25 of 58). A size not measured takes the one before;
  // and no C(N) above N: members that seem to speed each other up count as no contention.
  const measuredUpTo = Math.max(...points.map((p) => p.n));
  const measured = [1];
  for (let n = 2; n <= measuredUpTo; n++) measured.push(Math.min(n, Math.max(measured[n - 2], points.find((p) => p.n === n)?.c ?? 0)));
  return { sigma, kappa, r2, measuredUpTo, measured };
}

export function fitEngine(probe: EngineProbeResult): EngineFit | null {
  const decode = fitDecode(probe.decode);
  if (!decode) return null;
  const line = fitPrefill(probe.prefill);
  const attention = line && probe.attention ? fitAttention(probe.attention, line) : null;
  const prefill = line && attention ? { ...line, attention } : line;
  return { engine: probe.engine, device: probe.device, threads: probe.threads, decode, prefill, council: fitCouncil(probe.council, probe.decode) };
}
