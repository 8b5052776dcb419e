/** Edges of the probe fits (issue 15): least squares, decode/prefill/council fits, probe predictions. */
import { describe, expect, it } from 'vitest';
import { predictCombinedTps, predictTtftMs } from './engine-fit';
import { fitCouncil, fitDecode, fitPrefill } from './fit-probe';
import { leastSquares, rSquared, solveLinear } from './least-squares';
import { coldTtftMs, MIN_INTERVAL, perMemberTps, probeCorrection, predictionInterval, combinedByCouncilSize } from './probe-predictions';
import { uslCapacity } from '../scalability/usl';
import { exampleFit, exampleLone } from './engine-fit.test-util';

const MB = 1e6;

describe('solveLinear', () => {
  it('pivots: a zero on the diagonal is swapped away, the identity needs no swap', () => {
    expect(solveLinear([[0, 1], [1, 0]], [2, 3])).toEqual([3, 2]);
    expect(solveLinear([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [1, 2, 3])).toEqual([1, 2, 3]);
  });
});

describe('rSquared', () => {
  it('1 − SSE/SST; with no spread in y, 1 for an exact fit and 0 otherwise', () => {
    expect(rSquared([1, 2, 3], [1, 2, 4])).toBeCloseTo(0.5, 12); // SST 2, SSE 1
    expect(rSquared([2, 4, 6], [2, 4, 6])).toBe(1);
    expect(rSquared([2, 2], [2, 2])).toBe(1);
    expect(rSquared([2, 2], [2, 3])).toBe(0);
  });
});

describe('leastSquares', () => {
  it('no columns → null', () => {
    expect(leastSquares([], [])).toBeNull();
  });
  it('a coefficient that overflows → null', () => {
    expect(leastSquares([[1e-145, 0], [0, 1]], [1e300, 1])).toBeNull();
  });
});

describe('fitDecode edges', () => {
  it('ignores a zero-byte run; sorts the probe sizes numerically whatever the order of the runs', () => {
    const fit = fitDecode([
      { bytes: 139 * MB, decodeTokensPerSecond: 1 / 0.028 },
      { bytes: 0, decodeTokensPerSecond: 5000 },
      { bytes: 2 * MB, decodeTokensPerSecond: 500 },
      { bytes: 31 * MB, decodeTokensPerSecond: 125 },
    ])!;
    expect(fit.points.map((p) => p.bytes)).toEqual([2 * MB, 31 * MB, 139 * MB]);
    expect(fit.points.map((p) => p.secondsPerToken)).toEqual([0.002, 0.008, 0.028]);
  });

  it('the constant when larger was not slower is the mean seconds per token', () => {
    const flat = fitDecode([{ bytes: MB, decodeTokensPerSecond: 100 }, { bytes: 10 * MB, decodeTokensPerSecond: 110 }])!;
    expect(flat.secondsPerToken).toBeCloseTo((1 / 100 + 1 / 110) / 2, 12);
    expect(flat.effectiveBandwidthGBps).toBe(Infinity);
  });

  it('through the origin: b = Σxy / Σx²', () => {
    const x = [MB, 10 * MB];
    const y = [1 / 1200, 1 / 100];
    const origin = fitDecode(x.map((bytes, i) => ({ bytes, decodeTokensPerSecond: 1 / y[i] })))!;
    expect(origin.secondsPerToken).toBe(0);
    expect(origin.secondsPerByte).toBeCloseTo((x[0] * y[0] + x[1] * y[1]) / (x[0] ** 2 + x[1] ** 2), 20);
  });
});

describe('fitPrefill edges', () => {
  const ttft = (p: number, params: number) => 20 + params * 1e-6 + (p - 1) * (0.1 + params * 2e-8);
  const exact = [0.45e6, 7.7e6, 34.6e6].flatMap((params) => [12, 210].map((promptTokens) => ({ params, promptTokens, ttftMs: ttft(promptTokens, params) })));

  it('four distinct runs over two models and two lengths are enough', () => {
    expect(fitPrefill(exact.slice(0, 4))).not.toBeNull();
  });

  it('ignores runs without prompt tokens, without parameters, with a negative or non-finite time', () => {
    const junk = [
      { params: 1e6, promptTokens: 0, ttftMs: 500 },
      { params: 0, promptTokens: 50, ttftMs: 500 },
      { params: 1e6, promptTokens: 50, ttftMs: -1 },
      { params: 1e6, promptTokens: 60, ttftMs: Number.NaN },
    ];
    const fit = fitPrefill([...exact, ...junk])!;
    expect(fit.fixedMs).toBeCloseTo(20, 6);
    expect(fit.firstTokenMsPerParam).toBeCloseTo(1e-6, 12);
    expect(fit.msPerToken).toBeCloseTo(0.1, 6);
    expect(fit.msPerTokenPerParam).toBeCloseTo(2e-8, 12);
  });

  it('R² is that of the fitted times on the measured ones', () => {
    const noisy = exact.map((s, i) => ({ ...s, ttftMs: s.ttftMs * [0.92, 1.1, 1.05, 0.9, 1, 1.08][i] }));
    const fit = fitPrefill(noisy)!;
    const fitted = noisy.map((s) => predictTtftMs(fit, s.promptTokens, s.params));
    expect(fit.r2).toBeCloseTo(rSquared(noisy.map((s) => s.ttftMs), fitted), 12);
    expect(fit.r2).toBeLessThan(1);
    expect(fit.r2).toBeGreaterThan(0.5);
  });
});

describe('fitCouncil edges', () => {
  const lone = [{ bytes: MB, decodeTokensPerSecond: 200 }];
  const at = (members: number, share: number) => ({ members, bytes: MB, decodeTokensPerSecond: 200 * share });

  it('σ and κ both > 0 from two sizes: the two-parameter fit, not one of them alone', () => {
    // σ = 0.1, κ = 0.05: C(2) = 2/1.2, C(3) = 2.
    const fit = fitCouncil([at(2, 1 / 1.2), at(3, 2 / 3)], lone)!;
    expect(fit.sigma).toBeCloseTo(0.1, 9);
    expect(fit.kappa).toBeCloseTo(0.05, 9);
    expect(fit.r2).toBeCloseTo(1, 9);
  });

  it('one size: σ alone reproduces it (a tie with κ alone goes to σ)', () => {
    const two = fitCouncil([at(2, 0.75)], lone)!; // C(2) = 1.5 → σ = 1/3
    expect(two.sigma).toBeCloseTo(1 / 3, 12);
    expect(two.kappa).toBe(0);
    const three = fitCouncil([at(3, 2 / 3)], lone)!; // C(3) = 2 → 3/2 − 1 = σ·2 → σ = 0.25
    expect(three.sigma).toBeCloseTo(0.25, 12);
    expect(three.kappa).toBe(0);
    expect(three.measuredUpTo).toBe(3);
  });

  it('a negative coefficient falls back to whichever of σ alone or κ alone misses less', () => {
    // N ÷ C(N) − 1 = −0.1 at N = 2 (faster than linear), 0.5 at N = 3: the pair would need σ < 0.
    const fit = fitCouncil([at(2, 1 / 0.9 / 1), at(3, 2 / 3)], lone)!;
    // σ alone: 0.9/5 = 0.18, misses 0.098; κ alone: 2.8/40 = 0.07, misses 0.064 → κ.
    expect(fit.sigma).toBe(0);
    expect(fit.kappa).toBeCloseTo(0.07, 12);
    const c = [2 / 0.9, 2];
    expect(fit.r2).toBeCloseTo(rSquared([1, ...c], [1, uslCapacity(2, 0, 0.07), uslCapacity(3, 0, 0.07)]), 12);
  });

  it('ignores members of size 1, zero speeds, and lone runs of zero speed', () => {
    expect(fitCouncil([at(1, 1)], lone)).toBeNull();
    expect(fitCouncil([{ members: 2, bytes: MB, decodeTokensPerSecond: 0 }], lone)).toBeNull();
    const fit = fitCouncil([at(2, 0.75), { members: 3, bytes: MB, decodeTokensPerSecond: 0 }], [...lone, { bytes: MB, decodeTokensPerSecond: 0 }])!;
    expect(fit.sigma).toBeCloseTo(1 / 3, 12);
    expect(fit.measuredUpTo).toBe(2);
    expect(predictCombinedTps(fit, 100, 2)).toBeCloseTo(150, 9);
  });
});

describe('probe predictions edges', () => {
  const fit = exampleFit;
  const lone = exampleLone;

  it('a measured run a million times its cold prediction (or a millionth) bounds the correction, never NaN', () => {
    expect(probeCorrection([{ measured: 1e308, cold: 1e-308 }])).toBe(4);
    expect(probeCorrection([{ measured: 1e-308, cold: 1e308 }, { measured: 1e-308, cold: 1e308 }, { measured: 1e308, cold: 1e-308 }])).toBe(0.25);
    expect(probeCorrection([{ measured: 90, cold: 100 }, { measured: 1e308, cold: 1e-308 }, { measured: 80, cold: 100 }])).toBeCloseTo(0.9, 9);
  });

  it('at the stored probe\'s bounds (0.001 and 1e6 tok/s) the council fit and every combined speed stay finite', () => {
    const lone = [{ bytes: MB, decodeTokensPerSecond: 1e6 }, { bytes: 50 * MB, decodeTokensPerSecond: 1e-3 }];
    const council = fitCouncil([2, 3].flatMap((members) => Array.from({ length: members }, () => ({ members, bytes: MB, decodeTokensPerSecond: 1e-3, run: 0 }))), lone);
    expect(council).not.toBeNull();
    for (const v of [council!.sigma, council!.kappa, council!.r2]) expect(Number.isFinite(v)).toBe(true);
    for (const tps of combinedByCouncilSize({ ...exampleFit, council }, 1e6, MB)) expect(Number.isFinite(tps) && tps > 0).toBe(true);
  });

  it('interval: no runs, or only runs of zero speed → the minimum', () => {
    expect(predictionInterval(fit, [])).toBe(MIN_INTERVAL);
    expect(predictionInterval(fit, [{ bytes: MB, decodeTokensPerSecond: 0 }])).toBe(MIN_INTERVAL);
    const off = [{ bytes: MB, decodeTokensPerSecond: lone(MB) / 1.1 }, { bytes: 2 * MB, decodeTokensPerSecond: lone(2 * MB) / 0.9 }, { bytes: 3 * MB, decodeTokensPerSecond: 0 }];
    expect(predictionInterval(fit, off)).toBeCloseTo(2 * 1.4826 * 0.1, 9);
  });

  it('first token: null without a prefill fit or without a parameter count', () => {
    expect(coldTtftMs(fit, 100, 1e6)).toBeCloseTo(10 + 99 * 1e-2, 9); // the first prompt token costs c (f = 0 here), each further one e × params
    expect(coldTtftMs(fit, 100, null)).toBeNull();
    expect(coldTtftMs({ ...fit, prefill: null }, 100, 1e6)).toBeNull();
  });

  it('combined and per-member speed follow C(N)', () => {
    const rows = combinedByCouncilSize(fit, 100, null);
    expect(rows).toHaveLength(6);
    expect(rows[1]).toBeCloseTo(100 * uslCapacity(2, 0.25, 0), 9);
    expect(perMemberTps(fit, 100, 2, null)).toBeCloseTo(rows[1] / 2, 9);
  });

  it('correction ignores runs with no measured speed or a zero cold prediction', () => {
    expect(probeCorrection([{ measured: 50, cold: 0 }])).toBeNull();
    expect(probeCorrection([{ measured: -5, cold: 100 }])).toBeNull();
    expect(probeCorrection([{ measured: 50, cold: 0 }, { measured: 120, cold: 100 }])).toBeCloseTo(1.2, 12);
    expect(probeCorrection([{ measured: 1000, cold: 100 }])).toBe(4);
  });
});
