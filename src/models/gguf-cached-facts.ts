import { readGgufHeader } from '../engines/gguf-header';
import { GGUF_CACHE } from '../engines/model-cache';
import { ggufSizeFacts, withGgufFacts, type GgufSizeFacts } from './gguf-facts';
import type { ModelDescriptor } from './model';

/**
 * Once a GGUF is in the cache, its header is the truth about its size: the catalogue re-reads it
 * so plans use the file's own parameter count and bits per weight instead of recorded figures.
 */

/** Size facts from the header of the cached copy of `url`, or null (not cached, or not a readable GGUF). */
export async function cachedGgufFacts(url: string, cache: Pick<Cache, 'match'>): Promise<GgufSizeFacts | null> {
  const hit = await cache.match(url).catch(() => undefined);
  // An entry the browser cannot read must not take the whole catalogue down with it.
  const blob = hit ? await hit.blob().catch(() => null) : null;
  if (!blob) return null;
  const header = await readGgufHeader(blob).catch(() => null);
  const f = header ? ggufSizeFacts(header) : null;
  // A tensor type not sized here (i-quants): the file's size stands in, as the catalogue's
  // recorded sizes do (the header adds a few MB), rather than leaving the model unplannable.
  return f && f.tensorBytes === null ? { ...f, tensorBytes: blob.size, bitsPerWeight: (blob.size * 8) / f.params } : f;
}

function absolute(url: string): string {
  return new URL(url, globalThis.location?.href ?? 'http://localhost/').href;
}

/**
 * Catalogue and custom GGUF models with a cached file take their header's facts. Generated test
 * models are left alone: their manifest already holds the generator's exact counts.
 */
export async function refineFromCachedHeaders(models: ModelDescriptor[], open: () => Promise<Pick<Cache, 'match'>> = () => caches.open(GGUF_CACHE)): Promise<ModelDescriptor[]> {
  const candidates = models.filter((m) => m.engine === 'wllama' && m.source !== 'generated' && m.url);
  if (!candidates.length) return models;
  let cache: Pick<Cache, 'match'>;
  try {
    cache = await open();
  } catch {
    return models; // no Cache API here (private mode, tests): keep the recorded figures
  }
  const facts = new Map<string, GgufSizeFacts>();
  await Promise.all(
    candidates.map(async (m) => {
      const f = await cachedGgufFacts(absolute(m.url!), cache);
      if (f) facts.set(m.id, f);
    }),
  );
  return models.map((m) => (facts.has(m.id) ? withGgufFacts(m, facts.get(m.id)!) : m));
}
