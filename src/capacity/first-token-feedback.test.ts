import { describe, expect, it } from 'vitest';
import { FIRST_TOKEN_WINDOW, FirstTokenFeedback, MIN_FIRST_TOKEN_ANSWERS, MIN_TIMED_TOKENS } from './first-token-feedback';
import { CORRECTION_BOUNDS } from './probe-predictions';

const PROBE = 1_700_000_000_000; // a probe's identity (its run's start)

describe('first-token feedback', () => {
  it('applies from MIN_FIRST_TOKEN_ANSWERS answers on: the median of measured ÷ cold', () => {
    const f = new FirstTokenFeedback();
    f.record(PROBE, 'm', 1, 100, 15, 10);
    f.record(PROBE, 'm', 1, 100, 13, 10);
    expect(MIN_FIRST_TOKEN_ANSWERS).toBe(3);
    expect(f.correction(PROBE, 'm', 1)).toBeNull();
    f.record(PROBE, 'm', 1, 480, 400, 200); // another length: the ratio carries across lengths
    expect(f.correction(PROBE, 'm', 1)).toBe(1.5);
  });

  it('keeps models and council sizes apart (N members prefill at once)', () => {
    const f = new FirstTokenFeedback();
    for (let i = 0; i < 3; i++) {
      f.record(PROBE, 'm', 1, 100, 12, 10);
      f.record(PROBE, 'm', 3, 100, 30, 10);
      f.record(PROBE, 'other', 1, 100, 8, 10);
    }
    expect(f.correction(PROBE, 'm', 1)).toBeCloseTo(1.2);
    expect(f.correction(PROBE, 'm', 3)).toBe(3);
    expect(f.correction(PROBE, 'other', 1)).toBeCloseTo(0.8);
    expect(f.correction(PROBE, 'm', 2)).toBeNull();
  });

  it('reads only the last FIRST_TOKEN_WINDOW answers', () => {
    const f = new FirstTokenFeedback();
    for (let i = 0; i < FIRST_TOKEN_WINDOW; i++) f.record(PROBE, 'm', 1, 100, 20, 10);
    for (let i = 0; i < FIRST_TOKEN_WINDOW / 2; i++) f.record(PROBE, 'm', 1, 100, 10, 10);
    expect(f.correction(PROBE, 'm', 1)).toBe(1.5); // half 2, half 1: the older 2s have left the window
    f.record(PROBE, 'm', 1, 100, 10, 10);
    expect(f.correction(PROBE, 'm', 1)).toBe(1);
  });

  it('drops what was read against another probe', () => {
    const f = new FirstTokenFeedback();
    for (let i = 0; i < 3; i++) f.record(PROBE, 'm', 1, 100, 20, 10);
    expect(f.correction(PROBE + 1, 'm', 1)).toBeNull(); // a newer probe: its own cold predictions
    f.record(PROBE + 1, 'm', 1, 100, 11, 10);
    expect(f.correction(PROBE, 'm', 1)).toBeNull();
    expect(f.correction(PROBE + 1, 'm', 1)).toBeNull(); // one answer so far
  });

  it('skips prompts llama.cpp held nearly whole, and times that are no times; bounds each ratio', () => {
    const f = new FirstTokenFeedback();
    for (const [tokens, measured, cold] of [[MIN_TIMED_TOKENS - 1, 5, 10], [100, 0, 10], [100, NaN, 10], [100, 10, 0], [100, Infinity, 10], [100, 10, -1]]) f.record(PROBE, 'm', 1, tokens, measured, cold);
    f.record(PROBE, 'm', 1, MIN_TIMED_TOKENS, 2, 1);
    f.record(PROBE, 'm', 1, 100, 2, 1);
    expect(f.correction(PROBE, 'm', 1)).toBeNull(); // two answers counted: none of those above was
    f.record(PROBE, 'm', 1, MIN_TIMED_TOKENS, 1e9, 1);
    f.record(PROBE, 'm', 1, 100, 1e9, 1);
    f.record(PROBE, 'm', 1, 100, 1e-9, 1);
    expect(f.correction(PROBE, 'm', 1)).toBe(2); // 2, 2, 4 (1e9 bounded), 4, 0.25 (1e-9 bounded)
    f.record(PROBE, 'm', 1, 100, 1e9, 1);
    expect(f.correction(PROBE, 'm', 1)).toBe(3); // …, 4: between 2 and 4
    f.record(PROBE, 'm', 1, 100, 1e9, 1);
    expect(f.correction(PROBE, 'm', 1)).toBe(CORRECTION_BOUNDS.max);
  });

  it('counts a prompt of MIN_TIMED_TOKENS, not one token fewer', () => {
    const f = new FirstTokenFeedback();
    for (let i = 0; i < 3; i++) f.record(PROBE, 'm', 1, MIN_TIMED_TOKENS - 1, 20, 10);
    expect(f.correction(PROBE, 'm', 1)).toBeNull();
    for (let i = 0; i < 3; i++) f.record(PROBE, 'm', 1, MIN_TIMED_TOKENS, 20, 10);
    expect(f.correction(PROBE, 'm', 1)).toBe(2);
  });
});
