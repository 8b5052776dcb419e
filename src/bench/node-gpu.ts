import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * The Dawn GPU object of the `webgpu` npm package, for the kernels' unit tests and the Node
 * benchmark. SwiftShader serves as the adapter when VK_DRIVER_FILES points at its ICD (set here by
 * default when Debian's chromium ships it). The object is kept alive on globalThis: garbage-
 * collected, Dawn hangs or crashes the process.
 */
export async function nodeGpu(): Promise<GPU | null> {
  if (!process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) process.env.VK_DRIVER_FILES = SWIFTSHADER_ICD;
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

/** A WebGPU device in Node with the wanted features the adapter has; null, with the reason, when none. */
export async function nodeGpuDevice(features: GPUFeatureName[] = []): Promise<{ device: GPUDevice | null; reason: string }> {
  try {
    const gpu = await nodeGpu();
    if (!gpu) return { device: null, reason: 'the webgpu package could not be loaded' };
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { device: null, reason: 'the webgpu package found no adapter (install chromium for SwiftShader, or set VK_DRIVER_FILES)' };
    (globalThis as { __wirthforgeDawnAdapter?: unknown }).__wirthforgeDawnAdapter = adapter;
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
