import { createRequire } from 'node:module';

/**
 * A WebGPU device in Node through the `webgpu` npm package (Dawn), for unit tests of the kernels.
 * SwiftShader serves as the adapter when VK_DRIVER_FILES points at its ICD (set here by default
 * when Debian's chromium ships it). Returns null, with the reason, when no adapter is found.
 */
export async function nodeGpuDevice(features: GPUFeatureName[] = []): Promise<{ device: GPUDevice | null; reason: string }> {
  const { existsSync } = await import('node:fs');
  const icd = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (!process.env.VK_DRIVER_FILES && existsSync(icd)) process.env.VK_DRIVER_FILES = icd;
  try {
    const require = createRequire(import.meta.url);
    const { create, globals } = require('webgpu') as { create: (flags: string[]) => GPU; globals: object };
    Object.assign(globalThis, globals);
    const gpu = create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { device: null, reason: 'the webgpu package found no adapter (install chromium for SwiftShader, or set VK_DRIVER_FILES)' };
    // The Dawn instance must outlive its devices: garbage-collected, it hangs or crashes the process.
    (globalThis as { __wirthforgeDawn?: unknown }).__wirthforgeDawn = { gpu, adapter };
    const wanted = features.filter((f) => adapter.features.has(f));
    const device = await adapter.requestDevice({
      requiredFeatures: wanted,
      requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
    });
    return { device, reason: '' };
  } catch (err) {
    return { device: null, reason: `WebGPU in Node failed: ${(err as Error).message}` };
  }
}

/** The Dawn GPU object itself (kept alive), for code that requests its own adapter (the suite). */
export async function nodeGpu(): Promise<GPU | null> {
  const { existsSync } = await import('node:fs');
  const icd = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (!process.env.VK_DRIVER_FILES && existsSync(icd)) process.env.VK_DRIVER_FILES = icd;
  try {
    const require = createRequire(import.meta.url);
    const { create, globals } = require('webgpu') as { create: (flags: string[]) => GPU; globals: object };
    Object.assign(globalThis, globals);
    const gpu = create([]);
    (globalThis as { __wirthforgeDawnGpu?: unknown }).__wirthforgeDawnGpu = gpu;
    return gpu;
  } catch {
    return null;
  }
}
