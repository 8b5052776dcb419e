import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildHeader, tensorData } from '../../scripts/gguf/gguf-writer.mjs';
import { fetchGguf, listCachedModels, deleteCachedModel, GGUF_CACHE } from './model-cache';

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

let quota = 1e12;
beforeEach(() => {
  vi.stubGlobal('self', { location: { href: 'http://127.0.0.1:4202/' } });
  vi.stubGlobal('caches', fakeCaches());
  vi.stubGlobal('navigator', { storage: { estimate: async () => ({ quota, usage: 0 }) } });
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

  it('an unreachable host → RemoteUnreachableError', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(fetchGguf('http://10.0.0.1/m.gguf')).rejects.toMatchObject({ name: 'RemoteUnreachableError' });
  });
});
