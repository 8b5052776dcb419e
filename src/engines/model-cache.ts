/**
 * Model Loader for file-based models (GGUF): download with progress into the Cache API, validate
 * the header, and turn every failure into a named error (404 → ModelNotFoundError, bad bytes →
 * ModelCorruptError, quota → StorageQuotaError). Works in a worker and on the main thread (the
 * Models view lists and deletes entries with the same functions). web-llm keeps its own caches;
 * `listCachedModels` reports those too.
 */
import { ModelCorruptError, ModelNotFoundError, RemoteUnreachableError, StorageQuotaError, AbortedError } from './errors';
import { GgufParseError, parseGgufHeader } from './gguf-header';
import type { LoadProgress } from './engine';

export const GGUF_CACHE = 'wirthforge-gguf';
const WEBLLM_CACHES = ['webllm/model', 'webllm/wasm', 'webllm/config'];

export interface CachedModelEntry {
  cache: string;
  url: string;
  bytes: number;
}

function isQuota(err: unknown): boolean {
  return err instanceof DOMException && (err.name === 'QuotaExceededError' || err.code === 22);
}

function progressText(loaded: number, total: number | null): string {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return total ? `Downloading ${mb(loaded)} / ${mb(total)} MB` : `Downloading ${mb(loaded)} MB`;
}

/** Checks the bytes are a GGUF whose tensors all fit in the file (catches truncated downloads). */
export async function validateGguf(blob: Blob, url: string): Promise<void> {
  // The header of small and mid models fits in the first 8 MB; read more only when it does not.
  let prefix = Math.min(blob.size, 8 << 20);
  for (;;) {
    try {
      const header = parseGgufHeader(await blob.slice(0, prefix).arrayBuffer());
      if (header.minFileBytes !== null && blob.size < header.minFileBytes) {
        throw new ModelCorruptError(url, `file is ${blob.size} bytes but its tensors need ${header.minFileBytes}`);
      }
      return;
    } catch (err) {
      if (err instanceof GgufParseError && err.needMore && prefix < blob.size) {
        prefix = Math.min(blob.size, prefix * 4);
        continue;
      }
      if (err instanceof GgufParseError) throw new ModelCorruptError(url, err.message);
      throw err;
    }
  }
}

/** Returns the cached GGUF for `url`, downloading (with progress) and validating it first if needed. */
export async function fetchGguf(
  url: string,
  opts: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal; useCache?: boolean } = {},
): Promise<Blob> {
  const absolute = new URL(url, self.location.href).href;
  const cache = opts.useCache === false || typeof caches === 'undefined' ? null : await caches.open(GGUF_CACHE);
  const hit = await cache?.match(absolute);
  if (hit) {
    const blob = await hit.blob();
    try {
      await validateGguf(blob, absolute);
      opts.onProgress?.({ loadedBytes: blob.size, totalBytes: blob.size, fraction: 1, text: 'Loaded from cache' });
      return blob;
    } catch (err) {
      await cache!.delete(absolute); // a damaged cache entry is dropped and fetched again
      if ((err as Error).name !== 'ModelCorruptError') throw err;
    }
  }

  let response: Response;
  try {
    response = await fetch(absolute, { signal: opts.signal });
  } catch (err) {
    if (opts.signal?.aborted) throw new AbortedError('download cancelled');
    throw new RemoteUnreachableError(new URL(absolute).origin, (err as Error).message || 'network error');
  }
  if (response.status === 404 || response.status === 410) throw new ModelNotFoundError(absolute, response.status);
  if (!response.ok) throw new RemoteUnreachableError(new URL(absolute).origin, `HTTP ${response.status} for ${absolute}`);
  const type = response.headers.get('content-type') ?? '';
  // Single-page-app hosts answer a missing file with their index page (200, text/html).
  if (type.includes('text/html')) {
    await response.body?.cancel().catch(() => {});
    throw new ModelNotFoundError(absolute, 'the server answered with a web page instead of the file');
  }
  const total = Number(response.headers.get('content-length')) || null;
  // A download that cannot be stored is refused before it starts, not after minutes of waiting.
  if (cache && total && navigator.storage?.estimate) {
    const { quota, usage } = await navigator.storage.estimate().catch(() => ({ quota: undefined, usage: undefined }));
    if (quota !== undefined && usage !== undefined && total > quota - usage) {
      await response.body?.cancel().catch(() => {});
      throw new StorageQuotaError(absolute);
    }
  }
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body!.getReader();
  let lastReport = 0;
  for (;;) {
    let part: ReadableStreamReadResult<Uint8Array>;
    try {
      part = await reader.read();
    } catch (err) {
      if (opts.signal?.aborted) throw new AbortedError('download cancelled');
      throw new ModelCorruptError(absolute, `download broke off after ${loaded} bytes (${(err as Error).message})`);
    }
    if (part.done) break;
    chunks.push(part.value);
    loaded += part.value.byteLength;
    const now = performance.now();
    if (now - lastReport > 100) {
      lastReport = now;
      opts.onProgress?.({ loadedBytes: loaded, totalBytes: total, fraction: total ? loaded / total : null, text: progressText(loaded, total) });
    }
  }
  opts.onProgress?.({ loadedBytes: loaded, totalBytes: total ?? loaded, fraction: 1, text: 'Checking the file' });
  const blob = new Blob(chunks as BlobPart[]);
  await validateGguf(blob, absolute);
  if (cache) {
    try {
      await cache.put(absolute, new Response(blob, { headers: { 'content-length': String(blob.size), 'content-type': 'application/octet-stream' } }));
    } catch (err) {
      if (isQuota(err)) throw new StorageQuotaError(absolute);
      throw err;
    }
  }
  return blob;
}

/** Everything cached: our GGUFs and web-llm's weights/wasm/config, with sizes. */
export async function listCachedModels(): Promise<CachedModelEntry[]> {
  if (typeof caches === 'undefined') return [];
  const out: CachedModelEntry[] = [];
  for (const name of [GGUF_CACHE, ...WEBLLM_CACHES]) {
    if (!(await caches.has(name))) continue;
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      const res = await cache.match(req);
      let bytes = Number(res?.headers.get('content-length')) || 0;
      if (!bytes && res) bytes = (await res.blob()).size;
      out.push({ cache: name, url: req.url, bytes });
    }
  }
  return out;
}

export async function deleteCachedModel(url: string, cache = GGUF_CACHE): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  return (await caches.open(cache)).delete(url);
}
