import type { CouncilAnswer } from '../council/types';
import type { ThroughputPoint } from './usl';

/**
 * Measures council throughput at N = 1 … maxN members of one model: for each size the council is
 * rebuilt with N copies of the model, warmed up once, then asked `requests` prompts in a row;
 * throughput = all members' tokens ÷ wall time. The council's previous members are restored after.
 */
export interface ScalableCouncil {
  members: { modelId: string }[];
  setMembers(modelIds: string[]): Promise<void>;
  ask(prompt: string, options: { signal?: AbortSignal; maxTokens?: number }): Promise<CouncilAnswer>;
}

export interface MeasureOptions {
  modelId: string;
  maxN: number;
  requests: number;
  maxTokens: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, text: string) => void;
  onPoint?: (p: ThroughputPoint) => void;
}

export async function measureCouncilScaling(council: ScalableCouncil, o: MeasureOptions): Promise<ThroughputPoint[]> {
  const previous = council.members.map((m) => m.modelId);
  const points: ThroughputPoint[] = [];
  const steps = o.maxN * (o.requests + 1);
  let done = 0;
  try {
    for (let n = 1; n <= o.maxN; n++) {
      o.signal?.throwIfAborted();
      o.onProgress?.(done / steps, `Loading ${n} member${n === 1 ? '' : 's'}…`);
      await council.setMembers(Array.from({ length: n }, () => o.modelId));
      await council.ask('Warm up.', { signal: o.signal, maxTokens: 4 });
      done++;
      for (let r = 0; r < o.requests; r++) {
        o.signal?.throwIfAborted();
        o.onProgress?.(done / steps, `N = ${n}: request ${r + 1} of ${o.requests}`);
        const t0 = performance.now();
        const answer = await council.ask(`Describe scaling test ${r + 1}.`, { signal: o.signal, maxTokens: o.maxTokens });
        const seconds = (performance.now() - t0) / 1000;
        const tokens = answer.answers.reduce((s, a) => s + a.completionTokens, 0);
        if (tokens > 0 && seconds > 0) {
          const p = { n, throughput: tokens / seconds };
          points.push(p);
          o.onPoint?.(p);
        }
        done++;
      }
    }
  } finally {
    if (previous.length) await council.setMembers(previous).catch(() => undefined);
  }
  o.onProgress?.(1, 'Done');
  return points;
}
