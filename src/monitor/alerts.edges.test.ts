/**
 * The Alert Manager's time lines on both sides (mutation testing, issue 15): info 10 s, warning
 * 30 s, the 5 min cooldown of repeats and of episodes, escalation on the 3rd warning episode only,
 * upgrades in place, the bound on kept alerts, dismissing.
 */
import { describe, expect, it } from 'vitest';
import { AlertManager, COOLDOWN_MS, EPISODE_GAP_MS, ESCALATE_AFTER, INFO_TTL_MS, WARNING_TTL_MS } from './alerts';
import type { Condition, Severity } from './conditions';

const cond = (severity: Severity, type = 'queue', value = 6): Condition => ({ type, severity, message: `${type} ${severity}`, action: `act on ${type}`, value });

describe('AlertManager time lines', () => {
  it('the seed numbers: 10 s, 30 s, 5 min, 3rd time', () => {
    expect([INFO_TTL_MS, WARNING_TTL_MS, COOLDOWN_MS, ESCALATE_AFTER]).toEqual([10_000, 30_000, 300_000, 3]);
  });

  it('a warning shows for 30 s counted from when it was raised, and the dismissal is reported', () => {
    const m = new AlertManager();
    const [a] = m.update([cond('warning')], 1_000);
    expect(m.update([], 30_999)).toEqual([]);
    expect(m.active()).toHaveLength(1);
    expect(m.update([], 31_000)).toEqual([a]);
    expect(a).toMatchObject({ dismissedAt: 31_000, dismissedBy: 'auto' });
    expect(m.update([], 40_000)).toEqual([]); // reported once
  });

  it('an info shows for 10 s even while its condition lasts', () => {
    const m = new AlertManager();
    m.update([cond('info', 'note')], 0);
    m.update([cond('info', 'note')], 9_999);
    expect(m.active()).toHaveLength(1);
    m.update([cond('info', 'note')], 10_000);
    expect(m.active()).toHaveLength(0);
  });

  it('a new alert carries the condition and the episode count', () => {
    const m = new AlertManager();
    const [a] = m.update([cond('warning', 'queue', 7)], 500);
    expect(a).toEqual({
      id: 'alert-1', type: 'queue', severity: 'warning', message: 'queue warning', action: 'act on queue', value: 7,
      raisedAt: 500, lastSeenAt: 500, occurrences: 1, escalated: false, dismissedAt: null, dismissedBy: null,
    });
    const [b] = m.update([cond('warning', 'queue', 7), cond('critical', 'memory')], 600);
    expect(b.id).toBe('alert-2');
    expect(b.type).toBe('memory');
  });

  it('an open alert follows its condition (value, message, action, last seen) without being reported again', () => {
    const m = new AlertManager();
    const [a] = m.update([cond('warning')], 0);
    expect(m.update([{ ...cond('warning', 'queue', 9), message: 'now 9', action: 'other' }], 100)).toEqual([]);
    expect(a).toMatchObject({ value: 9, message: 'now 9', action: 'other', lastSeenAt: 100, raisedAt: 0, severity: 'warning' });
  });

  it('an open warning that turns critical is upgraded in place, reported, and gets its full time again', () => {
    const m = new AlertManager();
    const [a] = m.update([cond('warning')], 0);
    expect(m.update([cond('critical')], 5_000)).toEqual([a]);
    expect(a).toMatchObject({ severity: 'critical', raisedAt: 5_000, escalated: false });
    // back to warning while open: stays critical, not reported
    expect(m.update([cond('warning')], 6_000)).toEqual([]);
    expect(a.severity).toBe('critical');
    expect(m.alerts).toHaveLength(1);
  });

  it('an open info that turns warning is upgraded and then shows 30 s from the upgrade', () => {
    const m = new AlertManager();
    const [a] = m.update([cond('info')], 0);
    m.update([cond('warning')], 8_000);
    expect(a.severity).toBe('warning');
    m.update([], 37_999);
    expect(a.dismissedAt).toBe(null);
    m.update([], 38_000);
    expect(a.dismissedAt).toBe(38_000);
  });
});

describe('cooldown: 5 min per type', () => {
  it('a repeat of the same severity within 5 min of the last raise is not shown; at 5 min it is', () => {
    const m = new AlertManager();
    m.update([cond('warning')], 0);
    m.update([], 100); // cleared
    m.update([], 30_000); // dismissed
    expect(m.update([cond('warning')], COOLDOWN_MS - 1)).toEqual([]);
    m.update([], COOLDOWN_MS - 1 + 100);
    const [again] = m.update([cond('warning')], 2 * COOLDOWN_MS);
    expect(again).toMatchObject({ severity: 'warning', raisedAt: 2 * COOLDOWN_MS });
  });

  it('a raise exactly 5 min after the last one is shown', () => {
    const m = new AlertManager();
    m.update([cond('info', 'note')], 0);
    m.update([], 10_000);
    expect(m.update([cond('info', 'note')], COOLDOWN_MS)).toHaveLength(1);
  });

  it('a less severe repeat within the cooldown is not shown; a more severe one is', () => {
    const m = new AlertManager();
    m.update([cond('warning')], 0);
    m.update([], 30_000);
    expect(m.update([cond('info')], 40_000)).toEqual([]);
    m.update([], 41_000);
    expect(m.update([cond('critical')], 42_000)).toHaveLength(1);
  });

  it('episodes chain while each comes back within 5 min of the previous one', () => {
    const m = new AlertManager();
    m.update([cond('critical')], 0);
    m.update([], 1);
    m.update([cond('critical')], COOLDOWN_MS - 1); // 2nd episode (chained)
    m.update([], COOLDOWN_MS);
    expect(m.alerts[0].occurrences).toBe(2);
    m.update([cond('critical')], 2 * COOLDOWN_MS - 1); // exactly 5 min after the 2nd: a new chain
    expect(m.alerts[0].occurrences).toBe(1);
  });

  it('a condition that persists is one episode, however long', () => {
    const m = new AlertManager();
    for (let t = 0; t <= 20_000; t += 1_000) m.update([cond('critical')], t);
    expect(m.alerts).toHaveLength(1);
    expect(m.alerts[0].occurrences).toBe(1);
  });

  it('types are independent', () => {
    const m = new AlertManager();
    m.update([cond('warning', 'a')], 0);
    m.update([cond('warning', 'a'), cond('warning', 'b')], 100);
    expect(m.alerts.map((x) => x.type)).toEqual(['a', 'b']);
    m.update([cond('warning', 'b')], 200); // a clears, b stays
    m.update([cond('warning', 'b')], 2_700);
    m.update([cond('warning', 'a'), cond('warning', 'b')], 100 + EPISODE_GAP_MS); // a: 2nd episode; b still its 1st
    expect(m.alerts.map((x) => x.occurrences)).toEqual([2, 1]);
  });
});

describe('escalation: a warning on its 3rd episode within the cooldown chain', () => {
  /** Episodes EPISODE_GAP_MS apart (a condition gone for less is the same episode), from `from` on. */
  const episodes = (m: AlertManager, sevs: Severity[], from = 0, step = EPISODE_GAP_MS) =>
    sevs.map((s, i) => {
      const out = m.update([cond(s)], from + 2 * i * step);
      m.update([], from + (2 * i + 1) * step);
      return out;
    });

  it('a condition that flickers across its line (gone for less than EPISODE_GAP_MS) is one episode: it never escalates', () => {
    const m = new AlertManager();
    for (let t = 0; t < 10_000; t += 100) m.update(t % 200 === 0 ? [cond('warning')] : [], t); // 50 crossings
    expect(m.alerts[0]).toMatchObject({ severity: 'warning', occurrences: 1, escalated: false });
    m.update([], 9_900 + EPISODE_GAP_MS - 1);
    m.update([cond('warning')], 9_800 + EPISODE_GAP_MS); // gone for exactly EPISODE_GAP_MS: a new episode
    expect(m.alerts[0]).toMatchObject({ occurrences: 2 });
    m.update([], 9_900 + EPISODE_GAP_MS);
    m.update([cond('warning')], 9_800 + 2 * EPISODE_GAP_MS - 1); // back 1 ms short of it: the same one
    expect(m.alerts[0]).toMatchObject({ severity: 'warning', occurrences: 2 });
  });

  it('2nd time stays a warning; 3rd is critical with the count in words; 4th too', () => {
    const m = new AlertManager();
    episodes(m, ['warning', 'warning']);
    expect(m.alerts[0]).toMatchObject({ severity: 'warning', occurrences: 2, escalated: false, message: 'queue warning' });
    episodes(m, ['warning'], 4 * EPISODE_GAP_MS);
    // the 3rd episode's warning arrives while the first alert is still open: upgraded in place
    expect(m.alerts[0]).toMatchObject({ severity: 'critical', occurrences: 1 + 2, escalated: true, message: 'queue warning — 3rd time in 5 min' });
  });

  it('the 4th time is worded on the open alert; dismissed, a critical repeat waits out the cooldown', () => {
    const m = new AlertManager();
    episodes(m, ['warning', 'warning', 'warning', 'warning']);
    expect(m.alerts).toHaveLength(1);
    expect(m.alerts[0]).toMatchObject({ severity: 'critical', escalated: true, occurrences: 4, message: 'queue warning — 4th time in 5 min' });
    m.dismiss(m.alerts[0].id, 10_000);
    expect(m.update([cond('warning')], 11_000)).toEqual([]);
  });

  it('info and critical conditions are not escalated', () => {
    const infos = new AlertManager();
    episodes(infos, ['info', 'info', 'info']);
    expect(infos.alerts.every((a) => a.severity === 'info' && !a.escalated)).toBe(true);
    const crits = new AlertManager();
    episodes(crits, ['critical', 'critical', 'critical']);
    expect(crits.alerts).toHaveLength(1);
    expect(crits.alerts[0]).toMatchObject({ escalated: false, message: 'queue critical', occurrences: 3 });
  });
});

describe('bound and dismissal', () => {
  it('keeps the newest maxKept alerts', () => {
    const m = new AlertManager(2);
    m.update([cond('critical', 'a'), cond('critical', 'b')], 0);
    expect(m.alerts.map((a) => a.type)).toEqual(['a', 'b']);
    m.update([cond('critical', 'a'), cond('critical', 'b'), cond('critical', 'c')], 100);
    expect(m.alerts.map((a) => a.type)).toEqual(['b', 'c']);
  });

  it('keeps 200 by default', () => {
    const m = new AlertManager();
    m.update(Array.from({ length: 201 }, (_, i) => cond('critical', `t${i}`)), 0);
    expect(m.alerts).toHaveLength(200);
    expect(m.alerts[0].type).toBe('t1');
  });

  it('dismissing is by the person, once; an unknown id changes nothing', () => {
    const m = new AlertManager();
    const [a, b] = m.update([cond('critical', 'a'), cond('warning', 'b')], 0);
    m.dismiss('nope', 1);
    expect(m.active()).toHaveLength(2);
    m.dismiss(a.id, 5);
    expect(a).toMatchObject({ dismissedAt: 5, dismissedBy: 'user' });
    m.dismiss(a.id, 9);
    expect(a.dismissedAt).toBe(5);
    m.update([], 40_000);
    m.dismiss(b.id, 50_000);
    expect(b).toMatchObject({ dismissedAt: 40_000, dismissedBy: 'auto' });
  });
});
