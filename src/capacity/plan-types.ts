import type { ModelDescriptor } from '../models/model';
import type { Tier } from '../hardware/tier-types';
import type { GpuMemory } from './gpu-memory';

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
}
