/**
 * The Engine interface on the main thread: forwards to a council-member worker through comlink.
 * Only types are imported from the worker, so no engine code enters the main bundle. If the worker
 * dies (terminated, crashed, out of memory) every pending call rejects with EngineCrashedError and
 * `onDeath` tells the owner, so an idle member shows failed at once. `kill` is idempotent and never
 * throws (issue 9: killing a released proxy used to throw comlink's raw error into the council).
 */
import { proxy, wrap, releaseProxy, type Remote } from 'comlink';
import type { CouncilMemberApi } from '../../workers/council-member.worker';
import type { ChatOptions, ChatRequest, ChatResult, Engine, EngineBackend, EngineKind, EngineStats, LoadOptions, ModelDescriptor, LoadResult } from './engine';
import { AbortedError, EngineCrashedError, fromWire, isWireError } from './errors';

export class WorkerEngine implements Engine {
  private worker: Worker | null;
  private remote: Remote<CouncilMemberApi>;
  private pending = new Set<(err: Error) => void>();
  private deadReason: string | null = null;
  /** Called once when the worker dies, whatever the cause (kill, crash); the owner sets it. */
  onDeath: ((reason: string) => void) | null = null;

  constructor(readonly kind: EngineKind) {
    this.worker = new Worker(new URL('../../workers/council-member.worker.ts', import.meta.url), { type: 'module', name: `council-member-${kind}` });
    this.worker.addEventListener('error', (e) => this.kill(`its worker crashed${e.message ? ` (${e.message})` : ''}`));
    this.worker.addEventListener('messageerror', () => this.kill('its worker sent a message that could not be read'));
    this.remote = wrap<CouncilMemberApi>(this.worker);
  }

  get alive(): boolean {
    return this.deadReason === null;
  }

  /** Runs a worker call, racing it against the worker's death and rebuilding named errors. */
  private call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.deadReason) return Promise.reject(new EngineCrashedError(this.deadReason));
    return new Promise<T>((resolve, reject) => {
      const onDeath = (err: Error) => reject(err);
      this.pending.add(onDeath);
      new Promise<T>((r) => r(fn())).then(
        (v) => (this.pending.delete(onDeath), resolve(v)),
        (e) => (this.pending.delete(onDeath), reject(isWireError(e) ? fromWire(e) : e)),
      );
    });
  }

  private die(reason: string): void {
    if (this.deadReason) return;
    this.deadReason = reason;
    const err = new EngineCrashedError(reason);
    for (const reject of this.pending) reject(err);
    this.pending.clear();
    const notify = this.onDeath;
    this.onDeath = null;
    notify?.(reason);
  }

  load(model: ModelDescriptor, options: LoadOptions = {}): Promise<LoadResult> {
    if (options.signal?.aborted) return Promise.reject(new AbortedError('load cancelled'));
    const { file, ...rest } = options.config ?? {};
    const config = file ? { ...rest, file } : rest;
    options.signal?.addEventListener('abort', () => void this.abort(), { once: true });
    const onProgress = options.onProgress ? proxy(options.onProgress) : undefined;
    return this.call(() => this.remote.load(model, config, onProgress));
  }

  chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    options.signal?.addEventListener('abort', () => void this.abort(), { once: true });
    const onChunk = options.onChunk ? proxy(options.onChunk) : undefined;
    return this.call(() => this.remote.chat(request, onChunk));
  }

  async abort(): Promise<void> {
    if (this.deadReason) return;
    await this.call(() => this.remote.abort()).catch(() => {});
  }

  async stats(): Promise<EngineStats> {
    const s = await this.call(() => this.remote.stats());
    return (
      s ?? {
        kind: this.kind, modelId: null, backend: 'unknown', threads: null, loaded: false, loadMs: null,
        lastTtftMs: null, lastDecodeTokensPerSecond: null, totalCompletionTokens: 0, requests: 0,
      }
    );
  }

  ping(): Promise<number> {
    return this.call(() => this.remote.ping());
  }

  async unload(): Promise<void> {
    if (!this.deadReason) await this.call(() => this.remote.unload()).catch(() => {});
  }

  /** Terminates the worker at once (stop/kill control, or a hung member). Pending calls reject. */
  kill(reason = 'the worker was stopped'): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    try {
      this.remote[releaseProxy]();
    } catch {
      /* already released: nothing left to free */
    }
    worker.terminate();
    this.die(reason);
  }
}
