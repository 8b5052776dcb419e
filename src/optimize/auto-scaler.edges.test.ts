/** Auto Scaler edges (issue 15): each threshold on both sides, settle time, blocked causes, Low tier. */
import { describe, expect, it } from 'vitest';
import { CouncilScenario, member, request } from '../monitor/samples.test-util';
import { thresholdsFor } from '../monitor/thresholds';
import { AutoScaler, type Restorable } from './auto-scaler';

const mid = thresholdsFor('mid');
const low = thresholdsFor('low');

/** A council of `n` members, working or idle; frames and memory as given per step. */
function council(n: number, working = true) {
  const c = new CouncilScenario();
  return (at: number, frameTimeMs: number | null = 16.7, memoryShare: number | null = null) =>
    c.step(at, { busy: working, members: Array.from({ length: n }, (_, i) => member(`m${i}`, { state: working ? 'generating' : 'idle' })) }, { frameTimeMs, memoryShare });
}

/** Observes every 100 ms from `from` to `to`; the first decision and its time, or null. */
function firstDecision(a: AutoScaler, step: ReturnType<typeof council>, o: { from?: number; to: number; ft?: number | null; mem?: number | null; members?: number; max?: number; restorable?: Restorable | null; tier?: typeof mid; canRemove?: (c: 'frames' | 'efficiency') => boolean }) {
  for (let t = o.from ?? 0; t <= o.to; t += 100) {
    const d = a.observe(step(t, o.ft === undefined ? 16.7 : o.ft, o.mem ?? null), o.tier ?? mid, t, o.members ?? 2, o.max ?? 3, o.restorable ?? null, o.canRemove);
    if (d) return { t, d };
  }
  return null;
}

describe('AutoScaler: removing for frames', () => {
  it('frame time exactly at 1.2 × the budget is not over it; just above is', () => {
    const at = mid.frameBudgetMs * 1.2;
    expect(firstDecision(new AutoScaler(), council(2), { to: 20_000, ft: at })).toBeNull();
    const r = firstDecision(new AutoScaler(), council(2), { to: 20_000, ft: at + 0.01 });
    expect(r?.t).toBe(5_000);
    expect(r?.d).toMatchObject({ direction: 'remove', cause: 'frames' });
    expect(r?.d.reason).toBe('frame time 20.0 ms > 20 ms for 5 s while the council works');
  });

  it('on Low (30 fps) the line is 40 ms', () => {
    expect(firstDecision(new AutoScaler(), council(2), { to: 20_000, ft: 39, tier: low })).toBeNull();
    expect(firstDecision(new AutoScaler(), council(2), { to: 20_000, ft: 41, tier: low })?.d.cause).toBe('frames');
  });

  it('no frame reading is not slow frames', () => {
    expect(firstDecision(new AutoScaler(), council(2), { to: 20_000, ft: null })).toBeNull();
  });

  it('a blocked frames cause is passed over; options change the ratio and the wait', () => {
    expect(firstDecision(new AutoScaler(), council(2), { to: 20_000, ft: 30, canRemove: (c) => c !== 'frames' })).toBeNull();
    const quick = firstDecision(new AutoScaler({ removeAfterMs: 1_000, removeFrameRatio: 2 }), council(2), { to: 20_000, ft: 34 });
    expect(quick?.t).toBe(1_000);
    expect(firstDecision(new AutoScaler({ removeFrameRatio: 2 }), council(2), { to: 20_000, ft: 33 })).toBeNull();
  });

  it('after a decision it waits the settle time (10 s), then may decide again', () => {
    const a = new AutoScaler({ removeAfterMs: 0 });
    const step = council(3);
    expect(a.observe(step(0, 30), mid, 0, 3, 3, null)?.cause).toBe('frames');
    expect(a.observe(step(9_999, 30), mid, 9_999, 3, 3, null)).toBeNull();
    expect(a.observe(step(10_000, 30), mid, 10_000, 3, 3, null)?.cause).toBe('frames');
  });
});

describe('AutoScaler: removing for efficiency', () => {
  const withEfficiency = (e: number) => {
    const c = new CouncilScenario();
    for (let i = 1; i <= 3; i++) c.finish(request(i * 1_000, { efficiency: e }));
    return (t: number) => c.step(t, { busy: true });
  };

  it('exactly 0.4 is not below the line; 0.39 is, and says so', () => {
    expect(new AutoScaler({ settleMs: 0 }).observe(withEfficiency(0.4)(3_100), mid, 3_100, 2, 3, null)).toBeNull();
    const d = new AutoScaler({ settleMs: 0 }).observe(withEfficiency(0.39)(3_100), mid, 3_100, 2, 3, null);
    expect(d).toMatchObject({ direction: 'remove', cause: 'efficiency' });
    expect(d?.reason).toBe('council efficiency 39 % < 40 % (median of 3 requests)');
  });

  it('not with one member, not while idle, not when that cause is blocked', () => {
    expect(new AutoScaler({ settleMs: 0 }).observe(withEfficiency(0.2)(3_100), mid, 3_100, 1, 3, null)).toBeNull();
    expect(new AutoScaler({ settleMs: 0 }).observe(withEfficiency(0.2)(3_100), mid, 3_100, 2, 3, null, (c) => c !== 'efficiency')).toBeNull();
    const c = new CouncilScenario();
    for (let i = 1; i <= 3; i++) c.finish(request(i * 1_000, { efficiency: 0.2 }));
    expect(new AutoScaler({ settleMs: 0 }).observe(c.step(3_100, { busy: false }), mid, 3_100, 2, 3, null)).toBeNull();
  });
});

describe('AutoScaler: adding back', () => {
  const frames: Restorable = { cause: 'frames', speedRatio: null };

  it('frames exactly at 1.1 × the budget are headroom; memory exactly at its warning is not', () => {
    expect(firstDecision(new AutoScaler(), council(2, false), { to: 40_000, ft: mid.frameBudgetMs * 1.1, restorable: frames })?.t).toBe(30_000);
    expect(firstDecision(new AutoScaler(), council(2, false), { to: 40_000, ft: mid.frameBudgetMs * 1.1 + 0.01, restorable: frames })).toBeNull();
    expect(firstDecision(new AutoScaler(), council(2, false), { to: 40_000, mem: 0.85, restorable: frames })).toBeNull();
    expect(firstDecision(new AutoScaler(), council(2, false), { to: 40_000, mem: 0.84, restorable: frames })?.t).toBe(30_000);
    expect(firstDecision(new AutoScaler(), council(2, false), { to: 40_000, ft: null, restorable: frames })).toBeNull();
  });

  it('a broken spell of headroom starts the 30 s again', () => {
    const a = new AutoScaler();
    const step = council(2, false);
    for (let t = 0; t < 20_000; t += 100) expect(a.observe(step(t), mid, t, 2, 3, frames)).toBeNull();
    expect(a.observe(step(20_000, 30), mid, 20_000, 2, 3, frames)).toBeNull();
    expect(firstDecision(a, step, { from: 20_100, to: 60_000, restorable: frames })?.t).toBe(50_100);
  });

  it('after an efficiency removal: a speed ratio of exactly 0.7 is enough, and the reason gives it', () => {
    const r = firstDecision(new AutoScaler(), council(2, false), { to: 40_000, restorable: { cause: 'efficiency', speedRatio: 0.7 } });
    expect(r?.t).toBe(30_000);
    expect(r?.d).toMatchObject({ direction: 'add', cause: 'efficiency' });
    expect(r?.d.reason).toBe('headroom for 30 s (frames on budget, memory fine, members at 70 % of their solo speed); plan allows 3');
    expect(firstDecision(new AutoScaler(), council(2, false), { to: 40_000, restorable: { cause: 'efficiency', speedRatio: 0.69 } })).toBeNull();
    expect(firstDecision(new AutoScaler(), council(2, false), { to: 40_000, restorable: frames })?.d.reason).toBe('headroom for 30 s (frames on budget, memory fine); plan allows 3');
  });

  it('never above the plan; one below it is allowed', () => {
    expect(firstDecision(new AutoScaler(), council(4, false), { to: 40_000, members: 4, max: 3, restorable: frames })).toBeNull();
    expect(firstDecision(new AutoScaler(), council(2, false), { to: 40_000, members: 2, max: 3, restorable: frames })?.d.direction).toBe('add');
  });
});
