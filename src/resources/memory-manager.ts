/**
 * Memory Manager (seed "Resource Manager → Memory Manager", "Memory Management → LRU Eviction"):
 * keeps the loaded models (council members, keyed by member id) in an LRU with their size, knows
 * the tier's memory budget (the capacity plan's budget, already scaled by the tier's safety factor
 * 0.8/0.85/0.9), and says which idle members to unload, least recently used first, to get back
 * under the warning level. Members that are generating are pinned.
 */
import { Lru } from './lru';

export interface LoadedModel {
  id: string;
  modelId: string;
  bytes: number;
  busy: boolean;
}

export class MemoryManager {
  readonly lru = new Lru<string>();
  private readonly modelOf = new Map<string, string>();

  constructor(public budgetBytes: number) {}

  /** Mirrors what is loaded now; busy members are touched (used) and pinned. */
  sync(loaded: LoadedModel[], now: number): void {
    const ids = new Set(loaded.map((m) => m.id));
    for (const e of this.lru.ordered()) if (!ids.has(e.key)) this.lru.delete(e.key);
    for (const m of loaded) {
      if (!this.lru.has(m.id)) this.lru.set(m.id, m.bytes, now);
      else if (m.busy) this.lru.touch(m.id, now);
      this.lru.pin(m.id, m.busy);
      this.modelOf.set(m.id, m.modelId);
    }
  }

  get usedBytes(): number {
    return this.lru.totalBytes;
  }

  /** Share of the budget in use (0..1+), null when the budget is unknown. */
  share(): number | null {
    return this.budgetBytes > 0 ? this.usedBytes / this.budgetBytes : null;
  }

  /** Idle members to unload, LRU first, to bring use down to `targetShare` of the budget; never all of them. */
  evictionPlan(targetShare: number): { id: string; modelId: string; bytes: number }[] {
    const excess = this.usedBytes - this.budgetBytes * targetShare;
    if (excess <= 0) return [];
    const victims = this.lru.victims(excess);
    if (victims.length >= this.lru.size) victims.pop(); // keep at least one model loaded
    return victims.map((v) => ({ id: v.key, modelId: this.modelOf.get(v.key) ?? v.key, bytes: v.bytes }));
  }
}
