import { describe, expect, it } from 'vitest';
import { QualityScaler, type QualityDecision } from './quality-scaler';

const BUDGET = 1000 / 60;

/** A deterministic pseudo-random source so the noisy streams are reproducible. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Feeds frames produced by `interval(t)` for `ms`, evaluating every 100 ms like the collector. */
function run(q: QualityScaler, clock: { t: number }, ms: number, interval: (t: number) => number): QualityDecision[] {
  const out: QualityDecision[] = [];
  const end = clock.t + ms;
  let nextEval = clock.t + 100;
  while (clock.t < end) {
    const dt = interval(clock.t);
    clock.t += dt;
    q.addFrame(clock.t, dt);
    while (nextEval <= clock.t) {
      const d = q.evaluate(nextEval);
      if (d) out.push(d);
      nextEval += 100;
    }
  }
  return out;
}

const scaler = (initialLevel = 4) => new QualityScaler({ budgetMs: BUDGET, levels: 5, initialLevel });

describe('QualityScaler', () => {
  it('holds the level on a smooth 60 Hz stream with vsync noise', () => {
    const q = scaler();
    const r = rng(1);
    const d = run(q, { t: 0 }, 60_000, () => BUDGET + (r() - 0.5) * 2);
    expect(d).toEqual([]);
    expect(q.level).toBe(4);
  });

  it('does not oscillate under noisy frames with occasional dropped frames', () => {
    const q = scaler(2);
    const r = rng(7);
    // Mostly vsync-aligned frames, 3 % of them dropped (33 ms), small jitter.
    const d = run(q, { t: 0 }, 120_000, () => (r() < 0.03 ? 2 * BUDGET : BUDGET + (r() - 0.5) * 3));
    const downs = d.filter((x) => x.direction === 'down').length;
    expect(downs).toBe(0);
    expect(q.level).toBe(4); // it climbs back to full quality and stays there
  });

  it('never flip-flops more than once a minute under heavier noise', () => {
    const q = scaler();
    const r = rng(11);
    // 6 % dropped frames, bursts of 2–3 slow frames now and then: the window sometimes tips over.
    let burst = 0;
    const d = run(q, { t: 0 }, 180_000, () => {
      if (burst > 0) return burst--, 2 * BUDGET;
      if (r() < 0.01) burst = 2;
      return r() < 0.05 ? 2 * BUDGET : BUDGET + (r() - 0.5) * 3;
    });
    expect(q.flipFlops).toBeLessThanOrEqual(3);
    expect(d.length).toBeLessThanOrEqual(12);
  });

  it('steps down under jank within a second and reaches the bottom under sustained jank', () => {
    const q = scaler();
    const clock = { t: 0 };
    run(q, clock, 5_000, () => BUDGET);
    const first = run(q, clock, 1_000, () => 50);
    expect(first.length).toBeGreaterThanOrEqual(1);
    expect(first[0].direction).toBe('down');
    run(q, clock, 3_000, () => 50);
    expect(q.level).toBe(0);
  });

  it('steps back up after recovery', () => {
    const q = scaler();
    const clock = { t: 0 };
    run(q, clock, 4_000, () => 50);
    expect(q.level).toBe(0);
    const ups = run(q, clock, 20_000, () => BUDGET);
    expect(ups.every((x) => x.direction === 'up')).toBe(true);
    expect(q.level).toBe(4);
  });

  it('prefers a steady 30 fps over an unsteady 45–50 fps', () => {
    // Low tier: budget 33.3 ms. Level 2 costs little (steady 30 fps); level 3 makes every third frame slow.
    const q = new QualityScaler({ budgetMs: 1000 / 30, levels: 5, initialLevel: 3 });
    let i = 0;
    const stream = () => (q.level >= 3 ? (i++ % 3 === 0 ? 2 * BUDGET : BUDGET) : 2 * BUDGET);
    const d = run(q, { t: 0 }, 120_000, stream);
    expect(d[0].direction).toBe('down');
    // It settles on the steady level and does not try the unsteady one again.
    expect(d.length).toBe(1);
    expect(q.level).toBe(2);
  });

  it('backs off after a flip-flop so a costly level is not retried at once', () => {
    const q = scaler(3);
    const clock = { t: 0 };
    // Level 4 causes jank, level 3 is smooth.
    const d = run(q, clock, 60_000, () => (q.level === 4 ? 30 : BUDGET));
    const flips = d.filter((x) => x.flipFlop).length;
    expect(flips).toBe(1); // at most one flip-flop a minute
    expect(q.level).toBe(3);
    expect(q.backoff).toBeGreaterThanOrEqual(60_000);
  });

  it('does not count a step down after a level set by hand as a flip-flop', () => {
    const q = scaler(2);
    const clock = { t: 0 };
    const ups = run(q, clock, 1_500, () => BUDGET);
    expect(ups.map((u) => u.to)).toEqual([3]);
    q.adopt(4, clock.t); // the person (or a test) sets full quality
    const d = run(q, clock, 1_000, () => 50);
    expect(d[0].direction).toBe('down');
    expect(d[0].flipFlop).toBe(false);
    expect(q.backoff).toBe(0);
  });

  it('ignores gaps (hidden tab) instead of reading them as jank', () => {
    const q = scaler();
    const clock = { t: 0 };
    run(q, clock, 2_000, () => BUDGET);
    clock.t += 5_000;
    q.addFrame(clock.t, 5_000);
    expect(run(q, clock, 2_000, () => BUDGET)).toEqual([]);
    expect(q.level).toBe(4);
  });
});
