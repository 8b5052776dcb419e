import type { ModelDescriptor } from '../models/model';
import type { Tier } from '../hardware/tier-types';
import type { GpuMemory } from './gpu-memory';
import type { EngineFit, QuantFormat } from './engine-fit';
import type { ComputeDevice, DeviceKind } from '../resources/devices';

/** One device's share of the recommended council (GPU Manager's placement, run dry). */
export interface DeviceSplit {
  deviceId: string;
  label: string;
  kind: DeviceKind;
  /** After the tier's safety factor; null = unknown. */
  budgetBytes: number | null;
  heldBytes: number;
  /** One entry per member placed there. */
  modelIds: string[];
}

/** Where a model would run: WebGPU (web-llm) or the CPU (wllama in WebAssembly). */
export type PlanDevice = 'gpu' | 'cpu';

export interface ModelPlan {
  model: ModelDescriptor;
  device: PlanDevice;
  fits: boolean;
  /** Why it fits or not, in plain words. */
  reason: string;
  /** Memory the model needs when loaded (weights + KV cache + activations), bytes. */
  memoryBytes: number | null;
  /** Predicted decode speed (tokens/s) = bandwidth ÷ bytes per token × efficiency; null when unknown. */
  predictedTokensPerSecond: number | null;
  /** Predicted time to first token (ms) for a 128-token prompt. */
  predictedTtftMs: number | null;
  /** Last measured decode speed (feedback loop) and the prediction's error. */
  measuredTokensPerSecond: number | null;
  /** (predicted − measured) / measured; 0.25 = predicted 25 % too high. */
  predictionError: number | null;
  /** What the prediction rests on: the engine probe, or bandwidth × efficiency (no probe yet). */
  basis?: 'probe' | 'bandwidth' | null;
  /** The probe's prediction before any feedback (issue 11: how good cold predictions are here). */
  coldTokensPerSecond?: number | null;
  /** Relative half-width of the prediction's interval (0.08 = ± 8 %), from the probe's fit. */
  intervalRelative?: number | null;
  /** Combined tokens/s of 1 … 6 members of this model (index 0 = 1 member), from the probe. */
  combinedTokensPerSecond?: number[] | null;
  /** The quantised format the probe's prediction used, and whether it was assumed (the file type unknown). */
  quantisedAs?: { format: QuantFormat; assumed: boolean } | null;
}

export interface RecommendedCouncil {
  size: number;
  /** One entry per member (a model may appear more than once). */
  memberModelIds: string[];
}

export interface CapacityPlan {
  tier: Tier;
  device: PlanDevice;
  /** Memory the plan may use on `device` (bytes), after the tier's safety factor. */
  budgetBytes: number;
  /** Budget per device (null: that device is not usable here). */
  budgets: Record<PlanDevice, number | null>;
  /** Where the GPU budget's VRAM figure comes from: entered, assumed for the tier, or proven by the benchmark. */
  gpuMemory?: GpuMemory;
  /** Each budget in plain words, saying "assumed" where VRAM or RAM is not known (null: device not usable). */
  budgetText?: Record<PlanDevice, string | null>;
  safetyFactor: number;
  /** Bandwidth the predictions use per device (GB/s, measured), null when not measured yet. */
  bandwidthGBps: Record<PlanDevice, number | null>;
  /** Efficiency factor per "engine/device" key (e.g. "wllama/cpu"), refined by the feedback loop. */
  efficiency: Record<string, number>;
  /** Per-member decode target of the tier (SPEC §3.2) the validation loop checks against. */
  targetTokensPerSecond: number;
  contextLength: number;
  models: ModelPlan[];
  recommendedCouncil: RecommendedCouncil;
  /** What the validation loop checked and shrank, step by step. */
  validation: string[];
  /** The engine probe's fit the predictions use (null: no probe yet, bandwidth estimates). */
  engineFit?: EngineFit | null;
  /** Combined tokens/s of the recommended council's models at N = 1 … 6 members (empty without a probe). */
  councilForecast?: { members: number; combinedTokensPerSecond: number }[];
  /** Each distinct real GPU, then the CPU, with its budget (the GPU Manager places members on them). */
  devices?: ComputeDevice[];
  /** Where the recommended council's members go, per device (several GPUs: spread over them). */
  placement?: DeviceSplit[];
}
