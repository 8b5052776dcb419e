import { COUNCIL_SIZE, MAX_COUNCIL_SIZE, TIER_TARGET_TPS, bytesReadPerToken } from '../capacity/formulas';
import type { CapacityPlan, ModelPlan, PlanDevice } from '../capacity/plan-types';
import type { Tier } from '../hardware/tier-types';
import { uslThroughput, type ThroughputPoint, type UslFit } from './usl';

/**
 * Scalability recommendations (seed: Scalability Analysis Framework → Recommendations: Immediate
 * Actions, Medium-term Plans, Long-term Vision, Risk Mitigation). Pure: from the fitted USL model
 * of one scalability run and the capacity plan, each rule gives advice with its numbers and names
 * the measurement(s) it rests on, so it goes stale when that measurement is replaced.
 */

export type Horizon = 'immediate' | 'medium' | 'long' | 'risk';
export const HORIZONS = ['immediate', 'medium', 'long', 'risk'] as const satisfies readonly Horizon[];
export const HORIZON_LABEL = { immediate: 'Immediate', medium: 'Medium term', long: 'Long term', risk: 'Risk' } as const satisfies Record<Horizon, string>;

/** The rules, one per kind of advice (each tested on its own). */
export const RULES = [
  'council-knee',
  'model-meets-target',
  'model-misses-target',
  'bandwidth-for-council',
  'servers-for-council',
  'throughput-falls',
  'memory-headroom',
  'weak-fit',
] as const;
export type RuleId = (typeof RULES)[number];

/** A measurement a recommendation rests on: a scalability run, or the capacity plan (its benchmark run). */
export const BASIS_KINDS = ['scalability-run', 'capacity-plan'] as const;
export interface Basis {
  kind: (typeof BASIS_KINDS)[number];
  /** Changes whenever the measurement is replaced (a new run, new benchmarks, another tier). */
  id: string;
  /** When it was measured (ms since 1970); null for a plan made without benchmarks. */
  at: number | null;
  /** Plain words, e.g. "scalability run usl-… (2 sizes, wirthforge-tiny)". */
  label: string;
}

export interface Recommendation {
  horizon: Horizon;
  rule: RuleId;
  text: string;
  /** The numbers in the text, by name (for the JSON report and tests). */
  numbers: Record<string, number>;
  basis: Basis[];
}

/** One scalability run: its identity, the measured points and their USL fit (null below 2 sizes). */
export interface ScalabilityRun {
  id: string;
  /** null for points stored before runs had an identity. */
  measuredAt: number | null;
  modelId: string | null;
  points: ThroughputPoint[];
  fit: UslFit | null;
}

export interface RecommendationInput {
  run: ScalabilityRun | null;
  plan: CapacityPlan | null;
  planBasis: Basis | null;
  /**
   * Memory in use against the budget; defaults to the planned council's memory against the plan's
   * budget on its device.
   */
  memory?: { usedBytes: number; budgetBytes: number; basis: Basis } | null;
}

export interface Recommendations {
  items: Recommendation[];
  /** Horizons (or rules) that gave nothing, and why: "run the benchmarks first". */
  missing: string[];
}

/** The smallest council reaching this share of the peak is the "knee" worth running. */
export const KNEE_SHARE = 0.9;
/** Below this R² the USL fit is too weak to act on. */
export const R2_CUT = 0.9;
/** Below this share of the memory budget left free, the plan is at risk (SPEC §3.2: memory warning 85 %). */
export const HEADROOM_CUT = 0.15;

const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : '∞');
const pct = (x: number): string => `${Math.round(x * 100)} %`;
const ordinal = (n: number): string => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${s}`;
};
const gb = (bytes: number): string => (bytes >= 1e8 ? `${fmt(bytes / 1e9)} GB` : bytes >= 1e6 ? `${fmt(bytes / 1e6)} MB` : `${fmt(bytes / 1e3)} kB`);
const dateText = (at: number | null): string => (at === null ? 'no date' : new Date(at).toISOString().slice(0, 16).replace('T', ' '));

/** The basis of a scalability run. */
export function runBasis(run: Pick<ScalabilityRun, 'id' | 'measuredAt' | 'modelId' | 'points'>): Basis {
  const sizes = new Set(run.points.map((p) => p.n)).size;
  return { kind: 'scalability-run', id: run.id, at: run.measuredAt, label: `scalability run ${run.id} (${sizes} size${sizes === 1 ? '' : 's'}${run.modelId ? `, ${run.modelId}` : ''})` };
}

/** The basis of a capacity plan: the tier and the benchmark run its speeds come from. */
export function planBasis(tier: Tier, benchStartedAt: number | null): Basis {
  return {
    kind: 'capacity-plan',
    id: `plan-${tier}-${benchStartedAt ?? 'unmeasured'}`,
    at: benchStartedAt,
    label: benchStartedAt === null ? `capacity plan (${tier} tier, no benchmarks yet)` : `capacity plan (${tier} tier, benchmarks of ${dateText(benchStartedAt)})`,
  };
}

/** "based on <run> of <date>" for one recommendation. */
export function basisText(basis: readonly Basis[]): string {
  return `based on ${basis.map((b) => (b.at === null || b.kind === 'capacity-plan' ? b.label : `${b.label} of ${dateText(b.at)}`)).join(' and ')}`;
}

/**
 * The measurements a recommendation rests on that have since been replaced: a basis is stale when
 * the current measurement of its kind has another id (or there is none any more).
 */
export function staleBases(rec: Pick<Recommendation, 'basis'>, current: readonly Basis[]): Basis[] {
  return rec.basis.filter((b) => current.find((c) => c.kind === b.kind)?.id !== b.id);
}

export const isStale = (rec: Pick<Recommendation, 'basis'>, current: readonly Basis[]): boolean => staleBases(rec, current).length > 0;

// ————— rules —————

/** Throughput of each whole council size 1 … limit on the fitted curve. */
function curve(fit: UslFit, limit: number): number[] {
  return Array.from({ length: limit }, (_, i) => uslThroughput(i + 1, fit.lambda, fit.sigma, fit.kappa));
}

/** Immediate: the smallest council within KNEE_SHARE of the peak (N ≤ 6), and what one more member adds. */
export function councilKnee(run: ScalabilityRun, fit: UslFit): Recommendation | null {
  const xs = curve(fit, MAX_COUNCIL_SIZE);
  const peak = Math.max(...xs);
  if (!(peak > 0)) return null;
  const peakN = xs.indexOf(peak) + 1;
  const n = xs.findIndex((x) => x >= KNEE_SHARE * peak) + 1;
  const share = xs[n - 1] / peak;
  const next = n < MAX_COUNCIL_SIZE ? (xs[n] - xs[n - 1]) / peak : null;
  const measuredMax = Math.max(...run.points.map((p) => p.n));
  const head =
    n === peakN
      ? `A council of ${n} gives the peak throughput (${fmt(peak)} tokens/s${peakN === MAX_COUNCIL_SIZE ? `, within the limit of ${MAX_COUNCIL_SIZE} members` : ''})`
      : `A council of ${n} gives ${pct(share)} of the peak (${fmt(xs[n - 1])} of ${fmt(peak)} tokens/s at N = ${peakN})`;
  const tail = next === null ? '' : next >= 0 ? `; a ${ordinal(n + 1)} member adds ${pct(next)}` : `; a ${ordinal(n + 1)} member would cost ${pct(-next)}`;
  const extrapolated = n + 1 > measuredMax || peakN > measuredMax ? ` (extrapolated: measured up to N = ${measuredMax})` : '';
  const numbers: Record<string, number> = { n, share, peakN, peakThroughput: peak, throughput: xs[n - 1] };
  if (next !== null) numbers.nextMemberShare = next;
  return { horizon: 'immediate', rule: 'council-knee', text: `${head}${tail}${extrapolated}.`, numbers, basis: [runBasis(run)] };
}

/** A model's decode speed: predicted from the plan, else measured (feedback loop), else one member of the scalability run (λ). */
interface Speed {
  tokensPerSecond: number;
  how: 'predicted' | 'measured' | 'measured in the scalability run';
}
function speedOf(m: ModelPlan, run: ScalabilityRun | null = null): Speed | null {
  if (m.predictedTokensPerSecond !== null) return { tokensPerSecond: m.predictedTokensPerSecond, how: 'predicted' };
  if (m.measuredTokensPerSecond !== null) return { tokensPerSecond: m.measuredTokensPerSecond, how: 'measured' };
  if (run?.fit && run.modelId === m.model.id && run.fit.lambda > 0) return { tokensPerSecond: run.fit.lambda, how: 'measured in the scalability run' };
  return null;
}
/** Models that fit and have a speed, real models before test models. */
function usableModels(plan: CapacityPlan, run: ScalabilityRun | null = null): { m: ModelPlan; speed: Speed }[] {
  const usable = plan.models.flatMap((m) => {
    const speed = m.fits && m.model.engine !== 'remote' ? speedOf(m, run) : null;
    return speed ? [{ m, speed }] : [];
  });
  const real = usable.filter((u) => u.m.model.source !== 'generated');
  return real.length ? real : usable;
}
/** Bits per weight as a person reads them: a K-quant's 5.2108734 is "5.2-bit". */
const quant = (m: ModelPlan): string => (m.model.bitsPerWeight === null ? '' : `, ${+m.model.bitsPerWeight.toFixed(1)}-bit`);
const testNote = (m: ModelPlan): string => (m.model.source === 'generated' && !/test model/i.test(m.model.label) ? ' (a test model: random weights)' : '');
function params(m: ModelPlan): string {
  const b = m.model.paramsBillions;
  if (b === null) return 'size unknown';
  return b >= 1 ? `${fmt(b)} B` : b >= 1e-3 ? `${fmt(b * 1e3)} M` : `${fmt(b * 1e6)} k`;
}

/**
 * Medium term: which model (or quantisation) that fits would meet the tier's target speed; a
 * speed taken from the scalability run adds that run to the basis.
 */
export function modelForTarget(plan: CapacityPlan, basis: Basis, run: ScalabilityRun | null = null): Recommendation | null {
  const target = TIER_TARGET_TPS[plan.tier];
  const models = usableModels(plan, run);
  if (!models.length) return null;
  const bases = (u: { speed: Speed }) => (run && u.speed.how === 'measured in the scalability run' ? [basis, runBasis(run)] : [basis]);
  const meets = models
    .filter((u) => u.speed.tokensPerSecond >= target)
    .sort((a, b) => (b.m.model.paramsBillions ?? 0) - (a.m.model.paramsBillions ?? 0) || b.speed.tokensPerSecond - a.speed.tokensPerSecond);
  if (meets.length) {
    const best = meets[0];
    const { m } = best;
    const speed = best.speed.tokensPerSecond;
    const planned = plan.recommendedCouncil.memberModelIds.includes(m.model.id) ? ' It is already in the planned council.' : '';
    const others = meets.length > 1 ? ` ${meets.length - 1} other fitting model${meets.length === 2 ? '' : 's'} also reach${meets.length === 2 ? 'es' : ''} it.` : '';
    return {
      horizon: 'medium',
      rule: 'model-meets-target',
      text: `${m.model.label} (${params(m)}${quant(m)})${testNote(m)} fits (${m.memoryBytes === null ? 'size unknown' : gb(m.memoryBytes)}) and is ${best.speed.how} at ${fmt(speed)} tokens/s, meeting the ${plan.tier} target of ${target} tokens/s per member (${pct(speed / target)}).${planned}${others}`,
      numbers: { tokensPerSecond: speed, target, ratio: speed / target },
      basis: bases(best),
    };
  }
  const fastest = [...models].sort((a, b) => b.speed.tokensPerSecond - a.speed.tokensPerSecond)[0];
  const { m } = fastest;
  const speed = fastest.speed.tokensPerSecond;
  return {
    horizon: 'medium',
    rule: 'model-misses-target',
    text: `No model that fits reaches the ${plan.tier} target of ${target} tokens/s: the fastest, ${m.model.label}${testNote(m)} (${params(m)}${quant(m)}), is ${fastest.speed.how} at ${fmt(speed)} tokens/s (${pct(speed / target)} of the target). A smaller or lower-bit model (speed grows as bytes per token shrink), or the long-term steps below, would close the gap.`,
    numbers: { tokensPerSecond: speed, target, ratio: speed / target },
    basis: bases(fastest),
  };
}

/** The model the long-term rules size for: the run's model, else the planned council's first, else the best that fits. */
function modelForGrowth(plan: CapacityPlan, run: ScalabilityRun | null): ModelPlan | null {
  const byId = (id: string | null | undefined) => (id ? plan.models.find((m) => m.model.id === id && m.model.engine !== 'remote') : undefined);
  return byId(run?.modelId) ?? byId(plan.recommendedCouncil.memberModelIds[0]) ?? usableModels(plan, run)[0]?.m ?? null;
}

/**
 * Long term, one machine: N members decoding at once share its bandwidth (capacity/formulas.ts,
 * concurrentDecodeTps), so each reaching the target T needs bandwidth = N × T × bytes/token ÷ efficiency.
 */
export function bandwidthForCouncil(plan: CapacityPlan, basis: Basis, model: ModelPlan): Recommendation | null {
  const bytes = bytesReadPerToken(model.model);
  if (bytes === null || bytes <= 0) return null;
  const n = COUNCIL_SIZE[plan.tier].max;
  const target = TIER_TARGET_TPS[plan.tier];
  const device: PlanDevice = model.device;
  const eff = plan.efficiency[`${model.model.engine}/${device}`] ?? 0.5;
  const needed = (n * target * bytes) / eff / 1e9;
  const have = plan.bandwidthGBps[device];
  const compare =
    have === null
      ? ' This machine’s bandwidth is not measured yet: run the benchmarks to compare.'
      : have >= needed
        ? ` This machine measured ${fmt(have)} GB/s on the ${device.toUpperCase()}: enough.`
        : ` This machine measured ${fmt(have)} GB/s on the ${device.toUpperCase()}: ${fmt(needed / have, 2)}× short.`;
  const numbers: Record<string, number> = { members: n, target, bandwidthGBps: needed, bytesPerToken: bytes, efficiency: eff };
  if (have !== null) numbers.measuredGBps = have;
  return {
    horizon: 'long',
    rule: 'bandwidth-for-council',
    text: `${n === 1 ? 'One member' : `${n} members`} of ${model.model.label} at the ${plan.tier} target of ${target} tokens/s ${n === 1 ? 'needs' : 'each need'} ≈ ${fmt(needed)} GB/s of memory bandwidth (${n} × ${target} × ${gb(bytes)} per token ÷ ${fmt(eff, 2)} efficiency).${compare}`,
    numbers,
    basis: [basis],
  };
}

/**
 * Long term, remote servers like this one: a server runs as many members as keep X(k)/k ≥ target on
 * the fitted curve, so N members need ⌈N / k⌉ servers; when not even one member reaches the target
 * (λ < T) a server needs T/λ × this machine's bandwidth.
 */
export function serversForCouncil(plan: CapacityPlan, basis: Basis, run: ScalabilityRun, fit: UslFit): Recommendation | null {
  if (!(fit.lambda > 0)) return null;
  const n = COUNCIL_SIZE[plan.tier].max;
  const target = TIER_TARGET_TPS[plan.tier];
  const xs = curve(fit, MAX_COUNCIL_SIZE);
  let perServer = 0;
  for (let k = 1; k <= MAX_COUNCIL_SIZE; k++) if (xs[k - 1] / k >= target) perServer = k;
  const bases = [runBasis(run), basis];
  if (perServer === 0) {
    const factor = target / fit.lambda;
    return {
      horizon: 'long',
      rule: 'servers-for-council',
      text: `A remote server like this machine runs no member at the ${plan.tier} target: one member measured ${fmt(fit.lambda)} tokens/s of ${target}. ${n === 1 ? 'The member needs' : `Each of the ${n} members needs`} its own server with ≈ ${fmt(factor, 2)}× this machine’s memory bandwidth.`,
      numbers: { members: n, target, servers: n, perServer: 0, lambda: fit.lambda, bandwidthFactor: factor },
      basis: bases,
    };
  }
  const servers = Math.ceil(n / perServer);
  return {
    horizon: 'long',
    rule: 'servers-for-council',
    text: `${n === 1 ? 'One member' : `${n} members`} at the ${plan.tier} target of ${target} tokens/s ${n === 1 ? 'needs' : 'need'} ${servers} server${servers === 1 ? '' : 's'} like this machine: ${servers === 1 ? 'it' : 'each'} runs up to ${perServer} member${perServer === 1 ? '' : 's'} at ≥ ${target} tokens/s (${fmt(xs[perServer - 1] / perServer)} each on the fitted curve).`,
    numbers: { members: n, target, servers, perServer, perMemberThroughput: xs[perServer - 1] / perServer },
    basis: bases,
  };
}

/**
 * Risk: the curve turns down. With κ > 0 it does beyond √((1 − σ)/κ); with κ = 0 only when σ > 1
 * (each member slows the others more than it adds, so beyond N = 1).
 */
export function throughputFalls(run: ScalabilityRun, fit: UslFit): Recommendation | null {
  const x = (n: number) => uslThroughput(n, fit.lambda, fit.sigma, fit.kappa);
  let best: number;
  let cause: string;
  if (fit.kappa > 0 && Number.isFinite(fit.peakN)) {
    // The best whole size is the floor or the ceiling of the real-valued peak.
    const lo = Math.max(1, Math.floor(fit.peakN));
    best = x(lo + 1) > x(lo) ? lo + 1 : lo;
    cause = `coherency cost κ = ${fmt(fit.kappa)}`;
  } else if (fit.kappa === 0 && fit.sigma > 1) {
    best = 1;
    cause = `contention σ = ${fmt(fit.sigma)} > 1: members slow each other more than they add`;
  } else return null;
  const drop = x(best) > 0 ? 1 - x(best + 1) / x(best) : 0;
  const beyondLimit = best >= MAX_COUNCIL_SIZE ? ` — beyond the council limit of ${MAX_COUNCIL_SIZE}, so only remote growth meets it` : ' — keep the council at or below it';
  return {
    horizon: 'risk',
    rule: 'throughput-falls',
    text: `Throughput falls beyond N = ${best}: a ${ordinal(best + 1)} member lowers it by ${pct(drop)} (${cause})${beyondLimit}.`,
    numbers: { n: best, drop, kappa: fit.kappa, sigma: fit.sigma },
    basis: [runBasis(run)],
  };
}

/** Memory the planned council holds against the budget of its device. */
export function plannedMemory(plan: CapacityPlan): { usedBytes: number; budgetBytes: number; device: PlanDevice } | null {
  const members = plan.recommendedCouncil.memberModelIds.map((id) => plan.models.find((m) => m.model.id === id)).filter((m): m is ModelPlan => !!m && m.model.engine !== 'remote');
  if (!members.length) return null;
  const device = members[0].device;
  const budget = plan.budgets[device];
  if (budget === null || budget <= 0) return null;
  return { usedBytes: members.reduce((s, m) => s + (m.memoryBytes ?? 0), 0), budgetBytes: budget, device };
}

/** Risk: less than HEADROOM_CUT of the memory budget left (exactly 15 % is not a risk). */
export function memoryHeadroom(usedBytes: number, budgetBytes: number, basis: Basis): Recommendation | null {
  if (!(budgetBytes > 0)) return null;
  const headroom = (budgetBytes - usedBytes) / budgetBytes;
  if (headroom >= HEADROOM_CUT) return null;
  const state = headroom < 0 ? `over the budget by ${pct(-headroom)}` : `only ${pct(headroom)} headroom left`;
  return {
    horizon: 'risk',
    rule: 'memory-headroom',
    text: `Memory: ${gb(usedBytes)} of the ${gb(budgetBytes)} budget in use, ${state} (< ${pct(HEADROOM_CUT)}): another member or a longer context will not fit — choose a lower-bit model or drop a member.`,
    numbers: { headroom, usedBytes, budgetBytes },
    basis: [basis],
  };
}

/** Risk: too few sizes to fit, only two (κ unseen), or R² under the cut. */
export function weakFit(run: ScalabilityRun): Recommendation | null {
  const sizes = new Set(run.points.map((p) => p.n)).size;
  const basis = [runBasis(run)];
  if (!run.fit || sizes < 2)
    return { horizon: 'risk', rule: 'weak-fit', text: `Only ${sizes} council size${sizes === 1 ? '' : 's'} measured: nothing can be fitted yet — measure more points (N = 1, 2, 3).`, numbers: { sizes }, basis };
  const fit = run.fit;
  if (fit.r2 < R2_CUT)
    return {
      horizon: 'risk',
      rule: 'weak-fit',
      text: `The fit is weak (R² = ${fmt(fit.r2, 3)} < ${R2_CUT}, ${run.points.length} points): measure more points (more requests per size, more sizes) before acting on it.`,
      numbers: { r2: fit.r2, sizes, points: run.points.length },
      basis,
    };
  if (sizes < 3)
    return {
      horizon: 'risk',
      rule: 'weak-fit',
      text: `Only ${sizes} council sizes measured: κ is taken as 0, so a fall in throughput cannot show — measure more points (N = 3 or more) before growing the council.`,
      numbers: { r2: fit.r2, sizes, points: run.points.length },
      basis,
    };
  return null;
}

/** Every rule over the current measurements, in horizon order. */
export function buildRecommendations(input: RecommendationInput): Recommendations {
  const items: Recommendation[] = [];
  const missing: string[] = [];
  const { run, plan, planBasis: pBasis } = input;
  const fit = run?.fit ?? null;
  const push = (r: Recommendation | null) => r && items.push(r);

  if (run && fit) push(councilKnee(run, fit));
  else missing.push('Immediate: run a scalability measurement (N = 1, 2, 3) first.');

  if (plan && pBasis) {
    const medium = modelForTarget(plan, pBasis, run);
    if (medium) push(medium);
    else missing.push('Medium term: no model that fits has a predicted or measured speed — run the benchmarks.');
    const model = modelForGrowth(plan, run);
    const bw = model ? bandwidthForCouncil(plan, pBasis, model) : null;
    if (bw) push(bw);
    else missing.push('Long term (bandwidth): no model of known size to plan for.');
    if (run && fit) push(serversForCouncil(plan, pBasis, run, fit));
  } else missing.push('Medium and long term: no capacity plan yet (hardware not detected).');

  if (run && fit) push(throughputFalls(run, fit));
  const memory = input.memory ?? (plan && pBasis ? ((m) => m && { ...m, basis: pBasis })(plannedMemory(plan)) : null);
  if (memory) push(memoryHeadroom(memory.usedBytes, memory.budgetBytes, memory.basis));
  if (run) push(weakFit(run));

  items.sort((a, b) => HORIZONS.indexOf(a.horizon) - HORIZONS.indexOf(b.horizon));
  return { items, missing };
}
