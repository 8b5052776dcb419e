/**
 * What the Hardware Detector records (seed: Hardware Detection Layer, SPEC §2). Plain data, so it
 * can be stored in IndexedDB, sent across workers and classified in Node tests.
 */
export interface GpuFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software adapter (SwiftShader …): not a GPU for tiering (SPEC §2). */
  isFallbackAdapter: boolean;
  features: string[];
  /** The limits that matter for LLMs: maxBufferSize, maxStorageBufferBindingSize, … */
  limits: Record<string, number>;
}

/** Why there is or is not a usable WebGPU adapter. */
export type WebGpuStatus = 'available' | 'no-api' | 'no-adapter' | 'error';

export interface StorageFacts {
  quotaBytes: number | null;
  usageBytes: number | null;
  persisted: boolean | null;
}

export interface UserAgentFacts {
  brands: string[];
  platform: string | null;
  mobile: boolean | null;
  userAgent: string;
}

export interface HardwareProfile {
  detectedAt: number;
  /** How long detection took (ms): it must stay well under 100 ms. */
  detectionMs: number;
  /** Where the time went (ms): requesting the WebGPU adapter, and the storage estimate (run concurrently). */
  detectionParts?: { gpuMs: number; storageMs: number };
  webgpu: WebGpuStatus;
  /** Plain words about WebGPU: "WebGPU available", "no WebGPU: navigator.gpu is missing" … */
  webgpuNote: string;
  gpu: GpuFacts | null;
  cpuCores: number | null;
  /** navigator.deviceMemory in GB; browsers cap it (at 8 in most), so 8 means "≥ 8". */
  deviceMemoryGB: number | null;
  /** True when deviceMemoryGB is at or above the usual cap of 8 (shown as "≥ 8 GB"): a lower bound. */
  deviceMemoryCapped: boolean;
  storage: StorageFacts;
  userAgent: UserAgentFacts;
  crossOriginIsolated: boolean;
}

/** deviceMemory is rounded and capped at 8 by browsers (Device Memory API). */
export const DEVICE_MEMORY_CAP_GB = 8;

/** Whether the RAM figure a plan uses is assumed: capped by the browser (a lower bound), or not reported at all. */
export function ramAssumed(p: Pick<HardwareProfile, 'deviceMemoryGB' | 'deviceMemoryCapped'>): boolean {
  return p.deviceMemoryGB === null || p.deviceMemoryCapped;
}

/** "≥ 8 GB", "4 GB" or "unknown". */
export function formatDeviceMemory(p: Pick<HardwareProfile, 'deviceMemoryGB' | 'deviceMemoryCapped'>): string {
  if (p.deviceMemoryGB === null) return 'unknown';
  return `${p.deviceMemoryCapped ? '≥ ' : ''}${p.deviceMemoryGB} GB`;
}

/** A real GPU for tiering and planning: an adapter that is not a software fallback. */
export function hasRealGpu(p: Pick<HardwareProfile, 'gpu'>): boolean {
  return p.gpu !== null && !p.gpu.isFallbackAdapter;
}
