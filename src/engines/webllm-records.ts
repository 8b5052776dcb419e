/**
 * web-llm model records: self-hosting (rewrite prebuilt URLs onto a configurable base) and the
 * feature check done BEFORE any download (shader-f16 for *f16 models). Pure, unit-tested.
 */
export interface WebLlmRecord {
  model: string;
  model_id: string;
  model_lib: string;
  overrides?: Record<string, unknown>;
  vram_required_MB?: number;
  low_resource_required?: boolean;
  required_features?: string[];
}

/** Features the record needs: its `required_features`, plus shader-f16 for f16-quantised ids. */
export function requiredFeatures(record: Pick<WebLlmRecord, 'model_id' | 'required_features'>): string[] {
  const set = new Set(record.required_features ?? []);
  if (/(^|[-_])q\d+f16(_\d+)?($|[-_])|[-_]f16($|[-_])/i.test(record.model_id)) set.add('shader-f16');
  return [...set];
}

/** The first required feature the device lacks, or null when all are there. */
export function missingFeature(record: Pick<WebLlmRecord, 'model_id' | 'required_features'>, deviceFeatures: Iterable<string>): string | null {
  const have = new Set(deviceFeatures);
  return requiredFeatures(record).find((f) => !have.has(f)) ?? null;
}

const HF = /^https:\/\/huggingface\.co\/[^/]+\//;

/**
 * Self-hosting: `https://huggingface.co/mlc-ai/<name>` → `<base>/<name>`; the model library
 * (`…/web-llm-models/<version>/<lib>.wasm`) → `<base>/libs/<lib>.wasm`.
 */
export function rehost(record: WebLlmRecord, baseUrl: string | undefined): WebLlmRecord {
  if (!baseUrl) return record;
  const base = baseUrl.replace(/\/+$/, '');
  const lib = record.model_lib.split('/').pop() ?? record.model_lib;
  return { ...record, model: record.model.replace(HF, `${base}/`), model_lib: `${base}/libs/${lib}` };
}
