import { db, newId } from '../store/db';
import { toStorageError } from '../store/errors';
import type { MeasurementRecord } from '../store/schema';

/** Stores one predicted-vs-measured decode speed (IndexedDB `measurements`). */
export async function saveMeasurement(m: Omit<MeasurementRecord, 'id' | 'at'>): Promise<MeasurementRecord> {
  const record: MeasurementRecord = { id: newId('meas'), at: Date.now(), ...m };
  try {
    await (await db()).put('measurements', record);
  } catch (err) {
    throw toStorageError(err, 'measurements');
  }
  return record;
}

export async function allMeasurements(): Promise<MeasurementRecord[]> {
  return (await db()).getAll('measurements');
}
