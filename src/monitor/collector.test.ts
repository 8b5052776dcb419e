import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CouncilMetrics } from '../council/types';
import { MetricsCollector, shareOfBudgets } from './collector';
import { member, metrics, request } from './samples.test-util';

// The collector's browser edges, faked: requestAnimationFrame is driven by hand.
let rafCallbacks: FrameRequestCallback[] = [];
function frame(t: number) {
  const cbs = rafCallbacks;
  rafCallbacks = [];
  cbs.forEach((cb) => cb(t));
}

beforeEach(() => {
  rafCallbacks = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => (rafCallbacks.push(cb), rafCallbacks.length));
  vi.stubGlobal('cancelAnimationFrame', () => undefined);
});
afterEach(() => vi.unstubAllGlobals());

const council = (p: Partial<CouncilMetrics> = {}): CouncilMetrics =>
  metrics({
    members: [member('m1', { state: 'generating', tokensPerSecond: 42, timePerTokenMs: 24 })],
    queueDepth: 3,
    busy: true,
    combinedTokensPerSecond: 42,
    estimatedGpuMemoryBytes: 512 * 2 ** 20,
    recentRequests: [1, 2, 3].map((i) => request(i, { consensusTimeMs: 1500, completionTokens: 64 })),
    ...p,
  });

describe('MetricsCollector', () => {
  it('turns rAF intervals into fps and mean frame time over the last second', () => {
    const frames: number[] = [];
    const c = new MetricsCollector({ metrics: () => null }, (_t, dt) => frames.push(dt));
    c.start();
    for (let t = 0; t <= 1000; t += 20) frame(t); // 50 fps
    const s = c.sample(1000, 1_000_000);
    expect(s.frameTimeMs).toBeCloseTo(20);
    expect(s.fps).toBeCloseTo(50);
    expect(frames).toHaveLength(50);
    expect(c.fps.latest()).toBeCloseTo(50);
    expect(c.time.latest()).toBe(1_000_000);
    expect(s.council).toBeNull();
    c.stop();
  });

  it('reports a frozen main thread as 0 fps with the time since the last frame', () => {
    const c = new MetricsCollector({ metrics: () => null });
    c.start();
    frame(0);
    frame(16);
    c.sample(100, 1);
    for (let i = 2; i <= 11; i++) c.sample(i * 100, i); // a second with no frames at all
    const s = c.sample(1300, 12);
    expect(s.fps).toBe(0);
    expect(s.frameTimeMs).toBeCloseTo(1300 - 16);
    c.stop();
  });

  it('a page hidden for a minute reads no frozen UI when it comes back: the frame window starts again', () => {
    const listeners: (() => void)[] = [];
    const doc = { hidden: false, addEventListener: (_: string, f: () => void) => listeners.push(f), removeEventListener: () => undefined };
    vi.stubGlobal('document', doc);
    const c = new MetricsCollector({ metrics: () => null });
    c.start();
    for (let t = 0; t <= 1000; t += 16) frame(t);
    expect(c.sample(1000, 1).frameTimeMs).toBeCloseTo(16);
    doc.hidden = true;
    listeners.forEach((f) => f());
    for (let i = 1; i <= 600; i++) expect(c.sample(1000 + i * 100, 1 + i).fps).toBeNull(); // a minute hidden: no frames, no reading
    doc.hidden = false;
    listeners.forEach((f) => f());
    expect(c.sample(61_050, 700).fps).toBeNull(); // back, before any frame
    frame(61_060); // the first frame back: its interval (a minute) is not a frame time
    const first = c.sample(61_070, 701);
    expect(first.fps).toBeNull();
    for (let t = 61_076; t <= 62_100; t += 16) frame(t);
    const s = c.sample(62_100, 702);
    expect(s.frameTimeMs).toBeCloseTo(16);
    expect(s.fps).toBeCloseTo(62.5);
    c.stop();
  });

  it('folds the council snapshot and GPU memory share into the sample', () => {
    const c = new MetricsCollector({ metrics: () => council() }, undefined, () => ({ cpu: null, gpu: 1024 * 2 ** 20 }), () => 3);
    c.start();
    const s = c.sample(100, 1);
    expect(s.council?.metrics.queueDepth).toBe(3);
    expect(s.council?.metrics.members[0].tokensPerSecond).toBe(42);
    expect(s.council?.working).toBe(true);
    expect(s.gpuMemoryBytes).toBe(512 * 2 ** 20);
    expect(s.memoryShare).toBeGreaterThanOrEqual(0.5); // GPU 512 of 1024 MiB (heap share, if known, may be higher)
    expect(c.tokensPerSecond.latest()).toBe(42);
    expect(c.consensusS.latest()).toBe(1.5);
    expect(c.quality.latest()).toBe(3);
    expect(c.costMs.length).toBe(1);
    c.stop();
  });

  it('compares each memory with its own limit (never workers with the main heap limit)', () => {
    expect(shareOfBudgets([null, null, null])).toBeNull();
    expect(shareOfBudgets([0.2, 0.5, null])).toBe(0.5);
  });

  it('keeps sampling when the council throws', () => {
    const c = new MetricsCollector({
      metrics: () => {
        throw new Error('not ready');
      },
    });
    c.start();
    expect(c.sample(100, 1).council).toBeNull();
    expect(c.queueDepth.latest()).toBeNaN();
    c.stop();
  });

  it('does not grow: ring buffers stay at their capacity', () => {
    const c = new MetricsCollector({ metrics: () => council() });
    c.start();
    for (let i = 0; i < c.time.capacity + 50; i++) c.sample(i * 100, i);
    expect(c.time.length).toBe(c.time.capacity);
    expect(c.time.latest()).toBe(c.time.capacity + 49);
    c.stop();
  });
});
