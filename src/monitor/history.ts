/**
 * Bounded recent history of the monitor in IndexedDB (`metricsHistory`): one record per 10 s window
 * (means of the 100 ms samples), the newest `keep` records kept, older ones deleted.
 */
import { db, newId } from '../store/db';
import type { MetricsCollector } from './collector';
import type { RingBuffer } from './ring-buffer';

export const HISTORY_WINDOW_SAMPLES = 100; // 10 s of 100 ms samples
export const HISTORY_KEEP = 360; // 1 hour

function mean(r: RingBuffer): number | null {
  const v = r.meanLatest(HISTORY_WINDOW_SAMPLES);
  return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null;
}

export function historyRecordOf(c: MetricsCollector, at: number) {
  return {
    id: newId('mh'),
    at,
    metrics: {
      fps: mean(c.fps),
      frameTimeMs: mean(c.frameTimeMs),
      longTasksPerSecond: mean(c.longTasks) === null ? null : mean(c.longTasks)! * 10,
      heapMB: mean(c.heapMB),
      gpuMB: mean(c.gpuMB),
      tokensPerSecond: mean(c.tokensPerSecond),
      queueDepth: mean(c.queueDepth),
      consensusS: mean(c.consensusS),
      efficiency: mean(c.efficiency),
      memoryShare: mean(c.memoryShare),
      quality: mean(c.quality),
      sampleCostMs: mean(c.costMs),
    },
  };
}

export async function flushHistory(c: MetricsCollector, at: number, keep = HISTORY_KEEP): Promise<void> {
  await (await db()).put('metricsHistory', historyRecordOf(c, at));
  await trimStore('metricsHistory', keep);
}

/** Deletes the oldest records (by their `at` index) beyond the newest `keep`. */
export async function trimStore(store: 'metricsHistory' | 'actionLog', keep: number): Promise<void> {
  const d = await db();
  const tx = d.transaction(store, 'readwrite');
  const total = await tx.store.count();
  let excess = total - keep;
  if (excess > 0) {
    let cursor = await tx.store.index('at').openCursor();
    while (cursor && excess > 0) {
      await cursor.delete();
      excess--;
      cursor = await cursor.continue();
    }
  }
  await tx.done;
}
