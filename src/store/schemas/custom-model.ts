import * as v from 'valibot';
import { nonEmpty, nonNegative, text, timestamp, urlLike } from './common';

/** A person's custom model, one config shape per engine (keys as in src/council/custom-models.ts). */
const sizes = {
  weightBytes: v.optional(nonNegative),
  paramsBillions: v.optional(nonNegative),
  bitsPerWeight: v.optional(nonNegative),
  contextLength: v.optional(nonNegative),
  vram_required_MB: v.optional(nonNegative),
  requiredFeatures: v.optional(v.array(text)),
};

const base = { id: nonEmpty, label: nonEmpty, addedAt: timestamp };

export const ggufModel = v.object({ ...base, engine: v.literal('wllama'), config: v.object({ url: urlLike, ...sizes }) });

export const webLlmModel = v.object({
  ...base,
  engine: v.literal('web-llm'),
  config: v.object({ model: urlLike, model_lib: urlLike, overrides: v.optional(v.record(v.string(), v.unknown())), ...sizes }),
});

export const remoteModel = v.object({
  ...base,
  engine: v.literal('remote'),
  config: v.object({ baseUrl: urlLike, model: v.optional(text), apiKey: v.optional(text), ...sizes }),
});

export const customModelSchema = v.variant('engine', [ggufModel, webLlmModel, remoteModel]);
