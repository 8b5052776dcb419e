import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteEngine } from './remote-engine';
import type { RemoteDeadlines } from './remote-deadlines';
import { parseRetryAfter } from './remote-http';
import { errorName } from './errors';
import type { ChatCompletionChunk, ChatOptions, ModelDescriptor } from './engine';
import { SERVER_ERROR_TEXT, startQuirkyServer, type QuirkyMode, type QuirkyServer } from './quirky-server';
import { rejection } from './rejection.test-util';

// Issue 9's table of server behaviours, each reproduced by a real local HTTP server and driven
// through RemoteEngine as the council-member worker does.

let server: QuirkyServer;
beforeAll(async () => {
  server = await startQuirkyServer();
});
afterAll(() => server.close());

// Small deadlines where a deadline is what is tested; roomy ones elsewhere, for a busy CI machine.
const SMALL: RemoteDeadlines = { modelsMs: 200, headersMs: 200, firstByteMs: 200 };
const ROOMY: RemoteDeadlines = { modelsMs: 5_000, headersMs: 5_000, firstByteMs: 5_000 };
const descriptor = { id: 'remote-test', engine: 'remote', label: 'test' } as ModelDescriptor;

async function connect(mode: QuirkyMode, deadlines: Partial<RemoteDeadlines> = ROOMY): Promise<RemoteEngine> {
  const engine = new RemoteEngine(deadlines);
  await engine.load(descriptor, { config: { baseUrl: server.url(mode), remoteModel: 'echo-1' } });
  return engine;
}

async function ask(mode: QuirkyMode, options: ChatOptions = {}, deadlines: Partial<RemoteDeadlines> = ROOMY) {
  return (await connect(mode, deadlines)).chat({ messages: [{ role: 'user', content: 'Colour of the sky?' }], max_tokens: 16 }, options);
}


describe('remote engine: streams', () => {
  it('llama.cpp style (role chunk, timings, `choices: []` usage chunk, [DONE]) is a clean answer', async () => {
    const chunks: ChatCompletionChunk[] = [];
    const r = await ask('llamacpp', { onChunk: (c) => chunks.push(c) });
    expect(r.text).toBe('The sky is blue.');
    expect(r.finishReason).toBe('stop');
    expect(r.completionTokens).toBe(4);
    expect(r.promptTokens).toBe(9);
    expect(r.tokenTimes).toHaveLength(4);
    expect(r.note).toBeUndefined();
    expect(chunks.filter((c) => c.choices[0].delta.content).map((c) => c.tokens)).toEqual([1, 1, 1, 1]);
    expect(server.chats.at(-1)!.body).toMatchObject({ model: 'echo-1', stream: true, messages: [{ role: 'user' }] });
  });

  it('several tokens per event: usage.completion_tokens (12 over 2 events) wins over counting events', async () => {
    const r = await ask('usage');
    expect(r.completionTokens).toBe(12);
    expect(r.tokenTimes).toHaveLength(12);
    expect(r.promptTokens).toBe(5);
    // Decode speed: the tokens after the first event over the time since it, not 1 token per event.
    const first = r.tokenTimes.filter((t) => t === r.tokenTimes[0]).length;
    const span = r.tokenTimes[11] - r.tokenTimes[0];
    expect(first).toBeGreaterThan(1);
    expect(r.decodeTokensPerSecond).toBeCloseTo(((12 - first) * 1000) / span, 6);
  });

  it('CRLF, keep-alive comments, `data:` without a space, two events per write, split events', async () => {
    const r = await ask('quirks');
    expect(r.text).toBe('The sky is blue.');
    expect(r.finishReason).toBe('stop');
    expect(r.completionTokens).toBe(4);
  });

  it('finish_reason without [DONE] (Ollama-like proxies) is a clean answer', async () => {
    const r = await ask('no-done');
    expect(r.text).toBe('The sky is blue.');
    expect(r.finishReason).toBe('stop');
  });

  it('a server that ignores stream: true (one JSON completion), or labels its SSE as JSON', async () => {
    const r = await ask('json');
    expect(r.text).toBe('The sky is blue.');
    expect(r.finishReason).toBe('stop');
    expect(r.completionTokens).toBe(5);
    const labelled = await ask('sse-as-json');
    expect(labelled.text).toBe('The sky is blue.');
    expect(labelled.finishReason).toBe('stop');
  });

  it("what the body is comes from its first characters, not its label: a slow SSE stream labelled JSON, an error sent with 200, a web page", async () => {
    const slow = await ask('slow-json-label', {}, SMALL); // 0.6 s of words against a 0.2 s first-byte deadline
    expect(slow.text).toBe('The sky is blue.');
    expect(slow.finishReason).toBe('stop');
    const error = await rejection(ask('error-200'));
    expect(errorName(error)).toBe('RemoteServerError');
    expect(error.message).toContain(SERVER_ERROR_TEXT);
    const page = await rejection(ask('html-200'));
    expect(errorName(page)).toBe('RemoteProtocolError');
    expect(page.message).toContain('with data that is not an OpenAI chat completion stream (it sent a web page). Check the URL points at an OpenAI-compatible server.');
    expect(page.message).not.toContain('<');
  });

  it("an error event mid-answer rejects with RemoteServerError carrying the server message (llama.cpp's `error:` field too)", async () => {
    for (const mode of ['error-event', 'error-bare', 'error-field'] as const) {
      const err = await rejection(ask(mode));
      expect(errorName(err)).toBe('RemoteServerError');
      expect(err.message).toContain(SERVER_ERROR_TEXT);
    }
  });

  it("a thinking model's thoughts (reasoning_content) count as tokens and show it at work, but are no part of the answer", async () => {
    const chunks: ChatCompletionChunk[] = [];
    const r = await ask('thinking', { onChunk: (c) => chunks.push(c) });
    expect(r.text).toBe('The sky is blue.');
    expect(r.finishReason).toBe('stop');
    expect(r.completionTokens).toBe(8);
    expect(r.note).toBeUndefined();
    // Each thought reached the council as a token without text: its response timer hears the member at work.
    expect(chunks.filter((c) => c.tokens > 0).map((c) => c.choices[0].delta.content)).toEqual(['', '', '', '', 'The ', 'sky ', 'is ', 'blue.']);
  });

  it('a thinking model out of tokens before its answer (`reasoning`): no text, finish length, and a note that says why and what to do', async () => {
    const r = await ask('thinking-only');
    expect(r.text).toBe('');
    expect(r.finishReason).toBe('length');
    expect(r.completionTokens).toBe(4);
    expect(r.note).toMatch(/^no answer: the model was still thinking when it stopped \(4 tokens of thoughts\)\. Raise max tokens/);
  });

  it("finish_reason content_filter: the text so far is kept, marked truncated, and says the server's filter stopped it", async () => {
    const r = await ask('content-filter');
    expect(r.text).toBe('The sky ');
    expect(r.finishReason).toBe('truncated');
    expect(r.note).toBe("cut short: the server's content filter stopped the answer");
  });

  it('a finished answer whose connection stays open ends AFTER_FINISH_MS after its finish_reason, clean', async () => {
    const r = await ask('finish-open');
    expect(r.text).toBe('The sky is blue.');
    expect(r.finishReason).toBe('stop');
    expect(server.chats.at(-1)!.mode).toBe('finish-open');
  });

  it('a connection closed without [DONE] or finish_reason is marked truncated, in words', async () => {
    const r = await ask('truncated');
    expect(r.text).toBe('The sky is ');
    expect(r.finishReason).toBe('truncated');
    expect(r.note).toMatch(/cut short: the server closed the stream/);
  });

  it('a socket reset after some text is truncated too', async () => {
    const r = await ask('reset');
    expect(r.text).toBe('The sky ');
    expect(r.finishReason).toBe('truncated');
    expect(r.note).toMatch(/connection broke off/);
  });
});

describe('remote engine: HTTP statuses become named errors', () => {
  it('401 on /v1/models: RemoteAuthError, the key was refused, no CORS hint', async () => {
    const err = await rejection(connect('auth'));
    expect(errorName(err)).toBe('RemoteAuthError');
    expect(err.message).toContain('refused the API key (HTTP 401)');
    expect(err.message).not.toContain('CORS');
  });

  it('404 on the chat: ModelNotFoundError naming the model', async () => {
    const err = await rejection(ask('no-model'));
    expect(errorName(err)).toBe('ModelNotFoundError');
    expect(err.message).toContain('model "echo-1"');
  });

  it('429 with Retry-After: 2 → RateLimitedError with retryAfterMs 2000', async () => {
    const err = await rejection(ask('rate-limited'));
    expect(errorName(err)).toBe('RateLimitedError');
    expect(err.fields.retryAfterMs).toBe(2000);
  });

  it('Retry-After as seconds, as an HTTP date, or absent', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('500 with a JSON error body: RemoteServerError with the server message; HTML bodies are never shown', async () => {
    const err = await rejection(ask('server-error'));
    expect(errorName(err)).toBe('RemoteServerError');
    expect(err.message).toContain('HTTP 500: engine overloaded, try later');
    const html = await rejection(ask('html-error'));
    expect(errorName(html)).toBe('RemoteServerError');
    expect(html.message).toContain('HTTP 502: Bad Gateway');
    expect(html.message).not.toContain('<');
  });

  it.each([
    ['context-llamacpp', 'it needs 4940 tokens, and the model reads at most 2048'],
    ['context-vllm', 'it needs 4956 tokens, and the model reads at most 2048'],
    ['context-openai', 'it needs 9000 tokens, and the model reads at most 8192'],
    ['context-stream', 'it needs 4940 tokens, and the model reads at most 2048'],
    ['context-field', 'it needs 4940 tokens, and the model reads at most 2048'],
  ] as const)('%s: a prompt beyond the context is PromptTooLongError with the server\'s figures, not a server failure', async (mode, figures) => {
    const err = await rejection(ask(mode));
    expect(errorName(err)).toBe('PromptTooLongError');
    expect(err.message).toContain(`The prompt is too long for echo-1 at http://127.0.0.1:`); // the model by name, whether refused by status or in the stream
    expect(err.message).toContain(figures);
    expect(err.message).toContain('Shorten the prompt');
  });

  it('nothing listening: RemoteUnreachableError in plain words', async () => {
    const freed = await startQuirkyServer();
    const url = freed.url('echo');
    await freed.close();
    const err = await rejection(new RemoteEngine(ROOMY).load(descriptor, { config: { baseUrl: url } }));
    expect(errorName(err)).toBe('RemoteUnreachableError');
    expect(err.message).toContain('could not be reached (the connection was refused)');
    expect(err.message).not.toMatch(/fetch failed/i);
  });

  it('an empty or non-JSON model list is fine with a model name, a clear error without one', async () => {
    for (const mode of ['empty-list', 'models-html'] as const) {
      await expect(connect(mode)).resolves.toBeInstanceOf(RemoteEngine);
      const err = await rejection(new RemoteEngine(ROOMY).load(descriptor, { config: { baseUrl: server.url(mode) } }));
      expect(errorName(err)).toBe('ModelNotFoundError');
      expect(err.message).toContain('lists no model');
    }
  });

  it('without a model name the first listed model is used', async () => {
    const engine = new RemoteEngine(ROOMY);
    await engine.load(descriptor, { config: { baseUrl: server.url('echo') } });
    await engine.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.chats.at(-1)!.body.model).toBe('echo-1');
  });
});

describe('remote engine: deadlines and abort', () => {
  it('/v1/models that never answers: RemoteTimeoutError at load', async () => {
    const err = await rejection(connect('models-hang', SMALL));
    expect(errorName(err)).toBe('RemoteTimeoutError');
    expect(err.fields.phase).toBe('listing its models');
  }, 10_000);

  it('chat headers that never come: RemoteTimeoutError', async () => {
    const err = await rejection(ask('headers-hang', {}, { ...ROOMY, headersMs: 200 }));
    expect(errorName(err)).toBe('RemoteTimeoutError');
    expect(err.message).toContain('connecting and waiting for the response');
  }, 10_000);

  it("a server slow to start (Ollama loading its model, a long prefill) is waited for as long as the caller allows its first token", async () => {
    const engine = await connect('slow-start', SMALL);
    const request = { messages: [{ role: 'user' as const, content: 'Colour of the sky?' }], max_tokens: 16 };
    expect(errorName(await rejection(engine.chat(request)))).toBe('RemoteTimeoutError'); // 200 ms, its own deadline
    const r = await engine.chat(request, { firstTokenWaitMs: 3_000 });
    expect(r.text).toBe('The sky is blue.');
  });

  it('headers but no first byte: RemoteTimeoutError', async () => {
    const err = await rejection(ask('body-hang', {}, { ...ROOMY, firstByteMs: 200 }));
    expect(errorName(err)).toBe('RemoteTimeoutError');
    expect(err.message).toContain('first byte');
  }, 10_000);

  it('abort() mid-stream settles with finishReason abort and keeps the text so far', async () => {
    const engine = await connect('slow');
    let seen = 0;
    const answer = engine.chat({ messages: [{ role: 'user', content: 'go' }] }, { onChunk: (c) => void (c.tokens && ++seen === 3 && engine.abort()) });
    const r = await answer;
    expect(r.finishReason).toBe('abort');
    expect(r.text).toMatch(/^(word ){3,}$/); // what came before the stop is kept
    // The engine is free again.
    const again = new AbortController();
    const next = engine.chat({ messages: [{ role: 'user', content: 'go' }] }, { signal: again.signal, onChunk: () => again.abort() });
    expect((await next).finishReason).toBe('abort');
  }, 10_000);

  it('an already-aborted signal settles at once without a request', async () => {
    const engine = await connect('slow');
    const before = server.chats.length;
    const r = await engine.chat({ messages: [{ role: 'user', content: 'go' }] }, { signal: AbortSignal.abort() });
    expect(r.finishReason).toBe('abort');
    expect(server.chats.length).toBe(before);
  });

  it('unload() during a hanging chat settles it with abort', async () => {
    const engine = await connect('headers-hang', { ...ROOMY, headersMs: 60_000 });
    const answer = engine.chat({ messages: [{ role: 'user', content: 'go' }] });
    await new Promise((r) => setTimeout(r, 100));
    await engine.unload();
    expect((await answer).finishReason).toBe('abort');
  }, 10_000);

  it('abort() during a hanging load rejects it as stopped', async () => {
    const engine = new RemoteEngine({ ...ROOMY, modelsMs: 60_000 });
    const loading = engine.load(descriptor, { config: { baseUrl: server.url('models-hang'), remoteModel: 'echo-1' } });
    await new Promise((r) => setTimeout(r, 100));
    await engine.abort();
    expect(errorName(await rejection(loading))).toBe('AbortedError');
  }, 10_000);
});

describe('remote engine: what servers send is checked by schema (issue 13)', () => {
  it("Ollama's dialect (its model list, role in every delta, an empty final delta, a usage chunk) is a clean answer", async () => {
    const engine = new RemoteEngine(ROOMY);
    await engine.load(descriptor, { config: { baseUrl: server.url('ollama') } });
    const r = await engine.chat({ messages: [{ role: 'user', content: 'Colour of the sky?' }] });
    expect(server.chats.at(-1)!.body.model).toBe('echo-1');
    expect(r.text).toBe('The sky is blue.');
    expect(r.finishReason).toBe('stop');
    expect(r.completionTokens).toBe(4);
    expect(r.promptTokens).toBe(11);
  });

  it('Ollama with no model pulled (`data: null`): fine with a model name, "lists no model" without', async () => {
    await expect(connect('ollama-none')).resolves.toBeInstanceOf(RemoteEngine);
    const err = await rejection(new RemoteEngine(ROOMY).load(descriptor, { config: { baseUrl: server.url('ollama-none') } }));
    expect(errorName(err)).toBe('ModelNotFoundError');
    expect(err.message).toContain('lists no model');
  });

  it("a model list in Ollama's native shape `{models: [{name}]}` is read", async () => {
    const engine = new RemoteEngine(ROOMY);
    await engine.load(descriptor, { config: { baseUrl: server.url('native-list') } });
    await engine.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.chats.at(-1)!.body.model).toBe('echo-1');
  });

  it('a model list whose ids are numbers: RemoteProtocolError naming the field and what to check', async () => {
    const err = await rejection(connect('models-lie'));
    expect(errorName(err)).toBe('RemoteProtocolError');
    expect(err.message).toBe(
      `The server at ${server.url('models-lie')}/v1 answered /v1/models with data that is not a model list (data[0].id: expected a string, got 7). Check the URL points at an OpenAI-compatible server.`,
    );
  });

  it('a stream chunk whose token count is a string: RemoteProtocolError naming usage.completion_tokens', async () => {
    const err = await rejection(ask('chunk-lie'));
    expect(errorName(err)).toBe('RemoteProtocolError');
    expect(err.message).toContain('answered /v1/chat/completions with data that is not an OpenAI chat completion chunk (usage.completion_tokens: expected a number, got a string ("12"))');
  });

  it('a whole completion whose message text is an object: RemoteProtocolError naming choices[0].message.content', async () => {
    const err = await rejection(ask('json-lie'));
    expect(errorName(err)).toBe('RemoteProtocolError');
    expect(err.message).toContain('not an OpenAI chat completion (choices[0].message.content: expected a string or a list, got an object)');
  });
});
