import * as v from 'valibot';
import type { StoreName } from '../schema';
import { finite, nonEmpty, nonNegative, nullableNumber, text, timestamp } from './common';
import { hardwareProfileSchema } from './profile';
import { benchmarkRunSchema } from './benchmark-run';
import { loadTestRunSchema } from './load-test-run';
import { customModelSchema } from './custom-model';
import { settingSchema } from './setting';

/**
 * One deep schema per store (valibot): every nested field of every record. Used on import and on
 * every read from IndexedDB (src/store/read.ts).
 */
export const RECORD_SCHEMAS = {
  profiles: v.object({ id: nonEmpty, detectedAt: timestamp, profile: hardwareProfileSchema }),
  benchmarkRuns: benchmarkRunSchema,
  baselines: v.object({
    id: nonEmpty,
    metric: nonEmpty,
    unit: text,
    direction: v.picklist(['higher-is-better', 'lower-is-better']),
    samples: v.array(finite),
    createdAt: timestamp,
    updatedAt: timestamp,
    source: nonEmpty,
  }),
  settings: settingSchema,
  actionLog: v.object({
    id: nonEmpty,
    at: timestamp,
    action: nonEmpty,
    reason: nonEmpty,
    outcome: v.picklist(['applied', 'kept', 'rolled-back', 'skipped']),
    before: v.optional(nullableNumber),
    after: v.optional(nullableNumber),
    metric: v.optional(text),
  }),
  customModels: customModelSchema,
  measurements: v.object({
    id: nonEmpty,
    at: timestamp,
    modelId: nonEmpty,
    engine: nonEmpty,
    device: nonEmpty,
    predictedTokensPerSecond: nonNegative,
    measuredTokensPerSecond: nonNegative,
    coldPredictedTokensPerSecond: v.optional(nonNegative),
    members: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be ≥ 1'))),
  }),
  metricsHistory: v.object({ id: nonEmpty, at: timestamp, metrics: v.record(v.string(), nullableNumber) }),
  loadTestRuns: loadTestRunSchema,
} satisfies Record<Exclude<StoreName, 'setAside'>, v.GenericSchema>;

export type RecordStore = keyof typeof RECORD_SCHEMAS;
export type RecordOf<S extends RecordStore> = v.InferOutput<(typeof RECORD_SCHEMAS)[S]>;

export type Checked<T> = { ok: true; value: T } | { ok: false; reasons: string[] };

/** "results.0.median: missing", "measuredTokensPerSecond: must be ≥ 0" … one per issue. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = issue.path?.map((p) => String(p.key)).join('.');
    const why = issue.received === 'undefined' && issue.kind === 'schema' ? 'missing' : issue.message;
    return path ? `${path}: ${why}` : why;
  });
}

/** Validates one record of a store against its schema. */
export function checkRecord<S extends RecordStore>(store: S, value: unknown): Checked<RecordOf<S>> {
  const result = v.safeParse(RECORD_SCHEMAS[store], value);
  return result.success ? { ok: true, value: result.output as RecordOf<S> } : { ok: false, reasons: describeIssues(result.issues) };
}

/** The stores that hold app records (everything but `setAside`), in schema order. */
export const RECORD_STORES = Object.keys(RECORD_SCHEMAS) as RecordStore[];
