import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from './clock';
import { ScriptedEngine, type EngineScript } from './scripted-engine.test-util';

vi.mock('./model-registry', () => import('./fake-registry.test-util'));
vi.mock('./capacity-feedback', () => import('./fake-registry.test-util'));

const { Council } = await import('./council.svelte');

/**
 * A member added again takes the best clean solo speed the council already measured for the same
 * model, threads and backend (issue 10): the optimiser brings a member back while something
 * outside may still load the CPU, and a solo speed measured then would hide that load.
 * Each engine's measured calibration runs decode at the speed `setSpeed` gives (scripted-engine.test-util.ts).
 */
function setup() {
  let speed: number | (() => number) = 100;
  let warmUps = 0;
  let warmSpeed = (_run: number) => 50;
  const calibrations: string[] = [];
  const c = new Council();
  const script = (modelId: string): EngineScript => ({
    measured: () => (calibrations.push(modelId), typeof speed === 'function' ? speed() : speed),
    warm: () => warmSpeed(warmUps++),
  });
  c.useForTests((kind) => new ScriptedEngine(kind, script), new FakeClock());
  return { c, calibrations, setSpeed: (v: number | (() => number)) => (speed = v), setWarmSpeed: (f: (run: number) => number) => (warmSpeed = f), warmUps: () => warmUps };
}

const solo = (c: InstanceType<typeof Council>, id: string) => c.liveStats(id).soloTokensPerSecond;

describe('a member added again keeps the solo speed measured cleanly before', () => {
  it('takes the known speed without measuring under outside load', async () => {
    const { c, calibrations, setSpeed } = setup();
    const first = await c.addMember('a');
    expect(solo(c, first.id)).toBe(100);
    const measured = calibrations.length;
    await c.removeMember(first.id);
    setSpeed(30); // a CPU hog outside the council: a measurement now would read 30
    const again = await c.addMember('a');
    expect(calibrations.length).toBe(measured);
    expect(solo(c, again.id)).toBe(100);
    expect(again.state).toBe('idle');
  });

  it('another model is still measured', async () => {
    const { c, calibrations } = setup();
    await c.addMember('a');
    const before = calibrations.length;
    const b = await c.addMember('b');
    expect(calibrations.length).toBeGreaterThan(before);
    expect(calibrations.at(-1)).toBe('b');
    expect(solo(c, b.id)).toBe(100);
  });

  it('a twin of the same model in the same council is not measured again', async () => {
    const { c, calibrations, setSpeed } = setup();
    await c.addMember('a');
    const measured = calibrations.length;
    setSpeed(40);
    const twin = await c.addMember('a');
    expect(calibrations.length).toBe(measured);
    expect(solo(c, twin.id)).toBe(100);
  });

  it('a measurement that was not clean (runs far apart) is not remembered: the next member measures again', async () => {
    const { c, calibrations, setSpeed } = setup();
    let flip = false;
    setSpeed(() => ((flip = !flip) ? 100 : 40));
    await c.addMember('a');
    const measured = calibrations.length;
    setSpeed(90);
    const next = await c.addMember('a');
    expect(calibrations.length).toBeGreaterThan(measured);
    expect(solo(c, next.id)).toBe(90);
  });
});

describe('calibration warms a fresh worker up until its speed stops rising', () => {
  it('runs warm-up answers while the speed climbs (the optimising wasm tier arriving), then measures', async () => {
    const { c, setWarmSpeed, warmUps, calibrations } = setup();
    setWarmSpeed((run) => Math.min(100, 30 + 20 * run)); // 30, 50, 70, 90, 100, 100, 100
    await c.addMember('a');
    expect(warmUps()).toBe(7); // rising until 100, then two runs that are not faster
    expect(calibrations.length).toBeGreaterThan(0);
  });
});

