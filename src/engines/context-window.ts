/**
 * How many tokens a loaded model reads at once (its context window as the engine runs it). wllama
 * gets at most WLLAMA_MAX_CONTEXT: llama.cpp allocates the whole KV cache at load, and a 128k
 * context would take gigabytes a browser tab does not have. The Council view warns before a prompt
 * the engine would refuse (PromptTooLongError is the engine's own word on it).
 */
import type { ModelDescriptor } from './engine';

export const WLLAMA_MAX_CONTEXT = 2048;

/** The context wllama loads a model with: its own, capped; the cap when the file does not say (or says 0 or less). */
export function wllamaContext(contextLength: number | null | undefined): number {
  return contextLength && contextLength > 0 ? Math.min(contextLength, WLLAMA_MAX_CONTEXT) : WLLAMA_MAX_CONTEXT;
}

/** Tokens the engine reads at once for this model; null when unknown (a remote server says so only when it refuses). */
export function engineContextTokens(model: Pick<ModelDescriptor, 'engine' | 'contextLength'>): number | null {
  if (model.engine === 'wllama') return wllamaContext(model.contextLength);
  return model.contextLength && model.contextLength > 0 ? model.contextLength : null;
}
