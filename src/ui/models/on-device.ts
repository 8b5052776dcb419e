/**
 * Which models are on this device: a GGUF whose file is in our cache, or a web-llm model with
 * weight shards in web-llm's cache (its shard URLs start with the model's URL). Used to mark the
 * model lists, so a person offline sees what will still load.
 */
import type { CachedModelEntry } from '../../engines/model-cache';
import { GGUF_CACHE, listCachedModels } from '../../engines/model-cache';
import type { ModelDescriptor } from '../../models/model';

export function modelsOnDevice(models: ModelDescriptor[], cached: CachedModelEntry[], base: string): Set<string> {
  const gguf = new Set(cached.filter((e) => e.cache === GGUF_CACHE).map((e) => e.url));
  const shards = cached.filter((e) => e.cache === 'webllm/model').map((e) => e.url);
  const out = new Set<string>();
  for (const m of models) {
    if (!m.url) continue;
    const url = new URL(m.url, base).href;
    if (m.engine === 'wllama' ? gguf.has(url) : m.engine === 'web-llm' && shards.some((s) => s.startsWith(url.replace(/\/?$/, '/')))) out.add(m.id);
  }
  return out;
}

/** The same, reading the caches now (for views that do not keep the cache listing). */
export async function readModelsOnDevice(models: ModelDescriptor[]): Promise<Set<string>> {
  return modelsOnDevice(models, await listCachedModels().catch(() => []), location.href);
}
