/**
 * Test-only (never imported by the app): a local OpenAI-compatible server that speaks every server
 * behaviour of issue 9's table, for the remote engine's unit tests (Node) and the e2e spec
 * (Chromium). The behaviour is picked by the first path segment of the base URL —
 * `http://127.0.0.1:<port>/<mode>` — so one server serves every row, for /v1/models and the chat alike.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type QuirkyMode =
  | 'echo' // well-behaved: one word per event, finish_reason, usage without completion_tokens, [DONE]
  | 'llamacpp' // role-only first chunk, per-chunk timings, `choices: []` usage chunk, [DONE]
  | 'usage' // several tokens per event: usage.completion_tokens = 12 over 2 events (vLLM: usage in the last chunk)
  | 'quirks' // CRLF, keep-alive comments, `data:` without a space, two events per write, one split across writes
  | 'no-done' // finish_reason then the connection closes without [DONE] (Ollama-like proxies)
  | 'error-event' // two words, then `data: {"error":{…}}`
  | 'error-bare' // one word, then `data: {"error":"text"}`
  | 'truncated' // three words, then the connection closes: no [DONE], no finish_reason
  | 'reset' // two words, then the socket is destroyed
  | 'json' // ignores stream: true and answers one JSON completion
  | 'sse-as-json' // an SSE stream labelled application/json
  | 'auth' // HTTP 401 everywhere
  | 'no-model' // /v1/models fine, the chat answers 404 (vLLM's "model does not exist")
  | 'rate-limited' // the chat answers 429 with Retry-After: 2
  | 'server-error' // the chat answers 500 with a JSON error body
  | 'html-error' // the chat answers 502 with an HTML page
  | 'models-hang' // /v1/models accepts the connection and never answers
  | 'headers-hang' // the chat accepts the connection and never sends headers
  | 'body-hang' // the chat sends headers, then nothing
  | 'slow' // one word every 100 ms, 200 words
  | 'silent-mid' // asked to "stall": two words, then silence for 20 s (the connection stays open); otherwise like echo
  | 'empty-list' // /v1/models lists nothing
  | 'models-html' // /v1/models answers 200 with an HTML page
  | 'ollama' // Ollama's dialect: its /v1/models entries, role in every delta, an empty final delta, a `choices: []` usage chunk
  | 'ollama-none' // Ollama with no model pulled: /v1/models answers `data: null`; the chat is like ollama
  | 'native-list' // /v1/models in Ollama's native shape `{models: [{name, model, …}]}`; the chat is like echo
  | 'models-lie' // /v1/models whose ids are numbers
  | 'chunk-lie' // one word, then a chunk whose usage.completion_tokens is the string "12"
  | 'json-lie' // ignores stream: true and answers a completion whose message.content is an object
  | 'context-llamacpp' // the chat answers 400: an older llama.cpp server's context refusal, its figures beside the words
  | 'context-vllm' // the chat answers 400: vLLM's "maximum context length" in its `{object: "error"}` body
  | 'context-openai' // the chat answers 400: OpenAI's `context_length_exceeded`
  | 'context-stream' // the chat answers 200, then a llama.cpp context refusal as the stream's one event
  | 'context-field' // llama.cpp's own streaming error: an `error: {…}` field (not `data:`), then `data: [DONE]`
  | 'error-field' // one word, then llama.cpp's `error:` field with a server failure, then `data: [DONE]`
  | 'thinking' // a thinking model: four `reasoning_content` deltas (content null), then the answer (llama.cpp, vLLM)
  | 'thinking-only' // a thinking model out of tokens: `reasoning` deltas only (vLLM ≥ 0.10, Ollama), finish_reason length
  | 'content-filter' // two words, then finish_reason content_filter, [DONE]
  | 'slow-start' // headers and the answer only after 400 ms (Ollama loading its model, a long prompt's prefill); then like echo
  | 'slow-json-label' // an SSE stream labelled application/json whose words come 100 ms apart for ~0.6 s
  | 'error-200' // the chat answers 200 `text/event-stream` with a bare JSON error payload (a proxy)
  | 'html-200' // the chat answers 200 with a web page (a wrong URL behind a single-page app, a captive portal)
  | 'finish-open'; // the answer and its finish_reason, then the connection stays open: no [DONE], no end

export const SERVER_ERROR_TEXT = 'CUDA out of memory while decoding';

export interface QuirkyServer {
  /** Base URL for a mode (the engine appends /v1). */
  url(mode: QuirkyMode): string;
  /** Chat request bodies received, newest last. */
  chats: { mode: string; body: { model?: string; stream?: boolean; messages?: unknown[] } }[];
  close(): Promise<void>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const chunk = (content: string | null, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'chatcmpl-q', object: 'chat.completion.chunk', choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: null }], ...extra });
const finish = (reason: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'chatcmpl-q', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: reason }], ...extra });
const sse = (data: string) => `data: ${data}\n\n`;

async function stream(mode: QuirkyMode, res: ServerResponse, body: string): Promise<void> {
  const send = (text: string) => res.write(text);
  const words = ['The ', 'sky ', 'is ', 'blue.'];
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  // A silent-mid server stalls only when asked to; otherwise it answers like echo (its member must load).
  switch (mode === 'silent-mid' && !/\bstall\b/.test(body) ? 'echo' : mode) {
    case 'llamacpp':
      send(sse(JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }] })));
      for (const [i, w] of words.entries()) {
        await pause(20);
        send(sse(chunk(w, { timings: { predicted_n: i + 1, predicted_ms: 20 * (i + 1) } })));
      }
      send(sse(finish('stop', { timings: { predicted_n: 4 } })));
      send(sse(JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } })));
      return void res.end(sse('[DONE]'));
    case 'usage':
      send(sse(chunk('The sky is blue, ')));
      await pause(50);
      send(sse(chunk('and the sea is too.')));
      send(sse(finish('stop')));
      send(sse(JSON.stringify({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 12, total_tokens: 17 } })));
      return void res.end(sse('[DONE]'));
    case 'quirks': {
      send(': keep-alive\r\n\r\n');
      send(`data:${chunk('The ')}\r\n\r\ndata: ${chunk('sky ')}\r\n\r\n`); // no space; two events in one write
      await pause(20);
      const split = `data: ${chunk('is ')}\r\n\r\n`;
      send(split.slice(0, 12));
      await pause(20);
      send(split.slice(12) + ': keep-alive\r\n\r\n');
      send(`data:${chunk('blue.')}\r\n\r\n`);
      send(`data: ${finish('stop')}\r\n\r\n`);
      return void res.end('data: [DONE]\r\n\r\n');
    }
    case 'ollama':
    case 'ollama-none': {
      const ollama = (delta: Record<string, unknown>, finishReason: string | null) =>
        JSON.stringify({ id: 'chatcmpl-512', object: 'chat.completion.chunk', created: 1718000000, model: 'echo-1', system_fingerprint: 'fp_ollama', choices: [{ index: 0, delta, finish_reason: finishReason }] });
      for (const w of words) send(sse(ollama({ role: 'assistant', content: w }, null)));
      send(sse(ollama({ role: 'assistant', content: '' }, 'stop')));
      send(sse(JSON.stringify({ id: 'chatcmpl-512', object: 'chat.completion.chunk', created: 1718000000, model: 'echo-1', system_fingerprint: 'fp_ollama', choices: [], usage: { prompt_tokens: 11, completion_tokens: 4, total_tokens: 15 } })));
      return void res.end(sse('[DONE]'));
    }
    case 'chunk-lie':
      send(sse(chunk('The ')));
      send(sse(chunk('sky ', { usage: { prompt_tokens: 5, completion_tokens: '12' } })));
      send(sse(finish('stop')));
      return void res.end(sse('[DONE]'));
    case 'no-done':
      for (const w of words) send(sse(chunk(w)));
      return void res.end(sse(finish('stop')));
    case 'error-event':
      send(sse(chunk('The ')));
      send(sse(chunk('sky ')));
      return void res.end(sse(JSON.stringify({ error: { message: SERVER_ERROR_TEXT, type: 'server_error', code: 500 } })));
    case 'error-bare':
      send(sse(chunk('The ')));
      return void res.end(sse(JSON.stringify({ error: SERVER_ERROR_TEXT })));
    case 'context-field':
      send(`error: ${JSON.stringify({ code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 4940, n_ctx: 2048 })}\n\n`);
      return void res.end(sse('[DONE]'));
    case 'error-field':
      send(sse(chunk('The ')));
      send(`error: ${JSON.stringify({ code: 500, message: SERVER_ERROR_TEXT, type: 'server_error' })}\n\n`);
      return void res.end(sse('[DONE]'));
    case 'thinking':
    case 'thinking-only': {
      const field = mode === 'thinking' ? 'reasoning_content' : 'reasoning';
      for (const t of ['The user ', 'asks about ', 'the sky. ', 'It is blue.']) {
        send(sse(JSON.stringify({ choices: [{ index: 0, delta: { content: null, [field]: t }, finish_reason: null }] })));
        await pause(10);
      }
      if (mode === 'thinking-only') {
        send(sse(finish('length')));
        send(sse(JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 4 } })));
        return void res.end(sse('[DONE]'));
      }
      for (const w of words) send(sse(chunk(w)));
      send(sse(finish('stop')));
      return void res.end(sse('[DONE]'));
    }
    case 'content-filter':
      send(sse(chunk('The ')));
      send(sse(chunk('sky ')));
      send(sse(finish('content_filter')));
      return void res.end(sse('[DONE]'));
    case 'finish-open': {
      for (const w of words) send(sse(chunk(w)));
      send(sse(finish('stop')));
      let gone = false;
      res.on('close', () => (gone = true));
      for (let i = 0; i < 200 && !gone; i++) await pause(100); // open for 20 s unless the client leaves
      return void res.end();
    }
    case 'truncated':
      for (const w of words.slice(0, 3)) send(sse(chunk(w)));
      return void res.end();
    case 'reset':
      send(sse(chunk('The ')));
      send(sse(chunk('sky ')));
      await pause(50);
      return void res.socket?.destroy();
    case 'slow': {
      let gone = false;
      res.on('close', () => (gone = true));
      for (let i = 0; i < 200 && !gone; i++) {
        send(sse(chunk('word ')));
        await pause(100);
      }
      send(sse(finish('stop')));
      return void res.end(sse('[DONE]'));
    }
    case 'silent-mid': {
      let gone = false;
      res.on('close', () => (gone = true));
      send(sse(chunk('The ')));
      send(sse(chunk('sky ')));
      for (let i = 0; i < 200 && !gone; i++) await pause(100);
      if (gone) return;
      send(sse(finish('stop')));
      return void res.end(sse('[DONE]'));
    }
    default:
      for (const w of words) {
        // One event split across two writes: the parser must join them.
        const event = sse(chunk(w));
        send(event.slice(0, 10));
        await pause(10);
        send(event.slice(10));
      }
      send(sse(finish('stop', { usage: { prompt_tokens: 7 } })));
      return void res.end(sse('[DONE]'));
  }
}

function handle(mode: QuirkyMode, path: string, body: string, res: ServerResponse): void | Promise<void> {
  const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
  if (mode === 'auth') return void json(401, { error: { message: 'Invalid API key', type: 'invalid_request_error', code: 'invalid_api_key' } });
  if (path === '/v1/models') {
    if (mode === 'models-hang') return; // the connection stays open, no answer
    if (mode === 'empty-list') return void json(200, { object: 'list', data: [] });
    if (mode === 'models-html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome</body></html>');
    if (mode === 'ollama') return void json(200, { object: 'list', data: [{ id: 'echo-1', object: 'model', created: 1718000000, owned_by: 'library' }] });
    if (mode === 'ollama-none') return void json(200, { object: 'list', data: null });
    if (mode === 'native-list') return void json(200, { models: [{ name: 'echo-1', model: 'echo-1', modified_at: '2026-01-01T00:00:00Z', size: 1234, digest: 'sha256:00', details: { family: 'echo' } }] });
    if (mode === 'models-lie') return void json(200, { object: 'list', data: [{ id: 7, object: 'model' }] });
    return void json(200, { object: 'list', data: [{ id: 'echo-1', object: 'model' }] });
  }
  if (path !== '/v1/chat/completions') return void json(404, { error: { message: `no route ${path}` } });
  if (mode === 'no-model') return void json(404, { error: { message: `The model \`${(JSON.parse(body) as { model?: string }).model}\` does not exist.`, type: 'NotFoundError', code: 404 } });
  // A browser reads Retry-After across origins only when the server exposes it.
  if (mode === 'rate-limited') return void json(429, { error: { message: 'Too many requests' } }, { 'retry-after': '2', 'access-control-expose-headers': 'retry-after' });
  if (mode === 'server-error') return void json(500, { error: { message: 'engine overloaded, try later', type: 'server_error' } });
  // Context refusals, as each server words them (engines/context-overflow.ts).
  if (mode === 'context-llamacpp')
    return void json(400, { error: { code: 400, message: 'the request exceeds the available context size, try increasing the context size or enable context shift', type: 'exceed_context_size_error', n_prompt_tokens: 4940, n_ctx: 2048 } });
  if (mode === 'context-vllm')
    return void json(400, { object: 'error', message: "This model's maximum context length is 2048 tokens. However, you requested 4956 tokens (4940 in the messages, 16 in the completion). Please reduce the length of the messages or completion.", type: 'BadRequestError', param: null, code: 400 });
  if (mode === 'context-openai')
    return void json(400, { error: { message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } });
  if (mode === 'context-stream')
    return void res
      .writeHead(200, { 'content-type': 'text/event-stream' })
      .end(sse(JSON.stringify({ error: { code: 400, message: 'request (4940 tokens) exceeds the available context size (2048 tokens), try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 4940, n_ctx: 2048 } })));
  if (mode === 'html-error') return void res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  if (mode === 'headers-hang') return;
  if (mode === 'error-200') return void res.writeHead(200, { 'content-type': 'text/event-stream' }).end(JSON.stringify({ error: { message: SERVER_ERROR_TEXT, type: 'server_error' } }));
  if (mode === 'html-200') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Welcome to the app</body></html>');
  if (mode === 'slow-json-label') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return (async () => {
      for (const w of ['The ', 'sky ', 'is ', 'blue.']) {
        res.write(sse(chunk(w)));
        await pause(150);
      }
      res.end(`${sse(finish('stop'))}${sse('[DONE]')}`);
    })();
  }
  if (mode === 'slow-start') return pause(400).then(() => stream('echo', res, body));
  if (mode === 'body-hang') return void res.writeHead(200, { 'content-type': 'text/event-stream' }).flushHeaders();
  if (mode === 'sse-as-json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(`${sse(chunk('The sky is blue.'))}${sse(finish('stop'))}${sse('[DONE]')}`);
  if (mode === 'json-lie') return void json(200, { object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: { text: 'The sky is blue.' } }, finish_reason: 'stop' }] });
  if (mode === 'json') return void json(200, { object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'The sky is blue.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 5 } });
  return stream(mode, res, body);
}

export async function startQuirkyServer(): Promise<QuirkyServer> {
  const chats: QuirkyServer['chats'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type, authorization');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const m = /^\/([^/]+)(\/v1\/.*)$/.exec(req.url ?? '');
      const mode = (m?.[1] ?? 'echo') as QuirkyMode;
      const path = m?.[2] ?? req.url ?? '';
      if (path === '/v1/chat/completions' && body) chats.push({ mode, body: JSON.parse(body) });
      void handle(mode, path, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (mode) => `http://127.0.0.1:${port}/${mode}`,
    chats,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections(); // hanging modes keep connections open
        server.close(() => r());
      }),
  };
}
