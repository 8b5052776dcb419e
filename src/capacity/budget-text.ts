import type { Tier } from '../hardware/tier-types';
import { ASSUMED_RAM_GB, GiB, RAM_SHARE_FOR_MODELS } from './formulas';
import type { GpuMemory } from './gpu-memory';

/**
 * The plan's memory budgets in plain words, saying "assumed" wherever a figure is not known:
 * browsers hide VRAM and cap RAM, and a person acting on a budget must know which it is.
 */

/** GiB shown as "GB" (GPUs and RAM are sold that way): 3.4, 12, 0.5. */
export function gbText(bytes: number): string {
  const g = bytes / GiB;
  return g >= 10 ? g.toFixed(0) : g >= 1 ? g.toFixed(1).replace(/\.0$/, '') : g.toFixed(2).replace(/0$/, '');
}

/** "GPU budget 3.4 GB (assumed 4 GB VRAM for the mid tier — enter yours)" and its entered / proven variants. */
export function gpuBudgetText(m: GpuMemory, budgetBytes: number, tier: Tier): string {
  const head = `GPU budget ${gbText(budgetBytes)} GB`;
  const proven = m.provenBytes !== null ? `at least ${gbText(m.provenBytes)} GB proven by the benchmark` : null;
  if (m.source === 'entered') return `${head} (your ${gbText(m.bytes)} GB VRAM)`;
  if (m.source === 'proven') return `${head} (${proven}; VRAM assumed no larger — enter yours)`;
  return `${head} (assumed ${gbText(m.assumedBytes)} GB VRAM for the ${tier} tier${proven ? `, ${proven}` : ''} — enter yours)`;
}

/** "CPU budget 3.2 GB (half of 8 GB RAM, assumed: browsers cap the figure they report …)", of the reported RAM, or of ASSUMED_RAM_GB. */
export function cpuBudgetText(deviceMemoryGB: number | null, capped: boolean, budgetBytes: number): string {
  const share = RAM_SHARE_FOR_MODELS === 0.5 ? 'half' : `${Math.round(RAM_SHARE_FOR_MODELS * 100)} %`;
  if (deviceMemoryGB === null) return `CPU budget ${gbText(budgetBytes)} GB (${share} of ${ASSUMED_RAM_GB} GB RAM, assumed: this browser does not report RAM)`;
  const head = `CPU budget ${gbText(budgetBytes)} GB (${share} of ${deviceMemoryGB} GB RAM`;
  // The cap differs between browsers (8 GB in most, more in recent Chromium): name no number.
  return capped ? `${head}, assumed: browsers cap the figure they report, so the machine may have more)` : `${head})`;
}

/**
 * Beside the VRAM entry: what the plan uses now. An entry on a machine without a usable GPU is
 * kept for when it has one (a software adapter's memory is RAM, not VRAM); one entered for another
 * GPU (`otherGpu`: a restored backup, another adapter) is kept and not used.
 */
export function vramStatusText(m: GpuMemory, tier: Tier, realGpu: boolean, otherGpu: { gb: number; gpu: string | null } | null = null): string {
  const other = otherGpu && m.source !== 'entered' ? ` Your ${gbText(otherGpu.gb * GiB)} GB was entered for another GPU (${otherGpu.gpu}): enter this one's.` : '';
  return vramStatus(m, tier, realGpu) + other;
}

function vramStatus(m: GpuMemory, tier: Tier, realGpu: boolean): string {
  const proven = m.provenBytes !== null ? ` At least ${gbText(m.provenBytes)} GB proven by the benchmark.` : '';
  if (m.source === 'entered')
    return realGpu ? `Using your ${gbText(m.bytes)} GB for the GPU budget.` : `Your ${gbText(m.bytes)} GB is stored; no usable GPU here, so the plan runs on the CPU.`;
  const assumed = `Browsers hide VRAM: assumed ${gbText(m.assumedBytes)} GB for the ${tier} tier until you enter yours.`;
  return m.source === 'proven' ? `Browsers hide VRAM: using the ${gbText(m.bytes)} GB the benchmark proved until you enter yours.` : `${assumed}${proven}`;
}
