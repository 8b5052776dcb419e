/**
 * Healthy means quiet, unhealthy acts (issue 10): the whole loop — frames → collector → alerts →
 * optimiser — on a fake clock, with requests finishing like the council's. Healthy scenarios must
 * raise no warning/critical alert and log no action; unhealthy ones with a real cause must raise
 * the right alert and take the right action, validated, then kept or rolled back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { WORK_GRACE_MS } from '../monitor/evidence';
import { FakeCouncil, Scenario } from './fakes.test-util';

afterEach(() => vi.unstubAllGlobals());

const what = (s: Scenario) => s.actions.map((a) => `${a.outcome}: ${a.action}`);

describe('healthy means quiet', () => {
  it('idle: a council that gave three 200-token answers (~5 s each) and then sits idle for 2 minutes', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A']));
    for (let i = 0; i < 3; i++) await s.ask({ tokens: 200, speed: 45 });
    await s.idle(120_000);
    expect(s.loudAlerts).toEqual([]);
    expect(s.actions).toEqual([]);
    expect(s.council.calls).toEqual([]);
  });

  it('idle after trouble: what happened while it worked is not acted on again and again while it sits idle', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A']));
    await s.idle(3_000);
    for (let i = 0; i < 3; i++) await s.ask({ tokens: 64, speed: 25, ttftMs: 3_000 }); // slow consensus
    await s.idle(WORK_GRACE_MS + 500); // the last request's evidence still counts within the grace
    const calls = s.council.calls.length;
    await s.idle(120_000);
    expect(s.council.calls.length).toBe(calls);
    expect(s.actions.filter((a) => a.outcome === 'applied').length).toBeLessThanOrEqual(1);
  });

  it('long answers with idle gaps for 2 minutes (each ~5 s, well over the 2 s consensus line)', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A']));
    while (s.t < 120_000) {
      await s.ask({ tokens: 200, speed: 45 });
      await s.idle(s.t % 3 === 0 ? 10_000 : 1_000);
    }
    expect(s.loudAlerts).toEqual([]);
    expect(s.actions).toEqual([]);
    expect(s.council.calls).toEqual([]);
  });

  it('many members in prefill (the live window reads 0 tok/s for seconds)', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A', 'A', 'A']));
    for (let i = 0; i < 8; i++) await s.ask({ tokens: 64, speed: 80, ttftMs: 900 });
    await s.idle(10_000);
    expect(s.loudAlerts).toEqual([]);
    expect(s.actions).toEqual([]);
  });

  it('one slow first token among normal requests', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A']));
    await s.idle(3_000);
    await s.ask({ tokens: 64, speed: 45 });
    await s.ask({ tokens: 64, speed: 45, ttftMs: 6_000 });
    await s.ask({ tokens: 64, speed: 45 });
    await s.idle(20_000);
    expect(s.loudAlerts).toEqual([]);
    expect(s.actions).toEqual([]);
  });

  it('moving between screens: one long frame now and then, council working', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A']));
    await s.idle(5_000);
    for (let i = 0; i < 12; i++) {
      s.longFrame(250);
      await s.ask({ tokens: 128, speed: 45 });
      await s.idle(2_000);
    }
    expect(s.loudAlerts).toEqual([]);
    expect(s.actions).toEqual([]);
  });
});

describe('unhealthy with a real cause acts, validates, keeps or rolls back', () => {
  it('contention (a CPU hog): efficiency alert, a member removed and kept; hog gone: the member comes back and stays', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A'], 'wasm-cpu', 1));
    await s.idle(3_000);
    // Hog on: together they decode at 30 % of solo.
    for (let i = 0; i < 4 && s.council.list.length === 2; i++) await s.ask({ tokens: 64, speed: 15 });
    expect(s.loudAlerts.map((a) => [a.type, a.severity])).toContainEqual(['efficiency', 'critical']);
    expect(s.council.calls).toEqual(['remove m1']);
    // Alone, under the same hog, the member gets 40 % of its solo speed from before: better, kept.
    for (let i = 0; i < 6; i++) await s.ask({ tokens: 64, speed: 20 });
    await s.idle(40_000); // still hogged, no new requests: no evidence, nothing comes back
    expect(what(s)).toEqual(['applied: Remove council member A (m1)', 'kept: Remove council member A (m1)']);
    expect(s.council.list).toHaveLength(1);
    // Hog off: the lone member decodes at its old solo speed; after 30 s of headroom it comes back.
    for (let i = 0; i < 30 && s.council.list.length === 1; i++) {
      await s.ask({ tokens: 64, speed: 50 });
      await s.idle(1_000);
    }
    expect(s.council.calls).toEqual(['remove m1', 'add A']);
    for (let i = 0; i < 12; i++) await s.ask({ tokens: 64, speed: 45 });
    expect(what(s).slice(2)).toEqual(['applied: Add council member A back', 'kept: Add council member A back']);
  });

  it('a hog that starves the frames too: the removal for frames is rolled back (it did not cure them), and the efficiency evidence still removes a member, kept', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A'], 'wasm-cpu', 1));
    await s.idle(3_000);
    // Hog on: frames at 50 ms and the members at 30 % of solo while both answer.
    for (let i = 0; i < 12 && !what(s).includes('kept: Remove council member A (m1)') && !what(s).includes('kept: Remove council member A (m3)'); i++) {
      const together = s.council.list.length === 2;
      await s.ask({ tokens: 64, speed: together ? 15 : 20, frameMs: 50 });
    }
    const removals = what(s).filter((w) => w.includes('Remove council member'));
    expect(removals[0]).toBe('applied: Remove council member A (m1)');
    expect(removals).toContain('rolled-back: Remove council member A (m1)');
    expect(removals.at(-1)).toMatch(/^kept: Remove council member A/);
    expect(s.actions.find((a) => a.outcome === 'kept' && a.action.startsWith('Remove'))!.metric).toBe('speedRatio');
    expect(s.council.list).toHaveLength(1);
  });

  it('main-thread jank while the council works: quality steps down at once, then a member is removed and kept once frames recover', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A']));
    await s.idle(4_000);
    await s.ask({ tokens: 280, speed: 45, frameMs: 50 }); // ~6.5 s of 50 ms frames
    expect(s.loudAlerts.some((a) => a.type === 'ui-frames')).toBe(true);
    const first = s.actions.find((a) => a.action.startsWith('Lower UI quality'))!;
    expect(first.at - 4_000).toBeLessThanOrEqual(1_000);
    expect(s.council.calls).toEqual(['remove m1']);
    await s.ask({ tokens: 280, speed: 45 }); // frames recover inside the validation window
    expect(what(s)).toContain('kept: Remove council member A (m1)');
    expect(s.council.calls).toEqual(['remove m1']);
  });

  it('jank that the removal does not cure: the removal is rolled back', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A']));
    await s.idle(4_000);
    await s.ask({ tokens: 600, speed: 45, frameMs: 50 });
    expect(what(s)).toContain('rolled-back: Remove council member A (m1)');
    expect(s.council.calls).toEqual(['remove m1', 'add A']);
  });

  it('jank while the council is idle lowers the UI quality but removes no member (idle members cost no frames)', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'A']));
    await s.idle(4_000);
    s.frameMs = 50;
    await s.idle(20_000);
    expect(s.actions.some((a) => a.action.startsWith('Lower UI quality'))).toBe(true);
    expect(s.council.calls).toEqual([]);
  });

  it('memory pressure (GPU): the least recently used idle model is unloaded, and kept when memory drops', async () => {
    const s = new Scenario(new FakeCouncil(['A', 'B', 'C']));
    s.budgets = { cpu: null, gpu: 1_000 };
    s.gpuBytesPerMember = 300; // 90 % of the budget
    await s.idle(12_000);
    expect(s.loudAlerts.map((a) => a.type)).toContain('memory');
    expect(s.council.calls).toEqual(['remove m1']);
    expect(what(s)).toEqual(['applied: Unload 1 least recently used idle model(s): A', 'kept: Unload 1 least recently used idle model(s): A']);
  });

  it('a slow GPU member alone: a smaller model is proposed with its gain, applied only when accepted', async () => {
    const s = new Scenario(new FakeCouncil(['big']), 50, (id) => (id === 'big' ? { modelId: 'small-q4', predictedTokensPerSecond: 90 } : null));
    await s.idle(3_000);
    for (let i = 0; i < 4; i++) await s.ask({ tokens: 64, speed: 20 });
    expect(s.council.calls).toEqual([]);
    const [p] = s.optimizer.proposals;
    expect(p.what).toBe('Replace big by the smaller / more quantised small-q4');
    expect(p.gain).toMatch(/^predicted 90 tok\/s instead of (19|20)\.\d tok\/s/);
    s.optimizer.accept(p.id);
    await s.idle(200);
    expect(s.council.calls).toEqual(['remove m1', 'add small-q4']);
    expect(s.optimizer.proposals).toEqual([]);
  });

  it('a dismissed proposal is not made again for a while', async () => {
    const s = new Scenario(new FakeCouncil(['big']), 50, () => ({ modelId: 'small', predictedTokensPerSecond: null }));
    await s.idle(3_000);
    for (let i = 0; i < 4; i++) await s.ask({ tokens: 64, speed: 20 });
    s.optimizer.dismiss(s.optimizer.proposals[0].id, s.t);
    for (let i = 0; i < 4; i++) await s.ask({ tokens: 64, speed: 20 });
    expect(s.optimizer.proposals).toEqual([]);
    expect(s.council.calls).toEqual([]);
  });

  it('a slow CPU member alone: fewer threads, from the count the members report; the rollback restores the automatic choice', async () => {
    const s = new Scenario(new FakeCouncil(['A'], 'wasm-cpu-mt', 4));
    await s.idle(3_000);
    for (let i = 0; i < 4; i++) await s.ask({ tokens: 64, speed: 20 });
    // The member is busy: it is reloaded with the new count once its answer ends, never cut short.
    expect(s.council.calls).toEqual(['threads 3', 'reload m1']);
    for (let i = 0; i < 6; i++) await s.ask({ tokens: 64, speed: 20 }); // no better: rolled back
    expect(s.council.calls.slice(0, 4)).toEqual(['threads 3', 'reload m1', 'threads null', 'reload m1']);
    expect(what(s)).toContain('rolled-back: Fewer threads per member 4 → 3 (CPU oversubscribed)');
  });
});
