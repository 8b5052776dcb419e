/**
 * The Quality Scaler's lines on both sides (SPEC §3.3; mutation testing, issue 15), on a 40 ms
 * budget so budget × 1.15 = 46, × 1.5 = 60, × 0.85 = 34 and × 1.05 = 42 are exact: step down above
 * 46 ms over 1 s (above 60 ms: over 0.5 s), or when ≥ 15 % of frames are slow; step up below the
 * threshold with < 5 % slow frames after the dwell; flip-flops within 10 s back off 60 s, doubling
 * up to 10 min, halving after calm 5 minutes.
 */
import { describe, expect, it } from 'vitest';
import { QualityScaler, type QualityDecision } from './quality-scaler';

const B = 40;
const make = (initialLevel = 2, o: Partial<ConstructorParameters<typeof QualityScaler>[0]> = {}) =>
  new QualityScaler({ budgetMs: B, levels: 5, initialLevel, ...o });

/** Frames of the given intervals starting after `t`; returns the time of the last frame. */
function frames(q: QualityScaler, t: number, intervals: number[]): number {
  for (const v of intervals) q.addFrame((t += v), v);
  return t;
}
const times = (n: number, v: number) => Array<number>(n).fill(v);
/** Evaluates every 100 ms in (from, to]; the decisions with their time. */
function evals(q: QualityScaler, from: number, to: number): (QualityDecision & { at: number })[] {
  const out = [];
  for (let t = from + 100; t <= to; t += 100) {
    const d = q.evaluate(t);
    if (d) out.push({ ...d, at: t });
  }
  return out;
}
/** A scaler whose windows start at 0 (its first frame). */
function started(level = 2, o = {}) {
  const q = make(level, o);
  q.addFrame(0, B);
  return q;
}

describe('step down', () => {
  it('nothing to decide before the first frame', () => {
    expect(make().evaluate(5_000)).toBe(null);
  });

  it('mild overshoot (47 ms > 46) is judged on the whole second, not before', () => {
    const q = started();
    frames(q, 0, times(40, 47));
    expect(q.evaluate(999)).toBe(null);
    expect(q.evaluate(1000)).toEqual({ from: 2, to: 1, direction: 'down', meanFrameMs: 47, reason: 'mean frame time 47.0 ms over 1000 ms > 46.0 ms', flipFlop: false });
    expect(q.level).toBe(1);
  });

  it('exactly budget × 1.15 holds', () => {
    const q = started();
    frames(q, 0, times(80, 46));
    expect(evals(q, 0, 3_600)).toEqual([]);
    expect(q.level).toBe(2);
  });

  it('heavy jank (61 ms > 60) is judged on half a second; exactly 60 waits for the second', () => {
    const heavy = started();
    frames(heavy, 0, times(20, 61));
    expect(heavy.evaluate(499)).toBe(null);
    expect(heavy.evaluate(500)).toMatchObject({ to: 1, reason: 'mean frame time 61.0 ms over 500 ms > 46.0 ms' });
    const edge = started();
    frames(edge, 0, times(20, 60));
    expect(edge.evaluate(500)).toBe(null);
    expect(edge.evaluate(900)).toBe(null);
    expect(edge.evaluate(1000)).toMatchObject({ to: 1, reason: 'mean frame time 60.0 ms over 1000 ms > 46.0 ms' });
  });

  it('mild trouble that is over in the latest half second does not step down', () => {
    const q = started();
    const t = frames(q, 0, times(8, 59)); // 472 ms
    frames(q, t, times(30, 44));
    expect(q.evaluate(1000)).toBe(null); // second: ~49.8 ms, its latest half 44 ms
    expect(evals(q, 1000, 1700)).toEqual([]);
  });

  it('unsteady frames (1 in 6 over 1.5 × the median) step down although the mean is fine', () => {
    const q = started();
    frames(q, 0, Array.from({ length: 60 }, (_, i) => (i % 6 === 5 ? 50 : 30)));
    const d = evals(q, 0, 1_000);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ at: 1000, to: 1, reason: 'unsteady frames: 17 % over 1.5 × the median 30.0 ms' });
  });

  it('exactly 15 % slow frames is unsteady; 10 % is not', () => {
    const at15 = started();
    frames(at15, 0, [...times(17, 40), 61, 61, 61]);
    expect(at15.evaluate(1000)).toMatchObject({ direction: 'down', reason: 'unsteady frames: 15 % over 1.5 × the median 40.0 ms' });
    const at10 = started();
    frames(at10, 0, [...times(18, 40), 61, 61]);
    expect(at10.evaluate(1000)).toBe(null);
  });

  it('1 slow frame in 7 (14 %) neither steps down nor lets it step up', () => {
    const q = started();
    frames(q, 0, Array.from({ length: 200 }, (_, i) => (i % 7 === 6 ? 50 : 30)));
    expect(evals(q, 0, 6_000)).toEqual([]);
  });

  it('at the bottom it stays, however bad', () => {
    const q = started(0);
    frames(q, 0, times(100, 90));
    expect(evals(q, 0, 5_000)).toEqual([]);
    expect(q.level).toBe(0);
  });

  it('one long frame (a screen change) among steady ones is left out of the mean', () => {
    const q = started(4);
    const t = frames(q, 0, times(12, 40));
    frames(q, t, [400, ...times(20, 40)]);
    expect(evals(q, 0, 1_300)).toEqual([]);
  });

  it('fewer than 3 frames since the change decide nothing', () => {
    const q = started();
    frames(q, 0, [300, 300]);
    expect(q.evaluate(1000)).toBe(null);
    frames(q, 600, [100, 100]); // (500, 1000] now holds 600, 700, 800
    expect(q.evaluate(1000)).toMatchObject({ direction: 'down', meanFrameMs: 500 / 3 });
  });
});

describe('frames that are not frames', () => {
  it('zero, negative or NaN intervals are ignored', () => {
    const q = make();
    q.addFrame(10, 0);
    q.addFrame(20, -5);
    q.addFrame(30, Number.NaN);
    expect(q.evaluate(5_000)).toBe(null); // no frame yet: windows not started
  });

  it('a gap over 1 s restarts the windows after it; exactly 1 s is a (slow) frame', () => {
    const q = started();
    frames(q, 0, times(10, 40)); // to 400
    q.addFrame(1_400, 1_000); // a 1 s frame counts
    frames(q, 1_400, times(5, 40));
    expect(q.evaluate(1_600)).toMatchObject({ direction: 'down' }); // 1000 ms frame: heavy over 0.5 s
    const g = started();
    frames(g, 0, times(10, 40));
    g.addFrame(1_401, 1_001); // a gap: windows restart at 1401
    frames(g, 1_401, times(10, 40));
    expect(g.evaluate(1_800)).toBe(null);
    expect(g.evaluate(2_400)).toBe(null); // the dwell counts from the end of the gap
    expect(g.evaluate(2_401)).toMatchObject({ direction: 'up', meanFrameMs: 40 });
  });

  it('a gap before the first frame starts the windows at the gap', () => {
    const q = make(2);
    q.addFrame(5_000, 3_000);
    frames(q, 5_000, times(20, 61));
    expect(q.evaluate(5_499)).toBe(null);
    expect(q.evaluate(5_500)).toMatchObject({ direction: 'down' });
  });
});

describe('step up', () => {
  it('steady frames below budget × 0.85 (30 < 34) step up after the 1 s dwell', () => {
    const q = started(2);
    frames(q, 0, times(100, 30));
    expect(q.evaluate(999)).toBe(null);
    expect(q.evaluate(1000)).toEqual({ from: 2, to: 3, direction: 'up', meanFrameMs: 30, reason: 'steady frames: mean 30.0 ms over 1 s < 34.0 ms', flipFlop: false });
  });

  it('display-limited frames (steady at the display interval) step up: below 1.05 × that interval', () => {
    const q = started(2);
    frames(q, 0, times(100, 40)); // steady at the budget, as a 25 Hz display would show it
    expect(q.evaluate(1000)).toMatchObject({ direction: 'up', reason: 'steady frames: mean 40.0 ms over 1 s < 42.0 ms' });
  });

  it('frames steady at the budget only because the level is slow do not step up once faster frames were seen', () => {
    const q = started(2);
    const t = frames(q, 0, times(34, 30)); // the display can do 30 ms
    expect(q.evaluate(1_000)).toMatchObject({ to: 3 });
    frames(q, t, times(7600, 40)); // level 3 runs at 40 ms: not < max(34, 30 × 1.05)
    for (let at = 1_100; at < 301_000; at += 9_900) expect(q.evaluate(at)).toBe(null);
    expect(q.evaluate(301_000)).toBe(null);
    // 5 minutes after 30 ms frames were last seen, 40 ms is taken as the display's interval
    expect(q.evaluate(301_001)).toMatchObject({ from: 3, to: 4, reason: 'steady frames: mean 40.0 ms over 1 s < 42.0 ms' });
  });

  it('at the top it stays', () => {
    const q = started(4);
    frames(q, 0, times(100, 20));
    expect(evals(q, 0, 3_000)).toEqual([]);
  });

  it('5 % slow frames block a step up; fewer do not', () => {
    const blocked = started(2);
    frames(blocked, 0, [...times(37, 25), 40, 40]); // 2 of 39 over 37.5 ms: 5.1 %
    expect(blocked.evaluate(1000)).toBe(null);
    const ok = started(2);
    frames(ok, 0, [...times(38, 25), 40]); // 1 of 39: 2.6 %
    expect(ok.evaluate(1000)).toMatchObject({ direction: 'up' });
  });
});

describe('flip-flops and backoff', () => {
  /** Up at 1000, then heavy jank: the step down comes `after` ms after the step up. */
  function upThenDown(q: QualityScaler, upAt: number, after: number) {
    let t = frames(q, upAt - 1000, times(Math.floor(1000 / 25), 25));
    expect(q.evaluate(upAt)).toMatchObject({ direction: 'up' });
    t = Math.max(t, upAt);
    frames(q, upAt + after - 500, times(10, 61));
    return q.evaluate(upAt + after);
  }

  it('a step down 10 s after a step up is a flip-flop: backoff 60 s, then the step up waits', () => {
    const q = started(2);
    const d = upThenDown(q, 1000, 10_000);
    expect(d).toMatchObject({ from: 3, to: 2, direction: 'down', flipFlop: true });
    expect(q.flipFlops).toBe(1);
    expect(q.backoff).toBe(60_000);
    // smooth again: no step up before dwell + backoff = 61 s after the change
    frames(q, 11_000, times(3000, 25));
    expect(q.evaluate(11_000 + 60_999)).toBe(null);
    expect(q.evaluate(11_000 + 61_000)).toMatchObject({ direction: 'up' });
  });

  it('10.001 s after is not a flip-flop', () => {
    const q = started(2);
    expect(upThenDown(q, 1000, 10_001)).toMatchObject({ direction: 'down', flipFlop: false });
    expect(q.flipFlops).toBe(0);
    expect(q.backoff).toBe(0);
  });

  it('the backoff doubles per flip-flop up to 10 min, and halves after each calm 5 minutes', () => {
    const q = started(2, { firstBackoffMs: 1_000, maxBackoffMs: 3_000 });
    let at = 1000;
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const d = upThenDown(q, at, 2_000);
      expect(d).toMatchObject({ flipFlop: true });
      seen.push(q.backoff);
      at += 2_000 + 1_000 + q.backoff + 1_000; // next up after dwell + backoff
    }
    expect(seen).toEqual([1_000, 2_000, 3_000]);
    const last = at - 1_000 - q.backoff - 1_000; // when the last flip-flop happened
    q.evaluate(last + 299_999);
    expect(q.backoff).toBe(3_000);
    q.evaluate(last + 300_000);
    expect(q.backoff).toBe(1_500);
    q.evaluate(last + 599_999);
    expect(q.backoff).toBe(1_500);
    q.evaluate(last + 600_000);
    expect(q.backoff).toBe(0); // 750 < the first backoff: gone
  });

  it('default backoff: 60 s first, capped at 10 min', () => {
    const q = make();
    expect([q.firstBackoffMs, q.maxBackoffMs, q.flipFlopMs, q.downWindowMs, q.upWindowMs, q.upDwellMs]).toEqual([60_000, 600_000, 10_000, 500, 1000, 1000]);
  });

  it('adopting the same level keeps the step up it followed: a step down is still a flip-flop', () => {
    const q = started(2);
    frames(q, 0, times(40, 25));
    expect(q.evaluate(1000)).toMatchObject({ to: 3 });
    q.adopt(3, 2_000);
    frames(q, 2_000, times(10, 61));
    expect(q.evaluate(2_500)).toMatchObject({ direction: 'down', flipFlop: true });
  });

  it('adopting another level restarts the windows and forgets the step up', () => {
    const q = started(2);
    frames(q, 0, times(40, 25));
    expect(q.evaluate(1000)).toMatchObject({ to: 3 });
    q.adopt(4, 2_000);
    expect(q.level).toBe(4);
    frames(q, 2_000, times(10, 61));
    expect(q.evaluate(2_499)).toBe(null);
    expect(q.evaluate(2_500)).toMatchObject({ from: 4, to: 3, flipFlop: false });
  });
});
