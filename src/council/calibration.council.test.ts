import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from './clock';
import { CALIBRATION_MAX_RUNS, soloSpeedText } from './calibration';
import { ScriptedEngine } from './scripted-engine.test-util';

vi.mock('./model-registry', () => import('./fake-registry.test-util'));
vi.mock('./capacity-feedback', () => import('./fake-registry.test-util'));

const { Council } = await import('./council.svelte');

/**
 * Clean calibrations (issue 12) through the council with a fake clock and scripted engines
 * (scripted-engine.test-util.ts): each engine's measured runs report the speeds it is given, its
 * load waits for a gate the test opens, and the log shows what ran at the same time.
 */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

function setup(scripts: Record<string, { speeds: number[]; loaded?: Promise<void> }>) {
  const log: string[] = [];
  const c = new Council();
  c.useForTests((kind) => new ScriptedEngine(kind, (id) => ({ measured: () => scripts[id].speeds.shift() ?? null, loaded: scripts[id].loaded }), log), new FakeClock());
  const solo = (i: number) => c.liveStats(c.members[i].id);
  return { c, log, solo };
}

const settle = () => new Promise((r) => setTimeout(r, 5));
/** Warm-up runs before the measured ones: the scripted engines warm up at a steady speed, warm after three (engines/warm-up.ts). */
const WARM_UP_RUNS = 3;

describe('clean solo-speed calibrations', () => {
  it('waits for the other member to finish loading, and two calibrations never overlap', async () => {
    const slow = gate();
    const { c, log } = setup({ a: { speeds: [100, 101] }, b: { speeds: [80, 81], loaded: slow.opened } });
    const ready = c.setMembers(['a', 'b']);
    await settle();
    expect(log).toContain('a loaded');
    expect(log.filter((l) => l.startsWith('a chat'))).toEqual([]); // b is still loading: a waits
    expect(c.members[0].loadText).toMatch(/Waiting for the other members to load/);
    slow.open();
    await ready;
    const firstChat = log.findIndex((l) => l.endsWith('chat'));
    expect(firstChat).toBeGreaterThan(log.indexOf('b loaded'));
    // Every chat ends before the next starts: nothing else ran during a measured run.
    const chats = log.slice(firstChat);
    for (let i = 0; i < chats.length; i += 2) expect([chats[i].split(' ')[1], chats[i + 1].split(' ')[1]]).toEqual(['chat', 'done']);
    for (let i = 0; i < chats.length; i += 2) expect(chats[i].split(' ')[0]).toBe(chats[i + 1].split(' ')[0]);
  });

  it('repeats measured runs until they agree within 10 %, then stops', async () => {
    const { c, solo, log } = setup({ a: { speeds: [100, 140, 104, 102, 999] } });
    await c.setMembers(['a']);
    // 3 warm-up runs (a steady speed is warm after three) + 100, 140 (CV 24 %) + 104 (CV 19 %) + 102 (CV 17 %): 4 runs, the cap.
    expect(log.filter((l) => l === 'a chat')).toHaveLength(WARM_UP_RUNS + CALIBRATION_MAX_RUNS);
    expect(solo(0).soloTokensPerSecond).toBe(103);
    const { c: c2, solo: solo2, log: log2 } = setup({ a: { speeds: [100, 103, 200] } });
    await c2.setMembers(['a']);
    expect(log2.filter((l) => l === 'a chat')).toHaveLength(WARM_UP_RUNS + 2); // clean after two runs
    expect(solo2(0).soloTokensPerSecond).toBe(101.5);
    expect(solo2(0).soloSpread).toBeLessThanOrEqual(0.1);
    expect(c2.members[0].loadText).toBe('Ready');
  });

  it('a figure that never settles is kept but said to be noisy, with its spread', async () => {
    const { c, solo } = setup({ a: { speeds: [41, 60, 35, 52] } });
    await c.setMembers(['a']);
    expect(solo(0).soloTokensPerSecond).toBe(46.5);
    expect(solo(0).soloSpread).toBeGreaterThan(0.1);
    // What the member card shows: the solo figure marked noisy, and the note stays once the member is idle.
    expect(soloSpeedText(solo(0).soloTokensPerSecond, solo(0).soloSpread)).toBe('46.5 tok/s (noisy: CV 24 %)');
    expect(c.members[0].state).toBe('idle');
    expect(c.members[0].loadText).toMatch(/46\.5 tok\/s was not measured cleanly \(runs spread 24 %\)/);
  });
});
