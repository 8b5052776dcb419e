import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildHeader, tensorData } from '../models/gguf/gguf-writer.mjs';
import { fetchGguf, listCachedModels, deleteCachedModel, GGUF_CACHE, KEPT_IN_MEMORY, REFUSAL_MEMORY_MS, keptInMemory } from './model-cache';
import { fakeLocks } from './fake-locks.test-util';

/** A whole tiny GGUF in memory (header + tensor data at their aligned offsets). */
function tinyGguf(): Uint8Array {
  const { header, layout, dataBytes } = buildHeader({ nLayer: 1, nEmbd: 32, nHead: 4, nHeadKv: 4, nFf: 64, contextLength: 64 });
  const out = new Uint8Array(header.length + dataBytes);
  out.set(header, 0);
  layout.forEach((t, i) => out.set(tensorData(t, i), header.length + t.offset));
  return out;
}

/** Minimal Cache Storage (what the Model Loader uses) backed by a Map. */
function fakeCaches() {
  const stores = new Map<string, Map<string, { body: Blob; headers: Headers }>>();
  return {
    stores,
    has: async (name: string) => stores.has(name),
    open: async (name: string) => {
      if (!stores.has(name)) stores.set(name, new Map());
      const s = stores.get(name)!;
      return {
        match: async (req: string | { url: string }) => {
          const e = s.get(typeof req === 'string' ? req : req.url);
          return e ? new Response(e.body, { headers: e.headers }) : undefined;
        },
        put: async (url: string, res: Response) => void s.set(url, { body: await res.blob(), headers: res.headers }),
        delete: async (url: string) => s.delete(url),
        keys: async () => [...s.keys()].map((url) => ({ url })),
      };
    },
  };
}

/** Whether `url` (resolved against the test page) is in the cache. */
const isCached = async (url: string) => (await listCachedModels()).some((e) => e.url === new URL(url, 'http://127.0.0.1:4202/').href);

let quota = 1e12;
beforeEach(() => {
  vi.stubGlobal('self', { location: { href: 'http://127.0.0.1:4202/' } });
  vi.stubGlobal('caches', fakeCaches());
  vi.stubGlobal('navigator', { storage: { estimate: async () => ({ quota, usage: 0 }) }, locks: fakeLocks() });
  quota = 1e12;
});
afterEach(() => vi.unstubAllGlobals());

function serve(status: number, body: Uint8Array | string, type = 'application/octet-stream') {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const fetchMock = vi.fn(async () => new Response(bytes as BodyInit, { status, headers: { 'content-type': type, 'content-length': String(bytes.length) } }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('Model Loader (GGUF download, validation, cache)', () => {
  it('downloads with progress, validates, caches, then serves from the cache without the network', async () => {
    const file = tinyGguf();
    const fetchMock = serve(200, file);
    const progress: number[] = [];
    const blob = await fetchGguf('/models/t.gguf', { onProgress: (p) => p.fraction !== null && progress.push(p.fraction) });
    expect(blob.size).toBe(file.length);
    expect(keptInMemory(blob)).toBe(false);
    expect(progress.at(-1)).toBe(1);
    expect(await listCachedModels()).toEqual([{ cache: GGUF_CACHE, url: 'http://127.0.0.1:4202/models/t.gguf', bytes: file.length }]);
    await fetchGguf('/models/t.gguf');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(await deleteCachedModel('http://127.0.0.1:4202/models/t.gguf')).toBe(true);
    expect(await listCachedModels()).toEqual([]);
  });

  it('404 → ModelNotFoundError; a web page instead of the file → ModelNotFoundError', async () => {
    serve(404, 'Not Found', 'text/plain');
    await expect(fetchGguf('/models/missing.gguf')).rejects.toMatchObject({ name: 'ModelNotFoundError', fields: { status: 404 } });
    serve(200, '<!doctype html><title>app</title>', 'text/html');
    await expect(fetchGguf('/models/missing.gguf')).rejects.toMatchObject({ name: 'ModelNotFoundError' });
  });

  it('a truncated or foreign file → ModelCorruptError, and nothing is cached', async () => {
    serve(200, tinyGguf().slice(0, 5000));
    await expect(fetchGguf('/models/cut.gguf')).rejects.toMatchObject({ name: 'ModelCorruptError' });
    serve(200, 'PK\u0003\u0004 a zip, not a model');
    await expect(fetchGguf('/models/zip.gguf')).rejects.toMatchObject({ name: 'ModelCorruptError' });
    expect(await listCachedModels()).toEqual([]);
  });

  it('a download larger than the free quota is refused before it starts → StorageQuotaError', async () => {
    quota = 1000;
    serve(200, tinyGguf());
    await expect(fetchGguf('/models/big.gguf')).rejects.toMatchObject({ name: 'StorageQuotaError' });
  });

  it("an unreachable host → RemoteUnreachableError in plain words, not fetch's own", async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const err = await fetchGguf('http://10.0.0.1/m.gguf').catch((e: Error) => e);
    expect(err).toMatchObject({ name: 'RemoteUnreachableError', message: expect.stringContaining('The server at http://10.0.0.1 could not be reached (no connection)') });
    expect((err as Error).message).not.toContain('Failed to fetch');
  });

  it('a cached file the browser can no longer read (NotReadableError) is fetched again, not passed on', async () => {
    const file = tinyGguf();
    const fetchMock = serve(200, file);
    await fetchGguf('/models/t.gguf');
    // Site data cleared under the entry: its Response is still listed, its body's file is gone.
    const real = caches as unknown as ReturnType<typeof fakeCaches>;
    let unreadable = true;
    vi.stubGlobal('caches', {
      ...real,
      open: async (name: string) => {
        const c = await real.open(name);
        return { ...c, match: async (req: string) => (unreadable && (await c.match(req)) ? ((unreadable = false), { blob: async () => Promise.reject(new DOMException('The requested file could not be read', 'NotReadableError')) }) : c.match(req)) };
      },
    });
    const blob = await fetchGguf('/models/t.gguf');
    expect(blob.size).toBe(file.length);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(await isCached('/models/t.gguf')).toBe(true);
  });

  it('a body shorter than its Content-Length → ModelCorruptError saying how short, nothing cached', async () => {
    const file = tinyGguf();
    vi.stubGlobal('fetch', vi.fn(async () => new Response(file.slice(0, 3000), { headers: { 'content-length': String(file.length) } })));
    await expect(fetchGguf('/models/short.gguf')).rejects.toMatchObject({ name: 'ModelCorruptError', message: expect.stringContaining(`download broke off after 0.0 MB (got 3000 of ${file.length} bytes); try again`) });
    expect(await listCachedModels()).toEqual([]);
  });
});

/**
 * A server whose body the test controls: `first` bytes at once, the rest when `finish()` is called
 * (or an error when `breakOff()` is). Like a real fetch, aborting the request errors the body.
 */
function gatedServer(file: Uint8Array, first = 4096) {
  let body!: ReadableStreamDefaultController<Uint8Array>;
  const seen: RequestInit[] = [];
  const fetchMock = vi.fn(async (_url: string, init: RequestInit = {}) => {
    seen.push(init);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        body = c;
        c.enqueue(file.slice(0, first));
      },
    });
    init.signal?.addEventListener('abort', () => body.error(new DOMException('The user aborted a request.', 'AbortError')));
    return new Response(stream, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(file.length) } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetchMock,
    seen,
    finish: () => (body.enqueue(file.slice(first)), body.close()),
    breakOff: () => body.error(new TypeError('network error')),
  };
}

/** Lets the pending promise callbacks (stream pumps, lock grants) run. */
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('Model Loader: one shared download, streamed into the cache', () => {
  it('two members asking for one URL at once → one network fetch; the second waits, then reads the cache', async () => {
    const file = tinyGguf();
    const server = gatedServer(file);
    const waiting: string[] = [];
    const a = fetchGguf('/models/t.gguf');
    const b = fetchGguf('/models/t.gguf', { onProgress: (p) => waiting.push(p.text) });
    await settle();
    server.finish();
    const [blobA, blobB] = await Promise.all([a, b]);
    expect(server.fetchMock).toHaveBeenCalledTimes(1);
    expect(blobA.size).toBe(file.length);
    expect(blobB.size).toBe(file.length);
    expect(waiting[0]).toMatch(/^Waiting for another member's download/);
    expect(waiting.at(-1)).toMatch(/downloaded by another member/);
  });

  it("bypasses the browser's HTTP cache (a concurrent reader of a big file there fails with a network error)", async () => {
    const server = gatedServer(tinyGguf());
    const p = fetchGguf('/models/t.gguf');
    await settle();
    server.finish();
    await p;
    expect(server.seen[0].cache).toBe('no-store');
  });

  it('streams into cache.put while the body is still arriving (the file is not collected first)', async () => {
    const server = gatedServer(tinyGguf());
    const cache = await caches.open(GGUF_CACHE);
    const put = vi.spyOn(cache, 'put');
    vi.spyOn(caches, 'open').mockResolvedValue(cache);
    const p = fetchGguf('/models/t.gguf');
    await settle();
    expect(put).toHaveBeenCalledTimes(1); // the body is still open: only `first` bytes have arrived
    expect(put.mock.calls[0][1].body).toBeInstanceOf(ReadableStream);
    server.finish();
    await p;
    expect(await isCached('/models/t.gguf')).toBe(true);
  });

  it('cancelled mid-download → AbortedError("download cancelled"), nothing in the cache', async () => {
    gatedServer(tinyGguf());
    const ctrl = new AbortController();
    const p = fetchGguf('/models/t.gguf', { signal: ctrl.signal });
    await settle();
    ctrl.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortedError', fields: { detail: 'download cancelled' } });
    await settle();
    expect(await isCached('/models/t.gguf')).toBe(false);
    expect(await listCachedModels()).toEqual([]);
  });

  it("a download that breaks off → ModelCorruptError in plain words (not the browser's 'network error'), nothing in the cache", async () => {
    const server = gatedServer(tinyGguf());
    const p = fetchGguf('/models/t.gguf');
    await settle();
    server.breakOff();
    await expect(p).rejects.toMatchObject({ name: 'ModelCorruptError', message: expect.stringContaining('download broke off after 0.0 MB (the connection closed); try again') });
    expect(await listCachedModels()).toEqual([]);
  });

  it('cancelling a waiter leaves the shared download running for the other', async () => {
    const file = tinyGguf();
    const server = gatedServer(file);
    const holder = fetchGguf('/models/t.gguf');
    const ctrl = new AbortController();
    const waiter = fetchGguf('/models/t.gguf', { signal: ctrl.signal });
    await settle();
    ctrl.abort();
    await expect(waiter).rejects.toMatchObject({ name: 'AbortedError' });
    server.finish();
    expect((await holder).size).toBe(file.length);
    expect(server.fetchMock).toHaveBeenCalledTimes(1);
  });

  it('cancelling the holder while another member waits: the holder stops at once, the download finishes for the waiter', async () => {
    const file = tinyGguf();
    const server = gatedServer(file);
    const ctrl = new AbortController();
    const holder = fetchGguf('/models/t.gguf', { signal: ctrl.signal });
    const waiter = fetchGguf('/models/t.gguf');
    await settle();
    ctrl.abort();
    await expect(holder).rejects.toMatchObject({ name: 'AbortedError' });
    await settle();
    server.finish();
    expect((await waiter).size).toBe(file.length);
    expect(server.fetchMock).toHaveBeenCalledTimes(1);
  });

  it('without the Cache API the file is read into memory and nothing is shared or stored', async () => {
    vi.stubGlobal('caches', undefined);
    const file = tinyGguf();
    serve(200, file);
    expect((await fetchGguf('/models/t.gguf')).size).toBe(file.length);
    expect(await isCached('/models/t.gguf')).toBe(false);
  });
});

describe('Model Loader: sizes and quota while streaming', () => {
  it('the browser refusing the write for quota → StorageQuotaError, nothing in the cache', async () => {
    serve(200, tinyGguf());
    const cache = await caches.open(GGUF_CACHE);
    vi.spyOn(cache, 'put').mockImplementation(async (_url, res: Response) => {
      await res.body?.cancel();
      throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    });
    vi.spyOn(caches, 'open').mockResolvedValue(cache);
    await expect(fetchGguf('/models/t.gguf')).rejects.toMatchObject({ name: 'StorageQuotaError' });
    expect(await isCached('/models/t.gguf')).toBe(false);
  });

  it("the browser refusing the write for its own reason (a private window's memory) → the file is downloaded again and loaded from memory, nothing cached, and it says so", async () => {
    const file = tinyGguf();
    const fetchMock = serve(200, file);
    const cache = await caches.open(GGUF_CACHE);
    // As Chromium's private windows did with an 800 MB GGUF: the whole body read, then refused.
    vi.spyOn(cache, 'put').mockImplementation(async (_url, res: Response) => {
      await res.arrayBuffer();
      throw new DOMException("Failed to execute 'put' on 'Cache': Unexpected internal error.", 'UnknownError');
    });
    vi.spyOn(caches, 'open').mockResolvedValue(cache);
    const texts: string[] = [];
    const blob = await fetchGguf('/models/t.gguf', { onProgress: (p) => texts.push(p.text) });
    expect(blob.size).toBe(file.length);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(await isCached('/models/t.gguf')).toBe(false);
    expect(texts.some((t) => /again, to keep in memory \(this browser would not store the file\)$/.test(t))).toBe(true);
    expect(texts.at(-1)).toBe(`Downloaded and checked; ${KEPT_IN_MEMORY}`);
    expect(texts.join(' ')).not.toMatch(/Unexpected internal error|Failed to execute/);
    expect(keptInMemory(blob)).toBe(true); // (the engine says so with its load, and the member card keeps it)
  });

  it('a refusal is remembered: the next member loads straight into memory, one download, the cache not asked again', async () => {
    const file = tinyGguf();
    const fetchMock = serve(200, file);
    const open = caches.open.bind(caches);
    const cache = await open(GGUF_CACHE);
    const put = vi.spyOn(cache, 'put').mockImplementation(async (_url, res: Response) => {
      await res.arrayBuffer();
      throw new DOMException('Unexpected internal error.', 'UnknownError');
    });
    vi.spyOn(caches, 'open').mockImplementation(async (name: string) => (name === GGUF_CACHE ? cache : open(name)));
    expect((await fetchGguf('/models/t.gguf')).size).toBe(file.length);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    const texts: string[] = [];
    expect((await fetchGguf('/models/t.gguf', { onProgress: (p) => texts.push(p.text) })).size).toBe(file.length);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(put).toHaveBeenCalledTimes(1);
    expect(texts.at(-1)).toBe(`Downloaded and checked; ${KEPT_IN_MEMORY}`);
    expect(await listCachedModels()).toEqual([]); // the note is not a model on this device
    // A day later the browser is asked again.
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + REFUSAL_MEMORY_MS + 1);
    await fetchGguf('/models/t.gguf');
    expect(put).toHaveBeenCalledTimes(2);
  });

  it("a network failure the browser reports through put (Chromium's NetworkError) is a broken-off download, not a refusal: no second download", async () => {
    const fetchMock = serve(200, tinyGguf());
    const cache = await caches.open(GGUF_CACHE);
    vi.spyOn(cache, 'put').mockImplementation(async (_url, res: Response) => {
      await res.body?.cancel();
      throw new DOMException('Cache.put() encountered a network error', 'NetworkError');
    });
    vi.spyOn(caches, 'open').mockResolvedValue(cache);
    await expect(fetchGguf('/models/t.gguf')).rejects.toMatchObject({ name: 'ModelCorruptError', message: expect.stringContaining('download broke off after 0.0 MB (the connection closed); try again') });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('a refused write whose second download fails → that failure, named, without the browser text', async () => {
    const file = tinyGguf();
    let calls = 0;
    vi.stubGlobal('fetch', vi.fn(async () => (++calls === 1 ? new Response(file as BodyInit, { headers: { 'content-length': String(file.length) } }) : new Response('gone', { status: 404 }))));
    const cache = await caches.open(GGUF_CACHE);
    vi.spyOn(cache, 'put').mockImplementation(async (_url, res: Response) => {
      await res.arrayBuffer();
      throw new DOMException('Unexpected internal error.', 'UnknownError');
    });
    vi.spyOn(caches, 'open').mockResolvedValue(cache);
    await expect(fetchGguf('/models/t.gguf')).rejects.toMatchObject({ name: 'ModelNotFoundError' });
    expect(await isCached('/models/t.gguf')).toBe(false);
  });

  it('a body that fails with a browser error names no browser text in its ModelCorruptError', async () => {
    vi.stubGlobal('caches', undefined); // (read into memory: the body's own error reaches the loader)
    const body = new ReadableStream<Uint8Array>({ start: (c) => c.error(new DOMException('Unexpected internal error.', 'UnknownError')) });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { headers: { 'content-length': '100' } })));
    await expect(fetchGguf('/models/t.gguf')).rejects.toMatchObject({ name: 'ModelCorruptError', message: expect.stringContaining('download broke off after 0.0 MB (the connection closed); try again') });
  });

  it('a compressed body (no usable Content-Length) shows progress against the catalogue size', async () => {
    const file = tinyGguf();
    vi.stubGlobal('fetch', vi.fn(async () => new Response(file as BodyInit, { headers: { 'content-encoding': 'gzip', 'content-length': '100' } })));
    const totals: (number | null)[] = [];
    await fetchGguf('/models/t.gguf', { sizeHint: file.length, onProgress: (p) => totals.push(p.totalBytes) });
    expect(totals[0]).toBe(file.length);
  });
});
