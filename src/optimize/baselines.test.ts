import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertBaselines } from '../monitor/alert-baselines';
import { detectConditions } from '../monitor/conditions';
import { CouncilScenario, member, request } from '../monitor/samples.test-util';
import { thresholdsFor } from '../monitor/thresholds';
import type { ActionLogRecord } from '../store/schema';
import { BaselineFollower, refreshFromWindow } from './baselines';
import { FakeCouncil, Scenario } from './fakes.test-util';

afterEach(() => vi.unstubAllGlobals());

const mid = thresholdsFor('mid');
const solo50 = [member('m1', { modelId: 'A', soloTokensPerSecond: 50, ttftMs: 300 })];

/** A council of one whose answers (64 tokens, 300 ms to the first) decode at `speeds` tok/s, finishing at `at[i]`. */
function answers(c: CouncilScenario, at: number[], speed: number) {
  let last = null;
  for (const t of at) {
    c.finish(request(t, { members: 1, efficiency: null, completionTokens: 64, consensusTimeMs: 300 + (63 * 1000) / speed }));
    last = c.step(t + 10, { busy: true, members: solo50 });
  }
  return last!;
}

const applied = (at: number): ActionLogRecord => ({ id: 'act-1', at, action: 'Fewer threads per member 2 → 1', reason: 'A decodes slowly', outcome: 'applied', before: 4000, after: null, metric: 'consensusTimeMs' });

describe('baselines follow kept changes (seed: Optimization Pipeline → Update Baselines)', () => {
  it('a kept change refreshes the member speed from its validation window and the log says so', () => {
    const baselines = new AlertBaselines();
    const follower = new BaselineFollower(baselines, 0.7);
    const c = new CouncilScenario();
    answers(c, [1_000, 2_000, 3_000], 20); // before the change: not part of its window
    follower.follow(applied(4_000), null);
    const s = answers(c, [5_000, 6_000, 7_000], 30);
    const kept = follower.follow({ ...applied(4_000), at: 8_000, outcome: 'kept', after: 2400 }, s);
    expect(kept.reason).toBe('A decodes slowly; baseline refreshed: A (m1) alone 50.0 → 30.0 tok/s, alert below 21.0');
    expect(baselines.memberSpeed('m1', 50)).toEqual({ tokensPerSecond: expect.closeTo(30, 6), refreshed: true });
  });

  it('the next alert measures against the new normal: quiet at the kept speed, raised below 0.7 × it', () => {
    const baselines = new AlertBaselines();
    const c = new CouncilScenario();
    const at30 = answers(c, [5_000, 6_000, 7_000], 30);
    // Before any refresh, 30 tok/s alone is below 0.7 × the solo 50: alerted.
    const speedAlerts = (s: typeof at30) => detectConditions(s, mid, { autoTuning: true, baselines }).filter((x) => x.type.startsWith('tps:'));
    expect(speedAlerts(at30).map((x) => x.type)).toEqual(['tps:A']);
    refreshFromWindow(baselines, at30, 4_000, 'Fewer threads');
    expect(speedAlerts(at30)).toEqual([]);
    const at20 = answers(c, [8_000, 9_000, 10_000], 20);
    const [alert] = speedAlerts(at20);
    expect(alert.message).toBe('A decodes 20.0 tok/s alone, below 70 % of its baseline 30.0 tok/s (refreshed after a kept change)');
  });

  it('a rolled-back change refreshes nothing', () => {
    const baselines = new AlertBaselines();
    const follower = new BaselineFollower(baselines, 0.7);
    const c = new CouncilScenario();
    follower.follow(applied(4_000), null);
    const s = answers(c, [5_000, 6_000, 7_000], 30);
    const back = follower.follow({ ...applied(4_000), at: 8_000, outcome: 'rolled-back' }, s);
    expect(back.reason).toBe('A decodes slowly');
    expect(baselines.memberSpeed('m1', 50)).toEqual({ tokensPerSecond: 50, refreshed: false });
  });

  it('fewer than 3 answers inside the window refresh nothing (one answer is not a new normal)', () => {
    const baselines = new AlertBaselines();
    const c = new CouncilScenario();
    answers(c, [1_000, 2_000], 20);
    const s = answers(c, [5_000, 6_000], 30);
    expect(refreshFromWindow(baselines, s, 4_000, 'x')).toEqual([]);
    expect(baselines.refreshed('m1')).toBeNull();
  });

  it('a newer solo speed (the member reloaded and was measured again) wins over a refreshed baseline', () => {
    const baselines = new AlertBaselines();
    baselines.refreshMemberSpeed('m1', { tokensPerSecond: 30, replacesSolo: 50, after: 'x', at: 1 });
    expect(baselines.memberSpeed('m1', 50)?.tokensPerSecond).toBe(30);
    expect(baselines.memberSpeed('m1', 44)).toEqual({ tokensPerSecond: 44, refreshed: false });
  });

  it('through the optimiser: fewer threads kept → the log names the refreshed baseline and the speed alert stays quiet after', async () => {
    const s = new Scenario(new FakeCouncil(['A'], 'wasm-cpu-mt', 4));
    await s.idle(3_000);
    for (let i = 0; i < 4; i++) await s.ask({ tokens: 64, speed: 20 });
    expect(s.council.calls).toEqual(['threads 3', 'reload m1']);
    for (let i = 0; i < 8; i++) await s.ask({ tokens: 64, speed: 30 }); // faster than 20: the change is kept
    const kept = s.actions.find((a) => a.outcome === 'kept' && a.action.startsWith('Fewer threads'));
    expect(kept?.reason).toMatch(/; baseline refreshed: A \(m1\) alone 50\.0 → 3\d\.\d tok\/s, alert below 2\d\.\d$/);
    const alertsBefore = s.loudAlerts.filter((a) => a.type === 'tps:A').map((a) => a.lastSeenAt);
    for (let i = 0; i < 4; i++) await s.ask({ tokens: 64, speed: 30 });
    // The same speed is the new normal: the speed alert is not seen again.
    expect(s.loudAlerts.filter((a) => a.type === 'tps:A').map((a) => a.lastSeenAt)).toEqual(alertsBefore);
  });
});
