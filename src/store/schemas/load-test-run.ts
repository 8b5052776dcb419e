import * as v from 'valibot';
import { finite, nonEmpty, nonNegative, nullableNonNegative, nullableNumber, text, timestamp } from './common';

/** A stored load-test run: the LoadReport (src/loadtest/report.ts) plus its request events. */
const scenario = v.picklist(['S1', 'S2', 'S4', 'S5']);
const outcome = v.picklist(['ok', 'rejected', 'error', 'cancelled', 'lost']);
const percentiles = v.nullable(v.object({ p50: nonNegative, p90: nonNegative, p95: nonNegative, p99: nonNegative, max: nonNegative }));

const requestEvent = v.object({
  id: finite,
  tag: text,
  group: text,
  submittedAt: finite,
  settledAt: finite,
  outcome,
  tokens: nonNegative,
  ttftMs: nullableNonNegative,
  queuedMs: nullableNonNegative,
  errorName: v.nullable(text),
  errorMessage: v.nullable(text),
});

/**
 * A scalability recommendation kept with the report (src/scalability/recommendations.ts; the store
 * imports nothing outside itself, so contracts.test.ts checks these lists equal the producer's).
 */
export const RECOMMENDATION_HORIZONS = ['immediate', 'medium', 'long', 'risk'] as const;
export const RECOMMENDATION_RULES = [
  'council-knee',
  'model-meets-target',
  'model-misses-target',
  'bandwidth-for-council',
  'servers-for-council',
  'throughput-falls',
  'memory-headroom',
  'weak-fit',
] as const;
export const RECOMMENDATION_BASIS_KINDS = ['scalability-run', 'capacity-plan'] as const;
const recommendation = v.object({
  horizon: v.picklist(RECOMMENDATION_HORIZONS),
  rule: v.picklist(RECOMMENDATION_RULES),
  text,
  numbers: v.record(v.string(), finite),
  basis: v.array(v.object({ kind: v.picklist(RECOMMENDATION_BASIS_KINDS), id: nonEmpty, at: v.nullable(timestamp), label: text })),
});

export const loadReportSchema = v.object({
  scenario,
  short: v.boolean(),
  target: text,
  capacity: nonNegative,
  startedAt: timestamp,
  durationMs: nonNegative,
  stopped: v.boolean(),
  counts: v.object({ submitted: nonNegative, ok: nonNegative, rejected: nonNegative, error: nonNegative, cancelled: nonNegative, lost: nonNegative }),
  errorRate: nonNegative,
  rejectionRate: nonNegative,
  errorsByName: v.record(v.string(), nonNegative),
  totalTokens: nonNegative,
  throughput: nonNegative,
  throughputSeries: v.object({ at: v.array(nonNegative), tokensPerSecond: v.array(nonNegative) }),
  throughputCv: nullableNonNegative,
  latencyMs: percentiles,
  ttftMs: percentiles,
  latencySamples: v.array(finite),
  perGroup: v.array(v.object({ group: text, n: nonNegative, medianLatencyMs: nullableNumber, medianServiceMs: nullableNumber })),
  fps: v.object({ mean: nullableNonNegative, min: nullableNonNegative, p5: nullableNonNegative }),
  memory: v.object({ firstBytes: nullableNonNegative, lastBytes: nullableNonNegative, peakBytes: nullableNonNegative, growthBytesPerMinute: nullableNumber }),
  env: v.object({
    at: v.array(finite),
    fps: v.array(nullableNonNegative),
    heapMB: v.array(nullableNonNegative),
    queueDepth: v.array(nonNegative),
    inFlight: v.array(nonNegative),
  }),
  maxQueueDepth: nonNegative,
  checks: v.array(v.object({ name: text, passed: v.boolean(), detail: text })),
  recommendations: v.optional(v.array(recommendation)),
  events: v.array(requestEvent),
});

export const loadTestRunSchema = v.object({ id: nonEmpty, scenario, startedAt: timestamp, report: loadReportSchema });
