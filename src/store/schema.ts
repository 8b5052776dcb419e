import type { DBSchema } from 'idb';

/**
 * The one IndexedDB schema of the app. Bump DB_VERSION and add an `if (oldVersion < N)` step in
 * db.ts for every change; never edit an earlier step. Every store's records are validated on
 * import by the validator of the same name in records.ts.
 */
export const DB_NAME = 'wirthforge-performance';
export const DB_VERSION = 1;

/** Hardware Detector output, stored so the tier and benchmarks can be shown with their date. */
export interface ProfileRecord {
  id: string;
  detectedAt: number;
  /** The HardwareProfile as detected (see src/hardware). */
  profile: Record<string, unknown>;
}

/** One run of the Benchmark Collector's micro-benchmarks. */
export interface BenchmarkRunRecord {
  id: string;
  profileId: string;
  startedAt: number;
  /** One entry per micro-benchmark: name, unit, median, spread, samples, duration. */
  results: Record<string, unknown>[];
}

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
}

/** Bounded recent history of the monitor (one record per flushed window). */
export interface MetricsHistoryRecord {
  id: string;
  at: number;
  metrics: Record<string, number | null>;
}

/** One load-test run with its report. */
export interface LoadTestRunRecord {
  id: string;
  scenario: string;
  startedAt: number;
  report: Record<string, unknown>;
}

export interface WirthforgeDB extends DBSchema {
  profiles: { key: string; value: ProfileRecord; indexes: { detectedAt: number } };
  benchmarkRuns: { key: string; value: BenchmarkRunRecord; indexes: { startedAt: number } };
  baselines: { key: string; value: BaselineRecord; indexes: { metric: string } };
  settings: { key: string; value: SettingRecord };
  actionLog: { key: string; value: ActionLogRecord; indexes: { at: number } };
  customModels: { key: string; value: CustomModelRecord };
  measurements: { key: string; value: MeasurementRecord; indexes: { modelId: string } };
  metricsHistory: { key: string; value: MetricsHistoryRecord; indexes: { at: number } };
  loadTestRuns: { key: string; value: LoadTestRunRecord; indexes: { startedAt: number } };
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
  | 'loadTestRuns';

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
];
