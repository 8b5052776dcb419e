/**
 * The browser edge of the GPU Manager: asks WebGPU for an adapter under both power preferences. On
 * a machine with an integrated and a discrete GPU they differ; on one GPU both answer the same
 * adapter, which devices.ts counts once. No device is created (cheap).
 */
import { adapterFacts } from '../hardware/detect';
import type { FoundAdapter, PowerPreference } from './devices';

const PREFERENCES: PowerPreference[] = ['high-performance', 'low-power'];

export async function findAdapters(gpu: GPU | undefined = (globalThis.navigator as Navigator & { gpu?: GPU })?.gpu): Promise<FoundAdapter[]> {
  if (!gpu) return [];
  const ask = async (preference: PowerPreference): Promise<FoundAdapter | null> => {
    try {
      const adapter = await gpu.requestAdapter({ powerPreference: preference });
      return adapter ? { preference, facts: adapterFacts(adapter) } : null;
    } catch {
      return null; // an adapter the browser will not give is one the app cannot use
    }
  };
  return (await Promise.all(PREFERENCES.map(ask))).filter((a): a is FoundAdapter => a !== null);
}
