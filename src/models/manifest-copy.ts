/**
 * The generated models' manifest, kept usable offline: every successful read stores a copy in the
 * Cache API, and when the network is gone (offline reload, server stopped) the copy answers. A copy
 * on first read works even before the service worker controls the page, which runtime caching
 * in the worker would not.
 */
const MANIFEST_CACHE = 'wirthforge-manifest';
export const MANIFEST_URL = '/models/manifest.json';

async function copyCache(): Promise<Cache | null> {
  return typeof caches === 'undefined' ? null : caches.open(MANIFEST_CACHE).catch(() => null);
}

/** The manifest's JSON from the network, else from the last copy; null when neither has it. */
export async function readManifest(fetchFn: typeof fetch = fetch): Promise<unknown> {
  try {
    const res = await fetchFn(MANIFEST_URL, { cache: 'no-cache' });
    if (res.ok) {
      const data: unknown = await res.json();
      await (await copyCache())?.put(MANIFEST_URL, Response.json(data)).catch(() => {});
      return data;
    }
    // 404: this host has no generated models (any more): forget the copy.
    if (res.status === 404) await (await copyCache())?.delete(MANIFEST_URL).catch(() => {});
    return null;
  } catch {
    const copy = await (await copyCache())?.match(MANIFEST_URL);
    return copy ? copy.json().catch(() => null) : null;
  }
}
