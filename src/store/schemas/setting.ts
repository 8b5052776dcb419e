import * as v from 'valibot';
import { nonEmpty, nonNegative, timestamp } from './common';

/**
 * Every setting the app stores, one value shape per key. The keys are declared by their owners
 * (hardware/persist.ts, optimize/optimizer-instance.ts, council/model-registry.ts, scalability);
 * setting-keys.test.ts checks the ones it can import.
 */
export const SETTING_SCHEMAS = {
  'hardware.tierOverride': v.nullable(v.picklist(['low', 'mid', 'high'])),
  'monitor.autoTuning': v.boolean(),
  /** Where web-llm loads prebuilt weights and libraries from ('' = Hugging Face). */
  'webllm.modelBaseUrl': v.union([v.literal(''), v.pipe(v.string(), v.url('must be an absolute URL or empty'))]),
  'scalability.points': v.array(v.object({ n: v.pipe(v.number(), v.integer(), v.minValue(1)), throughput: nonNegative })),
  /** Which scalability run the stored points are: recommendations name it and go stale when it is replaced. */
  'scalability.run': v.object({ id: nonEmpty, measuredAt: timestamp, modelId: v.nullable(v.string()) }),
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;

const entry = <K extends SettingKey>(key: K) => v.object({ key: v.literal(key), value: SETTING_SCHEMAS[key] });

export const settingSchema = v.variant('key', [
  entry('hardware.tierOverride'),
  entry('monitor.autoTuning'),
  entry('webllm.modelBaseUrl'),
  entry('scalability.points'),
  entry('scalability.run'),
]);
