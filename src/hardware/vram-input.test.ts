import { describe, expect, it } from 'vitest';
import { parseVramInput, VRAM_GB_RANGE } from './vram-input';

describe('parseVramInput', () => {
  it('reads numbers with or without a unit, either decimal mark', () => {
    expect(parseVramInput('8')).toEqual({ ok: true, gb: 8 });
    expect(parseVramInput(' 12 GB ')).toEqual({ ok: true, gb: 12 });
    expect(parseVramInput('24gib')).toEqual({ ok: true, gb: 24 });
    expect(parseVramInput('1,5')).toEqual({ ok: true, gb: 1.5 });
    expect(parseVramInput('.5')).toEqual({ ok: true, gb: 0.5 });
  });

  it('empty clears the entry (the plan assumes VRAM again)', () => {
    expect(parseVramInput('')).toEqual({ ok: true, gb: null });
    expect(parseVramInput('   ')).toEqual({ ok: true, gb: null });
  });

  it('the range, one step either side', () => {
    expect(parseVramInput(String(VRAM_GB_RANGE.min))).toEqual({ ok: true, gb: 0.25 });
    expect(parseVramInput('0.24')).toEqual({ ok: false, reason: 'At least 0.25 GB: no model runs in less.' });
    expect(parseVramInput('1024')).toEqual({ ok: true, gb: 1024 });
    expect(parseVramInput('1025')).toEqual({ ok: false, reason: 'At most 1024 GB: no GPU has more.' });
    expect(parseVramInput('0')).toMatchObject({ ok: false });
  });

  it('refuses what is not a plain number, in plain words', () => {
    for (const t of ['eight', '-4', '8 MB', '1e3', '4.', 'NaN', 'Infinity', '8 8'])
      expect(parseVramInput(t)).toEqual({ ok: false, reason: 'Enter the GPU memory as a number of GB, e.g. 8.' });
  });
});
