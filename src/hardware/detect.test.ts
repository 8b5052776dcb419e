import { describe, expect, it } from 'vitest';
import { detectHardware } from './detect';
import { formatDeviceMemory } from './profile';

const storage = { estimate: async () => ({ quota: 100e9, usage: 1e6 }), persisted: async () => false };

function fakeAdapter(o: { fallback?: boolean; description?: string } = {}) {
  return {
    info: { vendor: 'google', architecture: 'swiftshader', device: '', description: o.description ?? 'SwiftShader Device', isFallbackAdapter: o.fallback ?? true },
    features: new Set(['timestamp-query', 'float32-filterable']),
    limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27, maxComputeWorkgroupStorageSize: 32768, maxComputeInvocationsPerWorkgroup: 256 },
  } as unknown as GPUAdapter;
}

describe('detectHardware', () => {
  it('without navigator.gpu says "no WebGPU" and still reports the rest', async () => {
    const p = await detectHardware({ hardwareConcurrency: 2, deviceMemory: 8, storage, userAgent: 'x', crossOriginIsolated: true });
    expect(p.webgpu).toBe('no-api');
    expect(p.webgpuNote).toMatch(/no WebGPU/);
    expect(p.gpu).toBeNull();
    expect(p.cpuCores).toBe(2);
    expect(p.storage.quotaBytes).toBe(100e9);
    expect(p.crossOriginIsolated).toBe(true);
  });

  it('requestAdapter() → null says "no WebGPU"', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    const p = await detectHardware({ gpu, hardwareConcurrency: 4 });
    expect(p.webgpu).toBe('no-adapter');
    expect(p.webgpuNote).toMatch(/no WebGPU/);
  });

  it('a throwing requestAdapter() is reported, not thrown', async () => {
    const gpu = { requestAdapter: async () => { throw new Error('boom'); } } as unknown as GPU;
    const p = await detectHardware({ gpu });
    expect(p.webgpu).toBe('error');
    expect(p.webgpuNote).toContain('boom');
  });

  it('records adapter info, features and limits; SwiftShader is a fallback even when not flagged', async () => {
    const gpu = { requestAdapter: async () => fakeAdapter({ fallback: false }) } as unknown as GPU;
    const p = await detectHardware({ gpu, deviceMemory: 8 });
    expect(p.webgpu).toBe('available');
    expect(p.gpu!.isFallbackAdapter).toBe(true);
    expect(p.gpu!.features).toEqual(['float32-filterable', 'timestamp-query']);
    expect(p.gpu!.limits.maxStorageBufferBindingSize).toBe(2 ** 27);
    expect(p.webgpuNote).toMatch(/software adapter/);
  });

  it('deviceMemory 8 is the browser cap: shown as "≥ 8 GB"; 4 is shown as 4', async () => {
    const p8 = await detectHardware({ deviceMemory: 8 });
    expect(p8.deviceMemoryCapped).toBe(true);
    expect(formatDeviceMemory(p8)).toBe('≥ 8 GB');
    const p4 = await detectHardware({ deviceMemory: 4 });
    expect(formatDeviceMemory(p4)).toBe('4 GB');
    expect(formatDeviceMemory(await detectHardware({}))).toBe('unknown');
  });
});
