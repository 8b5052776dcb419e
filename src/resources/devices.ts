/**
 * The devices a council member can be placed on (seed "Resource Management → GPU Manager"; Council
 * Scaling "Resource Allocation"): each distinct WebGPU adapter the browser offers, and the CPU with
 * its RAM. Pure: the adapters are found at the edge (gpu-adapters.ts) and handed in.
 */
import type { GpuFacts } from '../hardware/profile';

export type PowerPreference = 'high-performance' | 'low-power';
export type DeviceKind = 'gpu' | 'cpu';

/** An adapter as one `requestAdapter({ powerPreference })` answered it. */
export interface FoundAdapter {
  preference: PowerPreference;
  facts: GpuFacts;
}

/** Where a memory budget comes from: the person's entry, the tier's assumption, a benchmark's proof, or the browser's RAM figure. */
export type BudgetSource = 'entered' | 'assumed' | 'proven' | 'reported';

export interface ComputeDevice {
  /** 'gpu-0' (the high-performance adapter), 'gpu-1' …, or 'cpu'. */
  id: string;
  kind: DeviceKind;
  /** "Acme rdna (high-performance)", "CPU (RAM)". */
  label: string;
  /** Memory members may hold on it, after the tier's safety factor (bytes); null = unknown. */
  budgetBytes: number | null;
  budgetSource: BudgetSource;
  adapter: FoundAdapter | null;
}

/**
 * The same adapter answered twice (one GPU: both preferences return it): same identity strings and
 * the same limits. Two cards of one model differ in neither, and are then counted once — the safe
 * side, since browsers give no other way to tell them apart.
 */
export function sameAdapter(a: GpuFacts, b: GpuFacts): boolean {
  if (a.vendor !== b.vendor || a.architecture !== b.architecture || a.device !== b.device || a.description !== b.description) return false;
  const keys = new Set([...Object.keys(a.limits), ...Object.keys(b.limits)]);
  for (const k of keys) if (a.limits[k] !== b.limits[k]) return false;
  return a.features.join() === b.features.join();
}

/** Real GPUs only, each once, the high-performance one first. A software adapter (SwiftShader) is not a GPU (SPEC §2). */
export function distinctGpus(found: FoundAdapter[]): FoundAdapter[] {
  const order = (p: PowerPreference) => (p === 'high-performance' ? 0 : 1);
  const out: FoundAdapter[] = [];
  for (const f of [...found].sort((a, b) => order(a.preference) - order(b.preference))) {
    if (f.facts.isFallbackAdapter) continue;
    if (!out.some((o) => sameAdapter(o.facts, f.facts))) out.push(f);
  }
  return out;
}

export function gpuLabel(a: FoundAdapter): string {
  const name = a.facts.description || [a.facts.vendor, a.facts.architecture].filter(Boolean).join(' ') || 'GPU';
  return `${name} (${a.preference})`;
}

export interface DeviceInput {
  gpus: FoundAdapter[];
  /**
   * Budget of the first (high-performance) GPU, from the plan's VRAM figure (entered, assumed or
   * proven) after the safety factor. The person enters one VRAM figure: it is that card's.
   */
  firstGpu: { budgetBytes: number; source: BudgetSource } | null;
  /** Budget of any further GPU: the tier's assumed VRAM after the safety factor (browsers hide VRAM). */
  otherGpuBudgetBytes: number;
  cpuBudgetBytes: number | null;
  /** Browsers cap the RAM they report (at 8 GB in most): a budget from a capped figure is an assumption. */
  ramCapped?: boolean;
}

/** The device list: each distinct real GPU, then the CPU. */
export function computeDevices(input: DeviceInput): ComputeDevice[] {
  const gpus: ComputeDevice[] = input.gpus.map((a, i) => ({
    id: `gpu-${i}`,
    kind: 'gpu',
    label: gpuLabel(a),
    budgetBytes: i === 0 && input.firstGpu ? input.firstGpu.budgetBytes : input.otherGpuBudgetBytes,
    budgetSource: i === 0 && input.firstGpu ? input.firstGpu.source : 'assumed',
    adapter: a,
  }));
  return [...gpus, { id: 'cpu', kind: 'cpu', label: 'CPU (RAM)', budgetBytes: input.cpuBudgetBytes, budgetSource: input.ramCapped ? 'assumed' : 'reported', adapter: null }];
}

/** wllama runs on WebGPU only where the adapter has shader-f16 (SPEC §4); else on the CPU. */
export function runsWllama(d: ComputeDevice): boolean {
  return d.kind === 'cpu' || (d.adapter?.facts.features.includes('shader-f16') ?? false);
}
