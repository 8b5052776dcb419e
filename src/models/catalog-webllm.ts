import type { ModelDescriptor } from './model';
import snapshot from './catalog-webllm.json';

/**
 * web-llm's prebuilt model list, from a snapshot of `prebuiltAppConfig.model_list` written by
 * scripts/gen-webllm-catalog.mjs (importing web-llm itself would pull the whole library into the
 * main bundle). Parameters and bits are derived from the model id.
 */
export interface WebLlmRecord {
  model_id: string;
  model: string;
  vram_required_MB: number | null;
  low_resource_required: boolean;
  required_features: string[];
  context_window_size: number | null;
  buffer_size_required_bytes: number | null;
}

/** Ids that do not say their size (published parameter counts, billions). */
const KNOWN_PARAMS: [RegExp, number][] = [
  [/^Phi-3(\.5)?-mini/i, 3.82],
  [/^Phi-4-mini/i, 3.84],
  [/^phi-2/i, 2.78],
  [/^phi-1_5/i, 1.42],
];

/** Parameters in billions from an id such as "Llama-3.2-1B-…", "SmolLM2-360M-…", "stablelm-2-zephyr-1_6b-…". */
export function paramsFromId(id: string): number | null {
  for (const [re, b] of KNOWN_PARAMS) if (re.test(id)) return b;
  // A size token: digits with "." or "_" as decimal point, then B or M, between separators (E2B = 2B effective).
  const m = /(?:^|[-_E])(\d+(?:[._]\d+)?)([BbMm])(?=[-_]|$)/.exec(id.replace(/-q\d+f\d+.*$/, ''));
  if (!m) return null;
  const n = Number(m[1].replace('_', '.'));
  return m[2].toUpperCase() === 'M' ? n / 1000 : n;
}

/**
 * Bits per weight from MLC's quantisation code "q{bits}f{float}_{group}": q4f16_1 stores 4-bit
 * weights with one f16 scale per 32 weights → 4 + 16/32 = 4.5 bits; q0f16/q0f32 are unquantised.
 */
export function bitsFromId(id: string): number | null {
  const m = /-q(\d)f(16|32)/.exec(id);
  if (!m) return null;
  const q = Number(m[1]);
  return q === 0 ? Number(m[2]) : q + 0.5;
}

export function webLlmDescriptor(r: WebLlmRecord): ModelDescriptor {
  const params = paramsFromId(r.model_id);
  const bits = bitsFromId(r.model_id);
  const features = new Set(r.required_features);
  if (/-q\d+f16/.test(r.model_id)) features.add('shader-f16'); // f16 kernels need shader-f16
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
    note: r.low_resource_required ? 'runs with small GPU buffer limits' : undefined,
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
