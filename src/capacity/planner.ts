import { figure, type BenchmarkSuiteResult } from '../bench/types';
import { hasRealGpu, ramAssumed, type HardwareProfile } from '../hardware/profile';
import type { Tier } from '../hardware/tier-types';
import type { ModelDescriptor } from '../models/model';
import {
  DEFAULT_EFFICIENCY,
  MAX_COUNCIL_SIZE,
  GiB,
  TIER_CONTEXT,
  TIER_MAX_PARAMS_B,
  TIER_TARGET_TPS,
  TIER_VRAM_BYTES,
  TTFT_PROMPT_TOKENS,
  WASM32_MEMORY_BYTES,
  WASM_SIMD_LANES,
  WEBLLM_FULL_BINDING_BYTES,
  bytesReadPerToken,
  cpuAvailableBytes,
  memoryBudgetBytes,
  modelMemoryBytes,
  predictedDecodeTps,
  predictedTtftMs,
  predictionError,
  withinParamClass,
  PARAM_CLASS_TOLERANCE,
  SAFETY_FACTOR,
} from './formulas';
import type { CapacityPlan, ModelPlan, PlanDevice } from './plan-types';
import { recommendCouncil } from './council';
import { predictCombinedTps, type EngineFit, type ProbeDecodeSample } from './engine-fit';
import { coldDecodeTps, coldTtftMs, combinedByCouncilSize, correctionFor, perMemberTps, predictionInterval, quantisedWeightsOf, type ProbeCorrections } from './probe-predictions';
import { gpuMemory, provenVramBytes, type GpuMemory } from './gpu-memory';
import { cpuBudgetText, gbText, gpuBudgetText } from './budget-text';
import { computeDevices, distinctGpus, runsWllama, type ComputeDevice, type FoundAdapter } from '../resources/devices';
import { splitCouncil } from '../resources/placement';
import { memoryText } from '../resources/size-text';

export interface PlanInput {
  tier: Tier;
  profile: HardwareProfile;
  bench: BenchmarkSuiteResult | null;
  models: ModelDescriptor[];
  /** Efficiency per "engine/device" (feedback loop); missing keys use DEFAULT_EFFICIENCY. */
  efficiency?: Record<string, number>;
  /** Last measured decode tokens/s per model id (feedback loop). */
  measured?: Record<string, number>;
  /** Whether web-llm models may only be the `low_resource_required` ones is decided from this. */
  isLowResource?: (modelId: string) => boolean;
  /** Largest single buffer a model needs (bytes), checked against maxBufferSize / maxStorageBufferBindingSize. */
  bufferSizeRequired?: (modelId: string) => number | null;
  /** GPU memory the person entered (GB); absent or null → assumed for the tier (gpu-memory.ts). */
  vramGB?: number | null;
  /** The engine probe's fit and decode runs (issue 11); absent → predictions from bandwidth × efficiency. */
  probe?: { fit: EngineFit; decode: ProbeDecodeSample[] } | null;
  /** Feedback on the probe per model and per "engine/device": median measured ÷ cold (probe-predictions.ts). */
  probeCorrection?: ProbeCorrections;
  /** Adapters under both power preferences (GPU Manager); absent → the profile's one adapter. */
  adapters?: FoundAdapter[];
}

export function efficiencyKey(engine: string, device: PlanDevice): string {
  return `${engine}/${device}`;
}

/**
 * Where an engine runs here: web-llm needs a real GPU; wllama runs on WebGPU where a real GPU has
 * shader-f16 (SPEC §4) and counts there, else on the CPU.
 */
export function deviceFor(model: ModelDescriptor, realGpu: boolean, wllamaGpu = false): PlanDevice | null {
  if (model.engine === 'web-llm') return realGpu ? 'gpu' : null;
  if (model.engine === 'wllama') return wllamaGpu ? 'gpu' : 'cpu';
  return null; // remote: runs on another machine
}

interface DeviceFacts {
  budgets: Record<PlanDevice, number | null>;
  /** Where the GPU budget comes from (entered, assumed or proven) and the budgets in plain words. */
  gpuMemory: GpuMemory;
  budgetText: Record<PlanDevice, string | null>;
  bandwidth: Record<PlanDevice, number | null>;
  gflops: Record<PlanDevice, number | null>;
  /** Each distinct real GPU, then the CPU, with their budgets (GPU Manager). */
  devices: ComputeDevice[];
}

function deviceFacts(input: PlanInput): DeviceFacts {
  const real = hasRealGpu(input.profile);
  const gpuBench = input.bench && input.bench.isFallbackAdapter !== true ? input.bench : null;
  const cpuBytes = cpuAvailableBytes(input.profile.deviceMemoryGB);
  const f16 = figure(gpuBench, 'gpu-matmul-f16')?.median ?? null;
  const f32 = figure(gpuBench, 'gpu-matmul-f32')?.median ?? null;
  const cpuMulti = figure(input.bench, 'cpu-multi')?.median ?? figure(input.bench, 'cpu-single')?.median ?? null;
  const vram = gpuMemory(input.tier, input.vramGB, provenVramBytes(gpuBench));
  const firstGpuBudget = real ? memoryBudgetBytes(vram.bytes, input.tier) : null;
  const cpuBudget = memoryBudgetBytes(cpuBytes, input.tier);
  const found = input.adapters?.length ? input.adapters : input.profile.gpu ? [{ preference: 'high-performance' as const, facts: input.profile.gpu }] : [];
  const devices = computeDevices({
    gpus: real ? distinctGpus(found) : [],
    firstGpu: firstGpuBudget === null ? null : { budgetBytes: firstGpuBudget, source: vram.source },
    otherGpuBudgetBytes: memoryBudgetBytes(TIER_VRAM_BYTES[input.tier], input.tier),
    cpuBudgetBytes: cpuBudget,
    ramCapped: ramAssumed(input.profile),
  });
  // Seed, Capacity Planning Workflow: the Multi-GPU Scaling Formula — a council's GPU memory is the
  // sum over the cards; the split (splitCouncil) then checks each member fits on one of them.
  const gpus = devices.filter((d) => d.kind === 'gpu');
  const gpuBudget = gpus.length > 1 ? gpus.reduce((sum, d) => sum + (d.budgetBytes ?? 0), 0) : firstGpuBudget;
  return {
    devices,
    budgets: { gpu: gpuBudget, cpu: cpuBudget },
    gpuMemory: vram,
    budgetText: {
      gpu: firstGpuBudget === null ? null : gpuBudgetText(vram, firstGpuBudget, input.tier) + (gpus.length > 1 ? ` + ${gpus.length - 1} more GPU(s), ${gbText(TIER_VRAM_BYTES[input.tier])} GB VRAM assumed each: ${(gpuBudget! / GiB).toFixed(1)} GB over ${gpus.length} cards, each member on one` : ''),
      cpu: cpuBudgetText(input.profile.deviceMemoryGB, input.profile.deviceMemoryCapped, cpuBudget),
    },
    bandwidth: {
      gpu: real ? (figure(gpuBench, 'gpu-bandwidth')?.median ?? null) : null,
      cpu: figure(input.bench, 'cpu-memory-bandwidth')?.median ?? null,
    },
    gflops: { gpu: real ? (f16 ?? f32) : null, cpu: cpuMulti === null ? null : cpuMulti * WASM_SIMD_LANES },
  };
}

/** Fits or not, and why (plain words). `memory` is modelMemoryBytes of the model. */
export function fitCheck(model: ModelDescriptor, device: PlanDevice | null, memory: number | null, input: PlanInput, facts: DeviceFacts): { fits: boolean; reason: string } {
  const tier = input.tier;
  if (model.engine === 'remote') return { fits: true, reason: 'runs on a remote server: no local memory needed' };
  if (device === null) return { fits: false, reason: 'needs a real GPU (WebGPU); this machine has none usable' };
  const maxParams = TIER_MAX_PARAMS_B[tier];
  if (model.paramsBillions !== null && !withinParamClass(model.paramsBillions, maxParams))
    return { fits: false, reason: `${model.paramsBillions} B parameters: the ${tier} tier runs models of the ${maxParams} B class (up to ${+(maxParams * PARAM_CLASS_TOLERANCE).toFixed(1)} B)` };
  const gpu = input.profile.gpu;
  if (device === 'gpu' && gpu) {
    const missing = model.requiredFeatures.filter((f) => !gpu.features.includes(f));
    if (missing.length) return { fits: false, reason: `needs ${missing.join(', ')}, which this GPU lacks` };
    const binding = gpu.limits.maxStorageBufferBindingSize ?? 0;
    if (model.engine === 'web-llm' && binding < WEBLLM_FULL_BINDING_BYTES && !(input.isLowResource?.(model.id) ?? false))
      return { fits: false, reason: `needs 1 GiB storage buffers; this GPU allows ${memoryText(binding)}` };
    const largest = input.bufferSizeRequired?.(model.id) ?? null;
    const maxBuffer = Math.min(binding, gpu.limits.maxBufferSize ?? 0);
    if (largest !== null && largest > maxBuffer)
      return { fits: false, reason: `needs ${memoryText(largest)} buffers; this GPU allows ${memoryText(maxBuffer)} (maxBufferSize / maxStorageBufferBindingSize)` };
  }
  if (memory === null) return { fits: false, reason: 'size unknown: add its size to plan it' };
  // One member runs on one card: with several GPUs the largest card's budget, not their sum, decides.
  const cards = facts.devices.filter((d) => d.kind === 'gpu' && d.budgetBytes !== null);
  const card = device === 'gpu' && cards.length > 1 ? cards.reduce((a, b) => (b.budgetBytes! > a.budgetBytes! ? b : a)) : null;
  const budget = card ? card.budgetBytes! : facts.budgets[device];
  if (budget === null) return { fits: false, reason: `${device.toUpperCase()} memory unknown` };
  if (device === 'cpu' && memory > WASM32_MEMORY_BYTES)
    return { fits: false, reason: `needs ${memoryText(memory)}; WebAssembly (wasm32) holds at most ${memoryText(WASM32_MEMORY_BYTES)}` };
  if (memory > budget) {
    // Say when the budget rests on an assumed figure: entering the real VRAM may make it fit.
    // With several GPUs the deciding card may be one whose VRAM is assumed though the first one's was entered.
    const assumed = device === 'gpu' ? (card?.budgetSource ?? facts.gpuMemory.source) !== 'entered' : ramAssumed(input.profile);
    const why = assumed ? `; ${device === 'gpu' ? 'VRAM' : 'RAM'} assumed` : '';
    return { fits: false, reason: `needs ${memoryText(memory)}; the ${device.toUpperCase()} budget is ${memoryText(budget)} (${SAFETY_FACTOR[tier]} safety factor${why})` };
  }
  return { fits: true, reason: `needs ${memoryText(memory)} of the ${memoryText(budget)} ${device.toUpperCase()} budget` };
}

/** One model's row of the plan: fits, memory, predicted decode tok/s and TTFT, measured vs predicted. */
export function planModel(model: ModelDescriptor, input: PlanInput, facts: DeviceFacts): ModelPlan {
  const realGpu = hasRealGpu(input.profile);
  const device = deviceFor(model, realGpu, facts.devices.some((d) => d.kind === 'gpu' && runsWllama(d)));
  const memory = modelMemoryBytes(model);
  const { fits, reason } = fitCheck(model, device, memory, input, facts);
  const bytes = bytesReadPerToken(model);
  const params = model.paramsBillions === null ? null : model.paramsBillions * 1e9;
  const probe = input.probe && input.probe.fit.engine === model.engine ? input.probe : null;
  let tps: number | null = null;
  let ttft: number | null = null;
  let cold: number | null = null;
  let interval: number | null = null;
  let combined: number[] | null = null;
  let quantisedAs: ModelPlan['quantisedAs'] = null;
  if (device !== null && bytes !== null && probe) {
    // Cold: the engine's own speed on this machine at this size; then the feedback loop's correction.
    const quantised = quantisedWeightsOf(model);
    quantisedAs = quantised && { format: quantised.format, assumed: quantised.assumed };
    cold = coldDecodeTps(probe.fit, bytes, model.layers ?? null, quantised);
    tps = cold * correctionFor(input.probeCorrection, efficiencyKey(model.engine, device), model.id);
    ttft = coldTtftMs(probe.fit, TTFT_PROMPT_TOKENS, params, quantised?.format ?? null, model.layers ?? null);
    interval = predictionInterval(probe.fit, probe.decode);
    combined = combinedByCouncilSize(probe.fit, tps, bytes);
  } else if (device !== null && bytes !== null) {
    const bw = facts.bandwidth[device];
    const eff = input.efficiency?.[efficiencyKey(model.engine, device)] ?? DEFAULT_EFFICIENCY[efficiencyKey(model.engine, device)] ?? 0.5;
    if (bw !== null) tps = predictedDecodeTps(bw, bytes, eff);
    const fl = facts.gflops[device];
    if (tps !== null && fl !== null && model.paramsBillions !== null) ttft = predictedTtftMs(model.paramsBillions, TTFT_PROMPT_TOKENS, fl, tps);
  }
  const measured = input.measured?.[model.id] ?? null;
  return {
    model,
    device: device ?? 'cpu',
    fits,
    reason,
    memoryBytes: memory,
    predictedTokensPerSecond: tps,
    predictedTtftMs: ttft,
    measuredTokensPerSecond: measured,
    predictionError: measured !== null && tps !== null && measured > 0 ? predictionError(tps, measured) : null,
    basis: tps === null ? null : probe ? 'probe' : 'bandwidth',
    coldTokensPerSecond: cold,
    intervalRelative: interval,
    combinedTokensPerSecond: combined,
    quantisedAs,
  };
}

/** The whole capacity plan: every model sized and predicted, then the validated council. */
export function buildPlan(input: PlanInput): CapacityPlan {
  const facts = deviceFacts(input);
  const device: PlanDevice = hasRealGpu(input.profile) ? 'gpu' : 'cpu';
  const models = input.models.map((m) => planModel(m, input, facts));
  const efficiency: Record<string, number> = { ...DEFAULT_EFFICIENCY, ...input.efficiency };
  const target = TIER_TARGET_TPS[input.tier];
  const fit = input.probe?.fit ?? null;
  // With a probe, "all members decode at once" is the measured contention, not bandwidth ÷ Σ bytes.
  const concurrentTps = fit
    ? (members: ModelPlan[]) => Math.min(...members.map((m) => (m.model.engine === fit.engine && m.predictedTokensPerSecond !== null ? perMemberTps(fit, m.predictedTokensPerSecond, members.length, bytesReadPerToken(m.model)) : Infinity)))
    : undefined;
  const request = (m: ModelPlan) => ({ modelId: m.model.id, modelLabel: m.model.label, engine: m.model.engine, bytes: m.memoryBytes });
  // The GPU Manager's placement run dry: every member must fit on one device (several GPUs: spread over them).
  const placementProblem = (members: ModelPlan[]) => splitCouncil(facts.devices, members.map(request)).refused;
  const { council, validation } = recommendCouncil({ tier: input.tier, models, budgets: facts.budgets, bandwidthGBps: facts.bandwidth, efficiency, preferDevice: device, concurrentTps, placementProblem });
  const split = splitCouncil(facts.devices, council.memberModelIds.map((id) => request(models.find((m) => m.model.id === id)!)));
  return {
    tier: input.tier,
    device,
    budgetBytes: facts.budgets[device] ?? 0,
    budgets: facts.budgets,
    gpuMemory: facts.gpuMemory,
    budgetText: facts.budgetText,
    safetyFactor: SAFETY_FACTOR[input.tier],
    bandwidthGBps: facts.bandwidth,
    efficiency,
    targetTokensPerSecond: target,
    contextLength: TIER_CONTEXT[input.tier],
    models,
    recommendedCouncil: council,
    validation,
    engineFit: fit,
    councilForecast: councilForecast(models, council.memberModelIds, fit),
    devices: facts.devices,
    placement: split.usage.map((u) => ({ deviceId: u.device.id, label: u.device.label, kind: u.device.kind, budgetBytes: u.device.budgetBytes, heldBytes: u.heldBytes, modelIds: u.members.map((r) => r.modelId) })),
  };
}

/**
 * Combined tokens/s of the recommended council's models at N = 1 … 6 members (members cycle through
 * its models, as the recommendation does): their mean lone speed × C(N). Empty without a probe or council.
 */
export function councilForecast(models: ModelPlan[], memberIds: string[], fit: EngineFit | null): { members: number; combinedTokensPerSecond: number }[] {
  const plans = memberIds.map((id) => models.find((m) => m.model.id === id));
  const speeds = plans.map((m) => m?.predictedTokensPerSecond ?? null);
  if (!fit || !speeds.length || speeds.some((v) => v === null)) return [];
  return Array.from({ length: MAX_COUNCIL_SIZE }, (_, i) => {
    const n = i + 1;
    const lone = Array.from({ length: n }, (_, k) => speeds[k % speeds.length]!);
    // C(N) of the members' typical size (geometric mean of bytes per token: sizes span orders of magnitude).
    const bytes = Array.from({ length: n }, (_, k) => {
      const plan = plans[k % plans.length];
      return plan ? bytesReadPerToken(plan.model) : null;
    });
    const known = bytes.filter((b): b is number => b !== null && b > 0);
    const typical = known.length === n ? Math.exp(known.reduce((s, b) => s + Math.log(b), 0) / n) : null;
    return { members: n, combinedTokensPerSecond: predictCombinedTps(fit.council, lone.reduce((a, b) => a + b, 0) / n, n, typical) };
  });
}

export { GiB };
