/**
 * Keeps llama.cpp's compiled code warm for every wllama worker of the page (issue 11, issue 12).
 * V8 shares a wasm module's compiled code between all workers of a page that compile the same
 * bytes, for as long as one of them holds it, and its optimising tier compiles a hot function once
 * it has run enough. When the last holder ends, that work is lost. Measured on the tiny model, in
 * one run, two fresh pages: a worker started after the first one had ended began cold again (201 → 664
 * tok/s over 12 answers); with the page holding the module it was at full speed by its 2nd answer
 * (772–1061). So the page compiles the engine's wasm once and holds it (never instantiates it):
 * members re-added by the optimiser, the councils after the engine probe, and the probe's own
 * later models all start with the code the first one warmed.
 */
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';

let held: Promise<WebAssembly.Module | null> | null = null;

/** Compiles and holds the engine's wasm, once; a failure only means new workers warm up themselves. */
export function holdWllamaCode(): void {
  held ??= WebAssembly.compileStreaming(fetch(wasmUrl)).catch(() => {
    held = null; // try again with the next worker
    return null;
  });
}
