import * as v from 'valibot';
import { nonNegative, nullableNonNegative, text, timestamp } from './common';

/** HardwareProfile (src/hardware/profile.ts), every field. */
const gpuFacts = v.object({
  vendor: text,
  architecture: text,
  device: text,
  description: text,
  isFallbackAdapter: v.boolean(),
  features: v.array(text),
  limits: v.record(v.string(), nonNegative),
});

export const hardwareProfileSchema = v.object({
  detectedAt: timestamp,
  detectionMs: nonNegative,
  detectionParts: v.optional(v.object({ gpuMs: nonNegative, storageMs: nonNegative })),
  webgpu: v.picklist(['available', 'no-api', 'no-adapter', 'error']),
  webgpuNote: text,
  gpu: v.nullable(gpuFacts),
  cpuCores: nullableNonNegative,
  deviceMemoryGB: nullableNonNegative,
  deviceMemoryCapped: v.boolean(),
  storage: v.object({ quotaBytes: nullableNonNegative, usageBytes: nullableNonNegative, persisted: v.nullable(v.boolean()) }),
  userAgent: v.object({ brands: v.array(text), platform: v.nullable(text), mobile: v.nullable(v.boolean()), userAgent: text }),
  crossOriginIsolated: v.boolean(),
});
