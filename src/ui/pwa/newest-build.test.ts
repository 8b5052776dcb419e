import { describe, expect, it, vi } from 'vitest';
import { reloadIntoNewestBuild, type ContainerLike, type RegistrationLike, type WorkerLike } from './newest-build';

/** A service worker whose state the test moves; SKIP_WAITING makes the container change controller (as workbox's does). */
function fakeWorker(state: string, onSkip?: () => void): WorkerLike & { set(state: string): void; messages: unknown[] } {
  const listeners = new Set<() => void>();
  const w = {
    state,
    messages: [] as unknown[],
    postMessage(m: unknown) {
      w.messages.push(m);
      onSkip?.();
    },
    addEventListener: (_: 'statechange', l: () => void) => void listeners.add(l),
    removeEventListener: (_: 'statechange', l: () => void) => void listeners.delete(l),
    set(s: string) {
      w.state = s;
      for (const l of [...listeners]) l();
    },
  };
  return w;
}

function fakeContainer(reg: RegistrationLike | undefined): ContainerLike & { takeOver(): void } {
  const listeners: (() => void)[] = [];
  return {
    getRegistration: async () => reg,
    addEventListener: (_: 'controllerchange', l: () => void) => void listeners.push(l),
    takeOver: () => listeners.splice(0).forEach((l) => l()),
  };
}

describe('reloadIntoNewestBuild (the stored-data banner\'s Reload)', () => {
  it('tells a waiting worker to take over, and reloads once it has', async () => {
    let container!: ReturnType<typeof fakeContainer>;
    const waiting = fakeWorker('installed', () => container.takeOver());
    container = fakeContainer({ installing: null, waiting, update: async () => undefined });
    const reload = vi.fn();
    await reloadIntoNewestBuild(container, reload, 1_000);
    expect(waiting.messages).toEqual([{ type: 'SKIP_WAITING' }]);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('lets a worker that is still installing finish first, then brings it in', async () => {
    let container!: ReturnType<typeof fakeContainer>;
    const next = fakeWorker('installing', () => container.takeOver());
    const reg = { installing: next as WorkerLike | null, waiting: null as WorkerLike | null, update: async () => undefined };
    container = fakeContainer(reg);
    const reload = vi.fn();
    const done = reloadIntoNewestBuild(container, reload, 1_000);
    await new Promise((r) => setTimeout(r, 10));
    expect(reload).not.toHaveBeenCalled(); // still installing: a reload now would serve the old build
    Object.assign(reg, { installing: null, waiting: next });
    next.set('installed');
    await done;
    expect(next.messages).toEqual([{ type: 'SKIP_WAITING' }]);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('asks the registration for a newer build before looking (the other tab may have just fetched it)', async () => {
    let container!: ReturnType<typeof fakeContainer>;
    const found = fakeWorker('installed', () => container.takeOver());
    const reg = { installing: null as WorkerLike | null, waiting: null as WorkerLike | null, update: async () => void (reg.waiting = found) };
    container = fakeContainer(reg);
    const reload = vi.fn();
    await reloadIntoNewestBuild(container, reload, 1_000);
    expect(found.messages).toHaveLength(1);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('reloads plainly with no newer worker, no registration, or no service worker at all', async () => {
    for (const container of [fakeContainer({ installing: null, waiting: null, update: async () => undefined }), fakeContainer(undefined), undefined]) {
      const reload = vi.fn();
      await reloadIntoNewestBuild(container, reload, 1_000);
      expect(reload).toHaveBeenCalledOnce();
    }
  });

  it('still reloads when the update check fails (offline) or a step never ends', async () => {
    const offline = vi.fn();
    await reloadIntoNewestBuild(fakeContainer({ installing: null, waiting: null, update: () => Promise.reject(new TypeError('Failed to fetch')) }), offline, 1_000);
    expect(offline).toHaveBeenCalledOnce();
    // A waiting worker that never takes over, and an install that never ends: each step gives up after its timeout.
    const stuck = vi.fn();
    await reloadIntoNewestBuild(fakeContainer({ installing: fakeWorker('installing'), waiting: fakeWorker('installed'), update: () => new Promise(() => undefined) }), stuck, 20);
    expect(stuck).toHaveBeenCalledOnce();
    const throwing = vi.fn();
    await reloadIntoNewestBuild({ getRegistration: () => { throw new Error('SecurityError'); }, addEventListener: () => undefined }, throwing, 20);
    expect(throwing).toHaveBeenCalledOnce();
  });
});
