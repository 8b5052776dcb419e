import * as v from 'valibot';
import { nonEmpty, nonNegative, timestamp } from './common';
import { VRAM_GB_RANGE } from '../../hardware/vram-input';

/**
 * Every setting the app stores, one value shape per key. The keys are declared by their owners
 * (hardware/persist.ts, optimize/optimizer-instance.ts, council/model-registry.ts, scalability);
 * setting-keys.test.ts checks the ones it can import.
 */
export const SETTING_SCHEMAS = {
  'hardware.tierOverride': v.nullable(v.picklist(['low', 'mid', 'high'])),
  /** GPU memory the person entered (GiB, as GPUs are sold); null = not entered, the plan assumes it. */
  'hardware.vramGB': v.nullable(v.pipe(v.number(), v.finite('must be a finite number'), v.minValue(VRAM_GB_RANGE.min, `must be at least ${VRAM_GB_RANGE.min} GB`), v.maxValue(VRAM_GB_RANGE.max, `must be at most ${VRAM_GB_RANGE.max} GB`))),
  /** The GPU that figure was entered for (hardware/persist.ts gpuKey): another GPU's figure is not applied. */
  'hardware.vramGpu': v.nullable(v.pipe(v.string(), v.maxLength(1000, 'must be at most 1000 characters'))),
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
  entry('hardware.vramGB'),
  entry('hardware.vramGpu'),
  entry('monitor.autoTuning'),
  entry('webllm.modelBaseUrl'),
  entry('scalability.points'),
  entry('scalability.run'),
]);
