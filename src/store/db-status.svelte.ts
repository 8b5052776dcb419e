import type { DbProblem } from './db';

/** Why stored data is out of reach in this tab, or waits (db.ts SharedDb): shown under the header until it is resolved. */
class DbStatus {
  problem = $state.raw<DbProblem | null>(null);
}

export const dbStatus = new DbStatus();
