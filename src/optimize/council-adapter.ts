/**
 * Wires the real council (src/council) into the optimiser through its small interface
 * (CouncilControl). Nothing here decides anything.
 */
import { council } from '../council/council.svelte';
import type { CouncilControl, CouncilMemberInfo } from './council-port';

export const councilControl: CouncilControl = {
  members(): readonly CouncilMemberInfo[] {
    return council.activeFacts();
  },
  removeMember: (id) => council.removeMember(id),
  async addMember(modelId) {
    return (await council.addMember(modelId)).id;
  },
  setMemberTimeoutMs: (ms) => council.setMemberTimeoutMs(ms),
  setEarlyConsensus: (on) => council.setEarlyConsensus(on),
  setThreadsPerMember: (n) => council.setThreadsPerMember(n),
  reloadMember: (id) => council.reloadWhenIdle(id),
  knobs: () => ({ memberTimeoutMs: council.memberTimeoutMs, earlyConsensus: council.earlyConsensus, threadsPerMember: council.threadsPerMember }),
};
