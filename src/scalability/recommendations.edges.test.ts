/**
 * Recommendation edges (issue 15): bases and their labels, the knee's "extrapolated" note, the
 * target rule's order and counts, the bandwidth and server rules at their limits, the risks, and
 * what buildRecommendations says is missing. Every fixture is built inside its test.
 */
import { describe, expect, it } from 'vitest';
import {
  bandwidthForCouncil,
  basisText,
  buildRecommendations,
  councilKnee,
  memoryHeadroom,
  modelForTarget,
  planBasis,
  plannedMemory,
  runBasis,
  serversForCouncil,
  throughputFalls,
  weakFit,
  type ScalabilityRun,
} from './recommendations';
import { AT, fitOf, model, mp, planOf, runOf } from './recommendations.test-util';
import { uslThroughput } from './usl';

const sizes = (...ns: number[]) => ns.map((n) => ({ n, throughput: 10 * n }));

describe('bases', () => {
  it('run labels count sizes (1 size, 2 sizes) and name the model when known', () => {
    expect(runBasis(runOf(null, sizes(1, 1))).label).toMatch(/\(1 size, m\)$/);
    expect(runBasis(runOf(null, sizes(1, 2), { modelId: null })).label).toMatch(/\(2 sizes\)$/);
  });

  it('a plan without benchmarks says so; basisText dates runs but not plans, and not undated runs', () => {
    expect(planBasis('low', null).label).toBe('capacity plan (low tier, no benchmarks yet)');
    expect(planBasis('low', null).id).toBe('plan-low-unmeasured');
    const plan = planBasis('mid', AT);
    const run = runBasis(runOf(null, sizes(1, 2)));
    const undated = runBasis(runOf(null, sizes(1, 2), { measuredAt: null }));
    expect(basisText([plan])).toBe(`based on ${plan.label}`);
    expect(basisText([run])).toBe(`based on ${run.label} of 2026-11-29 19:00`);
    expect(basisText([undated, plan])).toBe(`based on ${undated.label} and ${plan.label}`);
  });
});

describe('councilKnee: extrapolated or not', () => {
  it('peak beyond the measured sizes, knee within them: extrapolated', () => {
    // λ = 10, σ = 0.3, κ = 0.02: X = 10, 14.9, 17.4, 18.7, 19.2, 19.4 → peak 6, knee 3 (≥ 90 %).
    const f = fitOf(10, 0.3, 0.02);
    const r = councilKnee(runOf(f, sizes(1, 2, 3, 4)), f)!;
    expect(r.numbers.n).toBe(3);
    expect(r.numbers.peakN).toBe(6);
    expect(r.numbers.throughput).toBeCloseTo(uslThroughput(3, 10, 0.3, 0.02), 9);
    expect(r.text).toMatch(/\(extrapolated: measured up to N = 4\)\.$/);
  });

  it('knee = peak = the largest measured size: the next member is extrapolated', () => {
    // λ = 10, σ = 0, κ = 0.1: X = 10, 16.7, 18.75, 18.2 → peak 3 and knee 3.
    const f = fitOf(10, 0, 0.1);
    const r = councilKnee(runOf(f, sizes(1, 2, 3)), f)!;
    expect(r.numbers.n).toBe(3);
    expect(r.text).toMatch(/extrapolated: measured up to N = 3/);
    const inside = councilKnee(runOf(f, sizes(1, 2, 3, 4)), f)!;
    expect(inside.text).not.toMatch(/extrapolated/);
  });
});

describe('modelForTarget', () => {
  it('among models meeting the target: the most parameters first, then the fastest; exactly the target meets it', () => {
    const plan = planOf('mid', [
      mp(model('small-fast', { paramsBillions: 0.5 }), { predictedTokensPerSecond: 300 }),
      mp(model('big-at-target', { paramsBillions: 3 }), { predictedTokensPerSecond: 80 }),
      mp(model('big-faster', { paramsBillions: 3 }), { predictedTokensPerSecond: 90 }),
      mp(model('unknown-size', { paramsBillions: null }), { predictedTokensPerSecond: 500 }),
    ]);
    const r = modelForTarget(plan, planBasis('mid', AT))!;
    expect(r.rule).toBe('model-meets-target');
    expect(r.text).toMatch(/^big-faster /);
    expect(r.text).toMatch(/ 3 other fitting models also reach it\.$/);
    const two = modelForTarget(planOf('mid', plan.models.slice(1, 3)), planBasis('mid', AT))!;
    expect(two.text).toMatch(/^big-faster .* 1 other fitting model also reaches it\.$/);
    const one = modelForTarget(planOf('mid', plan.models.slice(1, 2)), planBasis('mid', AT))!;
    expect(one.rule).toBe('model-meets-target');
    expect(one.text).not.toMatch(/other fitting/);
    const unsized = modelForTarget(planOf('mid', [mp(model('a', { paramsBillions: null }), { predictedTokensPerSecond: 100 }), mp(model('b', { paramsBillions: 0.1 }), { predictedTokensPerSecond: 90 })]), planBasis('mid', AT))!;
    expect(unsized.text).toMatch(/^b /); // no parameter count counts as 0
  });

  it('sizes in GB from 0.1 GB, MB from 1 MB, else kB; unknown memory says so', () => {
    const text = (memoryBytes: number | null) => modelForTarget(planOf('mid', [mp(model('a'), { predictedTokensPerSecond: 100, memoryBytes })]), planBasis('mid', AT))!.text;
    expect(text(1e8)).toMatch(/fits \(0\.1 GB\)/);
    expect(text(1e6)).toMatch(/fits \(1 MB\)/);
    expect(text(5e5)).toMatch(/fits \(500 kB\)/);
    expect(text(null)).toMatch(/fits \(size unknown\)/);
  });

  it('a run of the same model with λ = 0 is no speed', () => {
    const plan = planOf('mid', [mp(model('m'), { predictedTokensPerSecond: null })]);
    expect(modelForTarget(plan, planBasis('mid', AT), runOf(fitOf(0, 0, 0)))).toBeNull();
    const r = modelForTarget(plan, planBasis('mid', AT), runOf(fitOf(90, 0, 0)))!;
    expect(r.numbers.tokensPerSecond).toBe(90);
    expect(r.basis).toHaveLength(2);
  });
});

describe('bandwidthForCouncil', () => {
  const basis = () => planBasis('mid', AT);
  it('no bytes per token (unknown or zero) → nothing', () => {
    const p = planOf('mid', []);
    expect(bandwidthForCouncil(p, basis(), mp(model('z', { weightBytes: 0 })))).toBeNull();
    expect(bandwidthForCouncil(p, basis(), mp(model('u', { weightBytes: null, paramsBillions: null })))).toBeNull();
  });

  it('exactly the needed bandwidth is enough; efficiency 0.5 when the plan has none for the engine', () => {
    // mid: 3 members × 80 tok/s × 0.5 GB ÷ 0.5 = 240 GB/s.
    const m = mp(model('a'));
    const at = (gbps: number | null, efficiency: Record<string, number> = {}) => bandwidthForCouncil(planOf('mid', [m], { bandwidthGBps: { cpu: gbps, gpu: null }, efficiency }), basis(), m)!;
    expect(at(240).numbers.bandwidthGBps).toBeCloseTo(240, 9);
    expect(at(240).numbers.efficiency).toBe(0.5);
    expect(at(240).text).toMatch(/: enough\.$/);
    expect(at(239).text).toMatch(/× short\.$/);
    expect(at(null).numbers.measuredGBps).toBeUndefined();
    expect(at(240).numbers.measuredGBps).toBe(240);
  });
});

describe('serversForCouncil', () => {
  const basis = () => planBasis('mid', AT);
  it('λ = 0 → nothing', () => {
    const f = fitOf(0, 0, 0);
    expect(serversForCouncil(planOf('mid', []), basis(), runOf(f), f)).toBeNull();
  });

  it('linear at exactly the target: one server runs all 6; per member X(k)/k', () => {
    const f = fitOf(80, 0, 0);
    const r = serversForCouncil(planOf('mid', []), basis(), runOf(f), f)!;
    expect(r.numbers.perServer).toBe(6);
    expect(r.numbers.servers).toBe(1);
    expect(r.numbers.perMemberThroughput).toBeCloseTo(80, 9);
    const g = fitOf(100, 0.1, 0);
    const s = serversForCouncil(planOf('mid', []), basis(), runOf(g), g)!;
    // X(k)/k = 100/(1 + 0.1(k − 1)) ≥ 80 up to k = 3 (83.3); k = 4 gives 76.9.
    expect(s.numbers.perServer).toBe(3);
    expect(s.numbers.perMemberThroughput).toBeCloseTo(100 / 1.2, 9);
  });
});

describe('throughputFalls', () => {
  it('κ = 0 and σ ≤ 1: no fall', () => {
    const f = fitOf(10, 0.5, 0);
    expect(throughputFalls(runOf(f), f)).toBeNull();
  });

  it('a peak at exactly 6 is beyond the council limit', () => {
    const f = fitOf(10, 0, 1 / 36);
    const r = throughputFalls(runOf(f), f)!;
    expect(r.numbers.n).toBe(6);
    expect(r.text).toMatch(/beyond the council limit of 6/);
    const g = fitOf(10, 0, 1 / 16); // peak 4
    expect(throughputFalls(runOf(g), g)!.text).toMatch(/keep the council at or below it/);
  });

  it('λ = 0: the drop is 0, not NaN', () => {
    const f = fitOf(0, 0.1, 0.1);
    expect(throughputFalls(runOf(f), f)!.numbers.drop).toBe(0);
  });
});

describe('memory', () => {
  it('plannedMemory: leaves out remote and unknown members; none, or no budget, is nothing', () => {
    const a = mp(model('a', { weightBytes: 1e9 }));
    const r = mp(model('r', { engine: 'remote' }));
    expect(plannedMemory(planOf('mid', [a, r], { recommendedCouncil: { size: 3, memberModelIds: ['a', 'r', 'ghost'] } }))).toEqual({ usedBytes: 1.2e9, budgetBytes: 4e9, device: 'cpu' });
    expect(plannedMemory(planOf('mid', [r], { recommendedCouncil: { size: 1, memberModelIds: ['r'] } }))).toBeNull();
    expect(plannedMemory(planOf('mid', [a], { budgets: { cpu: 0, gpu: null } }))).toBeNull();
    expect(plannedMemory(planOf('mid', [a], { budgets: { cpu: null, gpu: null } }))).toBeNull();
  });

  it('no headroom at all is "0 % left", not "over"', () => {
    const r = memoryHeadroom(4e9, 4e9, planBasis('mid', AT))!;
    expect(r.text).toMatch(/only 0 % headroom left/);
  });
});

describe('weakFit', () => {
  it('no fit: "nothing can be fitted" even with several sizes; the numbers and basis are the run\'s', () => {
    const run = runOf(null, sizes(1, 2, 3));
    const r = weakFit(run)!;
    expect(r.text).toMatch(/^Only 3 council sizes measured: nothing can be fitted yet/);
    expect(r.numbers).toEqual({ sizes: 3 });
    expect(r.basis).toEqual([runBasis(run)]);
  });

  it('weak R² and two sizes carry R², sizes and points', () => {
    const weak = fitOf(10, 0.1, 0.01, { r2: 0.5 });
    expect(weakFit(runOf(weak, sizes(1, 2, 3, 3)))!.numbers).toEqual({ r2: 0.5, sizes: 3, points: 4 });
    const two = fitOf(10, 0.1, 0, { r2: 0.99 });
    expect(weakFit(runOf(two, sizes(1, 2)))!.numbers).toEqual({ r2: 0.99, sizes: 2, points: 2 });
  });
});

describe('buildRecommendations', () => {
  it('orders items by horizon and gives memory risk the plan as basis', () => {
    const a = mp(model('m', { weightBytes: 1.2e9 }), { predictedTokensPerSecond: 100 });
    const plan = planOf('mid', [a], { recommendedCouncil: { size: 3, memberModelIds: ['m', 'm', 'm'] } }); // 4.32 of 4 GB
    const f = fitOf(50, 0.1, 0.1, { r2: 0.5 });
    const pb = planBasis('mid', AT);
    const { items } = buildRecommendations({ run: runOf(f), plan, planBasis: pb });
    const order = ['immediate', 'medium', 'long', 'risk'];
    expect(items.map((i) => order.indexOf(i.horizon))).toEqual([...items.map((i) => order.indexOf(i.horizon))].sort((x, y) => x - y));
    expect(items[0].horizon).toBe('immediate');
    expect(items.at(-1)!.horizon).toBe('risk');
    const mem = items.find((i) => i.rule === 'memory-headroom')!;
    expect(mem.basis).toEqual([pb]);
  });

  it('says what is missing: no usable model, no model of known size, no plan basis', () => {
    const pb = planBasis('mid', AT);
    const none = buildRecommendations({ run: null, plan: planOf('mid', [mp(model('x', { weightBytes: null, paramsBillions: null }), { predictedTokensPerSecond: null })]), planBasis: pb });
    expect(none.missing.some((m) => m.startsWith('Medium term: no model'))).toBe(true);
    expect(none.missing.some((m) => m.startsWith('Long term (bandwidth)'))).toBe(true);
    const noBasis = buildRecommendations({ run: null, plan: planOf('mid', [mp(model('a'))]), planBasis: null });
    expect(noBasis.items).toEqual([]);
    expect(noBasis.missing.some((m) => m.startsWith('Medium and long term'))).toBe(true);
    expect(() => buildRecommendations({ run: null, plan: null, planBasis: pb })).not.toThrow();
  });

  it('a run without a fit beside a plan: no server rule, no throw', () => {
    const pb = planBasis('mid', AT);
    const r = buildRecommendations({ run: runOf(null, sizes(1)), plan: planOf('mid', [mp(model('m'))]), planBasis: pb });
    expect(r.items.some((i) => i.rule === 'servers-for-council')).toBe(false);
    expect(r.items.some((i) => i.rule === 'weak-fit')).toBe(true);
  });

  it('the model the long-term rule sizes for: the run\'s, else the council\'s first, else the best usable; never a remote one', () => {
    const pb = planBasis('mid', AT);
    const models = [mp(model('first', { weightBytes: 1e9 })), mp(model('runs', { weightBytes: 2e9 })), mp(model('rem', { engine: 'remote', weightBytes: 3e9 }))];
    const bwOf = (run: ScalabilityRun | null, memberModelIds: string[]) =>
      buildRecommendations({ run, plan: planOf('mid', models, { recommendedCouncil: { size: 1, memberModelIds } }), planBasis: pb }).items.find((i) => i.rule === 'bandwidth-for-council')!.numbers.bytesPerToken;
    expect(bwOf(runOf(null, [], { modelId: 'runs' }), ['first'])).toBe(2e9);
    expect(bwOf(runOf(null, [], { modelId: 'rem' }), ['first'])).toBe(1e9);
    expect(bwOf(runOf(null, [], { modelId: 'ghost' }), ['runs'])).toBe(2e9);
    expect(bwOf(null, ['rem'])).toBe(1e9);
    expect(bwOf(null, [])).toBe(1e9);
  });
});
