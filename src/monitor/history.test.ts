import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { db } from '../store/db';
import { MetricsCollector } from './collector';
import { flushHistory, trimStore } from './history';
import { metrics, request } from './samples.test-util';

describe('metrics history in IndexedDB', () => {
  it('writes one averaged record per flush and keeps only the newest', async () => {
    const c = new MetricsCollector({
      metrics: () => metrics({ members: [], queueDepth: 4, combinedTokensPerSecond: 30, recentRequests: [1, 2, 3].map((i) => request(i * 100, { consensusTimeMs: 1200, completionTokens: 64 })) }),
    });
    for (let i = 0; i < 20; i++) c.sample(i * 100, i * 100);
    for (let k = 1; k <= 5; k++) await flushHistory(c, k * 10_000, 3);
    const all = await (await db()).getAllFromIndex('metricsHistory', 'at');
    expect(all.map((r) => r.at)).toEqual([30_000, 40_000, 50_000]);
    expect(all[0].metrics.queueDepth).toBe(4);
    expect(all[0].metrics.consensusS).toBe(1.2);
    expect(all[0].metrics.tokensPerSecond).toBe(30);
    expect(all[0].metrics.fps).toBeNull(); // no frames in Node: stored as unknown, not 0
  });

  it('trims the action log the same way', async () => {
    const d = await db();
    for (let i = 0; i < 6; i++) await d.put('actionLog', { id: `a${i}`, at: i, action: 'x', reason: 'y', outcome: 'kept' });
    await trimStore('actionLog', 2);
    expect((await d.getAll('actionLog')).map((r) => r.id)).toEqual(['a4', 'a5']);
  });
});
