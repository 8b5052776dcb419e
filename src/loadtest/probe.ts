/**
 * Browser edge of the load tester: frames per second from requestAnimationFrame (frames counted
 * over the last second) and the JS heap where Chromium exposes it (performance.memory).
 */
export class EnvProbe {
  private frames: number[] = [];
  private raf = 0;
  private running = false;

  start(): void {
    if (this.running || typeof requestAnimationFrame === 'undefined') return;
    this.running = true;
    const tick = (t: number) => {
      this.frames.push(t);
      while (this.frames.length && this.frames[0] < t - 1000) this.frames.shift();
      if (this.running) this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  stop(): void {
    this.running = false;
    cancelAnimationFrame(this.raf);
    this.frames = [];
  }

  sample = (): { fps: number | null; heapBytes: number | null } => {
    const now = performance.now();
    const recent = this.frames.filter((t) => t >= now - 1000);
    // Until a full second has been seen, fps is not yet meaningful.
    const fps = recent.length >= 2 ? ((recent.length - 1) * 1000) / Math.max(1, recent.at(-1)! - recent[0]) : null;
    const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return { fps, heapBytes: mem ? mem.usedJSHeapSize : null };
  };
}
