/**
 * Least-recently-used bookkeeping (seed "Memory Management → LRU Eviction"): entries with a size,
 * `touch` on use, and `victims(bytesToFree)` lists what to evict, oldest first, skipping pinned
 * entries. It does not unload anything itself: the Memory Manager does, through the owner.
 */
export interface LruEntry<K> {
  key: K;
  bytes: number;
  lastUsed: number;
  pinned: boolean;
}

export class Lru<K> {
  private readonly entries = new Map<K, LruEntry<K>>();

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    let sum = 0;
    for (const e of this.entries.values()) sum += e.bytes;
    return sum;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, bytes: number, now: number): void {
    const prev = this.entries.get(key);
    this.entries.set(key, { key, bytes, lastUsed: now, pinned: prev?.pinned ?? false });
  }

  touch(key: K, now: number): void {
    const e = this.entries.get(key);
    if (e) e.lastUsed = now;
  }

  pin(key: K, pinned: boolean): void {
    const e = this.entries.get(key);
    if (e) e.pinned = pinned;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Least recently used first. */
  ordered(): LruEntry<K>[] {
    return [...this.entries.values()].sort((a, b) => a.lastUsed - b.lastUsed);
  }

  /** The unpinned entries to evict, oldest first, until at least `bytesToFree` are covered. */
  victims(bytesToFree: number): LruEntry<K>[] {
    const out: LruEntry<K>[] = [];
    let freed = 0;
    for (const e of this.ordered()) {
      if (freed >= bytesToFree) break;
      if (e.pinned) continue;
      out.push(e);
      freed += e.bytes;
    }
    return out;
  }
}
