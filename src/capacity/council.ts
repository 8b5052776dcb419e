import type { Tier } from '../hardware/tier-types';
import { MEMORY_WARNING_SHARE, TARGET_FLOOR, TIER_TARGET_TPS, bytesReadPerToken, concurrentDecodeTps, councilSizeRange } from './formulas';
import type { ModelPlan, PlanDevice, RecommendedCouncil } from './plan-types';

export interface CouncilInput {
  tier: Tier;
  models: ModelPlan[];
  budgets: Record<PlanDevice, number | null>;
  bandwidthGBps: Record<PlanDevice, number | null>;
  efficiency: Record<string, number>;
  preferDevice: PlanDevice;
  /** Slowest member's tokens/s while all decode at once, from the engine probe; absent → bandwidth ÷ Σ bytes. */
  concurrentTps?: (members: ModelPlan[]) => number;
  /** Why the members cannot all be placed, one per device (GPU Manager, run dry); null = they can. */
  placementProblem?: (members: ModelPlan[]) => string | null;
}

/**
 * Models a council may use on `device`: they fit, have a predicted speed and run locally. The
 * project's generated test models (random weights) are used only when nothing real fits.
 * Ordered best first: more parameters (better answers), then faster.
 */
export function councilCandidates(models: ModelPlan[], device: PlanDevice): ModelPlan[] {
  const usable = models.filter((m) => m.fits && m.device === device && m.predictedTokensPerSecond !== null && m.model.engine !== 'remote');
  const real = usable.filter((m) => m.model.source !== 'generated');
  const pool = real.length ? real : usable;
  return [...pool].sort((a, b) => (b.model.paramsBillions ?? 0) - (a.model.paramsBillions ?? 0) || (b.predictedTokensPerSecond ?? 0) - (a.predictedTokensPerSecond ?? 0));
}

/** What a council breaks, in plain words (empty = passes). */
export function validateCouncil(members: ModelPlan[], input: CouncilInput, device: PlanDevice): string[] {
  const problems: string[] = [];
  const budget = input.budgets[device] ?? 0;
  const memory = members.reduce((s, m) => s + (m.memoryBytes ?? 0), 0);
  // Below the monitor's warning line, not the whole budget: a council the plan recommends raises no memory alert.
  const limit = budget * MEMORY_WARNING_SHARE;
  if (memory > limit) problems.push(`memory: ${(memory / 1e9).toFixed(2)} GB > ${MEMORY_WARNING_SHARE * 100} % of the budget ${(budget / 1e9).toFixed(2)} GB (the monitor warns above it)`);
  else {
    const placement = input.placementProblem?.(members) ?? null;
    if (placement) problems.push(`placement: ${placement}`);
  }
  const bw = input.bandwidthGBps[device];
  const eff = input.efficiency[`${members[0]?.model.engine}/${device}`] ?? 0.5;
  const floor = TIER_TARGET_TPS[input.tier] * TARGET_FLOOR;
  if ((bw !== null || input.concurrentTps) && members.length) {
    const each = input.concurrentTps ? input.concurrentTps(members) : concurrentDecodeTps(bw!, members.map((m) => bytesReadPerToken(m.model) ?? 0), eff);
    if (each < floor) problems.push(`speed: ${each.toFixed(1)} tok/s per member when all decode at once < ${floor.toFixed(0)} (0.7 × ${input.tier} target)`);
  }
  return problems;
}

function label(m: ModelPlan): string {
  return m.model.label;
}

/**
 * The seed's validation loop (Memory Budget → Council Size → Validation Check → Adjust Parameters):
 * start with the tier's largest council of the best models; while it fails, swap the largest
 * member for the next smaller model, and when none is smaller, drop a member. A single member
 * that still misses the speed target is kept, with the shortfall stated.
 */
export function recommendCouncil(input: CouncilInput): { council: RecommendedCouncil; validation: string[] } {
  const log: string[] = [];
  let device = input.preferDevice;
  let candidates = councilCandidates(input.models, device);
  if (!candidates.length) {
    const other: PlanDevice = device === 'gpu' ? 'cpu' : 'gpu';
    const alt = councilCandidates(input.models, other);
    if (alt.length) {
      log.push(`No model fits on the ${device.toUpperCase()}; planning on the ${other.toUpperCase()}.`);
      device = other;
      candidates = alt;
    }
  }
  if (!candidates.length) {
    log.push('No model fits this machine: the council is empty. Add a smaller model or a remote server.');
    return { council: { size: 0, memberModelIds: [] }, validation: log };
  }
  const range = councilSizeRange(input.tier);
  const pick = (size: number) => Array.from({ length: size }, (_, i) => candidates[i % candidates.length]);
  let size = range.max;
  let members = pick(size);
  log.push(`Start: ${size} member(s) for the ${input.tier} tier (${range.min}–${range.max}): ${members.map(label).join(', ')}.`);
  for (let step = 0; step < 500; step++) {
    const problems = validateCouncil(members, input, device);
    if (!problems.length) {
      log.push(`Pass: ${size} member(s) within budget and speed target.`);
      break;
    }
    log.push(`Fail: ${problems.join('; ')}.`);
    // Adjust: the member reading the most bytes per token gives way to the next smaller model.
    const largest = members.reduce((a, b, i) => ((b.memoryBytes ?? 0) > (members[a].memoryBytes ?? 0) ? i : a), 0);
    const current = members[largest];
    const smaller = candidates.filter((c) => (c.memoryBytes ?? 0) < (current.memoryBytes ?? 0)).sort((a, b) => (b.memoryBytes ?? 0) - (a.memoryBytes ?? 0))[0];
    if (smaller) {
      members = members.map((m, i) => (i === largest ? smaller : m));
      log.push(`Adjust: ${label(current)} → smaller ${label(smaller)}.`);
    } else if (size > 1) {
      size -= 1;
      members = pick(size);
      log.push(`Adjust: council shrinks to ${size} member(s)${size < range.min ? ` (below the tier's ${range.min})` : ''}.`);
    } else {
      log.push(`Accept: 1 member (${label(current)}) is the most this machine can run; it misses the target.`);
      break;
    }
  }
  return { council: { size: members.length, memberModelIds: members.map((m) => m.model.id) }, validation: log };
}
