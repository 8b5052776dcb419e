import { describe, expect, it } from 'vitest';
import { estimatePromptTokens } from '../capacity/prompt-tokens';
import { CALIBRATION_PROMPT } from './calibration';
import { FLOOR_PREFILL_FLOPS, FLOOR_TEMPLATE_TOKENS, MAX_PREFILL_ALLOWANCE_MS, PACE_MIN_TOKENS, PACE_WINDOW, PrefillPace, floorFirstTokenMs, paramsOf, prefillAllowanceMs } from './prefill-allowance';

describe('a member prefill pace', () => {
  it('knows nothing before an answer, then expects its ms per prompt token, linear in tokens', () => {
    const pace = new PrefillPace();
    expect(pace.expectMs(100, 1)).toBeNull();
    pace.record(40, 40, 2_000, 1); // 50 ms per token alone
    expect(pace.expectMs(40, 1)).toBe(2_000);
    expect(pace.expectMs(100, 1)).toBe(5_000);
    expect(pace.expectMs(100, 0)).toBe(5_000); // never less than one member's
  });

  it('counts in the estimate of the request, whatever the engine processed (a byte-level GGUF estimated at 4 bytes a token)', () => {
    const pace = new PrefillPace();
    pace.record(20, 80, 2_000, 1); // estimated 20, the engine processed 80: 100 ms per estimated token
    expect(pace.expectMs(200, 1)).toBe(20_000);
  });

  it('is slower in proportion with more members at work than when it was read, never faster with fewer', () => {
    const pace = new PrefillPace();
    pace.record(40, 40, 3_000, 1); // alone (the calibration)
    expect(pace.expectMs(40, 3)).toBe(9_000); // three at once: no parallel gain assumed
    const shared = new PrefillPace();
    shared.record(40, 40, 6_000, 3); // read with three at once (cores to spare, or not)
    expect(shared.expectMs(40, 1)).toBe(6_000); // alone: not a third of it
    expect(shared.expectMs(40, 3)).toBe(6_000);
    expect(shared.expectMs(40, 6)).toBe(12_000);
    shared.record(40, 40, 3_000, 0); // none seen counts as one
    expect(shared.expectMs(40, 2)).toBe(6_000);
  });

  it(`keeps the slowest of the last ${PACE_WINDOW} answers`, () => {
    const pace = new PrefillPace();
    pace.record(10, 10, 10_000, 1); // 1000 ms per token: a stall
    for (let i = 0; i < PACE_WINDOW - 1; i++) pace.record(10, 10, 100, 1);
    expect(pace.expectMs(1, 1)).toBe(1_000);
    pace.record(10, 10, 100, 1); // the stall leaves the window
    expect(pace.expectMs(1, 1)).toBe(10);
  });

  it(`skips answers whose engine processed fewer than ${PACE_MIN_TOKENS} prompt tokens, with no first token, or a time that is no time`, () => {
    const pace = new PrefillPace();
    pace.record(40, PACE_MIN_TOKENS - 1, 7_000, 1); // the rest kept from the question before
    pace.record(40, 40, null, 1);
    pace.record(40, 40, 0, 1);
    pace.record(40, 40, Number.NaN, 1);
    pace.record(40, 40, Number.POSITIVE_INFINITY, 1);
    pace.record(0, 40, 1_000, 1);
    expect(pace.expectMs(10, 1)).toBeNull();
    pace.record(8, PACE_MIN_TOKENS, 800, 1);
    expect(pace.expectMs(10, 1)).toBe(1_000);
  });
});

describe('the floor for a model never measured', () => {
  it('is 2 FLOP per parameter per prompt token at FLOOR_PREFILL_FLOPS, per member at once', () => {
    expect(floorFirstTokenMs(1e9, 10, 1)).toBeCloseTo(((2 * 1e9 * (10 + FLOOR_TEMPLATE_TOKENS)) / FLOOR_PREFILL_FLOPS) * 1000);
    expect(floorFirstTokenMs(1e9, 10, 2)).toBeCloseTo(2 * floorFirstTokenMs(1e9, 10, 1)!);
    expect(floorFirstTokenMs(1e9, 10, 0)).toBeCloseTo(floorFirstTokenMs(1e9, 10, 1)!);
  });

  it('is well above what real-sized models took here, for the prompt as the council estimates it', () => {
    const hi = estimatePromptTokens('Hi.', false, null).tokens; // 39 tokens with its template, on one thread
    expect(floorFirstTokenMs(1.236e9, hi, 1)!).toBeGreaterThan(13_000 * 3); // Llama-3.2-1B's twin: 13 s
    expect(floorFirstTokenMs(0.362e9, hi, 1)!).toBeGreaterThan(8_000 * 3); // SmolLM2-360M's twin: 8 s
    // The 1B twin added by URL (no size said: ~2 parameters per byte of its 803 MB), its calibration: 30.3 s.
    const calibration = estimatePromptTokens(CALIBRATION_PROMPT, false, null).tokens;
    expect(floorFirstTokenMs(paramsOf({ paramsBillions: null, weightBytes: null }, 803_095_232), calibration, 1)!).toBeGreaterThan(30_300 * 3);
  });

  it("takes a model's parameters from the catalogue, else ~2 per byte of its weights (the catalogue's size, else the file loaded)", () => {
    expect(paramsOf({ paramsBillions: 1.24, weightBytes: 8e8 }, 1)).toBe(1.24e9);
    expect(paramsOf({ paramsBillions: null, weightBytes: 8e8 }, 1)).toBe(1.6e9);
    expect(paramsOf({ paramsBillions: null, weightBytes: null }, 8e8)).toBe(1.6e9); // a GGUF added by URL, once loaded
    expect(paramsOf({ paramsBillions: null, weightBytes: null })).toBeNull(); // a remote server's model
    expect(paramsOf({ paramsBillions: 0, weightBytes: 0 }, 0)).toBeNull();
  });

  it('says nothing of a model of unknown size', () => {
    expect(floorFirstTokenMs(null, 10, 1)).toBeNull();
    expect(floorFirstTokenMs(0, 10, 1)).toBeNull();
    expect(floorFirstTokenMs(Number.NaN, 10, 1)).toBeNull();
  });
});

describe('the prefill allowance', () => {
  it('is twice the larger of the probe and the pace', () => {
    expect(prefillAllowanceMs(1_000, 3_000, 99_000)).toBe(6_000);
    expect(prefillAllowanceMs(4_000, 3_000, null)).toBe(8_000);
    expect(prefillAllowanceMs(null, 3_000, null)).toBe(6_000);
    expect(prefillAllowanceMs(4_000, null, 1)).toBe(8_000);
  });

  it('is never below what it must be at least (a remote server\'s start), measured or not', () => {
    expect(prefillAllowanceMs(null, 100, null, 25_000)).toBe(25_000);
    expect(prefillAllowanceMs(null, null, null, 25_000)).toBe(25_000);
    expect(prefillAllowanceMs(20_000, null, null, 25_000)).toBe(40_000);
    expect(prefillAllowanceMs(1e12, null, null, 25_000)).toBe(MAX_PREFILL_ALLOWANCE_MS);
  });

  it('is the floor (not twice it) only when nothing was measured, and 0 with nothing at all', () => {
    expect(prefillAllowanceMs(null, null, 20_000)).toBe(20_000);
    expect(prefillAllowanceMs(null, null, null)).toBe(0);
    expect(prefillAllowanceMs(Number.NaN, Number.POSITIVE_INFINITY, 20_000)).toBe(20_000);
    expect(prefillAllowanceMs(0, -5, null)).toBe(0);
  });

  it(`never exceeds ${MAX_PREFILL_ALLOWANCE_MS} ms, whatever it is told`, () => {
    expect(prefillAllowanceMs(1e12, null, null)).toBe(MAX_PREFILL_ALLOWANCE_MS);
    expect(prefillAllowanceMs(null, null, 1e12)).toBe(MAX_PREFILL_ALLOWANCE_MS);
    expect(prefillAllowanceMs(MAX_PREFILL_ALLOWANCE_MS / 2, null, null)).toBe(MAX_PREFILL_ALLOWANCE_MS);
    expect(prefillAllowanceMs(MAX_PREFILL_ALLOWANCE_MS / 2 - 1, null, null)).toBe(MAX_PREFILL_ALLOWANCE_MS - 2);
  });
});
