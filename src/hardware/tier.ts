import type { BenchmarkSuiteResult } from '../bench/types';
import { figure } from '../bench/types';
import { formatDeviceMemory, hasRealGpu, type HardwareProfile } from './profile';
import type { Tier, TierComponent, TierResult } from './tier-types';

/** SPEC §2: CPU 0.30, memory 0.25, GPU 0.35, storage 0.10. */
export const TIER_WEIGHTS = { cpu: 0.3, memory: 0.25, gpu: 0.35, storage: 0.1 } as const;
/** SPEC §2: Low ≤ 40, Mid ≤ 75, High ≥ 76 (on the rounded total). */
export const LOW_MAX = 40;
export const MID_MAX = 75;

/** The tier of a total score. */
export function tierOfScore(score: number): Tier {
  const s = Math.round(score);
  return s <= LOW_MAX ? 'low' : s <= MID_MAX ? 'mid' : 'high';
}

/**
 * Maps a measured quantity onto 0…100 so that the seed's boundaries land on the tier boundaries:
 * below `midFrom` → 0…40 (Low), `midFrom`…`midTo` inclusive → 41…75 (Mid), above `midTo` → 76…100
 * (High, reaching 100 at `top`). E.g. cores: midFrom 6, midTo 12 (seed: Low < 6, Mid 6–12, High > 12).
 */
export function bandScore(x: number, midFrom: number, midTo: number, top: number): number {
  if (!(x > 0)) return 0;
  if (x < midFrom) return Math.min(LOW_MAX, Math.floor(((LOW_MAX + 1) * x) / midFrom));
  if (x <= midTo) return Math.round(LOW_MAX + 1 + ((MID_MAX - LOW_MAX - 1) * (x - midFrom)) / (midTo - midFrom));
  return Math.min(100, Math.max(MID_MAX + 1, Math.round(MID_MAX + 1 + ((100 - MID_MAX - 1) * (x - midTo)) / (top - midTo))));
}

/** Seed boundaries per component (Low below midFrom, High above midTo). */
export const BANDS = {
  cores: { midFrom: 6, midTo: 12, top: 32 },
  memoryGB: { midFrom: 12, midTo: 24, top: 64 },
  // Browsers do not reveal VRAM; measured bandwidth separates integrated (≈50–100 GB/s),
  // mid discrete (≈100–400 GB/s) and high-end GPUs (≈400–3000 GB/s).
  gpuBandwidthGBps: { midFrom: 100, midTo: 400, top: 2000 },
  // Storage quota the browser grants this origin: models must fit in it.
  storageGB: { midFrom: 10, midTo: 100, top: 500 },
} as const;

/** A real GPU that has not been benchmarked yet counts as the bottom of Mid. */
export const UNMEASURED_GPU_SCORE = 41;
/** Unknown RAM (no Device Memory API) is assumed small. */
export const UNKNOWN_MEMORY_SCORE = 20;

const GB = 1e9;

function band(x: number, b: { midFrom: number; midTo: number; top: number }): number {
  return bandScore(x, b.midFrom, b.midTo, b.top);
}

/**
 * A measured figure in a reason: `digits` decimals, more where rounding would land on a boundary
 * the figure is not on (99.6 GB/s must not read "100 GB/s — Mid needs 100 GB/s").
 */
function figureText(x: number, digits: number, b: { midFrom: number; midTo: number }): string {
  let d = digits;
  while (d < 6 && [b.midFrom, b.midTo].includes(Number(x.toFixed(d))) && Number(x.toFixed(d)) !== x) d++;
  return x.toFixed(d);
}

export function cpuComponent(p: HardwareProfile): TierComponent {
  const cores = p.cpuCores;
  if (cores === null) return { name: 'cpu', weight: TIER_WEIGHTS.cpu, score: 0, reason: 'CPU core count unknown' };
  const score = band(cores, BANDS.cores);
  const need = cores < 6 ? ' — Mid needs 6' : cores <= 12 ? ' — High needs more than 12' : '';
  return { name: 'cpu', weight: TIER_WEIGHTS.cpu, score, reason: `${cores} CPU cores${need}` };
}

export function memoryComponent(p: HardwareProfile): TierComponent {
  const gb = p.deviceMemoryGB;
  if (gb === null)
    return { name: 'memory', weight: TIER_WEIGHTS.memory, score: UNKNOWN_MEMORY_SCORE, reason: 'RAM unknown (this browser does not report it), assumed small' };
  const score = band(gb, BANDS.memoryGB);
  const capped = p.deviceMemoryCapped ? ' (a lower bound: browsers cap this figure)' : '';
  const need = gb < 12 ? ' — Mid needs 12 GB' : gb <= 24 ? ' — High needs more than 24 GB' : '';
  return { name: 'memory', weight: TIER_WEIGHTS.memory, score, reason: `${formatDeviceMemory(p)} RAM${capped}${need}` };
}

/** A software adapter (SwiftShader, isFallbackAdapter) scores 0: it is not a GPU (SPEC §2). */
export function gpuComponent(p: HardwareProfile, bench: BenchmarkSuiteResult | null): TierComponent {
  const w = TIER_WEIGHTS.gpu;
  if (p.gpu === null) return { name: 'gpu', weight: w, score: 0, reason: `No GPU — ${p.webgpuNote.replace(/^no WebGPU: /, '')}` };
  if (!hasRealGpu(p))
    return { name: 'gpu', weight: w, score: 0, reason: `Only a software GPU (${p.gpu.description || p.gpu.vendor || 'fallback adapter'}): counts as CPU-only` };
  const name = p.gpu.description || [p.gpu.vendor, p.gpu.architecture].filter(Boolean).join(' ') || 'GPU';
  // Benchmarks run on a fallback adapter do not describe a real GPU.
  const bw = bench && bench.isFallbackAdapter !== true ? figure(bench, 'gpu-bandwidth') : null;
  if (!bw) return { name: 'gpu', weight: w, score: UNMEASURED_GPU_SCORE, reason: `${name}: real GPU, not benchmarked yet (counted as entry-level Mid)` };
  const score = band(bw.median, BANDS.gpuBandwidthGBps);
  const need = bw.median < 100 ? ' — Mid needs 100 GB/s' : bw.median <= 400 ? ' — High needs more than 400 GB/s' : '';
  return { name: 'gpu', weight: w, score, reason: `${name}: ${figureText(bw.median, 0, BANDS.gpuBandwidthGBps)} GB/s memory bandwidth${need}` };
}

export function storageComponent(p: HardwareProfile): TierComponent {
  const q = p.storage.quotaBytes;
  if (q === null) return { name: 'storage', weight: TIER_WEIGHTS.storage, score: 0, reason: 'Storage quota unknown' };
  const gb = q / GB;
  const need = gb < 10 ? ' — Mid needs 10 GB for models' : '';
  return { name: 'storage', weight: TIER_WEIGHTS.storage, score: band(gb, BANDS.storageGB), reason: `${figureText(gb, gb < 10 ? 1 : 0, BANDS.storageGB)} GB storage available to the app${need}` };
}

/**
 * A capped deviceMemory is a lower bound ("≥ 8 GB"): the machine may have 8 GB or 128 GB. It then
 * counts as at least its own score and as much as the rest of the machine (the weighted mean of the
 * other components), so a figure the browser hides is never on its own what keeps a machine below
 * High — nor what lifts it: the total is what the other components say, or higher if RAM scores more.
 */
export function atLeastMemory(memory: TierComponent, others: TierComponent[], capped: boolean): TierComponent {
  const weight = others.reduce((s, c) => s + c.weight, 0);
  if (!capped || weight <= 0) return memory;
  const rest = Math.round(others.reduce((s, c) => s + c.weight * c.score, 0) / weight);
  if (rest <= memory.score) return memory;
  const base = memory.reason.replace(/ — .*$/, '');
  return { ...memory, score: rest, reason: `${base}: the true amount is hidden, so it counts as much as the rest of the machine` };
}

/** Tier Classifier (seed: Hardware Tier Classification): weighted score of the four components. */
export function classifyTier(p: HardwareProfile, bench: BenchmarkSuiteResult | null = null): TierResult {
  const [cpu, gpu, storage] = [cpuComponent(p), gpuComponent(p, bench), storageComponent(p)];
  const components = [cpu, atLeastMemory(memoryComponent(p), [cpu, gpu, storage], p.deviceMemoryCapped), gpu, storage];
  const score = Math.round(components.reduce((sum, c) => sum + c.weight * c.score, 0));
  return { tier: tierOfScore(score), score, components };
}
