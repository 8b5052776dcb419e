import { describe, expect, it } from 'vitest';
import {
  HEADROOM_CUT,
  HORIZONS,
  R2_CUT,
  bandwidthForCouncil,
  basisText,
  buildRecommendations,
  councilKnee,
  isStale,
  memoryHeadroom,
  modelForTarget,
  planBasis,
  plannedMemory,
  runBasis,
  serversForCouncil,
  staleBases,
  throughputFalls,
  weakFit,
} from './recommendations';
import { AT, fitOf, model, mp, planOf, runOf } from './recommendations.test-util';
import { fitUsl, TooFewPointsError, uslThroughput } from './usl';

const pBasis = planBasis('mid', AT);

// λ = 50, σ = 0.1, κ = 0.1: X(1…6) = 50, 76.92, 83.33, 80, 73.53, 66.67; peak at N = 3 (√(0.9/0.1) = 3).
const retro = fitOf(50, 0.1, 0.1);

describe('immediate: the smallest council near the peak', () => {
  it('a council of 2 gives 92 % of the peak; a 3rd member adds 8 %', () => {
    const r = councilKnee(runOf(retro), retro)!;
    expect(r.horizon).toBe('immediate');
    expect(r.numbers.n).toBe(2);
    expect(r.numbers.peakN).toBe(3);
    expect(r.numbers.share).toBeCloseTo(76.923 / 83.333, 4);
    expect(r.numbers.nextMemberShare).toBeCloseTo((83.333 - 76.923) / 83.333, 4);
    expect(r.text).toBe('A council of 2 gives 92 % of the peak (76.9 of 83.3 tokens/s at N = 3); a 3rd member adds 8 %.');
    expect(r.basis).toEqual([runBasis(runOf(retro))]);
  });

  it('κ = 0 and σ = 0: linear, the peak is the council limit of 6 and no member is "next"', () => {
    const linear = fitOf(10, 0, 0);
    const r = councilKnee(runOf(linear), linear)!;
    expect(r.numbers.n).toBe(6);
    expect(r.numbers.share).toBe(1);
    expect(r.numbers.nextMemberShare).toBeUndefined();
    expect(r.text).toBe('A council of 6 gives the peak throughput (60 tokens/s, within the limit of 6 members) (extrapolated: measured up to N = 3).');
  });

  it('when the knee is the peak, the next member is said to cost', () => {
    // λ = 10, σ = 0.5, κ = 0.5: X(1) = 10, X(2) = 20/2.5 = 8: one member is the peak.
    const f = fitOf(10, 0.5, 0.5);
    const r = councilKnee(runOf(f), f)!;
    expect(r.numbers.n).toBe(1);
    expect(r.text).toMatch(/^A council of 1 gives the peak throughput \(10 tokens\/s\); a 2nd member would cost 20 %\.$/);
  });

  it('says when the advice lies beyond the measured sizes', () => {
    const points = [1, 2].map((n) => ({ n, throughput: uslThroughput(n, 50, 0.1, 0.1) }));
    expect(councilKnee(runOf(retro, points), retro)!.text).toMatch(/extrapolated: measured up to N = 2/);
  });

  it('a zero fit gives nothing', () => {
    expect(councilKnee(runOf(fitOf(0, 0, 0)), fitOf(0, 0, 0))).toBeNull();
  });
});

describe('medium term: a model that meets the tier target', () => {
  const models = [
    mp(model('seven', { paramsBillions: 7 }), { predictedTokensPerSecond: 40 }),
    mp(model('three', { paramsBillions: 3 }), { predictedTokensPerSecond: 90 }),
    mp(model('one', { paramsBillions: 1 }), { predictedTokensPerSecond: 200 }),
    mp(model('thirteen', { paramsBillions: 13 }), { predictedTokensPerSecond: 100, fits: false }),
  ];

  it('the largest fitting model at or above the target (mid: 80 tokens/s)', () => {
    const r = modelForTarget(planOf('mid', models), pBasis)!;
    expect(r.rule).toBe('model-meets-target');
    expect(r.numbers).toEqual({ tokensPerSecond: 90, target: 80, ratio: 90 / 80 });
    expect(r.text).toMatch(/^three \(3 B, 4-bit\) fits \(0\.6 GB\) and is predicted at 90 tokens\/s, meeting the mid target of 80 tokens\/s per member \(113 %\)\. 1 other fitting model also reaches it\.$/);
    expect(r.basis).toEqual([pBasis]);
  });

  it('exactly the target meets it', () => {
    const r = modelForTarget(planOf('high', [mp(model('x'), { predictedTokensPerSecond: 200 })]), pBasis)!;
    expect(r.rule).toBe('model-meets-target');
    expect(r.text).toMatch(/It is already in the planned council\./);
  });

  it('none meets it: the fastest and its share of the target', () => {
    const r = modelForTarget(planOf('high', models.map((m) => (m.model.id === 'one' ? { ...m, predictedTokensPerSecond: 150 } : m))), pBasis)!;
    expect(r.rule).toBe('model-misses-target');
    expect(r.numbers.ratio).toBeCloseTo(0.75, 9);
    expect(r.text).toMatch(/^No model that fits reaches the high target of 200 tokens\/s: the fastest, one \(1 B, 4-bit\), is predicted at 150 tokens\/s \(75 % of the target\)/);
  });

  it('uses the measured speed when there is no prediction (no benchmarks), and test models only when nothing real fits', () => {
    const gen = mp(model('tiny', { source: 'generated' }), { predictedTokensPerSecond: null, measuredTokensPerSecond: 35 });
    const r = modelForTarget(planOf('low', [gen]), pBasis)!;
    expect(r.text).toMatch(/^tiny \(1 B, 4-bit\) \(a test model: random weights\) fits .* is measured at 35 tokens\/s, meeting the low target of 30/);
    const real = mp(model('real'), { predictedTokensPerSecond: 10 });
    expect(modelForTarget(planOf('low', [gen, real]), pBasis)!.rule).toBe('model-misses-target');
  });

  it('no prediction and no feedback: the scalability run’s one-member speed λ of its model, and the run joins the basis', () => {
    const tiny = mp(model('m', { source: 'generated', label: 'tiny' }), { predictedTokensPerSecond: null });
    const run = runOf(retro); // modelId 'm', λ = 50
    const r = modelForTarget(planOf('mid', [tiny]), pBasis, run)!;
    expect(r.rule).toBe('model-misses-target');
    expect(r.text).toMatch(/the fastest, tiny \(a test model: random weights\) \(1 B, 4-bit\), is measured in the scalability run at 50 tokens\/s \(63 % of the target\)/);
    expect(r.basis).toEqual([pBasis, runBasis(run)]);
    expect(modelForTarget(planOf('mid', [tiny]), pBasis, { ...run, modelId: 'another' })).toBeNull(); // the run measured another model
  });

  it('small models in M or k parameters and MB/kB; a label that says "test model" is not told twice', () => {
    const tiny = mp(model('t', { source: 'generated', label: 'tiny (generated test model)', paramsBillions: 0.0000949, bitsPerWeight: 32, weightBytes: 380e3 }), { predictedTokensPerSecond: 40 });
    expect(modelForTarget(planOf('low', [tiny]), pBasis)!.text).toMatch(/^tiny \(generated test model\) \(94\.9 k, 32-bit\) fits \(456 kB\) and is predicted at 40/);
    const small = mp(model('s', { paramsBillions: 0.5, weightBytes: 30e6 }), { predictedTokensPerSecond: 40 });
    expect(modelForTarget(planOf('low', [small]), pBasis)!.text).toMatch(/^s \(500 M, 4-bit\) fits \(36 MB\)/);
    // A K-quant's bits per weight from its file (5.2108734…) read as a person would say them.
    const k = mp(model('k', { paramsBillions: 1.24, bitsPerWeight: 5.2108734, weightBytes: 808e6 }), { predictedTokensPerSecond: 40 });
    expect(modelForTarget(planOf('low', [k]), pBasis)!.text).toMatch(/^k \(1\.24 B, 5\.2-bit\) fits/);
  });

  it('no model with a speed: nothing', () => {
    expect(modelForTarget(planOf('mid', [mp(model('a'), { predictedTokensPerSecond: null })]), pBasis)).toBeNull();
  });
});

describe('long term: bandwidth and servers for the tier’s council at the target', () => {
  const m = mp(model('half', { weightBytes: 0.5e9 }));

  it('bandwidth = N × T × bytes per token ÷ efficiency (mid: 3 × 80 × 0.5 GB ÷ 0.5 = 240 GB/s), against the measured 20 GB/s', () => {
    const r = bandwidthForCouncil(planOf('mid', [m]), pBasis, m)!;
    expect(r.numbers.bandwidthGBps).toBeCloseTo(240, 9);
    expect(r.numbers.measuredGBps).toBe(20);
    expect(r.text).toBe('3 members of half at the mid target of 80 tokens/s each need ≈ 240 GB/s of memory bandwidth (3 × 80 × 0.5 GB per token ÷ 0.5 efficiency). This machine measured 20 GB/s on the CPU: 12× short.');
  });

  it('unmeasured bandwidth: the need, and how to compare', () => {
    const r = bandwidthForCouncil(planOf('low', [m], { bandwidthGBps: { cpu: null, gpu: null } }), pBasis, m)!;
    expect(r.numbers.bandwidthGBps).toBeCloseTo(30, 9); // 1 × 30 × 0.5e9 / 0.5
    expect(r.text).toMatch(/^One member of half at the low target of 30 tokens\/s needs ≈ 30 GB\/s/);
    expect(r.text).toMatch(/not measured yet: run the benchmarks/);
  });

  it('a model of unknown size gives nothing', () => {
    const unknown = mp(model('u', { weightBytes: null, paramsBillions: null }));
    expect(bandwidthForCouncil(planOf('mid', [unknown]), pBasis, unknown)).toBeNull();
  });

  it('servers: members per server keep X(k)/k ≥ target; ⌈N / k⌉ servers (low: 1 member, 2 per server)', () => {
    const r = serversForCouncil(planOf('low', [m]), pBasis, runOf(retro), retro)!;
    expect(r.numbers).toMatchObject({ members: 1, servers: 1, perServer: 2 });
    expect(r.text).toBe('One member at the low target of 30 tokens/s needs 1 server like this machine: it runs up to 2 members at ≥ 30 tokens/s (38.5 each on the fitted curve).');
    expect(r.basis.map((b) => b.kind)).toEqual(['scalability-run', 'capacity-plan']);
  });

  it('servers: high tier, 6 members at 200, one per server when only N = 1 reaches it', () => {
    const f = fitOf(250, 0.1, 0.1); // X(2)/2 = 192 < 200
    const r = serversForCouncil(planOf('high', [m]), pBasis, runOf(f), f)!;
    expect(r.numbers).toMatchObject({ members: 6, servers: 6, perServer: 1 });
    expect(r.text).toMatch(/^6 members at the high target of 200 tokens\/s need 6 servers like this machine: each runs up to 1 member/);
  });

  it('servers: λ below the target → each member needs a server with T/λ × the bandwidth', () => {
    const r = serversForCouncil(planOf('mid', [m]), pBasis, runOf(retro), retro)!;
    expect(r.numbers).toMatchObject({ perServer: 0, servers: 3, bandwidthFactor: 1.6 });
    expect(r.text).toMatch(/Each of the 3 members needs its own server with ≈ 1\.6× this machine’s memory bandwidth\.$/);
  });
});

describe('risks', () => {
  it('κ > 0: throughput falls beyond the best whole size', () => {
    const r = throughputFalls(runOf(retro), retro)!;
    expect(r.horizon).toBe('risk');
    expect(r.numbers.n).toBe(3);
    expect(r.numbers.drop).toBeCloseTo(1 - 80 / 83.3333, 4);
    expect(r.text).toBe('Throughput falls beyond N = 3: a 4th member lowers it by 4 % (coherency cost κ = 0.1) — keep the council at or below it.');
  });

  it('κ > 0 with the peak beyond 6 says so; the ceiling of the peak can be the best size', () => {
    const f = fitOf(40, 0.05, 0.02); // √(0.95/0.02) = 6.89: X(7) = 130.8 > X(6) = 129.7
    const r = throughputFalls(runOf(f), f)!;
    expect(r.numbers.n).toBe(7);
    expect(r.text).toMatch(/beyond the council limit of 6/);
  });

  it('κ = 0: no fall while σ ≤ 1', () => {
    expect(throughputFalls(runOf(fitOf(40, 0.2, 0)), fitOf(40, 0.2, 0))).toBeNull();
    expect(throughputFalls(runOf(fitOf(40, 1, 0)), fitOf(40, 1, 0))).toBeNull();
  });

  it('κ = 0 but σ > 1 (two sizes, the 2nd slower): throughput falls beyond N = 1', () => {
    const f = fitOf(40, 1.5, 0); // X(2) = 80 / 2.5 = 32
    const r = throughputFalls(runOf(f), f)!;
    expect(r.numbers.n).toBe(1);
    expect(r.numbers.drop).toBeCloseTo(0.2, 12);
    expect(r.text).toBe('Throughput falls beyond N = 1: a 2nd member lowers it by 20 % (contention σ = 1.5 > 1: members slow each other more than they add) — keep the council at or below it.');
  });

  it(`memory headroom below ${HEADROOM_CUT * 100} % is a risk; exactly 15 % is not`, () => {
    expect(memoryHeadroom(85, 100, pBasis)).toBeNull();
    const r = memoryHeadroom(86, 100, pBasis)!;
    expect(r.rule).toBe('memory-headroom');
    expect(r.numbers.headroom).toBeCloseTo(0.14, 9);
    expect(r.text).toMatch(/only 14 % headroom left \(< 15 %\)/);
    expect(memoryHeadroom(3.6e9, 3e9, pBasis)!.text).toMatch(/^Memory: 3\.6 GB of the 3 GB budget in use, over the budget by 20 %/);
    expect(memoryHeadroom(1, 0, pBasis)).toBeNull();
  });

  it('the planned council’s memory against its device budget', () => {
    const a = mp(model('a', { weightBytes: 1e9 })); // 1.2 GB each
    const plan = planOf('mid', [a], { recommendedCouncil: { size: 3, memberModelIds: ['a', 'a', 'a'] } });
    expect(plannedMemory(plan)).toEqual({ usedBytes: 3.6e9, budgetBytes: 4e9, device: 'cpu' });
    expect(plannedMemory(planOf('mid', [a], { recommendedCouncil: { size: 0, memberModelIds: [] } }))).toBeNull();
  });

  it(`a weak fit: R² below ${R2_CUT}; exactly ${R2_CUT} is not weak`, () => {
    expect(weakFit(runOf(fitOf(50, 0.1, 0.1, { r2: R2_CUT })))).toBeNull();
    const r = weakFit(runOf(fitOf(50, 0.1, 0.1, { r2: 0.8999 })))!;
    expect(r.rule).toBe('weak-fit');
    expect(r.text).toMatch(/^The fit is weak \(R² = 0\.9 < 0\.9, 3 points\): measure more points/);
  });

  it('a single point: nothing can be fitted — measure more points', () => {
    const points = [{ n: 1, throughput: 20 }];
    expect(() => fitUsl(points)).toThrow(TooFewPointsError);
    const r = weakFit(runOf(null, points))!;
    expect(r.text).toBe('Only 1 council size measured: nothing can be fitted yet — measure more points (N = 1, 2, 3).');
  });

  it('two sizes (Amdahl, κ fixed at 0): κ cannot show', () => {
    const points = [
      { n: 1, throughput: 20 },
      { n: 2, throughput: 36 },
    ];
    const r = weakFit(runOf(fitUsl(points), points))!;
    expect(r.text).toMatch(/^Only 2 council sizes measured: κ is taken as 0/);
  });
});

describe('basis and staleness', () => {
  it('names the run and its date, and the plan with its benchmarks', () => {
    const run = runOf(retro);
    expect(basisText([runBasis(run), pBasis])).toBe('based on scalability run usl-1 (3 sizes, m) of 2026-11-29 19:00 and capacity plan (mid tier, benchmarks of 2026-11-29 19:00)');
    expect(planBasis('low', null)).toEqual({ kind: 'capacity-plan', id: 'plan-low-unmeasured', at: null, label: 'capacity plan (low tier, no benchmarks yet)' });
  });

  it('goes stale when the measurement it rests on is replaced, or gone', () => {
    const rec = serversForCouncil(planOf('low', [mp(model('a'))]), pBasis, runOf(retro), retro)!;
    const same = [runBasis(runOf(retro)), pBasis];
    expect(isStale(rec, same)).toBe(false);
    const newRun = runBasis(runOf(retro, retro.points, { id: 'usl-2' }));
    expect(staleBases(rec, [newRun, pBasis]).map((b) => b.id)).toEqual(['usl-1']);
    expect(staleBases(rec, [runBasis(runOf(retro)), planBasis('mid', AT + 1)]).map((b) => b.kind)).toEqual(['capacity-plan']);
    expect(isStale(rec, [pBasis])).toBe(true);
  });
});

describe('buildRecommendations', () => {
  const a = mp(model('a', { weightBytes: 1e9 }), { predictedTokensPerSecond: 90 });
  const plan = planOf('mid', [a], { recommendedCouncil: { size: 3, memberModelIds: ['a', 'a', 'a'] } }); // 3.6 of 4 GB: 10 % headroom

  it('all four horizons, in order, each with numbers and a basis', () => {
    const { items, missing } = buildRecommendations({ run: { ...runOf(retro), modelId: 'a' }, plan, planBasis: pBasis });
    expect(missing).toEqual([]);
    expect(items.map((r) => r.rule)).toEqual(['council-knee', 'model-meets-target', 'bandwidth-for-council', 'servers-for-council', 'throughput-falls', 'memory-headroom']);
    expect(new Set(items.map((r) => r.horizon))).toEqual(new Set(HORIZONS));
    for (const r of items) {
      expect(r.basis.length).toBeGreaterThan(0);
      expect(Object.keys(r.numbers).length).toBeGreaterThan(0);
      expect(r.text).toMatch(/\d/);
    }
  });

  it('no run: plan advice only, and what is missing; no plan: run advice only', () => {
    const planOnly = buildRecommendations({ run: null, plan, planBasis: pBasis });
    expect(planOnly.items.map((r) => r.rule)).toEqual(['model-meets-target', 'bandwidth-for-council', 'memory-headroom']);
    expect(planOnly.missing[0]).toMatch(/^Immediate: run a scalability measurement/);
    const runOnly = buildRecommendations({ run: runOf(retro), plan: null, planBasis: null });
    expect(runOnly.items.map((r) => r.rule)).toEqual(['council-knee', 'throughput-falls']);
    expect(runOnly.missing).toEqual(['Medium and long term: no capacity plan yet (hardware not detected).']);
  });

  it('a given memory reading replaces the plan’s', () => {
    const { items } = buildRecommendations({ run: null, plan, planBasis: pBasis, memory: { usedBytes: 1, budgetBytes: 10, basis: pBasis } });
    expect(items.some((r) => r.rule === 'memory-headroom')).toBe(false);
  });

  it('a single point: a weak-fit risk and no immediate advice', () => {
    const { items, missing } = buildRecommendations({ run: runOf(null, [{ n: 1, throughput: 9 }]), plan: null, planBasis: null });
    expect(items.map((r) => r.rule)).toEqual(['weak-fit']);
    expect(missing[0]).toMatch(/^Immediate/);
  });
});
