import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { openWirthforgeDb, type Db } from './db';

let counter = 0;
const open: Db[] = [];

/** A new, empty database per call (fake-indexeddb), closed after each test. */
export async function freshDb(version?: number): Promise<Db> {
  const d = await openWirthforgeDb(`test-${Date.now()}-${counter++}`, version);
  open.push(d);
  return d;
}

export function track(d: Db): Db {
  open.push(d);
  return d;
}

afterEach(() => open.splice(0).forEach((d) => d.close()));
