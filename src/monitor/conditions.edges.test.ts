/**
 * Every SPEC §3.2 alert threshold on both sides (mutation testing, issue 15): fps 45/30, frame
 * time 22/33 ms (doubled on Low's 30 fps target), memory 85/95 %, queue 5/15, consensus 2/5 s,
 * efficiency 0.4, time to first token per tier, a lone member's speed below 0.7 × solo.
 */
import { describe, expect, it } from 'vitest';
import type { EvidenceSummary, RequestEvidence } from './evidence';
import { detectConditions, type Condition } from './conditions';
import { member, metrics, request, sample } from './samples.test-util';
import { thresholdsFor } from './thresholds';
import type { MonitorSample } from './sample';

const mid = thresholdsFor('mid');
const low = thresholdsFor('low');
const auto = { autoTuning: true };
const manual = { autoTuning: false };

const idleSummary: EvidenceSummary = { requests: 0, consensusTimeMs: null, efficiency: null, efficiencyRequests: 0 };

/** A sample of a working council with these metrics and this evidence. */
function working(m: Parameters<typeof metrics>[0] = {}, summary: Partial<EvidenceSummary> = {}, requests: RequestEvidence[] = [], at = 10_000): MonitorSample {
  return sample({ at, council: { metrics: metrics({ busy: true, ...m }), working: true, requests, summary: { ...idleSummary, requests: 5, efficiencyRequests: 5, ...summary } } });
}

const one = (s: MonitorSample, type: string, t = mid): Condition | undefined => detectConditions(s, t, auto).find((c) => c.type === type);
const sev = (s: MonitorSample, type: string, t = mid) => one(s, type, t)?.severity ?? null;

describe('UI frames: frame time warning > 22 ms, critical > 33 ms; fps warning < 45, critical < 30', () => {
  it.each([
    [16.7, null], [22, null], [22.1, 'warning'], [33, 'warning'], [33.1, 'critical'],
  ])('frame time %s ms at 60 fps → %s', (frameTimeMs, want) => {
    expect(sev(sample({ fps: 60, frameTimeMs }), 'ui-frames')).toBe(want);
  });

  it.each([
    [60, null], [45, null], [44.9, 'warning'], [30, 'warning'], [29.9, 'critical'],
  ])('%s fps at 16.7 ms → %s', (fps, want) => {
    expect(sev(sample({ fps, frameTimeMs: 16.7 }), 'ui-frames')).toBe(want);
  });

  it('on Low (30 fps target) the lines are 44/66 ms and 22.5/15 fps', () => {
    expect([low.frameTimeWarningMs, low.frameTimeCriticalMs, low.fpsWarning, low.fpsCritical]).toEqual([44, 66, 22.5, 15]);
    expect(sev(sample({ fps: 30, frameTimeMs: 44 }), 'ui-frames', low)).toBe(null);
    expect(sev(sample({ fps: 30, frameTimeMs: 44.1 }), 'ui-frames', low)).toBe('warning');
    expect(sev(sample({ fps: 30, frameTimeMs: 66 }), 'ui-frames', low)).toBe('warning');
    expect(sev(sample({ fps: 30, frameTimeMs: 66.1 }), 'ui-frames', low)).toBe('critical');
    expect(sev(sample({ fps: 22.5, frameTimeMs: 33 }), 'ui-frames', low)).toBe(null);
    expect(sev(sample({ fps: 22.4, frameTimeMs: 33 }), 'ui-frames', low)).toBe('warning');
    expect(sev(sample({ fps: 15, frameTimeMs: 33 }), 'ui-frames', low)).toBe('warning');
    expect(sev(sample({ fps: 14.9, frameTimeMs: 33 }), 'ui-frames', low)).toBe('critical');
  });

  it('says which line was crossed, with the numbers', () => {
    expect(one(sample({ fps: 40, frameTimeMs: 25 }), 'ui-frames')).toMatchObject({
      message: 'UI at 40 fps (frame time 25.0 ms; target 60 fps, warning above 22 ms)',
      value: 25,
      action: 'Lowering UI quality (chart rate, points, animations, token batching); dropping a council member if it persists',
    });
    expect(one(sample({ fps: 20, frameTimeMs: 50 }), 'ui-frames')!.message).toBe('UI at 20 fps (frame time 50.0 ms; target 60 fps, critical above 33 ms)');
    expect(detectConditions(sample({ fps: 20, frameTimeMs: 50 }), mid, manual)[0].action).toBe('Automatic tuning is off: lower the UI quality or stop a council member');
  });

  it('no frames (hidden tab): no frame alert', () => {
    expect(detectConditions(sample({ fps: null, frameTimeMs: 50 }), mid, auto)).toEqual([]);
    expect(detectConditions(sample({ fps: 10, frameTimeMs: null }), mid, auto)).toEqual([]);
  });
});

describe('memory: warning ≥ 85 %, critical ≥ 95 %', () => {
  it.each([
    [0.8499, null], [0.85, 'warning'], [0.9499, 'warning'], [0.95, 'critical'], [1.2, 'critical'],
  ])('%s → %s', (memoryShare, want) => {
    expect(sev(sample({ memoryShare }), 'memory')).toBe(want);
  });

  it('unknown memory raises nothing; the message and the action say what happens', () => {
    expect(detectConditions(sample({ memoryShare: null }), mid, auto)).toEqual([]);
    expect(one(sample({ memoryShare: 0.9 }), 'memory')).toEqual({
      type: 'memory', severity: 'warning', message: 'Memory at 90 % of the budget', value: 0.9,
      action: 'Evicting the least recently used idle models, then swapping in a smaller model',
    });
    expect(detectConditions(sample({ memoryShare: 0.9 }), mid, manual)[0].action).toBe('Automatic tuning is off: unload a model');
  });
});

describe('council signals, only while it works', () => {
  it.each([
    [4, null], [5, 'warning'], [14, 'warning'], [15, 'critical'],
  ])('queue %i → %s', (queueDepth, want) => {
    expect(sev(working({ queueDepth }), 'queue')).toBe(want);
  });

  it('the queue alert names the depth and the remedy', () => {
    expect(one(working({ queueDepth: 7 }), 'queue')).toEqual({
      type: 'queue', severity: 'warning', message: '7 requests waiting in the council queue', value: 7,
      action: 'Enabling early consensus and shorter member timeouts so requests finish sooner',
    });
    expect(detectConditions(working({ queueDepth: 7 }), mid, manual)[0].action).toBe('Automatic tuning is off: cancel low-priority requests');
  });

  it.each([
    [2000, null], [2001, 'warning'], [5000, 'warning'], [5001, 'critical'],
  ])('consensus %i ms → %s', (consensusTimeMs, want) => {
    expect(sev(working({}, { consensusTimeMs }), 'consensus')).toBe(want);
  });

  it('the consensus alert reads per reference answer and names the remedy', () => {
    expect(one(working({}, { consensusTimeMs: 2500, requests: 4 }), 'consensus')).toEqual({
      type: 'consensus', severity: 'warning', value: 2500,
      message: 'Council takes 2.5 s to reach consensus per 64-token answer (median of the last 4 requests)',
      action: 'Enabling early consensus, shortening member timeouts, dropping the slowest member',
    });
    expect(detectConditions(working({}, { consensusTimeMs: 2500 }), mid, manual)[0].action).toBe('Automatic tuning is off: remove the slowest member');
    expect(sev(working({}, { consensusTimeMs: null }), 'consensus')).toBe(null);
  });

  it.each([
    [0.39, 'critical'], [0.4, null], [0.7, null],
  ])('efficiency %s → %s', (efficiency, want) => {
    expect(sev(working({}, { efficiency }), 'efficiency')).toBe(want);
  });

  it('the efficiency alert names the share, the evidence and the restore line', () => {
    expect(one(working({}, { efficiency: 0.3, efficiencyRequests: 3 }), 'efficiency')).toEqual({
      type: 'efficiency', severity: 'critical', value: 0.3,
      message: 'Council efficiency 30 % (median of 3 requests: members slow each other down; below 40 %)',
      action: 'Removing a council member; it comes back when the others run above 70 % of their solo speed',
    });
    expect(detectConditions(working({}, { efficiency: 0.3 }), mid, manual)[0].action).toBe('Automatic tuning is off: remove a member');
    expect(sev(working({}, { efficiency: null }), 'efficiency')).toBe(null);
  });

  it('an idle council or none raises no council alert, whatever its numbers', () => {
    const bad = working({ queueDepth: 20 }, { consensusTimeMs: 9000, efficiency: 0.1 });
    expect(detectConditions(bad, mid, auto).map((c) => c.type)).toEqual(['queue', 'consensus', 'efficiency']);
    expect(detectConditions({ ...bad, council: { ...bad.council!, working: false } }, mid, auto)).toEqual([]);
    expect(detectConditions({ ...bad, council: null }, mid, auto)).toEqual([]);
  });
});

describe('time to first token above the tier target: info', () => {
  it.each([
    ['mid', 1000, null], ['mid', 1001, 'info'], ['high', 500, null], ['high', 501, 'info'], ['low', 1500, null], ['low', 1501, 'info'],
  ] as const)('%s, %i ms → %s', (tier, ttftMs, want) => {
    expect(sev(working({ members: [member('m1', { ttftMs })] }), 'ttft:model-m1', thresholdsFor(tier))).toBe(want);
  });

  it('names the member, the time and the target; unknown time raises nothing', () => {
    expect(one(working({ members: [member('m1', { ttftMs: 1500 })] }), 'ttft:model-m1')).toEqual({
      type: 'ttft:model-m1', severity: 'info', value: 1500,
      message: 'model-m1 took 1.5 s to its first token (target 1 s on mid)',
      action: 'Watching: one slow first token is not a slow member',
    });
    expect(detectConditions(working({ members: [member('m1', { ttftMs: null })] }), mid, auto)).toEqual([]);
  });
});

describe('a member decoding alone below 0.7 × its solo speed: warning', () => {
  const alone = (speed: number, n = 3, at = 10_000): RequestEvidence[] =>
    Array.from({ length: n }, (_, i) => ({ record: request(at - 1000 * (n - i), { members: 1, efficiency: null }), lone: { memberId: 'm1', decodeTokensPerSecond: speed } }));
  const at = (speed: number, solo: number | null, n = 3) =>
    sev(working({ members: [member('m1', { soloTokensPerSecond: solo as number, ttftMs: 100 })] }, {}, alone(speed, n)), 'tps:model-m1');

  it.each([
    [70, 100, null], [69.9, 100, 'warning'], [10, 0, null], [10, null, null],
  ])('%s tok/s alone, solo %s → %s', (speed, solo, want) => {
    expect(at(speed, solo)).toBe(want);
  });

  it('needs 3 requests of evidence', () => {
    expect(at(10, 100, 2)).toBe(null);
  });

  it('names the speeds and the remedy', () => {
    const s = working({ members: [member('m1', { soloTokensPerSecond: 100, ttftMs: 100 })] }, {}, alone(20));
    expect(one(s, 'tps:model-m1')).toEqual({
      type: 'tps:model-m1', severity: 'warning', value: 20,
      message: 'model-m1 decodes 20.0 tok/s alone, below 70 % of its solo 100 tok/s',
      action: 'Fewer threads per member on the CPU; on the GPU a smaller model is proposed for you to accept',
    });
    expect(detectConditions(s, mid, manual)[0].action).toBe('Automatic tuning is off: use a smaller model');
  });
});

describe('thresholdsFor (SPEC §3.2)', () => {
  it('Mid and High: 60 fps, the seed numbers as they are', () => {
    expect(thresholdsFor('mid')).toEqual({
      tier: 'mid', targetFps: 60, frameBudgetMs: 1000 / 60, fpsWarning: 45, fpsCritical: 30, frameTimeWarningMs: 22, frameTimeCriticalMs: 33,
      memoryWarning: 0.85, memoryCritical: 0.95, queueWarning: 5, queueCritical: 15, consensusWarningMs: 2000, consensusCriticalMs: 5000,
      efficiencyCritical: 0.4, efficiencyRestore: 0.7, tokensPerSecondTarget: 80, tokensPerSecondAlertRatio: 0.7, timeToFirstTokenMs: 1000,
    });
    expect(thresholdsFor('high')).toMatchObject({ targetFps: 60, fpsWarning: 45, frameTimeCriticalMs: 33, tokensPerSecondTarget: 200, timeToFirstTokenMs: 500 });
  });

  it('Low: 30 fps target, UI lines scaled by 2', () => {
    expect(thresholdsFor('low')).toMatchObject({ targetFps: 30, frameBudgetMs: 1000 / 30, fpsWarning: 22.5, fpsCritical: 15, frameTimeWarningMs: 44, frameTimeCriticalMs: 66, tokensPerSecondTarget: 30, timeToFirstTokenMs: 1500 });
  });
});
