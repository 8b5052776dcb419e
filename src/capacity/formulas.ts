import type { Tier } from '../hardware/tier-types';

/**
 * Capacity Planner formulas (seed: Capacity Planning Workflow; SPEC §2, §3.1, §3.2). Each is one
 * documented pure function, unit-tested against hand-computed values in formulas.test.ts.
 */

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

/** SPEC §2: the memory budget keeps a safety margin, larger on weaker machines. */
export const SAFETY_FACTOR: Record<Tier, number> = { low: 0.8, mid: 0.85, high: 0.9 };

/** SPEC §3.1: council sizes per tier, never more than 6. */
export const COUNCIL_SIZE: Record<Tier, { min: number; max: number }> = { low: { min: 1, max: 1 }, mid: { min: 2, max: 3 }, high: { min: 4, max: 6 } };
export const MAX_COUNCIL_SIZE = 6;

/** SPEC §3.1: the largest model each tier may run (billions of parameters) and its context. */
export const TIER_MAX_PARAMS_B: Record<Tier, number> = { low: 3, mid: 13, high: 70 };
/**
 * The tiers name size classes, and models are named by class: Llama-3.2-3B holds 3.21 B parameters,
 * Llama-3.1-70B 70.6 B. Now that counts come from the models' own facts (issue 11), a model up to
 * 10 % above its class's number still belongs to it.
 */
export const PARAM_CLASS_TOLERANCE = 1.1;

/** Whether a model of `paramsBillions` belongs to a class of at most `maxB` (SPEC §3.1). */
export function withinParamClass(paramsBillions: number, maxB: number): boolean {
  return paramsBillions <= maxB * PARAM_CLASS_TOLERANCE;
}
export const TIER_CONTEXT: Record<Tier, number> = { low: 2048, mid: 4096, high: 8192 };

/**
 * SPEC §3.2: memory warning at 85 % of the budget (the capacity plan's, already scaled by the tier's
 * safety factor), critical at 95 %. A council the plan recommends stays below the warning: one that
 * filled 86–100 % of the budget was approved, then warned about while idle, and its idle members evicted.
 */
export const MEMORY_WARNING_SHARE = 0.85;
export const MEMORY_CRITICAL_SHARE = 0.95;

/** SPEC §3.2: decode target per member (tokens/s); alerts fire below 0.7 × baseline. */
export const TIER_TARGET_TPS: Record<Tier, number> = { low: 30, mid: 80, high: 200 };
export const TARGET_FLOOR = 0.7;
/** SPEC §3.2: time-to-first-token target per tier (ms). */
export const TIER_TTFT_MS: Record<Tier, number> = { low: 1500, mid: 1000, high: 500 };
/** SPEC §3.2: the UI's frame-rate target (30 fps on Low, 60 elsewhere). */
export const TIER_TARGET_FPS: Record<Tier, number> = { low: 30, mid: 60, high: 60 };

/**
 * Browsers do not reveal VRAM, so a GPU plan assumes the seed's VRAM for the tier: below Mid's
 * 4 GB for Low, Mid's lower bound 4 GB, High's lower bound 12 GB. The person's tier override
 * therefore changes the budget, as it should.
 */
export const TIER_VRAM_BYTES: Record<Tier, number> = { low: 2 * GiB, mid: 4 * GiB, high: 12 * GiB };

/** The share of RAM a CPU plan may take: the OS, the browser and the page keep the other half. */
export const RAM_SHARE_FOR_MODELS = 0.5;

/** wllama runs wasm32: one instance addresses at most 4 GiB. */
export const WASM32_MEMORY_BYTES = 4 * GiB;

/** web-llm needs 1 GiB storage-buffer bindings, except for its `low_resource_required` models. */
export const WEBLLM_FULL_BINDING_BYTES = GiB;

/** Starting efficiencies (fraction of measured bandwidth a decode step achieves) before feedback. */
export const DEFAULT_EFFICIENCY: Record<string, number> = { 'web-llm/gpu': 0.6, 'wllama/cpu': 0.5, 'wllama/gpu': 0.5 };
/** Fraction of measured matmul throughput prefill achieves. */
export const PREFILL_EFFICIENCY = 0.3;
/** llama.cpp's wasm kernels use 128-bit SIMD: 4 f32 lanes per scalar operation the JS benchmark measures. */
export const WASM_SIMD_LANES = 4;
/** Prompt length the predicted time-to-first-token assumes. */
export const TTFT_PROMPT_TOKENS = 128;

/** budget = available × safety factor(tier). E.g. 4 GiB on Mid → 4 GiB × 0.85 = 3.4 GiB. */
export function memoryBudgetBytes(availableBytes: number, tier: Tier): number {
  return availableBytes * SAFETY_FACTOR[tier];
}

/**
 * RAM assumed where the browser reports none (Firefox and Safari have no navigator.deviceMemory): a
 * figure nearly every machine running such a browser has, so a small local model can still be
 * planned, and the plan says "assumed" (issue 11 item 5). Without it every local model there read
 * "CPU memory unknown" and no council could be planned.
 */
export const ASSUMED_RAM_GB = 4;

/** RAM a CPU plan may use: deviceMemory (GB, a lower bound when capped; ASSUMED_RAM_GB when unknown) × 2^30 × 0.5. */
export function cpuAvailableBytes(deviceMemoryGB: number | null): number {
  return (deviceMemoryGB ?? ASSUMED_RAM_GB) * GiB * RAM_SHARE_FOR_MODELS;
}

/**
 * Memory a loaded model needs: web-llm's measured vram_required_MB when known (weights, KV cache
 * and activations at its context), else weights + 20 % (KV cache and activations at 2–8k context).
 */
export function modelMemoryBytes(m: { vramRequiredMB: number | null; weightBytes: number | null }): number | null {
  if (m.vramRequiredMB !== null) return m.vramRequiredMB * MiB;
  if (m.weightBytes !== null) return m.weightBytes * 1.2;
  return null;
}

/**
 * Bytes read per decoded token: decode is memory-bound and reads every weight once per token,
 * i.e. params × bits / 8 (the weight bytes). KV-cache reads are small at short context.
 */
export function bytesReadPerToken(m: { weightBytes: number | null; paramsBillions: number | null; bitsPerWeight: number | null }): number | null {
  if (m.weightBytes !== null) return m.weightBytes;
  if (m.paramsBillions !== null && m.bitsPerWeight !== null) return (m.paramsBillions * 1e9 * m.bitsPerWeight) / 8;
  return null;
}

/** Predicted decode tokens/s = bandwidth (GB/s × 1e9) ÷ bytes per token × efficiency. */
export function predictedDecodeTps(bandwidthGBps: number, bytesPerToken: number, efficiency: number): number {
  return ((bandwidthGBps * 1e9) / bytesPerToken) * efficiency;
}

/**
 * N members decoding at once share the bandwidth: one round reads every member's weights once and
 * gives each member one token, so each gets bandwidth × efficiency ÷ Σ bytes per token.
 */
export function concurrentDecodeTps(bandwidthGBps: number, memberBytesPerToken: number[], efficiency: number): number {
  const total = memberBytesPerToken.reduce((a, b) => a + b, 0);
  return total > 0 ? ((bandwidthGBps * 1e9) / total) * efficiency : 0;
}

/**
 * Predicted time to first token (ms) = prefill (2 × params FLOPs per prompt token, at the measured
 * GFLOP/s × prefill efficiency) + one decode step. E.g. 1B params, 128 tokens, 100 GFLOP/s,
 * 20 tok/s: 2·1e9·128 / (100e9·0.3) s = 8.533 s + 50 ms = 8583 ms.
 */
export function predictedTtftMs(paramsBillions: number, promptTokens: number, gflops: number, decodeTps: number, prefillEfficiency = PREFILL_EFFICIENCY): number {
  const prefillS = (2 * paramsBillions * 1e9 * promptTokens) / (gflops * 1e9 * prefillEfficiency);
  return (prefillS + 1 / decodeTps) * 1000;
}

/** Relative error of a prediction: (predicted − measured) / measured. */
export function predictionError(predicted: number, measured: number): number {
  return (predicted - measured) / measured;
}

/** The council size the tier allows, never above 6 nor below 1 (SPEC §3.1). */
export function councilSizeRange(tier: Tier): { min: number; max: number } {
  const r = COUNCIL_SIZE[tier];
  return { min: Math.max(1, r.min), max: Math.min(MAX_COUNCIL_SIZE, r.max) };
}
