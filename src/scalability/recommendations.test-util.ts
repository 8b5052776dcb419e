/** Fixtures the recommendation tests share: exact USL fits, scalability runs, models and plans. */
import type { CapacityPlan, ModelPlan } from '../capacity/plan-types';
import type { Tier } from '../hardware/tier-types';
import type { ModelDescriptor } from '../models/model';
import type { ScalabilityRun } from './recommendations';
import { uslThroughput, type ThroughputPoint, type UslFit } from './usl';

export const AT = Date.UTC(2026, 10, 29, 19, 0);

/** A fit with exactly these parameters (no fitting noise), as fitUsl would return it. */
export function fitOf(lambda: number, sigma: number, kappa: number, o: Partial<UslFit> = {}): UslFit {
  const peakN = kappa > 0 ? Math.sqrt((1 - sigma) / kappa) : Infinity;
  const points = [1, 2, 3].map((n) => ({ n, throughput: uslThroughput(n, lambda, sigma, kappa) }));
  return { lambda, sigma, kappa, peakN, peakThroughput: Number.isFinite(peakN) ? uslThroughput(peakN, lambda, sigma, kappa) : Infinity, r2: 0.99, rmse: 0, points, model: 'usl', ...o };
}

export function runOf(fit: UslFit | null, points: ThroughputPoint[] = fit?.points ?? [], o: Partial<ScalabilityRun> = {}): ScalabilityRun {
  return { id: 'usl-1', measuredAt: AT, modelId: 'm', points, fit, ...o };
}

export function model(id: string, o: Partial<ModelDescriptor> = {}): ModelDescriptor {
  return { id, engine: 'wllama', label: id, paramsBillions: 1, bitsPerWeight: 4, weightBytes: 0.5e9, vramRequiredMB: null, contextLength: 2048, requiredFeatures: [], url: null, source: 'prebuilt', ...o };
}

export function mp(m: ModelDescriptor, o: Partial<ModelPlan> = {}): ModelPlan {
  return { model: m, device: 'cpu', fits: true, reason: '', memoryBytes: (m.weightBytes ?? 0) * 1.2, predictedTokensPerSecond: 50, predictedTtftMs: null, measuredTokensPerSecond: null, predictionError: null, ...o };
}

export function planOf(tier: Tier, models: ModelPlan[], o: Partial<CapacityPlan> = {}): CapacityPlan {
  return {
    tier, device: 'cpu', budgetBytes: 4e9, budgets: { cpu: 4e9, gpu: null }, safetyFactor: 0.85, bandwidthGBps: { cpu: 20, gpu: null },
    efficiency: { 'wllama/cpu': 0.5 }, targetTokensPerSecond: 80, contextLength: 4096, models,
    recommendedCouncil: { size: 1, memberModelIds: [models[0]?.model.id].filter(Boolean) as string[] }, validation: [], ...o,
  };
}
