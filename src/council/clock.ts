/** Time source for the orchestrator, so queue, timer and metrics are unit-tested with a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Manual clock for tests: `advance(ms)` runs due timers in time order. */
export class FakeClock implements Clock {
  private t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Clock time of the earliest pending timer, or null when none is pending. */
  nextDue(): number | null {
    let at: number | null = null;
    for (const timer of this.timers.values()) if (at === null || timer.at < at) at = timer.at;
    return at;
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let dueId = -1;
      let due: { at: number; fn: () => void } | null = null;
      for (const [id, timer] of this.timers) if (timer.at <= end && (!due || timer.at < due.at)) (dueId = id), (due = timer);
      if (!due) break;
      this.timers.delete(dueId);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}
