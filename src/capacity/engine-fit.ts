/**
 * The engine probe's samples and fits (issue 11; seed: Capacity Planning Workflow → Benchmark
 * Collector), and the cold predictions a fit gives: decode tokens/s, time to first token, a
 * council's combined tokens/s. The fits themselves are capacity/fit-probe.ts, which the app loads
 * only once a stored or new benchmark run has a probe (off the first load: issue 12).
 */
import { uslCapacity } from '../scalability/usl';

export interface ProbeDecodeSample {
  /** Weight bytes of the probe model: what one decode step reads. */
  bytes: number;
  /** Its transformer blocks (absent in runs stored before they were kept). */
  layers?: number;
  /** Its weights' format (absent: f32, all a probe held before the quantised model). */
  weightType?: ProbeWeightType;
  /** Its parameters (kept for the quantised model, whose extra cost is per parameter). */
  params?: number;
  decodeTokensPerSecond: number;
}

/**
 * The quantised formats the probe measures, each standing for its family (quantFormatOfFileType in
 * probe-predictions.ts): Q4_K_M for the K-quants, q8_0, and q4_0 for the other legacy 4- and 5-bit
 * blocks. On this engine their cost per parameter differs by ~3× (measured on Llama-3.2-1B-shaped
 * files: Q4_K_M 3.2 tok/s, q8_0 1.5, q4_0 1.0), so no one format stands for the others.
 */
export const QUANT_FORMATS = ['q4_k_m', 'q8_0', 'q4_0'] as const;
export type QuantFormat = (typeof QUANT_FORMATS)[number];
/** The probe's weight formats: f32, and the quantised ones for the cost of quantised weights. */
export type ProbeWeightType = 'f32' | QuantFormat;
/** A quantised model, for a prediction: its parameters and its format. */
export interface QuantisedWeights {
  params: number;
  format: QuantFormat;
}

export interface ProbePrefillSample {
  params: number;
  promptTokens: number;
  ttftMs: number;
  /** As in ProbeDecodeSample: absent is f32. */
  weightType?: ProbeWeightType;
}

/** A long prompt's first token on an f32 probe model of this shape (its blocks and their width), for the attention term. */
export interface ProbeAttentionSample {
  params: number;
  layers: number;
  width: number;
  promptTokens: number;
  ttftMs: number;
}

/**
 * One member's decode speed while `members` probe models decoded at once (one row per member);
 * `members` 1 is a lone run taken in turns with the councils, what their C(N) is read against.
 */
export interface ProbeCouncilSample {
  members: number;
  /** Weight bytes of this member's probe model (its lone speed is in the decode samples). */
  bytes: number;
  decodeTokensPerSecond: number;
  /** Which council answer of its size this member was part of (absent in runs stored before it was kept: each row its own). */
  run?: number;
}

export interface ProbePhases {
  loading: number;
  alone: number;
  together: number;
}

/** What the probe measured for one engine on one device (stored with the benchmark run). */
export interface EngineProbeResult {
  engine: string;
  device: 'cpu' | 'gpu';
  /** Threads one member used (wllama), as the council would give it. */
  threads: number;
  durationMs: number;
  /** Where the time went: building and loading the workers (the small model warming up meanwhile), lone runs, councils. Absent in runs stored before it was kept. */
  phasesMs?: ProbePhases;
  decode: ProbeDecodeSample[];
  prefill: ProbePrefillSample[];
  council: ProbeCouncilSample[];
  /** The small model's long prompts, for the attention term (AttentionFit). Absent in runs stored before it was kept. */
  attention?: ProbeAttentionSample[];
  /** Workers the probe replaced after a failure a fresh one may not have (bench/probe-restarts.ts); absent when none. */
  restarts?: number;
}

export interface DecodeFit {
  /** a: fixed cost per token (sampling, messages, graph launch), seconds. */
  secondsPerToken: number;
  /** l: seconds per transformer block; absent when the probe's models could not separate it from b. */
  secondsPerLayer?: number;
  /** b: seconds per byte of weights read. */
  secondsPerByte: number;
  /** 1 ÷ b in GB/s: the bandwidth the engine achieves on weights. */
  effectiveBandwidthGBps: number;
  /** R² of the line on every probe run. */
  r2: number;
  /** Median seconds per token at each probe size, by bytes (what a fit without l interpolates), with its depth. */
  points: { bytes: number; layers?: number; secondsPerToken: number }[];
  /**
   * Quantised weights (fitDecode), per format: a fixed cost per token and a cost per parameter,
   * from the probe's models of that format (quantisedCosts). Absent without any.
   */
  quantised?: Partial<Record<QuantFormat, QuantisedDecodeCost>>;
}

/**
 * A quantised format's decode cost (DecodeFit.quantised): seconds per token = fixedSeconds +
 * secondsPerParam × params for the whole model (no f32 terms). Without fixedSeconds (a probe that
 * measured one size of every format, stored before): secondsPerParam on top of the f32 terms.
 */
export interface QuantisedDecodeCost {
  secondsPerParam: number;
  /** Per token whatever the size; 'shared' when this format had one size and took the others' (quantisedCosts). */
  fixedSeconds?: number;
  fixedFrom?: 'measured' | 'shared';
  /** The format's probe models, smallest first: median seconds per token of each. */
  points: { bytes: number; params: number; secondsPerToken: number }[];
}

/** Time to first token (fitPrefill): c + f × params for the first prompt token, d + e × params for each further one. */
export interface PrefillFit {
  /** c, ms. */
  fixedMs: number;
  /** f, ms per parameter: the first prompt token's pass over the weights. */
  firstTokenMsPerParam: number;
  /** d, ms per further prompt token. */
  msPerToken: number;
  /** e, ms per further prompt token per parameter. */
  msPerTokenPerParam: number;
  /** R² on the medians fitted. */
  r2: number;
  /** Quantised weights, per format: their own prompt costs (quantisedPrefill). Absent without any. */
  quantised?: Partial<Record<QuantFormat, QuantisedPrefillCost>>;
  /** How a quantised prompt token's cost grows with parameters, from Q4_K_M's two sizes (prefillSizeLine). Absent: in proportion to them. */
  quantisedSizeLine?: PrefillSizeLine;
  /** What a long prompt costs beyond the terms above (fitAttention). Absent without the probe's long prompts. */
  attention?: AttentionFit;
}

/**
 * A long prompt's extra time: each prompt token attends over all before it, so a prompt of n tokens
 * costs ∝ blocks × width × n² beyond its tokens' pass over the weights (the terms above, fitted on
 * ~100-token prompts where it is small). Measured on the tiny model (2 blocks of 64) in one page,
 * medians of five: 93 tokens 14 ms, 451 39, 951 97, 1351 161, 1951 295; through 451 and 951,
 * β n + α·2·64·n² says 272 ms at 1951. ms = msPerToken × (n − 1) + msPerWidthToken2 × blocks × width × n².
 */
export interface AttentionFit {
  /** β, ms per further prompt token the short prompts' line leaves out (below 0 where its slope reads high). */
  msPerToken: number;
  /** α, ms per block, per unit of width, per prompt token squared, ≥ 0. */
  msPerWidthToken2: number;
  /** The longest prompt fitted, in tokens: beyond it the term is carried past its data. */
  longestTokens: number;
}

/** A model's blocks and their width (its embedding length), for the attention term; width estimated when unknown (attentionShape). */
export interface AttentionShape {
  layers: number;
  width: number;
}

/**
 * The shape the attention term needs, from what a descriptor says: a block of width w holds ~12 w²
 * parameters (attention 4 w², a feed-forward of ~2.7 w, three matrices: ~8 w²), so w ≈ √(params ÷ 12
 * blocks). The embeddings read it high (Llama-3.2-1B: 2541 for 2048; the bench model 538 for 512).
 * null without blocks or parameters.
 */
export function attentionShape(params: number | null, layers: number | null | undefined): AttentionShape | null {
  if (!(params !== null && params > 0 && layers && layers > 0)) return null;
  return { layers, width: Math.sqrt(params / (12 * layers)) };
}

/** The attention term for a prompt of `promptTokens` on a model of `shape` (ms, ≥ 0: β may be below 0); 0 without a fit or a shape. */
export function attentionMs(fit: AttentionFit | undefined, promptTokens: number, shape: AttentionShape | null): number {
  if (!fit || !shape) return 0;
  return Math.max(0, fit.msPerToken * Math.max(0, promptTokens - 1) + fit.msPerWidthToken2 * shape.layers * shape.width * promptTokens ** 2);
}

/**
 * A quantised format's prompt on its probe model: time to first token = fixedMs + prompt tokens ×
 * msPerToken (quantisedPrefill); for a model of other size, msPerToken scales with it (predictTtftMs).
 */
export interface QuantisedPrefillCost {
  /** ms per prompt token: the long prompt's time beyond the one-token answers', per further token. */
  msPerToken: number;
  /** What a one-token answer takes beyond one prompt token (sampling, messages), ms, ≥ 0. */
  fixedMs: number;
  /** Parameters of the probe model it was measured on. */
  params: number;
}

/** ms per quantised prompt token = fixedMs + msPerParam × params, through the probe's two Q4_K_M sizes. */
export interface PrefillSizeLine {
  fixedMs: number;
  msPerParam: number;
  points: { params: number; msPerToken: number }[];
}

/** A council's capacity: the USL, and C(1 … N) as measured (absent in fits made before it was kept). */
export interface CouncilCapacity {
  sigma: number;
  kappa: number;
  /** C(1), C(2) … up to the largest council measured, each at least the one before (capacityAt). */
  measured?: number[];
}

export interface CouncilFit extends CouncilCapacity {
  r2: number;
  /** Sizes the fit saw; beyond the largest it extrapolates. */
  measuredUpTo: number;
  /** The same fit per probe size (by bytes, ascending): what predictions for a model read from. */
  bySize?: ({ bytes: number } & CouncilCapacity)[];
}

export interface EngineFit {
  engine: string;
  device: 'cpu' | 'gpu';
  threads: number;
  decode: DecodeFit;
  prefill: PrefillFit | null;
  council: CouncilFit | null;
}

/**
 * A quantised format's cost in `costs`; a format the probe did not measure takes a measured one
 * (a probe stored before measured q4_0 alone), and none without any.
 */
function costOf<T>(costs: Partial<Record<QuantFormat, T>> | undefined, format: QuantFormat): T | undefined {
  return costs?.[format] ?? QUANT_FORMATS.map((f) => costs?.[f]).find((c) => c !== undefined);
}

/**
 * Predicted decode tokens/s of one member alone. With a fit that separated the cost per block:
 * a + layers × l + bytes × b, and a + bytes × b for a model of unknown depth (its blocks' cost left
 * out: here 4 % of a 16-block 800 MB model's time, 14 % of a 32-block 386 MB one's; the probe's
 * shapes read by bytes would be far worse, as the deep one is slower than the wide one per byte). With a stored fit on bytes alone: seconds per token
 * interpolated between the probe sizes around `bytesPerToken`, beyond them along the nearest
 * segment. Never below half the fastest measured time: a smaller model still pays for sampling and
 * messages.
 */
export function predictDecodeTps(fit: DecodeFit, bytesPerToken: number, layers: number | null = null, quantised: QuantisedWeights | null = null): number {
  const pts = fit.points;
  const floor = pts.length ? pts[0].secondsPerToken / 2 : 0;
  // A quantised model: its format's line over the whole model, or (a probe stored before) its cost
  // per parameter on top of the f32 terms (quantisedCosts).
  const cost = quantised ? costOf(fit.quantised, quantised.format) : undefined;
  if (quantised && cost?.fixedSeconds !== undefined) return 1 / Math.max(cost.fixedSeconds + quantised.params * cost.secondsPerParam, floor);
  const dequantise = quantised ? quantised.params * (cost?.secondsPerParam ?? 0) : 0;
  if (fit.secondsPerLayer !== undefined) return 1 / Math.max(fit.secondsPerToken + (layers ?? 0) * fit.secondsPerLayer + bytesPerToken * fit.secondsPerByte + dequantise, floor);
  if (pts.length < 2) return 1 / (fit.secondsPerToken + bytesPerToken * fit.secondsPerByte + dequantise);
  // The segment [k − 1, k] holds the size, or is the nearest one (the first, or the last).
  const above = pts.findIndex((p) => p.bytes >= bytesPerToken);
  const k = above === -1 ? pts.length - 1 : Math.max(1, above);
  const [p, q] = [pts[k - 1], pts[k]];
  const slope = Math.max(0, (q.secondsPerToken - p.secondsPerToken) / (q.bytes - p.bytes));
  const seconds = p.secondsPerToken + (bytesPerToken - p.bytes) * slope + dequantise;
  return 1 / Math.max(seconds, floor);
}

/**
 * A quantised prompt token's cost on a model of `params`, from its format's cost on the probe model:
 * scaled along the size line from there (`line`), in proportion to parameters below the line's
 * first size or without a line.
 */
export function quantisedMsPerToken(cost: QuantisedPrefillCost, params: number, line: PrefillSizeLine | undefined): number {
  const onLine = (p: number) => line!.fixedMs + line!.msPerParam * p;
  if (!line || params <= line.points[0].params || onLine(cost.params) <= 0) return (cost.msPerToken * params) / cost.params;
  return (cost.msPerToken * onLine(params)) / onLine(cost.params);
}

/**
 * Predicted time to first token (ms) for a prompt of `promptTokens` on a model of `params`: f32 by
 * the fit's terms; quantised (`format`, when the probe measured one) by its format's own cost,
 * fixedMs + prompt tokens × ms per token at this size (quantisedMsPerToken).
 * For a model of known `shape`, plus the attention term (AttentionFit).
 */
export function predictTtftMs(fit: PrefillFit, promptTokens: number, params: number, format: QuantFormat | null = null, shape: AttentionShape | null = null): number {
  const q = format ? costOf(fit.quantised, format) : undefined;
  // Attention is in f32 whatever the weights' format: one term for both.
  const attention = attentionMs(fit.attention, promptTokens, shape);
  if (q) return q.fixedMs + Math.max(1, promptTokens) * quantisedMsPerToken(q, params, fit.quantisedSizeLine) + attention;
  return fit.fixedMs + fit.firstTokenMsPerParam * params + Math.max(0, promptTokens - 1) * (fit.msPerToken + fit.msPerTokenPerParam * params) + attention;
}

/**
 * C(N) for a model that reads `bytes` per token: between the two probe sizes around it, in
 * proportion to log bytes (the sizes span three orders of magnitude); beyond them, the nearest.
 * Without per-size fits (or without `bytes`), the fit on all members.
 */
export function councilCapacity(fit: CouncilFit, members: number, bytes: number | null): number {
  const sizes = fit.bySize ?? [];
  if (bytes === null || !(bytes > 0) || !sizes.length) return capacityAt(fit, members);
  const cap = (s: CouncilCapacity) => capacityAt(s, members);
  const above = sizes.findIndex((s) => s.bytes >= bytes);
  if (above === 0) return cap(sizes[0]);
  if (above === -1) return cap(sizes[sizes.length - 1]);
  const [lo, hi] = [sizes[above - 1], sizes[above]];
  const t = Math.log(bytes / lo.bytes) / Math.log(hi.bytes / lo.bytes);
  return cap(lo) + (cap(hi) - cap(lo)) * t;
}

/**
 * C(members): as measured up to the largest council the probe ran (`measured`), and beyond it the
 * USL's shape from there (scaled to meet the last measured point). The USL fitted on C(2) and C(3)
 * missed what it was fitted on whenever C(3) read more than it allows with κ ≥ 0 (it then fits σ
 * alone): recomputed from the 58 probes of 29 predictions-bench runs, the bench model's N = 2 read
 * a median 8 % slow that way (42 of 58 within ±15 %), 1 % from the measured points (47 of 58). A fit without `measured` (none stored
 * before) is the USL alone.
 */
export function capacityAt(c: CouncilCapacity, members: number): number {
  const usl = (n: number) => uslCapacity(n, c.sigma, c.kappa);
  const m = c.measured;
  if (!m?.length) return usl(members);
  if (members <= m.length) return members >= 1 ? m[Math.round(members) - 1] : usl(members);
  return (usl(members) * m[m.length - 1]) / usl(m.length);
}

/** Combined tokens/s of `members` members of a model whose lone speed is `soloTps` (and that reads `bytes` per token). */
export function predictCombinedTps(fit: CouncilFit | null, soloTps: number, members: number, bytes: number | null = null): number {
  return fit ? soloTps * councilCapacity(fit, members, bytes) : soloTps * members;
}
