/** Test doubles for the optimiser: a council that records the knobs turned, and snapshots. */
import type { MonitorSnapshot } from '../monitor/snapshot';
import type { CouncilControl, CouncilMemberInfo } from './council-port';

export class FakeCouncil implements CouncilControl {
  list: CouncilMemberInfo[];
  calls: string[] = [];
  state = { memberTimeoutMs: 5_000, earlyConsensus: false, threadsPerMember: 2 };
  private seq = 0;
  constructor(modelIds: string[], backend = 'webgpu') {
    this.list = modelIds.map((modelId) => ({ id: `m${++this.seq}`, modelId, state: 'idle', backend }));
  }
  members() {
    return this.list;
  }
  async removeMember(id: string) {
    this.calls.push(`remove ${id}`);
    this.list = this.list.filter((m) => m.id !== id);
  }
  async addMember(modelId: string) {
    const id = `m${++this.seq}`;
    this.calls.push(`add ${modelId}`);
    this.list.push({ id, modelId, state: 'idle' });
    return id;
  }
  setMemberTimeoutMs(ms: number) {
    this.calls.push(`timeout ${ms}`);
    this.state.memberTimeoutMs = ms;
  }
  setEarlyConsensus(on: boolean) {
    this.calls.push(`early ${on}`);
    this.state.earlyConsensus = on;
  }
  async reloadMember(id: string) {
    this.calls.push(`reload ${id}`);
  }
  setThreadsPerMember(n: number) {
    this.calls.push(`threads ${n}`);
    this.state.threadsPerMember = n;
  }
  knobs() {
    return { ...this.state };
  }
}

export function snap(p: Partial<MonitorSnapshot> = {}, council: Partial<NonNullable<MonitorSnapshot['council']>> | null = null): MonitorSnapshot {
  return {
    at: 0,
    fps: 60,
    frameTimeMs: 16.7,
    longTasks: 0,
    heapBytes: null,
    memoryShare: 0.3,
    gpuMemoryBytes: null,
    council: council ? { members: [], queueDepth: 0, consensusTimeMs: null, efficiency: null, combinedTokensPerSecond: 0, ...council } : null,
    ...p,
  };
}
