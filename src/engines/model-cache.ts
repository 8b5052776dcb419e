/**
 * Model Loader for file-based models (GGUF): one download per URL for the whole origin (every
 * member's worker shares it, see download-lock.ts), streamed into the Cache API, validated there,
 * and every failure turned into a named error (404 → ModelNotFoundError, bad bytes →
 * ModelCorruptError, quota → StorageQuotaError, cancel → AbortedError). A browser that will not
 * store the file for a reason of its own (a private window) gets it downloaded again into memory,
 * for this session. Works in a worker and on
 * the main thread (the Models view lists and deletes entries with the same functions). web-llm
 * keeps its own caches; `listCachedModels` reports those too.
 */
import { ModelCorruptError } from './errors';
import { GgufParseError, readGgufHeader, type GgufHeader } from './gguf-header';
import type { LoadProgress } from './engine';
import { withDownloadLock } from './download-lock';
import { CacheRefusedError, downloadToBlob, downloadToCache, type DownloadOptions } from './gguf-download';

export const GGUF_CACHE = 'wirthforge-gguf';
const WEBLLM_CACHES = ['webllm/model', 'webllm/wasm', 'webllm/config'];

export interface CachedModelEntry {
  cache: string;
  url: string;
  bytes: number;
}

export interface FetchGgufOptions {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  useCache?: boolean;
  /** Expected file size for the progress bar when the server sends no usable Content-Length. */
  sizeHint?: number | null;
}

/** Checks the bytes are a GGUF whose tensors all fit in the file (catches truncated downloads). */
export async function validateGguf(blob: Blob, url: string): Promise<void> {
  let header: GgufHeader;
  try {
    header = await readGgufHeader(blob);
  } catch (err) {
    if (err instanceof GgufParseError) throw new ModelCorruptError(url, err.message);
    throw err;
  }
  if (header.minFileBytes !== null && blob.size < header.minFileBytes) {
    throw new ModelCorruptError(url, `file is ${blob.size} bytes but its tensors need ${header.minFileBytes}`);
  }
}

function absoluteUrl(url: string): string {
  return new URL(url, self.location.href).href;
}

/**
 * The cached, valid copy of `url`, or null: a damaged entry, or one the browser can no longer read
 * (NotReadableError: its file was cleared from under it, by another tab's delete or by clearing site
 * data), is deleted so the file is fetched again.
 */
async function readCached(cache: Cache, url: string): Promise<Blob | null> {
  const hit = await cache.match(url);
  if (!hit) return null;
  try {
    const blob = await hit.blob(); // Chromium backs this Blob by the cache's file on disk
    await validateGguf(blob, url);
    return blob;
  } catch (err) {
    await cache.delete(url).catch(() => false);
    if ((err as Error).name !== 'ModelCorruptError' && !(err instanceof DOMException)) throw err;
    return null;
  }
}

/** Returns the cached GGUF for `url`, downloading (with progress) and validating it first if needed. */
export async function fetchGguf(url: string, opts: FetchGgufOptions = {}): Promise<Blob> {
  const absolute = absoluteUrl(url);
  const report = opts.onProgress ?? (() => {});
  if (opts.useCache === false || typeof caches === 'undefined') {
    const blob = await downloadToBlob(absolute, opts);
    report({ loadedBytes: blob.size, totalBytes: blob.size, fraction: 1, text: 'Checking the file' });
    await validateGguf(blob, absolute);
    return blob;
  }
  const cache = await caches.open(GGUF_CACHE);
  const loaded = (blob: Blob, text: string) => (report({ loadedBytes: blob.size, totalBytes: blob.size, fraction: 1, text }), blob);
  const hit = await readCached(cache, absolute);
  if (hit) return loaded(hit, 'Loaded from cache');
  const memoryOnly = { signal: opts.signal, onProgress: report, sizeHint: opts.sizeHint };
  if (await refusedBefore(absolute)) return inMemory(absolute, memoryOnly);

  const onWaiting = (p: LoadProgress | null) =>
    report({ ...(p ?? { loadedBytes: 0, totalBytes: null, fraction: null }), text: `Waiting for another member's download${p ? ` · ${p.text}` : ''}` });
  return withDownloadLock(absolute, { signal: opts.signal, onWaiting }, async ({ signal, share }) => {
    // Whoever held the lock before us may have stored it already.
    const done = await readCached(cache, absolute);
    if (done) return loaded(done, 'Loaded from cache (downloaded by another member)');
    if (await refusedBefore(absolute)) return inMemory(absolute, { ...memoryOnly, signal });
    const onProgress = (p: LoadProgress) => (report(p), share(p));
    try {
      await downloadToCache(cache, absolute, { signal, onProgress, sizeHint: opts.sizeHint });
    } catch (err) {
      if (!(err instanceof CacheRefusedError)) throw err;
      await rememberRefusal(absolute);
      return inMemory(absolute, { ...memoryOnly, signal });
    }
    const stored = await cache.match(absolute);
    if (!stored) throw new ModelCorruptError(absolute, 'the browser did not keep the downloaded file; try again');
    const blob = loaded(await stored.blob(), 'Checking the file');
    try {
      await validateGguf(blob, absolute);
    } catch (err) {
      await cache.delete(absolute);
      throw err;
    }
    return loaded(blob, 'Downloaded and checked');
  });
}

/** Why a model loaded from memory will download again: said with its progress, to the member card and the Models view. */
export const KEPT_IN_MEMORY = 'kept in memory for this session only: this browser would not store the file (a private window holds site data in memory, with less room); it downloads again next time';

/**
 * A browser that refused a file (CacheRefusedError) is not asked again for REFUSAL_MEMORY_MS: the
 * other members and every restart load it straight into memory, one download each instead of two
 * (an 800 MB file took ~50 s here each time). Noted in a cache of its own, which the Models view
 * does not list; a private window's notes end with it.
 */
const REFUSALS_CACHE = 'wirthforge-gguf-refused';
export const REFUSAL_MEMORY_MS = 24 * 60 * 60_000;

async function refusedBefore(url: string): Promise<boolean> {
  const note = await caches
    .open(REFUSALS_CACHE)
    .then((c) => c.match(url))
    .catch(() => undefined);
  const at = Number(note?.headers.get('x-refused-at'));
  return Number.isFinite(at) && at > 0 && Date.now() - at < REFUSAL_MEMORY_MS;
}

async function rememberRefusal(url: string): Promise<void> {
  await caches
    .open(REFUSALS_CACHE)
    .then((c) => c.put(url, new Response('', { headers: { 'x-refused-at': String(Date.now()) } })))
    .catch(() => undefined); // a browser that will not keep even this note: the next load asks the cache again
}

const inMemoryBlobs = new WeakSet<Blob>();

/** Whether fetchGguf gave `blob` from memory, not from the cache (the engine says so with its load: LoadResult.keptInMemory). */
export function keptInMemory(blob: Blob): boolean {
  return inMemoryBlobs.has(blob);
}

/**
 * The browser would not store the file (CacheRefusedError): it is downloaded again into memory and
 * loaded from there, so the member still runs. Nothing is cached, so the next load downloads again.
 */
async function inMemory(url: string, opts: DownloadOptions): Promise<Blob> {
  const report = opts.onProgress ?? (() => {});
  const blob = await downloadToBlob(url, { ...opts, onProgress: (p) => report({ ...p, text: `${p.text}, again, to keep in memory (this browser would not store the file)` }) });
  report({ loadedBytes: blob.size, totalBytes: blob.size, fraction: 1, text: 'Checking the file' });
  await validateGguf(blob, url);
  report({ loadedBytes: blob.size, totalBytes: blob.size, fraction: 1, text: `Downloaded and checked; ${KEPT_IN_MEMORY}` });
  inMemoryBlobs.add(blob);
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
