/**
 * The Council Orchestrator (seed "Council Scaling Architecture"; SPEC §3.4): members, each an
 * engine in its own worker; the request queue, load balancer, sync controller, consensus system,
 * early consensus and response timer. One instance, `council`, used by the views, the monitor,
 * the optimiser, the auto scaler and the load tester.
 */
import type { AskOptions, BalancerMode, CouncilAnswer, CouncilMember, CouncilMetrics, SyncMode } from './types';

export type * from './types';
export { QueueFullError, RequestCancelledError, NoMembersError } from './errors';

function notYet(what: string): never {
  throw new Error(`council.${what}: not implemented yet`);
}

/**
 * Contract (stable for other parts of the app):
 * - `members` ($state): every member with model, backend in use, state and error text.
 * - `setMembers(modelIds)` replaces the council; `addMember` / `removeMember` change it one at a time
 *   (the auto scaler uses these). `restartMember(id)` reloads a failed member.
 * - `ask(prompt, {priority, signal})` queues a request; it resolves with the consensus, or rejects with
 *   QueueFullError (queue bounded, nothing dropped silently), RequestCancelledError or NoMembersError.
 * - `stop()` stops the running request(s) and cancels nothing queued.
 * - `metrics()` is a cheap snapshot for the 100 ms sampler.
 * - Tuning knobs (optimiser): setMemberTimeoutMs, setEarlyConsensus, setThreadsPerMember, setSyncMode,
 *   setBalancerMode, setQueueLimit.
 */
class Council {
  members = $state<CouncilMember[]>([]);
  queueDepth = $state(0);

  async setMembers(modelIds: string[]): Promise<void> {
    void modelIds;
    notYet('setMembers');
  }
  async addMember(modelId: string): Promise<CouncilMember> {
    void modelId;
    notYet('addMember');
  }
  async removeMember(memberId: string): Promise<void> {
    void memberId;
    notYet('removeMember');
  }
  ask(prompt: string, options: AskOptions = {}): Promise<CouncilAnswer> {
    void prompt;
    void options;
    notYet('ask');
  }
  stop(): void {
    notYet('stop');
  }
  metrics(): CouncilMetrics {
    notYet('metrics');
  }
  setMemberTimeoutMs(ms: number): void {
    void ms;
    notYet('setMemberTimeoutMs');
  }
  setEarlyConsensus(on: boolean): void {
    void on;
    notYet('setEarlyConsensus');
  }
  setThreadsPerMember(n: number): void {
    void n;
    notYet('setThreadsPerMember');
  }
  setSyncMode(mode: SyncMode): void {
    void mode;
    notYet('setSyncMode');
  }
  setBalancerMode(mode: BalancerMode): void {
    void mode;
    notYet('setBalancerMode');
  }
  setQueueLimit(n: number): void {
    void n;
    notYet('setQueueLimit');
  }
  async restartMember(memberId: string): Promise<void> {
    void memberId;
    notYet('restartMember');
  }
}

export const council = new Council();
