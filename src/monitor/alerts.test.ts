import { describe, expect, it } from 'vitest';
import { AlertManager, COOLDOWN_MS } from './alerts';
import { detectConditions, type Condition } from './conditions';
import { CouncilScenario, member, request, sample as snapshot } from './samples.test-util';
import { thresholdsFor } from './thresholds';

const warn = (type = 'queue'): Condition => ({ type, severity: 'warning', message: 'queue long', action: 'doing x', value: 6 });
const crit = (type = 'queue'): Condition => ({ ...warn(type), severity: 'critical', value: 20 });
const info = (type = 'note'): Condition => ({ ...warn(type), severity: 'info' });

describe('detectConditions (SPEC §3.2 thresholds)', () => {
  const mid = thresholdsFor('mid');
  const types = (s: ReturnType<typeof snapshot>) => Object.fromEntries(detectConditions(s, mid, { autoTuning: true }).map((c) => [c.type, c.severity]));
  it('is quiet when healthy', () => {
    expect(detectConditions(snapshot(), mid, { autoTuning: true })).toEqual([]);
  });
  it('grades frame time and fps', () => {
    expect(detectConditions(snapshot({ fps: 40, frameTimeMs: 25 }), mid, { autoTuning: true })[0].severity).toBe('warning');
    expect(detectConditions(snapshot({ fps: 20, frameTimeMs: 50 }), mid, { autoTuning: true })[0].severity).toBe('critical');
  });
  it('scales the UI thresholds to the 30 fps target on Low', () => {
    const low = thresholdsFor('low');
    expect(detectConditions(snapshot({ fps: 30, frameTimeMs: 33.3 }), low, { autoTuning: true })).toEqual([]);
    expect(detectConditions(snapshot({ fps: 30, frameTimeMs: 33.3 }), mid, { autoTuning: true })[0].severity).toBe('critical');
  });

  it('grades memory, queue, consensus and efficiency from the evidence of finished requests while the council works', () => {
    const c = new CouncilScenario();
    for (let i = 1; i <= 3; i++) c.finish(request(i * 1_000, { consensusTimeMs: 2_500, completionTokens: 128, efficiency: 0.3 }));
    const s = c.step(3_100, { busy: true, queueDepth: 6 }, { memoryShare: 0.96 });
    expect(types(s)).toEqual({ memory: 'critical', queue: 'warning', consensus: 'warning', efficiency: 'critical' });
  });

  it('is quiet about the council while it is idle: only memory and frames count then', () => {
    const c = new CouncilScenario();
    for (let i = 1; i <= 3; i++) c.finish(request(i * 1_000, { consensusTimeMs: 9_000, efficiency: 0.1 }));
    c.step(3_000, { busy: true });
    expect(types(c.step(10_000, {}, { memoryShare: 0.9 }))).toEqual({ memory: 'warning' });
  });

  it('does not compare concurrent speed with solo speed: a healthy 2-member council is quiet', () => {
    const c = new CouncilScenario();
    for (let i = 1; i <= 5; i++) c.finish(request(i * 1_000, { efficiency: 0.85 }));
    const generating = [member('m1', { state: 'generating', tokensPerSecond: 20, soloTokensPerSecond: 50 }), member('m2', { state: 'generating', tokensPerSecond: 0 })];
    expect(detectConditions(c.step(5_100, { busy: true, members: generating }), mid, { autoTuning: true })).toEqual([]);
  });

  it('warns about a member that decodes slowly alone (3 requests, prefill excluded)', () => {
    const c = new CouncilScenario();
    const alone = { members: [member('m1', { soloTokensPerSecond: 100, ttftMs: 200 })] };
    for (let i = 1; i <= 3; i++) {
      c.finish(request(i * 3_000, { members: 1, efficiency: null, consensusTimeMs: 2_200, completionTokens: 41 })); // 20 tok/s
      c.step(i * 3_000, { ...alone, busy: true });
    }
    expect(types(c.step(9_100, { ...alone, busy: true }))).toMatchObject({ 'tps:model-m1': 'warning' });
  });

  it('notes a slow first token as info only', () => {
    const c = new CouncilScenario();
    const s = c.step(100, { busy: true, members: [member('m1', { ttftMs: 1500 })] });
    expect(detectConditions(s, mid, { autoTuning: true })).toMatchObject([{ type: 'ttft:model-m1', severity: 'info' }]);
    expect(detectConditions(s, thresholdsFor('low'), { autoTuning: true })).toEqual([]); // Low allows 1.5 s
  });

  it('says so when automatic tuning is off', () => {
    const [c] = detectConditions(snapshot({ fps: 20, frameTimeMs: 50 }), mid, { autoTuning: false });
    expect(c.action).toMatch(/Automatic tuning is off/);
  });
});

describe('AlertManager', () => {
  it('auto-dismisses info after 10 s and warning after 30 s; critical stays', () => {
    const m = new AlertManager();
    m.update([info('a'), warn('b'), crit('c')], 0);
    m.update([], 9_999);
    expect(m.active().map((a) => a.type)).toEqual(['a', 'b', 'c']);
    m.update([], 10_000);
    expect(m.active().map((a) => a.type)).toEqual(['b', 'c']);
    m.update([], 30_000);
    expect(m.active().map((a) => a.type)).toEqual(['c']);
    m.update([], 3_600_000);
    expect(m.active().map((a) => a.type)).toEqual(['c']);
    m.dismiss(m.active()[0].id, 3_600_001);
    expect(m.active()).toEqual([]);
  });

  it('keeps one alert per type while the condition persists', () => {
    const m = new AlertManager();
    for (let t = 0; t < 5_000; t += 100) m.update([warn()], t);
    expect(m.alerts).toHaveLength(1);
  });

  it('cools down for 5 min per type', () => {
    const m = new AlertManager();
    m.update([warn()], 0);
    m.update([], 40_000); // cleared, auto-dismissed
    m.update([warn()], 60_000); // repeat inside cooldown: no new alert
    expect(m.alerts).toHaveLength(1);
    m.update([], 61_000);
    m.update([warn()], COOLDOWN_MS + 70_000); // new episode after the cooldown
    expect(m.alerts).toHaveLength(2);
    expect(m.alerts[1].occurrences).toBe(1);
  });

  it('lets a more severe alert through the cooldown', () => {
    const m = new AlertManager();
    m.update([warn()], 0);
    m.update([], 31_000);
    m.update([crit()], 32_000);
    expect(m.alerts.map((a) => a.severity)).toEqual(['warning', 'critical']);
  });

  it('escalates a warning to critical on the 3rd repeat', () => {
    const m = new AlertManager();
    // Episodes: a condition gone for EPISODE_GAP_MS (5 s) has cleared; back, it is a repeat.
    m.update([warn()], 0);
    m.update([], 1_000);
    m.update([warn()], 6_000);
    m.update([], 7_000);
    expect(m.alerts).toHaveLength(1);
    m.update([warn()], 12_000);
    expect(m.alerts).toHaveLength(1); // the open alert is upgraded in place
    expect(m.alerts[0].severity).toBe('critical');
    expect(m.alerts[0].escalated).toBe(true);
    expect(m.alerts[0].message).toMatch(/3rd time/);
    m.update([], 400_000);
    expect(m.active()).toHaveLength(1); // critical: stays until dismissed
  });

  it('escalates a repeat that comes back after the warning was auto-dismissed', () => {
    const m = new AlertManager();
    m.update([warn()], 0);
    m.update([], 1_000);
    m.update([warn()], 6_000);
    m.update([], 40_000);
    expect(m.active()).toHaveLength(0);
    m.update([warn()], 50_000);
    expect(m.active()).toHaveLength(1);
    expect(m.active()[0].severity).toBe('critical');
  });
});
