import type { CouncilAnswer, CouncilMetrics } from '../council/types';
import type { LoadAnswer, LoadTarget } from './types';

/** The part of the council the load tester needs (the real `council` satisfies it). */
export interface CouncilLike {
  ask(prompt: string, options: { signal?: AbortSignal; maxTokens?: number; priority?: 'high' | 'normal' | 'low' }): Promise<CouncilAnswer>;
  metrics(): CouncilMetrics;
  members: { state: string }[];
  setQueueLimit?(n: number): void;
}

/** The council's queue bound when nobody changed it (src/council/council.svelte.ts: RequestQueue(32)). */
export const COUNCIL_DEFAULT_QUEUE_LIMIT = 32;

/**
 * Adapts the council (any engines behind it) to a LoadTarget. One council request occupies every
 * member, so the planned capacity is the number of members able to work; a request beyond it waits
 * in the council's queue or is refused with QueueFullError.
 */
export function councilTarget(council: CouncilLike, label = 'council'): LoadTarget {
  const ready = () => council.members.filter((m) => m.state !== 'failed' && m.state !== 'removed').length;
  return {
    label: `${label} (${ready()} member${ready() === 1 ? '' : 's'})`,
    capacity: () => Math.max(1, ready()),
    queueDepth: () => {
      try {
        return council.metrics().queueDepth;
      } catch {
        return 0;
      }
    },
    boundQueue: council.setQueueLimit
      ? (limit) => {
          council.setQueueLimit!(limit);
          return () => council.setQueueLimit!(COUNCIL_DEFAULT_QUEUE_LIMIT);
        }
      : undefined,
    async ask(prompt, { signal, maxTokens }): Promise<LoadAnswer> {
      const answer = await council.ask(prompt, { signal, maxTokens, priority: 'normal' });
      if (answer.aborted) throw Object.assign(new Error('The request was stopped.'), { name: 'AbortError' });
      const tokens = answer.answers.reduce((s, a) => s + a.completionTokens, 0);
      const ttfts = answer.answers.map((a) => a.ttftMs).filter((x): x is number => x !== null);
      return {
        tokens,
        ttftMs: ttfts.length ? Math.min(...ttfts) : null,
        queuedMs: answer.queuedMs,
        tokenTimes: answer.answers.flatMap((a) => a.tokenTimes),
        memberFailures: answer.failures.length,
        empty: answer.answers.length === 0,
      };
    },
  };
}
