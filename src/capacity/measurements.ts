import { db, newId } from '../store/db';
import { readByIndex } from '../store/read';
import { putBounded } from '../store/retention';
import type { MeasurementRecord } from '../store/schema';

/**
 * Measurements read at start: the newest ones by the `at` index, never the whole store. The plan
 * uses the newest FEEDBACK_WINDOW per engine/device and the latest per model, both within these.
 */
export const MEASUREMENTS_READ = 500;

/** Stores one predicted-vs-measured decode speed (IndexedDB `measurements`). */
export async function saveMeasurement(m: Omit<MeasurementRecord, 'id' | 'at'>): Promise<MeasurementRecord> {
  const record: MeasurementRecord = { id: newId('meas'), at: Date.now(), ...m };
  await putBounded(await db(), 'measurements', record);
  return record;
}

/** The newest valid measurements, newest first. */
export function recentMeasurements(limit = MEASUREMENTS_READ): Promise<MeasurementRecord[]> {
  return readByIndex('measurements', 'at', { limit });
}
