import type { ModelDescriptor } from './model';
import snapshot from './catalog-webllm.json';

/**
 * web-llm's prebuilt model list, from a snapshot of `prebuiltAppConfig.model_list` written by
 * scripts/gen-webllm-catalog.mjs (importing web-llm itself would pull the whole library into the
 * main bundle). Parameter counts are recorded in the snapshot (scripts/webllm-params.mjs, cited per
 * family) and bits per weight follow from its MLC quantisation: never from the model id, which
 * under-counts ("Llama-3.2-1B" has 1.24 B parameters).
 */
export interface WebLlmRecord {
  model_id: string;
  model: string;
  vram_required_MB: number | null;
  low_resource_required: boolean;
  required_features: string[];
  context_window_size: number | null;
  buffer_size_required_bytes: number | null;
  /** True parameter count (billions) of the model family; null when the generator did not know it. */
  params_billions: number | null;
  /** MLC quantisation code, e.g. "q4f16_1". */
  quantization: string | null;
}

/**
 * MLC's quantisation codes (mlc-llm python/mlc_llm/quantization/quantization.py): group
 * quantisation packs k-bit integers into uint32 words and keeps one scale per group in the model's
 * float type; q0 codes are unquantised.
 */
const MLC_QUANT: Record<string, { bits: number; group: number; scaleBits: number } | { float: number }> = {
  q4f16_0: { bits: 4, group: 32, scaleBits: 16 },
  q4f16_1: { bits: 4, group: 32, scaleBits: 16 },
  q4f32_0: { bits: 4, group: 32, scaleBits: 32 },
  q4f32_1: { bits: 4, group: 32, scaleBits: 32 },
  q3f16_0: { bits: 3, group: 40, scaleBits: 16 },
  q3f16_1: { bits: 3, group: 40, scaleBits: 16 },
  q0f16: { float: 16 },
  q0bf16: { float: 16 },
  q0f32: { float: 32 },
};

/**
 * Stored bits per weight of a quantisation: whole uint32 words per group plus its scale. q4f16_1:
 * 32 weights in 4 words (128 bits) + a 16-bit scale = 4.5; q4f32_1: 128 + 32 bits = 5; q3f16_1:
 * 10 weights per word, so 40 weights in 4 words (128 bits) + 16 = 3.6. Null for an unknown code.
 */
export function bitsPerWeightOf(quantization: string | null): number | null {
  const q = quantization === null ? undefined : MLC_QUANT[quantization];
  if (!q) return null;
  if ('float' in q) return q.float;
  const words = Math.ceil(q.group / Math.floor(32 / q.bits));
  return (words * 32 + q.scaleBits) / q.group;
}

export function webLlmDescriptor(r: WebLlmRecord): ModelDescriptor {
  const params = r.params_billions;
  const bits = bitsPerWeightOf(r.quantization);
  const features = new Set(r.required_features);
  if (r.quantization !== null && /f16/.test(r.quantization)) features.add('shader-f16'); // f16 kernels need shader-f16
  const notes = [r.low_resource_required ? 'runs with small GPU buffer limits' : null, params === null ? 'parameter count not recorded: speed not predicted' : null].filter(Boolean);
  return {
    id: r.model_id,
    engine: 'web-llm',
    label: r.model_id.replace(/-MLC(-1k)?$/, (s) => (s.endsWith('1k') ? ' (1k ctx)' : '')),
    paramsBillions: params,
    bitsPerWeight: bits,
    weightBytes: params !== null && bits !== null ? Math.round((params * 1e9 * bits) / 8) : null,
    vramRequiredMB: r.vram_required_MB,
    contextLength: r.context_window_size,
    requiredFeatures: [...features].sort(),
    url: r.model,
    source: 'prebuilt',
    note: notes.length ? notes.join('; ') : undefined,
  };
}

export const webLlmRecords: WebLlmRecord[] = snapshot.models as WebLlmRecord[];
export const webLlmVersion: string = snapshot.webLlmVersion;

export function webLlmCatalog(): ModelDescriptor[] {
  return webLlmRecords.map(webLlmDescriptor);
}

/** web-llm needs maxStorageBufferBindingSize ≥ 1 GiB except for its `low_resource_required` models. */
export function isLowResource(id: string): boolean {
  return webLlmRecords.find((r) => r.model_id === id)?.low_resource_required ?? false;
}

/** The largest single GPU buffer a web-llm model needs, when its record says (e.g. gemma's 256 MB). */
export function bufferSizeRequired(id: string): number | null {
  return webLlmRecords.find((r) => r.model_id === id)?.buffer_size_required_bytes ?? null;
}
