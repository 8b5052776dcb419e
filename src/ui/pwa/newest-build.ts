/**
 * Reloading into the newest build (the stored-data banner's Reload: another tab runs a newer
 * version). A plain reload is not enough while a new service worker waits (registerType "prompt"):
 * the waiting worker does not take over on a reload, and the old build is served again from its
 * cache. Nor is the page's "update available" flag: the new worker may still be installing (the
 * other tab fetched it a moment ago) or the person pressed "Later". So the registration itself is
 * asked: look for a newer worker now, let one that is installing finish, tell a waiting one to take
 * over (the generated service worker's SKIP_WAITING message), then reload.
 */

/** The parts of the Service Worker API this uses (a fake in tests). */
export interface WorkerLike {
  readonly state: string;
  postMessage(message: unknown): void;
  addEventListener(type: 'statechange', listener: () => void): void;
  removeEventListener(type: 'statechange', listener: () => void): void;
}
export interface RegistrationLike {
  readonly installing: WorkerLike | null;
  readonly waiting: WorkerLike | null;
  update(): Promise<unknown>;
}
export interface ContainerLike {
  getRegistration(): Promise<RegistrationLike | undefined>;
  addEventListener(type: 'controllerchange', listener: () => void, options?: { once?: boolean }): void;
}

/** Longest wait for each step (the update check, an install, the takeover): then the page reloads anyway. */
export const STEP_TIMEOUT_MS = 15_000;

const within = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p.catch(() => undefined), new Promise<undefined>((resolve) => setTimeout(resolve, ms))]);

/** Resolves once `w` has installed (it then waits) or failed, whichever comes first. */
function settled(w: WorkerLike): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      if (w.state === 'installing') return;
      w.removeEventListener('statechange', done);
      resolve();
    };
    w.addEventListener('statechange', done);
    done();
  });
}

/**
 * Brings a newer service worker in (if there is one), then calls `reload`. Never throws: whatever
 * fails or takes too long (offline, no service worker), the page still reloads.
 */
export async function reloadIntoNewestBuild(container: ContainerLike | undefined, reload: () => void, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  try {
    const reg = container ? await within(container.getRegistration(), timeoutMs) : undefined;
    if (container && reg) {
      await within(reg.update(), timeoutMs); // the other tab's build may not be known here yet
      if (reg.installing) await within(settled(reg.installing), timeoutMs);
      const waiting = reg.waiting;
      if (waiting) {
        const takenOver = new Promise<void>((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true }));
        waiting.postMessage({ type: 'SKIP_WAITING' });
        await within(takenOver, timeoutMs);
      }
    }
  } catch {
    /* the reload below is the way on whatever happened */
  }
  reload();
}
