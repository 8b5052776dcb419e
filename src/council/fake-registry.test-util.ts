/**
 * What council unit tests mock `./model-registry` and `./capacity-feedback` with: every model id
 * resolves to a small generated wllama model at once, and measured speeds go nowhere.
 *   vi.mock('./model-registry', () => import('./fake-registry.test-util'));
 */
import type { LoadConfig, ModelDescriptor } from '../engines/engine';

/** What a test says of a model beyond the defaults (its size, its engine), by id. */
export const fakeDescriptors: Record<string, Partial<ModelDescriptor>> = {};

export async function resolveModel(id: string): Promise<{ descriptor: ModelDescriptor; config: LoadConfig }> {
  return {
    descriptor: { id, engine: 'wllama', label: id, paramsBillions: null, bitsPerWeight: null, weightBytes: null, vramRequiredMB: null, contextLength: 512, requiredFeatures: [], url: `/models/${id}.gguf`, source: 'generated', ...fakeDescriptors[id] },
    config: {},
  };
}

export function forgetCatalog(): void {}
export async function reportMeasuredSpeed(): Promise<void> {}
export function reportFirstToken(): void {}
/** The first token the council's tests expect (ms, for the response timer's allowance): none unless a test sets it. */
export const expected = { firstTokenMs: null as number | null, askedForMembers: [] as number[] };
export function expectedFirstTokenMs(_modelId: string, _prompt: string, members: number): number | null {
  expected.askedForMembers.push(members);
  return expected.firstTokenMs;
}
export function recommendedCouncil(): null {
  return null;
}
