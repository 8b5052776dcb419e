/**
 * Recognises "the request does not fit the context window" in an engine's or a server's own words,
 * so it becomes PromptTooLongError (a refused request) instead of a member failure (a restart, and
 * after three a removal: pasting a long text three times had emptied the council). Each engine
 * says it differently; the figures are read where the text gives them.
 */

export interface ContextOverflow {
  /** Tokens the request needs: the prompt, or prompt + answer where the server counts both; null when unsaid. */
  needTokens: number | null;
  /** The context window the engine or server has; null when unsaid. */
  contextTokens: number | null;
  /** The prompt's own tokens when the text says them (equal to needTokens where the server counts the prompt alone). */
  promptTokens: number | null;
}

const num = (m: RegExpMatchArray | null, group = 1): number | null => (m?.[group] !== undefined ? Number(m[group]) : null);
const overflow = (needTokens: number | null, contextTokens: number | null, promptTokens: number | null = null): ContextOverflow => ({ needTokens, contextTokens, promptTokens });
/** A refusal that counts the prompt alone: what it needs is the prompt. */
const promptOnly = (promptTokens: number | null, contextTokens: number | null): ContextOverflow => overflow(promptTokens, contextTokens, promptTokens);

/**
 * The overflow a message reports, or null when it reports something else. Known wordings (each
 * server's own, from its source or issue tracker; the test file quotes them whole):
 * - llama.cpp (its server, and wllama, which runs it in the page): "request (4940 tokens) exceeds
 *   the available context size (2048 tokens)"; older servers "the request exceeds the available
 *   context size", the figures beside it (`n_prompt_tokens`, `n_ctx`); "Context size has been
 *   exceeded." when the context fills while it answers (LM Studio says it too).
 * - vLLM and OpenAI: "maximum context length is 2048 tokens. However, you requested 5540 tokens
 *   (4940 in the messages, 600 in the completion)", "… your messages resulted in 9000 tokens",
 *   "… your request has 4940 input tokens", newer vLLM "'max_tokens' … is too large: 64 … your
 *   request has 2000 input tokens", "The decoder prompt (length 2100) is longer than the maximum
 *   model length of 2048"; OpenAI's code `context_length_exceeded`; OpenRouter "requested about N tokens".
 * - text-generation-inference: "`inputs` tokens + `max_new_tokens` must be <= 2048. Given: 2100
 *   `inputs` tokens and 48 `max_new_tokens`", "`inputs` must have less than 2048 tokens. Given: 2100".
 * - LM Studio: "… the model is loaded with context length of only 2048 tokens".
 * - LiteLLM (a proxy): `ContextWindowExceededError`; Anthropic behind it "prompt is too long: 208310 tokens > 200000 maximum".
 * - web-llm: "Prompt tokens exceed context window size: number of prompt tokens: 4940; context window size: 2048".
 */
export function readContextOverflow(message: string): ContextOverflow | null {
  let m: RegExpMatchArray | null;
  if (/exceeds the available context size|exceed_context_size_error/i.test(message)) {
    return promptOnly(num(message.match(/request \((\d+) tokens\)/i)) ?? num(message.match(/n_prompt_tokens\D{0,4}(\d+)/i)), num(message.match(/context size \((\d+) tokens\)/i)) ?? num(message.match(/n_ctx\D{0,4}(\d+)/i)));
  }
  if ((m = message.match(/prompt tokens exceed context window size: number of prompt tokens: (\d+); context window size: (\d+)/i))) return promptOnly(num(m), num(m, 2));
  if ((m = message.match(/`inputs` tokens \+ `max_new_tokens` must be <= (\d+)\. Given: (\d+) `inputs` tokens and (\d+) `max_new_tokens`/i))) return overflow(Number(m[2]) + Number(m[3]), num(m), num(m, 2));
  if ((m = message.match(/`inputs` must have less than (\d+) tokens\. Given: (\d+)/i))) return promptOnly(num(m, 2), num(m));
  if ((m = message.match(/prompt \(length (\d+)\) is longer than the maximum model length of (\d+)/i))) return promptOnly(num(m), num(m, 2));
  if ((m = message.match(/prompt is too long: (\d+) tokens > (\d+)/i))) return promptOnly(num(m), num(m, 2));
  if (/maximum context length is|context_length_exceeded/i.test(message)) {
    const context = num(message.match(/maximum context length is (\d+)/i));
    // The prompt's size; vLLM ≥ 0.9 refuses max_tokens beside it ("is too large: 64"): prompt + answer do not fit.
    const input = num(message.match(/(?:has|resulted in) (\d+)(?: input)? tokens/i));
    const answer = num(message.match(/is too large: (\d+)/i)) ?? 0;
    if (input !== null) return overflow(input + answer, context, input);
    const requested = num(message.match(/requested (?:about )?(\d+) tokens/i));
    return overflow(requested, context, num(message.match(/\((\d+) in the messages/i)) ?? num(message.match(/\((\d+) of text input/i)));
  }
  if ((m = message.match(/context length of only (\d+) tokens/i))) return overflow(null, num(m));
  if (/ContextWindowExceededError|context size has been exceeded/i.test(message)) return overflow(null, null);
  return null;
}

/**
 * The overflow an error payload reports, read from the error's own words and fields only (message,
 * type, code; llama.cpp's n_prompt_tokens and n_ctx), never from the rest of the body: a server
 * that echoes the request in its error (FastAPI's 422 details, some proxies) would otherwise make a
 * prompt that speaks of context windows read as one too long.
 */
export function overflowOf(payload: unknown, words: string | null): ContextOverflow | null {
  const error = (payload as { error?: unknown } | null)?.error ?? payload;
  // Stryker disable next-line ConditionalExpression: equivalent — `error` is never null here (?? took the payload), and a field of a string is undefined
  const own: Record<string, unknown> = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent — a value that is not text reads "null" or "[object Object]", which no wording matches
  const said = [words, own.type, own.code].filter((x) => typeof x === 'string');
  for (const k of ['n_prompt_tokens', 'n_ctx']) if (typeof own[k] === 'number') said.push(`${k}: ${own[k]}`);
  return readContextOverflow(said.join(' '));
}
