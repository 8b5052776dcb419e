/**
 * Remote OpenAI-compatible server (vLLM, Ollama, llama.cpp server; SPEC §4): `POST
 * {base}/v1/chat/completions` with `stream: true`, parsed as SSE. For councils that outgrow one
 * machine. Runs inside the council-member worker like the local engines.
 *
 * Every wait on the server is bounded (issue 9): listing the models at load, the response headers
 * and the first byte of a chat each have a deadline (RemoteTimeoutError). Silence later in an answer
 * is the council's response timer's to judge; abort(), unload() or the chat's signal end the fetch at
 * once and the chat resolves with finishReason 'abort'.
 */
import type { ChatOptions, ChatRequest, ChatResult, Engine, EngineStats, FinishReason, LoadOptions, ModelDescriptor, LoadResult } from './engine';
import { AbortedError, EngineError, EngineNotReadyError, RemoteServerError, RemoteTimeoutError, RemoteUnreachableError } from './errors';
import { ChatRecorder } from './chat-stream';
import { RequestControl } from './request-control';
import { chooseModel, httpError, networkError } from './remote-http';
import { ChatStreamReader } from './remote-stream';
import { REMOTE_DEADLINES, type RemoteDeadlines } from './remote-deadlines';

/** "http://host:8000" or ".../v1" → ".../v1". */
export function apiBase(url: string): string {
  const u = url.replace(/\/+$/, '');
  return /\/v1$/.test(u) ? u : `${u}/v1`;
}


export class RemoteEngine implements Engine {
  readonly kind = 'remote' as const;
  private readonly deadlines: RemoteDeadlines;
  private base: string | null = null;
  private model: string | null = null;
  private modelId: string | null = null;
  private apiKey: string | undefined;
  private loading: RequestControl | null = null;
  private running: RequestControl | null = null;
  private last: ChatResult | null = null;
  private totalTokens = 0;
  private requests = 0;
  private loadMs: number | null = null;

  constructor(deadlines: Partial<RemoteDeadlines> = {}) {
    this.deadlines = { ...REMOTE_DEADLINES, ...deadlines };
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) };
  }

  async load(model: ModelDescriptor, options: LoadOptions = {}): Promise<LoadResult> {
    const t0 = performance.now();
    const cfg = options.config ?? {};
    const baseUrl = cfg.baseUrl ?? model.url;
    if (!baseUrl) throw new RemoteUnreachableError('(none)', 'no server URL was given');
    const base = apiBase(baseUrl);
    // The person's model name; ids of the "remote:<base>/<model>" form carry one too.
    const wanted = cfg.remoteModel || /^remote:.*\/([^/]+)$/.exec(model.id)?.[1] || null;
    this.unloadNow();
    this.apiKey = cfg.apiKey;
    options.onProgress?.({ loadedBytes: 0, totalBytes: null, fraction: null, text: `Contacting ${base}` });
    const req = new RequestControl(options.signal);
    this.loading = req;
    try {
      req.within('listing its models', this.deadlines.modelsMs);
      const res = await req.race(fetch(`${base}/models`, { headers: this.headers(), signal: req.signal }));
      const body = await req.race(res.text());
      if (!res.ok) throw httpError(base, '/models', res, body, wanted);
      this.model = chooseModel(base, body, wanted);
    } catch (err) {
      if (req.stoppedByCaller) throw new AbortedError('loading was stopped');
      throw explain(req, base, err);
    } finally {
      req.close();
      if (this.loading === req) this.loading = null;
    }
    this.base = base;
    this.modelId = model.id;
    this.loadMs = performance.now() - t0;
    options.onProgress?.({ loadedBytes: 0, totalBytes: 0, fraction: 1, text: `Connected to ${base}` });
    return { backend: 'remote', loadMs: this.loadMs };
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    const base = this.base;
    if (!base || !this.modelId) throw new EngineNotReadyError('no server is connected');
    if (this.running) throw new EngineNotReadyError('a request is already running (one at a time per member)');
    const req = new RequestControl(options.signal);
    this.running = req;
    const rec = new ChatRecorder(this.modelId, options.onChunk);
    try {
      if (req.stoppedByCaller) return this.done(rec.finish('abort'));
      return this.done(await this.stream(base, request, req, rec, options.firstTokenWaitMs ?? 0));
    } catch (err) {
      if (req.stoppedByCaller) return this.done(rec.finish('abort'));
      throw explain(req, base, err);
    } finally {
      req.close();
      if (this.running === req) this.running = null;
    }
  }

  /**
   * One chat request, from POST to the end of the stream. Each wait before the answer starts lasts
   * at least what the caller allows for its first token (`waitMs`): a server sends its first byte
   * (and Ollama even its headers) only once the prompt is read, or the model loaded again.
   */
  private async stream(base: string, request: ChatRequest, req: RequestControl, rec: ChatRecorder, waitMs: number): Promise<ChatResult> {
    req.within('connecting and waiting for the response', Math.max(this.deadlines.headersMs, waitMs));
    const res = await req.race(
      fetch(`${base}/chat/completions`, {
        method: 'POST',
        headers: this.headers(),
        signal: req.signal,
        body: JSON.stringify({
          model: this.model, messages: request.messages, stream: true, max_tokens: request.max_tokens, temperature: request.temperature,
          top_p: request.top_p, seed: request.seed, ignore_eos: request.ignore_eos, stream_options: { include_usage: true },
        }),
      }),
    );
    req.within('waiting for the first byte of the answer', Math.max(this.deadlines.firstByteMs, waitMs));
    if (!res.ok) throw httpError(base, '/chat/completions', res, await req.race(res.text()).catch(() => ''), this.model);
    const reader = new ChatStreamReader(rec, base, this.model);
    let ended: Ending = 'closed';
    // Read as it comes whatever its label (remote-stream.ts tells SSE from one JSON document): a
    // stream labelled JSON read whole lasted one first-byte deadline at most.
    if (res.body) ended = await pump(res.body, reader, req);
    reader.end();
    return rec.finish(endOf(base, reader, rec, ended));
  }

  private done(result: ChatResult): ChatResult {
    this.last = result;
    this.totalTokens += result.completionTokens;
    this.requests++;
    return result;
  }

  async abort(): Promise<void> {
    this.loading?.stop();
    this.running?.stop();
  }

  async stats(): Promise<EngineStats> {
    return {
      kind: this.kind, modelId: this.modelId, backend: this.base ? 'remote' : 'unknown', threads: null, loaded: !!this.base,
      loadMs: this.loadMs, lastTtftMs: this.last?.ttftMs ?? null, lastDecodeTokensPerSecond: this.last?.decodeTokensPerSecond ?? null,
      totalCompletionTokens: this.totalTokens, requests: this.requests,
    };
  }

  async unload(): Promise<void> {
    this.unloadNow();
  }

  private unloadNow(): void {
    this.loading?.stop();
    this.running?.stop();
    this.base = null;
    this.modelId = null;
  }
}

type Ending = 'closed' | 'broken';

/**
 * Once the server sent a finish_reason, how long the stream may stay open for its usage chunk and
 * [DONE]: a proxy that keeps the connection open held a finished answer until the response timer
 * killed the member and threw the answer away.
 */
export const AFTER_FINISH_MS = 2_000;

/** The next read, or the stream's end when a finished answer's stream stays silent for AFTER_FINISH_MS. */
function nextRead(body: ReadableStreamDefaultReader<string>, finished: boolean): Promise<ReadableStreamReadResult<string>> {
  if (!finished) return body.read();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const quiet = new Promise<ReadableStreamReadResult<string>>((resolve) => (timer = setTimeout(() => resolve({ done: true, value: undefined }), AFTER_FINISH_MS)));
  return Promise.race([body.read(), quiet]).finally(() => clearTimeout(timer));
}

/** Feeds the body to the reader until [DONE] or its end; 'broken' when the connection failed mid-body. */
async function pump(stream: NonNullable<Response['body']>, reader: ChatStreamReader, req: RequestControl): Promise<Ending> {
  const body = stream.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (!reader.done) {
      let part: ReadableStreamReadResult<string>;
      try {
        part = await req.race(nextRead(body, reader.finishReason !== null));
      } catch (err) {
        if (req.signal.aborted) throw err;
        return 'broken'; // e.g. the socket was reset
      }
      req.clearDeadline(); // bytes came: later silence is the response timer's to judge
      if (part.done) break;
      reader.feed(part.value);
    }
    return 'closed';
  } finally {
    body.cancel().catch(() => {});
  }
}

/**
 * finish_reason values that say the server cut the answer off, in words: the text so far is kept,
 * marked truncated (vLLM's 'abort' when it drops a request, OpenAI's and proxies' 'content_filter').
 * Any other value ('stop', 'eos', 'tool_calls', …) ends the answer where the model ended it.
 */
const CUT_BY_SERVER: Record<string, string> = {
  content_filter: "the server's content filter stopped the answer",
  abort: 'the server dropped the request before the answer was done',
  error: 'the server reported an error before the answer was done',
};

/**
 * How a stream that ended without an error finished: [DONE] or a finish_reason make a clean answer
 * (unless the reason says the server cut it off); without either, text that came is kept but marked
 * truncated; no text at all is a server failure. A clean end without text says why.
 */
function endOf(base: string, reader: ChatStreamReader, rec: ChatRecorder, ended: Ending): FinishReason {
  const cut = reader.finishReason ? CUT_BY_SERVER[reader.finishReason] : undefined;
  if (cut) {
    rec.note = `cut short: ${cut}`;
    return 'truncated';
  }
  if (reader.done || reader.finishReason) {
    if (!rec.text.trim())
      rec.note = rec.thoughtTokens
        ? `no answer: the model was still thinking when it stopped (${rec.thoughtTokens} tokens of thoughts). Raise max tokens (a thinking model's thoughts count against them), or turn its thinking off on the server`
        : 'no answer: the server ended the answer without any text';
    return reader.finishReason === 'length' ? 'length' : 'stop';
  }
  const how = ended === 'broken' ? 'the connection broke off' : 'the server closed the stream';
  if (!rec.text) throw new RemoteServerError(base, `${how} before any text came`);
  rec.note = `cut short: ${how} before the answer's end marker, so it may be incomplete`;
  return 'truncated';
}

/** Any failure as a named error: a named error as is, a missed deadline, else a network failure. */
function explain(req: RequestControl, base: string, err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  if (req.timedOut) return new RemoteTimeoutError(base, req.timedOut.phase, req.timedOut.ms);
  return networkError(base, err);
}
