/**
 * Response Timer (seed "Response Timer"; SPEC §3.4): a member that has produced nothing for
 * `timeoutMs` (5 s) is failed. Recovery: up to 3 attempts (restart its engine), then it is removed;
 * the request it held goes to another member (the council does that on `onTimeout`).
 */
import type { Clock } from './clock';

export const DEFAULT_MEMBER_TIMEOUT_MS = 5000;
export const MAX_RECOVERIES = 3;

export class ResponseTimer {
  private timers = new Map<string, unknown>();

  constructor(
    private clock: Clock,
    private onTimeout: (memberId: string, silentMs: number) => void,
    public timeoutMs = DEFAULT_MEMBER_TIMEOUT_MS,
  ) {}

  /**
   * Starts (or restarts) the silence window for a member: on request start and on every token.
   * `workMs` is time the member is known to be busy before it can say anything (its prompt's
   * prefill, at request start): the window starts after it.
   */
  touch(memberId: string, workMs = 0): void {
    this.clear(memberId);
    const started = this.clock.now();
    this.timers.set(
      memberId,
      this.clock.setTimeout(() => {
        this.timers.delete(memberId);
        this.onTimeout(memberId, this.clock.now() - started);
      }, this.timeoutMs + Math.max(0, workMs)),
    );
  }

  /** The member finished or was stopped: no more watching. */
  clear(memberId: string): void {
    const h = this.timers.get(memberId);
    if (h !== undefined) this.clock.clearTimeout(h);
    this.timers.delete(memberId);
  }

  clearAll(): void {
    for (const id of [...this.timers.keys()]) this.clear(id);
  }

  get watching(): number {
    return this.timers.size;
  }
}

/** What to do with a member that failed: recover (restart) while attempts remain, then remove. */
export class RecoveryPolicy {
  private attempts = new Map<string, number>();

  constructor(public maxAttempts = MAX_RECOVERIES) {}

  onFailure(memberId: string): { action: 'recover' | 'remove'; attempt: number } {
    const attempt = (this.attempts.get(memberId) ?? 0) + 1;
    this.attempts.set(memberId, attempt);
    return attempt > this.maxAttempts ? { action: 'remove', attempt } : { action: 'recover', attempt };
  }

  onSuccess(memberId: string): void {
    this.attempts.delete(memberId);
  }

  attemptsOf(memberId: string): number {
    return this.attempts.get(memberId) ?? 0;
  }
}
