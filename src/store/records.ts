import type { StoreName } from './schema';
import {
  arrayOf,
  isAny,
  isFiniteNumber,
  isObject,
  isString,
  isTimestamp,
  nullable,
  oneOf,
  optional,
  type RecordSpec,
} from './validate';

/** Run-time shape of each store's records; used to validate imports (and anything else untrusted). */
export const recordSpecs: Record<StoreName, RecordSpec> = {
  profiles: { id: isString, detectedAt: isTimestamp, profile: isObject },
  benchmarkRuns: { id: isString, profileId: isString, startedAt: isTimestamp, results: arrayOf(isObject) },
  baselines: {
    id: isString,
    metric: isString,
    unit: (v) => (typeof v === 'string' ? null : 'must be a string'),
    direction: oneOf('higher-is-better', 'lower-is-better'),
    samples: arrayOf(isFiniteNumber),
    createdAt: isTimestamp,
    updatedAt: isTimestamp,
    source: isString,
  },
  settings: { key: isString, value: isAny },
  actionLog: {
    id: isString,
    at: isTimestamp,
    action: isString,
    reason: isString,
    outcome: oneOf('applied', 'kept', 'rolled-back', 'skipped'),
    before: optional(nullable(isFiniteNumber)),
    after: optional(nullable(isFiniteNumber)),
    metric: optional(isString),
  },
  customModels: {
    id: isString,
    engine: oneOf('web-llm', 'wllama', 'remote'),
    label: isString,
    addedAt: isTimestamp,
    config: isObject,
  },
  measurements: {
    id: isString,
    at: isTimestamp,
    modelId: isString,
    engine: isString,
    device: isString,
    predictedTokensPerSecond: isFiniteNumber,
    measuredTokensPerSecond: isFiniteNumber,
  },
  metricsHistory: { id: isString, at: isTimestamp, metrics: isObject },
  loadTestRuns: { id: isString, scenario: isString, startedAt: isTimestamp, report: isObject },
};

/** The key field of each store (settings is keyed by `key`, everything else by `id`). */
export const keyField = (store: StoreName): 'id' | 'key' => (store === 'settings' ? 'key' : 'id');
