import { describe, expect, it } from 'vitest';
import { checkRecord, RECORD_STORES } from '.';
import { craftedBadRecords, oneOfEach } from '../fixtures.test-util';
import { PROBE_SAMPLES_MAX } from './benchmark-run';

describe('record schemas', () => {
  it('accept every record the current version writes, unchanged', () => {
    const stores = oneOfEach();
    for (const store of RECORD_STORES) {
      for (const record of stores[store]) {
        const checked = checkRecord(store, record);
        expect(checked.ok ? checked.value : checked.reasons, store).toEqual(record);
      }
    }
  });

  it('refuse each record of the crafted file, naming the nested field', () => {
    const bad = craftedBadRecords();
    const reasons = (store: Parameters<typeof checkRecord>[0], value: unknown) => {
      const c = checkRecord(store, value);
      return c.ok ? [] : c.reasons;
    };
    expect(reasons('benchmarkRuns', bad.benchmarkRuns[0])).toEqual(expect.arrayContaining([expect.stringMatching(/^results\.0\.name: /), expect.stringMatching(/^results\.0\.median: /)]));
    expect(reasons('profiles', bad.profiles[0])).toEqual(expect.arrayContaining([expect.stringMatching(/^profile\.cpuCores: /), expect.stringMatching(/^profile\.gpu: /)]));
    expect(reasons('measurements', bad.measurements[0])).toEqual(['measuredTokensPerSecond: must be ≥ 0']);
    expect(reasons('settings', bad.settings[0])).toEqual([expect.stringMatching(/^value: /)]);
  });

  it('an engine probe stored before it kept each model\'s depth still loads; a depth of 0 blocks does not', () => {
    const run = oneOfEach().benchmarkRuns[0];
    const probe = run.results.find((r) => r.kind === 'engine-probe') as { decode: { bytes: number; layers?: number; decodeTokensPerSecond: number }[] };
    const withDecode = (decode: object[]) => ({ ...run, results: run.results.map((r) => (r === probe ? { ...probe, decode } : r)) });
    expect(checkRecord('benchmarkRuns', withDecode(probe.decode.map(({ layers: _, ...old }) => old))).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', withDecode([{ ...probe.decode[0], layers: 0 }]))).toEqual({ ok: false, reasons: [expect.stringMatching(/^results\.3\.decode\.0\.layers: must be ≥ 1/)] });
  });

  it('an engine probe with its quantised model loads; a weight format it never measured does not', () => {
    const run = oneOfEach().benchmarkRuns[0];
    const probe = run.results.find((r) => r.kind === 'engine-probe') as { decode: object[] };
    const withDecode = (decode: object[]) => ({ ...run, results: run.results.map((r) => (r === probe ? { ...probe, decode } : r)) });
    const q4 = { bytes: 1_900_000, layers: 4, weightType: 'q4_0', params: 3_400_000, decodeTokensPerSecond: 150 };
    expect(checkRecord('benchmarkRuns', withDecode([...probe.decode, q4, { ...q4, weightType: 'q8_0' }, { ...q4, weightType: 'q4_k_m' }])).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', withDecode([{ ...q4, weightType: 'q5_k' }]))).toEqual({ ok: false, reasons: [expect.stringMatching(/^results\.3\.decode\.0\.weightType: must be f32, q4_k_m, q8_0, q4_0/)] });
  });

  it('an engine probe whose speeds or first tokens no engine gives is refused (its fit would read Infinity and NaN), at the bounds it loads', () => {
    const run = oneOfEach().benchmarkRuns[0];
    const probe = run.results.find((r) => r.kind === 'engine-probe') as { decode: object[]; prefill: object[]; council: object[] };
    const with_ = (part: object) => ({ ...run, results: run.results.map((r) => (r === probe ? { ...probe, ...part } : r)) });
    const decode = (v: number) => with_({ decode: [{ bytes: 966_368, layers: 2, decodeTokensPerSecond: v }] });
    expect(checkRecord('benchmarkRuns', decode(1e-3)).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', decode(1e6)).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', decode(1e-320))).toEqual({ ok: false, reasons: ['results.3.decode.0.decodeTokensPerSecond: must be ≥ 0.001 tok/s'] });
    expect(checkRecord('benchmarkRuns', decode(1.000001e6))).toEqual({ ok: false, reasons: ['results.3.decode.0.decodeTokensPerSecond: must be ≤ 1000000 tok/s'] });
    expect(checkRecord('benchmarkRuns', with_({ council: [{ members: 2, bytes: 1e6, decodeTokensPerSecond: 9e-4, run: 0 }] })).ok).toBe(false);
    // The attention term's samples: whole blocks, widths and tokens (a width of 5e-324 would make its α Infinity).
    const attention = (width: number) => with_({ attention: [{ params: 1e6, layers: 2, width, promptTokens: 920, ttftMs: 90 }] });
    expect(checkRecord('benchmarkRuns', attention(96)).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', attention(5e-324))).toEqual({ ok: false, reasons: ['results.3.attention.0.width: must be a whole number', 'results.3.attention.0.width: must be ≥ 1'] });
    // A million tokens at most, on both sides of the edge (a crafted 1e15 put every prompt inside the probe's range).
    expect(checkRecord('benchmarkRuns', with_({ attention: [{ params: 1e6, layers: 2, width: 96, promptTokens: 1e6, ttftMs: 90 }] })).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', with_({ attention: [{ params: 1e6, layers: 2, width: 96, promptTokens: 1e6 + 1, ttftMs: 90 }] }))).toEqual({ ok: false, reasons: ['results.3.attention.0.promptTokens: must be ≤ 1000000'] });
    expect(checkRecord('benchmarkRuns', with_({ prefill: [{ params: 1e6, promptTokens: 1e6, ttftMs: 90 }] })).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', with_({ prefill: [{ params: 1e6, promptTokens: 1e15, ttftMs: 90 }] }))).toEqual({ ok: false, reasons: ['results.3.prefill.0.promptTokens: must be ≤ 1000000'] });
    // A lone run taken in turns with the councils is a council of one; no council has none.
    expect(checkRecord('benchmarkRuns', with_({ council: [{ members: 1, bytes: 1e6, decodeTokensPerSecond: 50, run: 0 }] })).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', with_({ council: [{ members: 0, bytes: 1e6, decodeTokensPerSecond: 50, run: 0 }] }))).toEqual({ ok: false, reasons: ['results.3.council.0.members: must be ≥ 1'] });
    expect(checkRecord('benchmarkRuns', with_({ restarts: 100 })).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', with_({ restarts: 1e300 }))).toEqual({ ok: false, reasons: ['results.3.restarts: must be ≤ 100'] });
    const prefill = (ttftMs: number) => with_({ prefill: [{ params: 241_000, promptTokens: 30, ttftMs }] });
    expect(checkRecord('benchmarkRuns', prefill(86_400_000)).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', prefill(1e308))).toEqual({ ok: false, reasons: ['results.3.prefill.0.ttftMs: must be ≤ 86400000 ms (a day)'] });
  });

  it('an engine probe with more samples than a probe takes is refused (the fits would throw or hang on it), at the bound it loads', () => {
    const run = oneOfEach().benchmarkRuns[0];
    const probe = run.results.find((r) => r.kind === 'engine-probe') as { council: object[] };
    const withCouncil = (council: object[]) => ({ ...run, results: run.results.map((r) => (r === probe ? { ...probe, council } : r)) });
    const row = { members: 2, bytes: 1e6, decodeTokensPerSecond: 50, run: 0 };
    expect(checkRecord('benchmarkRuns', withCouncil(Array.from({ length: PROBE_SAMPLES_MAX }, () => row))).ok).toBe(true);
    expect(checkRecord('benchmarkRuns', withCouncil(Array.from({ length: 40_000 }, () => row)))).toEqual({ ok: false, reasons: [`results.3.council: must hold at most ${PROBE_SAMPLES_MAX} samples (a probe takes under 200)`] });
  });

  it('refuse a setting nobody reads and a custom model whose URL is not a URL', () => {
    expect(checkRecord('settings', { key: 'evil.setting', value: 1 }).ok).toBe(false);
    const model = { id: 'r', engine: 'remote', label: 'r', addedAt: 1, config: { baseUrl: 'http://[bad' } };
    expect(checkRecord('customModels', model)).toEqual({ ok: false, reasons: ['config.baseUrl: must be a URL'] });
  });
});
