import type { BenchmarkSuiteResult } from '../bench/types';
import type { Tier } from '../hardware/tier-types';
import { GiB, TIER_VRAM_BYTES } from './formulas';

/**
 * How much GPU memory (VRAM) the plan may count on. Browsers hide VRAM, so it is, in order: what
 * the person entered; else the tier's assumption, raised to what the benchmark proved by holding
 * that much at once (a lower bound: the GPU had at least that).
 */
export type VramSource = 'entered' | 'assumed' | 'proven';

export interface GpuMemory {
  /** Bytes the budget is taken from (before the tier's safety factor). */
  bytes: number;
  source: VramSource;
  /** What the tier assumes when nothing is entered (TIER_VRAM_BYTES). */
  assumedBytes: number;
  /** Most GPU memory a benchmark on a real adapter held at once; null when none recorded. */
  provenBytes: number | null;
}

/** The proven lower bound from a suite run; a software adapter's memory is RAM, so it proves nothing. */
export function provenVramBytes(bench: BenchmarkSuiteResult | null): number | null {
  if (!bench || bench.isFallbackAdapter === true) return null;
  const b = bench.largestGpuAllocationBytes;
  return typeof b === 'number' && b > 0 ? b : null;
}

/** Entered wins (the person knows their card); else max(assumed, proven). */
export function gpuMemory(tier: Tier, enteredGB: number | null | undefined, provenBytes: number | null): GpuMemory {
  const assumedBytes = TIER_VRAM_BYTES[tier];
  if (typeof enteredGB === 'number' && enteredGB > 0) return { bytes: enteredGB * GiB, source: 'entered', assumedBytes, provenBytes };
  if (provenBytes !== null && provenBytes > assumedBytes) return { bytes: provenBytes, source: 'proven', assumedBytes, provenBytes };
  return { bytes: assumedBytes, source: 'assumed', assumedBytes, provenBytes };
}

/** Which figure a budget on `device` rests on an assumption about, for messages that block a load. */
export function assumedMemory(gpu: GpuMemory | undefined, device: 'gpu' | 'cpu', ramCapped: boolean): 'VRAM' | 'RAM' | null {
  if (device === 'gpu') return gpu && gpu.source !== 'entered' ? 'VRAM' : null;
  return ramCapped ? 'RAM' : null;
}
