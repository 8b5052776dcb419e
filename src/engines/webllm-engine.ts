/**
 * web-llm engine (MLC, WebGPU; SPEC §4): prebuilt models (optionally self-hosted via a base URL)
 * and custom appConfig records. Checks required features before downloading, and turns a lost GPU
 * device into DeviceLostError so the member fails clearly and can be restarted. Worker-only.
 */
import { CreateMLCEngine, prebuiltAppConfig, type MLCEngine, type ModelRecord } from '@mlc-ai/web-llm';
import type { ChatOptions, ChatRequest, ChatResult, Engine, EngineBackend, EngineStats, LoadOptions, ModelDescriptor, LoadResult } from './engine';
import { DeviceLostError, EngineNotReadyError, FeatureMissingError, ModelNotFoundError, ModelTooLargeError, WebGpuUnavailableError } from './errors';
import { webLlmError } from './webllm-errors';
import { ChatRecorder } from './chat-stream';
import { missingFeature, rehost, type WebLlmRecord } from './webllm-records';

export class WebLlmEngine implements Engine {
  readonly kind = 'web-llm' as const;
  private engine: MLCEngine | null = null;
  private modelId: string | null = null;
  private loadMs: number | null = null;
  private lost: string | null = null;
  private last: ChatResult | null = null;
  private totalTokens = 0;
  private requests = 0;
  private running = false;

  async load(model: ModelDescriptor, options: LoadOptions = {}): Promise<LoadResult> {
    const t0 = performance.now();
    await this.unload();
    const cfg = options.config ?? {};
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) throw new WebGpuUnavailableError('navigator.gpu is missing');
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new WebGpuUnavailableError('no WebGPU adapter');
    const prebuilt = prebuiltAppConfig.model_list.find((m) => m.model_id === model.id) as WebLlmRecord | undefined;
    let record: WebLlmRecord | undefined = prebuilt ? rehost(prebuilt, cfg.modelBaseUrl) : undefined;
    if (!record) {
      if (!model.url || !cfg.modelLib) throw new ModelNotFoundError(model.id);
      record = { model: model.url, model_id: model.id, model_lib: cfg.modelLib, overrides: cfg.overrides, required_features: model.requiredFeatures };
    }
    // Before downloading anything: does this device have what the model needs?
    const missing = missingFeature(record, adapter.features);
    if (missing) throw new FeatureMissingError(model.id, missing);
    if (record.vram_required_MB && adapter.limits.maxBufferSize < 64 * 1024 * 1024) {
      throw new ModelTooLargeError(model.id, record.vram_required_MB * 1024 * 1024, adapter.limits.maxBufferSize);
    }
    try {
      this.engine = await CreateMLCEngine(model.id, {
        appConfig: { ...prebuiltAppConfig, model_list: [record as ModelRecord] },
        // web-llm's progress is 0…1; anything else is sent as unknown (the main thread checks every report).
        initProgressCallback: (r) =>
          options.onProgress?.({ loadedBytes: 0, totalBytes: null, fraction: Number.isFinite(r.progress) ? Math.min(1, Math.max(0, r.progress)) : null, text: String(r.text ?? '') }),
      });
    } catch (err) {
      throw webLlmError(err, model);
    }
    this.modelId = model.id;
    this.lost = null;
    this.loadMs = performance.now() - t0;
    return { backend: 'webgpu', loadMs: this.loadMs };
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    if (this.lost) throw new DeviceLostError(this.lost);
    if (!this.engine || !this.modelId) throw new EngineNotReadyError('no model is loaded');
    if (this.running) throw new EngineNotReadyError('a request is already running (one at a time per member)');
    this.running = true;
    const engine = this.engine;
    options.signal?.addEventListener('abort', () => void engine.interruptGenerate(), { once: true });
    const rec = new ChatRecorder(this.modelId, options.onChunk);
    let finish: ChatResult['finishReason'] = 'stop';
    try {
      const stream = await engine.chat.completions.create({
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: request.max_tokens ?? 64,
        temperature: request.temperature,
        top_p: request.top_p,
        seed: request.seed,
        ignore_eos: request.ignore_eos,
      });
      for await (const chunk of stream) {
        const c = chunk.choices[0];
        if (c?.delta?.content) rec.token(c.delta.content);
        if (c?.finish_reason === 'length') finish = 'length';
        if (c?.finish_reason === 'abort') finish = 'abort';
        if (chunk.usage) rec.promptTokens = chunk.usage.prompt_tokens;
      }
    } catch (err) {
      const mapped = webLlmError(err, { id: this.modelId } as ModelDescriptor);
      if (mapped.name === 'DeviceLostError') {
        this.lost = (err as Error).message;
        this.engine = null;
      }
      throw mapped;
    } finally {
      this.running = false;
    }
    const result = rec.finish(finish);
    this.last = result;
    this.totalTokens += result.completionTokens;
    this.requests++;
    return result;
  }

  async abort(): Promise<void> {
    await this.engine?.interruptGenerate();
  }

  async stats(): Promise<EngineStats> {
    return {
      kind: this.kind, modelId: this.modelId, backend: this.engine ? 'webgpu' : 'unknown', threads: null, loaded: !!this.engine,
      loadMs: this.loadMs, lastTtftMs: this.last?.ttftMs ?? null, lastDecodeTokensPerSecond: this.last?.decodeTokensPerSecond ?? null,
      totalCompletionTokens: this.totalTokens, requests: this.requests,
    };
  }

  async unload(): Promise<void> {
    const e = this.engine;
    this.engine = null;
    this.modelId = null;
    if (e) await e.unload().catch(() => {});
  }
}
