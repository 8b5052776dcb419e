/**
 * Recognises "the prompt does not fit the context window" in an engine's or a server's own words,
 * so it becomes PromptTooLongError (a refused request) instead of a member failure (a restart, and
 * after three a removal: pasting a long text three times had emptied the council). Each engine
 * says it differently; the figures are read where the text gives them.
 */

export interface ContextOverflow {
  /** Tokens the request needs (the prompt, or prompt + answer where the server counts both); null when unsaid. */
  needTokens: number | null;
  /** The context window the engine or server has; null when unsaid. */
  contextTokens: number | null;
}

const num = (m: RegExpMatchArray | null): number | null => (m ? Number(m[1]) : null);

/**
 * The overflow a message reports, or null when it reports something else. Known wordings:
 * - llama.cpp (its server, and wllama, which runs it in the page): "request (4940 tokens) exceeds
 *   the available context size (2048 tokens), try increasing it"; older servers "the request
 *   exceeds the available context size, try increasing the context size or enable context shift";
 *   its JSON error carries `type: exceed_context_size_error`.
 * - vLLM and OpenAI: "This model's maximum context length is 2048 tokens. However, you requested
 *   5540 tokens (…)", "… your messages resulted in 9000 tokens", "… your request has 4940 input
 *   tokens"; OpenAI's code `context_length_exceeded`.
 * - web-llm: "Prompt tokens exceed context window size: number of prompt tokens: 4940; context
 *   window size: 2048".
 */
export function readContextOverflow(message: string): ContextOverflow | null {
  const llamaCpp = /exceeds? the available context size|exceed_context_size_error/i.test(message);
  const openAi = /maximum context length is \d+|context_length_exceeded/i.test(message);
  const webLlm = /prompt tokens exceed context window size/i.test(message);
  if (llamaCpp) {
    return {
      needTokens: num(message.match(/request \((\d+) tokens\)/i)) ?? num(message.match(/n_prompt_tokens\D{0,4}(\d+)/i)),
      contextTokens: num(message.match(/context size \((\d+) tokens\)/i)) ?? num(message.match(/n_ctx\D{0,4}(\d+)/i)),
    };
  }
  if (openAi) {
    return {
      needTokens: num(message.match(/(?:requested|resulted in|has) (\d+)(?: input)? tokens/i)),
      contextTokens: num(message.match(/maximum context length is (\d+)/i)),
    };
  }
  if (webLlm) {
    return {
      needTokens: num(message.match(/number of prompt tokens: (\d+)/i)),
      contextTokens: num(message.match(/context window size: (\d+)/i)),
    };
  }
  return null;
}
