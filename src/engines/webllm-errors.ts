/**
 * web-llm's failures as the app's named errors (errors.ts): its own text never reaches the person,
 * only the console (for a bug report).
 */
import type { ModelDescriptor } from './engine';
import { readContextOverflow } from './context-overflow';
import { DeviceLostError, EngineCrashedError, FeatureMissingError, ModelNotFoundError, ModelTooLargeError, PromptTooLongError, StorageQuotaError } from './errors';

export function webLlmError(err: unknown, model: ModelDescriptor): Error {
  const e = err as Error;
  const name = e?.name ?? '';
  const msg = e?.message ?? String(err);
  if (name === 'DeviceLostError' || /device (was )?lost/i.test(msg)) return new DeviceLostError(/destroyed/i.test(msg) ? 'the device was destroyed' : 'the driver or the browser reset it');
  if (name === 'QuotaExceededError' || /quota/i.test(msg)) return new StorageQuotaError(model.id);
  const overflow = readContextOverflow(msg); // before "exceeds" below: a long prompt is not a model too large
  if (overflow) return PromptTooLongError.of(model.id, overflow);
  if (/404|not found/i.test(msg) && /http|fetch|url/i.test(msg)) return new ModelNotFoundError(model.url ?? model.id);
  if (/out of memory|OOM|exceeds|too large/i.test(msg)) return new ModelTooLargeError(model.id, model.vramRequiredMB ? model.vramRequiredMB * 1024 * 1024 : null, null);
  if (name === 'ShaderF16SupportError' || /shader-f16/i.test(msg)) return new FeatureMissingError(model.id, 'shader-f16');
  // In words for the person; web-llm's own text goes to the console for a bug report.
  console.warn(`web-llm failed on ${model.id}:`, msg);
  return new EngineCrashedError('web-llm failed on the GPU');
}
