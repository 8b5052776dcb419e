/**
 * How many wasm threads a wllama member gets. More than one needs cross-origin isolation
 * (SharedArrayBuffer); members share the cores, so each gets its slice (at least 1), never more
 * than 4 (llama.cpp decode is memory-bound: extra threads past that mostly contend).
 */
export function chooseThreads(opts: { hardwareConcurrency: number; crossOriginIsolated: boolean; members: number; requested?: number | null }): number {
  if (!opts.crossOriginIsolated) return 1;
  const cores = Math.max(1, Math.floor(opts.hardwareConcurrency || 1));
  if (opts.requested && opts.requested > 0) return Math.max(1, Math.min(cores, Math.floor(opts.requested)));
  return Math.max(1, Math.min(4, Math.floor(cores / Math.max(1, opts.members))));
}
