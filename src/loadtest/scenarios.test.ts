/**
 * The scenario drivers of SPEC §3.7 on a simulated clock (no real time passes): what each submits,
 * how many it keeps in flight, when it stops, how a rejection backs off, and their sizes.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIO_DRIVERS, SCENARIOS, scenarioSize, type ScenarioContext } from './scenarios';
import type { Outcome, ScenarioId } from './types';

interface Sent { tag: string; group: string; maxTokens: number; at: number }

/** A discrete-event simulation: requests take `serviceMs`, sleeps and answers fire in time order. */
class Sim implements ScenarioContext {
  t = 0;
  short = true;
  timeScale = 1;
  readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  readonly sent: Sent[] = [];
  readonly progressLog: [number, string][] = [];
  maxInFlight = 0;
  private events: { at: number; fire: () => void }[] = [];
  private flying = 0;

  constructor(
    readonly capacity: number,
    private readonly serviceMs = 50,
    private readonly outcome: (n: number) => Outcome = () => 'ok',
  ) {}

  submit(tag: string, group: string, maxTokens: number): Promise<Outcome> {
    this.sent.push({ tag, group, maxTokens, at: this.t });
    const n = this.sent.length;
    this.flying++;
    this.maxInFlight = Math.max(this.maxInFlight, this.flying);
    return new Promise((resolve) =>
      this.events.push({ at: this.t + this.serviceMs, fire: () => (this.flying--, resolve(this.outcome(n))) }),
    );
  }
  sleep(ms: number): Promise<void> {
    if (this.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.events.push({ at: this.t + ms, fire: resolve }));
  }
  elapsed() {
    return this.t;
  }
  inFlight() {
    return this.flying;
  }
  progress(fraction: number, text: string) {
    this.progressLog.push([fraction, text]);
  }

  /** Runs a driver to its end, firing events in time order whenever it waits. */
  async run(id: ScenarioId, abortAt = Infinity): Promise<this> {
    let finished = false;
    const done = SCENARIO_DRIVERS[id](this).then(() => (finished = true));
    for (let guard = 0; !finished && guard < 100_000; guard++) {
      await new Promise((r) => setImmediate(r));
      if (finished) break;
      this.events.sort((a, b) => a.at - b.at);
      const e = this.events.shift();
      if (!e) continue;
      this.t = Math.max(this.t, e.at);
      if (this.t >= abortAt && !this.signal.aborted) this.controller.abort();
      e.fire();
    }
    await done;
    return this;
  }
}

describe('scenario sizes', () => {
  it('short and full, durations scaled', () => {
    expect(scenarioSize('S1', true)).toEqual({ durationMs: 6_000, maxTokens: 48 });
    expect(scenarioSize('S1', false, 0.5)).toEqual({ durationMs: 30_000, maxTokens: 256 });
    expect(scenarioSize('S2', true, 2)).toEqual({ bursts: 6, sizes: [1, 2, 5], gapMs: 200, maxTokens: 12 });
    expect(scenarioSize('S2', false)).toEqual({ bursts: 20, sizes: [1, 2, 5], gapMs: 500, maxTokens: 32 });
    expect(scenarioSize('S4', true)).toEqual({ requests: 8, maxTokens: 16 });
    expect(scenarioSize('S4', false)).toEqual({ requests: 100, maxTokens: 64 });
    expect(scenarioSize('S5', true, 0.5)).toEqual({ levels: [1, 1.5, 2, 2.5, 3], stepMs: 1_000, maxTokens: 12 });
    expect(scenarioSize('S5', false)).toEqual({ levels: [1, 1.5, 2, 2.5, 3], stepMs: 15_000, maxTokens: 32 });
  });

  it('every scenario has a driver and a criterion', () => {
    expect(SCENARIOS.map((s) => s.id)).toEqual(['S1', 'S2', 'S4', 'S5']);
    expect(Object.keys(SCENARIO_DRIVERS)).toEqual(['S1', 'S2', 'S4', 'S5']);
  });
});

describe('S1 sustained stream', () => {
  it('keeps capacity in flight until the duration, then waits for every answer', async () => {
    const sim = await new Sim(2, 100).run('S1');
    expect(sim.maxInFlight).toBe(2);
    expect(sim.sent.every((s) => s.group === 'stream' && s.maxTokens === 48)).toBe(true);
    expect(sim.sent.map((s) => s.tag).slice(0, 3)).toEqual(['stream 1', 'stream 2', 'stream 3']);
    expect(Math.max(...sim.sent.map((s) => s.at))).toBeLessThan(6_000);
    expect(sim.sent.length).toBeGreaterThanOrEqual(110); // 2 at a time, ~120 ms each, for 6 s
    expect(sim.inFlight()).toBe(0);
    expect(sim.progressLog[0]).toEqual([0, 'Sustained stream: 0 / 6 s']);
    expect(sim.progressLog.at(-1)).toEqual([1, 'Sustained stream: 6 / 6 s']);
  });

  it('a rejected request backs off 100 ms before the slot is used again', async () => {
    const sim = new Sim(1, 0, () => 'rejected');
    sim.timeScale = 0.05; // 300 ms
    await sim.run('S1');
    const gaps = sim.sent.slice(1).map((s, i) => s.at - sim.sent[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(120);
  });

  it('stops submitting when the run is stopped', async () => {
    const sim = await new Sim(2, 100).run('S1', 1_000);
    expect(Math.max(...sim.sent.map((s) => s.at))).toBeLessThanOrEqual(1_000);
    expect(sim.inFlight()).toBe(0);
  });
});

describe('S2 bursts', () => {
  it('short: 6 bursts of 1, 2, 5, each answered before the gap and the next', async () => {
    const sim = await new Sim(1, 50).run('S2');
    expect(sim.sent.map((s) => s.group).join('')).toBe('12255555' + '12255555');
    expect(sim.sent.slice(0, 3).map((s) => s.tag)).toEqual(['burst 1 (1) #1', 'burst 2 (2) #1', 'burst 2 (2) #2']);
    expect(sim.sent.every((s) => s.maxTokens === 12)).toBe(true);
    // burst 2 starts after burst 1's answer (50 ms) and the 100 ms gap
    expect(sim.sent.map((s) => s.at).slice(0, 4)).toEqual([0, 150, 150, 300]);
    expect(sim.progressLog.map((p) => p[0])).toEqual([0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6]);
    expect(sim.progressLog[2][1]).toBe('Burst 3 of 6: 5 at once');
  });

  it('stops between bursts when the run is stopped', async () => {
    const sim = await new Sim(1, 50).run('S2', 200);
    expect(sim.sent).toHaveLength(3);
  });
});

describe('S4 marathon', () => {
  it('short: exactly 8 requests, capacity at a time, progress counts the settled ones', async () => {
    const sim = await new Sim(3, 40).run('S4');
    expect(sim.sent.map((s) => s.tag)).toEqual(Array.from({ length: 8 }, (_, i) => `request ${i + 1}`));
    expect(sim.sent.every((s) => s.group === 'marathon' && s.maxTokens === 16)).toBe(true);
    expect(sim.maxInFlight).toBe(3);
    expect(sim.progressLog[0]).toEqual([0, 'Marathon: 0 of 8 requests done']);
    expect(sim.inFlight()).toBe(0);
  });
});

describe('S5 overload ramp', () => {
  it('ramps the requests in flight 1× → 3× of capacity in five steps', async () => {
    const sim = new Sim(2, 1_000);
    sim.timeScale = 0.5; // 1 s per level
    await sim.run('S5');
    const groups = [...new Set(sim.sent.map((s) => s.group))];
    expect(groups).toEqual(['1×', '1.5×', '2×', '2.5×', '3×']);
    expect(sim.maxInFlight).toBe(6);
    const inLevel = (g: string) => sim.sent.filter((s) => s.group === g).length;
    expect([inLevel('1×'), inLevel('1.5×'), inLevel('2×'), inLevel('2.5×'), inLevel('3×')]).toEqual([2, 3, 4, 5, 6]);
    expect(sim.sent[0].tag).toBe('level 1× #1');
    expect(Math.max(...sim.sent.map((s) => s.at))).toBeLessThan(5_000);
    expect(sim.progressLog[0]).toEqual([0, 'Overload ramp: 1× capacity (2 in flight)']);
    expect(sim.progressLog.at(-1)![0]).toBe(1);
  });
});

describe('edges (issue 15: mutation testing)', () => {
  it('a rejected slot is used again exactly when its 100 ms back-off ends', async () => {
    const sim = new Sim(1, 0, () => 'rejected');
    sim.timeScale = 0.05;
    await sim.run('S1');
    const gaps = sim.sent.slice(1).map((s, i) => s.at - sim.sent[i].at);
    expect(gaps.length).toBeGreaterThan(1);
    expect(gaps.every((g) => g === 100)).toBe(true);
  });

  it('progress is a fraction of the run: between 0 and 1, rising, through the middle', async () => {
    const check = (log: [number, string][]) => {
      const f = log.map((p) => p[0]);
      expect(f.every((x) => x >= 0 && x <= 1)).toBe(true);
      expect(f.some((x) => x > 0.3 && x < 0.7)).toBe(true);
      expect(f.every((x, i) => i === 0 || x >= f[i - 1])).toBe(true);
    };
    check((await new Sim(2, 100).run('S1')).progressLog);
    const marathon = await new Sim(3, 40).run('S4');
    check(marathon.progressLog);
    expect(marathon.progressLog.every(([f, text]) => text === `Marathon: ${Math.round(f * 8)} of 8 requests done`)).toBe(true);
    const ramp = new Sim(2, 1_000);
    ramp.timeScale = 0.5;
    await ramp.run('S5');
    check(ramp.progressLog);
    expect(ramp.progressLog.every(([, text]) => /^Overload ramp: [\d.]+× capacity \(\d+ in flight\)$/.test(text))).toBe(true);
  });
});
