import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module (it holds the compiled code in module state). */
async function load() {
  vi.resetModules();
  return import('./wllama-code');
}

afterEach(() => vi.restoreAllMocks());

describe('holding the engine code', () => {
  it('compiles the wasm once however many workers start, and keeps it', async () => {
    const fetch = vi.fn(async () => new Response(''));
    vi.stubGlobal('fetch', fetch);
    const compile = vi.spyOn(WebAssembly, 'compileStreaming').mockResolvedValue({} as WebAssembly.Module);
    const { holdWllamaCode } = await load();
    holdWllamaCode();
    holdWllamaCode();
    await new Promise((r) => setTimeout(r, 0));
    holdWllamaCode();
    expect(compile).toHaveBeenCalledTimes(1);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toMatch(/wllama.*\.wasm/);
    vi.unstubAllGlobals();
  });

  it('a compile that fails is tried again with the next worker (and never throws)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('')));
    const compile = vi.spyOn(WebAssembly, 'compileStreaming').mockRejectedValueOnce(new Error('offline')).mockResolvedValue({} as WebAssembly.Module);
    const { holdWllamaCode } = await load();
    holdWllamaCode();
    await new Promise((r) => setTimeout(r, 0));
    holdWllamaCode();
    expect(compile).toHaveBeenCalledTimes(2);
    vi.unstubAllGlobals();
  });
});
