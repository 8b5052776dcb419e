/**
 * Capacity feedback (SPEC §2 "Capacity planning … validation loop"): after each answer the
 * measured decode speed goes back to the planner. The planner's hook `recordMeasuredSpeed` lives
 * in another part of the app; it is looked up at run time so the council works without it.
 */
import type { EngineBackend, ModelDescriptor } from '../engines/engine';

type Recorder = (m: { modelId: string; engine: string; device: string; measuredTokensPerSecond: number }) => unknown;

const modules = import.meta.glob<Record<string, unknown>>(['../capacity/*.ts', '../hardware/*.ts', '!**/*.test.ts']);
let recorder: Promise<Recorder | null> | null = null;

async function findRecorder(): Promise<Recorder | null> {
  for (const load of Object.values(modules)) {
    const mod = await load().catch(() => null);
    const fn = mod?.recordMeasuredSpeed ?? (mod?.hardware as Record<string, unknown> | undefined)?.recordMeasuredSpeed;
    if (typeof fn === 'function') return (m) => (fn as Recorder).call(mod?.hardware ?? mod, m);
  }
  return null;
}

/** Sends one measured decode speed to the capacity planner (if present). Never throws. */
export async function reportMeasuredSpeed(model: ModelDescriptor, backend: EngineBackend, tokensPerSecond: number): Promise<void> {
  try {
    recorder ??= findRecorder();
    const record = await recorder;
    await record?.({ modelId: model.id, engine: model.engine, device: backend === 'webgpu' ? 'gpu' : backend === 'remote' ? 'remote' : 'cpu', measuredTokensPerSecond: tokensPerSecond });
  } catch {
    /* feedback is best-effort: a failure here must not fail an answer */
  }
}
