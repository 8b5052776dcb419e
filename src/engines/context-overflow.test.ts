/** Context refusals in each engine's and server's own words become PromptTooLongError (issue 11 review: a long prompt is not a crash). */
import { describe, expect, it } from 'vitest';
import { overflowOf, readContextOverflow } from './context-overflow';
import { engineContextTokens, wllamaContext, WLLAMA_MAX_CONTEXT } from './context-window';
import { webLlmError } from './webllm-errors';
import { errorName, PromptTooLongError } from './errors';
import { httpError } from './remote-http';
import { ChatStreamReader } from './remote-stream';
import { ChatRecorder } from './chat-stream';
import type { ModelDescriptor } from './engine';

describe('readContextOverflow', () => {
  it.each([
    // wllama 3.13 (llama.cpp in the page), as seen in the browser
    ['request (4940 tokens) exceeds the available context size (2048 tokens), try increasing it', 4940, 2048, 4940],
    // an older llama.cpp server: the figures only beside the words, in its JSON body
    ['{"error":{"code":400,"message":"the request exceeds the available context size, try increasing the context size or enable context shift","type":"exceed_context_size_error","n_prompt_tokens":4940,"n_ctx":2048}}', 4940, 2048, 4940],
    ['the request exceeds the available context size, try increasing the context size or enable context shift', null, null, null],
    // llama.cpp and LM Studio when the context fills while answering
    ['Context size has been exceeded.', null, null, null],
    // vLLM, older and newer: prompt + answer, the prompt alone, max_tokens refused (the prompt fits), the engine-side check
    ["This model's maximum context length is 2048 tokens. However, you requested 4956 tokens (4940 in the messages, 16 in the completion). Please reduce the length of the messages or completion.", 4956, 2048, 4940],
    ["This model's maximum context length is 4096 tokens. However, your request has 5000 input tokens. Please reduce the length of the input messages.", 5000, 4096, 5000],
    ["'max_tokens' or 'max_completion_tokens' is too large: 64. This model's maximum context length is 2048 tokens and your request has 2000 input tokens (64 > 2048 - 2000). (parameter=max_tokens, value=64)", 2064, 2048, 2000],
    ["'max_tokens' is too large: 64. This model's maximum context length is 2048 tokens.", null, 2048, null], // no prompt size: nothing added up
    ['The decoder prompt (length 2100) is longer than the maximum model length of 2048. Make sure that `max_model_len` is no smaller than the number of text tokens.', 2100, 2048, 2100],
    // OpenAI, and OpenRouter's "about"
    ["This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.", 9000, 8192, 9000],
    ['{"error":{"message":"Input is too long for this model","code":"context_length_exceeded"}}', null, null, null],
    ["This endpoint's maximum context length is 131072 tokens. However, you requested about 138956 tokens (7884 of text input, 131072 in the output). Please reduce the length of either one.", 138956, 131072, 7884],
    // text-generation-inference: prompt + answer, and the prompt alone
    ['Input validation error: `inputs` tokens + `max_new_tokens` must be <= 2048. Given: 2100 `inputs` tokens and 48 `max_new_tokens`', 2148, 2048, 2100],
    ['Input validation error: `inputs` must have less than 2048 tokens. Given: 2100', 2100, 2048, 2100],
    // LM Studio; LiteLLM in front of Anthropic
    ['Trying to keep the first 2100 tokens when context the overflows. However, the model is loaded with context length of only 2048 tokens, which is not enough.', null, 2048, null],
    ['litellm.ContextWindowExceededError: litellm.BadRequestError: AnthropicException - prompt is too long: 208310 tokens > 200000 maximum', 208310, 200000, 208310],
    ['litellm.ContextWindowExceededError: context window exceeded', null, null, null],
    // web-llm's ContextWindowSizeExceededError
    ['Prompt tokens exceed context window size: number of prompt tokens: 4940; context window size: 4096\nConsider shortening the prompt, or increase `context_window_size`, or using sliding window via `sliding_window_size`.', 4940, 4096, 4940],
  ])('%s', (message, needTokens, contextTokens, promptTokens) => {
    expect(readContextOverflow(message)).toEqual({ needTokens, contextTokens, promptTokens });
  });

  it.each([
    'CUDA out of memory while decoding',
    'Model requires 5000 MB which exceeds maxBufferSize',
    'The model `x` does not exist.',
    'Too many requests',
    'llama_decode failed',
    'context deadline exceeded', // Go's timeout text (Ollama behind a proxy): not a context window
    'rpc error: code = Canceled desc = context canceled',
    'Rate limit reached for model in organization on tokens per min (TPM): Limit 30000, Used 25000, Requested 8000.',
    '',
  ])('not an overflow: %s', (message) => {
    expect(readContextOverflow(message)).toBeNull();
  });
});

describe('overflowOf: an error payload\'s own words and fields', () => {
  const llamaOld = { error: { code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 4940, n_ctx: 2048 } };
  it("llama.cpp's figures beside its words, its type, OpenAI's code, vLLM's flat error, a bare error", () => {
    expect(overflowOf(llamaOld, llamaOld.error.message)).toEqual({ needTokens: 4940, contextTokens: 2048, promptTokens: 4940 });
    expect(overflowOf({ error: { message: 'Bad Request', type: 'exceed_context_size_error' } }, 'Bad Request')).toEqual({ needTokens: null, contextTokens: null, promptTokens: null });
    expect(overflowOf({ error: { message: 'Input too long', code: 'context_length_exceeded' } }, 'Input too long')).not.toBeNull();
    expect(overflowOf({ error: { message: 'x', type: 'e', code: 'context_length_exceeded' } }, null)).not.toBeNull(); // the code alone says it
    expect(overflowOf({ object: 'error', message: "This model's maximum context length is 2048 tokens. However, your request has 5000 input tokens.", code: 400 }, "This model's maximum context length is 2048 tokens. However, your request has 5000 input tokens.")).toEqual({ needTokens: 5000, contextTokens: 2048, promptTokens: 5000 });
    expect(overflowOf({ error: 'Context size has been exceeded.' }, 'Context size has been exceeded.')).not.toBeNull();
  });
  it('figures only from numbers in the fields, and nothing from fields that are not the error\'s own', () => {
    expect(overflowOf({ error: { message: 'the request exceeds the available context size', n_prompt_tokens: '4940', n_ctx: { v: 2048 } } }, 'the request exceeds the available context size')).toEqual({ needTokens: null, contextTokens: null, promptTokens: null });
    expect(overflowOf({ error: { message: 'failed', type: { echo: 'maximum context length is 5' }, prompt: 'maximum context length is 5' } }, 'failed')).toBeNull();
    expect(overflowOf('maximum context length is 5', null)).toBeNull(); // a JSON string is no error object, and no words were given
    expect(overflowOf(null, null)).toBeNull();
    expect(overflowOf({ error: { message: 'model not loaded', code: 404 } }, 'model not loaded')).toBeNull();
  });
});

describe('a server\'s refusal, through the remote engine\'s own readers', () => {
  const BASE = 'http://gpu-box:8000/v1';
  const viaHttp = (status: number, body: string) => httpError(BASE, '/chat/completions', { status, statusText: '', headers: new Headers() }, body, 'm');
  const viaStream = (event: string) => {
    try {
      new ChatStreamReader(new ChatRecorder('m'), BASE).feed(`data: ${event}\n\n`);
      return null;
    } catch (e) {
      return e as Error;
    }
  };
  it.each([
    [422, '{"error":"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 2048. Given: 2100 `inputs` tokens and 48 `max_new_tokens`","error_type":"validation"}'],
    [400, '{"object":"error","message":"The decoder prompt (length 2100) is longer than the maximum model length of 2048.","type":"BadRequestError","param":null,"code":400}'],
    [400, '{"error":"Trying to keep the first 2100 tokens when context the overflows. However, the model is loaded with context length of only 2048 tokens, which is not enough."}'],
    [500, '{"error":{"code":500,"message":"Context size has been exceeded.","type":"server_error"}}'],
  ])('HTTP %i %s is PromptTooLongError', (status, body) => {
    expect(errorName(viaHttp(status, body))).toBe('PromptTooLongError');
  });
  it('in the stream too; other server failures stay RemoteServerError', () => {
    expect(errorName(viaStream('{"error":{"code":500,"message":"Context size has been exceeded.","type":"server_error"}}'))).toBe('PromptTooLongError');
    expect(errorName(viaStream('{"error":{"message":"context deadline exceeded"}}'))).toBe('RemoteServerError');
    expect(errorName(viaHttp(500, '{"error":{"message":"context canceled"}}'))).toBe('RemoteServerError');
  });
  it('an unrelated error that echoes the request is not read as a refusal, however the prompt speaks of context windows', () => {
    const echoed = 'This model\'s maximum context length is 8 tokens. However, you requested 9 tokens';
    // FastAPI/pydantic 422 (its detail echoes the input), and an OpenAI-shaped error carrying the request.
    expect(errorName(viaHttp(422, JSON.stringify({ detail: [{ type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: { messages: [{ role: 'user', content: echoed }] } }] })))).toBe('RemoteServerError');
    expect(errorName(viaHttp(400, JSON.stringify({ error: { message: 'model "own-1" not loaded', type: 'invalid_request_error', request: { messages: [{ role: 'user', content: echoed }] } } })))).toBe('RemoteServerError');
    expect(errorName(viaStream(JSON.stringify({ error: { message: 'upstream failed', prompt: echoed } })))).toBe('RemoteServerError');
  });

  it('the context filling after some text came keeps the answer so far, ended as length, and says why', () => {
    const rec = new ChatRecorder('m');
    const reader = new ChatStreamReader(rec, BASE, 'own-1');
    reader.feed(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'The sky is ' } }] })}\n\n`);
    reader.feed(`data: ${JSON.stringify({ error: { message: 'Context size has been exceeded.', type: 'exceed_context_size_error' } })}\n\n`);
    expect(reader.done).toBe(true);
    expect(reader.finishReason).toBe('length');
    const result = rec.finish('length');
    expect(result.text).toBe('The sky is ');
    expect(result.note).toMatch(/filled the model's context window/);
  });

  it('when the prompt fits and max tokens does not, the person reads that, not "the prompt is too long"', () => {
    const err = viaHttp(400, JSON.stringify({ error: { message: "'max_tokens' or 'max_completion_tokens' is too large: 64. This model's maximum context length is 2048 tokens and your request has 2000 input tokens (64 > 2048 - 2000).", code: 400 } }));
    expect(err.message).toBe(`The answer asked for does not fit m at ${BASE}: the prompt is 2000 tokens and max tokens brings it to 2064, and the model reads at most 2048 at once (its context window). Lower max tokens, or shorten the prompt.`);
  });
});

describe('the context an engine runs a model with', () => {
  const model = (engine: ModelDescriptor['engine'], contextLength: number | null) => ({ engine, contextLength });
  it('wllama: the model\'s own, capped at WLLAMA_MAX_CONTEXT; the cap when the file does not say', () => {
    expect(WLLAMA_MAX_CONTEXT).toBe(2048);
    expect(wllamaContext(512)).toBe(512);
    expect(wllamaContext(2048)).toBe(2048);
    expect(wllamaContext(2049)).toBe(2048);
    expect(wllamaContext(131072)).toBe(2048);
    expect(wllamaContext(null)).toBe(2048);
    expect(engineContextTokens(model('wllama', 256))).toBe(256);
  });
  it('web-llm: its record\'s window; a remote server: unknown unless recorded', () => {
    expect(engineContextTokens(model('web-llm', 4096))).toBe(4096);
    expect(engineContextTokens(model('remote', null))).toBeNull();
  });
});

describe('web-llm errors', () => {
  const m = { id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', url: null, vramRequiredMB: 1129 } as ModelDescriptor;
  it('a prompt beyond its context window is PromptTooLongError, not "does not fit" (its words say "exceed")', () => {
    const e = Object.assign(new Error('Prompt tokens exceed context window size: number of prompt tokens: 4940; context window size: 4096\nConsider shortening the prompt'), { name: 'ContextWindowSizeExceededError' });
    const mapped = webLlmError(e, m);
    expect(mapped).toBeInstanceOf(PromptTooLongError);
    expect(mapped.message).toBe(`The prompt is too long for ${m.id}: it needs 4940 tokens, and the model reads at most 4096 at once (its context window). Shorten the prompt.`);
  });
  it('a buffer too large is still ModelTooLargeError', () => {
    expect(webLlmError(new Error('Buffer size exceeds maxBufferSize'), m).name).toBe('ModelTooLargeError');
  });
});

describe('PromptTooLongError', () => {
  it('says what it knows, and what to do', () => {
    expect(new PromptTooLongError('tiny', 4940, 2048).message).toBe('The prompt is too long for tiny: it needs 4940 tokens, and the model reads at most 2048 at once (its context window). Shorten the prompt, or lower max tokens.');
    // The engine counted the prompt alone (llama.cpp, web-llm): fewer answer tokens would not help.
    expect(new PromptTooLongError('tiny', 4940, 2048, 4940).message).toBe('The prompt is too long for tiny: it needs 4940 tokens, and the model reads at most 2048 at once (its context window). Shorten the prompt.');
    expect(new PromptTooLongError('tiny', 4940, null, 4940).message).toMatch(/Shorten the prompt\.$/);
    // Prompt and answer counted, the prompt alone over the context: shortening it is the only way.
    expect(new PromptTooLongError('tiny', 4956, 2048, 4940).message).toMatch(/it needs 4956 tokens, .*Shorten the prompt\.$/);
    // Prompt and answer counted, context unknown: either may help.
    expect(new PromptTooLongError('tiny', 4956, null, 4940).message).toMatch(/Shorten the prompt, or lower max tokens\.$/);
    expect(new PromptTooLongError('tiny', null, 2048).message).toBe('The prompt is too long for tiny: the model reads at most 2048 at once (its context window). Shorten the prompt, or lower max tokens.');
    expect(new PromptTooLongError('tiny', 4940, null).message).toBe("The prompt is too long for tiny: it needs 4940 tokens (it is longer than the model's context window). Shorten the prompt, or lower max tokens.");
    expect(new PromptTooLongError('tiny', null, null).message).toBe("The prompt is too long for tiny (it is longer than the model's context window). Shorten the prompt, or lower max tokens.");
    expect(new PromptTooLongError('tiny', 4940, 2048).fields).toEqual({ who: 'tiny', needTokens: 4940, contextTokens: 2048, promptTokens: null });
    // The prompt alone would fit: say what does not.
    expect(new PromptTooLongError('tiny', 2064, 2048, 2000).message).toBe('The answer asked for does not fit tiny: the prompt is 2000 tokens and max tokens brings it to 2064, and the model reads at most 2048 at once (its context window). Lower max tokens, or shorten the prompt.');
    expect(new PromptTooLongError('tiny', 2148, 2048, 2100).message).toMatch(/^The prompt is too long for tiny: it needs 2148 tokens.*Shorten the prompt\.$/);
  });
});
