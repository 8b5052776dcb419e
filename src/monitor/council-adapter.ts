/**
 * Wires the real council (src/council) into the monitor and the optimiser through their small
 * interfaces (CouncilMetricsSource, CouncilControl). Nothing here decides anything.
 */
import { council } from '../council/council.svelte';
import type { CouncilControl, CouncilMemberInfo } from '../optimize/council-port';
import type { CouncilMetricsLike, CouncilMetricsSource } from './sources';

export const councilMetricsSource: CouncilMetricsSource = {
  metrics(): CouncilMetricsLike | null {
    if (council.members.length === 0) return null;
    const m = council.metrics();
    const backends = new Map(council.members.map((x) => [x.id, x.backend as string]));
    for (const member of m.members) (member as { backend?: string }).backend = backends.get(member.id);
    return m;
  },
};

export const councilControl: CouncilControl = {
  members(): CouncilMemberInfo[] {
    return council.members.filter((m) => m.state !== 'removed').map((m) => ({ id: m.id, modelId: m.modelId, state: m.state, backend: m.backend }));
  },
  removeMember: (id) => council.removeMember(id),
  async addMember(modelId) {
    return (await council.addMember(modelId)).id;
  },
  setMemberTimeoutMs: (ms) => council.setMemberTimeoutMs(ms),
  setEarlyConsensus: (on) => council.setEarlyConsensus(on),
  setThreadsPerMember: (n) => council.setThreadsPerMember(n),
  reloadMember: (id) => council.restartMember(id),
  knobs() {
    // Read structurally: the council exposes its current knob values as plain fields.
    const k = council as unknown as { memberTimeoutMs?: number; earlyConsensus?: boolean; threadsPerMember?: number | null };
    const auto = Math.max(1, Math.floor((navigator.hardwareConcurrency || 2) / 2));
    return { memberTimeoutMs: k.memberTimeoutMs ?? 5_000, earlyConsensus: k.earlyConsensus ?? true, threadsPerMember: k.threadsPerMember ?? auto };
  },
};
