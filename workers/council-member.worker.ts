/**
 * One council member: a worker hosting one engine (web-llm, wllama or remote). The engines'
 * heavy code is imported here only, on demand. Errors leave this worker as plain
 * `{ name, message, fields }` objects (see src/engines/errors.ts) so the main thread can check `name`.
 */
import { expose } from 'comlink';
import type { ChatCompletionChunk, ChatRequest, ChatResult, Engine, EngineBackend, EngineKind, LoadConfig, LoadProgress, ModelDescriptor, EngineStats, LoadResult } from '../src/engines/engine';
import { toWire, AbortedError, EngineNotReadyError } from '../src/engines/errors';

let engine: Engine | null = null;
let loadAbort: AbortController | null = null;

async function makeEngine(kind: EngineKind): Promise<Engine> {
  if (kind === 'wllama') return new (await import('../src/engines/wllama-engine')).WllamaEngine();
  if (kind === 'remote') return new (await import('../src/engines/remote-engine')).RemoteEngine();
  return new (await import('../src/engines/webllm-engine')).WebLlmEngine();
}

/** Runs `fn`, turning any failure into a wire error (a plain object comlink can clone). */
async function wire<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toWire(err);
  }
}

const api = {
  async load(model: ModelDescriptor, config: LoadConfig, onProgress?: (p: LoadProgress) => void): Promise<LoadResult> {
    return wire(async () => {
      // Cancellable from the first moment: an abort while the engine's code is still importing counts.
      const abort = new AbortController();
      loadAbort = abort;
      if (engine && engine.kind !== model.engine) await engine.unload();
      if (!engine || engine.kind !== model.engine) engine = await makeEngine(model.engine);
      if (abort.signal.aborted) throw new AbortedError('load cancelled');
      try {
        return await engine.load(model, { config, signal: abort.signal, onProgress: onProgress ? (p) => void onProgress(p) : undefined });
      } finally {
        loadAbort = null;
      }
    });
  },
  async chat(request: ChatRequest, onChunk?: (c: ChatCompletionChunk) => void, firstTokenWaitMs?: number): Promise<ChatResult> {
    return wire(async () => {
      if (!engine) throw new EngineNotReadyError('no engine loaded in this worker');
      // Fire-and-forget: the worker never waits for the main thread to take a token.
      return engine.chat(request, { onChunk: onChunk ? (c) => void onChunk(c) : undefined, firstTokenWaitMs });
    });
  },
  async abort(): Promise<void> {
    loadAbort?.abort();
    await engine?.abort();
  },
  async stats(): Promise<EngineStats | null> {
    return engine ? engine.stats() : null;
  },
  async unload(): Promise<void> {
    await engine?.unload();
  },
  /** Liveness check used by the response timer before a recovery. */
  ping(): number {
    return performance.timeOrigin + performance.now();
  },
};

export type CouncilMemberApi = typeof api;
expose(api);
