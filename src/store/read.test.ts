import { describe, expect, it } from 'vitest';
import { freshDb } from './test-db.test-util';
import { readAll, readByIndex, readOne } from './read';
import { listSetAside } from './set-aside';
import { sweepAll } from './sweep';
import { craftedBadRecords, oneOfEach } from './fixtures.test-util';

async function withCrafted() {
  const d = await freshDb();
  const good = oneOfEach();
  const bad = craftedBadRecords();
  for (const store of ['benchmarkRuns', 'profiles', 'measurements', 'settings'] as const) {
    for (const r of [...good[store], ...bad[store]]) await d.put(store, r as never);
  }
  return { d, good, bad };
}

describe('reads from IndexedDB', () => {
  it('return the valid records and set the bad ones aside with their reasons', async () => {
    const { d, good } = await withCrafted();
    expect(await readAll('measurements', d)).toEqual(good.measurements);
    expect(await d.get('measurements', 'm-bad')).toBeUndefined();
    const aside = await listSetAside(d);
    expect(aside.map((a) => [a.store, a.key, a.reasons])).toEqual([['measurements', 'm-bad', ['measuredTokensPerSecond: must be ≥ 0']]]);
    expect(aside[0].record).toEqual(craftedBadRecords().measurements[0]);
  });

  it('skip a bad newest record when reading the latest by index', async () => {
    const { d, good } = await withCrafted();
    // A bad run newer than every good one: the read must pass over it to the good run.
    await d.put('benchmarkRuns', { ...craftedBadRecords().benchmarkRuns[0], id: 'bench-newest', startedAt: 2e12 } as never);
    expect(await readByIndex('benchmarkRuns', 'startedAt', { limit: 1 }, d)).toEqual(good.benchmarkRuns);
    expect((await listSetAside(d)).map((a) => a.key)).toEqual(['bench-newest']);
  });

  it('give no value for a setting of the wrong shape', async () => {
    const { d } = await withCrafted();
    expect(await readOne('settings', 'hardware.tierOverride', d)).toBeUndefined();
    expect((await listSetAside(d)).map((a) => a.key)).toEqual(['hardware.tierOverride']);
  });

  it('the sweep sets aside every bad record of every store, once', async () => {
    const { d } = await withCrafted();
    await sweepAll(d);
    await sweepAll(d);
    expect((await listSetAside(d)).map((a) => `${a.store}/${a.key}`).sort()).toEqual([
      'benchmarkRuns/bench-bad',
      'measurements/m-bad',
      'profiles/p-bad',
      'settings/hardware.tierOverride',
    ]);
    expect(await d.count('profiles')).toBe(1);
  });
});
