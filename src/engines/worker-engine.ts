/**
 * The Engine interface on the main thread: forwards to a council-member worker through comlink.
 * Only types are imported from the worker, so no engine code enters the main bundle. If the worker
 * dies (terminated, crashed, out of memory) every pending call rejects with EngineCrashedError and
 * `onDeath` tells the owner, so an idle member shows failed at once. `kill` is idempotent and never
 * throws (issue 9: killing a released proxy used to throw comlink's raw error into the council).
 *
 * Everything the worker sends back — results, progress, token chunks, stats — is checked against
 * its schema (schemas/worker-messages.ts; issue 13). A message that does not fit means the worker is
 * broken: it is ended as after a crash, and pending calls reject with EngineProtocolError naming the field.
 */
import { proxy, wrap, releaseProxy, type Endpoint, type Remote } from 'comlink';
import type * as v from 'valibot';
import type { CouncilMemberApi } from '../../workers/council-member.worker';
import type { ChatCompletionChunk, ChatOptions, ChatRequest, ChatResult, Engine, EngineKind, EngineStats, LoadOptions, LoadProgress, ModelDescriptor, LoadResult } from './engine';
import { holdWllamaCode } from './wllama-code';
import { AbortedError, EngineCrashedError, EngineProtocolError, fromWire, isWireError } from './errors';
import { chatResultSchema, chunkProblem, loadProgressSchema, loadResultSchema, pingSchema, readWorkerMessage, workerStatsSchema } from './schemas/worker-messages';

/** What WorkerEngine needs of a worker: a comlink endpoint it can terminate (tests pass a MessagePort). */
export type MemberWorker = Endpoint & Pick<Worker, 'terminate'>;

function spawnMemberWorker(kind: EngineKind): MemberWorker {
  if (kind === 'wllama') holdWllamaCode();
  return new Worker(new URL('../../workers/council-member.worker.ts', import.meta.url), { type: 'module', name: `council-member-${kind}` });
}

/** Nothing to check: the call's value is not used. */
const ignore = (): void => undefined;

export class WorkerEngine implements Engine {
  private worker: MemberWorker | null;
  private remote: Remote<CouncilMemberApi>;
  private pending = new Set<(err: Error) => void>();
  private deadReason: string | null = null;
  /** Called once when the worker dies, whatever the cause (kill, crash); the owner sets it. */
  onDeath: ((reason: string) => void) | null = null;

  constructor(
    readonly kind: EngineKind,
    spawn: (kind: EngineKind) => MemberWorker = spawnMemberWorker,
  ) {
    this.worker = spawn(kind);
    this.worker.addEventListener('error', (e) => this.kill(`its worker crashed${(e as ErrorEvent).message ? ` (${(e as ErrorEvent).message})` : ''}`));
    this.worker.addEventListener('messageerror', () => this.kill('its worker sent a message that could not be read'));
    this.remote = wrap<CouncilMemberApi>(this.worker);
  }

  get alive(): boolean {
    return this.deadReason === null;
  }

  /**
   * Runs a worker call, racing it against the worker's death, rebuilding named errors and checking
   * the value with `read` (which throws EngineProtocolError when it does not fit).
   */
  private call<T>(fn: () => Promise<unknown>, read: (raw: unknown) => T): Promise<T> {
    if (this.deadReason) return Promise.reject(new EngineCrashedError(this.deadReason));
    return new Promise<T>((resolve, reject) => {
      const onDeath = (err: Error) => reject(err);
      this.pending.add(onDeath);
      new Promise<unknown>((r) => r(fn())).then(
        (raw) => {
          let value: T;
          try {
            value = read(raw);
          } catch (err) {
            this.malformed(err);
            return reject(err); // already rejected when the worker was still alive; kept for a dead one
          }
          this.pending.delete(onDeath);
          resolve(value);
        },
        (e) => (this.pending.delete(onDeath), reject(isWireError(e) ? fromWire(e) : e)),
      );
    });
  }

  /** A malformed message: every pending call rejects with it and the worker is ended (the owner recovers, as after a crash). */
  private malformed(err: unknown): void {
    const protocol = err instanceof EngineProtocolError ? err : new EngineProtocolError('message', String(err));
    this.kill(`it sent a malformed ${protocol.what}`, protocol);
  }

  /** A callback the worker calls, checked before `fn` sees it. */
  private checked<T>(schema: v.GenericSchema<unknown, T>, what: string, fn: (value: T) => void): (raw: unknown) => void {
    return (raw) => {
      if (this.deadReason) return;
      let value: T;
      try {
        value = readWorkerMessage(schema, raw, what);
      } catch (err) {
        return this.malformed(err);
      }
      fn(value);
    };
  }

  private die(reason: string, error?: Error): void {
    if (this.deadReason) return;
    this.deadReason = reason;
    const err = error ?? new EngineCrashedError(reason);
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
    const onProgress = options.onProgress ? proxy(this.checked<LoadProgress>(loadProgressSchema, 'load progress report', options.onProgress)) : undefined;
    return this.call(
      () => this.remote.load(model, config, onProgress),
      (raw) => readWorkerMessage(loadResultSchema, raw, 'load result'),
    );
  }

  chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    options.signal?.addEventListener('abort', () => void this.abort(), { once: true });
    const take = options.onChunk;
    // Per token: one cheap `v.is`; the issues are gathered only for a chunk that fails it.
    const onChunk = take
      ? proxy((raw: unknown) => {
          if (this.deadReason) return;
          const problem = chunkProblem(raw);
          if (problem !== null) return this.malformed(new EngineProtocolError('token chunk', problem));
          take(raw as ChatCompletionChunk);
        })
      : undefined;
    return this.call(
      () => this.remote.chat(request, onChunk, options.firstTokenWaitMs),
      (raw) => readWorkerMessage(chatResultSchema, raw, 'chat result'),
    );
  }

  async abort(): Promise<void> {
    if (this.deadReason) return;
    await this.call(() => this.remote.abort(), ignore).catch(() => {});
  }

  async stats(): Promise<EngineStats> {
    const s = await this.call(() => this.remote.stats(), (raw) => readWorkerMessage(workerStatsSchema, raw, 'stats report'));
    return (
      s ?? {
        kind: this.kind, modelId: null, backend: 'unknown', threads: null, loaded: false, loadMs: null,
        lastTtftMs: null, lastDecodeTokensPerSecond: null, totalCompletionTokens: 0, requests: 0,
      }
    );
  }

  ping(): Promise<number> {
    return this.call(() => this.remote.ping(), (raw) => readWorkerMessage(pingSchema, raw, 'ping answer'));
  }

  async unload(): Promise<void> {
    if (!this.deadReason) await this.call(() => this.remote.unload(), ignore).catch(() => {});
  }

  /**
   * Terminates the worker at once (stop/kill control, a hung member, a malformed message). Pending
   * calls reject with `error`, by default EngineCrashedError.
   */
  kill(reason = 'the worker was stopped', error?: Error): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    try {
      this.remote[releaseProxy]();
    } catch {
      /* already released: nothing left to free */
    }
    worker.terminate();
    this.die(reason, error);
  }
}
