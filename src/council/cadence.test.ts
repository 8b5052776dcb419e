/** Cadence (SPEC §3.5): window edges, stall and burst thresholds on both sides, energy E(t). */
import { describe, expect, it } from 'vitest';
import { BURST_TPS, Cadence, STALL_GAP_MS } from './cadence';

/** One EMA step of E = 0.7·v + 0.3·f (α = 0.35), written out from SPEC §3.5. */
const step = (e: number, v: number, f: number) => e + 0.35 * (0.7 * v + 0.3 * f - e);

describe('Cadence', () => {
  it('the first token has no delta and no time per token; count follows tokens', () => {
    const c = new Cadence();
    expect(c.count).toBe(0);
    c.add(100);
    expect(c.lastDeltaMs).toBe(null);
    expect(c.count).toBe(1);
    expect(c.timePerTokenMs()).toBe(null);
    c.add(130, 3);
    expect(c.count).toBe(4);
    expect(c.lastDeltaMs).toBe(30);
  });

  it('time per token: two tokens are enough; the mean is over the last 16 only', () => {
    const c = new Cadence();
    c.add(0);
    c.add(30);
    expect(c.timePerTokenMs()).toBe(30);
    const d = new Cadence();
    let t = 0;
    for (let i = 0; i < 5; i++) d.add((t += 500)); // slow start, outside the last 16
    for (let i = 0; i < 16; i++) d.add((t += 10));
    expect(d.timePerTokenMs()).toBe(10);
  });

  it('tokens/s counts the tokens of the last window, its start edge included', () => {
    const c = new Cadence();
    c.add(0);
    c.add(1000);
    expect(c.tokensPerSecond(1000)).toBe(2); // now − t = 1000 is inside the 1 s window
    expect(c.tokensPerSecond(1001)).toBe(1);
    expect(c.tokensPerSecond(2001)).toBe(0);
    const w = new Cadence(500);
    w.add(0, 3);
    expect(w.tokensPerSecond(100)).toBe(6);
  });

  it(`stall needs two gaps in a row above ${STALL_GAP_MS} ms; a gap of exactly ${STALL_GAP_MS} ms is not one`, () => {
    const c = new Cadence();
    c.add(0);
    c.add(STALL_GAP_MS);
    c.add(2 * STALL_GAP_MS);
    expect(c.stalled()).toBe(false);
    c.add(3 * STALL_GAP_MS + 1);
    expect(c.stalled()).toBe(false); // one gap over
    c.add(4 * STALL_GAP_MS + 2);
    expect(c.stalled()).toBe(true);
    c.add(4 * STALL_GAP_MS + 12); // a quick token ends the stall
    expect(c.stalled()).toBe(false);
  });

  it(`burst is above ${BURST_TPS} tok/s, not at it`, () => {
    const c = new Cadence();
    for (let i = 0; i < BURST_TPS; i++) c.add(i * 10);
    expect(c.tokensPerSecond(500)).toBe(BURST_TPS);
    expect(c.burst(500)).toBe(false);
    c.add(200);
    expect(c.burst(500)).toBe(true);
  });

  it('energy follows E = 0.7·v + 0.3·f with EMA α = 0.35, v and f clamped to [0, 1]', () => {
    const c = new Cadence();
    expect(c.energy).toBe(0);
    c.add(0); // 1 tok/s, no gap yet: v = 0.05, f = 1
    let e = step(0, 0.05, 1);
    expect(c.energy).toBeCloseTo(e, 12);
    c.add(1500); // gap 1500 ms: f = 1 − clamp(1100/1100) = 0; 1 tok in the window
    e = step(e, 0.05, 0);
    expect(c.energy).toBeCloseTo(e, 12);
    c.add(1950); // gap 450 ms: f = 1 − 50/1100; 2 tok in the window
    e = step(e, 0.1, 1 - 50 / 1100);
    expect(c.energy).toBeCloseTo(e, 12);
    c.add(5000); // gap 3050 ms: f clamps at 0
    e = step(e, 0.05, 0);
    expect(c.energy).toBeCloseTo(e, 12);
    c.add(5010, 40); // 41 tok/s: v clamps at 1; gap 10 ms: f clamps at 1
    e = step(e, 1, 1);
    expect(c.energy).toBeCloseTo(e, 12);
    for (let i = 1; i <= 30; i++) c.add(5010 + i * 10, 5);
    expect(c.energy).toBeGreaterThan(0.99);
    expect(c.energy).toBeLessThanOrEqual(1);
  });

  it('keeps at most 4096 timestamps: over that it drops back to the newest 2048', () => {
    const c = new Cadence();
    c.add(0, 3000);
    expect(c.count).toBe(3000);
    c.add(1, 1096);
    expect(c.count).toBe(4096);
    c.add(2);
    expect(c.count).toBe(2048);
    expect(c.tokensPerSecond(2)).toBe(2048);
  });

  it('reset forgets tokens, gaps, energy and the last delta', () => {
    const c = new Cadence();
    c.add(0);
    c.add(500);
    c.add(1000);
    expect(c.stalled()).toBe(true);
    c.reset();
    expect(c.count).toBe(0);
    expect(c.stalled()).toBe(false);
    expect(c.energy).toBe(0);
    expect(c.lastDeltaMs).toBe(null);
    c.add(5000);
    expect(c.lastDeltaMs).toBe(null);
    expect(c.tokensPerSecond(5000)).toBe(1);
    c.add(5600);
    expect(c.stalled()).toBe(false); // the gaps before the reset do not count
  });
});
