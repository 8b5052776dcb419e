/**
 * Which models a member can run, and the engine settings each needs: the shared catalogue
 * (generated test models, GGUF, web-llm prebuilt, custom records from IndexedDB) plus the raw
 * custom record configs (model library URL, overrides, remote model name, API key) and the
 * web-llm base URL setting (self-hosted weights).
 */
import type { LoadConfig, ModelDescriptor } from '../engines/engine';
import { loadCatalog } from '../models/catalog';
import { UnknownModelError } from './errors';
import { getSetting } from '../store/settings';
import { readOne } from '../store/read';
import type { CustomModelRecord } from '../store/schema';

export const WEBLLM_BASE_URL_SETTING = 'webllm.modelBaseUrl';

let cached: ModelDescriptor[] | null = null;

export async function catalog(refresh = false): Promise<ModelDescriptor[]> {
  if (!cached || refresh) cached = await loadCatalog();
  return cached;
}

export function forgetCatalog(): void {
  cached = null;
}

async function customRecord(id: string): Promise<CustomModelRecord | undefined> {
  try {
    return await readOne('customModels', id);
  } catch {
    return undefined;
  }
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** Descriptor + engine config for a model id; throws UnknownModelError when the id is unknown. */
export async function resolveModel(modelId: string): Promise<{ descriptor: ModelDescriptor; config: LoadConfig }> {
  let descriptor = (await catalog()).find((m) => m.id === modelId) ?? (await catalog(true)).find((m) => m.id === modelId);
  if (!descriptor) throw new UnknownModelError(modelId);
  const config: LoadConfig = {};
  if (descriptor.source === 'custom' || descriptor.source === 'remote') {
    const c = (await customRecord(modelId))?.config ?? {};
    config.modelLib = str(c.model_lib);
    config.overrides = typeof c.overrides === 'object' && c.overrides ? (c.overrides as Record<string, unknown>) : undefined;
    config.baseUrl = str(c.baseUrl);
    config.remoteModel = str(c.model) && descriptor.engine === 'remote' ? str(c.model) : undefined;
    config.apiKey = str(c.apiKey);
    if (descriptor.engine === 'web-llm') descriptor = { ...descriptor, url: str(c.model) ?? descriptor.url };
  }
  if (descriptor.engine === 'web-llm') config.modelBaseUrl = str(await getSetting<string>(WEBLLM_BASE_URL_SETTING, '').catch(() => ''));
  return { descriptor, config };
}
