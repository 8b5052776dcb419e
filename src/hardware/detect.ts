import { DEVICE_MEMORY_CAP_GB, type GpuFacts, type HardwareProfile, type StorageFacts, type UserAgentFacts, type WebGpuStatus } from './profile';

/** Adapter limits that matter for LLM inference (buffer sizes, workgroup sizes). */
export const LIMITS_OF_INTEREST = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Features an LLM engine cares about (shader-f16 for f16 models, timestamp-query for timing …). */
export const FEATURES_OF_INTEREST = ['shader-f16', 'subgroups', 'timestamp-query', 'float32-filterable'] as const;

/** The slice of `navigator` the detector reads; a parameter so tests can hand in any machine. */
export interface DetectEnv {
  gpu?: GPU | undefined;
  hardwareConcurrency?: number;
  deviceMemory?: number;
  storage?: Pick<StorageManager, 'estimate' | 'persisted'>;
  userAgentData?: { brands?: { brand: string; version: string }[]; platform?: string; mobile?: boolean };
  userAgent?: string;
  crossOriginIsolated?: boolean;
}

/** The real browser environment (main thread or worker). */
export function browserEnv(): DetectEnv {
  const nav = globalThis.navigator as Navigator & { deviceMemory?: number; userAgentData?: DetectEnv['userAgentData'] };
  return {
    gpu: nav?.gpu,
    hardwareConcurrency: nav?.hardwareConcurrency,
    deviceMemory: nav?.deviceMemory,
    storage: nav?.storage,
    userAgentData: nav?.userAgentData,
    userAgent: nav?.userAgent ?? '',
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  };
}

/** Facts of a WebGPU adapter, without creating a device (cheap). */
export function adapterFacts(adapter: GPUAdapter): GpuFacts {
  // `info` is the current API; older Chromium had requestAdapterInfo() only (not awaited here: too slow).
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const limits: Record<string, number> = {};
  for (const name of LIMITS_OF_INTEREST) {
    const v = (adapter.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof v === 'number') limits[name] = v;
  }
  const isFallback =
    (info as GPUAdapterInfo & { isFallbackAdapter?: boolean })?.isFallbackAdapter ??
    (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ??
    false;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    // SwiftShader does not always call itself a fallback adapter; its name gives it away.
    isFallbackAdapter: isFallback || /swiftshader/i.test(`${info?.vendor} ${info?.architecture} ${info?.description}`),
    features: [...adapter.features].sort(),
    limits,
  };
}

async function detectGpu(gpu: GPU | undefined): Promise<{ status: WebGpuStatus; note: string; facts: GpuFacts | null }> {
  if (!gpu) return { status: 'no-api', note: 'no WebGPU: this browser has no navigator.gpu', facts: null };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { status: 'no-adapter', note: 'no WebGPU: the browser found no usable GPU adapter', facts: null };
    const facts = adapterFacts(adapter);
    const note = facts.isFallbackAdapter
      ? 'WebGPU available, but only a software adapter (not counted as a GPU)'
      : 'WebGPU available';
    return { status: 'available', note, facts };
  } catch (err) {
    return { status: 'error', note: `no WebGPU: requesting an adapter failed (${(err as Error)?.message ?? err})`, facts: null };
  }
}

async function detectStorage(storage: DetectEnv['storage']): Promise<StorageFacts> {
  if (!storage) return { quotaBytes: null, usageBytes: null, persisted: null };
  const [estimate, persisted] = await Promise.all([
    storage.estimate().catch(() => null),
    storage.persisted ? storage.persisted().catch(() => null) : Promise.resolve(null),
  ]);
  return { quotaBytes: estimate?.quota ?? null, usageBytes: estimate?.usage ?? null, persisted };
}

function detectUserAgent(env: DetectEnv): UserAgentFacts {
  const d = env.userAgentData;
  return {
    brands: d?.brands?.map((b) => `${b.brand} ${b.version}`) ?? [],
    platform: d?.platform ?? null,
    mobile: d?.mobile ?? null,
    userAgent: env.userAgent ?? '',
  };
}

/**
 * Hardware Detector: everything knowable without benchmarks. Creates no GPU device, so it stays
 * well under 100 ms; GPU, storage and navigator facts are gathered concurrently.
 */
export async function detectHardware(env: DetectEnv = browserEnv(), now: () => number = () => performance.now()): Promise<HardwareProfile> {
  const t0 = now();
  const timed = async <T>(p: Promise<T>): Promise<[T, number]> => [await p, now() - t0];
  const [[gpu, gpuMs], [storage, storageMs]] = await Promise.all([timed(detectGpu(env.gpu)), timed(detectStorage(env.storage))]);
  const mem = typeof env.deviceMemory === 'number' && env.deviceMemory > 0 ? env.deviceMemory : null;
  return {
    detectedAt: Date.now(),
    detectionMs: now() - t0,
    detectionParts: { gpuMs, storageMs },
    webgpu: gpu.status,
    webgpuNote: gpu.note,
    gpu: gpu.facts,
    cpuCores: typeof env.hardwareConcurrency === 'number' && env.hardwareConcurrency > 0 ? env.hardwareConcurrency : null,
    deviceMemoryGB: mem,
    deviceMemoryCapped: mem !== null && mem >= DEVICE_MEMORY_CAP_GB,
    storage,
    userAgent: detectUserAgent(env),
    crossOriginIsolated: env.crossOriginIsolated === true,
  };
}
