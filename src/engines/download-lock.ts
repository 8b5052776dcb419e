/**
 * Single flight for downloads across every window and worker of this origin (Web Locks): one
 * context holds the lock for a URL and downloads; the others wait for the lock, then find the file
 * in the cache. While they wait, the holder's progress reaches them over a BroadcastChannel.
 *
 * Cancelling a waiter only stops its own wait. Cancelling the holder rejects its caller at once;
 * the download itself goes on when another context is queued for the same lock (it finishes into
 * the cache for them), and stops otherwise. A terminated worker releases its lock, so the next
 * waiter starts the download over.
 */
import { AbortedError } from './errors';
import type { LoadProgress } from './engine';
import { isLoadProgress } from './schemas/worker-messages';

const PREFIX = 'wirthforge-download:';

export interface DownloadLockOptions {
  signal?: AbortSignal;
  /** Called when another context holds the download: first with null, then with its progress. */
  onWaiting?: (holderProgress: LoadProgress | null) => void;
}

/** What the work under the lock gets: its own signal and a way to share progress with waiters. */
export interface LockedWork {
  signal: AbortSignal;
  share: (p: LoadProgress) => void;
}

const NOT_HELD = Symbol('not held');

function cancelled(): AbortedError {
  return new AbortedError('download cancelled');
}

/** Runs `work` once per key at a time across the origin; `work` must first look for a finished copy. */
export async function withDownloadLock<T>(key: string, opts: DownloadLockOptions, work: (w: LockedWork) => Promise<T>): Promise<T> {
  if (opts.signal?.aborted) throw cancelled();
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return work({ signal: opts.signal ?? new AbortController().signal, share: () => {} });
  const name = PREFIX + key;
  const first = await holdLock(locks, name, { ifAvailable: true }, opts.signal, work);
  if (first !== NOT_HELD) return first;

  opts.onWaiting?.(null);
  const relay = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(name) : null;
  // What another context relays is checked before it is shown (issue 13); anything else is ignored.
  if (relay) relay.onmessage = (e: MessageEvent<unknown>) => void (isLoadProgress(e.data) && opts.onWaiting?.(e.data));
  try {
    return (await holdLock(locks, name, { signal: opts.signal }, opts.signal, work)) as T;
  } catch (err) {
    if (opts.signal?.aborted) throw cancelled();
    throw err;
  } finally {
    relay?.close();
  }
}

/**
 * Resolves with the work's outcome once the lock is granted (NOT_HELD when `ifAvailable` found it
 * taken). The lock is kept until the work ends, even when the caller's signal rejects it earlier,
 * so queued contexts never start a second copy.
 */
function holdLock<T>(
  locks: LockManager,
  name: string,
  options: LockOptions,
  signal: AbortSignal | undefined,
  work: (w: LockedWork) => Promise<T>,
): Promise<T | typeof NOT_HELD> {
  return new Promise((resolve, reject) => {
    locks
      .request(name, options, (lock) => {
        if (!lock) return void resolve(NOT_HELD);
        const { done, result } = startWork(locks, name, signal, work);
        resolve(result);
        return done.catch(() => {}); // its failure reaches the caller through `result`
      })
      .catch(reject); // the wait itself failed (aborted while queued)
  });
}

/** Starts the work; `result` rejects at once when the caller cancels, `done` follows the work. */
function startWork<T>(locks: LockManager, name: string, signal: AbortSignal | undefined, work: (w: LockedWork) => Promise<T>) {
  const own = new AbortController();
  const relay = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(name) : null;
  const done = work({ signal: own.signal, share: (p) => relay?.postMessage(p) }).finally(() => relay?.close());
  if (!signal) return { done, result: done };
  // A cancelled holder keeps downloading only for contexts already queued on the same lock.
  const onAbort = () =>
    void locks
      .query()
      .catch(() => null)
      .then((state) => {
        if (!state?.pending?.some((l) => l.name === name)) own.abort();
      });
  if (signal.aborted) own.abort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const caller = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(cancelled());
    signal.addEventListener('abort', () => reject(cancelled()), { once: true });
  });
  void done.catch(() => {}).finally(() => signal.removeEventListener('abort', onAbort));
  return { done, result: Promise.race([done, caller]) };
}
