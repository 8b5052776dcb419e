/**
 * Bounded, abortable waits for the orchestrator (issue 9: every wait on a member is bounded and
 * abortable). Time comes from the council's Clock so unit tests drive it with a fake clock.
 */
import type { Clock } from './clock';
import { AbortedError } from '../engines/errors';

/** Resolves after `ms` on `clock`; early (false) when `signal` aborts. True when the time passed. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => (clock.clearTimeout(h), resolve(false));
    const h = clock.setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve(true)), ms);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent — an AbortSignal fires 'abort' once, so `once` changes nothing
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits until `holds()` is true, re-checked whenever `subscribe`'s callback fires. Resolves true when
 * it holds, false at the deadline or when `signal` aborts.
 */
export function waitUntil(
  holds: () => boolean,
  subscribe: (onChange: () => void) => () => void,
  clock: Clock,
  deadlineMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (holds()) return Promise.resolve(true);
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      unsubscribe();
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const unsubscribe = subscribe(() => holds() && done(true));
    const timer = clock.setTimeout(() => done(holds()), deadlineMs);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent — an AbortSignal fires 'abort' once, so `once` changes nothing
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** FIFO mutual exclusion: a request's generation and each solo-speed calibration run alone. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private held = false;

  get locked(): boolean {
    return this.held;
  }

  /** Resolves with a release function; rejects with AbortedError if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = this.tail;
    this.tail = before.then(() => mine);
    let released = false;
    const free = () => {
      if (released) return;
      released = true;
      this.held = false;
      release();
    };
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        free(); // give our turn away: the next waiter runs when `before` settles
        reject(new AbortedError('stopped while waiting for its turn'));
      };
      if (signal?.aborted) return onAbort();
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent — an AbortSignal fires 'abort' once, so `once` changes nothing
      signal?.addEventListener('abort', onAbort, { once: true });
      void before.then(() => {
        signal?.removeEventListener('abort', onAbort);
        if (released) return;
        this.held = true;
        resolve(free);
      });
    });
  }
}
