/**
 * JS memory readings for the monitor, cheapest source first that the browser offers:
 * - `performance.measureUserAgentSpecificMemory()` when cross-origin isolated: the whole page,
 *   workers (and their wasm memories) included; slow and asynchronous (it may wait for a GC), so it
 *   runs at most every 20 s and never overlaps itself;
 * - else Chromium's non-standard `performance.memory`: the main thread's heap and its own limit
 *   (synchronous, coarse);
 * - else "n/a" (null).
 * The two are kept apart: the main thread's limit says nothing about the workers' memory (issue 10:
 * dividing the page's memory by it read two 2 GB CPU models as ~95 %).
 */
interface ChromeMemory {
  usedJSHeapSize: number;
  jsHeapSizeLimit: number;
}
type Perf = Performance & { memory?: ChromeMemory; measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };

export type HeapSource = 'measureUserAgentSpecificMemory' | 'performance.memory' | 'n/a';

export class HeapReader {
  readonly source: HeapSource;
  /** Main thread heap in use and its limit (performance.memory), null when unknown. */
  mainBytes: number | null = null;
  mainLimitBytes: number | null = null;
  /** The whole page incl. workers (measureUserAgentSpecificMemory), null when unknown. */
  pageBytes: number | null = null;
  private pending = false;
  private lastMeasureAt = -Infinity;

  constructor(private readonly measureEveryMs = 20_000) {
    const perf = performance as Perf;
    if (globalThis.crossOriginIsolated && typeof perf.measureUserAgentSpecificMemory === 'function') this.source = 'measureUserAgentSpecificMemory';
    else if (perf.memory && typeof perf.memory.usedJSHeapSize === 'number') this.source = 'performance.memory';
    else this.source = 'n/a';
  }

  /** Called every sample; returns the page's memory as best known (the async source may lag). */
  read(now: number): number | null {
    const perf = performance as Perf;
    // performance.memory is not free (it showed in the sample cost): only when it is the source.
    if (this.source === 'performance.memory' && perf.memory) {
      this.mainBytes = perf.memory.usedJSHeapSize;
      this.mainLimitBytes = perf.memory.jsHeapSizeLimit;
    }
    if (this.source === 'measureUserAgentSpecificMemory' && !this.pending && now - this.lastMeasureAt >= this.measureEveryMs) {
      this.pending = true;
      this.lastMeasureAt = now;
      perf
        .measureUserAgentSpecificMemory!()
        .then((r) => (this.pageBytes = r.bytes))
        .catch(() => undefined)
        .finally(() => (this.pending = false));
    }
    return this.pageBytes ?? this.mainBytes;
  }

  /** Main thread heap ÷ its own limit (null when the browser does not tell). */
  mainShare(): number | null {
    return this.mainBytes !== null && this.mainLimitBytes ? this.mainBytes / this.mainLimitBytes : null;
  }
}
