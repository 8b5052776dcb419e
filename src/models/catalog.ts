import { readAll } from '../store/read';
import type { CustomModelRecord } from '../store/schema';
import type { ModelDescriptor } from './model';
import { ggufCatalog } from './catalog-gguf';
import { webLlmCatalog } from './catalog-webllm';
import { readManifest } from './manifest-copy';
import { refineFromCachedHeaders } from './gguf-cached-facts';
import { layersOf } from './gguf-facts';

/**
 * Every model the Capacity Planner can size: web-llm's prebuilt list, the GGUF catalogue, the
 * project's generated test models (public/models/manifest.json) and the person's custom models.
 */

/** One entry of public/models/manifest.json, written by the model generator. */
export interface GeneratedModelEntry {
  id: string;
  file: string;
  bytes: number;
  params: number;
  contextLength?: number;
  nLayer?: number;
  weightType?: string;
  note?: string;
}

const BITS_OF_TYPE: Record<string, number> = { f32: 32, f16: 16, q8_0: 8.5, q4_0: 4.5 };

/** Validates the manifest at run time (it is a file on disk, not a typed import). */
export function parseGeneratedManifest(data: unknown, baseUrl = '/models/'): ModelDescriptor[] {
  if (!Array.isArray(data)) return [];
  const out: ModelDescriptor[] = [];
  for (const e of data as Partial<GeneratedModelEntry>[]) {
    if (typeof e?.id !== 'string' || typeof e.file !== 'string' || !(size(e.bytes) && size(e.params))) continue;
    const bits = BITS_OF_TYPE[e.weightType ?? ''] ?? (e.bytes * 8) / e.params;
    out.push({
      id: `generated:${e.id}`,
      engine: 'wllama',
      label: `${e.id} (generated test model)`,
      paramsBillions: e.params / 1e9,
      bitsPerWeight: bits,
      weightBytes: e.bytes,
      vramRequiredMB: null,
      contextLength: typeof e.contextLength === 'number' ? e.contextLength : null,
      layers: layersOf(e.nLayer),
      ...(typeof e.weightType === 'string' ? { fileType: e.weightType.toUpperCase() } : {}),
      requiredFeatures: [],
      url: `${baseUrl}${e.file}`,
      source: 'generated',
      note: typeof e.note === 'string' ? e.note : 'Random weights: measures speed, its words mean nothing.',
    });
  }
  return out;
}

/** Reads /models/manifest.json (its last copy when offline); absent or unreadable → no generated models. */
export async function loadGeneratedModels(fetchFn: typeof fetch = fetch): Promise<ModelDescriptor[]> {
  return parseGeneratedManifest(await readManifest(fetchFn));
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A size only when positive and finite: 0 bytes or 0 parameters would plan as "fits in 0 MB" at Infinity tok/s. */
function size(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}
function sizeOrNull(v: unknown): number | null {
  return size(v) ? v : null;
}

/** A custom model record as a descriptor; sizes come from its config when the person gave them. */
export function customDescriptor(r: CustomModelRecord): ModelDescriptor {
  const c = r.config;
  const url = typeof c.url === 'string' ? c.url : typeof c.model === 'string' ? c.model : typeof c.baseUrl === 'string' ? c.baseUrl : null;
  const params = sizeOrNull(c.paramsBillions);
  const bits = sizeOrNull(c.bitsPerWeight);
  return {
    id: r.id,
    engine: r.engine,
    label: r.label,
    paramsBillions: params,
    bitsPerWeight: bits,
    weightBytes: sizeOrNull(c.weightBytes) ?? (params !== null && bits !== null ? Math.round((params * 1e9 * bits) / 8) : null),
    vramRequiredMB: sizeOrNull(c.vram_required_MB) ?? sizeOrNull(c.vramRequiredMB),
    contextLength: num(c.contextLength),
    requiredFeatures: Array.isArray(c.requiredFeatures) ? c.requiredFeatures.filter((f): f is string => typeof f === 'string') : [],
    url,
    source: r.engine === 'remote' ? 'remote' : 'custom',
  };
}

export async function loadCustomModels(): Promise<ModelDescriptor[]> {
  try {
    return (await readAll('customModels')).map(customDescriptor);
  } catch {
    return [];
  }
}

/** The whole catalogue, generated models first (they are what tests and benchmarks run). */
export async function loadCatalog(): Promise<ModelDescriptor[]> {
  const [generated, custom] = await Promise.all([loadGeneratedModels(), loadCustomModels()]);
  return refineFromCachedHeaders([...generated, ...ggufCatalog(), ...webLlmCatalog(), ...custom]);
}
