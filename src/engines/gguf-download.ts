/**
 * The network half of the Model Loader: open a model URL and stream its body into the Cache API
 * (or, without one, into a Blob) while counting bytes, so the file is never held twice in memory.
 * Every failure is a named error; a download that fails leaves nothing in the cache.
 */
import { AbortedError, ModelCorruptError, ModelNotFoundError, RemoteUnreachableError, StorageQuotaError } from './errors';
import type { LoadProgress } from './engine';
import { networkError } from './remote-http';

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  /** The file's expected size (catalogue), shown when the server does not say (compressed bodies). */
  sizeHint?: number | null;
}

function isQuota(err: unknown): boolean {
  return err instanceof DOMException && (err.name === 'QuotaExceededError' || err.code === 22);
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

function progressText(loaded: number, total: number | null): string {
  return total ? `Downloading ${mb(loaded)} / ${mb(total)} MB` : `Downloading ${mb(loaded)} MB`;
}

/**
 * GET with status checks. `cache: 'no-store'` keeps the browser's HTTP cache out of it: the Cache
 * API holds our copy, and Chromium's HTTP cache fails every concurrent reader but one of a file too
 * big for a cache entry (ERR_CACHE_WRITE_FAILURE, seen in JS as "network error").
 */
async function open(url: string, signal?: AbortSignal): Promise<{ body: ReadableStream<Uint8Array>; total: number | null }> {
  let response: Response;
  try {
    response = await fetch(url, { signal, cache: 'no-store' });
  } catch (err) {
    if (signal?.aborted) throw new AbortedError('download cancelled');
    throw networkError(new URL(url).origin, err); // in plain words: fetch's own ("Failed to fetch") names nothing
  }
  if (response.status === 404 || response.status === 410) throw new ModelNotFoundError(url, response.status);
  if (!response.ok) throw new RemoteUnreachableError(new URL(url).origin, `HTTP ${response.status} for ${url}`);
  // Single-page-app hosts answer a missing file with their index page (200, text/html).
  if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    await response.body?.cancel().catch(() => {});
    throw new ModelNotFoundError(url, 'the server answered with a web page instead of the file');
  }
  if (!response.body) throw new ModelCorruptError(url, 'the server sent no body');
  // A compressed body's Content-Length counts the compressed bytes, not the ones we read.
  const encoded = !['', 'identity'].includes(response.headers.get('content-encoding') ?? '');
  return { body: response.body, total: encoded ? null : Number(response.headers.get('content-length')) || null };
}

/** Passes bytes through unchanged, counting them and reporting progress at most every 100 ms. */
class ByteCounter extends TransformStream<Uint8Array, Uint8Array> {
  loaded = 0;
  constructor(total: number | null, onProgress?: (p: LoadProgress) => void) {
    let lastReport = -Infinity;
    const fraction = (loaded: number) => (total ? Math.min(1, loaded / total) : null);
    super({
      transform: (chunk, controller) => {
        this.loaded += chunk.byteLength;
        const now = performance.now();
        if (onProgress && now - lastReport > 100) {
          lastReport = now;
          onProgress({ loadedBytes: this.loaded, totalBytes: total, fraction: fraction(this.loaded), text: progressText(this.loaded, total) });
        }
        controller.enqueue(chunk);
      },
    });
  }
}

/**
 * The browser would not keep the file: Cache.put failed with a browser error of its own, not the
 * quota, a stop or the network (refusedByCache). Seen in
 * Chromium's private windows, whose site data is held in memory: an 800 MB GGUF failed with
 * "UnknownError: Unexpected internal error" where a normal profile stored it (quota 10 GiB in
 * both). The caller can still load the file from memory (model-cache.ts).
 */
export class CacheRefusedError extends Error {
  override name = 'CacheRefusedError';
  constructor(readonly url: string, readonly loadedBytes: number) {
    super(`the browser would not store ${url} (after ${mb(loadedBytes)} MB)`);
  }
}

/** Not the quota, a stop or the network (Chromium rejects put with a NetworkError when the body's stream fails): the browser's own refusal. */
function refusedByCache(err: unknown): boolean {
  return err instanceof DOMException && !isQuota(err) && !['AbortError', 'NetworkError'].includes(err.name);
}

/** The server sent fewer bytes than its Content-Length said. */
class ShortBodyError extends Error {
  override name = 'ShortBodyError';
  constructor(got: number, total: number) {
    super(`got ${got} of ${total} bytes`);
  }
}

/** Turns a failed body read into the right named error. */
function brokeOff(url: string, err: unknown, loaded: number, signal?: AbortSignal): Error {
  if (signal?.aborted) return new AbortedError('download cancelled');
  if (isQuota(err)) return new StorageQuotaError(url);
  // A browser's own words ("network error", "Failed to execute 'put' on 'Cache'") stay out of it:
  // they name neither the file nor what to do.
  const cause = err instanceof ShortBodyError ? err.message : 'the connection closed';
  return new ModelCorruptError(url, `download broke off after ${mb(loaded)} MB (${cause}); try again`);
}

/** A download that cannot be stored is refused before it starts, not after minutes of waiting. */
async function checkQuota(url: string, total: number | null): Promise<void> {
  if (!total || typeof navigator === 'undefined' || !navigator.storage?.estimate) return;
  const { quota, usage } = await navigator.storage.estimate().catch(() => ({ quota: undefined, usage: undefined }));
  if (quota !== undefined && usage !== undefined && total > quota - usage) throw new StorageQuotaError(url);
}

/** Streams `url` straight into `cache` under the same URL; on any failure the entry is deleted. */
export async function downloadToCache(cache: Cache, url: string, opts: DownloadOptions): Promise<void> {
  const { body, total } = await open(url, opts.signal);
  try {
    await checkQuota(url, total);
  } catch (err) {
    await body.cancel().catch(() => {});
    throw err;
  }
  const counter = new ByteCounter(total ?? opts.sizeHint ?? null, opts.onProgress);
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (total) headers['content-length'] = String(total);
  try {
    await cache.put(url, new Response(body.pipeThrough(counter, { signal: opts.signal }), { headers }));
    if (total !== null && counter.loaded !== total) throw new ShortBodyError(counter.loaded, total);
  } catch (err) {
    await cache.delete(url).catch(() => {});
    if (!opts.signal?.aborted && refusedByCache(err)) throw new CacheRefusedError(url, counter.loaded);
    throw brokeOff(url, err, counter.loaded, opts.signal);
  }
}

/** Without a Cache API (or with caching off) the file is read into one Blob. */
export async function downloadToBlob(url: string, opts: DownloadOptions): Promise<Blob> {
  const { body, total } = await open(url, opts.signal);
  const counter = new ByteCounter(total ?? opts.sizeHint ?? null, opts.onProgress);
  try {
    const blob = await new Response(body.pipeThrough(counter, { signal: opts.signal })).blob();
    if (total !== null && blob.size !== total) throw new ShortBodyError(blob.size, total);
    return blob;
  } catch (err) {
    throw brokeOff(url, err, counter.loaded, opts.signal);
  }
}
