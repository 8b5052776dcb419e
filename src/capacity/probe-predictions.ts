/**
 * Turns the engine probe's fit into a model's predictions (issue 11): decode speed with its
 * interval, time to first token for a prompt length, and combined speed for N = 1 … 6 members.
 * "Cold" is the probe's word alone; the plan then applies the feedback loop's correction (the
 * median of measured ÷ cold over recent runs: the model's own, else its engine/device's) and keeps
 * both, so the app can say how good its cold predictions are on this machine.
 */
import { MAX_COUNCIL_SIZE } from './formulas';
import type { ModelDescriptor } from '../engines/engine';
import { attentionShape, predictCombinedTps, predictDecodeTps, predictTtftMs, type EngineFit, type ProbeDecodeSample, type QuantFormat, type QuantisedWeights } from './engine-fit';
import { FEEDBACK_WINDOW } from './feedback';
import { median } from '../regression/descriptive';

/** Relative half-width never below this: two runs of the same model differ by a few % here. */
export const MIN_INTERVAL = 0.05;

/** σ of normal errors from their median absolute value (median |x| = 0.6745 σ). */
const SIGMA_PER_MEDIAN_ABS = 1.4826;

/**
 * Relative half-width of a cold prediction, ~95 %: twice the spread of the fit's relative errors on
 * the probe's own runs (which include run-to-run noise), at least MIN_INTERVAL. The spread is read
 * from their median absolute value, not their RMS: one run that stalled on the shared machine (5
 * tok/s among runs of 800) made the RMS ±7100 % for every model; on a clean CI-like run's two
 * probes the RMS read ±37 and ±46 %, this ±33 and ±26 %, and every council cell measured minutes
 * later stayed inside both.
 */
export function predictionInterval(fit: EngineFit, samples: readonly ProbeDecodeSample[]): number {
  const rel = samples.filter((s) => s.decodeTokensPerSecond > 0).map((s) => predictDecodeTps(fit.decode, s.bytes, s.layers ?? null, s.weightType && s.weightType !== 'f32' && s.params ? { params: s.params, format: s.weightType } : null) / s.decodeTokensPerSecond - 1);
  if (!rel.length) return MIN_INTERVAL;
  return Math.max(MIN_INTERVAL, 2 * SIGMA_PER_MEDIAN_ABS * median(rel.map(Math.abs)));
}

/**
 * Cold decode tokens/s of a model of `layers` transformer blocks (null: unknown) that reads
 * `bytesPerToken` per token, alone; `quantised` its parameters and format when its weights are
 * quantised (quantisedWeightsOf), which cost per parameter on top (capacity/fit-probe.ts fitDecode).
 */
export function coldDecodeTps(fit: EngineFit, bytesPerToken: number, layers: number | null, quantised: QuantisedWeights | null = null): number {
  return predictDecodeTps(fit.decode, bytesPerToken, layers, quantised);
}

/**
 * The probe format that stands for a GGUF file type (llama.cpp's name: 'Q4_K_M', 'Q8_0', 'F32' …):
 * every K-quant (and i-quant) is predicted as Q4_K_M, q8_0 as itself, the other legacy blocks
 * (Q4_0, Q4_1, Q5_0, Q5_1) as q4_0; null for float weights and for a type not known here.
 */
export function quantFormatOfFileType(fileType: string): QuantFormat | null {
  const t = fileType.toUpperCase();
  if (/^(I?Q\d_K|IQ\d)/.test(t)) return 'q4_k_m';
  if (t === 'Q8_0') return 'q8_0';
  if (/^Q[45]_[01]$/.test(t)) return 'q4_0';
  return null;
}

/**
 * A model's parameters and quantised format when its weights are quantised (fewer than 16 bits
 * each), else null: also when its parameters or bits are unknown. The format is its file type's
 * (quantFormatOfFileType); a quantised model whose file type is not known is predicted as Q4_K_M,
 * what most GGUF files are (`assumed` says so).
 */
export function quantisedWeightsOf(model: Pick<ModelDescriptor, 'bitsPerWeight' | 'paramsBillions' | 'fileType'>): (QuantisedWeights & { assumed: boolean }) | null {
  if (model.bitsPerWeight === null || !(model.bitsPerWeight < 16) || model.paramsBillions === null || !(model.paramsBillions > 0)) return null;
  const known = model.fileType ? quantFormatOfFileType(model.fileType) : null;
  return { params: model.paramsBillions * 1e9, format: known ?? 'q4_k_m', assumed: known === null };
}

/** Combined tokens/s for 1 … MAX_COUNCIL_SIZE members of one model reading `bytes` per token (index 0 = 1 member). */
export function combinedByCouncilSize(fit: EngineFit, soloTps: number, bytes: number | null): number[] {
  return Array.from({ length: MAX_COUNCIL_SIZE }, (_, i) => predictCombinedTps(fit.council, soloTps, i + 1, bytes));
}

/** One member's speed while all `members` decode at once (a council of one model reading `bytes` per token). */
export function perMemberTps(fit: EngineFit, soloTps: number, members: number, bytes: number | null): number {
  return predictCombinedTps(fit.council, soloTps, members, bytes) / members;
}

/** Time to first token (ms) for `promptTokens` on a model of `params` (of a quantised `format`, or null), or null without a prefill fit. */
export function coldTtftMs(fit: EngineFit, promptTokens: number, params: number | null, format: QuantFormat | null = null, layers: number | null = null): number | null {
  return fit.prefill && params !== null ? predictTtftMs(fit.prefill, promptTokens, params, format, attentionShape(params, layers)) : null;
}

/**
 * Where a first-token prediction at `tokens` stands against the prompts the probe timed: beyond
 * them, and then only a lower bound where the attention term does not apply (a probe stored before
 * it, a model of unknown blocks): the short prompts' line carried on, low, since each further token
 * costs more. The term's own long prompts extend the range only where the term applies.
 */
export function firstTokenReach(tokens: number, lineLongest: number | null, attentionLongest: number | null, attentionApplies: boolean): { beyondProbe: boolean; lowerBound: boolean } {
  const reach = attentionApplies && attentionLongest !== null ? Math.max(lineLongest ?? 0, attentionLongest) : lineLongest;
  const beyondProbe = reach !== null && tokens > reach;
  return { beyondProbe, lowerBound: beyondProbe && !attentionApplies };
}

/** Correction bounds: a feedback ratio outside them says the probe no longer describes this machine. */
export const CORRECTION_BOUNDS = { min: 0.25, max: 4 } as const;

/**
 * The feedback loop on top of the probe: the median of measured ÷ cold over the recent runs of an
 * engine/device, where cold is what the current probe predicts for that model. null without runs.
 */
export function probeCorrection(runs: readonly { measured: number; cold: number | null }[]): number | null {
  // Stryker disable next-line ConditionalExpression: equivalent — null > 0 is false too
  // Each ratio bounded before the median (the same median otherwise): 1e308 ÷ 1e-308 is Infinity, whose median is NaN.
  const ratios = runs.filter((r) => r.measured > 0 && r.cold !== null && r.cold > 0).map((r) => Math.min(CORRECTION_BOUNDS.max, Math.max(CORRECTION_BOUNDS.min, r.measured / r.cold!)));
  if (!ratios.length) return null;
  return median(ratios);
}

/** One measured run for the feedback loop: its engine/device key, model, measured and cold tok/s. */
export interface CorrectionRun {
  key: string;
  modelId: string;
  measured: number;
  cold: number | null;
}

/** The feedback loop's corrections: per engine/device, and per model within it. */
export interface ProbeCorrections {
  byDevice: Record<string, number>;
  byModel: Record<string, Record<string, number>>;
}

/**
 * Corrections from runs given newest first, each over its FEEDBACK_WINDOW most recent runs. A model
 * with runs of its own takes its own: the pooled one mixes models the probe reads differently
 * (measured: the tiny model's runs moved the bench model's after-feedback prediction 21 % high).
 * The pooled one stands for the models not yet run (the machine's drift since the probe).
 */
export function probeCorrections(runs: readonly CorrectionRun[]): ProbeCorrections {
  const pooled = new Map<string, CorrectionRun[]>();
  const own = new Map<string, Map<string, CorrectionRun[]>>();
  for (const r of runs) {
    const device = pooled.get(r.key) ?? [];
    if (device.length < FEEDBACK_WINDOW) device.push(r);
    pooled.set(r.key, device);
    const models = own.get(r.key) ?? new Map<string, CorrectionRun[]>();
    const model = models.get(r.modelId) ?? [];
    if (model.length < FEEDBACK_WINDOW) model.push(r);
    own.set(r.key, models.set(r.modelId, model));
  }
  const out: ProbeCorrections = { byDevice: {}, byModel: {} };
  for (const [key, device] of pooled) {
    const c = probeCorrection(device);
    if (c !== null) out.byDevice[key] = c;
    for (const [id, model] of own.get(key)!) {
      const m = probeCorrection(model);
      if (m !== null) (out.byModel[key] ??= {})[id] = m;
    }
  }
  return out;
}

/** The correction for one model: its own, else its engine/device's, else none (1). */
export function correctionFor(corrections: ProbeCorrections | undefined, key: string, modelId: string): number {
  return corrections?.byModel[key]?.[modelId] ?? corrections?.byDevice[key] ?? 1;
}
