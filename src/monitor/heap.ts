/**
 * JS heap reading for the monitor, cheapest source first that the browser offers:
 * - `performance.measureUserAgentSpecificMemory()` when cross-origin isolated: accurate but slow and
 *   asynchronous (it may wait for a GC), so it runs at most every 20 s and never overlaps itself;
 * - else Chromium's non-standard `performance.memory` (synchronous, cheap, coarse);
 * - else "n/a" (null).
 */
interface ChromeMemory {
  usedJSHeapSize: number;
  jsHeapSizeLimit: number;
}

export type HeapSource = 'measureUserAgentSpecificMemory' | 'performance.memory' | 'n/a';

export class HeapReader {
  readonly source: HeapSource;
  bytes: number | null = null;
  /** Heap limit when the browser tells it (performance.memory), for the memory share. */
  limitBytes: number | null = null;
  private pending = false;
  private lastMeasureAt = -Infinity;

  constructor(private readonly measureEveryMs = 20_000) {
    const perf = performance as Performance & { memory?: ChromeMemory; measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
    if (globalThis.crossOriginIsolated && typeof perf.measureUserAgentSpecificMemory === 'function') this.source = 'measureUserAgentSpecificMemory';
    else if (perf.memory && typeof perf.memory.usedJSHeapSize === 'number') this.source = 'performance.memory';
    else this.source = 'n/a';
  }

  /** Called every sample; returns the latest known heap bytes (may lag for the async source). */
  read(now: number): number | null {
    const perf = performance as Performance & { memory?: ChromeMemory; measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
    if (this.source === 'performance.memory' && perf.memory) {
      this.bytes = perf.memory.usedJSHeapSize;
      this.limitBytes = perf.memory.jsHeapSizeLimit;
      return this.bytes;
    }
    if (this.source === 'measureUserAgentSpecificMemory' && !this.pending && now - this.lastMeasureAt >= this.measureEveryMs) {
      this.pending = true;
      this.lastMeasureAt = now;
      // The limit still comes from performance.memory where Chromium has it.
      if (perf.memory) this.limitBytes = perf.memory.jsHeapSizeLimit;
      perf
        .measureUserAgentSpecificMemory!()
        .then((r) => (this.bytes = r.bytes))
        .catch(() => undefined)
        .finally(() => (this.pending = false));
    }
    return this.bytes;
  }
}
