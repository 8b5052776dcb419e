/**
 * How many wasm threads a wllama member gets. More than one needs cross-origin isolation
 * (SharedArrayBuffer). One core is left for the main thread (the UI, SPEC §3.3); members share
 * the rest, each at least 1 thread and never more than 4 (decode is memory-bound: extra threads
 * mostly contend). Measured on a 2-core machine: 2 threads for one member decoded ~4× slower than
 * 1 thread, because llama.cpp's spinning threads fought the UI and the other workers for the cores.
 */
export function chooseThreads(opts: { hardwareConcurrency: number; crossOriginIsolated: boolean; members: number; requested?: number | null }): number {
  if (!opts.crossOriginIsolated) return 1;
  const cores = Math.max(1, Math.floor(opts.hardwareConcurrency || 1));
  if (opts.requested && opts.requested > 0) return Math.max(1, Math.min(cores, Math.floor(opts.requested)));
  return Math.max(1, Math.min(4, Math.floor((cores - 1) / Math.max(1, opts.members))));
}
