/**
 * One reading of the monitor (1 s windows over the 100 ms samples), published every 100 ms. Alerts
 * and every consumer (the optimiser, charts) decide from this, so they can be tested with
 * synthetic samples.
 */
import type { CouncilReading } from './evidence';

export interface MonitorSample {
  /** Clock ms (performance.timeOrigin + performance.now(), the council's clock). */
  at: number;
  /** Frames per second over the last second (null when no frames, e.g. hidden tab). */
  fps: number | null;
  /** Mean rAF interval over the last second, ms. */
  frameTimeMs: number | null;
  /** Long tasks / long animation frames seen in the last second. */
  longTasks: number;
  /** JS memory of the page (workers included when the browser can tell), null when unknown. */
  heapBytes: number | null;
  /** Share (0..1) of the memory budgets in use (the highest of heap, RAM and GPU); null = unknown. */
  memoryShare: number | null;
  gpuMemoryBytes: number | null;
  /** Council: null when no council is running. */
  council: CouncilReading | null;
}
