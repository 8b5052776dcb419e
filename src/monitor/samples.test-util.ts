/** Synthetic council metrics, finished requests and monitor samples for tests (no browser). */
import type { CouncilMetrics, MemberMetrics, RequestRecord } from '../council/types';
import { CouncilEvidenceTracker } from './evidence';
import type { MonitorSample } from './sample';

export function member(id: string, p: Partial<MemberMetrics> = {}): MemberMetrics {
  return { id, modelId: `model-${id}`, state: 'idle', tokensPerSecond: 0, timePerTokenMs: null, soloTokensPerSecond: 50, ttftMs: 300, backend: 'wasm-cpu', threads: 1, ...p };
}

let seq = 0;
export function request(finishedAt: number, p: Partial<RequestRecord> = {}): RequestRecord {
  return { requestId: `r${++seq}`, finishedAt, consensusTimeMs: 1_000, efficiency: 0.9, members: 2, completionTokens: 128, aborted: false, failures: 0, memberSpeeds: [], ...p };
}

export function metrics(p: Partial<CouncilMetrics> = {}): CouncilMetrics {
  return {
    members: [member('m1'), member('m2')],
    queueDepth: 0,
    consensusTimeMs: null,
    efficiency: null,
    combinedTokensPerSecond: 0,
    estimatedGpuMemoryBytes: 0,
    completed: 0,
    failed: 0,
    busy: false,
    recentRequests: [],
    ...p,
  };
}

export function sample(p: Partial<MonitorSample> = {}): MonitorSample {
  return { at: 0, fps: 60, frameTimeMs: 16.7, longTasks: 0, heapBytes: null, memoryShare: 0.3, gpuMemoryBytes: null, council: null, ...p };
}

/**
 * Drives a council through time like the collector does: `step(at, metrics)` returns the sample
 * with its council reading (working, evidence), so tests write scenarios, not readings.
 */
export class CouncilScenario {
  private readonly tracker = new CouncilEvidenceTracker();
  private records: RequestRecord[] = [];

  /** A request finished at `at` (the council replaces its array). */
  finish(record: RequestRecord): void {
    this.records = [...this.records, record].slice(-20);
  }

  step(at: number, m: Partial<CouncilMetrics> = {}, s: Partial<MonitorSample> = {}): MonitorSample {
    return sample({ at, ...s, council: this.tracker.observe(metrics({ recentRequests: this.records, ...m }), at) });
  }
}
