import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openWirthforgeDb, type Db } from '../store/db';
import {
  addToBaseline,
  addToBaselines,
  BaselineFileError,
  describeBaseline,
  importBaselines,
  listBaselines,
  MAX_SAMPLES,
  parseBaselineFile,
  toBaselineFile,
} from './baselines';

let counter = 0;
const open: Db[] = [];
async function freshDb(): Promise<Db> {
  const d = await openWirthforgeDb(`baselines-test-${counter++}`);
  open.push(d);
  return d;
}
afterEach(() => open.splice(0).forEach((d) => d.close()));

const tps = { metric: 'decode', unit: 'tokens/s', direction: 'higher-is-better' as const, source: 'test' };

describe('baselines', () => {
  it("several metrics' samples are stored together or not at all (a load test's throughput and latency)", async () => {
    const db = await freshDb();
    const lat = { metric: 'latency', unit: 'ms', direction: 'lower-is-better' as const, source: 'test' };
    await addToBaselines(db, [{ ...tps, samples: [1, 2] }, { ...lat, samples: [30] }]);
    expect((await listBaselines(db)).map((b) => [b.metric, b.samples])).toEqual([['decode', [1, 2]], ['latency', [30]]]);
    // The second record cannot be stored (a function is no data): the first one's samples are not kept either.
    await expect(addToBaselines(db, [{ ...tps, samples: [3] }, { ...lat, samples: [40], source: (() => 'x') as unknown as string }])).rejects.toThrow();
    expect((await listBaselines(db)).map((b) => [b.metric, b.samples])).toEqual([['decode', [1, 2]], ['latency', [30]]]);
  });

  it('accumulate samples per metric; ready at ≥ 10 with mean, sd, median, p95, p99 and interval', async () => {
    const db = await freshDb();
    await addToBaseline(db, { ...tps, samples: [10, 11, 12, 13, 14] });
    let [b] = await listBaselines(db);
    expect(describeBaseline(b).ready).toBe(false);
    await addToBaseline(db, { ...tps, samples: [15, 16, 17, 18, 19] });
    [b] = await listBaselines(db);
    const view = describeBaseline(b);
    expect(view.ready).toBe(true);
    expect(view.summary?.n).toBe(10);
    expect(view.summary?.mean).toBe(14.5);
    expect(view.summary?.median).toBe(14.5);
    expect(view.summary?.ci95[0]).toBeLessThan(14.5);
    expect(await listBaselines(db)).toHaveLength(1);
  });

  it('keeps only the newest samples', async () => {
    const db = await freshDb();
    await addToBaseline(db, { ...tps, samples: Array.from({ length: MAX_SAMPLES + 5 }, (_, i) => i) });
    const [b] = await listBaselines(db);
    expect(b.samples).toHaveLength(MAX_SAMPLES);
    expect(b.samples[0]).toBe(5);
  });

  it('export → import round trip restores the same records', async () => {
    const a = await freshDb();
    await addToBaseline(a, { ...tps, samples: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    await addToBaseline(a, { metric: 'p95', unit: 'ms', direction: 'lower-is-better', source: 'test', samples: [5, 6] });
    const text = JSON.stringify(toBaselineFile(await listBaselines(a)));
    const b = await freshDb();
    await importBaselines(b, parseBaselineFile(text));
    expect(await listBaselines(b)).toEqual(await listBaselines(a));
  });

  it('refuses files that are not baselines or hold bad records', () => {
    expect(() => parseBaselineFile('{')).toThrow(BaselineFileError);
    expect(() => parseBaselineFile('{"format":"x"}')).toThrow(/Not a WIRTHFORGE baselines file/);
    const bad = JSON.stringify({ format: 'wirthforge-baselines', version: 1, exportedAt: 1, baselines: [{ id: 'x', metric: 'm', unit: 'ms', direction: 'sideways', samples: [1], createdAt: 1, updatedAt: 1, source: 's' }] });
    try {
      parseBaselineFile(bad);
      expect.unreachable();
    } catch (err) {
      expect((err as BaselineFileError).problems[0]).toMatch(/direction/);
    }
  });
});
