import type { DBSchema } from 'idb';
import type { RecordOf } from './schemas';

/**
 * The one IndexedDB schema of the app. Bump DB_VERSION and add a step to db.ts's MIGRATIONS for
 * every change of stores or indexes, and for every change of a record's schema that an older build
 * would reject (schemas/index.ts): an older build sets such a record aside, out of every screen,
 * while a newer database version stops it from opening the database at all (db.ts
 * DatabaseNewerError) and closes its open tabs' connections (DatabaseSupersededError). Never edit
 * an earlier step. Every store's records are validated on import and on every read by the schema
 * of the same name in schemas/index.ts.
 */
export const DB_NAME = 'wirthforge-performance';
export const DB_VERSION = 3;

/** Hardware Detector output (the whole HardwareProfile), stored so the tier and benchmarks can be shown with their date. */
export type ProfileRecord = RecordOf<'profiles'>;

/** One run of the Benchmark Collector's micro-benchmarks: a figure or a skip per benchmark, and the suite's facts. */
export type BenchmarkRunRecord = RecordOf<'benchmarkRuns'>;

export type MetricDirection = 'higher-is-better' | 'lower-is-better';

/** Regression Detector baseline for one metric (SPEC §3.6: ≥ 10 samples). */
export interface BaselineRecord {
  id: string;
  metric: string;
  unit: string;
  direction: MetricDirection;
  samples: number[];
  createdAt: number;
  updatedAt: number;
  /** Where the samples came from: benchmark, load test, bench suite. */
  source: string;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** Optimisation Engine action log: what, why, before/after, kept or rolled back. */
export interface ActionLogRecord {
  id: string;
  at: number;
  action: string;
  reason: string;
  outcome: 'applied' | 'kept' | 'rolled-back' | 'skipped';
  before?: number | null;
  after?: number | null;
  metric?: string;
}

/** A model a person added: web-llm appConfig record, GGUF by URL/file, or remote server. */
export interface CustomModelRecord {
  id: string;
  engine: 'web-llm' | 'wllama' | 'remote';
  label: string;
  addedAt: number;
  /** Engine-specific configuration (model_lib URL, GGUF URL, base URL …), validated by the engine. */
  config: Record<string, unknown>;
}

/** Capacity Planner feedback loop: predicted vs measured decode speed. */
export interface MeasurementRecord {
  id: string;
  at: number;
  modelId: string;
  engine: string;
  device: string;
  predictedTokensPerSecond: number;
  measuredTokensPerSecond: number;
  /** The engine probe's prediction before feedback, when there was a probe (issue 11: calibration plot). */
  coldPredictedTokensPerSecond?: number;
  /** Members decoding at once when it was measured (absent = 1); the predictions are for that many. */
  members?: number;
}

/** Bounded recent history of the monitor (one record per flushed window). */
export interface MetricsHistoryRecord {
  id: string;
  at: number;
  metrics: Record<string, number | null>;
}

/** One load-test run with its report and request events. */
export type LoadTestRunRecord = RecordOf<'loadTestRuns'>;

/** A stored record that failed its schema on read: moved here, shown in Data, never read by a screen. */
export interface SetAsideRecord {
  id: string;
  at: number;
  store: StoreName;
  /** The record's key in its store (as text), when it had one. */
  key: string | null;
  reasons: string[];
  record: unknown;
}

export interface WirthforgeDB extends DBSchema {
  profiles: { key: string; value: ProfileRecord; indexes: { detectedAt: number } };
  benchmarkRuns: { key: string; value: BenchmarkRunRecord; indexes: { startedAt: number } };
  baselines: { key: string; value: BaselineRecord; indexes: { metric: string } };
  settings: { key: string; value: SettingRecord };
  actionLog: { key: string; value: ActionLogRecord; indexes: { at: number } };
  customModels: { key: string; value: CustomModelRecord };
  measurements: { key: string; value: MeasurementRecord; indexes: { modelId: string; at: number } };
  metricsHistory: { key: string; value: MetricsHistoryRecord; indexes: { at: number } };
  loadTestRuns: { key: string; value: LoadTestRunRecord; indexes: { startedAt: number } };
  setAside: { key: string; value: SetAsideRecord; indexes: { at: number } };
}

export type StoreName =
  | 'profiles'
  | 'benchmarkRuns'
  | 'baselines'
  | 'settings'
  | 'actionLog'
  | 'customModels'
  | 'measurements'
  | 'metricsHistory'
  | 'loadTestRuns'
  | 'setAside';

export const STORE_NAMES: readonly StoreName[] = [
  'profiles',
  'benchmarkRuns',
  'baselines',
  'settings',
  'actionLog',
  'customModels',
  'measurements',
  'metricsHistory',
  'loadTestRuns',
  'setAside',
];
