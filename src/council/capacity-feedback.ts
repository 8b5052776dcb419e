/**
 * The council's link to the Capacity Planner (src/hardware/hardware.svelte.ts): the recommended
 * council, whether a model fits before it is downloaded, and — after each answer — the measured
 * decode speed next to the prediction (the planner's feedback loop refines its efficiency from it).
 */
import type { EngineBackend, ModelDescriptor } from '../engines/engine';
import { hardware, recordMeasuredSpeed } from '../hardware/hardware.svelte';

/** Detects the hardware and builds the plan once (cheap: no benchmark is run here). */
export function initPlan(): Promise<void> {
  return hardware.init();
}

export function planFor(modelId: string) {
  return hardware.plan?.models.find((p) => p.model.id === modelId) ?? null;
}

/** The plan's recommended council (model ids, one per member), or null before there is a plan. */
export function recommendedCouncil(): string[] | null {
  const ids = hardware.plan?.recommendedCouncil?.memberModelIds;
  return Array.isArray(ids) && ids.length ? [...ids] : null;
}

/** Memory budget of the plan on the device the model would use (bytes), or null. */
export function budgetBytes(): number | null {
  return hardware.plan?.budgetBytes ?? null;
}

/** Sends one measured decode speed to the capacity planner. Never throws. */
export async function reportMeasuredSpeed(model: ModelDescriptor, backend: EngineBackend, tokensPerSecond: number): Promise<void> {
  try {
    const predicted = planFor(model.id)?.predictedTokensPerSecond;
    if (predicted === null || predicted === undefined || backend === 'remote') return; // nothing to compare with
    await recordMeasuredSpeed(model.id, model.engine, backend === 'webgpu' ? 'gpu' : 'cpu', predicted, tokensPerSecond);
  } catch {
    /* feedback is best-effort: a failure here must not fail an answer */
  }
}
