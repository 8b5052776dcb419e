/**
 * Custom models a person adds (SPEC §4): a GGUF by URL or local file, a web-llm appConfig record,
 * a remote OpenAI-compatible server. Stored in the `customModels` IndexedDB store; the shared
 * catalogue (src/models/catalog.ts) turns them into descriptors the council can run.
 * Config keys follow that catalogue: `url` (GGUF), `model`/`model_lib`/`overrides` (web-llm),
 * `baseUrl`/`model`/`apiKey` (remote).
 */
import { db, newId } from '../store/db';
import { readAll } from '../store/read';
import { toStorageError } from '../store/errors';
import type { CustomModelRecord } from '../store/schema';
import { GGUF_CACHE, validateGguf } from '../engines/model-cache';
import { StorageQuotaError } from '../engines/errors';
import { forgetCatalog } from './model-registry';

/** Local files live in the model cache under this path, so they load like any cached download. */
export const LOCAL_PREFIX = '/local-models/';

async function save(record: CustomModelRecord): Promise<CustomModelRecord> {
  try {
    await (await db()).put('customModels', record);
  } catch (err) {
    throw toStorageError(err, 'customModels');
  }
  forgetCatalog();
  return record;
}

function requireUrl(url: string, what: string): string {
  const u = url.trim();
  if (!u) throw new Error(`Give the ${what} URL.`);
  try {
    new URL(u, location.href);
  } catch {
    throw new Error(`"${u}" is not a valid URL.`);
  }
  return u;
}

export function addGgufUrl(label: string, url: string): Promise<CustomModelRecord> {
  const u = requireUrl(url, 'GGUF file');
  return save({ id: newId('gguf'), engine: 'wllama', label: label.trim() || u.split('/').pop() || u, addedAt: Date.now(), config: { url: u } });
}

/** Validates a local GGUF, stores it in the model cache and records it. */
export async function addGgufFile(file: File, label = ''): Promise<CustomModelRecord> {
  const path = `${LOCAL_PREFIX}${encodeURIComponent(file.name)}`;
  await validateGguf(file, file.name); // throws ModelCorruptError for a file that is not a usable GGUF
  try {
    const cache = await caches.open(GGUF_CACHE);
    await cache.put(new URL(path, location.href).href, new Response(file, { headers: { 'content-length': String(file.size), 'content-type': 'application/octet-stream' } }));
  } catch (err) {
    if (err instanceof DOMException && err.name === 'QuotaExceededError') throw new StorageQuotaError(file.name);
    throw err;
  }
  return save({ id: newId('gguf'), engine: 'wllama', label: label.trim() || file.name, addedAt: Date.now(), config: { url: path, weightBytes: file.size } });
}

export interface WebLlmRecordInput {
  modelId: string;
  modelUrl: string;
  modelLibUrl: string;
  overridesJson?: string;
  vramRequiredMB?: number | null;
  requiredFeatures?: string[];
}

export function addWebLlmRecord(input: WebLlmRecordInput): Promise<CustomModelRecord> {
  const modelId = input.modelId.trim();
  if (!/^[\w.-]+$/.test(modelId)) throw new Error('The model id may use letters, digits, ".", "_" and "-" only.');
  let overrides: Record<string, unknown> | undefined;
  if (input.overridesJson?.trim()) {
    try {
      overrides = JSON.parse(input.overridesJson);
    } catch {
      throw new Error('Overrides must be JSON, e.g. {"context_window_size": 2048}.');
    }
  }
  return save({
    id: `webllm-custom:${modelId}`,
    engine: 'web-llm',
    label: modelId,
    addedAt: Date.now(),
    config: {
      model: requireUrl(input.modelUrl, 'model weights'),
      model_lib: requireUrl(input.modelLibUrl, 'model library (wasm)'),
      ...(overrides ? { overrides } : {}),
      ...(input.vramRequiredMB ? { vram_required_MB: input.vramRequiredMB } : {}),
      requiredFeatures: input.requiredFeatures ?? (/f16/.test(modelId) ? ['shader-f16'] : []),
    },
  });
}

export function addRemoteServer(label: string, baseUrl: string, model: string, apiKey = ''): Promise<CustomModelRecord> {
  const u = requireUrl(baseUrl, 'server');
  return save({
    id: newId('remote'),
    engine: 'remote',
    label: label.trim() || `${model || 'model'} @ ${u}`,
    addedAt: Date.now(),
    config: { baseUrl: u, ...(model.trim() ? { model: model.trim() } : {}), ...(apiKey ? { apiKey } : {}) },
  });
}

export async function listCustomModels(): Promise<CustomModelRecord[]> {
  return readAll('customModels');
}

export async function deleteCustomModel(id: string): Promise<void> {
  const d = await db();
  const rec = await d.get('customModels', id);
  await d.delete('customModels', id);
  const url = rec?.config.url;
  if (typeof url === 'string' && url.startsWith(LOCAL_PREFIX)) await (await caches.open(GGUF_CACHE)).delete(new URL(url, location.href).href);
  forgetCatalog();
}
