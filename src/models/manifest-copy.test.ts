import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readManifest } from './manifest-copy';

/** One Cache Storage cache backed by a Map (what readManifest uses). */
function fakeCaches() {
  const store = new Map<string, Response>();
  return {
    store,
    open: async () => ({
      match: async (url: string) => store.get(url)?.clone(),
      put: async (url: string, res: Response) => void store.set(url, res),
      delete: async (url: string) => store.delete(url),
    }),
  };
}

const manifest = [{ id: 'wirthforge-tiny', file: 'wirthforge-tiny.gguf', bytes: 383328, params: 95000 }];
let storage: ReturnType<typeof fakeCaches>;
beforeEach(() => {
  storage = fakeCaches();
  vi.stubGlobal('caches', storage);
});
afterEach(() => vi.unstubAllGlobals());

describe('generated models manifest, offline copy', () => {
  it('online: the network answers and a copy is kept; offline: the copy answers', async () => {
    expect(await readManifest(async () => Response.json(manifest))).toEqual(manifest);
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await readManifest(offline)).toEqual(manifest);
  });

  it('a host without generated models (404) answers null and the old copy is forgotten', async () => {
    await readManifest(async () => Response.json(manifest));
    expect(await readManifest(async () => new Response('no', { status: 404 }))).toBeNull();
    expect(storage.store.size).toBe(0);
  });

  it('offline with no copy, or no Cache API at all → null', async () => {
    const offline = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await readManifest(offline)).toBeNull();
    vi.stubGlobal('caches', undefined);
    expect(await readManifest(offline)).toBeNull();
  });
});
