/**
 * One HTTP request's cancellation: a single AbortController fired by the caller (its signal, or the
 * engine's abort/unload) or by a named deadline, remembering which of the two, so the engine can tell
 * "stopped" (resolve with 'abort') from "too slow" (RemoteTimeoutError). `race` makes every await on
 * the network give up at once when that happens, whatever the fetch implementation does.
 */
export class RequestControl {
  private readonly ctrl = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onOuterAbort = (): void => this.stop();
  /** Set when the caller stopped the request (not a failure). */
  stoppedByCaller = false;
  /** Set when a deadline fired: which phase was too slow, and its limit. */
  timedOut: { phase: string; ms: number } | null = null;

  constructor(private readonly outer?: AbortSignal) {
    if (outer?.aborted) this.stop();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.ctrl.signal;
  }

  stop(): void {
    if (this.ctrl.signal.aborted) return;
    this.stoppedByCaller = true;
    this.ctrl.abort();
  }

  /** Starts (or replaces) the deadline for the next phase. */
  within(phase: string, ms: number): void {
    this.clearDeadline();
    this.timer = setTimeout(() => {
      if (this.ctrl.signal.aborted) return;
      this.timedOut = { phase, ms };
      this.ctrl.abort();
    }, ms);
  }

  clearDeadline(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** `p`, or a rejection as soon as the request is aborted (by the caller or a deadline). */
  race<T>(p: Promise<T>): Promise<T> {
    const signal = this.ctrl.signal;
    if (signal.aborted) {
      p.catch(() => {});
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Ends the request once its outcome is decided: no deadline left, connection closed, caller unhooked. */
  close(): void {
    this.clearDeadline();
    this.outer?.removeEventListener('abort', this.onOuterAbort);
    if (!this.ctrl.signal.aborted) this.ctrl.abort();
  }
}
