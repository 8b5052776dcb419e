import type { Db } from '../store/db';
import { newId } from '../store/db';
import type { BaselineRecord, MetricDirection } from '../store/schema';
import { checkRecord } from '../store/schemas';
import { readAll, readByIndex } from '../store/read';
import { toStorageError } from '../store/errors';
import { summarize, type Summary } from './stats';
import { MIN_BASELINE_SAMPLES } from './detector';

/**
 * Baselines (SPEC §3.6): per metric, the samples of good runs, kept in the `baselines` store. A
 * baseline is usable once it holds ≥ 10 samples; the newest MAX_SAMPLES are kept so an old
 * machine state slowly ages out.
 */

export const MAX_SAMPLES = 200;
export const BASELINE_FILE_FORMAT = 'wirthforge-baselines';

export interface BaselineView {
  record: BaselineRecord;
  summary: Summary | null;
  ready: boolean;
}

export function describeBaseline(record: BaselineRecord): BaselineView {
  return {
    record,
    summary: record.samples.length ? summarize(record.samples) : null,
    ready: record.samples.length >= MIN_BASELINE_SAMPLES,
  };
}

export interface NewSamples {
  metric: string;
  unit: string;
  direction: MetricDirection;
  samples: number[];
  source: string;
}

/** Adds samples to the metric's baseline (creating it), keeping the newest MAX_SAMPLES. Pure. */
export function mergeSamples(existing: BaselineRecord | undefined, add: NewSamples, now = Date.now()): BaselineRecord {
  const clean = add.samples.filter((x) => Number.isFinite(x));
  if (!existing) {
    return { id: newId('baseline'), metric: add.metric, unit: add.unit, direction: add.direction, samples: clean.slice(-MAX_SAMPLES), createdAt: now, updatedAt: now, source: add.source };
  }
  return { ...existing, unit: add.unit, direction: add.direction, samples: [...existing.samples, ...clean].slice(-MAX_SAMPLES), updatedAt: now, source: add.source };
}

export async function listBaselines(db: Db): Promise<BaselineRecord[]> {
  const all = await readAll('baselines', db);
  return all.sort((a, b) => a.metric.localeCompare(b.metric));
}

export async function baselineFor(db: Db, metric: string): Promise<BaselineRecord | undefined> {
  return (await readByIndex('baselines', 'metric', { query: metric, limit: 1 }, db))[0];
}

/** Appends samples to a metric's baseline in one transaction. */
export async function addToBaseline(db: Db, add: NewSamples): Promise<BaselineRecord> {
  return (await addToBaselines(db, [add]))[0];
}

/**
 * Adds samples to several metrics' baselines in one transaction: all are stored or none (a load
 * test's throughput and latency belong together; a connection closed between two transactions —
 * another tab's newer version — would keep one without the other).
 */
export async function addToBaselines(db: Db, adds: readonly NewSamples[]): Promise<BaselineRecord[]> {
  try {
    const tx = db.transaction('baselines', 'readwrite');
    const records: BaselineRecord[] = [];
    try {
      for (const add of adds) {
        const record = mergeSamples(await tx.store.index('metric').get(add.metric), add);
        await tx.store.put(record);
        records.push(record);
      }
    } catch (err) {
      tx.abort(); // a put that failed leaves the ones before it queued: none is written
      await tx.done.catch(() => undefined);
      throw err;
    }
    await tx.done;
    return records;
  } catch (err) {
    throw toStorageError(err, 'baselines');
  }
}

/** Replaces a metric's baseline with exactly these samples (a fresh baseline). */
export async function replaceBaseline(db: Db, add: NewSamples): Promise<BaselineRecord> {
  const tx = db.transaction('baselines', 'readwrite');
  const existing = await tx.store.index('metric').get(add.metric);
  const record = mergeSamples(existing ? { ...existing, samples: [] } : undefined, add);
  await tx.store.put(record);
  await tx.done;
  return record;
}

export async function deleteBaseline(db: Db, id: string): Promise<void> {
  await db.delete('baselines', id);
}

export interface BaselineFile {
  format: typeof BASELINE_FILE_FORMAT;
  version: 1;
  exportedAt: number;
  baselines: BaselineRecord[];
}

export class BaselineFileError extends Error {
  override name = 'BaselineFileError';
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

export function toBaselineFile(records: BaselineRecord[], now = Date.now()): BaselineFile {
  return { format: BASELINE_FILE_FORMAT, version: 1, exportedAt: now, baselines: records };
}

/** Parses and validates an exported baselines file; throws BaselineFileError listing every problem. */
export function parseBaselineFile(text: string): BaselineRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineFileError(`Not valid JSON (${(err as Error).message}). Choose a file exported from the Benchmarks screen.`);
  }
  const file = data as Partial<BaselineFile> | null;
  if (!file || typeof file !== 'object' || file.format !== BASELINE_FILE_FORMAT) {
    throw new BaselineFileError(`Not a WIRTHFORGE baselines file (missing "format": "${BASELINE_FILE_FORMAT}").`);
  }
  if (!Array.isArray(file.baselines)) throw new BaselineFileError('The file has no "baselines" array.');
  const problems: string[] = [];
  const metrics = new Set<string>();
  file.baselines.forEach((b, i) => {
    const checked = checkRecord('baselines', b);
    if (!checked.ok) for (const p of checked.reasons) problems.push(`baselines[${i}]: ${p}`);
    const metric = (b as { metric?: unknown })?.metric;
    if (typeof metric === 'string') {
      if (metrics.has(metric)) problems.push(`baselines[${i}]: duplicate metric "${metric}"`);
      metrics.add(metric);
    }
  });
  if (problems.length) throw new BaselineFileError(`Import refused: ${problems.length} problem(s). Nothing was changed.`, problems);
  return file.baselines as BaselineRecord[];
}

/** Imports baselines: a metric already present is replaced by the imported one (same id kept). */
export async function importBaselines(db: Db, records: BaselineRecord[]): Promise<number> {
  const tx = db.transaction('baselines', 'readwrite');
  for (const r of records) {
    const existing = await tx.store.index('metric').get(r.metric);
    if (existing && existing.id !== r.id) await tx.store.delete(existing.id);
    await tx.store.put(r);
  }
  await tx.done;
  return records.length;
}
