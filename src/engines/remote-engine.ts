/**
 * Remote OpenAI-compatible server (vLLM, Ollama, llama.cpp server; SPEC §4): `POST
 * {base}/v1/chat/completions` with `stream: true`, parsed as SSE. For councils that outgrow one
 * machine. Runs inside the council-member worker like the local engines.
 */
import type { ChatOptions, ChatRequest, ChatResult, Engine, EngineBackend, EngineStats, LoadOptions, ModelDescriptor, LoadResult } from './engine';
import { EngineNotReadyError, ModelNotFoundError, RemoteUnreachableError } from './errors';
import { ChatRecorder } from './chat-stream';
import { SseParser } from './sse';

/** "http://host:8000" or ".../v1" → ".../v1". */
export function apiBase(url: string): string {
  const u = url.replace(/\/+$/, '');
  return /\/v1$/.test(u) ? u : `${u}/v1`;
}

export class RemoteEngine implements Engine {
  readonly kind = 'remote' as const;
  private base: string | null = null;
  private model: string | null = null;
  private modelId: string | null = null;
  private apiKey: string | undefined;
  private running: AbortController | null = null;
  private last: ChatResult | null = null;
  private totalTokens = 0;
  private requests = 0;
  private loadMs: number | null = null;

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) };
  }

  async load(model: ModelDescriptor, options: LoadOptions = {}): Promise<LoadResult> {
    const t0 = performance.now();
    const cfg = options.config ?? {};
    const baseUrl = cfg.baseUrl ?? model.url;
    if (!baseUrl) throw new RemoteUnreachableError('(none)', 'no server URL was given');
    const base = apiBase(baseUrl);
    this.apiKey = cfg.apiKey;
    options.onProgress?.({ loadedBytes: 0, totalBytes: null, fraction: null, text: `Contacting ${base}` });
    let res: Response;
    try {
      res = await fetch(`${base}/models`, { headers: this.headers(), signal: options.signal });
    } catch (err) {
      throw new RemoteUnreachableError(base, (err as Error).message || 'network error');
    }
    if (!res.ok) throw new RemoteUnreachableError(base, `GET /models answered HTTP ${res.status}`);
    const wanted = cfg.remoteModel ?? model.id.replace(/^remote:.*\//, '');
    const list = ((await res.json().catch(() => ({}))) as { data?: { id: string }[] }).data ?? [];
    if (list.length && wanted && !list.some((m) => m.id === wanted)) throw new ModelNotFoundError(`${base}/models → ${wanted}`, 404);
    this.base = base;
    this.model = wanted || list[0]?.id || null;
    this.modelId = model.id;
    this.loadMs = performance.now() - t0;
    options.onProgress?.({ loadedBytes: 0, totalBytes: 0, fraction: 1, text: `Connected to ${base}` });
    return { backend: 'remote', loadMs: this.loadMs };
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    if (!this.base || !this.modelId) throw new EngineNotReadyError('no server is connected');
    if (this.running) throw new EngineNotReadyError('a request is already running (one at a time per member)');
    const ctrl = new AbortController();
    this.running = ctrl;
    options.signal?.addEventListener('abort', () => ctrl.abort(), { once: true });
    const rec = new ChatRecorder(this.modelId, options.onChunk);
    let finish: ChatResult['finishReason'] = 'stop';
    try {
      let res: Response;
      try {
        res = await fetch(`${this.base}/chat/completions`, {
          method: 'POST',
          headers: this.headers(),
          signal: ctrl.signal,
          body: JSON.stringify({ model: this.model, messages: request.messages, stream: true, max_tokens: request.max_tokens, temperature: request.temperature, top_p: request.top_p, seed: request.seed, ignore_eos: request.ignore_eos, stream_options: { include_usage: true } }),
        });
      } catch (err) {
        if (ctrl.signal.aborted) return this.done(rec.finish('abort'));
        throw new RemoteUnreachableError(this.base, (err as Error).message || 'network error');
      }
      if (!res.ok || !res.body) throw new RemoteUnreachableError(this.base, `POST /chat/completions answered HTTP ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const sse = new SseParser();
      const handle = (data: string): boolean => {
        if (data === '[DONE]') return true;
        try {
          const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string }; finish_reason?: string | null }[]; usage?: { prompt_tokens?: number } };
          const c = chunk.choices?.[0];
          if (c?.delta?.content) rec.token(c.delta.content);
          if (c?.finish_reason === 'length') finish = 'length';
          if (chunk.usage?.prompt_tokens) rec.promptTokens = chunk.usage.prompt_tokens;
        } catch {
          /* a keep-alive or malformed event is skipped, not fatal */
        }
        return false;
      };
      for (;;) {
        let part: ReadableStreamReadResult<string>;
        try {
          part = await reader.read();
        } catch {
          if (ctrl.signal.aborted) { finish = 'abort'; break; }
          throw new RemoteUnreachableError(this.base, 'the stream broke off');
        }
        if (part.done) { sse.end().forEach(handle); break; }
        if (sse.push(part.value).some(handle)) break;
      }
      if (ctrl.signal.aborted) finish = 'abort';
      return this.done(rec.finish(finish));
    } finally {
      this.running = null;
    }
  }

  private done(result: ChatResult): ChatResult {
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
      kind: this.kind, modelId: this.modelId, backend: this.base ? 'remote' : 'unknown', threads: null, loaded: !!this.base,
      loadMs: this.loadMs, lastTtftMs: this.last?.ttftMs ?? null, lastDecodeTokensPerSecond: this.last?.decodeTokensPerSecond ?? null,
      totalCompletionTokens: this.totalTokens, requests: this.requests,
    };
  }

  async unload(): Promise<void> {
    this.running?.abort();
    this.base = null;
    this.modelId = null;
  }
}
