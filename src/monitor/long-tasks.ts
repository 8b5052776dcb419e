/**
 * Long tasks (> 50 ms) and long animation frames on the main thread, counted by PerformanceObserver
 * where the browser supports the entry types. `take()` returns and resets the count since the
 * last sample, so nothing is allocated per sample beyond what the browser hands over.
 */
export class LongTaskCounter {
  readonly supported: string[];
  private count = 0;
  private blockedMs = 0;
  /** Totals since start (for the benchmark). */
  total = 0;
  totalBlockedMs = 0;
  private observers: PerformanceObserver[] = [];

  constructor() {
    const types = typeof PerformanceObserver !== 'undefined' ? (PerformanceObserver.supportedEntryTypes ?? []) : [];
    // Prefer long animation frames (they include rendering); fall back to long tasks.
    const type = types.includes('long-animation-frame') ? 'long-animation-frame' : types.includes('longtask') ? 'longtask' : null;
    this.supported = type ? [type] : [];
    if (!type) return;
    const o = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const blocked = (e as PerformanceEntry & { blockingDuration?: number }).blockingDuration ?? Math.max(0, e.duration - 50);
        this.count++;
        this.blockedMs += blocked;
        this.total++;
        this.totalBlockedMs += blocked;
      }
    });
    o.observe({ type, buffered: false });
    this.observers.push(o);
  }

  /** Blocking time (ms) of the entries returned by the last `take()`. */
  lastBlockedMs = 0;

  /** How many entries arrived since the last call (their blocking time goes to `lastBlockedMs`). */
  take(): number {
    const n = this.count;
    this.lastBlockedMs = this.blockedMs;
    this.count = 0;
    this.blockedMs = 0;
    return n;
  }

  stop(): void {
    for (const o of this.observers) o.disconnect();
    this.observers = [];
  }
}
