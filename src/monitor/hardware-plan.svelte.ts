/**
 * PlanSource backed by the hardware part (tier in force incl. override, capacity plan). It starts the
 * hardware detection itself, so the thresholds follow the real tier whichever screen the app is
 * opened at (issue 10); until it is classified the tier is Mid (SPEC §3.1) with no budget.
 */
import { COUNCIL_SIZE } from '../capacity/formulas';
import type { CapacityPlan } from '../capacity/plan-types';
import { hardware } from '../hardware/hardware.svelte';
import type { MemoryBudgets, PlanSource } from './sources';
import type { Tier } from './thresholds';

export class HardwarePlanSource implements PlanSource {
  private cachedTier: Tier = 'mid';
  private cachedPlan: CapacityPlan | null = null;
  private started = false;

  /**
   * The plan is a $derived over the whole catalogue: read outside an effect it is rebuilt on every
   * read, so an effect keeps the latest one and the 100 ms sampler only reads fields.
   */
  private refresh(): void {
    if (this.started) return;
    this.started = true;
    void hardware.init();
    $effect.root(() => {
      $effect(() => {
        this.cachedTier = hardware.tier?.tier ?? 'mid';
        this.cachedPlan = hardware.plan;
      });
    });
  }

  tier(): Tier {
    this.refresh();
    return this.cachedTier;
  }
  maxMembers(): number {
    this.refresh();
    return this.cachedPlan?.recommendedCouncil.size || COUNCIL_SIZE[this.cachedTier].max;
  }
  budgets(): MemoryBudgets {
    this.refresh();
    return { cpu: this.cachedPlan?.budgets.cpu ?? null, gpu: this.cachedPlan?.budgets.gpu ?? null };
  }
  /** The largest model that fits the plan, runs on the same engine and needs less memory. */
  smallerModel(modelId: string): { modelId: string; predictedTokensPerSecond: number | null } | null {
    this.refresh();
    const models = this.cachedPlan?.models ?? [];
    const current = models.find((m) => m.model.id === modelId);
    if (!current || current.memoryBytes === null) return null;
    const smaller = models
      .filter((m) => m.fits && m.model.id !== modelId && m.model.engine === current.model.engine && m.memoryBytes !== null && m.memoryBytes < current.memoryBytes!)
      .sort((a, b) => b.memoryBytes! - a.memoryBytes!)[0];
    return smaller ? { modelId: smaller.model.id, predictedTokensPerSecond: smaller.predictedTokensPerSecond } : null;
  }
}
