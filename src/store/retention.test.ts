import { describe, expect, it } from 'vitest';
import { freshDb } from './test-db.test-util';
import { pruneAll, putBounded, RETENTION } from './retention';
import { HISTORY_KEEP } from '../monitor/history';
import { oneOfEach } from './fixtures.test-util';

const measurement = (i: number) => ({ ...oneOfEach().measurements[0], id: `m${String(i).padStart(5, '0')}`, at: 1000 + i });

describe('retention', () => {
  it('keeps the newest records of a store within its bound, pruning the oldest on write', async () => {
    const d = await freshDb();
    const keep = RETENTION.measurements.keep;
    const tx = d.transaction('measurements', 'readwrite');
    for (let i = 0; i < keep; i++) void tx.store.put(measurement(i));
    await tx.done;
    await putBounded(d, 'measurements', measurement(keep));
    await putBounded(d, 'measurements', measurement(keep + 1));
    expect(await d.count('measurements')).toBe(keep);
    const oldest = await d.getAllFromIndex('measurements', 'at', null, 1);
    expect(oldest[0].at).toBe(1002);
  });

  it('prunes every bounded store after an import', async () => {
    const d = await freshDb();
    const tx = d.transaction('loadTestRuns', 'readwrite');
    const run = oneOfEach().loadTestRuns[0];
    for (let i = 0; i < RETENTION.loadTestRuns.keep + 3; i++) void tx.store.put({ ...run, id: `l${i}`, startedAt: i });
    await tx.done;
    expect(await pruneAll(d)).toBe(3);
    expect(await d.count('loadTestRuns')).toBe(RETENTION.loadTestRuns.keep);
  });

  it("states the monitor's own history bound", () => {
    expect(RETENTION.metricsHistory.keep).toBe(HISTORY_KEEP);
  });
});
