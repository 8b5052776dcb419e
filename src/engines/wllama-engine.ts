/**
 * wllama engine (llama.cpp in WebAssembly; SPEC §4): GGUF models on the CPU, or WebGPU when the
 * adapter has shader-f16 (wllama's WebGPU needs it; SwiftShader lacks it). Runs INSIDE the
 * council-member worker. The wasm is served by this app (`?url`) and `setCompat(null)` keeps wllama
 * from ever reaching a CDN.
 */
import { Wllama } from '@wllama/wllama';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { ChatOptions, ChatRequest, ChatResult, Engine, EngineBackend, EngineStats, LoadOptions, ModelDescriptor } from './engine';
import { AbortedError, EngineCrashedError, EngineNotReadyError, ModelCorruptError, ModelTooLargeError } from './errors';
import { fetchGguf } from './model-cache';
import { chooseThreads } from './threads';
import { ChatRecorder } from './chat-stream';

async function hasShaderF16(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return false;
  try {
    const adapter = await gpu.requestAdapter();
    return !!adapter && adapter.features.has('shader-f16') && !(adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  } catch {
    return false;
  }
}

export class WllamaEngine implements Engine {
  readonly kind = 'wllama' as const;
  private wllama: Wllama | null = null;
  private modelId: string | null = null;
  private backend: EngineBackend = 'unknown';
  private threads: number | null = null;
  private loadMs: number | null = null;
  private running: AbortController | null = null;
  private last: ChatResult | null = null;
  private totalTokens = 0;
  private requests = 0;

  async load(model: ModelDescriptor, options: LoadOptions = {}): Promise<{ backend: EngineBackend; loadMs: number }> {
    const t0 = performance.now();
    await this.unload();
    const cfg = options.config ?? {};
    const blob = cfg.file ?? (await fetchGguf(model.url ?? '', { onProgress: options.onProgress, signal: options.signal, useCache: cfg.useCache }));
    if (options.signal?.aborted) throw new AbortedError('load cancelled');
    const threads = chooseThreads({
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated: self.crossOriginIsolated,
      members: 1,
      requested: cfg.threads ?? null,
    });
    const gpu = await hasShaderF16();
    const w = new Wllama({ default: wasmUrl }, { suppressNativeLog: true, logger: { debug() {}, log() {}, warn: console.warn, error: console.error } });
    w.setCompat(null); // never fetch the compat worker/wasm from a CDN
    options.onProgress?.({ loadedBytes: blob.size, totalBytes: blob.size, fraction: 1, text: `Starting llama.cpp (${threads} thread${threads > 1 ? 's' : ''})` });
    try {
      await w.loadModel([blob], {
        n_threads: threads,
        n_ctx: Math.min(model.contextLength ?? 2048, 2048),
        n_gpu_layers: gpu ? 999 : 0,
        warmup: false,
      });
    } catch (err) {
      await w.exit().catch(() => {});
      const msg = (err as Error).message ?? String(err);
      if (/memory|OOM|allocate/i.test(msg)) throw new ModelTooLargeError(model.id, model.weightBytes, null);
      throw new ModelCorruptError(model.url ?? model.id, `llama.cpp could not load it: ${msg}`);
    }
    this.wllama = w;
    this.modelId = model.id;
    this.threads = w.getNumThreads?.() ?? threads;
    this.backend = gpu ? 'webgpu' : w.isMultithread() ? 'wasm-cpu-mt' : 'wasm-cpu';
    this.loadMs = performance.now() - t0;
    return { backend: this.backend, loadMs: this.loadMs };
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    const w = this.wllama;
    if (!w || !this.modelId) throw new EngineNotReadyError('no model is loaded');
    if (this.running) throw new EngineNotReadyError('a request is already running (one at a time per member)');
    const ctrl = new AbortController();
    this.running = ctrl;
    options.signal?.addEventListener('abort', () => ctrl.abort(), { once: true });
    const rec = new ChatRecorder(this.modelId, options.onChunk);
    let finish: ChatResult['finishReason'] = 'stop';
    try {
      const stream = await w.createChatCompletion({
        messages: request.messages,
        stream: true,
        max_tokens: request.max_tokens ?? 64,
        temperature: request.temperature ?? 0.8,
        top_k: request.top_k ?? 40,
        top_p: request.top_p ?? 0.95,
        seed: request.seed,
        ignore_eos: request.ignore_eos,
        abortSignal: ctrl.signal,
      });
      for await (const chunk of stream) {
        const choice = chunk.choices?.[0];
        const content = choice?.delta?.content;
        if (content) rec.token(content);
        if (chunk.usage) rec.promptTokens = chunk.usage.prompt_tokens;
        if (choice?.finish_reason === 'length') finish = 'length';
      }
    } catch (err) {
      const name = (err as Error)?.name ?? '';
      const msg = (err as Error)?.message ?? String(err);
      if (ctrl.signal.aborted || name === 'AbortError' || /abort/i.test(msg)) finish = 'abort';
      // Random or real models can emit a partial UTF-8 sequence; keep what was generated instead of crashing.
      else if (/utf-?8/i.test(msg)) finish = rec.completionTokens >= (request.max_tokens ?? 64) ? 'length' : 'stop';
      else throw new EngineCrashedError(`wllama: ${msg}`);
    } finally {
      this.running = null;
    }
    const result = rec.finish(finish);
    this.last = result;
    this.totalTokens += result.completionTokens;
    this.requests++;
    return result;
  }

  async abort(): Promise<void> {
    this.running?.abort();
  }

  async stats(): Promise<EngineStats> {
    return {
      kind: this.kind,
      modelId: this.modelId,
      backend: this.backend,
      threads: this.threads,
      loaded: !!this.wllama,
      loadMs: this.loadMs,
      lastTtftMs: this.last?.ttftMs ?? null,
      lastDecodeTokensPerSecond: this.last?.decodeTokensPerSecond ?? null,
      totalCompletionTokens: this.totalTokens,
      requests: this.requests,
    };
  }

  async unload(): Promise<void> {
    this.running?.abort();
    const w = this.wllama;
    this.wllama = null;
    this.modelId = null;
    this.backend = 'unknown';
    if (w) await w.exit().catch(() => {});
  }
}
